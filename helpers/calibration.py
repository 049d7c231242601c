"""Calibration: does a model that says "90% sure" turn out right 90% of the time?

A prediction's **confidence** is the probability of its predicted class, max_i p_i. A model is calibrated
when, among the predictions made with confidence about c, a fraction c is correct. `reliability_bins`
groups predictions by confidence, `expected_calibration_error` (ECE) averages the gap between accuracy and
confidence over those groups, and `fit_temperature` finds the softmax temperature T (chapter 2) that makes
held-out logits least surprising, softmax(z / T): temperature scaling (Guo et al., 2017).

>>> p = [[0.9, 0.1], [0.9, 0.1], [0.9, 0.1], [0.9, 0.1]]  # 90% sure four times, right twice
>>> round(expected_calibration_error(p, [0, 0, 1, 1]), 4)
0.4
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._checks import as_class_indices, as_probabilities, as_scores
from .activations import logsumexp, softmax


@dataclass(frozen=True)
class ReliabilityBins:
    """Predictions grouped by confidence into equal-width bins (lo, hi] (the first bin also holds 0).

    `edges` has n_bins + 1 entries; `count`, `confidence` (mean confidence) and `accuracy` (fraction
    correct) one per bin, the last two NaN for an empty bin.
    """

    edges: NDArray[np.float64]
    count: NDArray[np.int64]
    confidence: NDArray[np.float64]
    accuracy: NDArray[np.float64]

    @property
    def gap(self) -> NDArray[np.float64]:
        """accuracy - confidence per bin: negative where the model is overconfident, NaN where empty."""
        return self.accuracy - self.confidence


def _confidence_and_correct(probabilities: ArrayLike, labels: ArrayLike) -> tuple[NDArray[np.float64], NDArray]:
    p = as_probabilities(probabilities)
    if p.ndim != 2:
        raise ValueError(f"probabilities must be a (N, C) table, one row per prediction; got shape {p.shape}")
    y = as_class_indices(labels, p.shape[:1], p.shape[1])
    return p.max(axis=1), p.argmax(axis=1) == y


def reliability_bins(probabilities: ArrayLike, labels: ArrayLike, n_bins: int = 10) -> ReliabilityBins:
    """Group predictions by their confidence max_i p_i into `n_bins` equal-width bins of [0, 1].

    >>> bins = reliability_bins([[0.9, 0.1], [0.8, 0.2], [0.6, 0.4], [0.3, 0.7]], [0, 1, 0, 1], n_bins=2)
    >>> bins.count.tolist(), bins.confidence.round(4).tolist(), bins.accuracy.tolist()
    ([0, 4], [nan, 0.75], [nan, 0.75])
    """
    if int(n_bins) != n_bins or n_bins < 1:
        raise ValueError(f"n_bins must be a whole number >= 1, got {n_bins!r}")
    confidence, correct = _confidence_and_correct(probabilities, labels)
    edges = np.linspace(0.0, 1.0, int(n_bins) + 1)
    which = np.clip(np.searchsorted(edges, confidence, side="left") - 1, 0, int(n_bins) - 1)
    count = np.bincount(which, minlength=int(n_bins))
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_confidence = np.bincount(which, weights=confidence, minlength=int(n_bins)) / count
        accuracy = np.bincount(which, weights=correct.astype(np.float64), minlength=int(n_bins)) / count
    return ReliabilityBins(edges, count.astype(np.int64), mean_confidence, accuracy)


def expected_calibration_error(probabilities: ArrayLike, labels: ArrayLike, n_bins: int = 10) -> float:
    """ECE = sum over bins of (bin count / N) x |accuracy - mean confidence|: 0 for a calibrated model.

    >>> p = [[0.92, 0.08], [0.96, 0.04], [0.3, 0.7], [0.45, 0.55]]  # confidences 0.92, 0.96, 0.7, 0.55
    >>> round(expected_calibration_error(p, [0, 1, 1, 1], n_bins=2), 4)  # one bin (0.5, 1]: 0.75 right vs 0.7825
    0.0325
    """
    bins = reliability_bins(probabilities, labels, n_bins)
    used = bins.count > 0
    weights = bins.count[used] / bins.count.sum()
    return float(round(np.sum(weights * np.abs(bins.gap[used])), 15))


def mean_nll(logits: ArrayLike, labels: ArrayLike, temperature: float = 1.0) -> float:
    """Mean cross-entropy (negative log-likelihood, nats) of softmax(logits / temperature) against `labels`.

    >>> round(mean_nll([[2.0, 0.0], [0.0, 2.0]], [0, 1], temperature=2.0), 4)  # -ln sigmoid(1)
    0.3133
    """
    z = _logit_table(logits)
    y = as_class_indices(labels, z.shape[:1], z.shape[1])
    if not (np.isfinite(temperature) and temperature > 0):
        raise ValueError(f"temperature must be a positive finite number, got {temperature!r}")
    scaled = z / temperature
    return float(np.mean(logsumexp(scaled, axis=1) - scaled[np.arange(len(y)), y]))


def _logit_table(logits: ArrayLike) -> NDArray[np.float64]:
    z = as_scores(logits)
    if z.ndim != 2 or z.shape[1] < 2:
        raise ValueError(f"logits must be a (N, C) table with C >= 2, one row per example; got shape {z.shape}")
    return z


def fit_temperature(logits: ArrayLike, labels: ArrayLike, bounds: tuple[float, float] = (0.05, 20.0)) -> float:
    """The temperature T in `bounds` that minimises `mean_nll(logits, labels, T)`: temperature scaling.

    Fit it on held-out data, never on the training set. With beta = 1 / T the mean NLL is convex in beta
    and its derivative is mean(sum_i p_i z_i - z_y) (p = softmax(beta z)), which bisection drives to 0;
    if the minimum lies beyond a bound (for instance, every example already right and T -> 0 only helps),
    that bound is returned. Dividing by T > 0 never changes the argmax, so accuracy stays the same.

    >>> T = fit_temperature([[4.0, 0.0], [0.0, 4.0], [4.0, 0.0], [4.0, 0.0]], [0, 1, 1, 0])  # 3 of 4 right
    >>> round(T, 4), round(float(softmax([4.0, 0.0], temperature=T)[0]), 4)  # T = 4 / ln 3: sure 3/4
    (3.641, 0.75)
    """
    z = _logit_table(logits)
    y = as_class_indices(labels, z.shape[:1], z.shape[1])
    lo, hi = (float(b) for b in bounds)
    if not (np.isfinite(lo) and np.isfinite(hi) and 0 < lo < hi):
        raise ValueError(f"bounds must be two finite numbers 0 < low < high, got {bounds!r}")
    true_logit = z[np.arange(len(y)), y]

    def slope(beta: float) -> float:  # d mean NLL / d beta
        return float(np.mean(np.sum(softmax(beta * z) * z, axis=1) - true_logit))

    beta_lo, beta_hi = 1.0 / hi, 1.0 / lo
    if slope(beta_lo) >= 0:
        return hi
    if slope(beta_hi) <= 0:
        return lo
    for _ in range(200):
        middle = 0.5 * (beta_lo + beta_hi)
        if slope(middle) > 0:
            beta_hi = middle
        else:
            beta_lo = middle
        if beta_hi - beta_lo < 1e-15 * beta_hi:
            break
    return float(1.0 / (0.5 * (beta_lo + beta_hi)))
