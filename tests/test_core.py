"""The core helpers (argmax, softmax family, losses) against torch, by properties, against mpmath to every digit,
and on bad input."""

import warnings

import mpmath
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import helpers as h

RNG = np.random.default_rng(0)
BATCHES = [RNG.normal(scale=scale, size=(n, c)) for n, c in [(1, 2), (8, 3), (32, 10), (5, 7)] for scale in (1.0, 30.0)]

logit_vectors = arrays(
    np.float64,
    st.integers(1, 8),
    elements=st.floats(-50, 50, allow_nan=False, allow_infinity=False),
)


# --- agreement with torch on random batches -----------------------------------------------------


@pytest.mark.parametrize("logits", BATCHES)
def test_softmax_and_log_softmax_match_torch(logits):
    t = torch.tensor(logits)
    np.testing.assert_allclose(h.softmax(logits), torch.softmax(t, dim=-1).numpy(), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(h.log_softmax(logits), F.log_softmax(t, dim=-1).numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(h.logsumexp(logits), torch.logsumexp(t, dim=-1).numpy(), rtol=1e-12)


@pytest.mark.parametrize("logits", BATCHES)
def test_softmax_along_another_axis_and_with_temperature_match_torch(logits):
    t = torch.tensor(logits)
    np.testing.assert_allclose(h.softmax(logits, axis=0), torch.softmax(t, dim=0).numpy(), atol=1e-15)
    np.testing.assert_allclose(h.softmax(logits, temperature=2.5), torch.softmax(t / 2.5, dim=-1).numpy(), atol=1e-15)


@pytest.mark.parametrize("logits", BATCHES)
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_cross_entropy_matches_torch(logits, reduction):
    labels = RNG.integers(0, logits.shape[1], size=logits.shape[0])
    expected = F.cross_entropy(torch.tensor(logits), torch.tensor(labels), reduction=reduction).numpy()
    np.testing.assert_allclose(h.cross_entropy_from_logits(logits, labels, reduction), expected, rtol=1e-12, atol=1e-14)
    one_hot = h.one_hot(labels, logits.shape[1])
    np.testing.assert_allclose(
        h.cross_entropy_from_logits(logits, one_hot, reduction), expected, rtol=1e-12, atol=1e-14
    )
    if np.abs(logits).max() < 20:  # probabilities are then far from 0, where log(p) is exact enough
        np.testing.assert_allclose(h.cross_entropy(h.softmax(logits), labels, reduction), expected, rtol=1e-9)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_binary_cross_entropy_matches_torch(reduction):
    logits = RNG.normal(scale=3.0, size=50)
    targets = RNG.integers(0, 2, size=50).astype(float)
    probs = h.sigmoid(logits)
    expected = F.binary_cross_entropy(torch.tensor(probs), torch.tensor(targets), reduction=reduction).numpy()
    np.testing.assert_allclose(h.binary_cross_entropy(probs, targets, reduction), expected, rtol=1e-10, atol=1e-14)
    from_logits = F.binary_cross_entropy_with_logits(torch.tensor(logits), torch.tensor(targets), reduction=reduction)
    np.testing.assert_allclose(
        h.binary_cross_entropy_from_logits(logits, targets, reduction), from_logits.numpy(), rtol=1e-12, atol=1e-14
    )


def test_squared_error_matches_torch_mse_summed_over_classes():
    probs = h.softmax(RNG.normal(size=(6, 4)))
    labels = RNG.integers(0, 4, size=6)
    target = F.one_hot(torch.tensor(labels), 4).double()
    expected = F.mse_loss(torch.tensor(probs), target, reduction="sum").item() / 6
    assert h.squared_error(probs, labels) == pytest.approx(expected, rel=1e-12)


def test_sigmoid_matches_torch_and_is_two_class_softmax():
    z = np.linspace(-800, 800, 101)
    np.testing.assert_allclose(h.sigmoid(z), torch.sigmoid(torch.tensor(z)).numpy(), rtol=1e-12, atol=1e-300)
    pairs = np.stack([z, np.zeros_like(z)], axis=-1)
    np.testing.assert_allclose(h.sigmoid(z), h.softmax(pairs)[:, 0], rtol=1e-12, atol=1e-300)


@pytest.mark.parametrize("logits", BATCHES)
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_cross_entropy_with_soft_targets_matches_torch(logits, reduction):
    targets = h.softmax(RNG.normal(scale=2.0, size=logits.shape))
    expected = F.cross_entropy(torch.tensor(logits), torch.tensor(targets), reduction=reduction).numpy()
    np.testing.assert_allclose(
        h.cross_entropy_from_logits(logits, targets, reduction), expected, rtol=1e-12, atol=1e-14
    )


@pytest.mark.parametrize("logits", BATCHES)
@pytest.mark.parametrize("smoothing", [0.0, 0.1, 0.5, 1.0])
def test_label_smoothing_matches_torch(logits, smoothing):
    labels = RNG.integers(0, logits.shape[1], size=logits.shape[0])
    t = torch.tensor(logits)
    expected = F.cross_entropy(t, torch.tensor(labels), label_smoothing=smoothing).item()
    assert h.cross_entropy_from_logits(logits, labels, label_smoothing=smoothing) == pytest.approx(expected, rel=1e-12)
    smoothed = h.smoothed_targets(labels, logits.shape[1], smoothing)
    assert h.cross_entropy_from_logits(logits, smoothed) == pytest.approx(expected, rel=1e-12)
    soft = h.softmax(RNG.normal(size=logits.shape))  # torch smooths probability targets the same way
    expected_soft = F.cross_entropy(t, torch.tensor(soft), label_smoothing=smoothing).item()
    assert h.cross_entropy_from_logits(logits, soft, label_smoothing=smoothing) == pytest.approx(
        expected_soft, rel=1e-12
    )


@given(st.lists(st.integers(0, 4), min_size=1, max_size=6), st.floats(0, 1))
def test_smoothed_targets_are_distributions_with_the_true_class_on_top(labels, smoothing):
    rows = h.smoothed_targets(labels, 5, smoothing)
    np.testing.assert_allclose(rows.sum(axis=1), 1.0, atol=1e-15)
    np.testing.assert_allclose(rows[np.arange(len(labels)), labels], 1 - smoothing + smoothing / 5, atol=1e-15)
    assert np.all(rows >= smoothing / 5 - 1e-15)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_multi_label_binary_cross_entropy_matches_bce_with_logits_loss(reduction):
    logits = RNG.normal(scale=3.0, size=(6, 4))
    targets = RNG.integers(0, 2, size=(6, 4)).astype(float)  # several classes can be on at once
    expected = torch.nn.BCEWithLogitsLoss(reduction=reduction)(torch.tensor(logits), torch.tensor(targets)).numpy()
    np.testing.assert_allclose(
        h.binary_cross_entropy_from_logits(logits, targets, reduction), expected, rtol=1e-12, atol=1e-14
    )
    np.testing.assert_allclose(
        h.binary_cross_entropy(h.sigmoid(logits), targets, reduction), expected, rtol=1e-10, atol=1e-14
    )


# --- the worked examples ------------------------------------------------------------------------


def test_argmax_returns_the_index_and_breaks_ties_like_numpy_and_torch():
    assert h.argmax([2.1, 0.4, 5.3]) == 2
    assert h.argmax([1, 5, 3]) == 1
    assert h.argmax([1.0, 3.0, 2.0]) == 1
    assert h.argmax([3.0, 1.0, 3.0]) == 0 == int(torch.argmax(torch.tensor([3.0, 1.0, 3.0])))
    assert h.argmax([[0, 1], [1, 0]]).tolist() == [1, 0]


def test_stable_softmax_of_extreme_logits_is_finite_correct_and_silent():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_allclose(h.softmax([1000, 1001, 1002]), h.softmax([0, 1, 2]), rtol=1e-15)
        np.testing.assert_allclose(h.softmax([-1000, 0]), [0.0, 1.0], atol=1e-300)
        assert h.log_softmax([-1000, 0]).tolist() == [-1000.0, 0.0]
        assert h.cross_entropy_from_logits([0.0, 1000.0], 0) == 1000.0
    assert np.isnan(h.naive_softmax([1000, 1001, 1002])).all()


def test_seed_examples():
    np.testing.assert_allclose(h.softmax([2.0, 1.0, 0.1]), [0.65900114, 0.24243297, 0.09856589], atol=5e-9)
    assert h.cross_entropy([0.7, 0.2, 0.1], [1, 0, 0]) == pytest.approx(0.35667494393873245, abs=1e-15)
    assert h.cross_entropy([0.8, 0.1, 0.1], 0) == pytest.approx(0.223, abs=5e-4)
    assert h.cross_entropy([0.2, 0.3, 0.5], 0) == pytest.approx(1.609, abs=5e-4)
    assert h.cross_entropy(np.full(2, 0.5), 1, eps=1e-15) == pytest.approx(np.log(2))


def test_zero_probability_on_the_true_class_costs_infinity_unless_clipped():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert h.cross_entropy([1.0, 0.0], 1) == np.inf
        assert h.cross_entropy([1.0, 0.0], 1, eps=1e-15) == pytest.approx(-np.log(1e-15))


# --- properties -----------------------------------------------------------------------------------


@given(logit_vectors)
def test_softmax_is_a_distribution(z):
    p = h.softmax(z)
    assert np.all((p >= 0) & (p <= 1))
    assert p.sum() == pytest.approx(1.0, abs=1e-12)


@given(logit_vectors, st.floats(-1e3, 1e3))
def test_softmax_ignores_a_constant_shift(z, c):
    np.testing.assert_allclose(h.softmax(z + c), h.softmax(z), atol=1e-9)


@given(logit_vectors)
def test_softmax_preserves_order(z):
    p = h.softmax(z)
    i, j = np.triu_indices(z.size, k=1)
    assert np.all(np.sign(p[i] - p[j])[z[i] - z[j] > 1e-6] >= 0)
    assert np.all(np.sign(p[i] - p[j])[z[i] - z[j] < -1e-6] <= 0)
    assert h.argmax(p) == h.argmax(z) or p[h.argmax(p)] == p[h.argmax(z)]


@settings(max_examples=50)
@given(arrays(np.float64, st.integers(2, 6), elements=st.floats(-5, 5), unique=True))
def test_temperature_limits(z):
    sharp = h.softmax(z, temperature=1e-3)
    flat = h.softmax(z, temperature=1e6)
    if np.sort(z)[-1] - np.sort(z)[-2] > 0.1:
        np.testing.assert_allclose(sharp, np.eye(z.size)[np.argmax(z)], atol=1e-12)
    np.testing.assert_allclose(flat, np.full(z.size, 1 / z.size), atol=1e-5)


@given(logit_vectors)
def test_log_softmax_is_log_of_softmax_and_logsumexp_bounds(z):
    np.testing.assert_allclose(np.exp(h.log_softmax(z)), h.softmax(z), atol=1e-12)
    assert z.max() <= h.logsumexp(z) <= z.max() + np.log(z.size) + 1e-12


# --- accuracy against mpmath: every digit float64 can hold ----------------------------------------
#
# The true values come from mpmath at 80 digits, from the exact float64 inputs, written log1p-style: with m the
# max of z and s' the sum of e^(z_j - m) over every j but the max's index, ln sum_j e^(z_j - m) = log1p(s').
# (The plain m + ln(sum) is not enough even at 60 digits: for [700, 0, -700] it gives log_softmax(z)[0] = 0,
# whose true value is -log1p(e^-700 + e^-1400) = -9.86e-305.)
#
# The error of a float64 result x against the true value v is |x - v| / max(|v|, 2^-1022), and must stay below
# 1e-13 (float64 holds 16 digits). Where v is a normal float64 number that is its relative error. Below the
# smallest normal number 2^-1022 float64 holds fewer bits (one at its smallest subnormal, 2^-1074), so there it
# is an absolute error of at most 1e-13 * 2^-1022 (about 450 subnormal steps): a true value below 2^-1074, such
# as softmax([0, -800])[1] = e^-800, must come out as 0 or within those steps of it, which is all float64 can do.

ACCURATE = 1e-13
SMALLEST_NORMAL = mpmath.mpf(2) ** -1022
EXACT_DIGITS = 80

ACCURACY_CASES = {
    "confident": [-25.0, 0.0, 25.0, 50.0],
    "confident, a tie at the bottom": [0.5, 0.5, 37.0],
    "confident, two classes": [0.0, 30.0],
    "logsumexp near 0": [0.0, -30.0],
    "all negative": [-3.0, -5.0, -4.0],
    "tied": [3.0, 3.0, 3.0],
    "tied at the top": [7.0, -2.0, 7.0],
    "huge, symmetric": [700.0, 0.0, -700.0],
    "huge": [1e3, -1e3, 0.0, 999.0],
    "huge, 1e300": [1e300, -1e300, 0.0],
    "huge and close": [1e16, 1e16 + 2.0, 1e16 - 4.0],
    "log-probability among the subnormals": [745.0, 0.0],
    "tiny": [1e-300, 0.0, -1e-300],
    "tiny, subnormal": [5e-324, 0.0, -5e-324],
    "tiny gaps": [1e-20, -1e-20, 0.0],
    "mixed": [-3.5, 2.25, 1e-8, 40.0, -700.0],
    "mixed, with 1e300": [-1e300, 20.0, 20.5, 1e-10, -745.5],
    "random": np.random.default_rng(1).normal(scale=5.0, size=7).tolist(),
}
accuracy_cases = pytest.mark.parametrize("z", ACCURACY_CASES.values(), ids=ACCURACY_CASES.keys())

wide_logits = arrays(
    np.float64,
    st.integers(1, 6),
    elements=st.one_of(
        st.floats(-60, 60),
        st.floats(-1e300, 1e300),
        st.floats(-1e-300, 1e-300),
        st.integers(-800, 800).map(float),
        st.sampled_from([0.0, 30.0, 37.0, 745.0]),
    ),
)


def exact_log_softmax(z, temperature=1):
    """The log-probabilities of softmax(z / temperature), m (the max of z / T) and ln sum_j e^(z_j/T - m), as mpf
    (call it inside mpmath.workdps(EXACT_DIGITS))."""
    scaled = [mpmath.mpf(float(v)) / temperature for v in z]
    top = max(range(len(scaled)), key=scaled.__getitem__)
    shifted = [v - scaled[top] for v in scaled]
    log_total = mpmath.log1p(mpmath.fsum(mpmath.exp(v) for i, v in enumerate(shifted) if i != top))
    return [v - log_total for v in shifted], scaled[top], log_total


def exact_softplus(x):
    """ln(1 + e^x) as mpf: max(x, 0) + log1p(e^-|x|)."""
    x = mpmath.mpf(float(x))
    return max(x, 0) + mpmath.log1p(mpmath.exp(-abs(x)))


def assert_accurate(got, true, what, scale=None):
    """Each float64 in `got` within 1e-13 of the mpf in `true`, by the rule above (`scale` instead of |true|)."""
    got = np.atleast_1d(np.asarray(got, dtype=np.float64))
    assert got.shape == (len(true),), what
    scales = [abs(v) for v in true] if scale is None else scale
    for i, (x, v, s) in enumerate(zip(got.tolist(), true, scales)):
        error = abs(mpmath.mpf(x) - v) / max(s, SMALLEST_NORMAL)
        assert error <= ACCURATE, f"{what}[{i}] = {x!r}, true {mpmath.nstr(v, 20)}: error {mpmath.nstr(error, 3)}"


def check_log_softmax_family(z):
    log_probs, top, log_total = exact_log_softmax(z)
    assert_accurate(h.log_softmax(z), log_probs, f"log_softmax({z})")
    assert_accurate(h.softmax(z), [mpmath.exp(v) for v in log_probs], f"softmax({z})")
    # logsumexp = m + log1p(s'): for m < 0 the two terms cancel, and its float64 inputs fix it only to about an
    # ulp of m (logsumexp([-ln 2, -ln 2]) is about 0), so its error is measured against |m| + log1p(s')
    assert_accurate(h.logsumexp(z), [top + log_total], f"logsumexp({z})", scale=[abs(top) + log_total])


def check_cross_entropies(z):
    classes = len(z)
    logits, labels = np.tile(z, (classes, 1)), np.arange(classes)  # every class is the true one once
    log_probs, _, _ = exact_log_softmax(z)
    losses = [-v for v in log_probs]
    for targets in (labels, h.one_hot(labels, classes)):
        assert_accurate(h.cross_entropy_from_logits(logits, targets, "none"), losses, f"CE({z}, {targets})")
        assert_accurate(h.cross_entropy_from_logits(logits, targets), [mpmath.fsum(losses) / classes], f"CE({z})")
    for soft in (h.softmax(z), h.softmax(np.divide(z, 4.0))):  # soft targets, as computed in float64
        true = mpmath.fsum(mpmath.mpf(float(t)) * v for t, v in zip(soft, losses))
        assert_accurate(h.cross_entropy_from_logits(z, soft), [true], f"CE({z}, soft {soft.tolist()})")
    for smoothing in (1e-15, 0.1, 1.0):
        s = mpmath.mpf(smoothing)
        true = [(1 - s) * loss + s * mpmath.fsum(losses) / classes for loss in losses]
        got = h.cross_entropy_from_logits(logits, labels, "none", label_smoothing=smoothing)
        assert_accurate(got, true, f"CE({z}, smoothing {smoothing})")


def check_binary_cross_entropy(z):
    for t in (0.0, 1.0, 0.25):
        true = [t * exact_softplus(-v) + (1 - mpmath.mpf(t)) * exact_softplus(v) for v in z]
        assert_accurate(h.binary_cross_entropy_from_logits(z, np.full(len(z), t), "none"), true, f"BCE({z}, {t})")


@accuracy_cases
def test_log_softmax_softmax_and_logsumexp_have_every_digit(z):
    with mpmath.workdps(EXACT_DIGITS):
        check_log_softmax_family(z)
        log_probs, _, _ = exact_log_softmax(z, temperature=2)  # z / 2 is exact
        assert_accurate(h.log_softmax(z, temperature=2.0), log_probs, f"log_softmax({z}, T=2)")


@accuracy_cases
def test_cross_entropy_from_logits_has_every_digit(z):
    with mpmath.workdps(EXACT_DIGITS):
        check_cross_entropies(z)


@accuracy_cases
def test_binary_cross_entropy_from_logits_has_every_digit(z):
    with mpmath.workdps(EXACT_DIGITS):
        check_binary_cross_entropy(z)


@settings(max_examples=40)
@given(wide_logits)
def test_every_log_probability_and_loss_has_every_digit(z):
    with mpmath.workdps(EXACT_DIGITS):
        check_log_softmax_family(z)
        check_cross_entropies(z)
        check_binary_cross_entropy(z)


@pytest.mark.parametrize(
    "call, true",  # the true values: mpmath at 80 digits, rounded to float64
    [
        (lambda: h.log_softmax([-25.0, 0.0, 25.0, 50.0])[3], -1.3887943865060459e-11),
        (lambda: h.log_softmax([0.5, 0.5, 37.0])[2], -2.8137234248922933e-16),
        (lambda: h.cross_entropy_from_logits([[0.0, 30.0]], [1]), 9.357622968839737e-14),
        (lambda: h.logsumexp([0.0, -30.0]), 9.357622968839737e-14),
        (lambda: h.log_softmax([700.0, 0.0, -700.0])[0], -9.85967654375977e-305),
        (lambda: h.binary_cross_entropy_from_logits([40.0], [1]), 4.248354255291589e-18),
    ],
)
def test_a_confident_model_keeps_the_digits_that_z_minus_logsumexp_cancels(call, true):
    assert call() == pytest.approx(true, rel=ACCURATE, abs=0)


# --- bad input: one test per kind, checking the message -----------------------------------------


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: h.softmax([]), "empty"),
        (lambda: h.argmax([]), "empty"),
        (lambda: h.softmax(np.zeros((3, 0))), "empty"),
        (lambda: h.softmax(3.0), "scalar"),
        (lambda: h.softmax([1.0, np.nan]), "NaN"),
        (lambda: h.log_softmax([1.0, np.inf]), "inf"),
        (lambda: h.cross_entropy_from_logits([np.nan, 1.0], 0), "NaN"),
        (lambda: h.sigmoid([np.nan]), "NaN"),
        (lambda: h.softmax([1.0, 2.0], temperature=0), "temperature"),
        (lambda: h.cross_entropy_from_logits([1.0, 2.0, 3.0], 3), r"label out of range.*expected 0\.\.2"),
        (lambda: h.cross_entropy([0.5, 0.5], -1), "label out of range"),
        (lambda: h.one_hot([0, 4], 3), "label out of range"),
        (lambda: h.cross_entropy([0.5, 0.5], 0.5), "whole numbers"),
        (lambda: h.cross_entropy([[0.5, 0.5]], [[1, 1]]), "one-hot"),
        (lambda: h.cross_entropy_from_logits([[1.0, 2.0]], [[0.0, 2.0]]), "one-hot"),
        (lambda: h.cross_entropy([1.2, -0.2], 0), r"must lie in \[0, 1\]"),
        (lambda: h.cross_entropy([0.5, 0.6], 0), "must sum to 1"),
        (lambda: h.squared_error([2.0, 1.0, 0.1], 0), r"must lie in \[0, 1\]"),
        (lambda: h.cross_entropy([0.2, 0.3, 0.4], 0), "Did you pass logits"),
        (lambda: h.binary_cross_entropy([0.5, 1.5], [0, 1]), r"must lie in \[0, 1\]"),
        (lambda: h.cross_entropy_from_logits(np.zeros((4, 3)), [0, 1]), r"labels have shape \(2,\); expected \(4,\)"),
        (lambda: h.binary_cross_entropy([0.5, 0.5], [1]), "shape"),
        (lambda: h.cross_entropy_from_logits([1.0, 2.0], 0, reduction="avg"), "reduction"),
        (lambda: h.one_hot([0], 0), "num_classes"),
        (lambda: h.cross_entropy_from_logits([[1.0, 2.0]], [[0.3, 0.3]]), "sum to 1"),
        (lambda: h.cross_entropy_from_logits([1.0, 2.0], 0, label_smoothing=1.5), "label smoothing"),
        (lambda: h.smoothed_targets([0, 1], 2, -0.1), "label smoothing"),
    ],
)
def test_bad_input_raises_a_value_error_that_says_what_is_wrong(call, message):
    with pytest.raises(ValueError, match=message):
        call()
