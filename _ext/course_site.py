"""What the course site needs on top of Jupyter Book 1.x (loaded from `_config.yml`, `local_extensions`).

1. Sphinx 7.4 writes every inline script that an extension adds after the builder starts (sphinx-thebe's
   `const THEBE_JS_URL = ...`) twice into each page, and the second copy is a JavaScript error
   ("Identifier 'THEBE_JS_URL' has already been declared"). The page keeps only the first copy.
2. The explorers: each explorer's module (`helpers.explorers.explorer_module`, the text Jupyter runs through
   anywidget) and their style sheet are written to `_static/explorers/`, where `assets/explorers.js` imports them.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # the build imports helpers from this checkout
    sys.path.insert(0, str(ROOT))


def _dedupe_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for js in scripts:
        key = (
            getattr(js, "filename", None) or "",
            tuple(sorted(getattr(js, "attributes", {}).items())),
        )
        if key not in seen:
            seen.add(key)
            unique.append(js)
    context["script_files"] = unique


def _write_explorers(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    from helpers.explorers import explorer_css, explorer_module, explorer_names

    folder = Path(app.outdir) / "_static" / "explorers"
    folder.mkdir(parents=True, exist_ok=True)
    for name in explorer_names():
        (folder / f"{name}.js").write_text(explorer_module(name), encoding="utf-8")
    (folder / "explorers.css").write_text(explorer_css(), encoding="utf-8")


def setup(app):
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    app.connect("build-finished", _write_explorers)
    app.add_css_file("explorers/explorers.css")
    app.add_js_file("explorers.js", type="module")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
