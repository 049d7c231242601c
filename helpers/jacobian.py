"""The softmax Jacobian, the cross-entropy gradient p - y, and finite-difference gradient checks.

`softmax_jacobian` gives J[..., i, j] = dp_i/dz_j = p_i (delta_ij - p_j), that is diag(p) - p p^T, for one
vector or a whole batch. `cross_entropy_gradient` gives dL/dz = p - y. `numerical_gradient`,
`numerical_jacobian` and `gradient_check` compare any hand-written derivative with central differences;
later chapters and the exercises reuse them.

>>> J = softmax_jacobian([2.0, 1.0, 0.1])
>>> J.round(4).tolist()
[[0.2247, -0.1598, -0.065], [-0.1598, 0.1837, -0.0239], [-0.065, -0.0239, 0.0889]]
>>> J.sum(axis=1).round(12).tolist()
[0.0, 0.0, 0.0]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._checks import as_class_indices, as_probabilities, as_scores, check_reduction
from .activations import softmax

DEFAULT_STEP = 1e-6


def softmax_jacobian(values: ArrayLike, from_logits: bool = True) -> NDArray[np.float64]:
    """The Jacobian of softmax, J[..., i, j] = dp_i/dz_j = p_i (delta_ij - p_j) = (diag(p) - p p^T)[i, j].

    `values` has shape (..., C): logits (the default) or, with `from_logits=False`, the probabilities
    p = softmax(z) themselves (the Jacobian depends on z only through p). The result has shape (..., C, C):
    one C x C matrix per vector of the batch.

    >>> softmax_jacobian([0.0, 0.0]).tolist()
    [[0.25, -0.25], [-0.25, 0.25]]
    >>> softmax_jacobian([[0.5, 0.5], [0.9, 0.1]], from_logits=False).round(2).tolist()
    [[[0.25, -0.25], [-0.25, 0.25]], [[0.09, -0.09], [-0.09, 0.09]]]
    """
    if not isinstance(from_logits, (bool, np.bool_)):
        raise ValueError(f"from_logits must be True (logits) or False (probabilities), got {from_logits!r}")
    p = softmax(as_scores(values)) if from_logits else as_probabilities(values)
    diagonal = p[..., :, None] * np.eye(p.shape[-1])
    return diagonal - p[..., :, None] * p[..., None, :]


def cross_entropy_gradient(logits: ArrayLike, labels: ArrayLike, reduction: str = "mean") -> NDArray[np.float64]:
    """dL/dz for L = cross-entropy of softmax(z): p - y, where y is the one-hot label.

    `logits` has shape (..., C); `labels` are class indices (shape ...) or one-hot rows (shape (..., C)).
    The result always has the shape of `logits`: row n is the derivative of the reduced loss with respect
    to the logits of sample n. With `reduction='none'` or `'sum'` that is p_n - y_n (each sample's own loss
    depends only on its own logits); with `'mean'` (the default, as in torch's `F.cross_entropy`) the loss is
    the batch average, so every row is divided by the number of samples N.

    >>> cross_entropy_gradient([2.0, 1.0, 0.1], 0).round(4).tolist()
    [-0.341, 0.2424, 0.0986]
    >>> cross_entropy_gradient([[0.0, 0.0], [0.0, 0.0]], [0, 1]).tolist()
    [[-0.25, 0.25], [0.25, -0.25]]
    """
    check_reduction(reduction)
    z = as_scores(logits)
    p = softmax(z)
    indices = as_class_indices(labels, z.shape[:-1], z.shape[-1])
    gradient = p - np.eye(z.shape[-1])[indices]
    if reduction == "mean":
        gradient = gradient / max(int(np.prod(z.shape[:-1])), 1)
    return gradient


def _check_point(x: ArrayLike, step: float) -> NDArray[np.float64]:
    if not (isinstance(step, (int, float, np.floating)) and np.isfinite(step) and step > 0):
        raise ValueError(f"step must be a small positive number such as 1e-6, got {step!r}")
    array = np.array(x, dtype=np.float64)  # a copy: the caller's array is never nudged
    if array.size == 0:
        raise ValueError(f"x is empty (shape {array.shape}); expected at least one number")
    if not np.all(np.isfinite(array)):
        raise ValueError("x contains NaN or inf; expected finite numbers")
    return array


def _evaluate(f: Callable[[NDArray[np.float64]], ArrayLike], x: NDArray[np.float64]) -> NDArray[np.float64]:
    value = np.asarray(f(x.copy()), dtype=np.float64)
    if not np.all(np.isfinite(value)):
        raise ValueError(f"f returned NaN or inf at x = {np.array2string(x, precision=4)}; expected finite values")
    return value


def numerical_jacobian(
    f: Callable[[NDArray[np.float64]], ArrayLike], x: ArrayLike, step: float = DEFAULT_STEP
) -> NDArray[np.float64]:
    """Central differences (f(x + h e_j) - f(x - h e_j)) / 2h for every input entry j.

    The result has shape f(x).shape + x.shape: entry [i..., j...] estimates df_i/dx_j. The error of a
    central difference shrinks like h^2 (a one-sided one only like h), until rounding error (about
    1e-16 / h) takes over; h = 1e-6 gives about 8 to 10 correct digits for smooth functions of size 1.

    >>> numerical_jacobian(lambda v: v ** 2, [1.0, 3.0]).round(6).tolist()
    [[2.0, 0.0], [0.0, 6.0]]
    """
    point = _check_point(x, step)
    out_shape = _evaluate(f, point).shape
    columns = []
    for j in range(point.size):
        bump = np.zeros(point.size)
        bump[j] = step
        bump = bump.reshape(point.shape)
        plus, minus = _evaluate(f, point + bump), _evaluate(f, point - bump)
        if plus.shape != out_shape or minus.shape != out_shape:
            raise ValueError(f"f changed its output shape from {out_shape} when x was nudged")
        columns.append((plus - minus) / (2 * step))
    return np.stack(columns, axis=-1).reshape(out_shape + point.shape)


def numerical_gradient(
    f: Callable[[NDArray[np.float64]], ArrayLike], x: ArrayLike, step: float = DEFAULT_STEP
) -> NDArray[np.float64]:
    """The gradient of a scalar function f by central differences; it has the shape of x.

    >>> numerical_gradient(lambda v: (v ** 2).sum(), [1.0, -2.0]).round(6).tolist()
    [2.0, -4.0]
    """
    point = _check_point(x, step)
    if _evaluate(f, point).size != 1:
        raise ValueError("numerical_gradient needs f to return one number; use numerical_jacobian for vectors")
    return numerical_jacobian(lambda v: np.asarray(f(v), dtype=np.float64).reshape(()), point, step)


@dataclass(frozen=True)
class GradientCheck:
    """What `gradient_check` found: the worst absolute and relative disagreement, and both derivatives.

    `max_rel_error` is max|analytic - numerical| divided by the largest entry of either (in absolute
    value), so it is scale-free and does not blow up on entries that are (nearly) zero.
    """

    max_abs_error: float
    max_rel_error: float
    analytic: NDArray[np.float64]
    numerical: NDArray[np.float64]

    def passed(self, tolerance: float = 1e-6) -> bool:
        """True when the relative error is at most `tolerance` (1e-6 suits float64 and h = 1e-6)."""
        return self.max_rel_error <= tolerance


def gradient_check(
    f: Callable[[NDArray[np.float64]], ArrayLike],
    grad_f: Callable[[NDArray[np.float64]], ArrayLike],
    x: ArrayLike,
    step: float = DEFAULT_STEP,
) -> GradientCheck:
    """Compare a hand-written derivative `grad_f` with central differences of `f` at the point `x`.

    If f returns one number, grad_f(x) must be its gradient (shape of x); if f returns an array, grad_f(x)
    must be its Jacobian (shape f(x).shape + x.shape). A correct derivative gives a relative error around
    1e-9 or less in float64; a wrong one gives an error of order 1.

    >>> from helpers import cross_entropy_from_logits
    >>> check = gradient_check(lambda z: cross_entropy_from_logits(z, 0),
    ...                        lambda z: cross_entropy_gradient(z, 0), [2.0, 1.0, 0.1])
    >>> check.passed(), check.max_rel_error < 1e-8
    (True, True)
    >>> round(gradient_check(lambda z: (z ** 2).sum(), lambda z: z, [1.0, 2.0]).max_rel_error, 6)  # forgot the 2
    0.5
    """
    point = _check_point(x, step)
    value = _evaluate(f, point)
    numerical = (
        numerical_gradient(f, point, step)
        if value.size == 1 and value.ndim <= 1
        else numerical_jacobian(f, point, step)
    )
    analytic = np.asarray(grad_f(point.copy()), dtype=np.float64)
    if analytic.shape != numerical.shape:
        expected = "the shape of x" if value.size == 1 and value.ndim <= 1 else "f(x).shape + x.shape"
        raise ValueError(f"grad_f returned shape {analytic.shape}; expected {numerical.shape} ({expected})")
    if not np.all(np.isfinite(analytic)):
        raise ValueError("grad_f returned NaN or inf; expected finite values")
    difference = float(np.max(np.abs(analytic - numerical)))
    scale = float(max(np.max(np.abs(analytic)), np.max(np.abs(numerical))))
    relative = difference / scale if scale > 0 else 0.0
    return GradientCheck(difference, relative, analytic, numerical)


def squared_error_gradient(logits: ArrayLike, labels: ArrayLike, reduction: str = "mean") -> NDArray[np.float64]:
    """dL/dz for L = sum_i (p_i - y_i)^2 with p = softmax(z): the chain rule gives 2 J (p - y).

    Compare with cross-entropy's p - y: here the error p - y is multiplied by the softmax Jacobian J,
    whose entries all vanish when p is nearly one-hot, so a confidently wrong prediction gets almost no
    gradient. Shapes and `reduction` work as in `cross_entropy_gradient`.

    >>> squared_error_gradient([2.0, 1.0, 0.1], 0).round(4).tolist()
    [-0.2435, 0.1933, 0.0502]
    """
    check_reduction(reduction)
    z = as_scores(logits)
    p = softmax(z)
    indices = as_class_indices(labels, z.shape[:-1], z.shape[-1])
    error = p - np.eye(z.shape[-1])[indices]
    gradient = 2.0 * np.einsum("...ij,...j->...i", softmax_jacobian(p, from_logits=False), error)
    if reduction == "mean":
        gradient = gradient / max(int(np.prod(z.shape[:-1])), 1)
    return gradient
