"""Chapter 3's explorer (cross_entropy.js): the true class's probability p; -ln p and its slope."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import traitlets
from numpy.typing import NDArray

from ..activations import argmax
from ..losses import cross_entropy
from .kit import READOUTS, Explorer, explorer_module, fixed


@dataclass(frozen=True)
class CrossEntropyView:
    """Everything the cross-entropy explorer shows for one position of its slider.

    Taught in chapter 3, "How fast the loss grows: the $-\\ln$ table".
    """

    p_true: float
    true_class: int
    probabilities: NDArray[np.float64]  # p_true on the true class, the rest shared equally
    loss: float  # -ln p_true
    slope: float  # d loss / d p_true = -1 / p_true
    predicted: int  # argmax of the probabilities: is the prediction right?


def cross_entropy_view(p_true: float, num_classes: int = 3, true_class: int = 0) -> CrossEntropyView:
    """Cross-entropy when the true class gets probability `p_true` and the other classes share the rest.

    Taught in chapter 3, "How fast the loss grows: the $-\\ln$ table".

    The loss depends on `p_true` alone: how the rest is shared does not change it.

    >>> view = cross_entropy_view(0.2)
    >>> view.probabilities.round(2).tolist(), round(view.loss, 3), round(view.slope, 1), view.predicted
    ([0.2, 0.4, 0.4], 1.609, -5.0, 1)
    """
    if not (isinstance(num_classes, int | np.integer) and num_classes >= 2):
        raise ValueError(f"num_classes must be an integer >= 2, got {num_classes!r}")
    if not 0 <= true_class < num_classes:
        raise ValueError(f"true_class {true_class} is out of range 0..{num_classes - 1}")
    if not (math.isfinite(p_true) and 0.0 < p_true <= 1.0):
        raise ValueError(f"p_true must lie in (0, 1]; got {p_true!r} (at 0 the loss is infinite)")
    probabilities = np.full(num_classes, (1.0 - p_true) / (num_classes - 1))
    probabilities[true_class] = p_true
    loss = float(cross_entropy(probabilities, true_class)) + 0.0  # + 0.0 turns -0.0 (at p = 1) into 0.0
    return CrossEntropyView(
        float(p_true), int(true_class), probabilities, loss, -1.0 / p_true, int(argmax(probabilities))
    )


def cross_entropy_readout(p_true: float, num_classes: int = 3, true_class: int = 0) -> dict[str, str]:
    """Chapter 3's explorer: the probabilities, the loss -ln p and its slope -1/p, right or wrong.

    Used by chapter 3's explorer: every number it shows.

    >>> r = cross_entropy_readout(0.2); r["loss"], r["slope"], r["predicted"], r["verdict"]
    ('1.6094', '-5.00', '1', 'wrong')
    """
    view = cross_entropy_view(p_true, num_classes, true_class)
    out = {"ptrue": fixed(view.p_true, 4), "loss": fixed(view.loss, 4), "slope": fixed(view.slope, 2)}
    out |= {"predicted": str(view.predicted), "verdict": "right" if view.predicted == view.true_class else "wrong"}
    for i, p in enumerate(view.probabilities):
        out |= {f"p{i}": fixed(p, 4), f"bar{i}": fixed(p, 3)}
    return out


class CrossEntropyExplorer(Explorer):
    """Chapter 3: the true class's probability p on a slider; the probabilities, -ln p and its slope.

    Taught in chapter 3, "How fast the loss grows: the $-\\ln$ table".

    >>> explorer = CrossEntropyExplorer(0.7)
    >>> explorer.p_true = 0.1; explorer.readout()["loss"]
    '2.3026'
    """

    name, title, state_keys = "cross_entropy", "Cross-entropy explorer", ("p_true", "num_classes", "true_class")
    _esm = explorer_module("cross_entropy")
    p_true = traitlets.Float(0.7).tag(sync=True)
    num_classes = traitlets.Int(3).tag(sync=True)
    true_class = traitlets.Int(0).tag(sync=True)

    def __init__(self, p_true: float = 0.7, num_classes: int = 3, true_class: int = 0) -> None:
        super().__init__(p_true=float(p_true), num_classes=num_classes, true_class=true_class)


READOUTS["cross_entropy"] = cross_entropy_readout
