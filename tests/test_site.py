"""The built website, read in a real browser (Chromium) the way a reader uses it, with the network cut off.

Every page of `_toc.yml` is loaded from the site served on 127.0.0.1 (see `sitekit.py`; `make book` builds
it): no console errors, no failed local requests, no request to any outside host (they are blocked),
rendered equations, alt text on every image, live explorers, launch buttons that point at the notebook in
the repository of `_config.yml`, working next/previous links and a working search page.
"""

from __future__ import annotations

import json
import sys
from urllib.parse import quote, urljoin

import pytest
from sitekit import (
    DESKTOP,
    RAW_TEX_JS,
    ROOT,
    SITE,
    WAIT_FOR_PAGE_JS,
    by_page,
    load_yaml,
    notebook_docnames,
    open_page,
    page_id,
    source_of,
    toc_docnames,
)

# pytest-playwright's stand-in for pytest-base-url trips a pytest 9 deprecation notice; nothing to fix here.
pytestmark = pytest.mark.filterwarnings("ignore:Session-scoped fixtures defined as instance methods")
PAGES = toc_docnames()
NOTEBOOK_PAGES = notebook_docnames()


def test_waiting_for_a_page_to_be_drawn_fails_with_what_it_waited_for_instead_of_hanging(page):
    """A page whose maths never finishes typesetting: the wait gives up and names the stage, so that a stuck page
    fails its test instead of stopping the whole run."""
    page.set_content('<p class="math">x</p>')
    page.evaluate("window.MathJax = { startup: { promise: new Promise(() => {}) } }")
    with pytest.raises(Exception, match="not drawn whole after 1 s: still waiting for MathJax to typeset"):
        page.evaluate(WAIT_FOR_PAGE_JS, 1)


def test_the_toc_has_pages_and_the_site_has_them_all(site_url):
    from sitekit import SITE

    assert len(PAGES) >= 2, PAGES
    missing = [d for d in PAGES if not (SITE / f"{d}.html").is_file()]
    assert not missing, f"pages of _toc.yml missing from the built site {SITE} (rebuild it): {missing}"
    for docname in PAGES:
        assert source_of(docname) is not None, f"_toc.yml lists {docname}, which has no source file"


@pytest.mark.parametrize("docname", by_page(PAGES))
def test_page_loads_offline_without_errors(tab, docname):
    page, report = tab(docname)
    assert report.status == 200, report
    assert not report.page_errors, f"JavaScript errors on {docname}: {report.page_errors}"
    assert not report.console_errors, f"console errors on {docname}: {report.console_errors}"
    assert not report.failed_local, f"failed requests on {docname}: {report.failed_local}"
    assert not report.outside_requests, (
        f"{docname} asks outside hosts for {report.outside_requests}: serve them from the site (package.json)"
    )

    # Readable without the network: a title, body text in a visible main column, and the theme's styles.
    title = page.locator("article h1").first
    assert title.is_visible() and title.inner_text().strip(), f"{docname} has no visible title"
    text = page.locator("article").inner_text()
    assert len(text.split()) >= 20, f"{docname} has almost no text: {text[:200]!r}"
    box = page.locator("article").bounding_box()
    assert box and box["width"] >= 500, f"the main column of {docname} is too narrow on a desktop: {box}"
    font = page.evaluate("getComputedStyle(document.querySelector('article p') || document.body).fontFamily")
    assert "serif" in font.lower() or "sans" in font.lower(), f"{docname} has no theme font: {font}"

    # Equations: every math element typeset by MathJax (served locally), none left as raw TeX.
    math = page.evaluate(
        """() => [...document.querySelectorAll('article .math')].map(e => ({
             text: e.textContent.slice(0, 80), typeset: !!e.querySelector('mjx-container'),
             error: !!e.querySelector('mjx-merror') }))"""
    )
    raw = [m["text"] for m in math if not m["typeset"]]
    bad = [m["text"] for m in math if m["error"]]
    assert not raw, f"equations not rendered on {docname}: {raw}"
    assert not bad, f"equations with TeX errors on {docname}: {bad}"
    leftover = page.evaluate(RAW_TEX_JS, "article")
    assert not leftover, f"raw TeX left in the text of {docname}: {leftover}"
    # Typeset when the site was built (tools/typeset_math.js): the page does not load MathJax, and its style sheet
    # draws every character its equations use (MathJax's HTML draws each one as the content of ::before).
    assert page.evaluate("typeof (window.MathJax || {}).startup") == "undefined", f"{docname} loads MathJax"
    undrawn = page.evaluate(
        """() => {
             const first = new Map();  // one of each character
             for (const c of document.querySelectorAll('article mjx-c')) {
               if (!first.has(c.className)) first.set(c.className, c);
             }
             return [...first.values()].filter(c => ['none', 'normal', ''].includes(
               getComputedStyle(c, '::before').content)).map(c => c.className);
           }"""
    )
    assert not undrawn, f"characters of equations on {docname} without a style to draw them: {undrawn}"


@pytest.mark.parametrize("docname", [PAGES[0], "chapters/04_softmax_jacobian"], ids=page_id)
def test_a_first_visit_in_dark_mode_is_dark_from_the_start_and_without_errors(browser, site_url, docname):
    """The shared loads (`tab`) start light and switch to dark as a system setting changes; this is a first visit
    by a reader whose system is dark, as the theme sees it before any setting of its own is stored."""
    context = browser.new_context(color_scheme="dark", viewport=DESKTOP)
    page = context.new_page()
    report = open_page(page, site_url, f"{docname}.html")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert not report.page_errors and not report.console_errors and not report.failed_local, report
    assert not report.outside_requests, report
    context.close()


@pytest.mark.parametrize("docname", by_page(PAGES))
def test_every_image_has_alt_text_and_is_drawn(tab, docname):
    page, _ = tab(docname)
    images = page.evaluate(
        """() => [...document.querySelectorAll('article img')].map(i => ({
             src: (i.getAttribute('src') || '').slice(0, 80), alt: (i.getAttribute('alt') || '').trim(),
             complete: i.complete, natural: i.naturalWidth, width: i.getBoundingClientRect().width }))"""
    )
    for img in images:
        where = f"{docname}: image {img['src']}"
        assert img["alt"], f"{where} has no alt text (figure cells need mystnb.image.alt metadata)"
        # Sphinx writes the file name as alt text when the cell has none.
        assert not img["alt"].lower().endswith((".png", ".svg", ".jpg", ".jpeg", ".gif")), (
            f"{where} has a file name as alt text ({img['alt']}): give the cell mystnb.image.alt metadata"
        )
        assert len(img["alt"].split()) >= 3, f"{where} alt text is too short to describe it: {img['alt']!r}"
        assert img["complete"] and img["natural"] > 0 and img["width"] > 0, f"{where} is not drawn: {img}"


@pytest.mark.parametrize("docname", by_page(PAGES))
def test_explorers_are_alive_with_a_static_figure_in_their_section(tab, docname):
    """Every explorer mounts (a chart and its numbers drawn) and its section also has a static figure (print, no JS);
    no page carries an ipywidgets view or stored widget state any more."""
    page, _ = tab(docname)
    page.wait_for_function("[...document.querySelectorAll('.course-explorer')].every(e => e.dataset.ready)")
    explorers = page.evaluate(
        """() => [...document.querySelectorAll('.course-explorer')].map(e => {
             const section = e.closest('section');
             const r = e.getBoundingClientRect();
             return { name: e.dataset.explorer, ready: e.dataset.ready, height: r.height,
                      charts: e.querySelectorAll('svg.cx-chart, .cx-meter').length,
                      numbers: [...e.querySelectorAll('[data-num]')].filter(n => n.textContent.trim()).length,
                      figures: [...section.querySelectorAll('img')].filter(i => i.naturalWidth > 0).length };
           })"""
    )
    for e in explorers:
        assert e["ready"] == "true" and e["height"] > 100 and e["charts"] and e["numbers"] >= 5, e
        assert e["figures"], f"{docname}: the {e['name']} explorer has no static figure in its section"
    widgets = page.locator('script[type^="application/vnd.jupyter.widget"]').count()
    assert widgets == 0, f"{docname} still carries ipywidgets views or state"
    if docname.startswith("chapters/0"):
        assert explorers, f"{docname} has no explorer"


def _repository():
    config = load_yaml("_config.yml")
    repo = config["repository"]
    owner_name = repo["url"].rstrip("/").removeprefix("https://github.com/")
    path = (repo.get("path_to_book") or "").strip("/")
    return config, owner_name, repo.get("branch", "main"), (path + "/" if path else "")


@pytest.mark.parametrize("docname", by_page(NOTEBOOK_PAGES))
def test_binder_and_colab_buttons_point_at_this_notebook(tab, docname):
    config, owner_name, branch, prefix = _repository()
    buttons = config["launch_buttons"]
    notebook = f"{prefix}{source_of(docname).relative_to(ROOT).as_posix()}"
    assert (ROOT / notebook.removeprefix(prefix)).is_file()
    interface = {"classic": "tree", "jupyterlab": "lab/tree"}[buttons.get("notebook_interface", "classic")]
    binder = f"{buttons['binderhub_url'].rstrip('/')}/v2/gh/{owner_name}/{branch}?urlpath={interface}/{quote(notebook)}"
    colab = f"{buttons['colab_url'].rstrip('/')}/github/{owner_name}/blob/{branch}/{quote(notebook)}"

    page, _ = tab(docname)
    launch = page.locator(".dropdown-launch-buttons").first
    launch.locator("button").first.click()  # the rocket opens the menu, as a reader does
    for name, expected in (("Binder", binder), ("Colab", colab)):
        link = launch.locator(f"a[href^='{expected.split('/')[0]}//{expected.split('/')[2]}']")
        assert link.count() == 1, f"{docname} has {link.count()} {name} buttons"
        assert link.get_attribute("href") == expected, f"{name} button of {docname}"
        assert link.is_visible(), f"the {name} button of {docname} is not shown when the rocket is pressed"


def follow(page, link: str) -> None:
    """Click `link` and wait for the page it leads to, drawn whole: leaving a page sooner aborts its late requests
    (MathJax's fonts, the explorers' modules), which the report would count as failed."""
    with page.expect_navigation(wait_until="load"):
        page.locator(link).first.click()
    page.evaluate(WAIT_FOR_PAGE_JS)


def _only_documents(route):
    """The walk follows links, which are in each page's document: what a page draws and runs with (scripts, style
    sheets, images, fonts) is left out, so that each page is quick to load and nothing drawn late moves a link (the
    other tests load every page whole)."""
    if route.request.resource_type in ("image", "font", "media", "script", "stylesheet"):
        route.abort()
    else:
        route.fallback()


def test_each_chapter_says_how_long_it_takes_and_what_it_assumes():
    """Under each chapter's title: its reading time, as _ext/chapter_about.py computes it from the notebook (not
    typed), and at least one prerequisite, each a working link (a page of this site, or a refresher elsewhere)."""
    from bs4 import BeautifulSoup

    sys.path.insert(0, str(ROOT / "_ext"))
    import chapter_about

    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        words, lines, minutes = chapter_about.measure(notebook)
        assert 1000 < words and 10 <= minutes <= 90, (path.stem, words, lines, minutes)
        page = BeautifulSoup((SITE / "chapters" / f"{path.stem}.html").read_text(encoding="utf-8"), "html.parser")
        about = page.select_one("article section > p.chapter-about")
        assert about is not None and about.find_previous_sibling(["h1"]) is not None, f"{path.stem}: no line under h1"
        text = " ".join(about.get_text().split())
        assert text.startswith(f"About {minutes} minutes to read ({words:,} words and {lines} lines of code)"), text
        needs = notebook["metadata"].get("prerequisites", [])
        links = about.select("a")
        assert needs and [" ".join(a.get_text().split()) for a in links] == [n["text"] for n in needs], path.stem
        for need, link in zip(needs, links):
            if "url" in need:
                assert link["href"] == need["url"] and need["url"].startswith("https://")
            else:
                target = urljoin(f"chapters/{path.stem}.html", link["href"]).split("#")[0]
                assert (SITE / target).is_file() and target == f"{need['doc']}.html", (path.stem, link["href"])


def test_next_and_previous_links_walk_the_toc_in_order(page, site_url):
    page.goto(site_url)  # the site's front door (index.html) redirects to the first page
    page.wait_for_url(f"**/{PAGES[0]}.html")
    page.evaluate(WAIT_FOR_PAGE_JS)  # drawn whole: loading it again now aborts none of its requests
    report = open_page(page, site_url, f"{PAGES[0]}.html")
    assert not report.page_errors and not report.failed_local and not report.outside_requests, report
    page.route("**/*", _only_documents)
    visited = [PAGES[0]]
    # The reader goes on by keyboard (the link focused, then Enter), as soon as the next page's document is parsed.
    for _ in range(len(PAGES) - 1):
        before = page.url
        page.locator("a.right-next").first.press("Enter")
        page.wait_for_url(lambda url, before=before: url != before, wait_until="domcontentloaded")
        visited.append(page.url.removeprefix(site_url).removesuffix(".html"))
    assert visited == PAGES
    assert page.locator("a.right-next").count() == 0, "the last page has a next link"
    for expected in reversed(PAGES[:-1]):
        page.locator("a.left-prev").first.press("Enter")
        page.wait_for_url(f"{site_url}{expected}.html", wait_until="domcontentloaded")


def test_search_finds_softmax_and_leads_to_a_page(page, site_url):
    report = open_page(page, site_url, PAGES[0] + ".html")
    box = page.locator("form.bd-search input[type=search]").first
    if not box.is_visible():  # the search box opens from the header button
        page.locator("button.search-button, .search-button__button").first.click()
        box = page.locator(".search-button__search-container input[type=search], form.bd-search input").first
    box.fill("softmax")
    box.press("Enter")
    page.wait_for_url("**/search.html?q=softmax*")
    results = page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=15_000)
    assert results.count() >= 2, page.locator("#search-results").inner_text()
    first = results.first.locator("a").first
    target = first.get_attribute("href")
    page.evaluate(WAIT_FOR_PAGE_JS)  # the results page drawn whole before the reader leaves it
    follow(page, "#search-results ul.search li a")
    assert page.url.split("?")[0].split("#")[0].removeprefix(site_url).removesuffix(".html") in PAGES, target
    assert "softmax" in page.locator("article").inner_text().lower()
    assert not report.page_errors and not report.console_errors and not report.outside_requests, report


FITS_A_PHONE_JS = """() => {
  const out = [];
  const width = document.documentElement.scrollWidth;
  if (width > innerWidth + 1) out.push(`the page is ${width}px wide`);
  const scrolls = e => { for (let a = e; a && a.tagName !== 'ARTICLE'; a = a.parentElement) {
      const s = getComputedStyle(a).overflowX;
      if ((s === 'auto' || s === 'scroll') && a.getBoundingClientRect().right <= innerWidth + 1) return true; }
    return false; };
  const boxes = 'article mjx-container, article table, article pre, article img, article .course-explorer';
  for (const e of document.querySelectorAll(boxes)) {
    const r = e.getBoundingClientRect();
    if (r.width > 0 && r.right > innerWidth + 1 && !scrolls(e)) {
      const text = (e.textContent || e.getAttribute('src') || '').trim().slice(0, 40);
      out.push(`${e.tagName.toLowerCase()} ${text} is cut off`);
    }
  }
  for (const t of document.querySelectorAll('article .course-explorer input[type=range]'))
    if (t.getBoundingClientRect().width < 60)
      out.push(`a slider is squeezed to ${Math.round(t.getBoundingClientRect().width)}px`);
  return out.slice(0, 8);
}"""


@pytest.mark.parametrize("docname", by_page(PAGES))
def test_page_fits_a_phone_screen(tab, docname):
    """At 390 px wide the page does not scroll sideways; wide equations, tables and code scroll in their own box;
    an explorer's sliders keep a usable width."""
    page, _ = tab(docname, phone=True)
    found = page.evaluate(FITS_A_PHONE_JS)
    assert not found, f"{docname} does not fit a phone: {found}"
