"""Classification losses: cross-entropy (from probabilities or logits), binary cross-entropy, squared error.

Labels may be class indices (shape `batch`) or one-hot rows (shape `batch + (classes,)`); the losses from logits
also take soft target rows (any probability distributions), as torch's `F.cross_entropy` does, and label
smoothing. `reduction` is 'mean' (over the batch: the 1/N of the formulas), 'sum' or 'none' (one loss per sample).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._checks import as_class_indices, as_probabilities, as_scores, as_targets, check_reduction, reduce_over_batch
from .activations import _log1p_of_the_others, _shift_by_max, log_softmax


def one_hot(labels: ArrayLike, num_classes: int) -> NDArray[np.float64]:
    """Rows with a 1 at each label's index and 0 elsewhere.

    Taught in chapter 1, "Why argmax cannot train a network".

    >>> one_hot([0, 2], 3).tolist()
    [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
    """
    if int(num_classes) != num_classes or num_classes < 1:
        raise ValueError(f"num_classes must be a positive integer, got {num_classes!r}")
    indices = as_class_indices(labels, np.shape(labels), int(num_classes))
    return np.eye(int(num_classes))[indices]


def _true_class_log_probability(log_probs: NDArray[np.float64], labels: ArrayLike) -> NDArray[np.float64]:
    indices = as_class_indices(labels, log_probs.shape[:-1], log_probs.shape[-1])
    return np.take_along_axis(log_probs, indices[..., None], axis=-1)[..., 0]


def cross_entropy(
    probabilities: ArrayLike, labels: ArrayLike, reduction: str = "mean", eps: float = 0.0
) -> NDArray[np.float64] | float:
    """-ln p_y, the natural log of the probability given to the true class, reduced over the batch.

    Taught in chapter 3, "The loss of one prediction: $-\\ln p_y$".

    With one-hot labels this is -sum_i y_i ln p_i. A zero probability on the true class gives inf unless
    `eps` clips the probabilities into [eps, 1] first (the usual hack; prefer `cross_entropy_from_logits`).

    >>> round(cross_entropy([0.7, 0.2, 0.1], 0), 6)
    0.356675
    """
    check_reduction(reduction)
    probs = as_probabilities(probabilities)
    if not 0.0 <= eps < 1.0:
        raise ValueError(f"eps must lie in [0, 1), got {eps!r}")
    with np.errstate(divide="ignore"):
        log_probs = np.log(np.clip(probs, eps, 1.0)) if eps else np.log(probs)
    return reduce_over_batch(-_true_class_log_probability(log_probs, labels), reduction)


def smoothed_targets(labels: ArrayLike, num_classes: int, smoothing: float) -> NDArray[np.float64]:
    """Label smoothing: (1 - smoothing) one_hot(labels) + smoothing / num_classes, as torch's `label_smoothing`.

    Taught in chapter 3, "Soft targets and label smoothing".

    The true class keeps 1 - smoothing + smoothing / C and every other class gets smoothing / C, so each row
    still sums to 1.

    >>> smoothed_targets([0], 4, 0.1).round(3).tolist()
    [[0.925, 0.025, 0.025, 0.025]]
    """
    return _smooth(one_hot(labels, num_classes), smoothing)


def _checked_smoothing(smoothing: float) -> float:
    if not (isinstance(smoothing, (int, float, np.floating)) and 0.0 <= smoothing <= 1.0):
        raise ValueError(f"label smoothing must be a number in [0, 1], got {smoothing!r}")
    return float(smoothing)


def _smooth(targets: NDArray[np.float64], smoothing: float) -> NDArray[np.float64]:
    if _checked_smoothing(smoothing) == 0:
        return targets
    smoothed: NDArray[np.float64] = (1.0 - smoothing) * targets + smoothing / targets.shape[-1]
    return smoothed


def cross_entropy_from_logits(
    logits: ArrayLike, labels: ArrayLike, reduction: str = "mean", label_smoothing: float = 0.0
) -> NDArray[np.float64] | float:
    """Cross-entropy of softmax(logits), -sum_i t_i log_softmax(z)_i: exact and never inf.

    Taught in chapter 3, "From logits, not from clipped probabilities".

    This is what torch.nn.CrossEntropyLoss computes; it wants raw logits, not probabilities. The targets t are
    `labels` as class indices or one-hot rows (then the loss is -log_softmax(z)[y]) or soft rows (any
    probability distributions), smoothed first when `label_smoothing` > 0 (see `smoothed_targets`).

    For class indices no one-hot rows and no log-softmax matrix are built: with m the max logit and s' the sum
    of e^(z_j - m) over the other classes, a row's loss is log1p(s') - (z_y - m), two terms >= 0 (so nothing
    cancels); label smoothing s mixes in s times its mean over the classes, log1p(s') - mean_j (z_j - m).

    >>> round(cross_entropy_from_logits([1.0, 3.0, 2.0], 1), 4)
    0.4076
    >>> round(cross_entropy_from_logits([1.0, 3.0, 2.0], [0.2, 0.8, 0.0]), 4)
    0.8076
    >>> cross_entropy_from_logits([0.0, 30.0], 1)  # ln(1 + e^-30), all its digits
    9.357622968839737e-14
    """
    check_reduction(reduction)
    array = as_scores(logits)
    if np.shape(labels) == array.shape:  # target rows, one-hot or soft
        targets = _smooth(as_targets(labels, array.shape[:-1], array.shape[-1]), label_smoothing)
        return reduce_over_batch(-np.sum(targets * log_softmax(array), axis=-1), reduction)
    indices = as_class_indices(labels, array.shape[:-1], array.shape[-1])
    return reduce_over_batch(_cross_entropy_of_indices(array, indices, _checked_smoothing(label_smoothing)), reduction)


def _cross_entropy_of_indices(
    logits: NDArray[np.float64], indices: NDArray[np.intp], smoothing: float
) -> NDArray[np.float64]:
    """Each row's loss log1p(s') - (z_y - m), mixed with its mean over the classes when `smoothing` > 0."""
    shifted, top = _shift_by_max(logits, -1)
    true_class = np.take_along_axis(shifted, indices[..., None], axis=-1)[..., 0]
    mean_class = shifted.mean(axis=-1) if smoothing else 0.0
    log_total = _log1p_of_the_others(shifted, top, -1, out=shifted)[..., 0]  # overwrites shifted
    loss = log_total - true_class
    if smoothing:  # as torch: (1 - s) -log p_y + s mean_i(-log p_i)
        loss = (1.0 - smoothing) * loss + smoothing * (log_total - mean_class)
    return loss


def _binary_targets(targets: ArrayLike, shape: tuple[int, ...]) -> NDArray[np.float64]:
    array = np.asarray(targets, dtype=np.float64)
    if array.shape != shape:
        raise ValueError(f"targets have shape {array.shape}; expected {shape}, the shape of the predictions")
    if np.any((array < 0) | (array > 1)) or not np.all(np.isfinite(array)):
        raise ValueError("binary targets must lie in [0, 1] (usually exactly 0 or 1)")
    return array


def binary_cross_entropy(
    probabilities: ArrayLike, targets: ArrayLike, reduction: str = "mean"
) -> NDArray[np.float64] | float:
    """-[t ln p + (1 - t) ln(1 - p)] for each predicted probability p of the positive class.

    Taught in chapter 3, "Binary cross-entropy".

    >>> round(binary_cross_entropy([0.9], [1]), 6)
    0.105361
    """
    check_reduction(reduction)
    probs = np.asarray(probabilities, dtype=np.float64)
    if probs.size == 0:
        raise ValueError("probabilities is empty; expected at least one prediction")
    if not np.all(np.isfinite(probs)) or np.any((probs < 0) | (probs > 1)):
        raise ValueError("probabilities must lie in [0, 1]; did you pass logits? use binary_cross_entropy_from_logits")
    t = _binary_targets(targets, probs.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_sample = -(np.where(t > 0, t * np.log(probs), 0.0) + np.where(t < 1, (1 - t) * np.log1p(-probs), 0.0))
    return reduce_over_batch(per_sample, reduction)


def binary_cross_entropy_from_logits(
    logits: ArrayLike, targets: ArrayLike, reduction: str = "mean"
) -> NDArray[np.float64] | float:
    """Binary cross-entropy of sigmoid(logits), as t softplus(-z) + (1 - t) softplus(z): stable for any logit.

    Taught in chapter 3, "Binary cross-entropy".

    -ln sigmoid(z) = softplus(-z) and -ln(1 - sigmoid(z)) = softplus(z). Both terms are >= 0, so nothing cancels
    (softplus(z) - t z, the same number on paper, gives 0 for t = 1, z = 40 instead of e^-40).

    >>> round(binary_cross_entropy_from_logits([0.0], [1]), 6)
    0.693147
    >>> binary_cross_entropy_from_logits([40.0], [1])  # ln(1 + e^-40)
    4.248354255291589e-18
    """
    check_reduction(reduction)
    z = as_scores(np.atleast_1d(logits))
    t = _binary_targets(np.atleast_1d(targets), z.shape)
    return reduce_over_batch(t * _softplus(-z) + (1.0 - t) * _softplus(z), reduction)


def _softplus(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """ln(1 + e^x) = max(x, 0) + log1p(e^-|x|), which is how numpy's logaddexp(0, x) computes it: no overflow,
    and all the digits of e^x when x << 0."""
    return np.logaddexp(0.0, x)


def squared_error(probabilities: ArrayLike, labels: ArrayLike, reduction: str = "mean") -> NDArray[np.float64] | float:
    """sum_i (p_i - y_i)^2 over the classes of each sample against the one-hot label, reduced over the batch.

    Taught in chapter 5, "The Iris-style example".

    >>> round(squared_error([0.57, 0.31, 0.12], 0), 4)
    0.2954
    """
    check_reduction(reduction)
    probs = as_probabilities(probabilities)
    target = np.eye(probs.shape[-1])[as_class_indices(labels, probs.shape[:-1], probs.shape[-1])]
    return reduce_over_batch(np.sum((probs - target) ** 2, axis=-1), reduction)
