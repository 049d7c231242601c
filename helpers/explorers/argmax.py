"""Chapter 1's explorer (argmax.js): argmax, a step, against softmax, smooth, as logit z0 moves."""

from __future__ import annotations

from numpy.typing import ArrayLike

from .._checks import as_scores
from ..activations import argmax, softmax
from ..jacobian import softmax_jacobian
from ..losses import one_hot
from .kit import READOUTS, Explorer, explorer_module, fixed, floats


def argmax_readout(logits: ArrayLike) -> dict[str, str]:
    """Chapter 1's explorer: argmax (a step) versus softmax (smooth) as logit z0 moves, with their gradients.

    Used by chapter 1's explorer: every number it shows.

    `dp0` is dp0/dz0 = p0 (1 - p0); the one-hot output's derivative is 0, and undefined where z0 ties the
    largest other logit (the step).

    >>> r = argmax_readout([0.0, 1.0, 0.5]); r["argmax"], r["p0"], r["dp0"], r["donehot0"]
    ('1', '0.1863', '0.1516', '0')
    """
    z = as_scores(logits)
    if z.ndim != 1 or z.size < 2:
        raise ValueError(f"argmax_readout takes one vector of at least 2 logits, got shape {z.shape}")
    p, k = softmax(z), int(argmax(z))
    out = {"argmax": str(k), "dp0": fixed(softmax_jacobian(z)[0, 0], 4)}
    out["donehot0"] = "undefined" if z[0] == z[1:].max() else "0"
    for i, (value, prob, hot) in enumerate(zip(z, p, one_hot(k, z.size))):
        out |= {f"z{i}": fixed(value, 2), f"p{i}": fixed(prob, 4), f"onehot{i}": str(int(hot))}
    return out


class ArgmaxExplorer(Explorer):
    """Chapter 1: move logit z0 past the others; argmax's one-hot output jumps, softmax's p0 glides.

    Taught in chapter 1, "Why argmax cannot train a network".

    >>> explorer = ArgmaxExplorer(logits=[0.0, 1.0, 0.5])
    >>> explorer.logits = [1.2, 1.0, 0.5]; explorer.readout()["argmax"]
    '0'
    """

    name, title, state_keys = "argmax", "Argmax versus softmax explorer", ("logits",)
    _esm = explorer_module("argmax")
    logits = floats(3)


READOUTS["argmax"] = argmax_readout
