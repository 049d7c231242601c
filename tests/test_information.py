"""helpers.information (entropy, cross-entropy between distributions, KL divergence) against torch, by the
identities that tie them together, and on bad input."""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import helpers as h
from helpers.information import cross_entropy_between, entropy, kl_divergence

RNG = np.random.default_rng(11)
PAIRS = [
    (h.softmax(RNG.normal(scale=scale, size=shape)), h.softmax(RNG.normal(scale=scale, size=shape)))
    for shape in [(3,), (5, 2), (8, 4), (2, 3, 6)]
    for scale in (1.0, 6.0)
]

logit_pairs = st.integers(1, 8).flatmap(
    lambda c: st.tuples(*(arrays(np.float64, c, elements=st.floats(-20, 20)) for _ in range(2)))
)


@pytest.mark.parametrize("y, p", PAIRS)
def test_entropy_matches_torch_categorical(y, p):
    expected = torch.distributions.Categorical(probs=torch.tensor(y)).entropy().numpy()
    np.testing.assert_allclose(entropy(y), expected, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("y, p", PAIRS)
def test_kl_divergence_matches_torch(y, p):
    by_kl_div = F.kl_div(torch.log(torch.tensor(p)), torch.tensor(y), reduction="none").sum(-1).numpy()
    by_distributions = torch.distributions.kl_divergence(
        torch.distributions.Categorical(probs=torch.tensor(y)), torch.distributions.Categorical(probs=torch.tensor(p))
    ).numpy()
    np.testing.assert_allclose(kl_divergence(y, p), by_kl_div, rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(kl_divergence(y, p), by_distributions, rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("y, p", PAIRS)
def test_cross_entropy_between_matches_torch_cross_entropy_with_probability_targets(y, p):
    # torch wants logits; log p is a logit vector whose softmax is p
    log_p, target = torch.log(torch.tensor(p)), torch.tensor(y)
    expected = F.cross_entropy(log_p.reshape(-1, y.shape[-1]), target.reshape(-1, y.shape[-1]), reduction="none")
    np.testing.assert_allclose(np.reshape(cross_entropy_between(y, p), -1), expected.numpy(), rtol=1e-12, atol=1e-15)


def test_one_hot_targets_make_cross_entropy_the_usual_loss_and_kl_equal_to_it():
    p = np.array([0.7, 0.2, 0.1])
    y = h.one_hot(0, 3)
    assert entropy(y) == 0.0
    assert cross_entropy_between(y, p) == pytest.approx(-math.log(0.7), abs=1e-15) == h.cross_entropy(p, 0)
    assert kl_divergence(y, p) == pytest.approx(cross_entropy_between(y, p), abs=1e-15)


def test_worked_values_in_bits_and_nats():
    y, p = [0.5, 0.25, 0.25], [0.25, 0.25, 0.5]
    assert entropy(y, base=2) == 1.5
    assert cross_entropy_between(y, p, base=2) == 1.75
    assert kl_divergence(y, p, base=2) == pytest.approx(0.25, abs=1e-15)
    assert entropy(y) == pytest.approx(1.5 * math.log(2), abs=1e-15)
    assert entropy(np.full(8, 1 / 8), base=2) == pytest.approx(3.0, abs=1e-15)


def test_a_zero_probability_where_the_truth_is_not_zero_costs_infinity():
    assert cross_entropy_between([0.5, 0.5], [1.0, 0.0]) == math.inf
    assert kl_divergence([0.5, 0.5], [1.0, 0.0]) == math.inf
    assert kl_divergence([1.0, 0.0], [0.5, 0.5]) == pytest.approx(math.log(2))


@given(logit_pairs)
def test_cross_entropy_is_entropy_plus_kl_and_kl_is_never_negative(pair):
    y, p = (h.softmax(z) for z in pair)
    assert cross_entropy_between(y, p) == pytest.approx(entropy(y) + kl_divergence(y, p), rel=1e-9, abs=1e-9)
    assert kl_divergence(y, p) >= -1e-12
    assert kl_divergence(y, y) == pytest.approx(0.0, abs=1e-12)
    assert 0.0 <= entropy(y) <= math.log(y.size) + 1e-12


@given(logit_pairs)
def test_bits_are_nats_divided_by_ln_2(pair):
    y, p = (h.softmax(z) for z in pair)
    assert entropy(y, base=2) == pytest.approx(entropy(y) / math.log(2), rel=1e-12, abs=1e-15)
    assert cross_entropy_between(y, p, base=2) == pytest.approx(cross_entropy_between(y, p) / math.log(2), rel=1e-12)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: entropy([0.5, 0.6]), "must sum to 1"),
        (lambda: entropy([]), "empty"),
        (lambda: entropy([0.5, 0.5], base=1), "base"),
        (lambda: entropy([0.5, 0.5], base=-2.0), "base"),
        (lambda: kl_divergence([0.5, 0.5], [0.2, 0.3, 0.5]), "same"),
        (lambda: kl_divergence([1.5, -0.5], [0.5, 0.5]), r"targets must lie in \[0, 1\]"),
        (lambda: cross_entropy_between([0.5, 0.5], [np.nan, 0.5]), "NaN"),
    ],
)
def test_bad_input_raises_a_value_error_that_says_what_is_wrong(call, message):
    with pytest.raises(ValueError, match=message):
        call()
