"""Output activations: argmax, softmax and its relatives, all stable and vectorised."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._checks import as_scores


def argmax(scores: ArrayLike, axis: int = -1) -> NDArray[np.intp] | int:
    """Index of the largest score along `axis`; ties go to the lowest index (as numpy and torch do).

    It returns the *position* of the maximum, never the maximum itself.

    >>> argmax([2.1, 0.4, 5.3])
    2
    """
    array = as_scores(scores, "scores")
    index = np.argmax(array, axis=axis)
    return int(index) if np.ndim(index) == 0 else index


def logsumexp(z: ArrayLike, axis: int = -1, keepdims: bool = False) -> NDArray[np.float64] | float:
    """log(sum(exp(z))) along `axis`, computed as max + log(sum(exp(z - max))) so it never overflows.

    >>> round(logsumexp([1000.0, 1000.0]), 6)
    1000.693147
    """
    array = as_scores(z)
    peak = np.max(array, axis=axis, keepdims=True)
    result = peak + np.log(np.sum(np.exp(array - peak), axis=axis, keepdims=True))
    if not keepdims:
        result = np.squeeze(result, axis=axis)
    return float(result) if np.ndim(result) == 0 else result


def _scaled(z: ArrayLike, temperature: float) -> NDArray[np.float64]:
    if not (np.isfinite(temperature) and temperature > 0):
        raise ValueError(f"temperature must be a positive finite number, got {temperature!r}")
    return as_scores(z) / temperature


def log_softmax(z: ArrayLike, axis: int = -1, temperature: float = 1.0) -> NDArray[np.float64]:
    """log(softmax(z / temperature)) as z/T - logsumexp(z/T): finite even where softmax underflows to 0.

    >>> log_softmax([-1000.0, 0.0]).round(3).tolist()
    [-1000.0, 0.0]
    """
    scaled = _scaled(z, temperature)
    return scaled - logsumexp(scaled, axis=axis, keepdims=True)


def softmax(z: ArrayLike, axis: int = -1, temperature: float = 1.0) -> NDArray[np.float64]:
    """exp(z_i / T) / sum_j exp(z_j / T) along `axis`, with the max subtracted first so exp cannot overflow.

    A high temperature flattens the distribution towards uniform; a low one sharpens it towards argmax.

    >>> softmax([2.0, 1.0, 0.1]).round(4).tolist()
    [0.659, 0.2424, 0.0986]
    """
    scaled = _scaled(z, temperature)
    shifted = np.exp(scaled - np.max(scaled, axis=axis, keepdims=True))
    return shifted / np.sum(shifted, axis=axis, keepdims=True)


def naive_softmax(z: ArrayLike, axis: int = -1) -> NDArray[np.float64]:
    """The textbook formula exp(z) / sum(exp(z)) *without* the max shift: overflows for large logits.

    Kept only to show the failure that `softmax` avoids; numpy's overflow warnings are silenced.

    >>> naive_softmax([1000.0, 1001.0]).tolist()
    [nan, nan]
    """
    array = as_scores(z)
    with np.errstate(over="ignore", invalid="ignore"):
        exps = np.exp(array)
        return exps / np.sum(exps, axis=axis, keepdims=True)


def sigmoid(z: ArrayLike) -> NDArray[np.float64] | float:
    """1 / (1 + exp(-z)), elementwise, without overflow for large |z|; it equals softmax([z, 0])[0].

    >>> sigmoid(0.0)
    0.5
    """
    array = np.asarray(z, dtype=np.float64)
    if array.size == 0:
        raise ValueError("sigmoid got an empty input; expected at least one number")
    if not np.all(np.isfinite(array)):
        raise ValueError("sigmoid input contains NaN or inf; expected finite numbers")
    result = np.exp(-np.logaddexp(0.0, -array))
    return float(result) if result.ndim == 0 else result
