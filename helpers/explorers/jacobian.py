"""Chapter 4's explorer (jacobian.js): the softmax Jacobian as a heat map, its row sums, and p - y."""

from __future__ import annotations

import numpy as np
import traitlets
from numpy.typing import ArrayLike

from .._checks import as_scores
from ..activations import softmax
from ..jacobian import cross_entropy_gradient, softmax_jacobian
from ..losses import one_hot
from .kit import READOUTS, Explorer, explorer_module, fixed, floats


def jacobian_readout(logits: ArrayLike, label: int) -> dict[str, str]:
    """Chapter 4's explorer: p, the Jacobian diag(p) - p p^T, its row sums, y and the gradient p - y.

    Used by chapter 4's explorer: every number it shows.

    >>> r = jacobian_readout([2.0, 1.0, 0.1], 0); r["J00"], r["J01"], r["row0"], r["g0"]
    ('0.2247', '-0.1598', '0.0000', '-0.3410')
    """
    z = as_scores(logits)
    if z.ndim != 1:
        raise ValueError(f"jacobian_readout takes one vector of logits, got shape {z.shape}")
    if not (isinstance(label, int | np.integer) and 0 <= label < z.size):
        raise ValueError(f"label must be a class index from 0 to {z.size - 1}, got {label!r}")
    p, J = softmax(z), softmax_jacobian(z)
    gradient, y = cross_entropy_gradient(z, label), one_hot(int(label), z.size)
    out: dict[str, str] = {}
    for i in range(z.size):
        out |= {f"p{i}": fixed(p[i], 4), f"row{i}": fixed(J[i].sum(), 4), f"y{i}": str(int(y[i]))}
        out |= {f"g{i}": fixed(gradient[i], 4)} | {f"J{i}{j}": fixed(J[i, j], 4) for j in range(z.size)}
    return out


class JacobianExplorer(Explorer):
    """Chapter 4: editable logits and a chosen label; the Jacobian as a heat map, its row sums, and p - y.

    Taught in chapter 4, "Checks 2 and 3: finite differences and torch.autograd".

    >>> explorer = JacobianExplorer(logits=[2.0, 1.0, 0.1], label=0)
    >>> explorer.label = 2; explorer.readout()["g2"]
    '-0.9014'
    """

    name, title, state_keys = "jacobian", "Softmax Jacobian explorer", ("logits", "label")
    _esm = explorer_module("jacobian")
    logits = floats(3)
    label = traitlets.Int(0).tag(sync=True)


READOUTS["jacobian"] = jacobian_readout
