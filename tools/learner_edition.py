"""`make notebooks`: the learner's edition of every chapter and exercise notebook, in _build/notebooks/.

The committed notebooks are written for the book: MyST directives and roles that Jupyter, JupyterLab and Colab show
as raw text, and hidden `remove-cell` cells (the asserts behind the numbers) that nbval runs. A learner who opens a
notebook in Colab or Binder, or downloads it, gets this edition instead, made from the same notebook (nothing is
written twice):

- an admonition becomes a titled blockquote, a folded one (`:class: dropdown`) an HTML `<details>` block, both of
  which Jupyter renders, with the maths and Markdown inside them;
- `{doc}` and `{ref}` cross-references become absolute links to the published pages (`(label)=` targets go);
- `remove-cell` cells go; a `hide-input` or `hide-cell` cell keeps its code, folded as JupyterLab folds it;
- outputs stay as the book shows them.

The published site is `https://<owner>.github.io/<repository>/` (GitHub Pages, `make publish`), from the repository
of _config.yml.
"""

from __future__ import annotations

import argparse
import copy
import re
from pathlib import Path

import nbformat
from repository import site_url

ROOT = Path(__file__).resolve().parents[1]
FENCE = re.compile(r"^(?P<marker>`{3,}|~{3,}|:{3,})\{(?P<name>[a-z-]+)\}\s*(?P<argument>.*)$")
ROLE = re.compile(r"\{(?P<role>doc|ref)\}`(?P<body>[^`]+)`")
TARGET = re.compile(r"^\((?P<label>[A-Za-z0-9_-]+)\)=\s*$")
TITLES = {"note": "Note", "warning": "Warning", "tip": "Tip", "important": "Important", "caution": "Caution"}


def labels() -> dict[str, str]:
    """Every `(label)=` target and `:name:` of the chapters -> the docname of its page."""
    found = {}
    for path in sorted((ROOT / "chapters").glob("[0-9][0-9]_*.md")):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = TARGET.match(line) or re.match(r"^:name:\s*(?P<label>\S+)\s*$", line)
            if match:
                found[match.group("label")] = f"chapters/{path.stem}"
    return found


def _resolve(docname: str, target: str) -> str:
    """A {doc} target, relative to the page `docname` or absolute (leading /), as a docname."""
    if target.startswith("/"):
        return target.lstrip("/")
    parts = Path(docname).parent.joinpath(target).as_posix().split("/")
    out: list[str] = []
    for part in parts:
        if part == "..":
            out.pop()
        elif part not in ("", "."):
            out.append(part)
    return "/".join(out)


def links(text: str, docname: str, base: str, targets: dict[str, str]) -> str:
    """{doc} and {ref} roles as Markdown links to the published pages."""

    def link(match: re.Match) -> str:
        body = match.group("body")
        explicit = re.fullmatch(r"(?P<text>.+?)\s*<(?P<target>[^<>]+)>", body, re.DOTALL)
        text, target = (explicit.group("text"), explicit.group("target")) if explicit else (None, body.strip())
        if match.group("role") == "doc":
            url = f"{base}{_resolve(docname, target)}.html"
            return f"[{text or target}]({url})"
        if target not in targets:
            raise ValueError(f"{docname}: {{ref}} to {target!r}, which no chapter defines")
        return f"[{text or target.replace('-', ' ')}]({base}{targets[target]}.html#{target})"

    return ROLE.sub(link, text)


def _quote(lines: list[str]) -> list[str]:
    return [f"> {line}" if line.strip() else ">" for line in lines]


def directives(lines: list[str]) -> list[str]:
    """Admonitions as a blockquote under a bold title, or as `<details>` when folded (dropdown); recursively."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            if not TARGET.match(lines[i]):
                out.append(lines[i])
            i += 1
            continue
        marker, name, argument = match.group("marker"), match.group("name"), match.group("argument").strip()
        end = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == marker), None)
        if end is None:
            raise ValueError(f"the {{{name}}} directive opened by {lines[i]!r} is never closed")
        body = lines[i + 1 : end]
        options = {}
        while body and re.match(r"^:[a-z-]+:", body[0]):
            key, _, value = body.pop(0)[1:].partition(":")
            options[key] = value.strip()
        body = directives(body)
        title = argument if name == "admonition" else TITLES.get(name, name.title())
        if "dropdown" in options.get("class", "").split():
            out += ["<details>", f"<summary><b>{title}</b></summary>", "", *body, "", "</details>"]
        else:
            out += _quote([f"**{title}**", "", *body])
        i = end + 1
    return out


def learner_cell(cell: nbformat.NotebookNode, docname: str, base: str, targets: dict[str, str]):
    """The cell as the learner's edition has it, or None for a cell it leaves out."""
    tags = set(cell.get("metadata", {}).get("tags", []))
    if "remove-cell" in tags:
        return None
    cell = copy.deepcopy(cell)
    if cell.cell_type == "markdown":
        text = "\n".join(directives(cell.source.splitlines()))
        cell.source = links(text, docname, base, targets)
    elif cell.cell_type == "code" and tags & {"hide-input", "hide-cell"}:
        cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
    return cell


def learner_edition(path: Path, docname: str, base: str, targets: dict[str, str]) -> nbformat.NotebookNode:
    """The learner's edition of the notebook at `path` (the page `docname` of the book)."""
    notebook = nbformat.read(path, as_version=4)
    kept = [learner_cell(cell, docname, base, targets) for cell in notebook.cells]
    notebook.cells = [cell for cell in kept if cell is not None]
    return notebook


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "notebooks")
    args = parser.parse_args(argv)
    base, targets = site_url(), labels()
    for folder in ("chapters", "exercises"):
        (args.out / folder).mkdir(parents=True, exist_ok=True)
        for path in sorted((ROOT / folder).glob("[0-9][0-9]_*.ipynb")):
            edition = learner_edition(path, f"{folder}/{path.stem}", base, targets)
            nbformat.write(edition, args.out / folder / path.name)
    print(f"learner's editions in {args.out}")


if __name__ == "__main__":
    main()
