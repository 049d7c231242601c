"""helpers.plotting (the loss chapters' figures).

Each figure function draws what it should and rejects input it cannot draw.
"""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers.jacobian import softmax_jacobian
from helpers.plotting import jacobian_heatmap, plot_training_histories, plot_true_class_curves
from helpers.training import load_iris, train_softmax_classifier


def test_jacobian_heatmap_writes_every_entry():
    fig, ax = plt.subplots()
    J = softmax_jacobian([2.0, 1.0, 0.1])
    jacobian_heatmap(ax, J, ["0", "1", "2"], title="t")
    texts = sorted(t.get_text() for t in ax.texts)
    assert len(texts) == 9 and "+0.2247" in texts and "-0.1598" in texts
    assert ax.get_title() == "t"
    plt.close(fig)


def test_true_class_curves_draw_one_line_per_curve_on_a_log_axis():
    fig, (a, b) = plt.subplots(1, 2)
    p = np.logspace(-3, -0.01, 20)
    plot_true_class_curves(a, b, p, {"ce": -np.log(p), "se": (1 - p) ** 2}, {"ce": p - 1, "se": -2 * p * (1 - p) ** 2})
    assert len(a.lines) == 2 and a.get_xscale() == "log"
    np.testing.assert_allclose(b.lines[0].get_ydata(), p - 1)
    plt.close(fig)


def test_training_histories_mark_the_epoch_that_reaches_the_target():
    data = load_iris()
    run = train_softmax_classifier(data.features, data.labels, "cross_entropy", epochs=30)
    fig, axes = plt.subplots(1, 3)
    plot_training_histories(axes, {"ce": run}, target_accuracy=0.9)
    reached = run.epochs_to_accuracy(0.9)
    assert any(line.get_xdata()[0] == reached + 1 for line in axes[1].lines[1:])
    plt.close(fig)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda ax: jacobian_heatmap(ax, np.zeros((2, 3))), "square"),
        (lambda ax: jacobian_heatmap(ax, np.zeros((2, 2)), ["a"]), "class names"),
        (lambda ax: plot_true_class_curves(ax, ax, [0.1, 0.2], {"x": [1.0]}, {}), "shape"),
        (lambda ax: plot_training_histories([ax], {}), "3 axes"),
    ],
)
def test_bad_input_raises_a_value_error(call, message):
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match=message):
        call(ax)
    plt.close(fig)
