"""helpers.jacobian against torch.autograd, by the Jacobian's properties, and on bad input."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import helpers as h
from helpers.jacobian import (
    GradientCheck,
    cross_entropy_gradient,
    gradient_check,
    numerical_gradient,
    numerical_hessian,
    numerical_jacobian,
    relative_error,
    softmax_jacobian,
    softmax_vjp,
    squared_error_gradient,
)

RNG = np.random.default_rng(1)
BATCHES = [
    RNG.normal(scale=scale, size=shape) for shape in [(1, 2), (6, 3), (4, 10), (2, 3, 5)] for scale in (1.0, 8.0)
]

logit_vectors = arrays(
    np.float64, st.integers(1, 8), elements=st.floats(-30, 30, allow_nan=False, allow_infinity=False)
)


def _torch_jacobians(logits: np.ndarray) -> np.ndarray:
    flat = torch.tensor(logits.reshape(-1, logits.shape[-1]))
    per_row = torch.func.vmap(torch.func.jacrev(lambda t: torch.softmax(t, dim=0)))(flat)
    return per_row.numpy().reshape(logits.shape + (logits.shape[-1],))


# --- agreement with torch -------------------------------------------------------------------------


@pytest.mark.parametrize("logits", BATCHES)
def test_softmax_jacobian_matches_torch_autograd(logits):
    np.testing.assert_allclose(softmax_jacobian(logits), _torch_jacobians(logits), atol=1e-15)
    first = torch.autograd.functional.jacobian(
        lambda t: torch.softmax(t, dim=0), torch.tensor(logits.reshape(-1, logits.shape[-1])[0])
    )
    np.testing.assert_allclose(softmax_jacobian(logits.reshape(-1, logits.shape[-1])[0]), first.numpy(), atol=1e-15)


@pytest.mark.parametrize("logits", BATCHES)
def test_jacobian_from_probabilities_equals_jacobian_from_logits(logits):
    np.testing.assert_allclose(
        softmax_jacobian(h.softmax(logits), from_logits=False), softmax_jacobian(logits), atol=1e-16
    )


@pytest.mark.parametrize("logits", [b for b in BATCHES if b.ndim == 2])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_cross_entropy_gradient_matches_torch(logits, reduction):
    labels = RNG.integers(0, logits.shape[1], size=logits.shape[0])
    z = torch.tensor(logits, requires_grad=True)
    loss = F.cross_entropy(z, torch.tensor(labels), reduction="mean" if reduction == "mean" else "sum")
    loss.backward()
    np.testing.assert_allclose(cross_entropy_gradient(logits, labels, reduction), z.grad.numpy(), atol=1e-15)
    np.testing.assert_allclose(
        cross_entropy_gradient(logits, h.one_hot(labels, logits.shape[1]), reduction), z.grad.numpy(), atol=1e-15
    )


@pytest.mark.parametrize("logits", [b for b in BATCHES if b.ndim == 2])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_squared_error_gradient_matches_torch(logits, reduction):
    labels = RNG.integers(0, logits.shape[1], size=logits.shape[0])
    z = torch.tensor(logits, requires_grad=True)
    per_sample = ((torch.softmax(z, dim=1) - F.one_hot(torch.tensor(labels), logits.shape[1])) ** 2).sum(dim=1)
    (per_sample.mean() if reduction == "mean" else per_sample.sum()).backward()
    np.testing.assert_allclose(squared_error_gradient(logits, labels, reduction), z.grad.numpy(), atol=1e-15)


def test_cross_entropy_gradient_of_a_single_vector_is_p_minus_y():
    z = np.array([2.0, 1.0, 0.1])
    for label in range(3):
        np.testing.assert_array_equal(cross_entropy_gradient(z, label), h.softmax(z) - np.eye(3)[label])


# --- the chapter's worked numbers -----------------------------------------------------------------


def test_seed_formulas_at_the_running_example():
    z = np.array([2.0, 1.0, 0.1])
    p = h.softmax(z)
    J = softmax_jacobian(z)
    for i in range(3):
        assert J[i, i] == pytest.approx(p[i] * (1 - p[i]), abs=1e-16)
        for j in range(3):
            if i != j:
                assert J[i, j] == pytest.approx(-p[i] * p[j], abs=1e-16)
    np.testing.assert_allclose(
        J, [[0.2247, -0.1598, -0.0650], [-0.1598, 0.1837, -0.0239], [-0.0650, -0.0239, 0.0889]], atol=5e-5
    )
    np.testing.assert_allclose(np.linalg.eigvalsh(J), [0.0, 0.1279, 0.3693], atol=5e-5)
    np.testing.assert_allclose(cross_entropy_gradient(z, 0), [-0.3410, 0.2424, 0.0986], atol=5e-5)


def test_ce_gradient_is_the_jacobian_applied_to_the_outer_derivative():
    z = RNG.normal(size=(7, 4))
    labels = RNG.integers(0, 4, size=7)
    y = h.one_hot(labels, 4)
    p = h.softmax(z)
    via_chain_rule = np.einsum("nij,nj->ni", softmax_jacobian(z), -y / p)
    np.testing.assert_allclose(via_chain_rule, cross_entropy_gradient(z, labels, "none"), atol=1e-14)


# --- properties of the Jacobian (hypothesis) ------------------------------------------------------


@given(logit_vectors)
def test_jacobian_is_symmetric(z):
    J = softmax_jacobian(z)
    np.testing.assert_array_equal(J, J.T)


@given(logit_vectors)
def test_jacobian_rows_and_columns_sum_to_zero(z):
    J = softmax_jacobian(z)
    assert np.abs(J.sum(axis=1)).max() < 1e-15
    assert np.abs(J.sum(axis=0)).max() < 1e-15


@given(logit_vectors)
def test_jacobian_is_positive_semidefinite(z):
    assert np.linalg.eigvalsh(softmax_jacobian(z)).min() > -1e-15


@given(logit_vectors, arrays(np.float64, 8, elements=st.floats(-10, 10)))
def test_quadratic_form_is_the_variance_of_v_under_p(z, v_long):
    v = v_long[: z.size]
    p = h.softmax(z)
    variance = np.sum(p * (v - np.sum(p * v)) ** 2)
    assert v @ softmax_jacobian(z) @ v == pytest.approx(variance, abs=1e-12)


@given(logit_vectors, st.floats(-100, 100))
def test_jacobian_is_singular_with_the_ones_vector_in_its_null_space(z, shift):
    J = softmax_jacobian(z)
    assert np.abs(J @ np.ones(z.size)).max() < 1e-15
    assert abs(np.linalg.det(J)) < 1e-15
    assert np.linalg.matrix_rank(J, tol=1e-12) <= z.size - 1
    # the reason: softmax ignores a constant shift, so the Jacobian does too
    np.testing.assert_allclose(softmax_jacobian(z + shift), J, atol=1e-12)


@settings(max_examples=30)
@given(arrays(np.float64, st.integers(2, 6), elements=st.floats(-5, 5)))
def test_jacobian_rank_is_classes_minus_one_when_no_probability_is_tiny(z):
    assert np.linalg.matrix_rank(softmax_jacobian(z), tol=1e-10) == z.size - 1


@given(logit_vectors, st.integers(0, 7))
def test_ce_gradient_sums_to_zero_and_lies_in_minus_one_to_one(z, label):
    g = cross_entropy_gradient(z, label % z.size)
    assert abs(g.sum()) < 1e-12
    assert np.all((g >= -1) & (g <= 1))


# --- finite differences and gradient_check --------------------------------------------------------


@pytest.mark.parametrize("logits", [b[0] for b in BATCHES if b.ndim == 2])
def test_numerical_jacobian_agrees_with_the_formula(logits):
    np.testing.assert_allclose(numerical_jacobian(h.softmax, logits), softmax_jacobian(logits), atol=1e-8)


def test_numerical_jacobian_shape_and_input_untouched():
    x = np.arange(6.0).reshape(2, 3)
    before = x.copy()
    J = numerical_jacobian(lambda m: m.sum(axis=1), x)
    assert J.shape == (2, 2, 3)
    np.testing.assert_allclose(J, [[[1, 1, 1], [0, 0, 0]], [[0, 0, 0], [1, 1, 1]]], atol=1e-9)
    np.testing.assert_array_equal(x, before)


def test_numerical_gradient_of_cross_entropy_is_p_minus_y():
    z = RNG.normal(size=5)
    np.testing.assert_allclose(
        numerical_gradient(lambda v: h.cross_entropy_from_logits(v, 3), z), cross_entropy_gradient(z, 3), atol=1e-9
    )


def test_gradient_check_passes_correct_and_fails_wrong_derivatives():
    z = np.array([2.0, 1.0, 0.1])
    good = gradient_check(lambda v: h.cross_entropy_from_logits(v, 1), lambda v: cross_entropy_gradient(v, 1), z)
    assert isinstance(good, GradientCheck) and good.passed() and good.max_rel_error < 1e-8 and good.max_abs_error < 1e-9
    wrong_sign = gradient_check(lambda v: h.cross_entropy_from_logits(v, 1), lambda v: -cross_entropy_gradient(v, 1), z)
    assert not wrong_sign.passed() and wrong_sign.max_rel_error == pytest.approx(2.0, rel=1e-6)
    # the classic mistake: forgetting the off-diagonal -p_i p_j terms of the Jacobian
    diagonal_only = gradient_check(h.softmax, lambda v: np.diag(h.softmax(v) * (1 - h.softmax(v))), z)
    assert not diagonal_only.passed() and diagonal_only.max_rel_error > 0.5
    jacobian_ok = gradient_check(h.softmax, softmax_jacobian, z)
    assert jacobian_ok.passed(1e-8) and jacobian_ok.analytic.shape == (3, 3)


def test_gradient_check_on_a_squared_error_through_softmax():
    z = RNG.normal(size=(3, 4))
    labels = [0, 3, 1]
    check = gradient_check(
        lambda v: h.squared_error(h.softmax(v), labels), lambda v: squared_error_gradient(v, labels), z
    )
    assert check.passed(1e-7)


# --- soft targets, label smoothing, the vector-Jacobian product and the Hessian --------------------


@pytest.mark.parametrize("logits", [b for b in BATCHES if b.ndim == 2])
@pytest.mark.parametrize("smoothing", [0.0, 0.1, 0.3])
def test_gradient_with_soft_targets_and_label_smoothing_matches_torch(logits, smoothing):
    labels = RNG.integers(0, logits.shape[1], size=logits.shape[0])
    soft = h.softmax(RNG.normal(size=logits.shape))
    for targets, torch_targets in ((labels, torch.tensor(labels)), (soft, torch.tensor(soft))):
        z = torch.tensor(logits, requires_grad=True)
        F.cross_entropy(z, torch_targets, label_smoothing=smoothing).backward()
        ours = cross_entropy_gradient(logits, targets, label_smoothing=smoothing)
        np.testing.assert_allclose(ours, z.grad.numpy(), atol=1e-15)


@given(logit_vectors, st.integers(0, 7), st.floats(0, 1))
def test_label_smoothing_gradient_is_p_minus_the_smoothed_target_and_sums_to_zero(z, label, smoothing):
    label %= z.size
    g = cross_entropy_gradient(z, label, label_smoothing=smoothing)
    expected = h.softmax(z) - ((1 - smoothing) * np.eye(z.size)[label] + smoothing / z.size)
    np.testing.assert_allclose(g, expected, atol=1e-15)
    assert abs(g.sum()) < 1e-12


@pytest.mark.parametrize("logits", BATCHES)
def test_softmax_vjp_matches_torch_autograd_and_the_full_jacobian(logits):
    g = RNG.normal(size=logits.shape)
    z = torch.tensor(logits, requires_grad=True)
    (by_torch,) = torch.autograd.grad(torch.softmax(z, dim=-1), z, grad_outputs=torch.tensor(g))
    np.testing.assert_allclose(softmax_vjp(logits, g), by_torch.numpy(), atol=1e-15)
    via_jacobian = np.einsum("...ji,...j->...i", softmax_jacobian(logits), g)
    np.testing.assert_allclose(softmax_vjp(logits, g), via_jacobian, atol=1e-15)
    np.testing.assert_allclose(softmax_vjp(h.softmax(logits), g, from_logits=False), softmax_vjp(logits, g), atol=0)


@given(logit_vectors, st.floats(-50, 50))
def test_softmax_vjp_sums_to_zero_and_ignores_a_constant_upstream(z, c):
    g = np.linspace(-3, 3, z.size)
    assert abs(softmax_vjp(z, g).sum()) < 1e-12
    assert np.abs(softmax_vjp(z, np.full(z.size, c))).max() < 1e-12


def test_cross_entropy_hessian_is_the_softmax_jacobian_for_every_label():
    z = np.array([2.0, 1.0, 0.1])
    for label in range(3):
        target = torch.tensor([label])
        by_torch = torch.autograd.functional.hessian(lambda t, y=target: F.cross_entropy(t[None], y), torch.tensor(z))
        np.testing.assert_allclose(by_torch.numpy(), softmax_jacobian(z), atol=1e-15)
        numerical = numerical_hessian(lambda v, y=label: h.cross_entropy_from_logits(v, y), z)
        np.testing.assert_allclose(numerical, softmax_jacobian(z), atol=1e-7)


def test_numerical_hessian_of_squared_error_through_softmax_matches_torch():
    z = np.array([3.0, 0.0, 0.0])
    by_torch = torch.autograd.functional.hessian(
        lambda t: ((torch.softmax(t, 0) - torch.tensor([0.0, 1.0, 0.0])) ** 2).sum(), torch.tensor(z)
    ).numpy()
    numerical = numerical_hessian(lambda v: h.squared_error(h.softmax(v), 1), z)
    np.testing.assert_allclose(numerical, by_torch, atol=1e-7)
    assert np.linalg.eigvalsh(by_torch).min() < -0.01  # squared error through softmax is not convex here


def test_relative_error_is_scale_free():
    a = np.array([1.0, -2.0, 0.0])
    b = a * (1 + 1e-6)
    assert relative_error(a, b) == pytest.approx(relative_error(1e6 * a, 1e6 * b), rel=1e-9)
    assert relative_error(a, b) == pytest.approx(1e-6 / (1 + 1e-6), rel=1e-6)
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0


def test_gradient_check_in_float32_is_good_to_a_few_digits_only():
    z = np.array([2.0, 1.0, 0.1])

    def loss32(v):
        return F.cross_entropy(torch.from_numpy(v)[None], torch.tensor([0])).item()

    def grad(v):
        return cross_entropy_gradient(v.astype(np.float64), 0)

    in32 = gradient_check(loss32, grad, z, step=1e-3, dtype=np.float32)
    in64 = gradient_check(lambda v: h.cross_entropy_from_logits(v, 0), grad, z)
    assert in32.passed(1e-2) and not in32.passed(1e-6)
    assert in64.max_rel_error < 1e-8 < in32.max_rel_error


# --- bad input: one test per kind, checking the message -------------------------------------------


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: softmax_jacobian([]), "empty"),
        (lambda: softmax_jacobian(2.0), "scalar"),
        (lambda: softmax_jacobian([1.0, np.nan]), "NaN"),
        (lambda: softmax_jacobian([0.5, 0.6], from_logits=False), "must sum to 1"),
        (lambda: softmax_jacobian([1.5, -0.5], from_logits=False), r"must lie in \[0, 1\]"),
        (lambda: softmax_jacobian([0.5, 0.5], from_logits="no"), "from_logits"),
        (lambda: cross_entropy_gradient([1.0, 2.0], 2), "label out of range"),
        (lambda: cross_entropy_gradient(np.zeros((3, 2)), [0, 1]), "labels have shape"),
        (lambda: cross_entropy_gradient([1.0, 2.0], 0, reduction="avg"), "reduction"),
        (lambda: squared_error_gradient([1.0, np.inf], 0), "inf"),
        (lambda: numerical_jacobian(h.softmax, [1.0, 2.0], step=0.0), "step"),
        (lambda: numerical_jacobian(h.softmax, [1.0, 2.0], step=-1e-6), "step"),
        (lambda: numerical_jacobian(h.softmax, []), "x is empty"),
        (lambda: numerical_gradient(np.sum, [1.0, np.nan]), "x contains NaN"),
        (lambda: numerical_gradient(lambda v: v, [1.0, 2.0]), "one number"),
        (lambda: numerical_gradient(lambda v: np.inf * v.sum(), [1.0, 2.0]), "f returned NaN or inf"),
        (lambda: numerical_jacobian(lambda v: v[v > 1.0], [1.0, 2.0]), "changed its output shape"),
        (
            lambda: gradient_check(np.sum, lambda v: np.ones(3), [1.0, 2.0]),
            r"grad_f returned shape \(3,\); expected \(2,\)",
        ),
        (lambda: gradient_check(h.softmax, lambda v: np.ones(2), [1.0, 2.0]), r"expected \(2, 2\)"),
        (lambda: gradient_check(np.sum, lambda v: np.full(2, np.nan), [1.0, 2.0]), "grad_f returned NaN"),
        (lambda: gradient_check(np.sum, np.ones_like, [1.0, 2.0], dtype=np.float16), "dtype"),
        (lambda: softmax_vjp([1.0, 2.0], [1.0, 2.0, 3.0]), r"upstream has shape \(3,\); expected \(2,\)"),
        (lambda: softmax_vjp([1.0, 2.0], [1.0, np.inf]), "upstream contains inf"),
        (lambda: softmax_vjp([0.5, 0.5], [1.0, 2.0], from_logits=None), "from_logits"),
        (lambda: numerical_hessian(lambda v: v, [1.0, 2.0]), "one number"),
        (lambda: numerical_hessian(np.sum, np.ones((2, 2))), "vector"),
        (lambda: relative_error([1.0], [1.0, 2.0]), "same shape"),
        (lambda: relative_error([np.nan], [1.0]), "NaN"),
        (lambda: cross_entropy_gradient([1.0, 2.0], [0.7, 0.7]), "sum to 1"),
        (lambda: cross_entropy_gradient([1.0, 2.0], 0, label_smoothing=-0.5), "label smoothing"),
    ],
)
def test_bad_input_raises_a_value_error_that_says_what_is_wrong(call, message):
    with pytest.raises(ValueError, match=message):
        call()
