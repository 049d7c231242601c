"""The chapter notebooks keep the course's conventions (nbval checks their outputs separately)."""

import difflib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jupytext
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


PAIRED = sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb")) + sorted(
    (ROOT / "solutions").glob("[0-9][0-9]_*.ipynb")
)
"""The notebooks whose source is a text file beside them (NN_name.md, MyST Markdown, paired by jupytext)."""
TEXT_FORMAT = "md:myst"


def text_differences(notebook: Path) -> list[str]:
    """How `notebook`'s text source differs from the text of the notebook itself (a unified diff; [] if it does not).

    Every cell's type, source and metadata (tags, alt texts) and the notebook's kernel are compared; outputs and
    cell ids live in the notebook alone.
    """
    wanted = jupytext.writes(jupytext.read(notebook), fmt=TEXT_FORMAT).splitlines()
    source = notebook.with_suffix(".md")
    written = source.read_text(encoding="utf-8").splitlines() if source.is_file() else []
    return list(difflib.unified_diff(written, wanted, str(source.name), str(notebook.name), n=1, lineterm=""))


def code_cells(path):
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


def test_every_toc_entry_exists_and_every_chapter_is_in_the_toc():
    entries = list(toc_files(TOC))
    for entry in entries:
        assert list(ROOT.glob(entry + ".*")), f"_toc.yml lists {entry}, which does not exist"
    listed = {str(Path(e)) for e in entries}
    for chapter in CHAPTERS:
        assert str(chapter.relative_to(ROOT).with_suffix("")) in listed, f"{chapter.name} is missing from _toc.yml"


@pytest.mark.parametrize("path", PAIRED, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_notebook_is_its_text_source_with_outputs(path):
    differences = text_differences(path)
    fix = "make execute" if path.parent.name == "chapters" else "make exercises"
    assert not differences, (
        f"{path.relative_to(ROOT)} and {path.with_suffix('.md').relative_to(ROOT)} differ: edit the .md and run `{fix}`"
        " (or, after editing the notebook in Jupyter, `jupytext --sync`):\n" + "\n".join(differences[:40])
    )


def test_every_text_source_has_its_notebook():
    for folder in ("chapters", "solutions"):
        for source in sorted((ROOT / folder).glob("[0-9]*.md")):
            assert source.with_suffix(".ipynb") in PAIRED, f"{source.relative_to(ROOT)} has no notebook beside it"


def test_a_changed_sentence_is_one_line_of_the_text_and_make_execute_brings_the_notebook_along(tmp_path):
    """On a copy of chapter 1's pair: a sentence changed in the .md is caught, and the jupytext step of
    `make execute` carries it into the notebook as one changed cell, every output and cell id kept."""
    notebook, source = tmp_path / PAIRED[0].name, tmp_path / PAIRED[0].with_suffix(".md").name
    shutil.copy(PAIRED[0], notebook)
    shutil.copy(PAIRED[0].with_suffix(".md"), source)
    assert text_differences(notebook) == []
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    title = next(i for i, line in enumerate(lines) if line.startswith("# "))
    sentence = next(i for i in range(title + 1, len(lines)) if lines[i].strip())
    lines[sentence] = lines[sentence].rstrip("\n") + " A changed sentence.\n"
    source.write_text("".join(lines), encoding="utf-8")
    changed = [line for line in text_differences(notebook) if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed == [
        "-" + lines[sentence].rstrip("\n"),
        "+" + lines[sentence].rstrip("\n")[: -len(" A changed sentence.")],
    ]
    jupytext_cli = Path(sys.executable).with_name("jupytext")
    subprocess.run([str(jupytext_cli), "--quiet", "--update", "--to", "ipynb", str(source)], check=True)
    assert text_differences(notebook) == []
    before, after = nbformat.read(PAIRED[0], as_version=4), nbformat.read(notebook, as_version=4)
    assert [c.id for c in before.cells] == [c.id for c in after.cells]
    assert [c.get("outputs") for c in before.cells] == [c.get("outputs") for c in after.cells]
    assert sum(a.source != b.source for a, b in zip(before.cells, after.cells)) == 1


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


# What a learner reads: the chapters, their self-checks, the exercises' masters, and the book's own pages.
LEARNER_TEXTS = [
    *sorted((ROOT / "chapters").glob("[0-9][0-9]_*.md")),
    *sorted((ROOT / "chapters" / "selfcheck").glob("*.yml")),
    *sorted((ROOT / "solutions").glob("[0-9][0-9]_*.md")),
    *(ROOT / name for name in ("intro.md", "sources.md", "notation.md", "README.md")),
]


def test_the_source_documents_are_named_as_in_the_introduction():
    """One name per source document (intro.md's table): the StatQuest notes are never "the notes" alone, which
    could be any of five documents, and no document is a "seed" (the word the course keeps for random seeds)."""
    vague = re.compile(r"(?<!StatQuest )\b(the|their|its) notes\b|\bseed (document|text)s?\b|\bthe seeds?'", re.I)
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()[:100]}"
        for path in LEARNER_TEXTS
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if vague.search(line)
    ]
    assert not found, "name the document as intro.md does:\n" + "\n".join(found)


def test_the_two_explainers_are_never_confused():
    """Two source documents are explainers: each is always named in full (intro.md's table), never "the explainer",
    which the reader cannot resolve (a review found it meaning one document, then the other, on one page)."""
    names = ("argmax, softmax and cross-entropy explainer", "pipeline explainer")
    found = []
    for path in LEARNER_TEXTS:
        text = re.sub(r"\s+", " ", path.read_text(encoding="utf-8"))
        for match in re.finditer(r"\bexplainer\b(?!s)", text, re.I):
            before = text[: match.end()]
            if not before.lower().endswith(names) and not re.search(r"\b(an|a prose) explainer$", before, re.I):
                found.append(f"{path.relative_to(ROOT)}: ...{text[max(0, match.start() - 60) : match.end()]}")
    assert not found, "name the explainer as intro.md does:\n" + "\n".join(found)
