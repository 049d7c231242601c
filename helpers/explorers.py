"""Interactive explorers (ipywidgets) for the softmax and cross-entropy chapters.

Each explorer is split in two so the numbers it shows can be tested without a display:

- a pure function (`softmax_view`, `cross_entropy_view`) that computes everything the explorer shows;
- a class (`SoftmaxExplorer`, `CrossEntropyExplorer`) that wires sliders to that function and redraws a
  matplotlib figure in an `ipywidgets.Output`. Show it by making it the last expression of a cell.

ipywidgets is imported only when an explorer is built, so the pure functions need numpy alone.

>>> softmax_view([2.0, 1.0, 0.1]).probabilities.round(4).tolist()
[0.659, 0.2424, 0.0986]
>>> round(cross_entropy_view(0.7).loss, 4)
0.3567
"""

from __future__ import annotations

import html
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.figure import Figure
from numpy.typing import ArrayLike, NDArray

from ._checks import as_scores
from .activations import argmax, softmax
from .losses import cross_entropy
from .plotting import plot_neg_log, probability_bars

# The probabilities the source documents score with cross-entropy, drawn faintly on the explorer's curve.
_SLIDER_LOOK: dict[str, Any] = {"layout": {"width": "340px"}, "style": {"description_width": "60px"}}
_CELL_STYLE = "padding: 2px 10px; text-align: right"

SEED_POINTS = {"0.8": 0.8, "0.7": 0.7, "0.57": 0.57, "0.471": 0.471, "0.2": 0.2, "0.1": 0.1}


@dataclass(frozen=True)
class SoftmaxView:
    """Everything the softmax explorer shows for one setting of its sliders."""

    logits: NDArray[np.float64]
    temperature: float
    scaled: NDArray[np.float64]  # z / T
    exps: NDArray[np.float64]  # e^(z / T), before normalising
    total: float  # the sum of exps
    probabilities: NDArray[np.float64]  # exps / total, computed the stable way
    predicted: int  # argmax: the same for the logits and the probabilities

    def steps(self, decimals: int = 3) -> str:
        """The worked example as text, one line per step: z, e^z, their sum and the probabilities.

        >>> print(softmax_view([2.0, 1.0, 0.0]).steps())
        z         = [2.000, 1.000, 0.000]
        e^z       = [7.389, 2.718, 1.000]
        sum       = 11.107
        softmax   = [0.665, 0.245, 0.090]
        """
        exp_name = "e^z" if self.temperature == 1.0 else "e^(z/T)"
        lines = [f"{'z':9s} = {format_vector(self.logits, decimals)}"]
        if self.temperature != 1.0:
            lines.append(f"{'z/T':9s} = {format_vector(self.scaled, decimals)}   (T = {self.temperature:g})")
        lines += [
            f"{exp_name:9s} = {format_vector(self.exps, decimals)}",
            f"{'sum':9s} = {self.total:.{decimals}f}",
            f"{'softmax':9s} = {format_vector(self.probabilities, decimals)}",
        ]
        return "\n".join(lines)


def format_vector(values: ArrayLike, decimals: int = 3) -> str:
    """Numbers rounded to a fixed number of decimals, as "[a, b, c]" (never "-0.000").

    >>> format_vector([0.66524, -0.00001, 2.0])
    '[0.665, 0.000, 2.000]'
    """
    rounded = np.round(np.asarray(values, dtype=float), decimals) + 0.0
    return "[" + ", ".join(f"{v:.{decimals}f}" for v in rounded) + "]"


def softmax_view(logits: ArrayLike, temperature: float = 1.0) -> SoftmaxView:
    """Compute the softmax of `logits / temperature` with its intermediate numbers.

    `exps` and `total` are the textbook e^(z/T) and their sum (they overflow to inf beyond z/T = 709);
    `probabilities` come from the stable `helpers.softmax`, so they stay right even then.

    >>> view = softmax_view([2.0, 1.0, 0.0])
    >>> view.exps.round(3).tolist(), round(view.total, 3), view.probabilities.round(3).tolist(), view.predicted
    ([7.389, 2.718, 1.0], 11.107, [0.665, 0.245, 0.09], 0)
    >>> softmax_view([2.0, 1.0, 0.0], temperature=100).probabilities.round(2).tolist()
    [0.34, 0.33, 0.33]
    """
    z = as_scores(logits)
    if z.ndim != 1:
        raise ValueError(f"softmax_view takes one vector of logits, got shape {z.shape}")
    probabilities = softmax(z, temperature=temperature)  # also validates the temperature
    scaled = z / temperature
    with np.errstate(over="ignore"):
        exps = np.exp(scaled)
    return SoftmaxView(z, float(temperature), scaled, exps, float(exps.sum()), probabilities, int(argmax(z)))


@dataclass(frozen=True)
class CrossEntropyView:
    """Everything the cross-entropy explorer shows for one position of its slider."""

    p_true: float
    true_class: int
    probabilities: NDArray[np.float64]  # p_true on the true class, the rest shared equally
    loss: float  # -ln p_true
    slope: float  # d loss / d p_true = -1 / p_true
    predicted: int  # argmax of the probabilities: is the prediction right?


def cross_entropy_view(p_true: float, num_classes: int = 3, true_class: int = 0) -> CrossEntropyView:
    """Cross-entropy when the true class gets probability `p_true` and the other classes share the rest.

    The loss depends on `p_true` alone: how the rest is shared does not change it.

    >>> view = cross_entropy_view(0.2)
    >>> view.probabilities.round(2).tolist(), round(view.loss, 3), round(view.slope, 1), view.predicted
    ([0.2, 0.4, 0.4], 1.609, -5.0, 1)
    """
    if not (isinstance(num_classes, int | np.integer) and num_classes >= 2):
        raise ValueError(f"num_classes must be an integer >= 2, got {num_classes!r}")
    if not 0 <= true_class < num_classes:
        raise ValueError(f"true_class {true_class} is out of range 0..{num_classes - 1}")
    if not (math.isfinite(p_true) and 0.0 < p_true <= 1.0):
        raise ValueError(f"p_true must lie in (0, 1]; got {p_true!r} (at 0 the loss is infinite)")
    probabilities = np.full(num_classes, (1.0 - p_true) / (num_classes - 1))
    probabilities[true_class] = p_true
    loss = float(cross_entropy(probabilities, true_class)) + 0.0  # + 0.0 turns -0.0 (at p = 1) into 0.0
    return CrossEntropyView(
        float(p_true), int(true_class), probabilities, loss, -1.0 / p_true, int(argmax(probabilities))
    )


def _show(output: Any, figure: Figure) -> None:
    """Replace what `output` shows by `figure` (only inside IPython: elsewhere there is nothing to draw on)."""
    try:
        from IPython import get_ipython
        from IPython.display import Image, display
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        return
    if get_ipython() is None:
        return
    png = io.BytesIO()
    figure.savefig(png, format="png")  # rendered here: needs no pyplot backend
    output.clear_output(wait=True)
    with output:
        display(Image(data=png.getvalue(), format="png"))


class SoftmaxExplorer:
    """Sliders for each logit and for the temperature; a bar chart of softmax(z / T) and its numbers.

    >>> explorer = SoftmaxExplorer([2.0, 1.0, 0.1])
    >>> explorer.logit_sliders[0].value = 0.5
    >>> explorer.view().predicted
    1
    """

    def __init__(
        self,
        logits: ArrayLike = (2.0, 1.0, 0.1),
        temperature: float = 1.0,
        class_names: Sequence[str] | None = None,
        logit_range: tuple[float, float] = (-5.0, 5.0),
        temperature_range: tuple[float, float] = (0.05, 20.0),
    ) -> None:
        import ipywidgets as widgets  # imported here so the pure functions work without ipywidgets

        start = softmax_view(logits, temperature)  # validates the starting point
        low, high = logit_range
        t_low, t_high = temperature_range
        if not (low < high and 0 < t_low < t_high):
            raise ValueError(f"bad slider ranges: logits {logit_range}, temperature {temperature_range}")
        if np.any(start.logits < low) or np.any(start.logits > high) or not t_low <= temperature <= t_high:
            raise ValueError("the starting logits and temperature must lie inside the slider ranges")
        self.class_names = (
            list(class_names) if class_names is not None else [f"class {i}" for i in range(start.logits.size)]
        )
        if len(self.class_names) != start.logits.size:
            raise ValueError(f"got {len(self.class_names)} class names for {start.logits.size} logits")
        self.logit_sliders = [
            widgets.FloatSlider(
                value=float(v),
                min=low,
                max=high,
                step=0.1,
                description=f"z{i}",
                continuous_update=False,
                readout_format=".1f",
                **_SLIDER_LOOK,
            )
            for i, v in enumerate(start.logits)
        ]
        self.temperature_slider = widgets.FloatLogSlider(
            value=float(temperature),
            base=10,
            min=math.log10(t_low),
            max=math.log10(t_high),
            step=0.01,
            description="T",
            continuous_update=False,
            readout_format=".3g",
            **_SLIDER_LOOK,
        )
        self.readout = widgets.HTML()
        self.output = widgets.Output(layout=widgets.Layout(min_height="300px"))
        for slider in (*self.logit_sliders, self.temperature_slider):
            slider.observe(lambda _change: self.update(), names="value")
        controls = widgets.VBox(
            [
                widgets.HTML("<b>logits</b>"),
                *self.logit_sliders,
                widgets.HTML("<b>temperature</b>"),
                self.temperature_slider,
            ],
            layout=widgets.Layout(min_width="360px", flex="0 0 auto"),
        )
        self.widget = widgets.VBox([widgets.HBox([controls, self.output]), self.readout])
        self.update()

    def view(self) -> SoftmaxView:
        """The numbers for the sliders' current values."""
        return softmax_view([s.value for s in self.logit_sliders], self.temperature_slider.value)

    def figure(self) -> Figure:
        """The bar chart for the sliders' current values (a Figure not managed by pyplot)."""
        view = self.view()
        figure = Figure(figsize=(5.0, 3.2), layout="constrained")
        ax = figure.subplots()
        probability_bars(
            ax,
            view.probabilities,
            self.class_names,
            highlight=view.predicted,
            title=f"softmax(z / T) at T = {view.temperature:.3g}; argmax = {view.predicted}",
        )
        return figure

    def readout_html(self) -> str:
        """A table of z, z/T, e^(z/T) and the probability per class, as the readout shows it."""
        view = self.view()

        def row(cells: Sequence[str], tag: str = "td") -> str:
            return "<tr>" + "".join(f'<{tag} style="{_CELL_STYLE}">{c}</{tag}>' for c in cells) + "</tr>"

        rows = "".join(
            row([html.escape(name), f"{z:.2f}", f"{s:.3f}", f"{e:.4g}", f"<b>{p:.4f}</b>"])
            for name, z, s, e, p in zip(self.class_names, view.logits, view.scaled, view.exps, view.probabilities)
        )
        return (
            '<table style="border-collapse: collapse">'
            + row(["class", "z", "z / T", "e<sup>z/T</sup>", "probability"], tag="th")
            + rows
            + row(["sum", "", "", f"{view.total:.4g}", f"{view.probabilities.sum():.4f}"])
            + "</table>"
        )

    def update(self) -> None:
        """Recompute and redraw (called whenever a slider moves)."""
        self.readout.value = self.readout_html()
        _show(self.output, self.figure())

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


class CrossEntropyExplorer:
    """A slider for the true class's probability; the probabilities as bars and the loss on the -ln p curve.

    >>> explorer = CrossEntropyExplorer(0.7)
    >>> explorer.slider.value = 0.1
    >>> round(explorer.view().loss, 4)
    2.3026
    """

    def __init__(
        self, p_true: float = 0.7, num_classes: int = 3, true_class: int = 0, class_names: Sequence[str] | None = None
    ) -> None:
        import ipywidgets as widgets

        cross_entropy_view(p_true, num_classes, true_class)  # validates the starting point
        self.num_classes, self.true_class = num_classes, true_class
        self.class_names = (
            list(class_names)
            if class_names is not None
            else [f"class {i}" + (" (true)" if i == true_class else "") for i in range(num_classes)]
        )
        if len(self.class_names) != num_classes:
            raise ValueError(f"got {len(self.class_names)} class names for {num_classes} classes")
        self.slider = widgets.FloatSlider(
            value=float(p_true),
            min=0.01,
            max=1.0,
            step=0.01,
            description="p(true)",
            continuous_update=False,
            readout_format=".2f",
            **_SLIDER_LOOK,
        )
        self.readout = widgets.HTML()
        self.output = widgets.Output(layout=widgets.Layout(min_height="300px"))
        self.slider.observe(lambda _change: self.update(), names="value")
        self.widget = widgets.VBox([self.slider, self.output, self.readout])
        self.update()

    def view(self) -> CrossEntropyView:
        """The numbers for the slider's current value."""
        return cross_entropy_view(self.slider.value, self.num_classes, self.true_class)

    def figure(self) -> Figure:
        """Bars of the probabilities (left) and the loss as a point on the -ln p curve (right)."""
        view = self.view()
        figure = Figure(figsize=(9.0, 3.4), layout="constrained")
        ax_bars, ax_curve = figure.subplots(1, 2, width_ratios=(1, 1.4))
        verdict = "right" if view.predicted == view.true_class else "wrong"
        probability_bars(
            ax_bars,
            view.probabilities,
            self.class_names,
            highlight=view.true_class,
            title=f"prediction: class {view.predicted} ({verdict})",
        )
        plot_neg_log(ax_curve, SEED_POINTS, marker=view.p_true, annotate=False)
        ax_curve.set_title(f"cross-entropy = −ln {view.p_true:.2f} = {view.loss:.3f}")
        return figure

    def readout_html(self) -> str:
        """The loss and its slope, as the readout shows them."""
        view = self.view()
        return (
            f"p(true class) = {view.p_true:.2f} &rarr; loss = &minus;ln {view.p_true:.2f} = <b>{view.loss:.4f}</b>; "
            f"slope d loss / d p = &minus;1/p = {view.slope:.2f}"
        )

    def update(self) -> None:
        """Recompute and redraw (called whenever the slider moves)."""
        self.readout.value = self.readout_html()
        _show(self.output, self.figure())

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)
