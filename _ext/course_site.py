"""Two fixes the course site needs on top of Jupyter Book 1.x (loaded from `_config.yml`, `local_extensions`).

1. Sphinx 7.4 writes every inline script that an extension adds after the builder starts (sphinx-thebe's
   `const THEBE_JS_URL = ...`) twice into each page, and the second copy is a JavaScript error
   ("Identifier 'THEBE_JS_URL' has already been declared"). The page keeps only the first copy.
2. A widget cell's picture is drawn in the browser by the ipywidgets HTML manager, which knows nothing of
   the cell's alt text (`{"mystnb": {"image": {"alt": ...}}}` in its metadata). The cell carries that
   text in a hidden element and `assets/widgets-offline.js` copies it onto the images the widget draws.
"""

from __future__ import annotations

import html

from docutils import nodes

WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"


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


def _mark_widget_alt_text(app, doctree, docname):
    for cell in doctree.findall(nodes.container):
        if cell.get("nb_element") != "cell_code":
            continue
        alt = (cell.get("cell_metadata") or {}).get("mystnb", {}).get("image", {}).get("alt")
        if not alt:
            continue
        has_widget = any(WIDGET_VIEW_MIME in raw.astext() for raw in cell.findall(nodes.raw))
        if has_widget:
            cell += nodes.raw("", f'<span class="course-widget-alt" hidden>{html.escape(alt)}</span>', format="html")


def setup(app):
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    app.connect("doctree-resolved", _mark_widget_alt_text)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
