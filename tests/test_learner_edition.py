"""The learner's edition of the notebooks (tools/learner_edition.py, `make notebooks`): what Colab, Binder and a
download show. No MyST markup left as text, no hidden test cell, links that lead to pages of the built site, and no
visible cell that needs a name only a removed cell defines (so the edition runs top to bottom)."""

from __future__ import annotations

import ast
import builtins
import re
import sys
from functools import cache
from urllib.parse import urlparse

import nbformat
import pytest
from sitekit import ROOT, SITE

sys.path.insert(0, str(ROOT / "tools"))
import learner_edition  # noqa: E402

NOTEBOOKS = sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb")) + sorted(
    (ROOT / "exercises").glob("[0-9][0-9]_*.ipynb")
)
MARKUP = re.compile(r"^(`{3,}|~{3,}|:{3,})\{|\{(doc|ref|numref|eq|term)\}`|^:(class|name|tags):|^\([\w-]+\)=$", re.M)


@cache
def edition(path):
    base, targets = learner_edition.site_url(), learner_edition.labels()
    return learner_edition.learner_edition(path, f"{path.parent.name}/{path.stem}", base, targets)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_the_edition_shows_no_book_markup_and_no_hidden_cell(path):
    notebook = edition(path)
    for cell in notebook.cells:
        assert "remove-cell" not in cell.get("metadata", {}).get("tags", []), f"{path.name}: a hidden cell is kept"
        if cell.cell_type == "markdown":
            left = MARKUP.search(cell.source)
            assert not left, f"{path.name}: MyST markup left as text: {left.group(0)!r} in {cell.source[:80]!r}"
    original = nbformat.read(path, as_version=4)
    kept = [c for c in original.cells if "remove-cell" not in c.get("metadata", {}).get("tags", [])]
    assert len(notebook.cells) == len(kept) and all(
        a.cell_type != "code" or a.outputs == b.outputs for a, b in zip(notebook.cells, kept)
    ), f"{path.name}: the edition lost a cell or an output"


def test_a_folded_box_becomes_details_and_a_box_a_titled_quote():
    lines = [
        "```{admonition} A title",
        ":class: dropdown warning",
        "Body $x$.",
        "```",
        "```{warning}",
        "Careful.",
        "```",
    ]
    assert learner_edition.directives(lines) == [
        "<details>",
        "<summary><b>A title</b></summary>",
        "",
        "Body $x$.",
        "",
        "</details>",
        "> **Warning**",
        ">",
        "> Careful.",
    ]
    base = "https://example.github.io/course/"
    text = "See {doc}`the notation <../notation>` and {ref}`its box <box-1>`."
    assert learner_edition.links(text, "chapters/03_x", base, {"box-1": "chapters/03_x"}) == (
        f"See [the notation]({base}notation.html) and [its box]({base}chapters/03_x.html#box-1)."
    )


def test_every_link_of_the_editions_leads_to_a_page_of_the_site():
    base = learner_edition.site_url()
    checked = 0
    for path in NOTEBOOKS:
        for cell in edition(path).cells:
            for url in re.findall(r"\]\((https?://[^)\s]+)\)", cell.source if cell.cell_type == "markdown" else ""):
                if not url.startswith(base):
                    continue
                page = urlparse(url)
                target = SITE / page.path.removeprefix(urlparse(base).path)
                assert target.is_file(), f"{path.name}: {url} is not a page of the site"
                if page.fragment:
                    assert f'id="{page.fragment}"' in target.read_text(encoding="utf-8"), f"{path.name}: {url}"
                checked += 1
    assert checked >= 20, f"only {checked} links to the site checked"


def _names(source: str) -> tuple[set[str], set[str]]:
    """(names a cell defines, names it reads), IPython magics and shell lines left out."""
    code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
    tree = ast.parse(code)
    stored, loaded = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (stored if isinstance(node.ctx, ast.Store | ast.Del) else loaded).add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            stored.add(node.name)
        elif isinstance(node, ast.arg):
            stored.add(node.arg)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            stored |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    return stored, loaded


@pytest.mark.parametrize("path", NOTEBOOKS[:8], ids=lambda p: p.stem)
def test_no_visible_cell_needs_a_name_only_a_removed_cell_defines(path):
    """The edition leaves the remove-cell cells out: a later cell that reads a name only they define would fail."""
    removed, kept = set(), set(dir(builtins)) | {"display", "get_ipython", "In", "Out"}
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        stored, loaded = _names(cell.source)
        if "remove-cell" in cell.get("metadata", {}).get("tags", []):
            removed |= stored
            continue
        needed = (loaded - stored) & removed - kept
        assert not needed, f"{path.name}: a visible cell reads {sorted(needed)}, set only by a removed cell"
        kept |= stored
