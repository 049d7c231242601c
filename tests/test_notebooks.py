"""The chapter notebooks keep the course's conventions (nbval checks their outputs separately)."""

import sys
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import repository  # noqa: E402

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
REPOSITORY = CONFIG["repository"]["url"]


def toc_files(node):
    if isinstance(node, dict):
        if "file" in node:
            yield node["file"]
        for value in node.values():
            yield from toc_files(value)
    elif isinstance(node, list):
        for item in node:
            yield from toc_files(item)


CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
NOTEBOOKS = CHAPTERS + sorted((ROOT / "solutions").glob("*.ipynb")) + sorted((ROOT / "exercises").glob("*.ipynb"))


def code_cells(path):
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


def test_every_toc_entry_exists_and_every_chapter_is_in_the_toc():
    entries = list(toc_files(TOC))
    for entry in entries:
        assert list(ROOT.glob(entry + ".*")), f"_toc.yml lists {entry}, which does not exist"
    listed = {str(Path(e)) for e in entries}
    for chapter in CHAPTERS:
        assert str(chapter.relative_to(ROOT).with_suffix("")) in listed, f"{chapter.name} is missing from _toc.yml"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_first_code_cell_makes_helpers_importable_from_the_configured_repository(path):
    bootstrap = code_cells(path)[0].source
    kind = "chapter" if path.parent.name == "chapters" else "exercise"
    url, branch = repository.setting(ROOT)
    assert bootstrap == repository.setup_cell(kind, url, branch, path.stem), (
        "the first code cell is not the one tools/repository.py writes: run `make execute` or `make exercises`"
    )
    if kind == "chapter":
        assert "hide-input" in code_cells(path)[0].metadata.get("tags", []), "the site folds the bootstrap cell away"
    assert f'"{REPOSITORY}"' in bootstrap, f"the bootstrap cell must install helpers from {REPOSITORY}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_is_executed_with_outputs_stored(path):
    cells = code_cells(path)
    assert len(cells) > 5, "a chapter has more than a bootstrap cell"
    unexecuted = [i for i, c in enumerate(cells) if c.source.strip() and c.execution_count is None]
    assert not unexecuted, f"code cells {unexecuted} have not been executed: run `make execute`"
    errors = [o for c in cells for o in c.outputs if o.output_type == "error"]
    assert not errors, f"stored outputs contain an error: {errors[0].ename}: {errors[0].evalue}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_figures_have_alt_text_and_widgets_are_compared_or_tagged(path):
    """A widget's view changes on every run, and nbval ignores it. An explorer's output also carries the site's
    mount point (text/html with its state), which nbval does compare, so the stored state is proven current; any
    other widget cell must be tagged nbval-ignore-output (and its numbers asserted in a following cell)."""
    for index, cell in enumerate(code_cells(path)):
        mimes = {m for o in cell.outputs for m in o.get("data", {})}
        if "image/png" in mimes:
            alt = cell.metadata.get("mystnb", {}).get("image", {}).get("alt", "")
            assert len(alt) > 15, f"code cell {index} draws a figure without alt text (metadata mystnb.image.alt)"
        if "application/vnd.jupyter.widget-view+json" in mimes:
            html = "".join(o.get("data", {}).get("text/html", "") for o in cell.outputs)
            explorer = '<div class="course-explorer" data-explorer=' in html and "course-explorer-state" in html
            tagged = "nbval-ignore-output" in cell.metadata.get("tags", [])
            assert explorer or tagged, f"widget cell {index} is neither an explorer with its state nor tagged"


def test_trained_weights_compare_up_to_float32_rounding_and_no_further():
    """nbval compares a chapter's explorer state exactly, except trained weights: another processor's sums move them
    by an ulp or two (tests/notebook_runs.py); a real change to them still fails the comparison."""
    import base64

    import numpy as np
    from notebook_runs import weights_as_stored

    def html(weights):
        packed = base64.b64encode(np.asarray(weights, dtype="<f4").tobytes()).decode()
        return {"output_type": "display_data", "data": {"text/html": f'{{"weights":"{packed}","seed":0}}'}}

    stored = np.linspace(-5, 5, 1000, dtype="<f4")
    ulp_off = np.nextafter(stored, np.float32(np.inf), dtype="<f4")
    assert weights_as_stored([html(ulp_off)], [html(stored)]) == [html(stored)]
    retrained = stored + np.float32(1e-3)
    assert weights_as_stored([html(retrained)], [html(stored)]) == [html(retrained)]
