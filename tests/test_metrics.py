"""helpers.metrics and helpers.explorers.nn: the CNN tutorial's NN1/NN2 numbers, each definition, torch, errors."""

import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from hypothesis import assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import helpers as h  # noqa: E402
from helpers import metrics as m  # noqa: E402
from helpers.explorers import nn as nx  # noqa: E402
from helpers.metrics import SCORING_RULES, expected_score  # noqa: E402

NN1, NN2 = nx.TUTORIAL_PREDICTIONS["NN1"], nx.TUTORIAL_PREDICTIONS["NN2"]
Y = nx.LABELS
RNG = np.random.default_rng(6)


# --- the tutorial's table ----------------------------------------------------------------------------


def test_tutorial_predictions_are_the_comparison_table():
    assert NN1.tolist() == [[0.9, 0.1], [0.1, 0.9], [0.4, 0.6]]
    assert NN2.tolist() == [[0.6, 0.4], [0.3, 0.7], [0.1, 0.9]]
    assert Y.tolist() == [0, 1, 0] and nx.CLASS_NAMES == ("dog", "cat")
    for name, p_dog in nx.TUTORIAL_P_DOG.items():
        np.testing.assert_allclose(nx.predictions_from_p_dog(p_dog), nx.TUTORIAL_PREDICTIONS[name], atol=1e-15)


def test_tutorial_metric_table_classification_error_is_one_in_three_for_both():
    assert m.classification_error(NN1, Y) == m.classification_error(NN2, Y) == 1 / 3
    assert f"{m.classification_error(NN1, Y):.0%}" == "33%"
    assert m.misclassified(NN1, Y).tolist() == [False, False, True]
    assert m.misclassified(NN2, Y).tolist() == [False, False, True]


def test_tutorial_metric_table_mse_is_squared_error_summed_over_classes_averaged_over_items():
    assert m.squared_error_summed_over_classes(NN1, Y) == pytest.approx(0.76 / 3, abs=1e-15)
    assert m.squared_error_summed_over_classes(NN2, Y) == pytest.approx(2.12 / 3, abs=1e-15)
    assert round(m.squared_error_summed_over_classes(NN1, Y), 4) == 0.2533
    assert round(m.squared_error_summed_over_classes(NN2, Y), 4) == 0.7067
    assert (
        round(m.squared_error_summed_over_classes(NN1, Y), 2),
        round(m.squared_error_summed_over_classes(NN2, Y), 2),
    ) == (0.25, 0.71)


def test_tutorial_metric_table_cross_entropy_is_natural_log_averaged_over_items():
    nn1 = -(math.log(0.9) + math.log(0.9) + math.log(0.4)) / 3
    nn2 = -(math.log(0.6) + math.log(0.7) + math.log(0.1)) / 3
    assert m.cross_entropy_in_base(NN1, Y) == pytest.approx(nn1, rel=1e-14)
    assert m.cross_entropy_in_base(NN2, Y) == pytest.approx(nn2, rel=1e-14)
    assert (round(nn1, 4), round(nn2, 4)) == (0.3757, 1.0567)
    assert (round(nn1, 2), round(nn2, 2)) == (0.38, 1.06)


def test_tutorial_metrics_uses_the_tutorial_definitions():
    got = {name: m.tutorial_metrics(p, Y) for name, p in nx.TUTORIAL_PREDICTIONS.items()}
    assert {k: round(v, 2) for k, v in got["NN1"].items()} == {
        "classification error": 0.33,
        "MSE": 0.25,
        "cross-entropy": 0.38,
    }
    assert {k: round(v, 2) for k, v in got["NN2"].items()} == {
        "classification error": 0.33,
        "MSE": 0.71,
        "cross-entropy": 1.06,
    }
    assert [d.metric for d in m.METRIC_DEFINITIONS if d.in_tutorial] == list(m.TUTORIAL_METRICS)


def test_other_definitions_give_the_numbers_the_chapter_prints():
    rows = m.metric_table(nx.TUTORIAL_PREDICTIONS, Y)
    expected = [  # NN1, NN2, in definition order
        (1 / 3, 1 / 3),
        (0.76 / 3, 2.12 / 3),
        (0.38 / 3, 1.06 / 3),
        (0.38 / 3, 1.06 / 3),
        (0.76, 2.12),
        (-math.log(0.9 * 0.9 * 0.4) / 3, -math.log(0.6 * 0.7 * 0.1) / 3),
        (-math.log2(0.9 * 0.9 * 0.4) / 3, -math.log2(0.6 * 0.7 * 0.1) / 3),
        (-math.log10(0.9 * 0.9 * 0.4) / 3, -math.log10(0.6 * 0.7 * 0.1) / 3),
        (-math.log(0.9 * 0.9 * 0.4), -math.log(0.6 * 0.7 * 0.1)),
    ]
    assert len(rows) == len(expected) == len(m.METRIC_DEFINITIONS)
    for row, (nn1, nn2) in zip(rows, expected):
        assert row["NN1"] == pytest.approx(nn1, rel=1e-13), row["definition"]
        assert row["NN2"] == pytest.approx(nn2, rel=1e-13), row["definition"]
        assert set(row) == {"metric", "definition", "in tutorial", "NN1", "NN2", "where"}
    assert [round(r["NN1"], 4) for r in rows] == [0.3333, 0.2533, 0.1267, 0.1267, 0.76, 0.3757, 0.542, 0.1632, 1.127]
    assert [round(r["NN2"], 4) for r in rows] == [0.3333, 0.7067, 0.3533, 0.3533, 2.12, 1.0567, 1.5245, 0.4589, 3.1701]


def test_per_item_losses_of_the_tutorial():
    nn1, nn2 = (m.per_item_losses(p, Y) for p in (NN1, NN2))
    assert nn1["predicted"].tolist() == [0, 1, 1] and nn2["predicted"].tolist() == [0, 1, 1]
    np.testing.assert_allclose(nn1["p_true"], [0.9, 0.9, 0.4])
    np.testing.assert_allclose(nn2["p_true"], [0.6, 0.7, 0.1])
    np.testing.assert_allclose(nn1["squared_error"], [0.02, 0.02, 0.72], atol=1e-15)
    np.testing.assert_allclose(nn2["squared_error"], [0.32, 0.18, 1.62], atol=1e-15)
    np.testing.assert_allclose(nn2["cross_entropy"], -np.log([0.6, 0.7, 0.1]), rtol=1e-15)


# --- against torch ------------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(3, 2), (10, 3), (7, 10)])
def test_definitions_match_torch(shape):
    probs = h.softmax(RNG.normal(scale=2.0, size=shape))
    labels = RNG.integers(0, shape[1], size=shape[0])
    p, y = torch.tensor(probs), torch.tensor(labels)
    target = F.one_hot(y, shape[1]).double()
    assert m.squared_error_averaged_over_classes(probs, labels) == pytest.approx(
        F.mse_loss(p, target).item(), rel=1e-12
    )
    assert m.squared_error_summed_over_classes(probs, labels, "sum") == pytest.approx(
        F.mse_loss(p, target, reduction="sum").item(), rel=1e-12
    )
    assert m.cross_entropy_in_base(probs, labels) == pytest.approx(F.nll_loss(torch.log(p), y).item(), rel=1e-12)
    assert m.cross_entropy_in_base(probs, labels) == pytest.approx(F.cross_entropy(torch.log(p), y).item(), rel=1e-12)
    assert m.cross_entropy_in_base(probs, labels, reduction="sum") == pytest.approx(
        F.nll_loss(torch.log(p), y, reduction="sum").item(), rel=1e-12
    )
    accuracy = (p.argmax(dim=-1) == y).double().mean().item()
    assert m.classification_error(probs, labels) == pytest.approx(1 - accuracy, abs=1e-15)


# --- properties -------------------------------------------------------------------------------------

p_away_from_half = st.one_of(st.floats(0.01, 0.49), st.floats(0.51, 0.99))


@settings(max_examples=200, deadline=None)
@given(st.lists(p_away_from_half, min_size=1, max_size=8), st.data())
def test_classification_error_ignores_confidence_changes_that_do_not_cross_one_half_but_cross_entropy_does_not(
    p_dog, data
):
    labels = data.draw(st.lists(st.integers(0, 1), min_size=len(p_dog), max_size=len(p_dog)))
    moved = [data.draw(st.floats(0.01, 0.49) if p < 0.5 else st.floats(0.51, 0.99)) for p in p_dog]
    before, after = nx.predictions_from_p_dog(p_dog), nx.predictions_from_p_dog(moved)
    assert m.classification_error(before, labels) == m.classification_error(after, labels)
    p_true_before = m.true_class_probability(before, labels)
    p_true_after = m.true_class_probability(after, labels)
    ce_before, ce_after = m.cross_entropy_in_base(before, labels), m.cross_entropy_in_base(after, labels)
    if np.all(p_true_after >= p_true_before) and np.any(p_true_after > p_true_before + 1e-9):
        assert ce_after < ce_before  # more confidence on the truth always lowers CE ...
    if np.all(p_true_after <= p_true_before) and np.any(p_true_after < p_true_before - 1e-9):
        assert ce_after > ce_before  # ... and less raises it, while the error does not move


@settings(max_examples=200, deadline=None)
@given(st.floats(0.0, 1.0), st.floats(0.001, 0.999), st.integers(0, 1))
def test_cross_entropy_is_strictly_monotone_in_the_true_class_probability(a, b, label):
    assume(abs(a - b) > 1e-6 and a > 1e-6)
    lo, hi = sorted((a, b))
    preds = nx.predictions_from_p_dog([lo, hi] if label == 0 else [1 - lo, 1 - hi])
    per_item = m.cross_entropy_in_base(preds, [label, label], reduction="none")
    assert per_item[0] > per_item[1]


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 6), st.integers(2, 6), st.integers(0, 2**32 - 1))
def test_definitions_relate_as_their_formulas_say(items, classes, seed):
    rng = np.random.default_rng(seed)
    probs = h.softmax(rng.normal(scale=3.0, size=(items, classes)))
    labels = rng.integers(0, classes, size=items)
    summed = m.squared_error_summed_over_classes(probs, labels)
    assert m.squared_error_averaged_over_classes(probs, labels) == pytest.approx(summed / classes, rel=1e-12)
    assert m.squared_error_summed_over_classes(probs, labels, "sum") == pytest.approx(summed * items, rel=1e-12)
    true_only = m.true_class_squared_error(probs, labels, "none")
    # the wrong classes share 1 - p_y, so their squares add at least (1 - p_y)^2 / (C - 1)
    lower = true_only * (1 + 1 / (classes - 1))
    assert np.all(m.squared_error_summed_over_classes(probs, labels, "none") >= lower - 1e-12)
    if classes == 2:  # both entries are off by the same amount
        np.testing.assert_allclose(
            m.squared_error_summed_over_classes(probs, labels, "none"), 2 * true_only, rtol=1e-12, atol=1e-15
        )
    nats = m.cross_entropy_in_base(probs, labels)
    assert m.cross_entropy_in_base(probs, labels, base=2) == pytest.approx(nats / math.log(2), rel=1e-12)
    assert m.cross_entropy_in_base(probs, labels, base=10) == pytest.approx(nats / math.log(10), rel=1e-12)
    assert m.cross_entropy_in_base(probs, labels, reduction="sum") == pytest.approx(nats * items, rel=1e-12)
    assert m.classification_error(probs, labels, "sum") == pytest.approx(m.classification_error(probs, labels) * items)


def test_a_tie_counts_as_a_vote_for_the_first_class():
    assert m.predicted_classes([0.5, 0.5]) == 0
    assert m.classification_error([[0.5, 0.5]], [0]) == 0.0
    assert m.classification_error([[0.5, 0.5]], [1]) == 1.0


def test_one_hot_labels_give_the_same_numbers():
    one_hot = h.one_hot(Y, 2)
    for d in m.METRIC_DEFINITIONS:
        assert d.compute(NN2, one_hot) == pytest.approx(d.compute(NN2, Y), rel=1e-15), d.definition


def test_zero_probability_on_the_true_class_gives_infinite_cross_entropy():
    assert m.cross_entropy_in_base([[0.0, 1.0]], [0]) == math.inf
    assert nx.explorer_metrics([0.0, 0.1, 0.4], [0.6, 0.3, 0.1])["NN1"]["cross-entropy"] == math.inf
    assert nx.nn_readout([0.0, 0.1, 0.4], [0.6, 0.3, 0.1])["ce_NN1"] == "∞"


# --- bad input --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: m.classification_error([[0.9, 0.3]], [0]), "must sum to 1"),
        (lambda: m.classification_error([[1.2, -0.2]], [0]), r"must lie in \[0, 1\]"),
        (lambda: m.classification_error(NN1, [0, 1]), "labels have shape"),
        (lambda: m.classification_error(NN1, [0, 1, 2]), "label out of range"),
        (lambda: m.classification_error(NN1, Y, reduction="avg"), "reduction must be"),
        (lambda: m.true_class_squared_error(NN1, Y, reduction="max"), "reduction must be"),
        (lambda: m.squared_error_averaged_over_classes([[np.nan, 1.0]], [0]), "contains NaN"),
        (lambda: m.cross_entropy_in_base(NN1, Y, base=1), "base must be a positive finite number other than 1"),
        (lambda: m.cross_entropy_in_base(NN1, Y, base=-2.0), "base must be"),
        (lambda: m.cross_entropy_in_base(NN1, Y, base=math.inf), "base must be"),
        (lambda: m.cross_entropy_in_base(NN1, Y, base="e"), "base must be"),
        (lambda: m.metric_table({}, Y), "predictions is empty"),
        (lambda: m.metric_table({"NN1": NN1}, Y, definitions=()), "definitions is empty"),
        (lambda: m.metric_table({"metric": NN1}, Y), "clash with the table's columns"),
        (lambda: m.per_item_losses(NN1, [0, 1]), "labels have shape"),
        (lambda: nx.predictions_from_p_dog([0.5, 1.5]), r"must lie in \[0, 1\]"),
        (lambda: nx.predictions_from_p_dog([[0.5]]), "one per image"),
        (lambda: nx.predictions_from_p_dog([]), "one per image"),
        (lambda: nx.explorer_metrics([0.9, 0.1], [0.6, 0.3, 0.1]), "labels have shape"),
        (lambda: nx.sweep_image([0.6, 0.3, 0.1], 3, [0.5]), "image must be an index from 0 to 2"),
        (lambda: nx.sweep_image([0.6, 0.3, 0.1], 1.0, [0.5]), "image must be an index"),
        (lambda: nx.sweep_image([0.6, 0.3, 0.1], 0, []), "grid must be a non-empty"),
        (lambda: nx.nn_explorer(nn1_p_dog=(1.5, 0.1, 0.4)), r"must lie in \[0, 1\]"),
        (lambda: nx.sweep_figure(network="NN3"), "unknown network 'NN3'"),
        (lambda: nx.sweep_figure(reference="nn1"), "unknown network 'nn1'"),
        (lambda: nx.sweep_figure(points=2), "points must be a whole number"),
        (lambda: nx.sweep_figure(image=5), "image must be an index"),
        (
            lambda: nx.network_metric_bars([None, None], nx.explorer_metrics(*nx.TUTORIAL_P_DOG.values())),
            "one axis per metric",
        ),
    ],
)
def test_bad_input_raises_a_clear_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# --- the explorer ------------------------------------------------------------------------------------


def test_sweep_image_shows_a_step_for_classification_error_and_a_smooth_cross_entropy():
    grid = np.linspace(0.01, 0.99, 99)
    curves = nx.sweep_image(nx.TUTORIAL_P_DOG["NN2"], 2, grid)
    error = curves["classification error"]
    assert set(np.round(error, 12)) == {0.0, round(1 / 3, 12)}
    np.testing.assert_array_equal(error[grid < 0.5], 1 / 3)
    np.testing.assert_array_equal(error[grid >= 0.5], 0.0)  # at exactly 0.5 the tie goes to dog, the truth
    assert np.all(np.diff(curves["cross-entropy"]) < 0) and np.all(np.diff(curves["MSE"]) < 0)
    at_seed = nx.sweep_image(nx.TUTORIAL_P_DOG["NN2"], 2, [0.1])
    for name, value in nx.explorer_metrics(*nx.TUTORIAL_P_DOG.values())["NN2"].items():
        assert at_seed[name][0] == pytest.approx(value, rel=1e-12)


def test_explorer_starts_at_the_seed_and_follows_its_values():
    explorer = nx.nn_explorer()
    assert explorer.values() == ([0.9, 0.1, 0.4], [0.6, 0.3, 0.1])
    shown = explorer.readout()
    assert (shown["err_NN1"], shown["mse_NN1"], shown["ce_NN1"]) == ("0.3333", "0.2533", "0.3757")
    assert (shown["err_NN2"], shown["mse_NN2"], shown["ce_NN2"]) == ("0.3333", "0.7067", "1.0567")
    assert [shown[f"verdict_{k}"] for k in ("err", "mse", "ce")] == ["tie", "NN1 lower", "NN1 lower"]
    explorer.nn2 = [0.6, 0.3, 0.8]  # NN2 now gets image 3 right
    assert explorer.metrics()["NN2"]["classification error"] == 0.0
    assert explorer.metrics()["NN2"]["cross-entropy"] == pytest.approx(
        -(math.log(0.6) + math.log(0.7) + math.log(0.8)) / 3
    )
    assert explorer.readout() == nx.nn_readout([0.9, 0.1, 0.4], [0.6, 0.3, 0.8])
    assert explorer.readout()["verdict_err"] == "NN2 lower"
    explorer.reset()
    assert explorer.values() == ([0.9, 0.1, 0.4], [0.6, 0.3, 0.1]) and explorer.readout() == shown


def test_network_metric_bars_draws_one_bar_per_network_per_metric():
    fig, axes = plt.subplots(1, 3)
    nx.network_metric_bars(axes, nx.explorer_metrics(*nx.TUTORIAL_P_DOG.values()))
    assert [ax.get_title() for ax in axes] == list(nx.METRIC_NAMES)
    heights = [[round(bar.get_height(), 4) for bar in ax.patches] for ax in axes]
    assert heights == [[0.3333, 0.3333], [0.2533, 0.7067], [0.3757, 1.0567]]
    assert [t.get_text() for t in axes[0].texts] == ["33%", "33%"]
    plt.close(fig)


def test_sweep_figure_draws_the_step_and_the_smooth_curves_through_the_seed_point():
    fig = nx.sweep_figure(points=201)
    left, right = fig.axes
    step_segments = [line for line in left.get_lines() if len(line.get_xdata()) > 2]
    assert len(step_segments) == 2  # one flat piece on each side of 0.5
    assert set(np.round(step_segments[0].get_ydata(), 12)) == {round(1 / 3, 12)}
    assert set(np.round(step_segments[1].get_ydata(), 12)) == {0.0}
    dots = {
        (float(line.get_xdata()[0]), round(float(line.get_ydata()[0]), 4))
        for line in left.get_lines()
        if len(line.get_xdata()) == 1
    }
    assert dots == {(0.5, 0.3333), (0.5, 0.0)}
    ce = next(line for line in right.get_lines() if line.get_label() == "NN2 cross-entropy")
    assert np.all(np.diff(ce.get_ydata()) < 0)
    levels = {
        line.get_label(): round(float(line.get_ydata()[0]), 4)
        for line in right.get_lines()
        if line.get_label().startswith("NN1")
    }
    assert levels == {"NN1 cross-entropy": 0.3757, "NN1 MSE": 0.2533}
    seed_dot = [line for line in right.get_lines() if len(line.get_xdata()) == 1]
    assert [(float(d.get_xdata()[0]), round(float(d.get_ydata()[0]), 4)) for d in seed_dot] == [(0.1, 1.0567)]
    plt.close(fig)


# --- proper scoring rules ----------------------------------------------------------------------------


def distributions(classes):
    return st.lists(st.floats(0.01, 1.0), min_size=classes, max_size=classes).map(lambda v: np.array(v) / sum(v))


@settings(max_examples=60, deadline=None)
@given(data=st.data(), classes=st.integers(2, 5))
def test_log_and_brier_are_strictly_proper_and_decompose(data, classes):
    q = data.draw(distributions(classes))
    p = data.draw(distributions(classes))
    entropy = -np.sum(q * np.log(q))
    kl = np.sum(q * np.log(q / p))
    assert expected_score(p, q, "log") == pytest.approx(entropy + kl, rel=1e-12)
    assert expected_score(p, q, "brier") == pytest.approx(np.sum((p - q) ** 2) + 1 - np.sum(q**2), rel=1e-12)
    for rule in ("log", "brier"):  # no forecast beats the truth in expectation
        assert expected_score(q, q, rule) <= expected_score(p, q, rule) + 1e-12


def test_absolute_error_is_improper_it_rewards_certainty_on_the_likeliest_class():
    q = np.array([0.7, 0.2, 0.1])
    assert expected_score(q, q, "absolute") == pytest.approx(2 * (1 - np.sum(q * q)))
    certain = expected_score([1.0, 0.0, 0.0], q, "absolute")
    assert certain == pytest.approx(0.6) and certain < expected_score(q, q, "absolute")
    grid = [np.array([a, (1 - a) / 2, (1 - a) / 2]) for a in np.linspace(0, 1, 101)]
    best = min(grid, key=lambda p: expected_score(p, q, "absolute"))
    assert best[0] == 1.0


def test_expected_score_is_the_average_of_the_course_losses():
    p, q = np.array([0.6, 0.3, 0.1]), np.array([0.5, 0.25, 0.25])
    assert expected_score(p, q, "log") == pytest.approx(sum(q[y] * h.cross_entropy(p, y) for y in range(3)))
    assert expected_score(p, q, "brier") == pytest.approx(sum(q[y] * h.squared_error(p, y) for y in range(3)))
    assert expected_score([1.0, 0.0], [1.0, 0.0], "log") == 0.0  # a label with q = 0 costs nothing
    assert set(SCORING_RULES) == {"log", "brier", "absolute"}
    with pytest.raises(ValueError, match="rule must be one of"):
        expected_score(p, q, "spherical")
    with pytest.raises(ValueError, match="two distributions over the same classes"):
        expected_score([0.5, 0.5], q, "log")
