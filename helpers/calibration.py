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
from .activations import softmax
from .losses import cross_entropy_from_logits


@dataclass(frozen=True)
class ReliabilityBins:
    """Predictions grouped by confidence into equal-width bins (lo, hi] (the first bin also holds 0).

    Taught in chapter 8, "The reliability diagram and the expected calibration error".

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


def _confidence_and_correct(
    probabilities: ArrayLike, labels: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    p = as_probabilities(probabilities)
    if p.ndim != 2:
        raise ValueError(f"probabilities must be a (N, C) table, one row per prediction; got shape {p.shape}")
    y = as_class_indices(labels, p.shape[:1], p.shape[1])
    return p.max(axis=1), p.argmax(axis=1) == y


def reliability_bins(probabilities: ArrayLike, labels: ArrayLike, n_bins: int = 10) -> ReliabilityBins:
    """Group predictions by their confidence max_i p_i into `n_bins` equal-width bins of [0, 1].

    Taught in chapter 8, "The reliability diagram and the expected calibration error".

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

    Taught in chapter 8, "The reliability diagram and the expected calibration error".

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

    Taught in chapter 8, "The Iris model, on flowers it has not seen".

    >>> round(mean_nll([[2.0, 0.0], [0.0, 2.0]], [0, 1], temperature=2.0), 4)  # -ln sigmoid(1)
    0.3133
    """
    z = _logit_table(logits)
    y = as_class_indices(labels, z.shape[:1], z.shape[1])
    if not (np.isfinite(temperature) and temperature > 0):
        raise ValueError(f"temperature must be a positive finite number, got {temperature!r}")
    return float(cross_entropy_from_logits(z / temperature, y))  # exact where logsumexp(z) - z_y would cancel


def _logit_table(logits: ArrayLike) -> NDArray[np.float64]:
    z = as_scores(logits)
    if z.ndim != 2 or z.shape[1] < 2:
        raise ValueError(f"logits must be a (N, C) table with C >= 2, one row per example; got shape {z.shape}")
    return z


def fit_temperature(logits: ArrayLike, labels: ArrayLike, bounds: tuple[float, float] = (0.05, 20.0)) -> float:
    """The temperature T in `bounds` that minimises `mean_nll(logits, labels, T)`: temperature scaling.

    Taught in chapter 8, "Temperature scaling".

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


def overlapping_blobs(
    n_per_class: int, seed: int = 0, spread: float = 1.0, radius: float = 1.5
) -> tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.float64]]:
    """Three overlapping Gaussian classes in the plane, shuffled, with their exact class probabilities.

    Taught in chapter 8, "A problem big enough to see".

    Class c is drawn from a round Gaussian (standard deviation `spread`) around the point at angle
    90 + 120 c degrees on a circle of `radius`. With equal class sizes the true probability of class c at x
    is `softmax_c(-|x - centre_c|^2 / (2 spread^2))`: the Bayes posterior, perfectly calibrated by
    construction. Returns (features (3n, 2), labels (3n,), posteriors (3n, 3)).

    >>> x, y, posterior = overlapping_blobs(2, seed=0)
    >>> x.shape, sorted(y.tolist()), bool(np.allclose(posterior.sum(axis=1), 1))
    ((6, 2), [0, 0, 1, 1, 2, 2], True)
    """
    if int(n_per_class) != n_per_class or n_per_class < 1:
        raise ValueError(f"n_per_class must be a whole number >= 1, got {n_per_class!r}")
    if not (np.isfinite(spread) and spread > 0 and np.isfinite(radius)):
        raise ValueError(f"spread must be a positive finite number and radius finite, got {spread!r}, {radius!r}")
    angles = np.deg2rad(90.0 + 120.0 * np.arange(3))
    centres = radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    rng = np.random.default_rng(seed)
    labels = np.repeat(np.arange(3), int(n_per_class))
    features = centres[labels] + spread * rng.normal(size=(labels.size, 2))
    order = rng.permutation(labels.size)
    features, labels = features[order], labels[order]
    squared_distance = ((features[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
    return features, labels.astype(np.int64), softmax(-squared_distance / (2 * spread**2))


def calibration_summary(probabilities: ArrayLike, labels: ArrayLike, n_bins: int = 10) -> dict[str, float]:
    """Accuracy, mean confidence, mean NLL (-ln p_y, nats) and ECE of a table of predictions, in one dict.

    Taught in chapter 8, "The Iris model, on flowers it has not seen".

    A calibrated model has mean confidence close to its accuracy (and a small ECE); an overconfident one
    has a mean confidence above its accuracy.

    >>> s = calibration_summary([[0.85, 0.15], [0.85, 0.15], [0.25, 0.75], [0.65, 0.35]], [0, 1, 1, 0])
    >>> {k: round(v, 4) for k, v in s.items()}
    {'accuracy': 0.75, 'mean confidence': 0.775, 'NLL': 0.6945, 'ECE': 0.325}
    """
    confidence, correct = _confidence_and_correct(probabilities, labels)
    p = np.asarray(probabilities, dtype=np.float64)
    y = as_class_indices(labels, p.shape[:1], p.shape[1])
    with np.errstate(divide="ignore"):
        nll = float(-np.mean(np.log(p[np.arange(len(y)), y])))
    return {
        "accuracy": float(correct.mean()),
        "mean confidence": float(confidence.mean()),
        "NLL": nll,
        "ECE": expected_calibration_error(p, y, n_bins),
    }
