"""The course's shared library: every chapter and exercise imports what it needs from here.

The core (re-exported here): `activations` (argmax, softmax, log_softmax, logsumexp, sigmoid) and `losses`
(one_hot, cross_entropy, binary_cross_entropy, squared_error, smoothed_targets). By topic, imported from their
modules: `information` (entropy, cross_entropy_between, kl_divergence), `jacobian` (softmax_jacobian,
softmax_vjp, cross_entropy_gradient, gradient_check, relative_error), `metrics` (classification error and the
NN1/NN2 table, proper scoring rules), `training` (the Iris experiment, the sigmoid neuron, splits and label
noise), `calibration` (reliability bins, ECE, temperature scaling), `rnn` (the recurrence, tokenisers, the
character model, gate paths), `plotting` (the figures chapters share). The
subpackage `explorers` holds the interactive explorers: one per chapter, each a Python widget and its ES module.

>>> from helpers import softmax, cross_entropy
>>> round(cross_entropy(softmax([1.0, 3.0, 2.0]), 1), 4)
0.4076
"""

from .activations import argmax, log_softmax, logsumexp, naive_softmax, sigmoid, softmax
from .losses import (
    binary_cross_entropy,
    binary_cross_entropy_from_logits,
    cross_entropy,
    cross_entropy_from_logits,
    one_hot,
    smoothed_targets,
    squared_error,
)

__all__ = [
    "argmax",
    "binary_cross_entropy",
    "binary_cross_entropy_from_logits",
    "cross_entropy",
    "cross_entropy_from_logits",
    "log_softmax",
    "logsumexp",
    "naive_softmax",
    "one_hot",
    "sigmoid",
    "smoothed_targets",
    "softmax",
    "squared_error",
]
