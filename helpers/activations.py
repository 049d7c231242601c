"""Output activations: argmax, softmax and its relatives, all stable and vectorised.

The logarithms (`logsumexp`, `log_softmax`) subtract the max m first and write ln sum_j e^(z_j - m) as
log1p(s'), where s' sums e^(z_j - m) over every j but the max's own index: the max's term is exactly 1, and
1 + s' would round away the digits of a small s' (1 + 1e-20 == 1). So ln softmax(z)_max = -log1p(s') keeps
all its digits when the model is confident, where z_max - logsumexp(z) cancels them.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._checks import as_scores


def argmax(scores: ArrayLike, axis: int = -1) -> NDArray[np.intp] | int:
    """Index of the largest score along `axis`; ties go to the lowest index (as numpy and torch do).

    Taught in chapter 1, "The index, not the value".

    It returns the *position* of the maximum, never the maximum itself.

    >>> argmax([2.1, 0.4, 5.3])
    2
    """
    array = as_scores(scores, "scores")
    index = np.argmax(array, axis=axis)
    return int(index) if np.ndim(index) == 0 else index


def logsumexp(z: ArrayLike, axis: int = -1, keepdims: bool = False) -> NDArray[np.float64] | float:
    """log(sum(exp(z))) along `axis`, computed as max + log1p(sum of exp(z - max) over the others): no overflow.

    Taught in chapter 2, "Overflow, and the fix".

    >>> round(logsumexp([1000.0, 1000.0]), 6)
    1000.693147
    """
    array = as_scores(z)
    shifted, top = _shift_by_max(array, axis)
    result = np.take_along_axis(array, top, axis=axis) + _log1p_of_the_others(shifted, top, axis, out=shifted)
    if not keepdims:
        result = np.squeeze(result, axis=axis)
    return float(result) if np.ndim(result) == 0 else result


def _shift_by_max(array: NDArray[np.float64], axis: int) -> tuple[NDArray[np.float64], NDArray[np.intp]]:
    """array - its max along `axis` (a new array, every entry <= 0, exactly 0 at the max) and the max's index."""
    top = np.argmax(array, axis=axis, keepdims=True)
    return array - np.take_along_axis(array, top, axis=axis), top


def _log1p_of_the_others(
    shifted: NDArray[np.float64], top: NDArray[np.intp], axis: int, out: NDArray[np.float64] | None = None
) -> NDArray[np.float64]:
    """ln sum_j e^shifted_j (keepdims) as log1p(s'), s' the sum without the max's own e^0 = 1 (at `top`).

    `out` may be `shifted` itself (then it is overwritten with the exponentials).
    """
    exps = np.exp(shifted, out=out)
    np.put_along_axis(exps, top, 0.0, axis=axis)
    log_sum: NDArray[np.float64] = np.log1p(np.sum(exps, axis=axis, keepdims=True))  # (numpy: keepdims gives Any)
    return log_sum


def _scaled(z: ArrayLike, temperature: float) -> NDArray[np.float64]:
    if not (np.isfinite(temperature) and temperature > 0):
        raise ValueError(f"temperature must be a positive finite number, got {temperature!r}")
    array = as_scores(z)
    return array if temperature == 1 else array / temperature


def log_softmax(z: ArrayLike, axis: int = -1, temperature: float = 1.0) -> NDArray[np.float64]:
    """log(softmax(z / T)) as (z/T - m) - log1p(s'): finite where softmax underflows, exact where it nears 1.

    Taught in chapter 2, "Overflow, and the fix".

    m is the max of z/T and s' the sum of e^(z_j/T - m) over the classes but the max's: the max's own
    log-probability is -log1p(s'), which keeps its digits however small s' is.

    >>> log_softmax([-1000.0, 0.0]).round(3).tolist()
    [-1000.0, 0.0]
    >>> float(log_softmax([0.0, 30.0])[1])  # -ln(1 + e^-30); np.log(1 + np.exp(-30)) keeps 3 digits
    -9.357622968839737e-14
    """
    shifted, top = _shift_by_max(_scaled(z, temperature), axis)
    shifted -= _log1p_of_the_others(shifted, top, axis)
    return shifted


def softmax(z: ArrayLike, axis: int = -1, temperature: float = 1.0) -> NDArray[np.float64]:
    """exp(z_i / T) / sum_j exp(z_j / T) along `axis`, with the max subtracted first so exp cannot overflow.

    Taught in chapter 2, "The formula".

    A high temperature flattens the distribution towards uniform; a low one sharpens it towards argmax.

    >>> softmax([2.0, 1.0, 0.1]).round(4).tolist()
    [0.659, 0.2424, 0.0986]
    """
    scaled = _scaled(z, temperature)
    # the one new array: the rest works in place
    exps: NDArray[np.float64] = scaled - np.max(scaled, axis=axis, keepdims=True)
    np.exp(exps, out=exps)
    exps /= np.sum(exps, axis=axis, keepdims=True)
    return exps


def naive_softmax(z: ArrayLike, axis: int = -1) -> NDArray[np.float64]:
    """The textbook formula exp(z) / sum(exp(z)) *without* the max shift: overflows for large logits.

    Taught in chapter 2, "Overflow, and the fix".

    Kept only to show the failure that `softmax` avoids; numpy's overflow warnings are silenced.

    >>> naive_softmax([1000.0, 1001.0]).tolist()
    [nan, nan]
    """
    array = as_scores(z)
    with np.errstate(over="ignore", invalid="ignore"):
        exps = np.exp(array)
        probabilities: NDArray[np.float64] = exps / np.sum(exps, axis=axis, keepdims=True)
        return probabilities


def sigmoid(z: ArrayLike) -> NDArray[np.float64] | float:
    """1 / (1 + exp(-z)), elementwise, without overflow for large |z|; it equals softmax([z, 0])[0].

    Taught in chapter 2, "Sigmoid is softmax with two classes".

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
