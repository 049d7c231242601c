"""helpers.training: the shipped Iris data, the confidently wrong start, and deterministic training runs."""

import hashlib
import os
from importlib import resources

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import helpers as h
from helpers.jacobian import cross_entropy_gradient, squared_error_gradient
from helpers.training import (
    IRIS_CLASSES,
    IRIS_FEATURES,
    confidently_wrong_start,
    flip_labels,
    load_iris,
    predict_probabilities,
    sigmoid_neuron_gradient,
    standardize_columns,
    stratified_split,
    train_mlp_classifier,
    train_sigmoid_neuron,
    train_softmax_classifier,
)

IRIS_SHA256 = "9cc1c345c71bcc9b486b74cbf6063fa66f4bb5e0f603a4b3c3471ec2e5e8e355"


@pytest.fixture(scope="module")
def iris():
    return load_iris()


@pytest.fixture(scope="module")
def bad_start_runs(iris):
    w, b = confidently_wrong_start(iris.features, iris.labels, scale=2.0)
    return {
        loss: train_softmax_classifier(
            iris.features, iris.labels, loss, w, b, learning_rate=1.0, epochs=2000, stop_at_accuracy=0.9
        )
        for loss in ("cross_entropy", "squared_error")
    }


# --- the data -------------------------------------------------------------------------------------


def test_shipped_csv_is_the_documented_file():
    data = resources.files("helpers").joinpath("data", "iris.csv").read_bytes()
    assert hashlib.sha256(data).hexdigest() == IRIS_SHA256
    readme = resources.files("helpers").joinpath("data", "README.md").read_text(encoding="utf-8")
    assert IRIS_SHA256 in readme and "Fisher" in readme and "scikit-learn 1.9.1" in readme


def test_load_iris_raw_values_match_fishers_table():
    raw = load_iris(standardize=False)
    assert raw.features.shape == (150, 4) and raw.labels.shape == (150,)
    assert raw.feature_names == IRIS_FEATURES and raw.class_names == IRIS_CLASSES
    assert raw.features[0].tolist() == [5.1, 3.5, 1.4, 0.2] and raw.features[-1].tolist() == [5.9, 3.0, 5.1, 1.8]
    assert np.bincount(raw.labels).tolist() == [50, 50, 50]
    assert raw.labels.tolist() == [0] * 50 + [1] * 50 + [2] * 50
    # the summary statistics every description of the data set quotes
    np.testing.assert_allclose(raw.features.mean(axis=0), [5.8433, 3.0573, 3.758, 1.1993], atol=5e-5)
    np.testing.assert_allclose(raw.features.min(axis=0), [4.3, 2.0, 1.0, 0.1])
    np.testing.assert_allclose(raw.features.max(axis=0), [7.9, 4.4, 6.9, 2.5])


def test_load_iris_standardizes_and_does_not_depend_on_the_working_directory(tmp_path, iris):
    np.testing.assert_allclose(iris.features.mean(axis=0), 0.0, atol=1e-14)
    np.testing.assert_allclose(iris.features.std(axis=0), 1.0, atol=1e-14)
    here = os.getcwd()
    try:
        os.chdir(tmp_path)
        np.testing.assert_array_equal(load_iris().features, iris.features)
    finally:
        os.chdir(here)


def test_standardize_columns():
    np.testing.assert_allclose(
        standardize_columns([[1.0, 10.0], [3.0, 30.0], [2.0, 20.0]]),
        [[-1.2247, -1.2247], [1.2247, 1.2247], [0, 0]],
        atol=5e-5,
    )


# --- the confidently wrong start ------------------------------------------------------------------


def test_confidently_wrong_start_is_wrong_and_confident(iris):
    w, b = confidently_wrong_start(iris.features, iris.labels, scale=2.0)
    p = predict_probabilities(iris.features, w, b)
    p_true = p[np.arange(150), iris.labels]
    assert np.mean(p.argmax(axis=1) == iris.labels) == pytest.approx(10 / 150)
    assert np.median(p_true) < 1e-3 and np.mean(p_true < 0.01) == pytest.approx(0.70)
    # unrotated, the same rows make the nearest-class-mean classifier, which is good
    means = np.stack([iris.features[iris.labels == c].mean(axis=0) for c in range(3)])
    good = predict_probabilities(iris.features, means, -0.5 * (means**2).sum(axis=1))
    assert np.mean(good.argmax(axis=1) == iris.labels) > 0.8
    zero_w, zero_b = confidently_wrong_start(iris.features, iris.labels, scale=0.0)
    assert not zero_w.any() and not zero_b.any()


def test_larger_scale_is_more_confident(iris):
    losses = []
    for scale in (1.0, 2.0, 3.0):
        w, b = confidently_wrong_start(iris.features, iris.labels, scale=scale)
        losses.append(h.cross_entropy(predict_probabilities(iris.features, w, b), iris.labels))
    assert losses[0] < losses[1] < losses[2]


# --- training -------------------------------------------------------------------------------------


def test_cross_entropy_reaches_90_percent_far_sooner_than_squared_error_from_the_bad_start(bad_start_runs):
    ce = bad_start_runs["cross_entropy"].epochs_to_accuracy(0.9)
    se = bad_start_runs["squared_error"].epochs_to_accuracy(0.9)
    assert (ce, se) == (20, 1634)
    assert 10 * ce < se
    assert bad_start_runs["cross_entropy"].grad_norm[0] > 10 * bad_start_runs["squared_error"].grad_norm[0]


def test_training_is_deterministic(iris):
    w, b = confidently_wrong_start(iris.features, iris.labels, scale=1.0)
    for loss in ("cross_entropy", "squared_error"):
        first = train_softmax_classifier(iris.features, iris.labels, loss, w, b, epochs=50)
        second = train_softmax_classifier(iris.features, iris.labels, loss, w, b, epochs=50)
        for field in ("loss", "accuracy", "cross_entropy", "squared_error", "grad_norm", "weights", "bias"):
            np.testing.assert_array_equal(getattr(first, field), getattr(second, field))
    seeded = [
        train_softmax_classifier(iris.features, iris.labels, "cross_entropy", epochs=5, seed=s).weights
        for s in (0, 0, 1)
    ]
    np.testing.assert_array_equal(seeded[0], seeded[1])
    assert not np.array_equal(seeded[0], seeded[2])


def test_training_leaves_torch_global_state_alone(iris):
    torch.use_deterministic_algorithms(False)
    threads = torch.get_num_threads()
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    train_softmax_classifier(iris.features, iris.labels, "cross_entropy", epochs=2)
    assert torch.equal(torch.rand(3), expected)
    assert not torch.are_deterministic_algorithms_enabled()
    assert torch.get_num_threads() == threads


@pytest.mark.parametrize(
    "loss, gradient", [("cross_entropy", cross_entropy_gradient), ("squared_error", squared_error_gradient)]
)
def test_recorded_gradient_norm_and_first_step_match_the_hand_derived_gradient(iris, loss, gradient):
    x, labels = iris.features, iris.labels
    w, b = confidently_wrong_start(x, labels, scale=1.5)
    g_logits = gradient(x @ w.T + b, labels)  # (N, C), already divided by N
    grad_w, grad_b = g_logits.T @ x, g_logits.sum(axis=0)
    history = train_softmax_classifier(x, labels, loss, w, b, learning_rate=0.5, epochs=1)
    assert history.grad_norm[0] == pytest.approx(np.sqrt((grad_w**2).sum() + (grad_b**2).sum()), rel=1e-12)
    np.testing.assert_allclose(history.weights, w - 0.5 * grad_w, atol=1e-13)
    np.testing.assert_allclose(history.bias, b - 0.5 * grad_b, atol=1e-13)
    p0 = predict_probabilities(x, w, b)
    assert history.cross_entropy[0] == pytest.approx(h.cross_entropy(p0, labels), rel=1e-12)
    assert history.squared_error[0] == pytest.approx(h.squared_error(p0, labels), rel=1e-12)


def test_history_lengths_and_early_stop(iris, bad_start_runs):
    ce = bad_start_runs["cross_entropy"]
    assert len(ce.loss) == len(ce.accuracy) == len(ce.grad_norm) == 21  # stopped at epoch 20
    assert ce.accuracy[-1] >= 0.9 > ce.accuracy[-2]
    full = train_softmax_classifier(iris.features, iris.labels, "cross_entropy", epochs=7)
    assert len(full.loss) == 8
    assert full.epochs_to_accuracy(1.0) is None and full.epochs_to_accuracy(0.0) == 0


def test_both_losses_learn_eventually(bad_start_runs, iris):
    w, b = confidently_wrong_start(iris.features, iris.labels, scale=2.0)
    se = train_softmax_classifier(iris.features, iris.labels, "squared_error", w, b, epochs=2000)
    assert se.accuracy[-1] > 0.95 and se.loss[-1] < se.loss[0] / 10


# --- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda d: train_softmax_classifier(d.features, d.labels, "mse"), "loss must be"),
        (lambda d: train_softmax_classifier(d.features, d.labels, "cross_entropy", learning_rate=0), "learning_rate"),
        (lambda d: train_softmax_classifier(d.features, d.labels, "cross_entropy", epochs=-1), "epochs"),
        (lambda d: train_softmax_classifier(d.features, d.labels, "cross_entropy", epochs=2.5), "epochs"),
        (
            lambda d: train_softmax_classifier(d.features, d.labels, "cross_entropy", stop_at_accuracy=1.5),
            "stop_at_accuracy",
        ),
        (
            lambda d: train_softmax_classifier(d.features, d.labels, "cross_entropy", weights=np.zeros((3, 4))),
            "both weights and bias",
        ),
        (
            lambda d: train_softmax_classifier(d.features, d.labels, "cross_entropy", np.zeros((3, 3)), np.zeros(3)),
            "shapes",
        ),
        (lambda d: train_softmax_classifier(d.features, d.labels[:10], "cross_entropy"), r"labels have shape \(10,\)"),
        (lambda d: train_softmax_classifier(d.features[:, 0], d.labels, "cross_entropy"), "2-D"),
        (lambda d: train_softmax_classifier(np.full((2, 2), np.nan), [0, 1], "cross_entropy"), "NaN"),
        (lambda d: train_softmax_classifier(d.features, d.labels - 1, "cross_entropy"), "class indices"),
        (lambda d: confidently_wrong_start(d.features, d.labels, scale=-1.0), "scale"),
        (lambda d: confidently_wrong_start(d.features[:60], d.labels[:60] * 2), "every class"),
        (lambda d: standardize_columns([[1.0, 2.0], [1.0, 3.0]]), "constant"),
        (lambda d: standardize_columns([1.0, 2.0]), "2-D"),
        (lambda d: predict_probabilities(d.features, np.zeros((3, 5)), np.zeros(3)), "shapes do not fit"),
        (
            lambda d: train_softmax_classifier(d.features, d.labels, "cross_entropy", epochs=1).epochs_to_accuracy(90),
            "target accuracy",
        ),
    ],
)
def test_bad_input_raises_a_value_error_that_says_what_is_wrong(iris, call, message):
    with pytest.raises(ValueError, match=message):
        call(iris)


# --- one sigmoid neuron ------------------------------------------------------------------------------

finite = st.floats(-4.0, 4.0)


@settings(max_examples=60, deadline=None)
@given(w=finite, b=finite, x=finite, y=st.floats(0.0, 1.0), loss=st.sampled_from(["quadratic", "cross_entropy"]))
def test_sigmoid_neuron_gradient_equals_autograd(w, b, x, y, loss):
    wt = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    bt = torch.tensor(b, dtype=torch.float64, requires_grad=True)
    z = wt * x + bt
    if loss == "quadratic":
        cost = 0.5 * (torch.sigmoid(z) - y) ** 2
    else:
        cost = torch.nn.functional.binary_cross_entropy_with_logits(z, torch.tensor(y, dtype=torch.float64))
    grad_w, grad_b = torch.autograd.grad(cost, (wt, bt))
    ours = sigmoid_neuron_gradient(w, b, x, y, loss)
    assert ours == pytest.approx((grad_w.item(), grad_b.item()), rel=1e-9, abs=1e-15)


def test_sigmoid_neuron_gradient_is_a_minus_y_times_sigmoid_prime_or_a_minus_y():
    a = float(h.sigmoid(2.0 * 1.0 + 2.0))
    quadratic = sigmoid_neuron_gradient(2.0, 2.0, 1.0, 0.0, "quadratic")
    cross = sigmoid_neuron_gradient(2.0, 2.0, 1.0, 0.0, "cross_entropy")
    assert quadratic == pytest.approx((a * a * (1 - a), a * a * (1 - a)), rel=1e-14)
    assert cross == pytest.approx((a, a), rel=1e-14)
    assert cross[0] / quadratic[0] == pytest.approx(1 / (a * (1 - a)))  # 1 / sigma'(z): about 57 at a = 0.982


def test_nielsens_learning_slowdown_is_reproduced():
    runs = {
        (loss, start): train_sigmoid_neuron(*start, loss=loss)
        for loss in ("quadratic", "cross_entropy")
        for start in ((0.6, 0.9), (2.0, 2.0))
    }
    assert round(runs["quadratic", (0.6, 0.9)].output[0], 2) == 0.82  # Nielsen's two starting outputs
    assert round(runs["quadratic", (2.0, 2.0)].output[0], 2) == 0.98
    # quadratic cost: the saturated start barely moves for 150 epochs; cross-entropy is fast from both starts
    assert runs["quadratic", (2.0, 2.0)].output[150] > 0.9 > runs["quadratic", (0.6, 0.9)].output[150]
    assert runs["cross_entropy", (2.0, 2.0)].epochs_to_output(0.1) < 60
    assert runs["cross_entropy", (0.6, 0.9)].epochs_to_output(0.1) < 60
    for run in runs.values():
        assert np.all(np.diff(run.output) < 0) and len(run.cost) == 301
    # the history replays the update rule
    run = runs["cross_entropy", (2.0, 2.0)]
    gw, gb = sigmoid_neuron_gradient(run.weight[5], run.bias[5], 1.0, 0.0, "cross_entropy")
    assert run.weight[6] == pytest.approx(run.weight[5] - 0.15 * gw) and run.bias[6] == pytest.approx(
        run.bias[5] - 0.15 * gb
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: sigmoid_neuron_gradient(1.0, 0.0, 1.0, 0.0, "mse"), "loss must be 'quadratic' or 'cross_entropy'"),
        (lambda: sigmoid_neuron_gradient(1.0, 0.0, 1.0, 2.0, "quadratic"), r"the target y must lie in \[0, 1\]"),
        (lambda: sigmoid_neuron_gradient(np.nan, 0.0, 1.0, 0.0, "quadratic"), "must be finite numbers"),
        (lambda: train_sigmoid_neuron(2.0, 2.0, learning_rate=0.0), "learning_rate must be a positive finite number"),
        (lambda: train_sigmoid_neuron(2.0, 2.0, epochs=-1), "epochs must be a whole number >= 0"),
        (lambda: stratified_split([0, 1, 1], (0.5, 0.6)), "fractions must be two or more positive numbers"),
        (lambda: stratified_split([[0, 1]], (0.5, 0.5)), "labels must be a non-empty 1-D array"),
        (lambda: flip_labels([0, 1, 2], 1.5), r"fraction must lie in \[0, 1\]"),
        (lambda: flip_labels([0, 1, 2], 0.5, num_classes=2), "num_classes must be at least 2 and larger"),
        (lambda: flip_labels([0, -1], 0.5), "labels must be a non-empty 1-D array of class indices"),
    ],
)
def test_neuron_split_and_noise_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# --- splits and label noise --------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), per_class=st.integers(3, 40), classes=st.integers(2, 5))
def test_stratified_split_is_a_partition_with_the_class_proportions(seed, per_class, classes):
    labels = np.repeat(np.arange(classes), per_class)
    parts = stratified_split(labels, (0.5, 0.25, 0.25), seed=seed)
    joined = np.concatenate(parts)
    assert sorted(joined.tolist()) == list(range(labels.size))  # every sample exactly once
    for part, share in zip(parts, (0.5, 0.25, 0.25)):
        assert np.all(np.diff(part) > 0)
        counts = np.bincount(labels[part], minlength=classes)
        assert np.all(np.abs(counts - share * per_class) <= 1)
    assert [p.tolist() for p in parts] == [p.tolist() for p in stratified_split(labels, (0.5, 0.25, 0.25), seed)]


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), fraction=st.floats(0.0, 1.0), classes=st.integers(2, 5))
def test_flip_labels_changes_exactly_the_requested_share(seed, fraction, classes):
    labels = np.arange(60) % classes
    noisy = flip_labels(labels, fraction, seed=seed)
    assert int((noisy != labels).sum()) == round(fraction * 60)
    assert noisy.min() >= 0 and noisy.max() < classes
    assert np.array_equal(noisy, flip_labels(labels, fraction, seed=seed))


def test_flipped_labels_are_spread_over_the_other_classes():
    labels = np.zeros(30_000, dtype=int)
    noisy = flip_labels(labels, 0.5, seed=0, num_classes=3)
    counts = np.bincount(noisy, minlength=3)
    assert counts[0] == 15_000 and abs(counts[1] - counts[2]) < 500


def test_training_can_keep_every_epochs_probabilities(iris):
    run = train_softmax_classifier(iris.features, iris.labels, "squared_error", epochs=5, keep_probabilities=True)
    assert run.probabilities.shape == (6, 150, 3)
    np.testing.assert_allclose(run.probabilities[-1], predict_probabilities(iris.features, run.weights, run.bias))
    accuracy = (run.probabilities.argmax(axis=2) == iris.labels).mean(axis=1)
    np.testing.assert_allclose(accuracy, run.accuracy)
    assert train_softmax_classifier(iris.features, iris.labels, "squared_error", epochs=2).probabilities is None


# --- the multilayer perceptron --------------------------------------------------------------------------


def test_mlp_is_deterministic_learns_and_keeps_its_checkpoints(iris):
    held_out = iris.features[::5]
    runs = [
        train_mlp_classifier(iris.features, iris.labels, hidden=(8,), steps=60, evaluate={"held": held_out}, every=20)
        for _ in range(2)
    ]
    assert np.array_equal(runs[0].loss, runs[1].loss) and runs[0].loss[-1] < runs[0].loss[0]
    assert runs[0].steps.tolist() == [0, 20, 40, 60]
    assert runs[0].logits["train"].shape == (4, 150, 3) and runs[0].logits["held"].shape == (4, 30, 3)
    np.testing.assert_array_equal(runs[0].logits["held"], runs[0].logits["train"][:, ::5])
    accuracy = (runs[0].logits["train"][-1].argmax(axis=1) == iris.labels).mean()
    assert accuracy > 0.8
    # the recorded loss is the mean cross-entropy of the logits before each step
    z0 = torch.from_numpy(runs[0].logits["train"][0])
    assert runs[0].loss[0] == pytest.approx(torch.nn.functional.cross_entropy(z0, torch.from_numpy(iris.labels)).item())
    se = train_mlp_classifier(iris.features, iris.labels, "squared_error", hidden=(8,), steps=20, every=20)
    p0 = h.softmax(se.logits["train"][0])
    assert se.loss[0] == pytest.approx(h.squared_error(p0, iris.labels), rel=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"loss": "hinge"}, "loss must be 'cross_entropy' or 'squared_error'"),
        ({"hidden": ()}, "hidden must list one or more layer sizes"),
        ({"steps": 0}, "steps and every must be whole numbers >= 1"),
        ({"learning_rate": -1.0}, "learning_rate must be a positive finite number"),
        ({"evaluate": {"bad": np.zeros((3, 2))}}, r"evaluate\['bad'\] must be a table with 4 columns"),
    ],
)
def test_mlp_errors(iris, kwargs, message):
    with pytest.raises(ValueError, match=message):
        train_mlp_classifier(iris.features, iris.labels, **kwargs)
