"""The printable book (`make pdf`, tools/pdf.py): every page of `_toc.yml` in one PDF, in reading order, with its
figures and typeset equations, solutions folded as on the site, and links that stay inside the PDF.

The PDF is `_build/pdf/book.pdf`, or the file named by COURSE_PDF; the tests print it first if it is missing or older
than the site (sitekit.book_pdf, as `make pdf` does). Its text is read with poppler's pdftotext (Debian's
poppler-utils, which `make test` installs).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader
from sitekit import SITE, THE_PDF, book_pdf, page_id, toc_docnames

PAGES = toc_docnames()
pytestmark = THE_PDF


def words(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


def squeeze(text: str) -> str:
    """Text without spaces and hyphens, which line breaks add or remove (pdftotext joins "cross-" + "entropy")."""
    return re.sub(r"[\s\-\u00ad]+", "", text)


@cache
def book() -> PdfReader:
    return PdfReader(book_pdf())


@cache
def page_texts() -> tuple[str, ...]:
    """The text of every page, as pdftotext reads it (pages end with a form feed)."""
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: apt-get install -y poppler-utils", pytrace=False)
    command = ["pdftotext", "-enc", "UTF-8", str(book_pdf()), "-"]
    out = subprocess.run(command, capture_output=True, text=True, check=True)
    return tuple(words(page) for page in out.stdout.split("\f")[: len(book().pages)])


@cache
def starts() -> dict[str, int]:
    """The first page (0-based) of each page of the book, from the PDF's bookmarks, in their order."""
    reader = book()
    return {item.title: reader.get_destination_page_number(item) for item in reader.outline}


@cache
def site_page(docname: str) -> BeautifulSoup:
    return BeautifulSoup((SITE / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def title(docname: str) -> str:
    return words(site_page(docname).select_one("article h1").get_text()).rstrip("#").strip()


def page_range(docname: str) -> range:
    """The PDF pages of one page of the book."""
    first = list(starts().values())
    index = PAGES.index(docname)
    end = first[index + 1] if index + 1 < len(first) else len(book().pages)
    return range(first[index], end)


def images_in(resources, seen: set[int]) -> int:
    """Image XObjects a page draws, also inside its form XObjects (counted once each)."""
    count = 0
    for ref in ((resources or {}).get("/XObject") or {}).values():
        obj = ref.get_object()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if obj.get("/Subtype") == "/Image":
            count += 1
        elif obj.get("/Subtype") == "/Form":
            count += images_in(obj.get("/Resources"), seen)
    return count


def test_every_page_of_the_book_is_there_in_reading_order_under_its_bookmark():
    assert list(starts()) == [title(d) for d in PAGES], "the PDF's bookmarks should be the toc's titles, in order"
    first = list(starts().values())
    assert first[0] == 0 and first == sorted(set(first)), f"each page of the book starts on its own pages: {first}"
    for docname, page in zip(PAGES, first):
        assert title(docname) in page_texts()[page], f"page {page + 1} should open with {title(docname)!r}"


def test_the_page_count_is_that_of_a_book_not_of_a_broken_print():
    reader = book()
    per_page = {d: len(page_range(d)) for d in PAGES}
    chapters = [d for d in PAGES if d.startswith("chapters/")]
    assert all(per_page[d] >= 3 for d in chapters), f"a chapter on fewer than 3 pages lost its content: {per_page}"
    assert len(PAGES) * 2 <= len(reader.pages) <= len(PAGES) * 20, f"{len(reader.pages)} pages: {per_page}"
    width, height = (round(float(x) / 72 * 25.4) for x in reader.pages[0].mediabox[2:])
    assert (width, height) == (210, 297), "A4 paper"
    total = len(reader.pages)
    unnumbered = [n for n, text in enumerate(page_texts(), 1) if f"{n} / {total}" not in text]
    assert not unnumbered, f"pages without their number 'n / {total}': {unnumbered[:10]}"


@pytest.mark.parametrize("docname", PAGES, ids=page_id)
def test_each_page_prints_its_figures(docname):
    figures = len(site_page(docname).select("article img"))
    embedded = sum(images_in(book().pages[n].get("/Resources"), set()) for n in page_range(docname))
    assert embedded >= figures, f"{docname}: {figures} figures on the site, {embedded} images in its PDF pages"


@cache
def code_text() -> str:
    """The text of every code block of the book, squeezed: code may show TeX on purpose (a Matplotlib label)."""
    return "\n".join(squeeze(pre.get_text()) for d in PAGES for pre in site_page(d).select("pre"))


def test_equations_are_typeset_not_left_as_tex():
    for n, text in enumerate(page_texts(), 1):
        raw = [
            text[max(0, m.start() - 25) : m.end() + 25]
            for m in re.finditer(r"\$\$|\\begin\{|\\end\{|\\frac|\\sum|\\\(|\\\[", text)
            # TeX in code with code on one side of it (a page's end or its footer may lie on the other)
            if squeeze(text[max(0, m.start() - 25) : m.end()]) not in code_text()
            and squeeze(text[m.start() : m.end() + 25]) not in code_text()
        ]
        assert not raw, f"page {n} shows raw TeX outside code {raw}: MathJax had not typeset it when it was printed"
    equations = sum(len(site_page(d).select("div.math, span.math")) for d in PAGES)
    assert equations > 50, "the site has equations to print"


def test_links_stay_in_the_book_or_lead_to_the_web():
    reader, jumps, outside = book(), 0, []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if "/Dest" in annotation:
                jumps += 1
            elif "/A" in annotation and "/URI" in annotation["/A"].get_object():
                outside.append(str(annotation["/A"].get_object()["/URI"]))
    local = [uri for uri in outside if not uri.startswith("https://") or "book.invalid" in uri]
    assert not local, f"links to the local server or to nowhere: {local[:5]}"
    assert jumps >= len(PAGES) - 1, f"only {jumps} links jump within the PDF (the intro links every other page)"


def test_solutions_print_folded_as_the_site_shows_them():
    exercises = [d for d in PAGES if site_page(d).select(".exercise")]
    assert exercises, "the book has exercise pages"
    checked = 0
    for docname in exercises:
        printed = squeeze(" ".join(page_texts()[n] for n in page_range(docname)))
        questions = squeeze(" ".join(e.get_text() for e in site_page(docname).select(".exercise")))
        for solution in site_page(docname).select(".solution"):
            heading = squeeze(solution.select_one(".admonition-title").get_text())
            assert heading in printed, f"{docname}: the solution's title {heading!r} is not printed"
            # Lines of the solution that the question does not show (its skeleton shares the function's first lines).
            lines = [squeeze(line) for pre in solution.select("pre") for line in pre.get_text().splitlines()]
            hidden = [line for line in lines if len(line) > 20 and line not in questions]
            opened = [line for line in hidden if line in printed]
            assert not opened, f"{docname}: a folded solution was printed open: {opened[:2]}"
            checked += bool(hidden)
    solutions = sum(len(site_page(d).select(".solution")) for d in exercises)
    assert checked >= solutions / 2, f"only {checked} of {solutions} solutions have code lines of their own to look for"


def test_the_licence_is_printed_with_the_book():
    text = " ".join(page_texts())
    assert "CC BY 4.0" in text and "MIT license" in text, "the site's footer (licences) should print"


def test_chapters_print_their_reading_time_and_their_self_checks_with_the_answers_at_the_end():
    """On paper a chapter opens with its reading time and what it assumes; its self-checks print numbered, without
    their buttons or input boxes, and their answers are listed after the last one."""
    for docname in [d for d in PAGES if d.startswith("chapters/")]:
        pages = page_range(docname)
        assert re.search(r"About \d+ minutes to read .* It assumes", page_texts()[pages[0]]), docname
        printed = " ".join(page_texts()[n] for n in pages)
        count = len(site_page(docname).select("section.selfcheck"))
        numbered = [printed.find(f"Check yourself {k}") for k in range(1, count + 1)]
        assert count >= 3 and -1 not in numbered and numbered == sorted(numbered), (docname, numbered)
        answers = printed.find("Answers to the self-checks")
        assert answers > numbered[-1], f"{docname}: the answers are not printed after the last self-check"
        assert "Show the answer" not in printed, f"{docname}: a self-check's button is printed"
        if site_page(docname).select("section.selfcheck input[type=text]"):
            assert "Your answer: ____" in printed, f"{docname}: a numeric self-check prints its input box"
