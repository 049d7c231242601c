"""Figures for the softmax-Jacobian and cross-entropy-versus-squared-error chapters.

Each function draws on axes it is given and returns them, so a chapter decides the layout.

>>> import matplotlib.pyplot as plt
>>> fig, ax = plt.subplots(); _ = jacobian_heatmap(ax, [[0.25, -0.25], [-0.25, 0.25]]); plt.close(fig)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.axes import Axes
from numpy.typing import ArrayLike

from .plotting import COLORS

if TYPE_CHECKING:  # pragma: no cover
    from .training import TrainingHistory

LOSS_COLORS = {"cross_entropy": COLORS["main"], "squared_error": COLORS["highlight"]}
LOSS_LABELS = {"cross_entropy": "cross-entropy", "squared_error": "squared error"}


def jacobian_heatmap(
    ax: Axes, matrix: ArrayLike, class_names: Sequence[str] | None = None, title: str = ""
) -> Axes:
    """Draw a square matrix as a red (negative) / blue (positive) grid with each entry written in its cell.

    Row i, column j is dp_i/dz_j: how much probability i moves when logit j goes up by a little.
    """
    m = np.asarray(matrix, dtype=float)
    if m.ndim != 2 or m.shape[0] != m.shape[1]:
        raise ValueError(f"jacobian_heatmap needs a square matrix, got shape {m.shape}")
    n = m.shape[0]
    names = list(class_names) if class_names is not None else [str(i) for i in range(n)]
    if len(names) != n:
        raise ValueError(f"got {len(names)} class names for a {n} x {n} matrix")
    limit = float(np.max(np.abs(m))) or 1.0
    ax.imshow(m, cmap="RdBu", vmin=-limit, vmax=limit)
    for i in range(n):
        for j in range(n):
            color = "white" if abs(m[i, j]) > 0.6 * limit else "black"
            ax.text(j, i, f"{m[i, j]:+.4f}", ha="center", va="center", color=color, fontsize=10)
    ax.set_xticks(range(n), [f"$z_{{{name}}}$" for name in names])
    ax.set_yticks(range(n), [f"$p_{{{name}}}$" for name in names])
    ax.set_xlabel("logit changed (column j)")
    ax.set_ylabel("probability that responds (row i)")
    ax.grid(False)
    if title:
        ax.set_title(title)
    return ax


def plot_true_class_curves(
    loss_ax: Axes,
    gradient_ax: Axes,
    p_true: ArrayLike,
    losses: Mapping[str, ArrayLike],
    gradients: Mapping[str, ArrayLike],
) -> tuple[Axes, Axes]:
    """Losses (left) and their derivatives with respect to the true class's logit (right) against p_y.

    The x axis is logarithmic so that the region p_y -> 0 (confidently wrong) is visible. Curves are drawn
    in the order given; a name containing 'cross' is drawn in blue, others in red/grey shades.
    """
    p = np.asarray(p_true, dtype=float)
    palette = [COLORS["main"], COLORS["highlight"], COLORS["second"], COLORS["muted"]]
    for ax, curves, ylabel in (
        (loss_ax, losses, "loss"),
        (gradient_ax, gradients, r"$\partial L / \partial z_y$"),
    ):
        for k, (label, values) in enumerate(curves.items()):
            values = np.asarray(values, dtype=float)
            if values.shape != p.shape:
                raise ValueError(f"curve {label!r} has shape {values.shape}; expected {p.shape}, the shape of p_true")
            ax.plot(p, values, color=palette[k % len(palette)], lw=2, ls="-" if k < 2 else "--", label=label)
        ax.set_xscale("log")
        ax.set_xlabel(r"probability of the true class $p_y$")
        ax.set_ylabel(ylabel)
        ax.legend(fontsize=9)
    loss_ax.set_title("loss")
    gradient_ax.set_title("gradient with respect to the true logit")
    gradient_ax.axhline(0.0, color="black", lw=0.8)
    return loss_ax, gradient_ax


def plot_training_histories(
    axes: Sequence[Axes], histories: Mapping[str, "TrainingHistory"], target_accuracy: float | None = None
) -> Sequence[Axes]:
    """Three panels side by side: training loss, training accuracy and gradient norm against the epoch.

    Epochs are on a logarithmic axis (epoch + 1), because one run may need a hundred times more epochs.
    A dotted vertical line marks the epoch at which each run first reaches `target_accuracy`.
    """
    if len(axes) != 3:
        raise ValueError(f"plot_training_histories needs 3 axes (loss, accuracy, gradient norm), got {len(axes)}")
    loss_ax, acc_ax, grad_ax = axes
    for name, history in histories.items():
        color = LOSS_COLORS.get(history.loss_name, COLORS["muted"])
        epochs = np.arange(history.loss.size) + 1
        loss_ax.plot(epochs, history.loss, color=color, lw=2, label=name)
        acc_ax.plot(epochs, history.accuracy, color=color, lw=2, label=name)
        grad_ax.plot(epochs, history.grad_norm, color=color, lw=2, label=name)
        if target_accuracy is not None:
            reached = history.epochs_to_accuracy(target_accuracy)
            if reached is not None:
                for ax in axes:
                    ax.axvline(reached + 1, color=color, ls=":", lw=1.5)
    if target_accuracy is not None:
        acc_ax.axhline(target_accuracy, color="black", lw=0.8, ls="--")
    loss_ax.set_yscale("log")
    grad_ax.set_yscale("log")
    for ax, title in zip(axes, ("training loss (its own)", "training accuracy", "gradient norm")):
        ax.set_xscale("log")
        ax.set_xlabel("epoch + 1")
        ax.set_title(title)
    acc_ax.set_ylim(0, 1.02)
    loss_ax.legend(fontsize=9)
    return axes
