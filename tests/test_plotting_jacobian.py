"""helpers.plotting (the softmax Jacobian chapter's figures): they draw what they are given, and refuse bad shapes."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers.plotting import plot_gradient_check_errors, plot_loss_along_a_line


def test_loss_along_a_line_draws_one_labelled_curve_per_loss():
    fig, ax = plt.subplots()
    grid = np.linspace(-2, 2, 5)
    plot_loss_along_a_line(ax, grid, {"convex": grid**2, "not": np.tanh(grid)}, "t")
    assert [line.get_label() for line in ax.get_lines()] == ["convex", "not"]
    np.testing.assert_array_equal(ax.get_lines()[0].get_ydata(), grid**2)
    assert ax.get_xlabel() == "t"
    plt.close(fig)


def test_gradient_check_errors_are_drawn_log_log_with_the_best_steps():
    fig, ax = plt.subplots()
    steps = 10.0 ** -np.arange(1, 5)
    plot_gradient_check_errors(ax, steps, {"float64": [1e-3, 1e-5, 1e-7, 1e-6]}, best_steps={"float64": 6e-6})
    assert ax.get_xscale() == ax.get_yscale() == "log"
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == ["float64", "float64: δ = ε^(1/3)"]
    plt.close(fig)


@pytest.mark.parametrize(
    "draw",
    [
        lambda ax: plot_loss_along_a_line(ax, [0.0, 1.0], {"a": [0.0, 1.0, 2.0]}, "t"),
        lambda ax: plot_gradient_check_errors(ax, [1e-1, 1e-2], {"a": [1e-3]}),
    ],
)
def test_a_curve_of_the_wrong_shape_raises_a_value_error(draw):
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="expected"):
        draw(ax)
    plt.close(fig)
