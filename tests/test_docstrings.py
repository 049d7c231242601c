"""Every public helper says where the course teaches it: a line of its docstring names the chapter and section
(`Taught in chapter 2, "Overflow, and the fix".`), or, for a helper no chapter's code calls, what uses it (`Used by
chapter 6's explorer: ...`). The API page (api.md) shows that line with links to the chapter and the section
(_ext/helper_links.py); tests/test_site_api.py checks the built page.

A public helper is a function or class of a module of `helpers` (the explorers' package included) whose name does
not start with `_`, defined in that module (not imported into it), as the API page's `automodule` lists them.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TAUGHT = re.compile(r'Taught in chapter (\d+), "(.+)"\.')
USED = re.compile(r"Used by (.+)\.")
FENCE = re.compile(r"^(`{3,}|:{3,})")


def helper_modules() -> list[str]:
    """The public modules of helpers, the explorers' package and its modules included."""
    import helpers

    names = []
    for info in pkgutil.walk_packages(helpers.__path__, "helpers."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            names.append(info.name)
    return ["helpers", *names]


@cache
def public_helpers() -> dict[str, object]:
    """Every public function and class of helpers, by the full name of where it is defined
    (`helpers.activations.softmax`)."""
    found: dict[str, object] = {}
    for name in helper_modules():
        module = importlib.import_module(name)
        for attribute, value in vars(module).items():
            defined_here = getattr(value, "__module__", None) == name
            if not attribute.startswith("_") and defined_here and (inspect.isfunction(value) or inspect.isclass(value)):
                found[f"{name}.{attribute}"] = value
    return found


@cache
def chapter_sections() -> dict[int, tuple[str, list[str]]]:
    """Each chapter's number -> (its text source, the titles of its `## ` sections), read from chapters/NN_name.md
    (code cells and other fenced blocks left out)."""
    chapters = {}
    for path in sorted((ROOT / "chapters").glob("[0-9][0-9]_*.md")):
        fence, titles = None, []
        for line in path.read_text(encoding="utf-8").splitlines():
            if fence is None and (start := FENCE.match(line)):
                fence = start.group(1)
            elif fence is not None and line.strip() == fence:
                fence = None
            elif fence is None and line.startswith("## "):
                titles.append(line[3:].strip())
        chapters[int(path.name[:2])] = (path.name, titles)
    return chapters


def chapter_line(docstring: str) -> str | None:
    """The docstring's line saying where the course teaches or uses the helper, if it has one."""
    lines = [line.strip() for line in inspect.cleandoc(docstring or "").splitlines()]
    return next((line for line in lines if TAUGHT.fullmatch(line) or USED.fullmatch(line)), None)


def test_the_walk_finds_the_helpers_of_every_module():
    """The walk covers every module the API page lists, and finds the core, a topic module and the explorers."""
    found = public_helpers()
    modules = {name.rsplit(".", 1)[0] for name in found}
    assert {"helpers.activations", "helpers.losses", "helpers.rnn", "helpers.explorers.kit"} <= modules, modules
    examples = {"helpers.activations.softmax", "helpers.rnn.Vocabulary", "helpers.explorers.softmax.SoftmaxExplorer"}
    assert examples <= set(found), examples - set(found)
    assert len(found) >= 140, f"only {len(found)} public helpers found"
    assert not any(name.startswith("helpers._") for name in found), "private modules (helpers._checks) are not public"


def test_the_chapters_have_their_sections():
    assert sorted(chapter_sections()) == list(range(1, 9))
    name, titles = chapter_sections()[2]
    assert name == "02_softmax.md" and "Overflow, and the fix" in titles and "Summary" in titles


@pytest.mark.parametrize("name", sorted(public_helpers()))
def test_every_public_helper_says_which_chapter_teaches_it(name):
    line = chapter_line(public_helpers()[name].__doc__)
    assert line, (
        f'{name}: its docstring needs a line `Taught in chapter N, "Section title".` (the `## ` heading of the '
        "chapter where it is first used or explained), or `Used by ...` naming the chapter, explorer or exercises "
        "that rely on it"
    )
    chapters = chapter_sections()
    if taught := TAUGHT.fullmatch(line):
        number, title = int(taught.group(1)), taught.group(2)
        assert number in chapters, f"{name}: there is no chapter {number}"
        source, titles = chapters[number]
        assert title in titles, f'{name}: "{title}" is not a `## ` section of {source}; its sections are {titles}'
    else:
        what = USED.fullmatch(line).group(1)
        numbers = [int(n) for n in re.findall(r"\bchapters? (\d+)", what)]
        assert numbers or "every chapter" in what, f"{name}: `{line}` should name the chapter(s) that rely on it"
        assert all(n in chapters for n in numbers), f"{name}: `{line}` names a chapter that does not exist"
