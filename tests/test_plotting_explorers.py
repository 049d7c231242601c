"""The figure helpers of chapters 1-3 and the softmax / cross-entropy explorers, tested without a display."""

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import helpers as h  # noqa: E402
from helpers.explorers import (  # noqa: E402
    CrossEntropyExplorer,
    SoftmaxExplorer,
    cross_entropy_view,
    softmax_view,
)
from helpers.plotting import (  # noqa: E402
    plot_argmax_steps,
    plot_neg_log,
    plot_sigmoid_as_softmax,
    plot_temperature_sweep,
    probability_bars,
    sweep_logit,
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# --- softmax_view: the numbers the softmax explorer shows ------------------------------------------


def test_softmax_view_reproduces_the_worked_example_of_the_explainer():
    view = softmax_view([2.0, 1.0, 0.0])
    assert view.exps.round(3).tolist() == [7.389, 2.718, 1.0]
    assert round(view.total, 3) == 11.107
    assert view.probabilities.round(3).tolist() == [0.665, 0.245, 0.090]
    assert view.predicted == 0
    assert view.steps().splitlines() == [
        "z         = [2.000, 1.000, 0.000]",
        "e^z       = [7.389, 2.718, 1.000]",
        "sum       = 11.107",
        "softmax   = [0.665, 0.245, 0.090]",
    ]


def test_softmax_view_steps_show_the_temperature_and_never_minus_zero():
    lines = softmax_view([-0.0001, 2.0], temperature=2.0).steps(decimals=2).splitlines()
    assert lines[0] == "z         = [0.00, 2.00]"
    assert lines[1] == "z/T       = [0.00, 1.00]   (T = 2)"
    assert lines[2].startswith("e^(z/T)   = [1.00, 2.72]")


@pytest.mark.parametrize("temperature", [0.05, 0.5, 1.0, 3.0, 20.0])
def test_softmax_view_matches_torch_softmax_of_logits_over_temperature(temperature):
    logits = np.array([2.0, -1.5, 0.3, 4.2])
    view = softmax_view(logits, temperature)
    expected = torch.softmax(torch.tensor(logits) / temperature, dim=0).numpy()
    np.testing.assert_allclose(view.probabilities, expected, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(view.scaled, logits / temperature)
    np.testing.assert_allclose(view.exps / view.total, expected, rtol=1e-12, atol=1e-300)
    assert view.predicted == 3 and view.temperature == temperature


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(-5, 5), min_size=2, max_size=6), st.floats(0.05, 20))
def test_softmax_view_is_a_distribution_with_the_logits_argmax(logits, temperature):
    view = softmax_view(logits, temperature)
    assert view.probabilities.sum() == pytest.approx(1.0, abs=1e-12)
    assert np.all((view.probabilities >= 0) & (view.probabilities <= 1))
    assert view.predicted == int(np.argmax(logits))


def test_softmax_view_temperature_limits():
    assert softmax_view([2.0, 1.0, 0.1], 0.01).probabilities.round(6).tolist() == [1.0, 0.0, 0.0]
    np.testing.assert_allclose(softmax_view([2.0, 1.0, 0.1], 1e4).probabilities, [1 / 3] * 3, atol=1e-4)


def test_softmax_view_keeps_probabilities_right_when_the_plain_exponentials_overflow():
    view = softmax_view([1000.0, 1001.0, 1002.0])
    assert np.isinf(view.total)
    np.testing.assert_allclose(view.probabilities, [0.09003057, 0.24472847, 0.66524096], atol=1e-8)


@pytest.mark.parametrize(
    "logits, temperature, message",
    [
        ([], 1.0, "empty"),
        ([1.0, float("nan")], 1.0, "NaN"),
        ([1.0, 2.0], 0.0, "temperature"),
        ([[1.0, 2.0], [3.0, 4.0]], 1.0, "one vector"),
    ],
)
def test_softmax_view_rejects_bad_input(logits, temperature, message):
    with pytest.raises(ValueError, match=message):
        softmax_view(logits, temperature)


# --- cross_entropy_view: the numbers the cross-entropy explorer shows -----------------------------


@pytest.mark.parametrize(
    "p, loss", [(0.8, 0.223), (0.2, 1.609), (0.471, 0.753), (0.7, 0.357), (0.1, 2.303), (0.57, 0.562), (1.0, 0.0)]
)
def test_cross_entropy_view_gives_minus_ln_p(p, loss):
    view = cross_entropy_view(p)
    assert round(view.loss, 3) == loss
    assert view.loss == pytest.approx(-math.log(p), abs=1e-15)
    assert view.slope == pytest.approx(-1 / p)
    assert view.probabilities.sum() == pytest.approx(1.0)


def test_cross_entropy_view_matches_torch_and_shares_the_rest_equally():
    view = cross_entropy_view(0.25, num_classes=4, true_class=2)
    assert view.probabilities.tolist() == [0.25, 0.25, 0.25, 0.25]
    log_probs = torch.log(torch.tensor(view.probabilities[None]))
    expected = torch.nn.functional.nll_loss(log_probs, torch.tensor([2])).item()
    assert view.loss == pytest.approx(expected, rel=1e-12)


def test_cross_entropy_view_says_whether_the_prediction_is_right():
    assert cross_entropy_view(0.5).predicted == 0
    assert cross_entropy_view(0.3).predicted == 1  # 0.35 and 0.35 on the others: first index wins
    assert cross_entropy_view(0.34).predicted == 0


def test_cross_entropy_view_loss_at_one_is_positive_zero():
    assert math.copysign(1.0, cross_entropy_view(1.0).loss) == 1.0


@pytest.mark.parametrize(
    "args, message",
    [
        ((0.0,), "infinite"),
        ((1.5,), r"\(0, 1\]"),
        ((float("nan"),), "p_true"),
        ((0.5, 1), "num_classes"),
        ((0.5, 3, 3), "true_class"),
    ],
)
def test_cross_entropy_view_rejects_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        cross_entropy_view(*args)


# --- the explorers build and react without a display ----------------------------------------------


def test_softmax_explorer_builds_and_follows_its_state():
    explorer = SoftmaxExplorer([2.0, 1.0, 0.1], class_names=["cat", "dog", "horse"])
    assert [explorer.readout()[f"p{i}"] for i in range(3)] == ["0.6590", "0.2424", "0.0986"]
    data, _ = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data and 'data-explorer="softmax"' in data["text/html"]
    explorer.logits = [2.0, 1.0, 3.0]
    assert explorer.readout()["argmax"] == "2"
    assert explorer.readout()["p2"] == f"{h.softmax([2.0, 1.0, 3.0])[2]:.4f}"
    explorer.temperature = 10.0
    assert explorer.readout()["p0"] == f"{h.softmax([2.0, 1.0, 3.0], temperature=10.0)[0]:.4f}"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"logits": [float("nan"), 0.0]}, "NaN"),
        ({"temperature": 0.0}, "temperature"),
        ({"class_names": ["a"]}, "class names"),
    ],
)
def test_softmax_explorer_rejects_bad_settings(kwargs, message):
    with pytest.raises(ValueError, match=message):
        SoftmaxExplorer(**kwargs)


def test_cross_entropy_explorer_builds_and_follows_its_state():
    explorer = CrossEntropyExplorer(0.7)
    assert explorer.readout()["loss"] == "0.3567"
    explorer.p_true = 0.2
    shown = explorer.readout()
    assert (shown["loss"], shown["slope"], shown["verdict"]) == ("1.6094", "-5.00", "wrong")


def test_cross_entropy_explorer_rejects_a_zero_probability():
    with pytest.raises(ValueError, match="infinite"):
        CrossEntropyExplorer(0.0)


# --- figure helpers ---------------------------------------------------------------------------------


def test_sweep_logit_varies_one_entry():
    rows = sweep_logit([0.0, 1.0, 0.5], 0, [-1.0, 0.9, 1.1, 3.0], np.argmax)
    assert rows.tolist() == [1, 1, 0, 0]
    probs = sweep_logit([0.0, 1.0], 1, [0.0, 2.0], h.softmax)
    np.testing.assert_allclose(probs, [h.softmax([0.0, 0.0]), h.softmax([0.0, 2.0])])


@pytest.mark.parametrize("logits, index, message", [([], 0, "non-empty"), ([1.0, 2.0], 2, "out of range")])
def test_sweep_logit_rejects_bad_input(logits, index, message):
    with pytest.raises(ValueError, match=message):
        sweep_logit(logits, index, [0.0], np.argmax)


def test_plot_argmax_steps_draws_a_step_and_a_smooth_curve():
    fig, axes = plt.subplots(1, 2)
    ax_class, ax_out = plot_argmax_steps(axes, [0.0, 1.0, 0.5], index=0, grid=np.linspace(-3, 4, 701))
    predicted = ax_class.lines[0].get_ydata()
    assert set(np.unique(predicted)) == {0.0, 1.0}
    step, smooth = ax_out.lines[0].get_ydata(), ax_out.lines[1].get_ydata()
    # the one-hot output is flat except for one jump; softmax changes at every grid step
    assert np.count_nonzero(np.diff(step)) == 1
    assert np.all(np.diff(smooth) > 0)


def test_plot_temperature_sweep_reaches_both_limits():
    fig, ax = plt.subplots()
    plot_temperature_sweep(ax, [2.0, 1.0, 0.1], temperatures=np.logspace(-2, 3, 50))
    first_class = ax.lines[0].get_ydata()
    assert first_class[0] == pytest.approx(1.0) and first_class[-1] == pytest.approx(1 / 3, abs=1e-3)
    assert ax.get_xscale() == "log"


def test_plot_sigmoid_as_softmax_dots_lie_on_the_curve():
    fig, ax = plt.subplots()
    plot_sigmoid_as_softmax(ax)
    curve, dots = ax.lines[0], ax.lines[1]
    np.testing.assert_allclose(
        np.interp(dots.get_xdata(), curve.get_xdata(), curve.get_ydata()), dots.get_ydata(), atol=1e-12
    )


def test_plot_neg_log_marks_points_and_rejects_a_bad_range():
    fig, ax = plt.subplots()
    plot_neg_log(ax, {"0.8": 0.8, "0.2": 0.2}, marker=0.5)
    marked = [(line.get_xdata()[0], line.get_ydata()[0]) for line in ax.lines[1:]]
    np.testing.assert_allclose(marked, [(0.8, -math.log(0.8)), (0.2, -math.log(0.2)), (0.5, math.log(2))])
    assert [t.get_text() for t in ax.texts] == ["−ln 0.8 = 0.223", "−ln 0.2 = 1.609"]
    with pytest.raises(ValueError, match="p_min"):
        plot_neg_log(ax, p_min=0.0)


def test_probability_bars_writes_each_probability():
    fig, ax = plt.subplots()
    probability_bars(ax, [0.25, 0.75], highlight=1)
    assert [t.get_text() for t in ax.texts] == ["0.250", "0.750"]
