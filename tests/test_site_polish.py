"""Site polish, in Chromium and in the built pages: one search box, no equation or table cut off on a phone, and
exercises numbered per chapter (3.1, 3.2, ... on chapter 3's exercise page).

The browser tests use the site and Chromium of `sitekit.py` (`make book` builds the site).
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from sitekit import CHANGES_THE_PAGE, DESKTOP, PHONE, SITE, by_page, on_page, open_page, page_id, toc_docnames

# pytest-playwright's stand-in for pytest-base-url trips a pytest 9 deprecation notice; nothing to fix here.
pytestmark = pytest.mark.filterwarnings("ignore:Session-scoped fixtures defined as instance methods")
PAGES = toc_docnames()

VISIBLE_SEARCH_JS = """() => [...document.querySelectorAll(
    '.search-button-field, .search-button__button, form.bd-search, input[type=search]')]
  .filter(e => !e.parentElement.closest('.search-button-field, form.bd-search'))
  .filter(e => { const r = e.getBoundingClientRect(), s = getComputedStyle(e);
                 return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; })
  .map(e => e.className || e.tagName)"""

# Every equation (display or inline) and table must be wholly visible or sit in a box that scrolls sideways: walk up
# from it; an ancestor that scrolls (overflow-x auto or scroll, not an inline box) takes over as what must be seen,
# and an ancestor that clips (hidden, clip) must hold what must be seen. Folded solutions are opened first.
CUT_OFF_JS = """() => {
  for (const b of document.querySelectorAll('.admonition.toggle-hidden button.toggle-button')) b.click();
  for (const d of document.querySelectorAll('details')) d.open = true;
  const out = [];
  const name = e => (e.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 50);
  for (const e of document.querySelectorAll('article mjx-container, article table')) {
    const r = e.getBoundingClientRect();
    if (!r.width) continue;
    const inner = e.querySelector('mjx-math') || e;
    let seen = {left: Math.min(r.left, inner.getBoundingClientRect().left),
                right: Math.max(r.right, r.left + e.scrollWidth, inner.getBoundingClientRect().right)};
    let cut = false;
    for (let a = e; a && a !== document.documentElement && !cut; a = a.parentElement) {
      const style = getComputedStyle(a), box = a.getBoundingClientRect();
      const overflow = style.display === 'inline' ? 'visible' : style.overflowX;
      if (overflow === 'auto' || overflow === 'scroll') { seen = {left: box.left, right: box.right}; continue; }
      if (a !== e && overflow !== 'visible' && (seen.right > box.right + 1 || seen.left < box.left - 1)) {
        out.push(`${e.tagName.toLowerCase()} "${name(e)}" (${Math.round(seen.right - seen.left)} px) is cut by `
                 + `${a.tagName.toLowerCase()}.${[...a.classList].join('.')} (${Math.round(box.width)} px)`);
        cut = true;
      }
    }
    if (!cut && (seen.right > innerWidth + 1 || seen.left < -1))
      out.push(`${e.tagName.toLowerCase()} "${name(e)}" runs off the screen`);
  }
  return out;
}"""

# For each formula in a box: whether it runs more than 4 px past the box's right edge, and whether it is marked so.
MORE_TO_THE_RIGHT_JS = """() => [...document.querySelectorAll(
    '.bd-content span.math, .bd-content mjx-container[display]')]
  .filter(box => box.querySelector('mjx-math') && box.getClientRects().length)
  .map(box => [box.querySelector('mjx-math').getBoundingClientRect().right - box.getBoundingClientRect().right > 4,
               box.classList.contains('course-more-right')])"""


def test_one_search_box_on_a_desktop_screen(page, site_url):
    page.set_viewport_size(DESKTOP)
    for docname in (PAGES[0], PAGES[-1]):
        open_page(page, site_url, f"{docname}.html")
        boxes = page.evaluate(VISIBLE_SEARCH_JS)
        assert len(boxes) == 1, f"{docname} at {DESKTOP['width']} px shows {len(boxes)} search boxes: {boxes}"


def test_one_search_button_on_a_phone_and_it_searches(browser, site_url):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    report = open_page(page, site_url, f"{PAGES[1]}.html")
    boxes = page.evaluate(VISIBLE_SEARCH_JS)
    assert len(boxes) == 1, f"at {PHONE['width']} px the page shows {len(boxes)} search buttons: {boxes}"
    page.locator(".search-button__button:visible, .search-button-field:visible").first.click()
    field = page.locator("form.bd-search input[type=search]:visible")
    field.fill("softmax")
    field.press("Enter")
    page.wait_for_url("**/search.html?q=softmax*")
    page.locator("#search-results ul.search li").first.wait_for(timeout=15_000)
    assert not report.page_errors, report
    context.close()


def test_the_cut_off_check_sees_a_cut_equation_and_a_scrolling_one(browser):
    """The check itself: a wide equation in a clipping box is reported; the same in a scrolling box is not."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    wide = (
        '<mjx-container display="true"><mjx-math style="display:inline-block;width:600px">x</mjx-math></mjx-container>'
    )
    page.set_content(
        f'<article><div class="admonition" style="overflow:hidden;width:300px">{wide}</div>'
        f'<div class="math" style="overflow-x:auto;width:300px">{wide}</div></article>'
    )
    found = page.evaluate(CUT_OFF_JS)
    context.close()
    assert len(found) == 1 and "is cut by div.admonition" in found[0], found


# The tests of one page share its load (sitekit's `tab`).
@pytest.mark.parametrize("docname", by_page(PAGES))
def test_an_equation_that_scrolls_on_a_phone_shows_that_it_goes_on(tab, docname):
    """Where a formula runs past the right edge of its scroll box, the edge fades out (class course-more-right,
    assets/a11y.js) until the reader has scrolled to its end; formulas that fit do not fade."""
    page, _ = tab(docname, phone=True)
    state = page.evaluate(MORE_TO_THE_RIGHT_JS)
    assert all(more == marked for more, marked in state), f"{docname}: {state}"
    if any(more for more, _ in state):
        still_fading = page.evaluate(
            """() => { const box = document.querySelector('.course-more-right');
                       box.scrollLeft = box.scrollWidth; box.dispatchEvent(new Event('scroll'));
                       const fading = box.classList.contains('course-more-right');
                       box.scrollLeft = 0; box.dispatchEvent(new Event('scroll'));
                       return fading; }"""
        )
        assert not still_fading, f"{docname}: scrolled to its end, the formula should not fade"


@on_page("chapters/04_softmax_jacobian")
def test_the_fade_check_has_a_wide_formula_to_check(tab):
    """Chapter 4's Jacobian is wider than a phone's column: the test above has something to check."""
    page, _ = tab("chapters/04_softmax_jacobian", phone=True)
    assert any(more for more, _ in page.evaluate(MORE_TO_THE_RIGHT_JS))


RESIZE_FORMULAS_JS = """async (size) => {
  // Every formula at `size` (or back to its own size), then two frames drawn.
  document.querySelectorAll('.bd-content mjx-math').forEach(m => { m.style.fontSize = size; });
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
}"""


@on_page("chapters/04_softmax_jacobian")
@CHANGES_THE_PAGE
def test_the_fade_follows_a_formula_that_changes_size_after_the_load(tab):
    """A formula's width can change after the load event with no resize event (a font that arrives late, an explorer
    drawn beside it); under load, a formula of chapter 5 once kept its fade after it no longer went on. The fades
    follow the formulas' sizes."""
    page, _ = tab("chapters/04_softmax_jacobian", phone=True)
    at_load = page.evaluate(MORE_TO_THE_RIGHT_JS)
    try:
        for size in ("2em", "0.3em"):
            page.evaluate(RESIZE_FORMULAS_JS, size)
            state = page.evaluate(MORE_TO_THE_RIGHT_JS)
            wrong = [
                f"formula {k}: goes on {more}, fades {marked}"
                for k, (more, marked) in enumerate(state)
                if more != marked
            ]
            assert not wrong, f"formulas at {size}: {wrong}"
            wider = sum(more for more, _ in state) > sum(more for more, _ in at_load)
            assert wider == (size == "2em"), f"at {size}, {sum(more for more, _ in state)} formulas go on"
    finally:
        page.evaluate(RESIZE_FORMULAS_JS, "")
    assert page.evaluate(MORE_TO_THE_RIGHT_JS) == at_load


@CHANGES_THE_PAGE  # it opens the folded solutions
@pytest.mark.parametrize("docname", by_page(PAGES))
def test_no_equation_or_table_is_cut_off_on_a_phone(tab, docname):
    page, _ = tab(docname, phone=True)
    found = page.evaluate(CUT_OFF_JS)
    assert not found, f"cut off at {PHONE['width']} px (give them a box that scrolls, or make them fit): {found[:6]}"


def soup(docname: str) -> BeautifulSoup:
    return BeautifulSoup((SITE / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def chapter_number(docname: str) -> str:
    """The number the site gives the chapter with the same file name (chapters/03_x for solutions/pages/03_x)."""
    chapter = next(d for d in PAGES if d.startswith("chapters/") and d.rsplit("/", 1)[-1] == docname.rsplit("/", 1)[-1])
    return soup(chapter).select_one("article h1 .section-number").get_text().strip().rstrip(".")


@pytest.mark.parametrize("docname", [d for d in PAGES if d.startswith("solutions/")], ids=page_id)
def test_exercises_are_numbered_within_their_chapter(docname):
    page = soup(docname)
    chapter = chapter_number(docname)
    titles = [" ".join(t.get_text().split()) for t in page.select(".exercise > .admonition-title")]
    numbers = [re.match(r"Exercise (\S+)", title).group(1) for title in titles]
    assert numbers == [f"{chapter}.{n}" for n in range(1, len(titles) + 1)], titles
    for solution in page.select(".solution > .admonition-title"):
        number = re.search(r"Exercise (\S+)", solution.get_text()).group(1)
        assert number in numbers, f"{docname}: a solution refers to Exercise {number}, not one of {numbers}"
