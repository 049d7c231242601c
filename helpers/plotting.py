"""Plotting helpers the chapters share, so every figure in the course looks the same."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from numpy.typing import ArrayLike

COLORS = {"main": "#1f77b4", "highlight": "#d62728", "muted": "#9e9e9e", "second": "#2ca02c"}


def use_course_style() -> None:
    """Fix the figure size, resolution and font so that every chapter's figures look alike.

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
