"""The softmax Jacobian, the cross-entropy gradient p - y, and finite-difference gradient checks.

`softmax_jacobian` gives J[..., i, j] = dp_i/dz_j = p_i (delta_ij - p_j), that is diag(p) - p p^T, for one
vector or a whole batch; it is also the Hessian of cross-entropy with respect to the logits. `softmax_vjp`
gives J^T g without building J, as autograd frameworks do. `cross_entropy_gradient` gives dL/dz = p - y.
`numerical_gradient`, `numerical_jacobian`, `numerical_hessian` and `gradient_check` (with `relative_error`)
compare any hand-written derivative with central differences; later chapters and the exercises reuse them.

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

from ._checks import as_class_indices, as_probabilities, as_scores, as_targets, check_reduction
from .activations import softmax
from .losses import _smooth

DEFAULT_STEP = 1e-6


def softmax_jacobian(values: ArrayLike, from_logits: bool = True) -> NDArray[np.float64]:
    """The Jacobian of softmax, J[..., i, j] = dp_i/dz_j = p_i (delta_ij - p_j) = (diag(p) - p p^T)[i, j].

    Taught in chapter 4, "Four properties of the Jacobian, and why they must hold".

    `values` has shape (..., C): logits (the default) or, with `from_logits=False`, the probabilities
    p = softmax(z) themselves (the Jacobian depends on z only through p). The result has shape (..., C, C):
    one C x C matrix per vector of the batch. Since the gradient of cross-entropy is p - y, this matrix is
    also the Hessian of cross-entropy with respect to the logits, whatever the label.

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


def softmax_vjp(values: ArrayLike, upstream: ArrayLike, from_logits: bool = True) -> NDArray[np.float64]:
    """The vector-Jacobian product J^T g of softmax, computed as p * (g - sum_j p_j g_j) without building J.

    Taught in chapter 4, "Frameworks never build $J$: the vector-Jacobian product".

    This is what backpropagation sends from the probabilities back to the logits: `upstream` g is dL/dp and
    the result is dL/dz. It costs O(C) per vector instead of the O(C^2) of forming J. `values` are logits
    (shape (..., C)) or, with `from_logits=False`, the probabilities; `upstream` has the same shape.

    >>> softmax_vjp([2.0, 1.0, 0.1], [1.0, 0.0, 0.0]).round(4).tolist()
    [0.2247, -0.1598, -0.065]
    """
    if not isinstance(from_logits, (bool, np.bool_)):
        raise ValueError(f"from_logits must be True (logits) or False (probabilities), got {from_logits!r}")
    p = softmax(as_scores(values)) if from_logits else as_probabilities(values)
    g = as_scores(upstream, "upstream")
    if g.shape != p.shape:
        raise ValueError(f"upstream has shape {g.shape}; expected {p.shape}, the shape of the logits")
    weighted: NDArray[np.float64] = np.sum(p * g, axis=-1, keepdims=True)  # sum_j p_j g_j, one per vector
    return p * (g - weighted)


def cross_entropy_gradient(
    logits: ArrayLike, labels: ArrayLike, reduction: str = "mean", label_smoothing: float = 0.0
) -> NDArray[np.float64]:
    """dL/dz for L = cross-entropy of softmax(z): p - t, where t is the target distribution.

    Taught in chapter 4, "The chain rule through cross-entropy: $\\partial L / \\partial z = p - y$".

    `logits` has shape (..., C); `labels` are class indices (shape ...), one-hot rows or soft target rows
    (shape (..., C)); with `label_smoothing` eps the target is (1 - eps) y + eps / C. The result always has the
    shape of `logits`: row n is the derivative of the reduced loss with respect to the logits of sample n.
    With `reduction='none'` or `'sum'` that is p_n - t_n (each sample's own loss depends only on its own
    logits); with `'mean'` (the default, as in torch's `F.cross_entropy`) the loss is the batch average, so
    every row is divided by the number of samples N.

    >>> cross_entropy_gradient([2.0, 1.0, 0.1], 0).round(4).tolist()
    [-0.341, 0.2424, 0.0986]
    >>> cross_entropy_gradient([[0.0, 0.0], [0.0, 0.0]], [0, 1]).tolist()
    [[-0.25, 0.25], [0.25, -0.25]]
    >>> cross_entropy_gradient([0.0, 0.0], 0, label_smoothing=0.2).round(4).tolist()
    [-0.4, 0.4]
    """
    check_reduction(reduction)
    z = as_scores(logits)
    targets = _smooth(as_targets(labels, z.shape[:-1], z.shape[-1]), label_smoothing)
    gradient = softmax(z) - targets
    if reduction == "mean":
        gradient = gradient / max(int(np.prod(z.shape[:-1])), 1)
    return gradient


def relative_error(analytic: ArrayLike, numerical: ArrayLike) -> float:
    """max|a - n| divided by the largest |entry| of either: the scale-free error a gradient check reports.

    Taught in chapter 4, "Gradient checking as a method".

    Dividing by the size of the gradient makes 1e-7 mean the same for a gradient of size 1000 as of size 0.001,
    and taking the largest entry (not entry by entry) keeps entries that are (nearly) zero from blowing it up.
    Two zero arrays have relative error 0.

    >>> relative_error([1.0, -2.0], [1.0, -2.5])
    0.2
    """
    a = np.asarray(analytic, dtype=np.float64)
    n = np.asarray(numerical, dtype=np.float64)
    if a.shape != n.shape:
        raise ValueError(f"the two arrays must have the same shape, got {a.shape} and {n.shape}")
    if a.size == 0:
        raise ValueError("the arrays are empty; expected at least one number")
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(n))):
        raise ValueError("the arrays contain NaN or inf; expected finite values")
    scale = float(max(np.max(np.abs(a)), np.max(np.abs(n))))
    return float(np.max(np.abs(a - n))) / scale if scale > 0 else 0.0


def _check_point(x: ArrayLike, step: float, dtype: type[np.floating] = np.float64) -> NDArray[np.floating]:
    if not (isinstance(step, (int, float, np.floating)) and np.isfinite(step) and step > 0):
        raise ValueError(f"step must be a small positive number such as 1e-6, got {step!r}")
    if dtype not in (np.float64, np.float32):
        raise ValueError(f"dtype must be np.float64 or np.float32, got {dtype!r}")
    array = np.array(x, dtype=dtype)  # a copy: the caller's array is never nudged
    if array.size == 0:
        raise ValueError(f"x is empty (shape {array.shape}); expected at least one number")
    if not np.all(np.isfinite(array)):
        raise ValueError("x contains NaN or inf; expected finite numbers")
    return array


def _evaluate(f: Callable[[NDArray[np.floating]], ArrayLike], x: NDArray[np.floating]) -> NDArray[np.float64]:
    value = np.asarray(f(x.copy()), dtype=np.float64)
    if not np.all(np.isfinite(value)):
        raise ValueError(f"f returned NaN or inf at x = {np.array2string(x, precision=4)}; expected finite values")
    return value


def numerical_jacobian(
    f: Callable[[NDArray[np.floating]], ArrayLike],
    x: ArrayLike,
    step: float = DEFAULT_STEP,
    dtype: type[np.floating] = np.float64,
) -> NDArray[np.float64]:
    """Central differences (f(x + h e_j) - f(x - h e_j)) / 2h for every input entry j.

    Taught in chapter 4, "Checks 2 and 3: finite differences and torch.autograd".

    The result has shape f(x).shape + x.shape: entry [i..., j...] estimates df_i/dx_j. The error of a
    central difference shrinks like h^2 (a one-sided one only like h), until rounding error (about
    1e-16 / h) takes over; h = 1e-6 gives about 8 to 10 correct digits for smooth functions of size 1.
    `dtype=np.float32` nudges x in single precision (f should then compute in float32 too): rounding error
    is then about 1e-7 / h, and the best h is near 1e-2 or 1e-3.

    >>> numerical_jacobian(lambda v: v ** 2, [1.0, 3.0]).round(6).tolist()
    [[2.0, 0.0], [0.0, 6.0]]
    """
    point = _check_point(x, step, dtype)
    out_shape = _evaluate(f, point).shape
    columns = []
    for j in range(point.size):
        bump = np.zeros(point.size, dtype=point.dtype)
        bump[j] = step
        bump = bump.reshape(point.shape)
        plus, minus = _evaluate(f, point + bump), _evaluate(f, point - bump)
        if plus.shape != out_shape or minus.shape != out_shape:
            raise ValueError(f"f changed its output shape from {out_shape} when x was nudged")
        columns.append((plus - minus) / (2 * step))
    return np.stack(columns, axis=-1).reshape(out_shape + point.shape)


def numerical_gradient(
    f: Callable[[NDArray[np.floating]], ArrayLike],
    x: ArrayLike,
    step: float = DEFAULT_STEP,
    dtype: type[np.floating] = np.float64,
) -> NDArray[np.float64]:
    """The gradient of a scalar function f by central differences; it has the shape of x.

    Taught in chapter 4, "$p - y$ a second way: through log-sum-exp".

    >>> numerical_gradient(lambda v: (v ** 2).sum(), [1.0, -2.0]).round(6).tolist()
    [2.0, -4.0]
    """
    point = _check_point(x, step, dtype)
    if _evaluate(f, point).size != 1:
        raise ValueError("numerical_gradient needs f to return one number; use numerical_jacobian for vectors")
    return numerical_jacobian(lambda v: np.asarray(f(v), dtype=np.float64).reshape(()), point, step, dtype)


def numerical_hessian(
    f: Callable[[NDArray[np.floating]], ArrayLike], x: ArrayLike, step: float = 1e-4
) -> NDArray[np.float64]:
    """The Hessian of a scalar function f of a vector x by second central differences, shape (x.size, x.size).

    Taught in chapter 4, "$J$ is also the Hessian of cross-entropy: convex in the logits".

    H[i, j] ~ (f(x + h e_i + h e_j) - f(x + h e_i - h e_j) - f(x - h e_i + h e_j) + f(x - h e_i - h e_j)) / 4h^2.
    Its error shrinks like h^2 until rounding (about 1e-16 / h^2) takes over: h = 1e-4 gives about 7 or 8
    correct digits for smooth functions of size 1, which is why the default step is larger than for gradients.

    >>> numerical_hessian(lambda v: v[0] ** 2 * v[1], [1.0, 3.0]).round(6).tolist()
    [[6.0, 2.0], [2.0, 0.0]]
    """
    point = _check_point(x, step)
    if point.ndim != 1:
        raise ValueError(f"numerical_hessian needs x to be a vector, got shape {point.shape}")
    if _evaluate(f, point).size != 1:
        raise ValueError("numerical_hessian needs f to return one number")
    steps = np.eye(point.size) * step

    def value(v: NDArray[np.floating]) -> float:
        return float(_evaluate(f, v).reshape(()))

    hessian = np.empty((point.size, point.size))
    for i in range(point.size):
        for j in range(i, point.size):
            a, b = steps[i], steps[j]
            hessian[i, j] = hessian[j, i] = (
                value(point + a + b) - value(point + a - b) - value(point - a + b) + value(point - a - b)
            ) / (4 * step * step)
    return hessian


@dataclass(frozen=True)
class GradientCheck:
    """What `gradient_check` found: the worst absolute and relative disagreement, and both derivatives.

    Taught in chapter 4, "Gradient checking as a method".

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
    f: Callable[[NDArray[np.floating]], ArrayLike],
    grad_f: Callable[[NDArray[np.floating]], ArrayLike],
    x: ArrayLike,
    step: float = DEFAULT_STEP,
    dtype: type[np.floating] = np.float64,
) -> GradientCheck:
    """Compare a hand-written derivative `grad_f` with central differences of `f` at the point `x`.

    Taught in chapter 4, "Gradient checking as a method".

    If f returns one number, grad_f(x) must be its gradient (shape of x); if f returns an array, grad_f(x)
    must be its Jacobian (shape f(x).shape + x.shape). A correct derivative gives a relative error around
    1e-9 or less in float64; a wrong one usually gives far more than 1e-6. The error is divided by the largest
    entry, so a bug in an entry much smaller than the largest is damped by their ratio: check each parameter
    tensor on its own, or look at the entries one by one.

    >>> from helpers import cross_entropy_from_logits
    >>> check = gradient_check(lambda z: cross_entropy_from_logits(z, 0),
    ...                        lambda z: cross_entropy_gradient(z, 0), [2.0, 1.0, 0.1])
    >>> check.passed(), check.max_rel_error < 1e-8
    (True, True)
    >>> round(gradient_check(lambda z: (z ** 2).sum(), lambda z: z, [1.0, 2.0]).max_rel_error, 6)  # forgot the 2
    0.5
    """
    point = _check_point(x, step, dtype)
    value = _evaluate(f, point)
    numerical = (
        numerical_gradient(f, point, step, dtype)
        if value.size == 1 and value.ndim <= 1
        else numerical_jacobian(f, point, step, dtype)
    )
    analytic = np.asarray(grad_f(point.copy()), dtype=np.float64)
    if analytic.shape != numerical.shape:
        expected = "the shape of x" if value.size == 1 and value.ndim <= 1 else "f(x).shape + x.shape"
        raise ValueError(f"grad_f returned shape {analytic.shape}; expected {numerical.shape} ({expected})")
    if not np.all(np.isfinite(analytic)):
        raise ValueError("grad_f returned NaN or inf; expected finite values")
    difference = float(np.max(np.abs(analytic - numerical)))
    return GradientCheck(difference, relative_error(analytic, numerical), analytic, numerical)


def squared_error_gradient(logits: ArrayLike, labels: ArrayLike, reduction: str = "mean") -> NDArray[np.float64]:
    """dL/dz for L = sum_i (p_i - y_i)^2 with p = softmax(z): the chain rule gives 2 J (p - y).

    Taught in chapter 5, ""Why cross-entropy is better than MSE", row by row".

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
    gradient: NDArray[np.float64] = 2.0 * np.einsum("...ij,...j->...i", softmax_jacobian(p, from_logits=False), error)
    if reduction == "mean":
        gradient = gradient / max(int(np.prod(z.shape[:-1])), 1)
    return gradient
