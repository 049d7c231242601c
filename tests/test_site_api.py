"""The API page (api.md: every public helper, by sphinx.ext.autodoc, each with a [source] link to its code by
sphinx.ext.viewcode) and the links both ways between it and the chapters (_ext/helper_links.py): in the chapters'
code cells, each helper's name links to its entry; on the API page, each entry's chapter line links to the section
that teaches it. Read from the built site (`make book`) with BeautifulSoup (only the parts each test needs). Two tests
use the browser: chapter 7's links, on the load of that page its other tests share, and the code a [source] link leads
to, in both colour schemes on one load.
"""

from __future__ import annotations

import ast
import doctest
import importlib
import importlib.util
import inspect
import json
import re
import sys
from functools import cache
from posixpath import dirname, normpath
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup, NavigableString, SoupStrainer, Tag
from sitekit import CHANGES_THE_PAGE, ROOT, SITE, load_yaml, on_page, page_id, source_of, toc_docnames
from test_accessibility import AXE, COLOUR_RULES, run_axe
from test_docstrings import TAUGHT, chapter_line, helper_modules, public_helpers

sys.path.insert(0, str(ROOT / "_ext"))
import helper_links  # noqa: E402  (the extension itself, for its examples and its reading of code)

# pytest-playwright's stand-in for pytest-base-url trips a pytest 9 deprecation notice; nothing to fix here.
pytestmark = pytest.mark.filterwarnings("ignore:Session-scoped fixtures defined as instance methods")
API = "api"
PAGES = toc_docnames()
CHAPTERS = [d for d in PAGES if d.startswith("chapters/")]
EXERCISES = [d for d in PAGES if d.startswith("solutions/")]


def read(path: str) -> str:
    """A built file of the site, by its path in the site (`api.html`, `_modules/helpers/rnn.html`)."""
    file = SITE / path
    if not file.is_file():
        pytest.fail(f"{file} is missing: run `make book`", pytrace=False)
    return file.read_text(encoding="utf-8")


@cache
def soup(path: str) -> BeautifulSoup:
    return BeautifulSoup(read(path), "html.parser")


@cache
def code(path: str) -> BeautifulSoup:
    """Only the code blocks of a page (parsing a whole page takes a few times longer)."""
    blocks = SoupStrainer("div", class_=re.compile(r"^(cell_input|highlight)\b"))  # a code cell's input, any code
    return BeautifulSoup(read(path), "html.parser", parse_only=blocks)


@cache
def ids(path: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', read(path)))


@cache
def back_links(path: str) -> set[str]:
    """Where the [docs] links of a module's highlighted code (sphinx.ext.viewcode) lead."""
    return set(re.findall(r'<a class="viewcode-back" href="([^"]+)"', read(path)))


@cache
def section_titles(path: str) -> dict[str, str]:
    """A chapter's `## ` sections: their anchor -> their title as the page shows it."""
    found = re.findall(r'<section id="([^"]+)">\s*<h2>(.*?)</h2>', read(path), re.DOTALL)
    return {anchor: " ".join(BeautifulSoup(title, "html.parser").get_text().split()) for anchor, title in found}


def resolve(page: str, href: str) -> tuple[str, str]:
    """(the file in the site, the fragment) an address on `page` leads to."""
    parts = urlsplit(href)
    assert not parts.scheme and not parts.netloc, f"{href} on {page} leaves the site"
    return normpath(f"{dirname(page)}/{parts.path}" if dirname(page) else parts.path), parts.fragment


@cache
def entries() -> dict[str, Tag]:
    """The API page's entries (functions, classes, methods, data), by their anchor: the full name."""
    return {dt["id"]: dt for dt in soup(f"{API}.html").select("article dl.py > dt[id]")}


def test_each_chapter_is_followed_by_its_exercises_and_the_api_page_ends_the_book():
    """The reading order (table of contents, Next and Previous) alternates a chapter and its exercises, nested under
    it in the table of contents; the Reference part ends the book with the API page."""
    parts = load_yaml("_toc.yml")["parts"]
    assert [p["caption"] for p in parts] == ["Chapters", "Reference"]
    for chapter in parts[0]["chapters"]:
        stem = chapter["file"].removeprefix("chapters/")
        assert chapter["sections"] == [{"file": f"solutions/pages/{stem}"}], chapter
    chapters = [d for d in PAGES if d.startswith("chapters/")]
    assert len(chapters) == len(EXERCISES) == 8
    assert PAGES[1:17] == [page for pair in zip(chapters, EXERCISES) for page in pair]
    assert parts[-1]["chapters"][-1] == {"file": API} and PAGES[-1] == API
    assert source_of(API) == ROOT / "api.md"
    title = " ".join(soup(f"{API}.html").select_one("article h1").get_text().split()).rstrip("#").strip()
    assert title == "The helpers library"


def test_the_api_page_has_a_section_per_module():
    headings = [h.get_text().rstrip("#").strip() for h in soup(f"{API}.html").select("article h2, article h3")]
    assert headings[0] == "helpers" and headings == list(dict.fromkeys(headings)), headings
    assert set(helper_modules()) <= set(headings), set(helper_modules()) - set(headings)


def test_every_public_helper_has_an_entry_with_a_working_source_link():
    """Each entry is anchored by its full name, and its [source] link leads to the highlighted code of its module
    (_modules/), to an anchor that exists there; the code links back to the entry."""
    found, problems = entries(), []
    for name in public_helpers():
        if name not in found:
            problems.append(f"{name}: no entry (an element with id={name}) on the API page")
            continue
        links = [a for a in found[name].select("a") if a.select_one(".viewcode-link")]
        if len(links) != 1 or links[0].get_text(strip=True) != "[source]":
            problems.append(f"{name}: {len(links)} [source] links")
            continue
        path, fragment = resolve(f"{API}.html", links[0]["href"])
        module, qualname = inspect.getmodule(public_helpers()[name]).__name__, public_helpers()[name].__qualname__
        if path != f"_modules/{module.replace('.', '/')}.html" or fragment != qualname:
            problems.append(f"{name}: [source] leads to {path}#{fragment}")
        elif not (SITE / path).is_file() or fragment not in ids(path):
            problems.append(f"{name}: {path} has no anchor #{fragment}")
        elif not any(resolve(path, href) == (f"{API}.html", name) for href in back_links(path)):
            problems.append(f"{name}: its code in {path} does not link back to the API page")
    assert not problems, "\n".join(problems[:20])


def test_each_entry_says_where_it_is_taught_with_links_to_the_chapter_and_its_section():
    found, problems, sections = entries(), [], 0
    for name, helper in public_helpers().items():
        line = chapter_line(helper.__doc__)
        paragraph = next(
            (p for p in found[name].find_next_sibling("dd").find_all("p", recursive=False)
             if p.get_text().startswith(("Taught in", "Used by"))),
            None,
        )  # fmt: skip
        if paragraph is None:
            problems.append(f"{name}: the API page does not show its chapter line")
            continue
        links = [resolve(f"{API}.html", a["href"]) for a in paragraph.select("a")]
        if taught := TAUGHT.fullmatch(line):
            chapter = next(d for d in CHAPTERS if d.startswith(f"chapters/{int(taught.group(1)):02d}_"))
            if len(links) != 2 or links[0] != (f"{chapter}.html", "") or links[1][0] != f"{chapter}.html":
                problems.append(f"{name}: {line} links to {links}, not to {chapter} and a section of it")
            elif links[1][1] not in section_titles(links[1][0]):
                problems.append(f"{name}: {chapter} has no section #{links[1][1]}")
            else:
                heading = section_titles(links[1][0])[links[1][1]]
                shown = " ".join(paragraph.select("a")[1].get_text().split())
                sections += 1
                if shown not in heading:
                    problems.append(f"{name}: the link says {shown!r}, the section is {heading!r}")
        elif re.search(r"\bchapter \d", line) and not links:
            problems.append(f"{name}: {line} has no link to the chapter")
    assert not problems, "\n".join(problems[:20])
    assert sections >= 100


# --- the chapters' code, linked to the API page ---------------------------------------------------------------------


def tokens(pre: Tag) -> list[tuple[str, str | None, str | None]]:
    """A highlighted block as (text, the highlighter's class, the link's address) per token, spaces left out."""
    out = []
    for child in pre.children:
        if isinstance(child, NavigableString):
            if child.strip():
                out.append((str(child), None, None))
        elif child.name == "a":
            span = child.find("span")
            out.append((child.get_text(), " ".join(span.get("class", [])) if span else None, child.get("href")))
        elif child.get_text().strip():
            out.append((child.get_text(), " ".join(child.get("class", [])), None))
    return out


def code_cells(docname: str) -> list[str]:
    notebook = json.loads(source_of(docname).read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]


def imports_from_helpers(docname: str) -> tuple[dict[str, tuple[object, str]], set[str]]:
    """What the notebook binds by importing from helpers (name -> the module or object and its dotted path), and every
    name it binds otherwise anywhere (assignments, loop variables, parameters, definitions, other imports): read with
    Python's ast, simply, without the order or the scopes the extension follows."""
    bound: dict[str, tuple[object, str]] = {}
    other: set[str] = set()
    for source in code_cells(docname):
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "helpers":
                for alias in node.names:
                    where = f"{node.module}.{alias.name}"
                    value = getattr(importlib.import_module(node.module), alias.name, None)
                    value = importlib.import_module(where) if value is None else value  # a submodule
                    bound[alias.asname or alias.name] = (value, where)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    name = alias.asname or alias.name.split(".")[0]
                    if alias.name.split(".")[0] == "helpers":
                        where = alias.name if alias.asname else name
                        bound[name] = (importlib.import_module(where), where)
                    else:
                        other.add(name)
            elif isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
                other.add(node.id)
            elif isinstance(node, ast.arg):
                other.add(node.arg)
            elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                other.add(node.name)
    return bound, other


UNKNOWN = object()
"""A name the notebook also binds itself (somewhere): whether it is a helper at a given place is not checked here."""


def anchor_of(value: object, where: str) -> str | None:
    """The API page's anchor for what the code reaches through the dotted path `where`, if it has an entry."""
    if inspect.isfunction(value) or inspect.isclass(value) or inspect.ismethod(value):
        where = f"{value.__module__}.{value.__qualname__}"
    return where if not inspect.ismodule(value) and where in entries() else None


@pytest.mark.parametrize("docname", CHAPTERS, ids=page_id)
def test_the_chapters_code_links_every_helper_it_uses_to_its_entry(docname):
    """Every name of a helper that a code cell uses (imported from helpers, or reached as `R.f` or `helpers.f`) is a
    link to its entry on the API page, with the name as the link's text and the highlighter's span inside; nothing
    else is a link: a name the notebook binds itself, an attribute of something that is not helpers (`np.argmax`,
    `F.one_hot`, `words.one_hot`), a module, a keyword argument."""
    bound, other = imports_from_helpers(docname)
    problems, linked = [], set()
    blocks = code(f"{docname}.html").select("div.cell_input pre")
    assert blocks, f"{docname} shows no code cells"
    for pre in blocks:
        assert not pre.select("a:not(.helper-link)"), f"{docname}: a link in code that the extension did not make"
        for a in pre.select("a.helper-link"):
            spans = a.find_all(recursive=False)
            if len(spans) != 1 or spans[0].name != "span" or spans[0].get_text() != a.get_text():
                problems.append(f"{a}: the link should hold the highlighter's span of the name, and only it")
        seq = tokens(pre)
        reached: dict[int, object] = {}  # token index -> (value, dotted path), or UNKNOWN
        for index, (text, kind, href) in enumerate(seq):
            dotted = index >= 2 and seq[index - 1][0] == "."
            keyword = index + 1 < len(seq) and seq[index + 1][0] == "=" and not dotted
            value = None
            if kind == "n" and dotted and index - 2 in reached:
                base = reached[index - 2]
                if base is UNKNOWN:
                    value = UNKNOWN
                elif inspect.ismodule(base[0]) or inspect.isclass(base[0]):
                    path = f"{base[1]}.{text}"
                    attribute = getattr(base[0], text, None)
                    if attribute is None and inspect.ismodule(base[0]):
                        attribute = importlib.util.find_spec(path) and importlib.import_module(path)
                    value = (attribute, path) if attribute is not None else None
            elif kind == "n" and not dotted and not keyword and text in bound:
                value = UNKNOWN if text in other else bound[text]
            if value is not None:
                reached[index] = value
            if value is UNKNOWN:
                continue
            expected = anchor_of(*value) if value is not None else None
            target = resolve(f"{docname}.html", href) if href else None
            if expected is None and target is not None:
                problems.append(f"{text!r} ({kind}) links to {href}, but it is not a helper there")
            elif expected is not None and target != (f"{API}.html", expected):
                problems.append(f"{text!r} should link to {API}.html#{expected}, links to {href}")
            elif target:
                linked.add(expected)
    assert not problems, f"{docname}:\n" + "\n".join(problems[:20])
    assert len(linked) >= 5, f"{docname} links only {sorted(linked)}"


def test_names_that_are_not_helpers_are_not_linked():
    """Real cases from the chapters, beside the helper of the same name, which is linked."""

    def uses(docname: str, before: str, name: str) -> list[str | None]:
        """The address of each `before.name` in the page's code (None where it is not a link)."""
        found = []
        for pre in code(f"{docname}.html").select("div.cell_input pre"):
            seq = tokens(pre)
            for i in range(2, len(seq)):
                if seq[i][0] == name and seq[i - 1][0] == "." and seq[i - 2][0] == before:
                    found.append(seq[i][2])
            found += [t[2] for t in seq if before == "" and t[0] == name]
        return found

    for docname, before, name in [
        ("chapters/01_argmax", "F", "one_hot"),  # torch's one_hot, in the chapter that imports helpers' one_hot
        ("chapters/01_argmax", "np", "argmax"),
        ("chapters/01_argmax", "torch", "argmax"),
        ("chapters/02_softmax", "torch", "softmax"),
        ("chapters/02_softmax", "np", "exp"),
        ("chapters/05_ce_vs_squared_error", "per_noise", "cross_entropy"),  # a column of a table of results
        ("chapters/07_rnn", "words", "one_hot"),  # a Vocabulary's method
    ]:
        found = uses(docname, before, name)
        assert found and not any(found), f"{docname}: {before}.{name} appears {len(found)} times, linked {found}"
    # chapter 2 defines a function of its own called `show` (as helpers.feedback.show is, which it does not import)
    local = uses("chapters/02_softmax", "", "show")
    assert len(local) >= 2 and not any(local), local
    for docname, name in [("chapters/01_argmax", "one_hot"), ("chapters/02_softmax", "softmax")]:
        assert any(uses(docname, "", name)), f"{docname}: the helper {name} itself is linked"
    modules = uses("chapters/07_rnn", "", "R")
    assert modules and not any(modules), "a module (R, for helpers.rnn) is not linked, its helpers are"


@pytest.mark.parametrize("docname", [*EXERCISES, API], ids=page_id)
def test_the_exercise_pages_and_the_api_page_are_left_alone(docname):
    """Their code uses the helpers too (exercises import them, the API page's examples call them), unlinked."""
    page = code(f"{docname}.html")
    assert not page.select("a.helper-link"), f"{docname} has links to helpers in its code"
    assert not page.select("div.highlight pre a"), f"{docname} has links in its code"
    names = {name.rsplit(".", 1)[-1] for name in public_helpers()}
    used = [s.get_text() for s in page.select("div.highlight pre span.n") if s.get_text() in names]
    assert used, f"{docname}: no helper in its code, nothing to check"


def test_the_extension_reads_code_as_the_kernel_runs_it():
    """Which names the extension links, on code written to catch it out: re-exports lead to the defining module,
    modules by alias and by name, chains through a class; a name bound again (assignment, loop, parameter,
    comprehension, `del`) is no longer a helper there; keyword arguments and attributes of other objects never are."""
    cells = [
        "from helpers import softmax, one_hot as oh\nfrom helpers import rnn as R\nimport helpers\nimport numpy as np",
        "softmax(z); oh(y, 3); np.softmax(z); words.one_hot(y); f(softmax=1)",
        "R.Vocabulary.from_tokens('ab'); helpers.cross_entropy(p, y); helpers.jacobian.softmax_jacobian(p)",
        "def g(softmax):\n    return softmax(z)\n[oh for oh in range(3)]\nlambda R: R.rnn_forward",
        "x = 'é'; y = softmax(x)",
        "for oh in range(2):\n    oh(1)\nsoftmax = np.exp\nsoftmax(z)",
        "%timeit softmax(z)\nR.perplexity(1.0)",
        "from helpers.explorers import *\nArgmaxExplorer",
    ]
    found = {(u.cell, u.line, u.column, u.name, u.target) for u in helper_links.helper_uses(cells)}
    expected = {
        (0, 1, 20, "softmax", "helpers.activations.softmax"),
        (0, 1, 29, "one_hot", "helpers.losses.one_hot"),
        (1, 1, 0, "softmax", "helpers.activations.softmax"),
        (1, 1, 12, "oh", "helpers.losses.one_hot"),
        (2, 1, 2, "Vocabulary", "helpers.rnn.Vocabulary"),
        (2, 1, 13, "from_tokens", "helpers.rnn.Vocabulary.from_tokens"),
        (2, 1, 40, "cross_entropy", "helpers.losses.cross_entropy"),
        (2, 1, 78, "softmax_jacobian", "helpers.jacobian.softmax_jacobian"),
        (4, 1, 13, "softmax", "helpers.activations.softmax"),  # after a non-ASCII character: columns in characters
        (6, 2, 2, "perplexity", "helpers.rnn.perplexity"),  # a magic's line is IPython's, the next one Python
        (7, 2, 0, "ArgmaxExplorer", "helpers.explorers.argmax.ArgmaxExplorer"),
    }
    assert found == expected, f"missing {sorted(expected - found)}, unexpected {sorted(found - expected)}"


def test_the_extensions_own_examples():
    result = doctest.testmod(helper_links, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 4 and not result.failed, result


@on_page("chapters/07_rnn")
@CHANGES_THE_PAGE  # it moves the keyboard's focus
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_helper_link_keeps_the_highlighters_colour_is_underlined_and_shows_its_focus(tab, scheme):
    """On chapter 7's page as the other tests of that page load it (axe checks its colours in both schemes): a
    linked name has the colour of the same kind of name unlinked, an underline, and the focus ring when reached by
    keyboard."""
    page, _ = tab("chapters/07_rnn", scheme)
    link = page.locator("div.cell_input a.helper-link").first
    style = link.evaluate(
        """a => { const span = a.querySelector('span'), pre = a.closest('pre');
                  const plain = [...pre.querySelectorAll('span.' + span.className)].find(s => !s.closest('a'));
                  return { colour: getComputedStyle(span).color, plain: plain && getComputedStyle(plain).color,
                           underline: getComputedStyle(a).textDecorationLine }; }"""
    )
    assert style["plain"] and style["colour"] == style["plain"], style
    assert "underline" in style["underline"], style
    try:
        link.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # reached by keyboard, as :focus-visible means
        ring = link.evaluate(
            """a => ({ active: document.activeElement === a, visible: a.matches(':focus-visible'),
                       style: getComputedStyle(a).outlineStyle,
                       width: parseFloat(getComputedStyle(a).outlineWidth) })"""
        )
    finally:
        page.evaluate("document.activeElement && document.activeElement.blur()")
    assert ring["active"] and ring["visible"] and ring["style"] != "none" and ring["width"] >= 2, ring


@on_page("_modules/helpers/activations")
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_code_a_source_link_leads_to_is_readable_in_both_schemes(tab, scheme):
    """Where each [source] link leads: its module's highlighted code (one page load for both schemes), the helper's
    block marked as the target. axe's colour rules pass there too: the theme's target colour had taken the code's
    colours below 4.5:1 in dark mode, and the [docs] links below it in both (assets/custom.css)."""
    page, report = tab("_modules/helpers/activations", scheme)
    assert not report.page_errors and not report.console_errors and not report.failed_local, report
    page.evaluate("location.hash = '#softmax'")
    assert page.evaluate("document.querySelector('.viewcode-block:target').id") == "softmax"
    serious = [v for v in run_axe(page, AXE.read_text(), COLOUR_RULES) if v["impact"] in ("serious", "critical")]
    assert not serious, "\n".join(f"{v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in serious)
