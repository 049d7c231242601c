"""What the course site needs on top of Jupyter Book 1.x (loaded from `_config.yml`, `local_extensions`).

1. Sphinx 7.4 writes every inline script that an extension adds after the builder starts (sphinx-thebe's
   `const THEBE_JS_URL = ...`) twice into each page, and the second copy is a JavaScript error
   ("Identifier 'THEBE_JS_URL' has already been declared"). The page keeps only the first copy.
2. The explorers: each explorer's module (`helpers.explorers.explorer_module`, the text Jupyter runs through
   anywidget) and their style sheet are written to `_static/explorers/`, where `assets/explorers.js` imports them.
3. No 1.5 MB FontAwesome script: pydata-sphinx-theme's style sheet already draws every icon the pages use from
   FontAwesome's web fonts, which each page loads anyway; its `fontawesome.js` (FontAwesome's all.min.js) only
   turns those icons into inline SVG again, and lets a site add custom icons, which this one has none of. The
   theme's template macro that writes the script tag is loaded without that tag. (Upstream: pydata-sphinx-theme
   issue 2379, pull request 2494.) tests/test_site.py checks every icon is still drawn.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from sphinx.errors import ExtensionError

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


FONTAWESOME_MACROS = "static/webpack-macros.html"
FONTAWESOME_SCRIPT = re.compile(
    r"""\s*<script defer src="\{\{ pathto\('_static/scripts/fontawesome\.js', 1\) \}\}[^"]*"></script>"""
)


def _drop_fontawesome_script(app):
    if app.builder.format != "html" or not hasattr(app.builder, "templates"):
        return
    loader = app.builder.templates
    theme_source = loader.get_source

    def get_source(environment, template):
        source, filename, uptodate = theme_source(environment, template)
        if template == FONTAWESOME_MACROS:
            source, found = FONTAWESOME_SCRIPT.subn("", source)
            if found != 1:
                raise ExtensionError(f"course_site: no fontawesome.js script tag in the theme's {filename}")
        return source, filename, uptodate

    loader.get_source = get_source


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
    app.connect("builder-inited", _drop_fontawesome_script)
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    app.connect("build-finished", _write_explorers)
    app.add_css_file("explorers/explorers.css")
    app.add_js_file("explorers.js", type="module")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
