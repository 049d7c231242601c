"""What every explorer shares: numbers formatted as the page shows them, the module text, the widget base.

`kit.js` is its JavaScript half: the same number formatting, stable softmax and the page's controls.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import anywidget
import numpy as np
import traitlets
from numpy.typing import ArrayLike

JS_DIR = Path(__file__).parent
"""The explorers' folder: kit.js, one ES module per explorer beside its Python module, and explorers.css."""


# --- numbers as the explorers show them (kit.js formats the same way) ------------------------------------------


def fixed(x: float, decimals: int) -> str:
    """`x` rounded to `decimals` places as the explorers show it: "∞" for infinity, never "-0.00".

    Used by every chapter's explorer: its readout writes numbers as the page shows them.

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

    Used by every chapter's explorer: its readout writes numbers as the page shows them.

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

    Used by every chapter's explorer: its readout writes numbers as the page shows them.

    >>> percent(1 / 3)
    '33%'
    """
    return fixed(100 * x, decimals) + "%"


def format_vector(values: ArrayLike, decimals: int = 3) -> str:
    """Numbers rounded to a fixed number of decimals, as "[a, b, c]" (never "-0.000").

    Taught in chapter 1, "Where argmax is used".

    >>> format_vector([0.66524, -0.00001, 2.0])
    '[0.665, 0.000, 2.000]'
    """
    rounded = np.round(np.asarray(values, dtype=float), decimals) + 0.0
    return "[" + ", ".join(f"{v:.{decimals}f}" for v in rounded) + "]"


_KIT_IMPORT = re.compile(r'^import\s*\{([^}]*)\}\s*from\s*"\./kit\.js";?[ \t]*\n', re.MULTILINE)
_KIT_EXPORT = re.compile(r"^export (?:function|const|let|class) (\w+)", re.MULTILINE)


def explorer_names() -> list[str]:
    """The explorers there are: one ES module per file in `helpers/explorers/` besides kit.js.

    Used by every chapter's explorer: the site serves each module (_ext/course_site.py).

    >>> "softmax" in explorer_names()
    True
    """
    return sorted(p.stem for p in JS_DIR.glob("*.js") if p.stem != "kit")


def explorer_module(name: str) -> str:
    """The ES module of explorer `name`, with the kit it imports inlined: the exact text both Jupyter and the site run.

    Used by every chapter's explorer, in Jupyter and on the site (_ext/course_site.py).

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
        f"// The course's {name} explorer (helpers/explorers/{name}.js) with the kit it imports (kit.js).\n"
        f"const kit = (() => {{\n{kit_function}\nreturn {{ {', '.join(exported)} }};\n}})();\n"
        + source[: found.start()]
        + unpack
        + source[found.end() :]
    )


def explorer_css() -> str:
    """The explorers' style sheet (used by every explorer, in Jupyter and on the site).

    Used by every chapter's explorer, in Jupyter and on the site (_ext/course_site.py).
    """
    return (JS_DIR / "explorers.css").read_text(encoding="utf-8")


def mount_html(name: str, title: str, state: dict[str, Any]) -> str:
    """The `text/html` the site renders for an explorer: a mount point carrying the state as JSON.

    Used by every chapter's explorer on the site.

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
        "Binder, Colab or on the course website).</p></div>"
    )


READOUTS: dict[str, Callable[..., dict[str, str]]] = {}
"""Explorer name -> its readout function, called with the explorer's state as keyword arguments."""


class Explorer(anywidget.AnyWidget):
    """Base of the explorers: synced state, the site's `text/html` mount point, and `readout()`.

    Used by every chapter's explorer: each is a subclass.

    A subclass (in helpers/explorers/<name>.py, beside its module <name>.js) sets `name`, `title`, `state_keys`
    (its synced traitlets) and `_esm = explorer_module(name)`, and registers its readout in `READOUTS`.
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

    def _repr_mimebundle_(self, **kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        bundle = super()._repr_mimebundle_(**kwargs)
        assert bundle is not None, "anywidget gives no bundle only to a widget without a view"
        data, metadata = bundle
        data = {
            **data,
            "text/plain": f"{self.title} (interactive in Jupyter, Binder, Colab and on the course website)",
            "text/html": mount_html(self.name, self.title, self.state()),
        }
        return data, metadata


def floats(n: int | None = None) -> traitlets.List[float]:
    """A synced list of `n` floats (of any length when `n` is None): the logits an explorer's state holds.

    Used by the explorers of chapters 1, 2 and 4: their logits.
    """
    return traitlets.List(traitlets.Float(), minlen=n or 0, maxlen=n or 10**6).tag(sync=True)
