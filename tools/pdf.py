"""The whole book as one PDF, for `make pdf`: every page of `_toc.yml`, printed by Chromium, merged in reading order.

    python tools/pdf.py [--site _build/html] [--out _build/pdf/book.pdf] [docname ...]

Each page of the built site (`make book`, which typesets the equations) is opened in Debian's Chromium headless
shell the way a reader opens it, offline: once the widgets have drawn their figures, Chromium prints it with the
site's print style (the theme's, plus assets/custom.css: code wrapped, figures and equations kept whole, solutions
folded as on the site, the footer with the licences at the end of each page).
pypdf merges the pages in the order of `_toc.yml`, with one bookmark per page and page numbers across the book.
Links to other pages of the book lead to their place in the PDF. Naming docnames prints only those pages.
"""

from __future__ import annotations

import argparse
import functools
import html
import http.server
import io
import sys
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, NameObject

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
import sitekit  # noqa: E402  (the pages of _toc.yml, Chromium's settings, waiting for the page to be drawn)

SCALE = 0.8  # the site's 16 px text prints at about 10 pt
SIDE_MM = 14
MARGIN = {"top": "16mm", "bottom": "18mm", "left": f"{SIDE_MM}mm", "right": f"{SIDE_MM}mm"}
# The width the page is laid out at (A4 less its margins, at 96 px per inch, unscaled) for scripts that measure it.
VIEWPORT = {"width": round((210 - 2 * SIDE_MM) / 25.4 * 96 / SCALE), "height": 1200}
# The site is self-contained: Chromium resolves no host but the local server's, so printing never waits on a network.
OFFLINE = "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"
FOOTER = (
    '<div style="font-size:8px; width:100%; margin:0 {side}mm; color:#555; display:flex; '
    'justify-content:space-between"><span>{title}</span><span>{chapter}</span></div>'
)

# Before printing: links to another page of the book get an address that link_pages turns into a jump, links
# to this page's own sections stay, and links to the site's other files (sources, search) lose their address.
PREPARE_JS = """(pages) => {
  const here = new URL(location.href);
  for (const a of document.querySelectorAll('a[href]')) {
    const url = new URL(a.href, location.href);
    if (url.origin !== here.origin) continue;
    if (url.pathname === here.pathname && url.hash) continue;
    const doc = url.pathname.replace(/^\\//, '').replace(/\\.html$/, '');
    if (pages.includes(doc)) a.href = 'https://book.invalid/' + doc + (url.hash || '#');
    else a.removeAttribute('href');
  }
}"""


def print_page(page, url: str, book_title: str, pages: list[str]) -> tuple[bytes, str]:
    """Open `url` once its equations and widgets are drawn, and print it: (the PDF, the page's title)."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    response = page.goto(url, wait_until="load")
    page.evaluate(sitekit.WAIT_FOR_PAGE_JS)
    if response is None or response.status != 200 or errors:
        raise RuntimeError(f"{url}: HTTP {response and response.status}, {errors}")
    raw = page.evaluate(sitekit.RAW_TEX_JS, "article")
    if raw:
        raise RuntimeError(f"{url}: TeX left untypeset, not printing it: {raw[:3]}")
    page.evaluate(PREPARE_JS, pages)
    title = page.locator("article h1").first.inner_text().replace("#", "").strip()
    footer = FOOTER.format(title=html.escape(book_title), chapter=html.escape(title), side=SIDE_MM)
    pdf = page.pdf(
        format="A4",
        margin=MARGIN,
        scale=SCALE,
        print_background=True,
        display_header_footer=True,
        header_template="<span></span>",
        footer_template=footer,
    )
    return pdf, title


def number_pages(writer: PdfWriter, browser) -> None:
    """Stamp 'n / N' at the foot of every page: Chromium numbers each printed page on its own."""
    total = len(writer.pages)
    stamps = "".join(
        f'<div style="height:297mm; break-after:page; position:relative"><span style="position:absolute; '
        f'bottom:9mm; left:0; right:0; text-align:center">{n} / {total}</span></div>'
        for n in range(1, total + 1)
    )
    page = browser.new_page()
    page.set_content(f'<html><body style="margin:0; font:8px sans-serif; color:#555">{stamps}</body></html>')
    stamp = PdfReader(io.BytesIO(page.pdf(format="A4", margin={"top": "0", "bottom": "0", "left": "0", "right": "0"})))
    page.close()
    for target, number in zip(writer.pages, stamp.pages):
        target.merge_page(number)
        target.compress_content_streams()  # merge_page leaves the page's content uncompressed


def link_pages(writer: PdfWriter, starts: dict[str, int]) -> None:
    """Turn the links PREPARE_JS marked (https://book.invalid/<docname>) into jumps to that page's first page."""
    for page in writer.pages:
        annotations = page.get("/Annots")
        if not annotations:
            continue
        for annotation in annotations:
            annotation = annotation.get_object()
            action = annotation.get("/A")
            uri = str(action.get_object().get("/URI", "")) if action else ""
            if uri.startswith("https://book.invalid/"):
                target = writer.pages[starts[uri.removeprefix("https://book.invalid/").split("#")[0]]]
                del annotation["/A"]
                annotation[NameObject("/Dest")] = ArrayObject([target.indirect_reference, NameObject("/Fit")])


def build(site: Path, out: Path, docnames: list[str]) -> int:
    """Print `docnames` from the site in `site` into one PDF at `out`; return its number of pages."""
    if not (site / "index.html").is_file():
        raise SystemExit(f"no built site in {site}: run `make book` first")
    book_title = sitekit.load_yaml("_config.yml").get("title", "")
    handler = functools.partial(sitekit._QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    writer = PdfWriter()
    starts: dict[str, int] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=sitekit.CHROMIUM, args=[*sitekit.CHROMIUM_ARGS, OFFLINE])
            context = browser.new_context(viewport=VIEWPORT, color_scheme="light")
            for docname in docnames:
                page = context.new_page()
                pdf, title = print_page(page, f"{base}{docname}.html", book_title, docnames)
                page.close()
                starts[docname] = len(writer.pages)
                writer.append(PdfReader(io.BytesIO(pdf)))
                writer.add_outline_item(title=title, page_number=starts[docname])
            link_pages(writer, starts)
            number_pages(writer, browser)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    writer.add_metadata({"/Title": book_title, "/Author": sitekit.load_yaml("_config.yml").get("author", "")})
    writer.page_mode = "/UseOutlines"
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as f:
        writer.write(f)
    return len(writer.pages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=sitekit.SITE)
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "pdf" / "book.pdf")
    parser.add_argument("docnames", nargs="*", help="only these pages (default: every page of _toc.yml)")
    args = parser.parse_args(argv)
    start = time.monotonic()
    pages = build(args.site, args.out, args.docnames or sitekit.toc_docnames())
    size = args.out.stat().st_size / 1e6
    print(f"{args.out}: {pages} pages, {size:.1f} MB, in {time.monotonic() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
