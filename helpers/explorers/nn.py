"""Chapter 6's two dog/cat networks, and an explorer: edit their predictions, watch the three metrics move.

Class 0 is dog and class 1 is cat. Each network's prediction for an image is given by P(dog); P(cat) is
1 - P(dog). The pure functions (`explorer_metrics`, `sweep_image`, `nn_readout`) do all the computing, so that a
test can check exactly what the explorer shows; `nn_explorer` builds the explorer (nn.js).

>>> {k: round(v, 4) for k, v in explorer_metrics(*TUTORIAL_P_DOG.values())["NN2"].items()}
{'classification error': 0.3333, 'MSE': 0.7067, 'cross-entropy': 1.0567}
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import traitlets
from numpy.typing import ArrayLike, NDArray

from ..metrics import per_item_losses, tutorial_metrics
from .kit import READOUTS, Explorer, explorer_module, fixed, percent

CLASS_NAMES = ("dog", "cat")
LABELS = np.array([0, 1, 0])
"""The true class of images 1, 2 and 3: dog, cat, dog."""
TUTORIAL_P_DOG = {"NN1": (0.9, 0.1, 0.4), "NN2": (0.6, 0.3, 0.1)}
"""P(dog) that each network gives images 1, 2 and 3, from the comparison table of the source tutorial."""
METRIC_NAMES = ("classification error", "MSE", "cross-entropy")


def predictions_from_p_dog(p_dog: ArrayLike) -> NDArray[np.float64]:
    """Rows [P(dog), P(cat)] = [p, 1 - p], one per image.

    Used by chapter 6's explorer: its six controls as two tables of predictions.

    >>> predictions_from_p_dog([0.9, 0.25]).tolist()
    [[0.9, 0.09999999999999998], [0.25, 0.75]]

    1 - 0.9 is not exactly 0.1 in floating point, so `TUTORIAL_PREDICTIONS` is written out literally instead.
    """
    p = np.asarray(p_dog, dtype=np.float64)
    if p.ndim != 1 or p.size == 0:
        raise ValueError(f"p_dog must be a non-empty list of probabilities, one per image; got shape {p.shape}")
    if not np.all(np.isfinite(p)) or np.any((p < 0) | (p > 1)):
        raise ValueError(f"each P(dog) must lie in [0, 1]; got {p.tolist()}")
    return np.stack([p, 1.0 - p], axis=-1)


TUTORIAL_PREDICTIONS = {
    "NN1": np.array([[0.9, 0.1], [0.1, 0.9], [0.4, 0.6]]),
    "NN2": np.array([[0.6, 0.4], [0.3, 0.7], [0.1, 0.9]]),
}
"""The CNN softmax and cross-entropy tutorial's predictions as (3, 2) arrays of [P(dog), P(cat)], as its table
writes them."""


def explorer_metrics(
    nn1_p_dog: ArrayLike, nn2_p_dog: ArrayLike, labels: ArrayLike = LABELS
) -> dict[str, dict[str, float]]:
    """Classification error, MSE (summed over classes) and cross-entropy (natural log), for both networks.

    Used by chapter 6's explorer: the metrics it shows.

    A probability of 0 on an image's true class gives a cross-entropy of inf.

    >>> explorer_metrics([0.9, 0.1, 0.6], [0.6, 0.3, 0.1])["NN1"]["classification error"]
    0.0
    """
    return {
        name: tutorial_metrics(predictions_from_p_dog(p), labels)
        for name, p in (("NN1", nn1_p_dog), ("NN2", nn2_p_dog))
    }


def sweep_image(
    p_dog: ArrayLike, image: int, grid: ArrayLike, labels: ArrayLike = LABELS
) -> dict[str, NDArray[np.float64]]:
    """Each metric of one network as the P(dog) of `image` (0-based) runs over `grid`, the others held fixed.

    Taught in chapter 6, "Explore: edit the predictions".

    >>> sweep_image([0.6, 0.3, 0.1], 2, [0.4, 0.6])["classification error"].round(4).tolist()
    [0.3333, 0.0]
    """
    base = np.asarray(p_dog, dtype=np.float64)
    if not (isinstance(image, (int, np.integer)) and 0 <= image < base.size):
        raise ValueError(f"image must be an index from 0 to {base.size - 1}, got {image!r}")
    values = np.asarray(grid, dtype=np.float64)
    if values.ndim != 1 or values.size == 0:
        raise ValueError(f"grid must be a non-empty 1-D list of P(dog) values; got shape {values.shape}")
    curves: dict[str, list[float]] = {name: [] for name in METRIC_NAMES}
    for value in values:
        p = base.copy()
        p[image] = value
        for name, number in tutorial_metrics(predictions_from_p_dog(p), labels).items():
            curves[name].append(number)
    return {name: np.array(numbers) for name, numbers in curves.items()}


def nn_readout(nn1: ArrayLike, nn2: ArrayLike, labels: ArrayLike = LABELS, start: Any = None) -> dict[str, str]:
    """Every number the explorer shows, as it shows it: the three metrics per network with a verdict, then per image
    the probability on the true class (right or wrong), the squared error and the cross-entropy.

    Used by chapter 6's explorer: every number it shows.

    `start` (the values Reset returns to) changes nothing shown.

    >>> r = nn_readout(*TUTORIAL_P_DOG.values()); r["ce_NN2"], r["errpct_NN1"], r["verdict_err"], r["ce_NN2_2"]
    ('1.0567', '33%', 'tie', '2.3026')
    """
    p_dog = {"NN1": nn1, "NN2": nn2}
    metrics = explorer_metrics(nn1, nn2, labels)
    out: dict[str, str] = {}
    for key, metric in zip(("err", "mse", "ce"), METRIC_NAMES):
        a, b = metrics["NN1"][metric], metrics["NN2"][metric]
        out[f"verdict_{key}"] = (
            "tie" if a == b or math.isclose(a, b, abs_tol=1e-12) else ("NN1 lower" if a < b else "NN2 lower")
        )
        out |= {f"{key}_{name}": fixed(metrics[name][metric], 4) for name in ("NN1", "NN2")}
    for name in ("NN1", "NN2"):
        out[f"errpct_{name}"] = percent(metrics[name]["classification error"])
        losses = per_item_losses(predictions_from_p_dog(p_dog[name]), labels)
        for i in range(len(losses["p_true"])):
            out |= {
                f"pt_{name}_{i}": fixed(losses["p_true"][i], 2),
                f"mark_{name}_{i}": "wrong" if losses["wrong"][i] else "right",
                f"se_{name}_{i}": fixed(losses["squared_error"][i], 4),
                f"ce_{name}_{i}": fixed(losses["cross_entropy"][i], 4),
            }
    return out


class NNExplorer(Explorer):
    """Six controls (P(dog) per image per network), a reset button, and the live metrics of `nn_readout`.

    Taught in chapter 6, "Explore: edit the predictions".

    >>> explorer = NNExplorer()
    >>> explorer.nn2 = [0.6, 0.3, 0.8]  # NN2 now gets image 3 right
    >>> explorer.readout()["err_NN2"], explorer.metrics()["NN2"]["classification error"]
    ('0.0000', 0.0)
    """

    name, title, state_keys = "nn", "NN1 versus NN2 explorer", ("nn1", "nn2", "labels", "start")
    _esm = explorer_module("nn")
    nn1 = traitlets.List(traitlets.Float()).tag(sync=True)
    nn2 = traitlets.List(traitlets.Float()).tag(sync=True)
    labels = traitlets.List(traitlets.Int()).tag(sync=True)
    start = traitlets.List(traitlets.List(traitlets.Float())).tag(sync=True)

    def __init__(
        self,
        nn1_p_dog: Sequence[float] = TUTORIAL_P_DOG["NN1"],
        nn2_p_dog: Sequence[float] = TUTORIAL_P_DOG["NN2"],
        labels: ArrayLike = LABELS,
    ) -> None:
        nn1, nn2 = [float(v) for v in nn1_p_dog], [float(v) for v in nn2_p_dog]
        super().__init__(nn1=nn1, nn2=nn2, labels=[int(v) for v in np.asarray(labels)], start=[nn1, nn2])

    def values(self) -> tuple[list[float], list[float]]:
        """The six values: (NN1's P(dog) per image, NN2's P(dog) per image)."""
        return list(self.nn1), list(self.nn2)

    def metrics(self) -> dict[str, dict[str, float]]:
        """`explorer_metrics` of the explorer's current values."""
        return explorer_metrics(self.nn1, self.nn2, self.labels)

    def reset(self) -> None:
        """Put every value back to where the explorer started."""
        self.nn1, self.nn2 = list(self.start[0]), list(self.start[1])


READOUTS["nn"] = nn_readout


def nn_explorer(
    nn1_p_dog: Sequence[float] = TUTORIAL_P_DOG["NN1"],
    nn2_p_dog: Sequence[float] = TUTORIAL_P_DOG["NN2"],
    labels: ArrayLike = LABELS,
) -> NNExplorer:
    """The explorer, starting from the tutorial's predictions; show it by making it the last expression of a cell.

    Taught in chapter 6, "Explore: edit the predictions".

    >>> explorer = nn_explorer()
    >>> explorer.nn2 = [0.6, 0.3, 0.8]
    >>> explorer.metrics()["NN2"]["classification error"]
    0.0
    """
    return NNExplorer(nn1_p_dog, nn2_p_dog, labels)


def network_metric_bars(ax_row: Sequence[Any], metrics: Mapping[str, Mapping[str, float]]) -> None:
    """Draw one panel per metric with one bar per network, its value written on top.

    Taught in chapter 6, "The tutorial's metric table".

    >>> import matplotlib.pyplot as plt
    >>> fig, axes = plt.subplots(1, 3)
    >>> network_metric_bars(axes, explorer_metrics(*TUTORIAL_P_DOG.values())); plt.close(fig)
    """
    from ..plotting import COLORS

    if len(ax_row) != len(METRIC_NAMES):
        raise ValueError(f"need one axis per metric ({len(METRIC_NAMES)}), got {len(ax_row)}")
    names = list(metrics)
    colors = [COLORS["main"], COLORS["highlight"], COLORS["second"], COLORS["muted"]]
    for ax, metric in zip(ax_row, METRIC_NAMES):
        values = [metrics[n][metric] for n in names]
        bars = ax.bar(names, values, color=colors[: len(names)])
        labels = [f"{v:.0%}" if metric == "classification error" else f"{v:.2f}" for v in values]
        ax.bar_label(bars, labels=labels, padding=2)
        ax.set_title(metric)
        ax.set_ylim(0, max(values) * 1.25 if max(values) > 0 else 1)


def sweep_figure(network: str = "NN2", image: int = 2, reference: str = "NN1", points: int = 999) -> Any:
    """The explorer's story as a static figure: sweep one image's P(dog) for `network` from 0 to 1.

    Taught in chapter 6, "Explore: edit the predictions".

    Left: classification error, a step at 0.5. Right: cross-entropy and MSE, smooth. Dashed and dotted
    lines mark `reference`'s values at the tutorial's predictions; a dotted vertical line marks the tutorial's
    P(dog) for the swept image. Returns the matplotlib Figure.

    >>> import matplotlib.pyplot as plt
    >>> fig = sweep_figure(); [ax.get_title() for ax in fig.axes]
    ['classification error: a step', 'cross-entropy and MSE: smooth']
    >>> plt.close(fig)
    """
    import matplotlib.pyplot as plt

    from ..plotting import COLORS

    for name in (network, reference):
        if name not in TUTORIAL_P_DOG:
            raise ValueError(f"unknown network {name!r}; expected one of {sorted(TUTORIAL_P_DOG)}")
    if int(points) != points or points < 3:
        raise ValueError(f"points must be a whole number of at least 3, got {points!r}")
    grid = np.linspace(0.001, 0.999, int(points))
    curves = sweep_image(TUTORIAL_P_DOG[network], image, grid)
    ref = tutorial_metrics(TUTORIAL_PREDICTIONS[reference], LABELS)
    at = TUTORIAL_P_DOG[network][image]
    swept = f"{network}'s P(dog) on image {image + 1}"
    main, other = COLORS["highlight"], COLORS["main"]

    fig, (left, right) = plt.subplots(1, 2, figsize=(10.4, 3.8))
    error = curves["classification error"]
    below = grid < 0.5
    left.axhline(ref["classification error"], color=other, ls="--", lw=1.2, label=reference, zorder=1)
    left.plot(grid[below], error[below], color=main, lw=3, label=network, zorder=2)
    left.plot(grid[~below], error[~below], color=main, lw=3, zorder=2)
    # at 0.5 exactly, a tie goes to dog (class 0): the closed dot is the value there
    p_half = predictions_from_p_dog([*TUTORIAL_P_DOG[network][:image], 0.5, *TUTORIAL_P_DOG[network][image + 1 :]])
    at_half = tutorial_metrics(p_half, LABELS)["classification error"]
    limit_below = error[below][-1]
    left.plot([0.5], [limit_below], "o", mfc="white", mec=main, zorder=3)
    left.plot([0.5], [at_half], "o", color=main, zorder=3)
    left.set(title="classification error: a step", xlabel=swept, ylabel="classification error")
    left.set_ylim(-0.03, max(0.45, 1.3 * max(error.max(), ref["classification error"])))

    right.plot(grid, curves["cross-entropy"], color=main, lw=2.5, label=f"{network} cross-entropy")
    right.axhline(ref["cross-entropy"], color=other, ls="--", label=f"{reference} cross-entropy")
    right.plot(grid, curves["MSE"], color=main, lw=1.5, ls=":", label=f"{network} MSE")
    right.axhline(ref["MSE"], color=other, lw=1.2, ls=":", label=f"{reference} MSE")
    at_value = tutorial_metrics(TUTORIAL_PREDICTIONS[network], LABELS)["cross-entropy"]
    right.plot([at], [at_value], "o", color="black", zorder=3)
    right.annotate(
        f"tutorial's {network} ({at:g})",
        xy=(at, at_value),
        xytext=(min(at + 0.08, 0.6), at_value + 0.85),
        arrowprops={"arrowstyle": "->"},
    )
    right.set(
        title="cross-entropy and MSE: smooth",
        xlabel=swept,
        ylabel="metric",
        ylim=(0, 1.05 * max(curves["cross-entropy"].max(), ref["cross-entropy"])),
    )
    for ax in (left, right):
        ax.axvline(0.5, color=COLORS["muted"], lw=1)
        ax.axvline(at, color="black", lw=1, ls=":")
    left.legend(loc="lower left", fontsize=9)
    right.legend(loc="upper right", fontsize=9)
    fig.tight_layout()
    return fig
