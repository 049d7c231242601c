"""Chapter 2's explorer (softmax.js): logits and a temperature; softmax(z / T) step by step."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import traitlets
from numpy.typing import ArrayLike, NDArray

from .._checks import as_scores
from ..activations import argmax, softmax
from .kit import READOUTS, Explorer, explorer_module, fixed, floats, format_vector, general


@dataclass(frozen=True)
class SoftmaxView:
    """Everything the softmax explorer shows for one setting of its sliders.

    Taught in chapter 2, "Worked example: $\\mathbf z = [2, 1, 0]$".
    """

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


def softmax_view(logits: ArrayLike, temperature: float = 1.0) -> SoftmaxView:
    """Compute the softmax of `logits / temperature` with its intermediate numbers.

    Taught in chapter 2, "Worked example: $\\mathbf z = [2, 1, 0]$".

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


def softmax_readout(logits: ArrayLike, temperature: float, class_names: Sequence[str] = ()) -> dict[str, str]:
    """Chapter 2's explorer: z, z/T, e^(z/T) and softmax(z/T) per class, their sums, the argmax.

    Used by chapter 2's explorer: every number it shows.

    >>> r = softmax_readout([1000.0, 0.0, -1000.0], 1.0); r["e0"], r["esum"], r["p0"], r["psum"]
    ('∞', '∞', '1.0000', '1.0000')
    """
    view = softmax_view(logits, temperature)
    out = {"T": general(view.temperature, 3), "argmax": str(view.predicted)}
    out |= {"esum": general(view.total, 4), "psum": fixed(view.probabilities.sum(), 4)}
    for i in range(view.logits.size):
        out |= {
            f"z{i}": fixed(view.logits[i], 2),
            f"zt{i}": fixed(view.scaled[i], 3),
            f"e{i}": general(view.exps[i], 4),
            f"p{i}": fixed(view.probabilities[i], 4),
            f"bar{i}": fixed(view.probabilities[i], 3),
        }
    return out


class SoftmaxExplorer(Explorer):
    """Chapter 2: sliders for each logit and the temperature; bars of softmax(z / T) and the worked table.

    Taught in chapter 2, "Explore it yourself".

    >>> explorer = SoftmaxExplorer([2.0, 1.0, 0.1])
    >>> explorer.logits = [0.5, 1.0, 0.1]; explorer.readout()["argmax"]
    '1'
    """

    name, title, state_keys = "softmax", "Softmax explorer", ("logits", "temperature", "class_names")
    _esm = explorer_module("softmax")
    logits = floats()
    temperature = traitlets.Float(1.0).tag(sync=True)
    class_names = traitlets.List(traitlets.Unicode()).tag(sync=True)

    def __init__(
        self, logits: ArrayLike = (2.0, 1.0, 0.1), temperature: float = 1.0, class_names: Sequence[str] | None = None
    ) -> None:
        z = [float(v) for v in np.asarray(logits, dtype=float).ravel()]
        names = list(class_names) if class_names is not None else [f"class {i}" for i in range(len(z))]
        if len(names) != len(z):
            raise ValueError(f"got {len(names)} class names for {len(z)} logits")
        super().__init__(logits=z, temperature=float(temperature), class_names=names)


READOUTS["softmax"] = softmax_readout
