"""Screenshots of every page of the book, as a reader sees it, for `make shots`.

    python tests/screenshots.py [--site _build/html] [--out _build/screenshots]

Writes OUT/desktop/NN-page.png (1280 px wide), OUT/phone/NN-page.png (390 px wide) and
OUT/desktop-dark/NN-page.png (the dark colour scheme), full page, with the network cut off, after
equations are typeset and widgets drawn. Pages come from `_toc.yml` in reading order (plus the search page).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sitekit  # noqa: E402

VIEWS = {
    "desktop": {"viewport": sitekit.DESKTOP, "color_scheme": "light"},
    "phone": {"viewport": sitekit.PHONE, "color_scheme": "light", "is_mobile": True, "has_touch": True},
    "desktop-dark": {"viewport": sitekit.DESKTOP, "color_scheme": "dark"},
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=sitekit.SITE)
    parser.add_argument("--out", type=Path, default=sitekit.ROOT / "_build" / "screenshots")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        sys.exit(f"no built site in {args.site}: run `make book` first")

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(sitekit._QuietHandler, directory=str(args.site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    pages = [(f"{i:02d}-{sitekit.page_id(d)}", f"{d}.html") for i, d in enumerate(sitekit.toc_docnames(), 1)]
    pages.append(("99-search", "search.html?q=softmax"))

    problems = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=sitekit.CHROMIUM, args=sitekit.CHROMIUM_ARGS, headless=True)
        for view, options in VIEWS.items():
            folder = args.out / view
            folder.mkdir(parents=True, exist_ok=True)
            context = browser.new_context(**options)
            for name, path in pages:
                page = context.new_page()
                report = sitekit.open_page(page, base, path)
                if path.startswith("search.html"):
                    page.locator("#search-results ul.search li").first.wait_for(timeout=15_000)
                page.wait_for_timeout(300)  # let the theme's scroll/tooltip scripts settle
                target = folder / f"{name}.png"
                page.screenshot(path=target, full_page=True)
                issues = report.page_errors + report.console_errors + report.failed_local + report.outside_requests
                if issues:
                    problems.append(f"{view}/{name}: {issues}")
                print(target.relative_to(args.out.parent) if args.out.is_relative_to(Path.cwd()) else target)
                page.close()
            context.close()
        browser.close()
    server.shutdown()
    for line in problems:
        print("PROBLEM", line, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
