"""Input checks shared by the helpers: each raises a ValueError that says what was wrong."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

PROBABILITY_TOLERANCE = 1e-6


def as_scores(values: ArrayLike, name: str = "logits") -> NDArray[np.float64]:
    """Return `values` as a non-empty float array of finite numbers.

    >>> as_scores([1, 2]).dtype
    dtype('float64')
    """
    array = np.asarray(values, dtype=np.float64)
    if array.ndim == 0:
        raise ValueError(f"{name} must be a vector or a batch of vectors, got the scalar {array.item()!r}")
    if array.size == 0 or array.shape[-1] == 0:
        raise ValueError(f"{name} is empty (shape {array.shape}); expected at least one class")
    if not _all_finite(array):
        bad = "NaN" if np.any(np.isnan(array)) else "inf"
        raise ValueError(f"{name} contains {bad}; expected finite numbers")
    return array


def _all_finite(array: NDArray[np.float64]) -> bool:
    """Whether every entry is finite: one sum (NaN or ±inf if any entry is), checked entry by entry only if not.

    The sum of finite numbers can still overflow to inf; the entry-by-entry check then has the last word.

    >>> _all_finite(np.array([1e308, 1e308])), _all_finite(np.array([0.0, -np.inf]))
    (True, False)
    """
    with np.errstate(over="ignore", invalid="ignore"):
        total = np.sum(array)
    return bool(np.isfinite(total) or np.all(np.isfinite(array)))


def as_probabilities(values: ArrayLike, name: str = "probabilities") -> NDArray[np.float64]:
    """Return `values` as a float array whose last axis is a probability distribution.

    >>> as_probabilities([0.25, 0.75]).sum()
    np.float64(1.0)
    """
    array = as_scores(values, name)
    if np.any(array < 0) or np.any(array > 1):
        raise ValueError(f"{name} must lie in [0, 1]; got values from {array.min():g} to {array.max():g}")
    sums = array.sum(axis=-1)
    if not np.allclose(sums, 1.0, rtol=0.0, atol=PROBABILITY_TOLERANCE):
        worst = np.ravel(sums)[np.argmax(np.abs(np.ravel(sums) - 1.0))]
        raise ValueError(
            f"{name} must sum to 1 along the last axis; one row sums to {worst:.6g}. "
            "Did you pass logits? Use the *_from_logits function for raw scores."
        )
    return array


def as_class_indices(labels: ArrayLike, batch_shape: tuple[int, ...], num_classes: int) -> NDArray[np.intp]:
    """Return integer class indices of shape `batch_shape` from integer or one-hot `labels`.

    >>> as_class_indices([[0, 1], [1, 0]], (2,), 2).tolist()
    [1, 0]
    """
    array = np.asarray(labels)
    if array.shape == batch_shape + (num_classes,):
        if not (np.all((array == 0) | (array == 1)) and np.all(array.sum(axis=-1) == 1)):
            raise ValueError("one-hot labels must have exactly one 1 per row and 0 elsewhere")
        indices: NDArray[np.intp] = np.argmax(array, axis=-1)  # (numpy types argmax with an axis as Any)
        return indices
    if array.shape != batch_shape:
        raise ValueError(
            f"labels have shape {array.shape}; expected {batch_shape} (class indices) "
            f"or {batch_shape + (num_classes,)} (one-hot rows)"
        )
    if array.size and not np.all(np.equal(np.mod(array, 1), 0)):
        raise ValueError(f"class indices must be whole numbers, got {array}")
    indices = array.astype(np.intp)
    if np.any(indices < 0) or np.any(indices >= num_classes):
        raise ValueError(
            f"label out of range: got {indices.min()}..{indices.max()}, expected 0..{num_classes - 1} "
            f"for {num_classes} classes"
        )
    return indices


def as_targets(labels: ArrayLike, batch_shape: tuple[int, ...], num_classes: int) -> NDArray[np.float64]:
    """Return target distributions of shape `batch_shape + (num_classes,)` from `labels`.

    Class indices (shape `batch_shape`) become one-hot rows; rows of shape `batch_shape + (num_classes,)` are
    kept as they are when each one is a probability distribution, one-hot or soft (as torch's
    `F.cross_entropy` accepts both).

    >>> as_targets([2, 0], (2,), 3).tolist()
    [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]
    >>> as_targets([[0.9, 0.1]], (1,), 2).tolist()
    [[0.9, 0.1]]
    """
    array = np.asarray(labels)
    if array.shape != batch_shape + (num_classes,):
        return np.eye(num_classes)[as_class_indices(array, batch_shape, num_classes)]
    rows = np.asarray(array, dtype=np.float64)
    sums = rows.sum(axis=-1)
    if not (np.all(np.isfinite(rows)) and np.all((rows >= 0) & (rows <= 1))) or not np.allclose(
        sums, 1.0, rtol=0.0, atol=PROBABILITY_TOLERANCE
    ):
        worst = np.ravel(sums)[np.argmax(np.abs(np.ravel(sums) - 1.0))]
        raise ValueError(
            "target rows must be probability distributions, one-hot or soft: values in [0, 1] that sum to 1; "
            f"one row sums to {worst:.6g}. Pass class indices for hard labels"
        )
    return rows


def check_reduction(reduction: str) -> None:
    """Raise unless `reduction` is 'mean', 'sum' or 'none'.

    >>> check_reduction("mean")
    """
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"reduction must be 'mean', 'sum' or 'none', got {reduction!r}")


def reduce_over_batch(per_sample: NDArray[np.float64], reduction: str) -> NDArray[np.float64] | float:
    """The per-sample values as they are ('none'), or their 'mean' or 'sum' as a float.

    >>> reduce_over_batch(np.array([1.0, 3.0]), "mean")
    2.0
    """
    check_reduction(reduction)
    if reduction == "none":
        return per_sample
    return float(per_sample.mean() if reduction == "mean" else per_sample.sum())
