"""The chapters' code linked to the API page (api.md), and the API page linked back to the chapters (loaded from
`_config.yml`, `local_extensions`).

1. In the code cells of the chapter pages (`helper_links_pages`, default chapters/*), each name of a helper that the
   notebook imports from `helpers` becomes a link to that helper's entry on the API page (sphinx.ext.autodoc),
   whose [source] link (sphinx.ext.viewcode) leads on to its code. The notebook's code is read with `ast`, cell
   after cell as the kernel runs it: `from helpers.losses import one_hot` then `one_hot(...)`, `from helpers import
   rnn as R` then `R.rnn_forward(...)`, `import helpers` then `helpers.softmax(...)`, and what such a name leads to
   (`R.Vocabulary.from_tokens`). A name the notebook binds again (an assignment, a loop variable, a parameter) is
   not a helper there any more; `np.exp`, `F.softmax` and `words.one_hot` are not helpers. A name is linked only
   if it resolves to an object that autodoc documented: under the full name of the module that defines it, as
   autodoc names its entry (`helpers.softmax`, re-exported by `helpers/__init__.py`, leads to
   `api.html#helpers.activations.softmax`).
   The links are made in the HTML the highlighter wrote (`html-page-context`): each wraps the highlighter's own
   `<span class="n">name</span>`, so the link's text is the name and it keeps its colour; the theme underlines it
   and draws its focus ring (assets/custom.css moves the underline clear of the underscores). The other pages (the
   exercises, the API page) are left as they are. When the API page changes, the chapters are written again.
2. On the API page, each docstring's chapter line (`Taught in chapter 2, "Overflow, and the fix".`, or `Used by
   chapter 6's explorer: ...`) links to the chapter and to that section, its title shown as the chapter shows it;
   a title that is not a `## ` section of that chapter fails the build (the page is written again whenever a
   chapter is). tests/test_docstrings.py checks the lines.
3. The docstrings are plain text that reStructuredText reads: `|x|` (an absolute value, a norm) stays as written
   instead of becoming a substitution, and napoleon (numpydoc sections) does not read the first line of a data
   item's, an attribute's or a property's docstring as "type: description", which the course's docstrings never
   mean ("The true class of images 1, 2 and 3: dog, cat, dog." became the types "The true class", "images 1" and
   "2 and 3").
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import html
import importlib
import inspect
import json
import re
import sys
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from types import ModuleType
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.pycode import ModuleAnalyzer
from sphinx.util import logging

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # the build imports helpers from this checkout
    sys.path.insert(0, str(ROOT))

logger = logging.getLogger(__name__)
PACKAGE = "helpers"
Binding = tuple[str, str] | None
"""What a name is bound to: ("module", "helpers.rnn"), ("object", "helpers.activations.softmax"), or None
(anything that is not part of helpers)."""


@dataclass(frozen=True)
class Use:
    """A helper's name in a notebook's code: code cell `cell` (counting code cells from 0), at `line` (from 1) and
    `column` (in characters, from 0); `target` is the full name it resolves to."""

    cell: int
    line: int
    column: int
    name: str
    target: str


def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def imported(module_name: str, name: str) -> Binding:
    """What `from module_name import name` binds `name` to, when the module is part of helpers: a module, or an
    object under the full name of the module that defines it.

    >>> imported("helpers", "softmax"), imported("helpers", "rnn"), imported("numpy", "exp")
    (('object', 'helpers.activations.softmax'), ('module', 'helpers.rnn'), None)
    """
    if module_name != PACKAGE and not module_name.startswith(PACKAGE + "."):
        return None
    module = _module(module_name)
    if module is None:
        return None
    if not hasattr(module, name):  # a submodule the package does not import itself
        sub = _module(f"{module_name}.{name}")
        return ("module", sub.__name__) if sub else None
    value = getattr(module, name)
    if inspect.ismodule(value):
        inside = value.__name__ == PACKAGE or value.__name__.startswith(PACKAGE + ".")
        return ("module", value.__name__) if inside else None
    if inspect.isclass(value) or inspect.isfunction(value):
        return ("object", f"{value.__module__}.{value.__qualname__}")
    return ("object", f"{module_name}.{name}")


def _attribute(base: Binding, name: str) -> Binding:
    if base is None:
        return None
    kind, target = base
    return imported(target, name) if kind == "module" else ("object", f"{target}.{name}")


def _stored_names(body: list[ast.stmt]) -> set[str]:
    """The names a function body binds (its locals), not looking into the functions, classes, lambdas and
    comprehensions it holds, which have scopes of their own."""
    names: set[str] = set()
    declared: set[str] = set()
    todo: list[ast.AST] = list(body)
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            todo += node.decorator_list
            continue
        if isinstance(node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            continue
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            declared.update(node.names)
        elif isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            names.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        todo += ast.iter_child_nodes(node)
    return names - declared


class _Reader(ast.NodeVisitor):
    """Reads a notebook's cells in order, keeping track of what each name is bound to, and notes every use of a
    name bound to a helper."""

    def __init__(self) -> None:
        self.scopes: list[dict[str, Binding]] = [{}]
        self.found: list[tuple[int, int, str, str]] = []  # line, column in UTF-8 bytes (as ast gives it), name, target

    def lookup(self, name: str) -> Binding:
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        return None

    def bind(self, name: str, value: Binding = None) -> None:
        self.scopes[-1][name] = value

    def note(self, line: int, column: int, name: str, value: Binding) -> None:
        if value is not None and value[0] == "object":
            self.found.append((line, column, name, value[1]))

    # --- bindings ---

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.asname:
                self.bind(alias.asname, self._module_binding(alias.name))
            else:
                top = alias.name.split(".")[0]
                self.bind(top, self._module_binding(top))

    @staticmethod
    def _module_binding(name: str) -> Binding:
        inside = name == PACKAGE or name.startswith(PACKAGE + ".")
        return ("module", name) if inside and _module(name) is not None else None

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        for alias in node.names:
            if alias.name == "*":
                found = _module(module) if node.level == 0 and self._module_binding(module) else None
                for name in getattr(found, "__all__", []):
                    self.bind(name, imported(module, name))
                continue
            value = imported(module, alias.name) if node.level == 0 else None
            self.note(alias.lineno, alias.col_offset, alias.name, value)
            self.bind(alias.asname or alias.name, value)

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Load):
            self.note(node.lineno, node.col_offset, node.id, self.lookup(node.id))
        else:
            self.bind(node.id)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        self._chain(node)

    def _chain(self, node: ast.expr) -> Binding:
        """What an expression `a.b.c` is bound to, noting each helper along the way."""
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            self.visit_Name(node)
            return self.lookup(node.id)
        if isinstance(node, ast.Attribute):
            value = _attribute(self._chain(node.value), node.attr)
            if isinstance(node.ctx, ast.Load) and node.end_lineno is not None and node.end_col_offset is not None:
                self.note(node.end_lineno, node.end_col_offset - len(node.attr.encode()), node.attr, value)
            return value if isinstance(node.ctx, ast.Load) else None
        self.visit(node)
        return None

    # --- the order of evaluation: what a statement reads, before what it binds ---

    def visit_Assign(self, node: ast.Assign) -> None:
        self.visit(node.value)
        for target in node.targets:
            self.visit(target)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self.visit(node.annotation)
        if node.value is not None:
            self.visit(node.value)
        self.visit(node.target)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self.visit(node.value)
        self.visit(node.target)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self.visit(node.value)
        self.visit(node.target)

    def visit_For(self, node: ast.For | ast.AsyncFor) -> None:
        self.visit(node.iter)
        self.visit(node.target)
        for statement in [*node.body, *node.orelse]:
            self.visit(statement)

    visit_AsyncFor = visit_For

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.type is not None:
            self.visit(node.type)
        if node.name:
            self.bind(node.name)
        for statement in node.body:
            self.visit(statement)

    # --- scopes of their own ---

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        args = node.args
        for default in [*args.defaults, *(d for d in args.kw_defaults if d is not None)]:
            self.visit(default)
        if not isinstance(node, ast.Lambda):
            for decorator in node.decorator_list:
                self.visit(decorator)
            self.bind(node.name)
        parameters = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
        body = [node.body] if isinstance(node, ast.Lambda) else node.body
        local: dict[str, Binding] = {p.arg: None for p in parameters if p is not None}
        if isinstance(node, ast.Lambda):
            self.scopes.append(local)
            self.visit(node.body)
        else:
            local |= dict.fromkeys(_stored_names(body))
            self.scopes.append(local)
            for statement in body:
                self.visit(statement)
        self.scopes.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for expression in [*node.decorator_list, *node.bases, *(k.value for k in node.keywords)]:
            self.visit(expression)
        self.scopes.append({})
        for statement in node.body:
            self.visit(statement)
        self.scopes.pop()
        self.bind(node.name)

    def _comprehension(self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp) -> None:
        first, *others = node.generators
        self.visit(first.iter)  # the first iterable is evaluated outside
        self.scopes.append({})
        self.visit(first.target)
        for condition in first.ifs:
            self.visit(condition)
        for generator in others:
            self.visit(generator.iter)
            self.visit(generator.target)
            for condition in generator.ifs:
                self.visit(condition)
        for part in [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]:
            self.visit(part)
        self.scopes.pop()

    visit_ListComp = visit_SetComp = visit_GeneratorExp = visit_DictComp = _comprehension


def _parse(source: str) -> ast.Module | None:
    try:
        return ast.parse(source)
    except SyntaxError:
        pass
    try:  # IPython's syntax (magics, `!command`), as the kernel turns it into Python
        from IPython.core.inputtransformer2 import TransformerManager

        return ast.parse(TransformerManager().transform_cell(source))
    except (ImportError, SyntaxError):
        return None


def helper_uses(cells: list[str]) -> list[Use]:
    """Every use of a helper's name in a notebook's code cells, run in order.

    >>> cells = ["from helpers import rnn as R, softmax\\nimport numpy as np", "R.rnn_forward(x); np.exp(softmax(z))",
    ...          "softmax = np.exp\\nsoftmax(z)"]
    >>> [(u.cell, u.line, u.column, u.name, u.target) for u in helper_uses(cells)]  # doctest: +NORMALIZE_WHITESPACE
    [(0, 1, 30, 'softmax', 'helpers.activations.softmax'), (1, 1, 2, 'rnn_forward', 'helpers.rnn.rnn_forward'),
     (1, 1, 25, 'softmax', 'helpers.activations.softmax')]
    """
    reader = _Reader()
    uses: list[Use] = []
    for index, source in enumerate(cells):
        tree = _parse(source)
        if tree is None:  # not Python: its names are unknown, and it binds none
            continue
        reader.found = []
        for statement in tree.body:
            reader.visit(statement)
        lines = source.split("\n")
        for line, column, name, target in reader.found:
            text = lines[line - 1] if line <= len(lines) else ""
            column = len(text.encode()[:column].decode(errors="ignore"))  # ast counts UTF-8 bytes
            uses.append(Use(index, line, column, name, target))
    return uses


# --- the page ----------------------------------------------------------------------------------------------------

CODE_BLOCK = re.compile(
    r'(<div class="cell_input docutils container">\s*<div class="highlight-[\w-]+ notranslate">'
    r'<div class="highlight"><pre>)(.*?)(</pre>)',
    re.DOTALL,
)
TOKEN = re.compile(r'<span class="([^"]*)">([^<]*)</span>|<[^>]*>|[^<]+')


def block_text(block: str) -> str:
    """The code a highlighted block shows, as text."""
    return html.unescape(re.sub(r"<[^>]*>", "", block))


def link_block(block: str, uses: dict[tuple[int, int], tuple[str, str]], line_offset: int = 0) -> str:
    """The highlighted block with the spans at the uses' places (line, column) that show the use's name wrapped in a
    link: uses maps each place to (name, href).

    >>> block = '<span class="n">R</span><span class="o">.</span><span class="n">f</span>'
    >>> link_block(block, {(1, 2): ("f", "api.html#helpers.rnn.f")})  # doctest: +ELLIPSIS
    '<span class="n">R</span><span class="o">.</span><a class="reference internal helper-link" href="api.html#...'
    """
    out: list[str] = []
    line, column = 1 + line_offset, 0
    for token in TOKEN.finditer(block):
        if token.group(1) is not None:
            text = html.unescape(token.group(2))
        else:
            text = "" if token.group(0).startswith("<") else html.unescape(token.group(0))
        use = uses.get((line, column))
        if token.group(1) is not None and use is not None and text == use[0]:
            href = use[1]
            target = href.rsplit("#", 1)[-1]
            out.append(
                f'<a class="reference internal helper-link" href="{html.escape(href)}" '
                f'title="{html.escape(target)}">{token.group(0)}</a>'
            )
        else:
            out.append(token.group(0))
        for part in text.split("\n")[1:]:
            line, column = line + 1, len(part)
        if "\n" not in text:
            column += len(text)
    return "".join(out)


def notebook_code_cells(path: Path) -> list[str]:
    """The source of each code cell of a notebook, in order."""
    cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    sources = [c["source"] for c in cells if c["cell_type"] == "code"]
    return ["".join(source) if isinstance(source, list) else source for source in sources]


def link_helpers(body: str, cells: list[str], href_of) -> tuple[str, int]:
    """The page's body with every use of a helper in its code cells linked (href_of(target) gives the address of a
    documented helper, or None), and how many links were made. Each highlighted block is matched with the notebook's
    next code cell that has its text (cells removed from the page are passed over)."""
    by_cell: dict[int, dict[tuple[int, int], tuple[str, str]]] = {}
    for use in helper_uses(cells):
        href = href_of(use.target)
        if href:
            by_cell.setdefault(use.cell, {})[use.line, use.column] = (use.name, href)
    links = 0
    next_cell = 0

    def link(match: re.Match[str]) -> str:
        nonlocal next_cell, links
        shown = block_text(match.group(2)).strip("\n")
        for index in range(next_cell, len(cells)):
            if cells[index].strip("\n") == shown:
                next_cell = index + 1
                uses = by_cell.get(index)
                if not uses:
                    return match.group(0)
                offset = len(cells[index]) - len(cells[index].lstrip("\n"))  # the highlighter drops leading newlines
                linked = link_block(match.group(2), {(ln - offset, c): u for (ln, c), u in uses.items()})
                links += linked.count('class="reference internal helper-link"')
                return match.group(1) + linked + match.group(3)
        return match.group(0)

    return CODE_BLOCK.sub(link, body), links


def _link_page(app, pagename: str, templatename: str, context: dict[str, Any], doctree) -> None:
    if doctree is None or "body" not in context:
        return
    if not any(fnmatchcase(pagename, pattern) for pattern in app.config.helper_links_pages):
        return
    source = Path(app.env.doc2path(pagename))
    if source.suffix != ".ipynb":
        return
    objects = app.env.get_domain("py").objects

    def href_of(target: str) -> str | None:
        entry = objects.get(target)
        if entry is None or entry.objtype == "module":
            return None
        return f"{app.builder.get_relative_uri(pagename, entry.docname)}#{entry.node_id}"

    context["body"], _ = link_helpers(context["body"], notebook_code_cells(source), href_of)


def _note_read(app, env, docnames: list[str]) -> None:
    app.helper_links_read = set(docnames)


def _rewritten_together(app, env) -> list[str]:
    """The chapters link to the API page, and the API page to the chapters' sections: when one of them was read
    again (a helper or a chapter changed), the others are written again too (without reading them again)."""
    read = getattr(app, "helper_links_read", set())
    chapters = {doc for doc in env.found_docs if any(fnmatchcase(doc, p) for p in app.config.helper_links_pages)}
    api = set(app.config.helper_links_api) & env.found_docs
    return sorted((chapters if read & api else set()) | (api if read & chapters else set()))


# --- the API page: each chapter line linked to the chapter and section it names -------------------------------------

TAUGHT = re.compile(r'^Taught in chapter (\d+), ["\u201c](.+)["\u201d]\.$')  # the page's quotes are curly
CHAPTER = re.compile(r"\bchapter (\d+)\b")


def plain(title: str) -> str:
    """A section title compared as written in a docstring and in the chapter: without the marks of maths and code
    (`$`, backslashes, backticks), straight quotes, single spaces.

    >>> plain(r"The chain rule: $\\partial L$") == plain("The chain rule: $partial L$")
    True
    """
    title = title.translate(str.maketrans("\u2018\u2019\u201c\u201d", "''\"\"", "$\\`"))
    return " ".join(title.split())


def _chapter_pages(env) -> dict[int, str]:
    """The page of each numbered chapter, by its number."""
    return {numbers[""][0]: doc for doc, numbers in env.toc_secnumbers.items() if len(numbers.get("", ())) == 1}


def _sections(env, docname: str) -> dict[str, nodes.reference]:
    """The entries of a chapter's own table of contents for its `## ` sections, by their plain title."""
    numbers = env.toc_secnumbers.get(docname, {})
    return {
        plain(ref.astext()): ref
        for ref in env.tocs[docname].findall(nodes.reference)
        if ref.get("anchorname") and len(numbers.get(ref["anchorname"], ())) == 2
    }


def _link(uri: str, *children: nodes.Node) -> nodes.reference:
    return nodes.reference("", "", *children, internal=True, refuri=uri)


def _link_chapter_lines(app, doctree: nodes.document, docname: str) -> None:
    """On the API page, each docstring's chapter line gets links: `Taught in chapter 2, "Overflow, and the fix".` to
    chapter 2 and to that section of it (its title as the chapter shows it, maths typeset), `Used by chapter 6's
    explorer.` to chapter 6. A title that is not a section of that chapter fails the build."""
    if docname not in app.config.helper_links_api:
        return
    env = app.env
    chapters = _chapter_pages(env)

    def uri(target: str, anchor: str = "") -> str:
        return app.builder.get_relative_uri(docname, target) + anchor

    for paragraph in list(doctree.findall(nodes.paragraph)):
        if not isinstance(paragraph.parent, addnodes.desc_content):
            continue
        text = paragraph.astext()
        if taught := TAUGHT.match(text):
            number, title = int(taught.group(1)), taught.group(2)
            page = chapters.get(number)
            section = _sections(env, page).get(plain(title)) if page else None
            if section is None:
                logger.warning(f'no section "{title}" in chapter {number}', location=paragraph)
                continue
            paragraph.children = []
            paragraph += [
                nodes.Text("Taught in "),
                _link(uri(page), nodes.Text(f"chapter {number}")),
                nodes.Text(", \u201c"),
                _link(uri(page, section["anchorname"]), *(child.deepcopy() for child in section.children)),
                nodes.Text("\u201d."),
            ]
        elif text.startswith("Used by "):
            for child in list(paragraph.children):
                if not isinstance(child, nodes.Text):
                    continue
                parts: list[nodes.Node] = []
                at = 0
                for match in CHAPTER.finditer(str(child)):
                    page = chapters.get(int(match.group(1)))
                    if page is None:
                        logger.warning(f"no chapter {match.group(1)}", location=paragraph)
                        continue
                    parts += [nodes.Text(str(child)[at : match.start()]), _link(uri(page), nodes.Text(match.group(0)))]
                    at = match.end()
                if parts:
                    parts.append(nodes.Text(str(child)[at:]))
                    child.parent.replace(child, parts)


# --- the [source] pages, from the files -------------------------------------------------------------------------------


def _module_source(app, modname: str) -> tuple[str, dict[str, tuple[str, int, int]]] | None:
    """The code of a helpers module and where each definition lies in it, for sphinx.ext.viewcode, read from its file.
    viewcode would import the module to find the file, on every build (importing helpers.rnn imports torch: 3 s of a
    build that changes nothing); it then makes the module's page again on each build, which takes less."""
    if modname != PACKAGE and not modname.startswith(PACKAGE + "."):
        return None
    base = ROOT.joinpath(*modname.split("."))
    path = base / "__init__.py" if base.is_dir() else base.with_suffix(".py")
    if not path.is_file():
        return None
    return _code_and_tags(str(path), modname, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=64)
def _code_and_tags(path: str, modname: str, mtime_ns: int) -> tuple[str, dict[str, tuple[str, int, int]]]:
    """viewcode asks once per documented object; the file is read once per version."""
    analyzer = ModuleAnalyzer.for_string(Path(path).read_text(encoding="utf-8"), modname, path)
    analyzer.find_tags()
    return analyzer.code, analyzer.tags


# --- signatures Python can read ------------------------------------------------------------------------------------


def _factory_defaults(app, what, name, obj, options, signature, return_annotation):
    """A dataclass field with a default factory shows `=<factory>` in the class's signature, which the Python domain
    cannot parse: it then shows the whole signature as plain text, with autodoc's `~` marks. Show the call instead
    (`=list()`)."""
    if what != "class" or not signature or "<factory>" not in signature or not dataclasses.is_dataclass(obj):
        return None
    for field in dataclasses.fields(obj):
        if field.default_factory is not dataclasses.MISSING:
            factory = getattr(field.default_factory, "__name__", "factory")
            signature = re.sub(rf"(\b{field.name}: [^=]*= )<factory>", rf"\g<1>{factory}()", signature)
    return signature, return_annotation


# --- napoleon, kept away from the docstrings of data, attributes and properties -------------------------------------

BAR = re.compile(r"(`[^`]*`)|(?<!\\)\|")


def _bars_as_written(app, what, name, obj, options, lines) -> None:
    """The docstrings write |x| for an absolute value or a norm, which reStructuredText reads as a substitution:
    each `|` outside code and examples stays a bar."""
    example = False
    for index, line in enumerate(lines):
        if line.lstrip().startswith(">>>"):
            example = True
        elif not line.strip():
            example = False
        if not example:
            lines[index] = BAR.sub(lambda match: match.group(1) or "\\|", line)


_AS_WRITTEN: dict[tuple[str, str], list[str]] = {}
KEPT_AS_WRITTEN = ("data", "attribute", "property")


def _keep_before_napoleon(app, what, name, obj, options, lines) -> None:
    if what in KEPT_AS_WRITTEN:
        _AS_WRITTEN[what, name] = list(lines)


def _restore_after_napoleon(app, what, name, obj, options, lines) -> None:
    if (what, name) in _AS_WRITTEN:
        lines[:] = _AS_WRITTEN.pop((what, name))


def setup(app):
    app.add_config_value("helper_links_pages", ["chapters/*"], "env", [list])
    app.add_config_value("helper_links_api", ["api"], "env", [list])
    app.connect("html-page-context", _link_page)
    app.connect("env-before-read-docs", _note_read)
    app.connect("env-get-updated", _rewritten_together)
    app.connect("doctree-resolved", _link_chapter_lines)
    app.connect("viewcode-find-source", _module_source)
    app.connect("autodoc-process-signature", _factory_defaults)
    app.connect("autodoc-process-docstring", _bars_as_written, priority=50)
    app.connect("autodoc-process-docstring", _keep_before_napoleon, priority=100)
    app.connect("autodoc-process-docstring", _restore_after_napoleon, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
