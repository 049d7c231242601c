"""Chapter 5's explorer (loss_gradient.js): cross-entropy against squared error, and their gradients."""

from __future__ import annotations

import math

import numpy as np
import traitlets
from numpy.typing import NDArray

from ..activations import softmax
from ..jacobian import cross_entropy_gradient, softmax_jacobian, squared_error_gradient
from ..losses import cross_entropy, squared_error
from .kit import READOUTS, Explorer, explorer_module, fixed, general


def true_class_logits(p_true: float) -> NDArray[np.float64]:
    """Chapter 5's three logits z = [ln p, ln((1 - p)/2), ln((1 - p)/2)]: softmax(z) = [p, (1-p)/2, (1-p)/2].

    Used by chapter 5's explorer: the logits behind its slider.

    >>> softmax(true_class_logits(0.5)).round(6).tolist()
    [0.5, 0.25, 0.25]
    """
    if not (math.isfinite(p_true) and 0.0 < p_true < 1.0):
        raise ValueError(f"p_true must lie strictly between 0 and 1, got {p_true!r}")
    rest = math.log((1.0 - p_true) / 2.0)
    return np.array([math.log(p_true), rest, rest])


def loss_gradient_readout(p_true: float) -> dict[str, str]:
    """Chapter 5's explorer: cross-entropy and squared error, and their gradients with respect to the true logit.

    Used by chapter 5's explorer: every number it shows.

    True class 0 of three, the others sharing the rest. `se1` is the true-class squared error (1 - p)^2, `se`
    the sum over the classes; `g*` are derivatives with respect to z_0; `ratio` is dCE/dz0 over dSE/dz0.

    >>> r = loss_gradient_readout(0.01); r["ce"], r["gce"], r["gse1"], r["gse"]
    ('4.6052', '-0.9900', '-0.0196', '-0.0294')
    """
    z = true_class_logits(p_true)
    p, J = softmax(z), softmax_jacobian(z)
    ce, se = float(cross_entropy(p, 0)), float(squared_error(p, 0))
    gce, gse = float(cross_entropy_gradient(z, 0)[0]), float(squared_error_gradient(z, 0)[0])
    gse1 = -2.0 * (1.0 - p[0]) * J[0, 0]  # d (1 - p0)^2 / d z0 through the Jacobian
    out = {"py": general(p_true, 4), "ce": fixed(ce, 4), "se1": fixed((1.0 - p[0]) ** 2, 4), "se": fixed(se, 4)}
    out |= {"gce": fixed(gce, 4), "gse1": fixed(gse1, 4), "gse": fixed(gse, 4)}
    return out | {"ratio1": general(gce / gse1, 3), "ratio": general(gce / gse, 3)}


class LossGradientExplorer(Explorer):
    """Chapter 5: p_y on a log slider; both losses and their gradients on the true logit, the point marked.

    Taught in chapter 5, "How each loss reacts as the model becomes confidently wrong".

    >>> explorer = LossGradientExplorer(p_true=0.5)
    >>> explorer.p_true = 0.001; explorer.readout()["gce"]
    '-0.9990'
    """

    name, title, state_keys = "loss_gradient", "Cross-entropy versus squared error explorer", ("p_true",)
    _esm = explorer_module("loss_gradient")
    p_true = traitlets.Float(0.5).tag(sync=True)


READOUTS["loss_gradient"] = loss_gradient_readout
