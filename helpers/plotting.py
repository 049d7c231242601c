"""Plotting helpers the chapters share, so every figure in the course looks the same."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from numpy.typing import ArrayLike

if TYPE_CHECKING:  # pragma: no cover
    from .calibration import ReliabilityBins
    from .training import TrainingHistory

COLORS = {"main": "#1f77b4", "highlight": "#d62728", "muted": "#9e9e9e", "second": "#2ca02c"}


def use_course_style() -> None:
    """Fix the figure size, resolution and font so that every chapter's figures look alike.

    Used by every chapter (1 to 8), once, before its first figure.

    >>> use_course_style()
    """
    plt.rcParams.update(
        {
            "figure.figsize": (6.4, 3.6),
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "font.size": 11,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.alpha": 0.3,
        }
    )


def probability_bars(
    ax: Axes,
    probabilities: ArrayLike,
    class_names: Sequence[str] | None = None,
    highlight: int | None = None,
    title: str = "",
) -> Axes:
    """Draw one bar per class with its probability written above it; `highlight` colours one bar.

    Taught in chapter 2, "Explore it yourself".

    >>> fig, ax = plt.subplots(); _ = probability_bars(ax, [0.2, 0.8], highlight=1); plt.close(fig)
    """
    probs = np.asarray(probabilities, dtype=float)
    names = list(class_names) if class_names is not None else [f"class {i}" for i in range(probs.size)]
    colors = [COLORS["highlight"] if i == highlight else COLORS["main"] for i in range(probs.size)]
    bars = ax.bar(names, probs, color=colors)
    ax.bar_label(bars, labels=[f"{p:.3f}" for p in probs], padding=2)
    ax.set_ylim(0, 1.12)
    ax.set_ylabel("probability")
    if title:
        ax.set_title(title)
    return ax


# --- figures of the argmax, softmax and cross-entropy chapters ----------------------------------

CLASS_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22")


def sweep_logit(logits: ArrayLike, index: int, grid: ArrayLike, fn: Callable[[np.ndarray], ArrayLike]) -> np.ndarray:
    """Evaluate `fn` on copies of `logits` whose entry `index` takes each value of `grid`, one row per value.

    Used by chapter 1's figure of argmax and softmax as one logit moves (`plot_argmax_steps`).

    >>> sweep_logit([0.0, 1.0], 0, [-1.0, 2.0], lambda z: z.sum()).tolist()
    [0.0, 3.0]
    """
    base = np.asarray(logits, dtype=float)
    if base.ndim != 1 or base.size == 0:
        raise ValueError(f"logits must be a non-empty vector, got shape {base.shape}")
    if not -base.size <= index < base.size:
        raise ValueError(f"index {index} is out of range for {base.size} logits")
    rows = []
    for value in np.asarray(grid, dtype=float):
        z = base.copy()
        z[index] = value
        rows.append(np.asarray(fn(z), dtype=float))
    return np.array(rows)


def plot_argmax_steps(
    axes: Sequence[Axes], logits: ArrayLike, index: int = 0, grid: ArrayLike | None = None
) -> tuple[Axes, Axes]:
    """Two panels as logit `index` sweeps `grid` while the others stay fixed.

    Taught in chapter 1, "Why argmax cannot train a network".

    Left: the predicted class (argmax), a staircase. Right: the one-hot output's entry `index`, a step
    from 0 to 1 with slope 0 everywhere except at the jump, beside softmax's smooth probability.

    >>> fig, axes = plt.subplots(1, 2); _ = plot_argmax_steps(axes, [0.0, 1.0, 0.5]); plt.close(fig)
    """
    from .activations import softmax

    ax_class, ax_out = axes
    base = np.asarray(logits, dtype=float)
    z = np.linspace(-3.0, 4.0, 1401) if grid is None else np.asarray(grid, dtype=float)
    predicted = sweep_logit(base, index, z, np.argmax)
    chosen = (predicted == (index % base.size)).astype(float)
    probability = sweep_logit(base, index, z, softmax)[:, index]
    others = ", ".join(f"$z_{j}$ = {v:g}" for j, v in enumerate(base) if j != index % base.size)

    ax_class.plot(z, predicted, drawstyle="steps-post", color=COLORS["main"], lw=2)  # argmax blue, as the explorer
    ax_class.set_yticks(range(base.size))
    ax_class.set_xlabel(f"logit $z_{index}$ ({others})")
    ax_class.set_ylabel("argmax(z): predicted class")
    ax_class.set_title("argmax jumps between classes")

    ax_out.plot(
        z,
        chosen,
        drawstyle="steps-post",
        color=COLORS["main"],
        lw=2,
        label=f"one_hot(argmax(z))[{index}]: slope 0",
    )
    ax_out.plot(z, probability, color=COLORS["highlight"], lw=2, label=f"softmax(z)[{index}]: smooth")
    ax_out.set_xlabel(f"logit $z_{index}$")
    ax_out.set_ylabel(f"output for class {index}")
    ax_out.set_ylim(-0.05, 1.15)
    ax_out.set_title("only softmax has a useful slope")
    ax_out.legend(loc="upper left", fontsize=9)
    return ax_class, ax_out


def plot_temperature_sweep(
    ax: Axes,
    logits: ArrayLike,
    temperatures: ArrayLike | None = None,
    class_names: Sequence[str] | None = None,
) -> Axes:
    """Each class's softmax(z / T) against the temperature T on a log axis, with the two limits marked.

    Taught in chapter 2, "Temperature".

    >>> fig, ax = plt.subplots(); _ = plot_temperature_sweep(ax, [2.0, 1.0, 0.1]); plt.close(fig)
    """
    from .activations import softmax

    z = np.asarray(logits, dtype=float)
    temps = np.logspace(-2, 2, 401) if temperatures is None else np.asarray(temperatures, dtype=float)
    probs = np.array([softmax(z, temperature=t) for t in temps])
    names = list(class_names) if class_names is not None else [f"class {i} ($z_{i}$ = {v:g})" for i, v in enumerate(z)]
    for i in range(z.size):
        ax.plot(temps, probs[:, i], color=CLASS_COLORS[i % len(CLASS_COLORS)], lw=2, label=names[i])
    ax.axhline(1 / z.size, color=COLORS["muted"], ls="--", lw=1)
    ax.annotate(
        f"uniform 1/{z.size} as T → ∞",
        (temps[-1], 1 / z.size),
        xytext=(0, 6),
        textcoords="offset points",
        ha="right",
        fontsize=9,
        color="dimgray",
    )
    ax.annotate(
        "one-hot argmax as T → 0",
        (temps[0], 1.0),
        xytext=(4, -12),
        textcoords="offset points",
        ha="left",
        fontsize=9,
        color="dimgray",
    )
    ax.axvline(1.0, color=COLORS["muted"], lw=1, ls=":")
    ax.set_xscale("log")
    ax.set_ylim(-0.03, 1.05)
    ax.set_xlabel("temperature T (log scale); T = 1 is plain softmax")
    ax.set_ylabel("softmax(z / T)")
    ax.legend(fontsize=9, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=z.size, frameon=False)
    return ax


def plot_sigmoid_as_softmax(ax: Axes, grid: ArrayLike | None = None) -> Axes:
    """sigmoid(z) as a curve and softmax([z, 0])[0] as dots on top of it: the same function.

    Taught in chapter 2, "Sigmoid is softmax with two classes".

    >>> fig, ax = plt.subplots(); _ = plot_sigmoid_as_softmax(ax); plt.close(fig)
    """
    from .activations import sigmoid, softmax

    z = np.linspace(-6.0, 6.0, 241) if grid is None else np.asarray(grid, dtype=float)
    ax.plot(z, sigmoid(z), color=COLORS["main"], lw=2, label="sigmoid(z) = 1 / (1 + e$^{-z}$)")
    dots = z[::12]
    ax.plot(
        dots,
        softmax(np.stack([dots, np.zeros_like(dots)], axis=-1))[:, 0],
        "o",
        color=COLORS["highlight"],
        ms=5,
        label="softmax([z, 0])[0]",
    )
    ax.axhline(0.5, color=COLORS["muted"], lw=1, ls=":")
    ax.set_xlabel("logit z of the positive class (the other logit is 0)")
    ax.set_ylabel("probability of the positive class")
    ax.legend(loc="upper left", fontsize=9)
    return ax


def plot_neg_log(
    ax: Axes,
    points: Mapping[str, float] | None = None,
    p_min: float = 0.005,
    marker: float | None = None,
    annotate: bool = True,
) -> Axes:
    """The curve -ln p for p in [p_min, 1], with `points` (name -> probability) and a big `marker`.

    Taught in chapter 3, "How fast the loss grows: the $-\\ln$ table".

    With `annotate` each point is labelled "-ln name = loss"; without, the points are drawn faintly.

    >>> fig, ax = plt.subplots(); _ = plot_neg_log(ax, {"seed": 0.8}, marker=0.5); plt.close(fig)
    """
    if not 0.0 < p_min < 1.0:
        raise ValueError(f"p_min must lie in (0, 1), got {p_min!r}")
    p = np.linspace(p_min, 1.0, 600)
    ax.plot(p, -np.log(p), color=COLORS["main"], lw=2, label="loss = −ln p(true class)")
    top = max(-np.log(p_min), 1.0) * 1.05
    label_y = -np.inf
    # from the right (smallest loss) to the left, each label at least a step above the previous one
    for name, value in sorted((points or {}).items(), key=lambda item: -item[1]):
        loss = -np.log(value) + 0.0
        ax.plot([value], [loss], "o", color=COLORS["second"], ms=6, zorder=3, alpha=1.0 if annotate else 0.5)
        if annotate:
            label_y = max(loss + 0.07 * top, label_y + 0.05 * top)
            ax.annotate(
                f"−ln {name} = {loss:.3f}",
                (value, loss),
                xytext=(value + 0.015, label_y),
                textcoords="data",
                fontsize=8.5,
                va="bottom",
                arrowprops={"arrowstyle": "-", "color": COLORS["muted"], "lw": 0.6},
            )
    if marker is not None:
        loss = -np.log(marker) + 0.0
        ax.plot(
            [marker],
            [loss],
            "o",
            color=COLORS["highlight"],
            ms=10,
            zorder=4,
            label=f"p = {marker:.3f} → loss {loss:.3f}",
        )
        ax.vlines(marker, 0, loss, color=COLORS["highlight"], lw=1, ls=":")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, top)
    ax.set_xlabel("probability the model gives the true class")
    ax.set_ylabel("cross-entropy loss (nats)")
    ax.legend(loc="upper right", fontsize=9)
    return ax


LOSS_COLORS = {"cross_entropy": COLORS["main"], "squared_error": COLORS["highlight"]}
LOSS_LABELS = {"cross_entropy": "cross-entropy", "squared_error": "squared error"}


def jacobian_heatmap(ax: Axes, matrix: ArrayLike, class_names: Sequence[str] | None = None, title: str = "") -> Axes:
    """Draw a square matrix as a blue (negative) / red (positive) grid with each entry written in its cell.

    The colours are the Jacobian explorer's (helpers/explorers/jacobian.js).

    Taught in chapter 4, "Checks 2 and 3: finite differences and torch.autograd".

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
    ax.imshow(m, cmap="RdBu_r", vmin=-limit, vmax=limit)
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


CURVE_PALETTE = (COLORS["main"], COLORS["highlight"], COLORS["second"], COLORS["muted"])


def _curves(x: ArrayLike, curves: Mapping[str, ArrayLike], what: str) -> Iterator[tuple[str, np.ndarray, str]]:
    """Yield (name, values, colour) for each curve, after checking that it has the shape of `x`."""
    expected = np.shape(np.asarray(x, dtype=float))
    for k, (name, values) in enumerate(curves.items()):
        values = np.asarray(values, dtype=float)
        if values.shape != expected:
            raise ValueError(
                f"{what} {name!r} has shape {values.shape}; expected {expected}, the shape of the x values"
            )
        yield name, values, CURVE_PALETTE[k % len(CURVE_PALETTE)]


def plot_loss_along_a_line(ax: Axes, grid: ArrayLike, losses: Mapping[str, ArrayLike], xlabel: str) -> Axes:
    """Each loss (name -> values on `grid`) as a curve against the position along a line through logit space.

    Taught in chapter 4, "$J$ is also the Hessian of cross-entropy: convex in the logits".

    Used to show convexity: a convex loss bends upward everywhere along any line.

    >>> fig, ax = plt.subplots(); _ = plot_loss_along_a_line(ax, [0, 1], {"a": [0, 1]}, "t"); plt.close(fig)
    """
    for name, values, color in _curves(grid, losses, "loss"):
        ax.plot(np.asarray(grid, dtype=float), values, color=color, lw=2, label=name)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("loss")
    ax.legend(fontsize=9)
    return ax


def plot_gradient_check_errors(
    ax: Axes, steps: ArrayLike, errors: Mapping[str, ArrayLike], best_steps: Mapping[str, float] | None = None
) -> Axes:
    """Relative error of a finite-difference gradient against the step δ, log-log, one line per precision.

    Taught in chapter 4, "Gradient checking as a method".

    `best_steps` (name -> δ) draws a dotted vertical line where theory puts the best step of each line.

    >>> fig, ax = plt.subplots(); _ = plot_gradient_check_errors(ax, [1e-1, 1e-2], {"f": [1e-3, 1e-5]}); plt.close(fig)
    """
    for name, values, color in _curves(steps, errors, "errors"):
        ax.loglog(np.asarray(steps, dtype=float), values, "o-", color=color, lw=2, ms=5, label=name)
        if best_steps and name in best_steps:
            ax.axvline(best_steps[name], color=color, ls=":", lw=1.2, label=f"{name}: δ = ε^(1/3)")
    ax.set_xlabel("finite-difference step δ")
    ax.set_ylabel("relative error of the gradient")
    ax.legend(fontsize=9)
    return ax


def plot_true_class_curves(
    loss_ax: Axes,
    gradient_ax: Axes,
    p_true: ArrayLike,
    losses: Mapping[str, ArrayLike],
    gradients: Mapping[str, ArrayLike],
) -> tuple[Axes, Axes]:
    """Losses (left) and their derivatives with respect to the true class's logit (right) against p_y.

    Taught in chapter 5, "How each loss reacts as the model becomes confidently wrong".

    The x axis is logarithmic so that the region p_y -> 0 (confidently wrong) is visible. Curves are drawn
    in the order given, coloured by position: blue, red, green, grey (the third and later dashed).
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
    axes: Sequence[Axes], histories: Mapping[str, TrainingHistory], target_accuracy: float | None = None
) -> Sequence[Axes]:
    """Three panels side by side: training loss, training accuracy and gradient norm against the epoch.

    Taught in chapter 5, "An experiment on real data: Iris from a confidently wrong start".

    Epochs are on a logarithmic axis (epoch + 1), because one run may need a hundred times more epochs.
    A dotted vertical line marks the epoch at which each run first reaches `target_accuracy`, a dashed
    horizontal line the target itself; one legend below the panels names every line.
    """
    if len(axes) != 3:
        raise ValueError(f"plot_training_histories needs 3 axes (loss, accuracy, gradient norm), got {len(axes)}")
    loss_ax, acc_ax, grad_ax = axes
    handles = []
    for name, history in histories.items():
        color = LOSS_COLORS.get(history.loss_name, COLORS["muted"])
        epochs = np.arange(history.loss.size) + 1
        handles += loss_ax.plot(epochs, history.loss, color=color, lw=2, label=f"{name} (all three panels)")
        acc_ax.plot(epochs, history.accuracy, color=color, lw=2)
        grad_ax.plot(epochs, history.grad_norm, color=color, lw=2)
        if target_accuracy is not None:
            reached = history.epochs_to_accuracy(target_accuracy)
            if reached is not None:
                label = f"{name}: first epoch at {target_accuracy:.0%} accuracy ({reached})"
                handles.append(loss_ax.axvline(reached + 1, color=color, ls=":", lw=1.5, label=label))
                for ax in (acc_ax, grad_ax):
                    ax.axvline(reached + 1, color=color, ls=":", lw=1.5)
    if target_accuracy is not None:
        handles.append(
            acc_ax.axhline(target_accuracy, color="black", lw=0.8, ls="--", label=f"target {target_accuracy:.0%}")
        )
    loss_ax.set_yscale("log")
    grad_ax.set_yscale("log")
    for ax, title in zip(axes, ("training loss (its own)", "training accuracy", "gradient norm")):
        ax.set_xscale("log")
        ax.set_xlabel("epoch + 1")
        ax.set_title(title)
    acc_ax.set_ylim(0, 1.02)
    loss_ax.figure.legend(
        handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=min(len(handles), 3), frameon=False
    )
    return axes


def plot_reliability_diagram(
    ax: Axes, bins: ReliabilityBins, title: str = "", color: str = COLORS["main"], legend: bool = True
) -> Axes:
    """Accuracy against mean confidence per bin: bars, the diagonal of perfect calibration, and each gap.

    Taught in chapter 8, "Temperature scaling".

    Each non-empty bin is a bar as high as its accuracy; a red segment runs from the bar's top to the bin's
    mean confidence (bar below the diagonal: overconfident), and the number of predictions is written above.
    `legend=False` leaves the legend out (for the second and later panels of a row).

    >>> from helpers.calibration import reliability_bins
    >>> fig, ax = plt.subplots()
    >>> _ = plot_reliability_diagram(ax, reliability_bins([[0.9, 0.1], [0.3, 0.7]], [0, 0], n_bins=5))
    >>> plt.close(fig)
    """
    width = np.diff(bins.edges)
    centres = bins.edges[:-1] + width / 2
    used = bins.count > 0
    ax.bar(centres[used], bins.accuracy[used], width=0.92 * width[used], color=color, alpha=0.75, label="accuracy")
    ax.vlines(
        centres[used],
        bins.accuracy[used],
        bins.confidence[used],
        color=COLORS["highlight"],
        lw=3,
        label="gap to the mean confidence",
    )
    ax.plot([0, 1], [0, 1], color="black", ls="--", lw=1, label="perfect calibration")
    for x, top, n in zip(centres[used], np.maximum(bins.accuracy, bins.confidence)[used], bins.count[used]):
        ax.annotate(f"{n}", (x, top), xytext=(0, 2), textcoords="offset points", ha="center", fontsize=8)
    ax.set(xlim=(0, 1), ylim=(0, 1.1), xlabel="confidence (probability of the predicted class)", ylabel="accuracy")
    if title:
        ax.set_title(title)
    if legend:
        ax.legend(loc="upper left", fontsize=8)
    return ax
