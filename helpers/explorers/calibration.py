"""Chapter 8's explorer: a reliability diagram of held-out predictions under temperature scaling, T on a slider.

The model's held-out logits travel inside the explorer's state (float32, base64) with their labels, so the page
recomputes softmax(z / T), the bins, the ECE, the mean NLL and the accuracy itself, with no kernel:
`pack_logits` packs them when the chapter is executed, and calibration.js runs the same
formulas. `calibration_readout` computes what the page shows with `helpers.calibration`, from the same packed
numbers, so a test can compare the page with Python number for number.

>>> packed = pack_logits([[2.0, 0.0], [0.0, 1.0], [3.0, 0.0], [1.0, 0.0]])
>>> r = calibration_readout(packed, 2, [0, 1, 1, 0], temperature=1.0, n_bins=2)
>>> r["accuracy"], r["confidence"], r["ece"], r["n1"]
('0.7500', '0.8239', '0.0739', '4')
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any

import numpy as np
import traitlets
from numpy.typing import ArrayLike, NDArray

from .._checks import as_class_indices
from ..activations import softmax
from ..calibration import _logit_table, expected_calibration_error, mean_nll, reliability_bins
from .kit import READOUTS, Explorer, explorer_module, fixed, general

T_RANGE = (0.05, 20.0)
"""The temperatures the explorer's slider and number box accept."""


def pack_logits(logits: ArrayLike) -> str:
    """A (N, C) table of logits as little-endian float32, row by row, base64-encoded (the explorer's state).

    Used by chapter 8's explorer: the logits in its state.

    >>> unpack_logits(pack_logits([[1.0, 2.0], [3.0, 4.5]]), 2).tolist()
    [[1.0, 2.0], [3.0, 4.5]]
    """
    z = _logit_table(logits)
    return base64.b64encode(z.astype("<f4").tobytes()).decode("ascii")


def unpack_logits(packed: str, n_classes: int) -> NDArray[np.float64]:
    """The packed logits back as a (N, n_classes) float64 table.

    Used by chapter 8's explorer: the logits in its state.

    >>> unpack_logits(pack_logits([[0.1, 0.2, 0.3]]), 3).shape
    (1, 3)
    """
    flat = np.frombuffer(base64.b64decode(packed), dtype="<f4").astype(np.float64)
    if int(n_classes) < 2 or flat.size % int(n_classes):
        raise ValueError(f"{flat.size} packed logits do not make rows of n_classes = {n_classes!r} (>= 2) each")
    return flat.reshape(-1, int(n_classes))


def calibration_readout(
    logits: str, n_classes: int, labels: Sequence[int], temperature: float, n_bins: int = 10
) -> dict[str, str]:
    """Everything the explorer shows at temperature T: ECE, mean NLL, accuracy and mean confidence of
    softmax(z / T), and per bin its count, accuracy and mean confidence (empty text for an empty bin).

    Used by chapter 8's explorer: every number it shows.

    >>> packed = pack_logits([[4.0, 0.0], [0.0, 4.0], [4.0, 0.0], [4.0, 0.0]])
    >>> r = calibration_readout(packed, 2, [0, 1, 1, 0], temperature=4 / np.log(3), n_bins=4)
    >>> r["T"], r["confidence"], r["accuracy"], r["ece"], r["n2"], r["conf2"], r["acc0"]
    ('3.64', '0.7500', '0.7500', '0.0000', '4', '0.750', '')
    """
    if not (np.isfinite(temperature) and T_RANGE[0] <= temperature <= T_RANGE[1]):
        raise ValueError(f"temperature must lie in [{T_RANGE[0]}, {T_RANGE[1]}], got {temperature!r}")
    z = unpack_logits(logits, n_classes)
    y = as_class_indices(labels, z.shape[:1], z.shape[1])
    p = softmax(z, temperature=temperature)
    bins = reliability_bins(p, y, n_bins)
    out = {
        "T": general(temperature, 3),
        "ece": fixed(expected_calibration_error(p, y, n_bins), 4),
        "nll": fixed(mean_nll(z, y, temperature), 4),
        "accuracy": fixed(float(np.mean(p.argmax(axis=1) == y)), 4),
        "confidence": fixed(float(np.mean(p.max(axis=1))), 4),
    }
    for b, (count, accuracy, confidence) in enumerate(zip(bins.count, bins.accuracy, bins.confidence)):
        empty = count == 0
        out |= {
            f"n{b}": str(int(count)),
            f"acc{b}": "" if empty else fixed(float(accuracy), 3),
            f"conf{b}": "" if empty else fixed(float(confidence), 3),
        }
    return out


class CalibrationExplorer(Explorer):
    """Move the temperature T: the reliability diagram, ECE, NLL and accuracy of softmax(z / T) on held-out data.

    Taught in chapter 8, "Temperature scaling".

    >>> explorer = CalibrationExplorer([[2.0, 0.0], [0.0, 1.0], [3.0, 0.0], [1.0, 0.0]], [0, 1, 1, 0], n_bins=2)
    >>> explorer.temperature = 20.0; explorer.readout()["confidence"]
    '0.5219'
    """

    name, title = "calibration", "Temperature scaling explorer"
    state_keys = ("logits", "n_classes", "labels", "temperature", "n_bins")
    _esm = explorer_module("calibration")
    logits = traitlets.Unicode().tag(sync=True)
    n_classes = traitlets.Int().tag(sync=True)
    labels = traitlets.List(traitlets.Int()).tag(sync=True)
    temperature = traitlets.Float(1.0).tag(sync=True)
    n_bins = traitlets.Int(10).tag(sync=True)

    def __init__(self, logits: ArrayLike, labels: ArrayLike, temperature: float = 1.0, n_bins: int = 10) -> None:
        z = _logit_table(logits)
        state: dict[str, Any] = {
            "logits": pack_logits(z),
            "n_classes": int(z.shape[1]),
            "labels": [int(v) for v in as_class_indices(labels, z.shape[:1], z.shape[1])],
            "temperature": float(temperature),
            "n_bins": int(n_bins),
        }
        super().__init__(**state)


READOUTS["calibration"] = calibration_readout
