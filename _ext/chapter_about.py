"""Under each chapter's title: how long it takes to read, computed from its words and code, and what it assumes.

The reading time counts the words of the chapter's text cells at 200 a minute (MyST's own `words_per_minute`) and the
lines of its code a reader sees at 30 a minute, rounded up to 5 minutes; running and exploring take longer. What a
chapter assumes is written in its notebook's metadata (the text source's front matter), `prerequisites:` a list of
`{text, doc}` (a page of the course) or `{text, url}` (a refresher elsewhere), each shown as a link.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes

WORDS_PER_MINUTE = 200
CODE_LINES_PER_MINUTE = 30
HIDDEN = {"remove-cell", "remove-input"}


def _text(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def measure(notebook: dict[str, Any]) -> tuple[int, int, int]:
    """(words of text, lines of code shown, minutes to read) of a notebook."""
    words = lines = 0
    for cell in notebook.get("cells", []):
        text = _text(cell)
        if cell.get("cell_type") == "markdown":
            prose = re.sub(r"```.*?```", " ", text, flags=re.DOTALL)  # directives' fences: their bodies still count
            words += len(re.findall(r"[A-Za-z0-9][\w'’-]*", prose))
        elif cell.get("cell_type") == "code" and not HIDDEN & set(cell.get("metadata", {}).get("tags", [])):
            lines += sum(1 for line in text.splitlines() if line.strip() and not line.strip().startswith("#"))
    minutes = words / WORDS_PER_MINUTE + lines / CODE_LINES_PER_MINUTE
    return words, lines, 5 * math.ceil(minutes / 5)


def _link(item: dict[str, str]) -> nodes.Node:
    if "doc" in item:
        xref = addnodes.pending_xref(
            "", refdomain="std", reftype="doc", reftarget=f"/{item['doc']}", refexplicit=True, refwarn=True
        )
        xref += nodes.inline(item["text"], item["text"])
        return xref
    return nodes.reference(item["text"], item["text"], refuri=item["url"])


def about(notebook: dict[str, Any]) -> nodes.paragraph:
    """The paragraph under the title: reading time and prerequisites."""
    words, lines, minutes = measure(notebook)
    paragraph = nodes.paragraph(classes=["chapter-about"])
    paragraph += nodes.strong(f"About {minutes} minutes", f"About {minutes} minutes")
    paragraph += nodes.Text(f" to read ({words:,} words and {lines} lines of code); longer to run and explore.")
    needs = notebook.get("metadata", {}).get("prerequisites", [])
    if needs:
        paragraph += nodes.Text(" It assumes ")
        for i, item in enumerate(needs):
            if i:
                paragraph += nodes.Text(", and " if i == len(needs) - 1 else ", ")
            paragraph += _link(item)
        paragraph += nodes.Text(".")
    return paragraph


def add_about(app, doctree: nodes.document) -> None:
    docname = app.env.docname
    path = Path(app.env.doc2path(docname))
    if not docname.startswith("chapters/") or path.suffix != ".ipynb":
        return
    notebook = json.loads(path.read_text(encoding="utf-8"))
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None:
        section.insert(1, about(notebook))


def setup(app):
    app.connect("doctree-read", add_about)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
