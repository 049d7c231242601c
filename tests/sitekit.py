"""What the browser tests share: the pages of `_toc.yml`, the built site served on 127.0.0.1, Chromium, and the
book's PDF.

The site folder is `_build/html` (built by `make book`), or the folder named by the environment variable
COURSE_SITE_DIR. Chromium is Debian's headless shell, `/usr/bin/chromium-headless-shell` (`apt-get install -y
chromium-headless-shell`: the same Blink engine as `chromium`, without the desktop browser around it; Playwright's own
choice for headless runs. A page load costs it less than half the CPU, measured in the notes of issue 12), or CHROMIUM.
The PDF is `_build/pdf/book.pdf` (`make pdf`), or the file named by COURSE_PDF.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from filelock import FileLock

ROOT = Path(__file__).resolve().parents[1]
SITE = Path(os.environ.get("COURSE_SITE_DIR", ROOT / "_build" / "html")).resolve()
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium-headless-shell")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SOURCE_SUFFIXES = (".ipynb", ".md", ".rst")


def load_yaml(name: str) -> dict:
    return yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))


def _toc_entries(node) -> list[str]:
    """Every `file:` (and `glob:`) entry of a `_toc.yml` subtree, in reading order."""
    out: list[str] = []
    if isinstance(node, list):
        for item in node:
            out += _toc_entries(item)
    elif isinstance(node, dict):
        if "file" in node:
            out.append(str(node["file"]))
        if "glob" in node:
            matches = sorted(p for s in SOURCE_SUFFIXES for p in ROOT.glob(str(node["glob"]) + s))
            out += [p.relative_to(ROOT).with_suffix("").as_posix() for p in matches]
        for key in ("parts", "chapters", "sections"):
            if key in node:
                out += _toc_entries(node[key])
    return out


def toc_docnames() -> list[str]:
    """The pages of the book in reading order, as Sphinx docnames (`chapters/01_argmax`)."""
    toc = load_yaml("_toc.yml")
    names = [str(toc["root"])] + _toc_entries({k: v for k, v in toc.items() if k != "root"})
    names = [re.sub(r"\.(ipynb|md|rst)$", "", n) for n in names]
    return list(dict.fromkeys(names))


def source_of(docname: str) -> Path | None:
    for suffix in SOURCE_SUFFIXES:
        if (ROOT / (docname + suffix)).is_file():
            return ROOT / (docname + suffix)
    return None


def notebook_docnames() -> list[str]:
    return [d for d in toc_docnames() if (src := source_of(d)) is not None and src.suffix == ".ipynb"]


def page_id(docname: str) -> str:
    return docname.replace("/", "-")


# --- the book's PDF ------------------------------------------------------------------------------

PDF = Path(os.environ.get("COURSE_PDF", ROOT / "_build" / "pdf" / "book.pdf")).resolve()
THE_PDF = pytest.mark.xdist_group("the-pdf")
"""Marks the tests that read the book's PDF: they run on one worker, which prints the book first (`book_pdf`), and
tests/suites.py starts them before any other, so that printing overlaps the rest of the run instead of preceding it."""


@functools.cache
def book_pdf() -> Path:
    """The book's PDF, printed now from the built site (tools/pdf.py, as `make pdf` prints it) if it is missing or
    older than the site; one process prints while any other that needs it waits (a lock file beside it)."""
    _check_prerequisites()
    PDF.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(PDF.with_name(f".{PDF.name}.lock")):
        built = max((SITE / f"{d}.html").stat().st_mtime for d in toc_docnames())
        if not PDF.is_file() or PDF.stat().st_mtime < built:
            partial = PDF.with_name(f".{PDF.name}.partial")
            command = [sys.executable, str(ROOT / "tools" / "pdf.py"), "--site", str(SITE), "--out", str(partial)]
            printed = subprocess.run(command, capture_output=True, text=True)
            if printed.returncode != 0:
                pytest.fail(f"printing the book failed:\n{printed.stdout[-2000:]}\n{printed.stderr[-3000:]}")
            partial.replace(PDF)
    return PDF


# --- the site, served ---------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")
"""What static hosts such as GitHub Pages send gzip-compressed (not images or fonts: those are compressed already)."""


@functools.lru_cache(maxsize=512)
def _gzipped(path: Path, mtime_ns: int) -> bytes:
    """The file compressed once per version (the site's files are served to every test, again and again)."""
    return gzip.compress(path.read_bytes(), compresslevel=6)


class _GzipHandler(_QuietHandler):
    """Serves text files (HTML, CSS, JavaScript, JSON, SVG) gzip-compressed when the browser accepts it, as static
    hosts do; everything else as `http.server` does."""

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        kind = self.guess_type(str(path))
        accepted = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepted and path.is_file() and kind.startswith(COMPRESSED_TYPES)):
            return super().do_GET()
        body = _gzipped(path, path.stat().st_mtime_ns)
        self.send_response(200)
        for key, value in [("Content-Type", kind), ("Content-Encoding", "gzip"), ("Content-Length", str(len(body)))]:
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)
        return None


@functools.cache
def _check_prerequisites() -> None:
    if not (SITE / "index.html").is_file():
        pytest.fail(f"No built site in {SITE}: run `make book` (or set COURSE_SITE_DIR).", pytrace=False)
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        install = "apt-get update && apt-get install -y chromium-headless-shell"
        pytest.fail(f"No Chromium at {CHROMIUM}: `{install}`.", pytrace=False)


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A browser that has moved on to another page drops what it no longer needs (the next/previous walk does
        so on purpose): nothing to report; any other error is printed as usual."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def _serve(handler):
    _check_prerequisites()
    server = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(SITE)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def site_url():
    """The built site on a free port of 127.0.0.1, for the whole session, served as a static host such as GitHub Pages
    serves it: text gzip-compressed."""
    yield from _serve(_GzipHandler)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright launches Debian's Chromium headless shell (Playwright's own download does not work here)."""
    _check_prerequisites()
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": DESKTOP}


# --- loading a page the way a reader does, offline ------------------------------------------------


@dataclass
class PageReport:
    url: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_local: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    status: int | None = None


def block_outside_hosts(page, base_url: str, report: PageReport) -> None:
    """Abort every request that leaves 127.0.0.1 (the test runs offline) and remember it."""
    host = urlparse(base_url).netloc

    def handle(route):
        url = route.request.url
        parsed = urlparse(url)
        if parsed.scheme in ("data", "blob", "about") or parsed.netloc == host:
            route.continue_()
        else:
            report.outside_requests.append(url)
            route.abort("blockedbyclient")

    page.route("**/*", handle)


WAIT_FOR_PAGE_JS = """async (limit) => {
  // Drawn whole, within `limit` seconds (90 unless given): past that the wait fails and says what it was still
  // waiting for, so that it never hangs.
  const seconds = limit ?? 90;
  let stage = 'the explorers to mount';
  const drawn = (async () => {
    // Every explorer mounted (assets/explorers.js marks each data-ready "true", or "error"), within a minute.
    const explorers = () => [...document.querySelectorAll('.course-explorer[data-explorer]')];
    const pending = () => explorers().filter(e => !e.dataset.ready);
    if (pending().length) {
      await new Promise((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error('explorers not mounted after 60 s')), 60000);
        const watch = new MutationObserver(() => {
          if (!pending().length) { watch.disconnect(); clearTimeout(deadline); resolve(); }
        });
        watch.observe(document.body, { attributes: true, attributeFilter: ['data-ready'], subtree: true });
        if (!pending().length) { watch.disconnect(); clearTimeout(deadline); resolve(); }
      });
    }
    // The page's equations were typeset when the site was built (tools/typeset_math.js). MathJax runs in the page
    // only once something loads it (assets/selfcheck.js, for the maths of an answer's feedback; a site built without
    // that step loads it for every page): then startup.promise settles once its first pass is done, and
    // typesetPromise() also typesets any math added since, and settles only when MathJax has nothing left to do.
    const started = () => window.MathJax && window.MathJax.startup;
    const mathjax = started() || document.querySelector('script[src*="mathjax/startup.js"]');
    if (!mathjax && [...document.querySelectorAll('.math')].some(m => !m.querySelector('mjx-container'))) {
      throw new Error('the page has math that is not typeset, and no MathJax to typeset it');
    }
    if (mathjax) {
      stage = 'MathJax to start';
      while (!started()) await new Promise(r => setTimeout(r, 50));
      stage = 'MathJax to typeset';
      await window.MathJax.startup.promise;
      await window.MathJax.typesetPromise();
    }
    stage = 'the fonts to load';
    await document.fonts.ready;
    // The theme applies the reader's colour scheme with CSS transitions: take each to its end (what a reader sees
    // once it has run; a page the browser draws in the background may never run it), until a frame is drawn with
    // none running.
    for (;;) {
      stage = 'a frame to be drawn';
      await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
      const running = document.getAnimations().filter(a => a instanceof CSSTransition && a.playState === 'running');
      if (!running.length) break;
      stage = 'transitions of ' + running.slice(0, 5).map(
        a => `${a.transitionProperty} on ${a.effect && a.effect.target ? a.effect.target.tagName : '?'}`).join(', ');
      running.forEach(a => a.finish());
    }
    return true;
  })();
  let timer;
  const giveUp = new Promise((_, reject) => {
    const late = () => reject(new Error(`not drawn whole after ${seconds} s: still waiting for ${stage}`));
    timer = setTimeout(late, seconds * 1000);
  });
  try {
    return await Promise.race([drawn, giveUp]);
  } finally {
    clearTimeout(timer);
  }
}"""


RAW_TEX_JS = """(root) => {
  // Text MathJax left as TeX (outside code, which shows TeX on purpose, e.g. in a Matplotlib label).
  const out = [];
  const walker = document.createTreeWalker(document.querySelector(root), NodeFilter.SHOW_TEXT);
  let n;
  while ((n = walker.nextNode())) {
    if (n.parentElement.closest('pre, code, script, style, mjx-container, .highlight')) continue;
    if (/\\$\\$|\\\\begin\\{|\\\\frac|\\\\sum_|\\\\\\(|\\\\\\[/.test(n.textContent)) {
      out.push(n.textContent.trim().slice(0, 80));
    }
  }
  return out;
}"""


def open_page(page, base_url: str, path: str) -> PageReport:
    """Go to `path` with outside hosts blocked, wait until math is typeset and fonts are loaded, and report problems."""
    report = PageReport(url=base_url + path)
    page.on("console", lambda m: report.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: report.page_errors.append(str(e)))

    def failed(request):
        if request.url.startswith(base_url):
            report.failed_local.append(f"{request.url} ({request.failure})")

    def finished(response):
        if response.url.startswith(base_url) and response.status >= 400:
            report.failed_local.append(f"{response.url} (HTTP {response.status})")

    page.on("requestfailed", failed)
    page.on("response", finished)
    block_outside_hosts(page, base_url, report)
    response = page.goto(report.url, wait_until="load")
    report.status = response.status if response else None
    page.evaluate(WAIT_FOR_PAGE_JS)
    return report


# --- one load of a page, shared by the tests of that page ------------------------------------------


def on_page(docname: str):
    """The mark that keeps a test with the other tests of page `docname`: one xdist group per page, so that they run
    one after another on one worker and share its loads (the `tab` fixture)."""
    return pytest.mark.xdist_group(f"page-{page_id(docname)}")


CHANGES_THE_PAGE = pytest.mark.changes_the_page
"""Marks a test that changes the page `tab` gives it (sets an explorer, answers questions, opens folded boxes):
tests/suites.py runs it after the tests of that page that only read it."""
TIMES_THE_PAGE = pytest.mark.times_the_page
"""Marks a test that times how fast the page `tab` gives it responds: tests/suites.py runs it first among the tests of
that page, on the page as a reader loads it. After axe has run on a page, its colour-contrast check leaves the page
slower (an update of chapter 7's explorer cost 13 ms of CPU on the page as loaded, 30 ms after axe). The test leaves
the page as it found it."""


def by_page(docnames: list[str]) -> list:
    """Parameters for tests of each page in `docnames`, each in its page's group (`on_page`)."""
    return [pytest.param(d, id=page_id(d), marks=on_page(d)) for d in docnames]


SCHEME_APPLIED_JS = "(scheme) => document.documentElement.dataset.theme === scheme"


@pytest.fixture(scope="session")
def tab(browser, site_url):
    """tab(docname, scheme="light", phone=False) -> (page, report): the page loaded by `open_page` in a desktop or
    phone browser, loaded once for all the tests of that page in a row (their group, `on_page`). The colour scheme
    is the reader's system setting: asked for another, the loaded page gets it the way a reader's does when the
    system changes it (the theme follows at once, without a reload), and is drawn whole again. A test that changes
    the page is marked CHANGES_THE_PAGE. The search page shows the results for "softmax"."""
    contexts: dict[bool, object] = {}
    loaded: dict[tuple[str, bool], tuple[object, PageReport]] = {}

    def open_tab(docname: str, scheme: str = "light", phone: bool = False):
        if any(d != docname for d, _ in loaded):  # on to another page: close the last page's tabs
            for page, _ in loaded.values():
                page.close()
            loaded.clear()
        if (docname, phone) not in loaded:
            if phone not in contexts:
                screen = {"viewport": PHONE, "is_mobile": True, "has_touch": True} if phone else {"viewport": DESKTOP}
                contexts[phone] = browser.new_context(**screen)
            page = contexts[phone].new_page()
            page.emulate_media(color_scheme=scheme)
            path = f"{docname}.html" + ("?q=softmax" if docname == "search" else "")
            loaded[docname, phone] = (page, open_page(page, site_url, path))
        page, report = loaded[docname, phone]
        if not page.evaluate(SCHEME_APPLIED_JS, scheme):
            page.emulate_media(color_scheme=scheme)
            page.wait_for_function(SCHEME_APPLIED_JS, arg=scheme)
            page.evaluate(WAIT_FOR_PAGE_JS)
        return page, report

    yield open_tab
    for context in contexts.values():
        context.close()
