"""helpers.calibration: reliability bins and ECE against torchmetrics, temperature scaling against torch."""

import numpy as np
import pytest
import torch
from hypothesis import example, given, settings
from hypothesis import strategies as st
from torchmetrics.functional.classification import multiclass_calibration_error

from helpers import softmax
from helpers.calibration import (
    calibration_summary,
    expected_calibration_error,
    fit_temperature,
    mean_nll,
    overlapping_blobs,
    reliability_bins,
)


def random_predictions(seed, n=400, classes=4, sharpness=3.0):
    rng = np.random.default_rng(seed)
    logits = sharpness * rng.normal(size=(n, classes))
    labels = rng.integers(0, classes, size=n)
    return logits, labels


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), n_bins=st.integers(1, 20), classes=st.integers(2, 6))
def test_ece_equals_torchmetrics(seed, n_bins, classes):
    logits, labels = random_predictions(seed, classes=classes)
    p = softmax(logits)
    theirs = multiclass_calibration_error(
        torch.from_numpy(p), torch.from_numpy(labels), num_classes=classes, n_bins=n_bins, norm="l1"
    ).item()
    assert expected_calibration_error(p, labels, n_bins) == pytest.approx(theirs, abs=1e-6)  # torchmetrics: float32


def test_bins_by_hand():
    p = [[0.95, 0.05], [0.85, 0.15], [0.15, 0.85], [0.55, 0.45], [0.6, 0.4]]
    y = [0, 1, 1, 1, 0]
    bins = reliability_bins(p, y, n_bins=5)  # (0, .2], (.2, .4], (.4, .6], (.6, .8], (.8, 1]
    assert bins.count.tolist() == [0, 0, 2, 0, 3]
    np.testing.assert_allclose(bins.confidence[[2, 4]], [0.575, (0.95 + 0.85 + 0.85) / 3])
    np.testing.assert_allclose(bins.accuracy[[2, 4]], [0.5, 2 / 3])
    assert np.isnan(bins.accuracy[0]) and np.isnan(bins.gap[3])
    expected = 2 / 5 * abs(0.5 - 0.575) + 3 / 5 * abs(2 / 3 - 2.65 / 3)
    assert expected_calibration_error(p, y, n_bins=5) == pytest.approx(expected, abs=1e-15)


def test_a_perfectly_calibrated_forecaster_has_small_ece():
    # labels drawn from the predicted probabilities themselves: calibrated by construction
    rng = np.random.default_rng(0)
    p = softmax(2.0 * rng.normal(size=(20_000, 3)))
    labels = np.array([rng.choice(3, p=row) for row in p])
    assert expected_calibration_error(p, labels, n_bins=10) < 0.01
    # sharpening the same forecasts (T < 1) makes them overconfident
    sharpened = softmax(2.0 * np.log(p))
    assert expected_calibration_error(sharpened, labels, n_bins=10) > 0.05


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), sharpness=st.floats(0.5, 8.0))
@example(seed=166, sharpness=0.5)  # where torch's L-BFGS with a fixed step ran off (see below)
def test_fit_temperature_agrees_with_torch_and_sets_the_slope_to_zero(seed, sharpness):
    logits, labels = random_predictions(seed, n=300, classes=3, sharpness=sharpness)
    labels = np.where(np.random.default_rng(seed).random(300) < 0.6, logits.argmax(axis=1), labels)
    T = fit_temperature(logits, labels)
    z, y = torch.from_numpy(logits), torch.from_numpy(labels)
    t = torch.tensor(T, dtype=torch.float64, requires_grad=True)
    nll = torch.nn.functional.cross_entropy(z / t, y)
    (slope,) = torch.autograd.grad(nll, t)
    assert abs(slope.item()) < 1e-8  # a minimum of the NLL in T
    assert mean_nll(logits, labels, T) == pytest.approx(nll.item(), rel=1e-12)
    # torch's own optimiser on log T lands on the same temperature. With a line search: with a fixed step instead
    # (lr=0.5) it ran off to T = 5e-22 for seed=166, sharpness=0.5, and in 2 of 700 draws in all.
    log_t = torch.zeros((), dtype=torch.float64, requires_grad=True)
    optimiser = torch.optim.LBFGS(
        [log_t], max_iter=200, tolerance_grad=1e-12, tolerance_change=1e-15, line_search_fn="strong_wolfe"
    )

    def closure():
        optimiser.zero_grad()
        loss = torch.nn.functional.cross_entropy(z / log_t.exp(), y)
        loss.backward()
        return loss

    optimiser.step(closure)
    assert T == pytest.approx(log_t.exp().item(), rel=1e-5)


def test_temperature_keeps_the_argmax_and_lowers_held_out_nll():
    logits, labels = random_predictions(3, n=500, classes=5, sharpness=6.0)
    labels = np.where(np.random.default_rng(3).random(500) < 0.5, logits.argmax(axis=1), labels)
    T = fit_temperature(logits, labels)
    assert T > 1  # too sharp logits are cooled
    assert np.array_equal(softmax(logits / T).argmax(axis=1), logits.argmax(axis=1))
    assert mean_nll(logits, labels, T) < mean_nll(logits, labels)


def test_fit_temperature_returns_a_bound_when_the_minimum_lies_beyond_it():
    assert fit_temperature([[3.0, 0.0], [0.0, 3.0]], [0, 1]) == 0.05  # all right: colder is always better
    assert fit_temperature([[3.0, 0.0], [0.0, 3.0]], [1, 0], bounds=(0.5, 4.0)) == 4.0  # all wrong: hotter


def test_mean_nll_matches_torch():
    logits, labels = random_predictions(1)
    ours = mean_nll(logits, labels, temperature=1.7)
    theirs = torch.nn.functional.cross_entropy(torch.from_numpy(logits) / 1.7, torch.from_numpy(labels)).item()
    assert ours == pytest.approx(theirs, rel=1e-12)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: reliability_bins([[0.5, 0.5]], [0], n_bins=0), "n_bins must be a whole number >= 1"),
        (lambda: reliability_bins([0.5, 0.5], 0), r"probabilities must be a \(N, C\) table"),
        (lambda: reliability_bins([[0.7, 0.7]], [0]), "must sum to 1"),
        (lambda: expected_calibration_error([[0.5, 0.5]], [2]), "label out of range"),
        (lambda: fit_temperature([[1.0, 0.0]], [0], bounds=(2.0, 1.0)), "bounds must be two finite numbers"),
        (lambda: fit_temperature([1.0, 0.0], 0), r"logits must be a \(N, C\) table with C >= 2"),
        (lambda: mean_nll([[1.0, 0.0]], [0], temperature=0.0), "temperature must be a positive finite number"),
        (lambda: mean_nll([[1.0, np.nan]], [0]), "logits contains NaN"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_blobs_posterior_is_bayes_and_calibrated():
    x, y, posterior = overlapping_blobs(2000, seed=1)
    assert x.shape == (6000, 2) and np.bincount(y).tolist() == [2000, 2000, 2000]
    # the posterior is the exact Bayes rule for these Gaussians: labels drawn from it are calibrated ...
    assert expected_calibration_error(posterior, y) < 0.02
    # ... and its log-likelihood beats a sharpened or a flattened copy of it (strict propriety)
    logits = np.log(posterior)
    assert mean_nll(logits, y) < min(mean_nll(logits, y, 0.7), mean_nll(logits, y, 1.4))
    assert 0.8 < np.mean(posterior.argmax(axis=1) == y) < 0.87
    same = overlapping_blobs(2000, seed=1)
    assert all(np.array_equal(a, b) for a, b in zip((x, y, posterior), same))
    with pytest.raises(ValueError, match="n_per_class must be a whole number >= 1"):
        overlapping_blobs(0)
    with pytest.raises(ValueError, match="spread must be a positive finite number"):
        overlapping_blobs(3, spread=0.0)


def test_calibration_summary_matches_its_parts_and_torch():
    logits, labels = random_predictions(5)
    p = softmax(logits)
    s = calibration_summary(p, labels, n_bins=7)
    assert s["accuracy"] == np.mean(p.argmax(axis=1) == labels) and s["mean confidence"] == p.max(axis=1).mean()
    assert s["ECE"] == expected_calibration_error(p, labels, 7)
    nll = torch.nn.functional.nll_loss(torch.log(torch.from_numpy(p)), torch.from_numpy(labels)).item()
    assert s["NLL"] == pytest.approx(nll, rel=1e-12) and s["NLL"] == pytest.approx(mean_nll(logits, labels), rel=1e-9)


def test_mean_nll_keeps_every_digit_of_a_confident_right_answer():
    # -ln softmax([0, 30])[1] = log1p(e^-30) = 9.3576229688397368e-14 (mpmath); logsumexp(z) - z_y gives 9.237e-14
    assert abs(mean_nll([[0.0, 30.0], [30.0, 0.0]], [1, 0]) / 9.3576229688397368e-14 - 1) < 1e-13
