"""The course's explorers: one small interactive figure per chapter, alive in Jupyter and on the static site.

An explorer's front end is an ES module of the course's own (`helpers/explorer_js/<name>.js`, which imports
what it shares with the others from `kit.js`), exporting anywidget's interface `export default { render }`.
`explorer_module(name)` joins it with the kit into one module text, and that same text runs

- in Jupyter, Binder and Colab: each explorer class below is an `anywidget.AnyWidget` whose `_esm` is that
  text; its state lives in synced traitlets, so Python can read or set it;
- on the static site: the cell's output also carries a `text/html` mount point with the state as JSON; the book
  renders that instead of the widget view (`nb_mime_priority_overrides` in `_config.yml`), and
  `assets/explorers.js` mounts the module there with a small in-page model. No kernel, no network.

For each explorer a pure `*_readout` function returns every number the explorer shows, formatted exactly as it
shows it (`fixed`, `general`); the browser tests compare the page with it over a grid of settings.

>>> softmax_view([2.0, 1.0, 0.1]).probabilities.round(4).tolist()
[0.659, 0.2424, 0.0986]
>>> softmax_readout([2.0, 1.0, 0.1], 1.0)["p0"]
'0.6590'
>>> round(cross_entropy_view(0.7).loss, 4)
0.3567
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import anywidget
import numpy as np
import traitlets
from numpy.typing import ArrayLike, NDArray

from ._checks import as_scores
from .activations import argmax, softmax
from .jacobian import cross_entropy_gradient, softmax_jacobian, squared_error_gradient
from .losses import cross_entropy, one_hot, squared_error

JS_DIR = Path(__file__).with_name("explorer_js")
"""The explorers' front ends: kit.js, one module per explorer, and explorers.css."""

# --- numbers as the explorers show them (kit.js formats the same way) ------------------------------------------


def fixed(x: float, decimals: int) -> str:
    """`x` rounded to `decimals` places as the explorers show it: "∞" for infinity, never "-0.00".

    >>> fixed(0.65900, 4), fixed(-0.00001, 3), fixed(float("inf"), 2)
    ('0.6590', '0.000', '∞')
    """
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    text = f"{x:.{decimals}f}"
    return text[1:] if re.fullmatch(r"-[0.]*", text) else text


def general(x: float, digits: int) -> str:
    """`x` with `digits` significant digits, as Python's "g" format (and kit.js's `general`) writes it.

    >>> general(7.38905, 4), general(2.0e43, 4), general(float("inf"), 4)
    ('7.389', '2e+43', '∞')
    """
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    return f"{x:.{digits}g}"


def percent(x: float, decimals: int = 0) -> str:
    """`x` as a percentage, "33%".

    >>> percent(1 / 3)
    '33%'
    """
    return fixed(100 * x, decimals) + "%"


def format_vector(values: ArrayLike, decimals: int = 3) -> str:
    """Numbers rounded to a fixed number of decimals, as "[a, b, c]" (never "-0.000").

    >>> format_vector([0.66524, -0.00001, 2.0])
    '[0.665, 0.000, 2.000]'
    """
    rounded = np.round(np.asarray(values, dtype=float), decimals) + 0.0
    return "[" + ", ".join(f"{v:.{decimals}f}" for v in rounded) + "]"


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


# --- what each explorer shows: every number, formatted, keyed as in its module's [data-num] elements --------------


def argmax_readout(logits: ArrayLike) -> dict[str, str]:
    """Chapter 1's explorer: argmax (a step) versus softmax (smooth) as logit z0 moves, with their gradients.

    `dp0` is dp0/dz0 = p0 (1 - p0); the one-hot output's derivative is 0, and undefined where z0 ties the
    largest other logit (the step).

    >>> r = argmax_readout([0.0, 1.0, 0.5]); r["argmax"], r["p0"], r["dp0"], r["donehot0"]
    ('1', '0.1863', '0.1516', '0')
    """
    z = as_scores(logits)
    if z.ndim != 1 or z.size < 2:
        raise ValueError(f"argmax_readout takes one vector of at least 2 logits, got shape {z.shape}")
    p, k = softmax(z), int(argmax(z))
    out = {"argmax": str(k), "dp0": fixed(softmax_jacobian(z)[0, 0], 4)}
    out["donehot0"] = "undefined" if z[0] == z[1:].max() else "0"
    for i, (value, prob, hot) in enumerate(zip(z, p, one_hot(k, z.size))):
        out |= {f"z{i}": fixed(value, 2), f"p{i}": fixed(prob, 4), f"onehot{i}": str(int(hot))}
    return out


def softmax_readout(logits: ArrayLike, temperature: float, class_names: Sequence[str] = ()) -> dict[str, str]:
    """Chapter 2's explorer: z, z/T, e^(z/T) and softmax(z/T) per class, their sums, the argmax.

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


def cross_entropy_readout(p_true: float, num_classes: int = 3, true_class: int = 0) -> dict[str, str]:
    """Chapter 3's explorer: the probabilities, the loss -ln p and its slope -1/p, right or wrong.

    >>> r = cross_entropy_readout(0.2); r["loss"], r["slope"], r["predicted"], r["verdict"]
    ('1.6094', '-5.00', '1', 'wrong')
    """
    view = cross_entropy_view(p_true, num_classes, true_class)
    out = {"ptrue": fixed(view.p_true, 4), "loss": fixed(view.loss, 4), "slope": fixed(view.slope, 2)}
    out |= {"predicted": str(view.predicted), "verdict": "right" if view.predicted == view.true_class else "wrong"}
    for i, p in enumerate(view.probabilities):
        out |= {f"p{i}": fixed(p, 4), f"bar{i}": fixed(p, 3)}
    return out


def jacobian_readout(logits: ArrayLike, label: int) -> dict[str, str]:
    """Chapter 4's explorer: p, the Jacobian diag(p) - p p^T, its row sums, y and the gradient p - y.

    >>> r = jacobian_readout([2.0, 1.0, 0.1], 0); r["J00"], r["J01"], r["row0"], r["g0"]
    ('0.2247', '-0.1598', '0.0000', '-0.3410')
    """
    z = as_scores(logits)
    if z.ndim != 1:
        raise ValueError(f"jacobian_readout takes one vector of logits, got shape {z.shape}")
    if not (isinstance(label, int | np.integer) and 0 <= label < z.size):
        raise ValueError(f"label must be a class index from 0 to {z.size - 1}, got {label!r}")
    p, J = softmax(z), softmax_jacobian(z)
    gradient, y = cross_entropy_gradient(z, label), one_hot(int(label), z.size)
    out: dict[str, str] = {}
    for i in range(z.size):
        out |= {f"p{i}": fixed(p[i], 4), f"row{i}": fixed(J[i].sum(), 4), f"y{i}": str(int(y[i]))}
        out |= {f"g{i}": fixed(gradient[i], 4)} | {f"J{i}{j}": fixed(J[i, j], 4) for j in range(z.size)}
    return out


def true_class_logits(p_true: float) -> NDArray[np.float64]:
    """Chapter 5's three logits z = [ln p, ln((1 - p)/2), ln((1 - p)/2)]: softmax(z) = [p, (1-p)/2, (1-p)/2].

    >>> softmax(true_class_logits(0.5)).round(6).tolist()
    [0.5, 0.25, 0.25]
    """
    if not (math.isfinite(p_true) and 0.0 < p_true < 1.0):
        raise ValueError(f"p_true must lie strictly between 0 and 1, got {p_true!r}")
    rest = math.log((1.0 - p_true) / 2.0)
    return np.array([math.log(p_true), rest, rest])


def loss_gradient_readout(p_true: float) -> dict[str, str]:
    """Chapter 5's explorer: cross-entropy and squared error, and their gradients with respect to the true logit.

    True class 0 of three, the others sharing the rest. `se1` is the true-class squared error (1 - p)^2, `se`
    the sum over the classes; `g*` are derivatives with respect to z_0; `ratio` is dCE/dz0 over dSE/dz0.

    >>> r = loss_gradient_readout(0.01); r["ce"], r["gce"], r["gse1"], r["gse"]
    ('4.6052', '-0.9900', '-0.0196', '-0.0294')
    """
    z = true_class_logits(p_true)
    p, J = softmax(z), softmax_jacobian(z)
    ce, se = float(cross_entropy(p, 0)), float(squared_error(p, 0))
    gce, gse = float(cross_entropy_gradient(z, 0)[0]), float(squared_error_gradient(z, 0)[0])
    gse1 = -2.0 * (1.0 - p[0]) * J[0, 0]  # d (1 - p0)^2 / d z0 through the Jacobian
    out = {"py": general(p_true, 4), "ce": fixed(ce, 4), "se1": fixed((1.0 - p[0]) ** 2, 4), "se": fixed(se, 4)}
    out |= {"gce": fixed(gce, 4), "gse1": fixed(gse1, 4), "gse": fixed(gse, 4)}
    return out | {"ratio1": general(gce / gse1, 3), "ratio": general(gce / gse, 3)}


# --- the explorers: one module text for Jupyter and the site, a widget per explorer ------------------------------

_KIT_IMPORT = re.compile(r'^import\s*\{([^}]*)\}\s*from\s*"\./kit\.js";?[ \t]*\n', re.MULTILINE)
_KIT_EXPORT = re.compile(r"^export (?:function|const|let|class) (\w+)", re.MULTILINE)


def explorer_names() -> list[str]:
    """The explorers there are: one module per file in `helpers/explorer_js/` besides kit.js.

    >>> "softmax" in explorer_names()
    True
    """
    return sorted(p.stem for p in JS_DIR.glob("*.js") if p.stem != "kit")


def explorer_module(name: str) -> str:
    """The ES module of explorer `name`, with the kit it imports inlined: the exact text both Jupyter and the site run.

    The kit becomes a function whose exports the explorer's `import { ... } from "./kit.js"` line unpacks.

    >>> text = explorer_module("softmax"); "export default" in text and "./kit.js" not in text
    True
    """
    path = JS_DIR / f"{name}.js"
    if name == "kit" or not path.is_file():
        raise ValueError(f"no explorer module {name!r}; the explorers are {explorer_names()}")
    kit = (JS_DIR / "kit.js").read_text(encoding="utf-8")
    exported = _KIT_EXPORT.findall(kit)
    source = path.read_text(encoding="utf-8")
    found = _KIT_IMPORT.search(source)
    if found is None:
        raise ValueError(f'{path.name} must import what it uses with one `import {{ ... }} from "./kit.js";`')
    wanted = [n.strip() for n in found.group(1).split(",") if n.strip()]
    if missing := sorted(set(wanted) - set(exported)):
        raise ValueError(f"{path.name} imports {missing}, which kit.js does not export")
    kit_function = re.sub(r"^export ", "", kit, flags=re.MULTILINE)
    unpack = f"const {{ {', '.join(wanted)} }} = kit;\n"
    return (
        f"// The course's {name} explorer (helpers/explorer_js/{name}.js) with the kit it imports (kit.js).\n"
        f"const kit = (() => {{\n{kit_function}\nreturn {{ {', '.join(exported)} }};\n}})();\n"
        + source[: found.start()]
        + unpack
        + source[found.end() :]
    )


def explorer_css() -> str:
    """The explorers' style sheet (used by every explorer, in Jupyter and on the site)."""
    return (JS_DIR / "explorers.css").read_text(encoding="utf-8")


def mount_html(name: str, title: str, state: dict[str, Any]) -> str:
    """The `text/html` the site renders for an explorer: a mount point carrying the state as JSON.

    `assets/explorers.js` finds it and mounts module `name` there; without JavaScript the note stays.

    >>> print(mount_html("softmax", "Softmax explorer", {"temperature": 1.0})[:76])
    <div class="course-explorer" data-explorer="softmax" role="group" aria-label
    """
    payload = json.dumps(state, separators=(",", ":"), ensure_ascii=False).replace("</", "<\\/")
    return (
        f'<div class="course-explorer" data-explorer="{html.escape(name)}" role="group" '
        f'aria-label="{html.escape(title)}">'
        f'<script type="application/json" class="course-explorer-state">{payload}</script>'
        f'<p class="course-explorer-note">{html.escape(title)}: interactive when JavaScript runs (in Jupyter, '
        "Binder, Colab or on the course website). The figure next to it shows the same story.</p></div>"
    )


READOUTS: dict[str, Callable[..., dict[str, str]]] = {}
"""Explorer name -> its readout function, called with the explorer's state as keyword arguments."""


class Explorer(anywidget.AnyWidget):
    """Base of the explorers: synced state, the site's `text/html` mount point, and `readout()`.

    A subclass sets `name` (its module in helpers/explorer_js/), `title`, `state_keys` (its synced traitlets)
    and `_esm = explorer_module(name)`.
    """

    name: ClassVar[str]
    title: ClassVar[str]
    state_keys: ClassVar[tuple[str, ...]]
    _css = explorer_css()

    def __init__(self, **state: Any) -> None:
        READOUTS[self.name](**state)  # validates the state before any widget exists
        super().__init__(**state)

    def state(self) -> dict[str, Any]:
        """The explorer's current state (what the module draws from), as plain JSON values."""
        return {key: getattr(self, key) for key in self.state_keys}

    def readout(self) -> dict[str, str]:
        """Every number the explorer shows now, as it shows it."""
        return READOUTS[self.name](**self.state())

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        data, metadata = super()._repr_mimebundle_(**kwargs)
        data = {
            **data,
            "text/plain": f"{self.title} (interactive in Jupyter, Binder, Colab and on the course website)",
            "text/html": mount_html(self.name, self.title, self.state()),
        }
        return data, metadata


def _floats(n: int | None = None) -> traitlets.List:
    return traitlets.List(traitlets.Float(), minlen=n or 0, maxlen=n or 10**6).tag(sync=True)


class ArgmaxExplorer(Explorer):
    """Chapter 1: move logit z0 past the others; argmax's one-hot output jumps, softmax's p0 glides.

    >>> explorer = ArgmaxExplorer(logits=[0.0, 1.0, 0.5])
    >>> explorer.logits = [1.2, 1.0, 0.5]; explorer.readout()["argmax"]
    '0'
    """

    name, title, state_keys = "argmax", "Argmax versus softmax explorer", ("logits",)
    _esm = explorer_module("argmax")
    logits = _floats(3)


class SoftmaxExplorer(Explorer):
    """Chapter 2: sliders for each logit and the temperature; bars of softmax(z / T) and the worked table.

    >>> explorer = SoftmaxExplorer([2.0, 1.0, 0.1])
    >>> explorer.logits = [0.5, 1.0, 0.1]; explorer.readout()["argmax"]
    '1'
    """

    name, title, state_keys = "softmax", "Softmax explorer", ("logits", "temperature", "class_names")
    _esm = explorer_module("softmax")
    logits = _floats()
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


class CrossEntropyExplorer(Explorer):
    """Chapter 3: the true class's probability p on a slider; the probabilities, -ln p and its slope.

    >>> explorer = CrossEntropyExplorer(0.7)
    >>> explorer.p_true = 0.1; explorer.readout()["loss"]
    '2.3026'
    """

    name, title, state_keys = "cross_entropy", "Cross-entropy explorer", ("p_true", "num_classes", "true_class")
    _esm = explorer_module("cross_entropy")
    p_true = traitlets.Float(0.7).tag(sync=True)
    num_classes = traitlets.Int(3).tag(sync=True)
    true_class = traitlets.Int(0).tag(sync=True)

    def __init__(self, p_true: float = 0.7, num_classes: int = 3, true_class: int = 0) -> None:
        super().__init__(p_true=float(p_true), num_classes=num_classes, true_class=true_class)


class JacobianExplorer(Explorer):
    """Chapter 4: editable logits and a chosen label; the Jacobian as a heat map, its row sums, and p - y.

    >>> explorer = JacobianExplorer(logits=[2.0, 1.0, 0.1], label=0)
    >>> explorer.label = 2; explorer.readout()["g2"]
    '-0.9014'
    """

    name, title, state_keys = "jacobian", "Softmax Jacobian explorer", ("logits", "label")
    _esm = explorer_module("jacobian")
    logits = _floats(3)
    label = traitlets.Int(0).tag(sync=True)


class LossGradientExplorer(Explorer):
    """Chapter 5: p_y on a log slider; both losses and their gradients on the true logit, the point marked.

    >>> explorer = LossGradientExplorer(p_true=0.5)
    >>> explorer.p_true = 0.001; explorer.readout()["gce"]
    '-0.9990'
    """

    name, title, state_keys = "loss_gradient", "Cross-entropy versus squared error explorer", ("p_true",)
    _esm = explorer_module("loss_gradient")
    p_true = traitlets.Float(0.5).tag(sync=True)


READOUTS |= {
    "argmax": argmax_readout,
    "softmax": softmax_readout,
    "cross_entropy": cross_entropy_readout,
    "jacobian": jacobian_readout,
    "loss_gradient": loss_gradient_readout,
}
