"""Information theory behind the loss: entropy, cross-entropy between two distributions, KL divergence.

With y the true distribution and p the predicted one, H(y, p) = H(y) + KL(y || p): the cross-entropy is the
entropy of y plus the divergence of p from y. Logarithms are natural (nats) by default; `base=2` gives bits.
Each function works along the last axis and returns one number per distribution (a float for a single one).

>>> y, p = [0.5, 0.5], [0.9, 0.1]
>>> round(cross_entropy_between(y, p) - entropy(y) - kl_divergence(y, p), 12)
0.0
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._checks import as_probabilities


def _check_base(base: float) -> float:
    if not (isinstance(base, (int, float, np.floating)) and np.isfinite(base) and base > 0 and base != 1):
        raise ValueError(f"base must be a positive number other than 1 (e for nats, 2 for bits), got {base!r}")
    return float(base)


def _pair(targets: ArrayLike, probabilities: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    y = as_probabilities(targets, "targets")
    p = as_probabilities(probabilities)
    if y.shape != p.shape:
        raise ValueError(f"targets have shape {y.shape} but probabilities have shape {p.shape}; expected the same")
    return y, p


def _per_distribution(values: NDArray[np.float64], base: float) -> NDArray[np.float64] | float:
    total = np.sum(values, axis=-1) / math.log(_check_base(base))
    return float(total) if np.ndim(total) == 0 else total


def entropy(probabilities: ArrayLike, base: float = math.e) -> NDArray[np.float64] | float:
    """H(y) = -sum_i y_i log y_i, with 0 log 0 = 0: the average code length of the best code for y.

    Taught in chapter 3, "Why it is called cross-entropy".

    >>> entropy([0.5, 0.25, 0.25], base=2)
    1.5
    """
    y = as_probabilities(probabilities)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(y > 0, -y * np.log(y), 0.0)
    return _per_distribution(terms, base)


def cross_entropy_between(
    targets: ArrayLike, probabilities: ArrayLike, base: float = math.e
) -> NDArray[np.float64] | float:
    """H(y, p) = -sum_i y_i log p_i, with 0 log 0 = 0: the average code length for y of the best code for p.

    Taught in chapter 3, "Why it is called cross-entropy".

    It is inf when p gives probability 0 to a class that y gives a positive one.

    >>> cross_entropy_between([0.5, 0.25, 0.25], [0.25, 0.25, 0.5], base=2)
    1.75
    """
    y, p = _pair(targets, probabilities)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(y > 0, -y * np.log(p), 0.0)
    return _per_distribution(terms, base)


def kl_divergence(targets: ArrayLike, probabilities: ArrayLike, base: float = math.e) -> NDArray[np.float64] | float:
    """KL(y || p) = sum_i y_i log(y_i / p_i) = H(y, p) - H(y) >= 0: the extra code length of using p for y.

    Taught in chapter 3, "Why it is called cross-entropy".

    It is 0 only when p equals y, and inf when p gives probability 0 to a class that y gives a positive one.

    >>> kl_divergence([0.5, 0.25, 0.25], [0.25, 0.25, 0.5], base=2)
    0.25
    """
    y, p = _pair(targets, probabilities)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(y > 0, y * (np.log(y) - np.log(p)), 0.0)
    return _per_distribution(terms, base)
