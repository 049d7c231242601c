"""The equations are typeset when the site is built (tools/typeset_math.js, run by `make book`), not in the browser.

The tool is run here on a page written as Sphinx writes one: inline and displayed equations, a numbered one, an
amsmath environment, a notebook's LaTeX output, and maths inside a script that must stay as it is. Then Chromium opens
that page from the built site and MathJax itself (the copy the site serves) typesets the same TeX beside each
equation: the two must be the same elements, at the same size. tests/test_site.py checks the built pages themselves
(every equation typeset, every character drawn, no MathJax loaded with the page).
"""

from __future__ import annotations

import html
import subprocess
from pathlib import Path

import pytest
from sitekit import ROOT, WAIT_FOR_PAGE_JS, PageReport, block_outside_hosts

pytestmark = pytest.mark.filterwarnings("ignore:Session-scoped fixtures defined as instance methods")
TOOL = ROOT / "tools" / "typeset_math.js"
INLINE = [
    r"\partial p_i / \partial z_j",
    r"J = \mathrm{diag}(p) - p p^\top",
    r"\frac1N \sum_{n=1}^{N} -\log p_{y_n}",
    r"\operatorname*{arg\,max}_k z_k",
    r"z \in \mathbb{R}^C,\ \lVert g \rVert_2",
    r"\boldsymbol{h}_t = \tanh(W x_t + U h_{t-1} + b) \text{ for every } t",
    r"\hat y = \sigma(w^\top x + b)",
]
DISPLAYED = [
    r"\sigma(z)_i = \frac{e^{z_i}}{\sum_{j=1}^{C} e^{z_j}}",
    r"\frac{\partial L}{\partial z} = J^\top \frac{\partial L}{\partial p} = p - y",
]
ALIGNED = r"\begin{align} L &= -\sum_k y_k \log p_k \\ &= -\log p_c \end{align}"
SYMPY = (
    r"\begin{split}\displaystyle \left[\begin{matrix}p_{0} \left(1 - p_{0}\right) & - p_{0} p_{1}\\"
    r"- p_{0} p_{1} & p_{1} \left(1 - p_{1}\right)\end{matrix}\right]\end{split}"
)
SOURCES = [f"\\({t}\\)" for t in INLINE] + [f"\\[{t}\\]" for t in DISPLAYED] + [ALIGNED, f"\\[{SYMPY}\\]"]
"""Each equation's TeX as the page holds it: inline, displayed, an amsmath environment (displayed as it is)."""
SCRIPT = (
    '<script type="application/json">'
    '{"feedback": "<span class=\\"math notranslate nohighlight\\">\\\\(x^2\\\\)</span>"}</script>'
)


def sphinx_page(body: str) -> str:
    """A page with MathJax's configuration and script as Sphinx writes them (html_theme aside)."""
    config = '{"loader": {"load": ["input/tex", "output/chtml", "a11y/assistive-mml"]}}'
    return (
        '<!DOCTYPE html>\n<html lang="en" data-content_root="../">\n<head>\n<meta charset="utf-8">\n'
        f"<script>window.MathJax = {config}</script>\n"
        '<script defer="defer" src="../_static/mathjax/startup.js?v=4ba68244"></script>\n'
        f"</head>\n<body>\n<article>\n{body}\n</article>\n</body>\n</html>\n"
    )


def equations_page() -> str:
    """Each of SOURCES in the element Sphinx (or myst-nb, for a notebook's LaTeX output) puts it in."""
    inline, displayed, aligned, sympy = SOURCES[: len(INLINE)], SOURCES[len(INLINE) : -2], SOURCES[-2], SOURCES[-1]
    parts = [
        f'<p>Inline: <span class="math notranslate nohighlight">{html.escape(t)}</span> and on.</p>' for t in inline
    ]
    number = '<span class="eqno">(1)<a class="headerlink" href="#equation-one" title="Link">#</a></span>'
    parts.append(
        f'<div class="math notranslate nohighlight" id="equation-one">\n{number}{html.escape(displayed[0])}</div>'
    )
    parts.append(f'<div class="math notranslate nohighlight">\n{html.escape(displayed[1])}</div>')
    parts.append(f'<div class="math notranslate nohighlight" id="equation-two">\n{html.escape(aligned)}</div>')
    parts.append(f'<div class="output text_latex math notranslate nohighlight">\n{html.escape(sympy)}</div>')
    parts.append(SCRIPT)
    return sphinx_page("\n".join(parts))


def typeset(site: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["node", str(TOOL), str(site)], capture_output=True, text=True, timeout=120)


def one_page_site(folder: Path, page: str) -> Path:
    (folder / "chapters").mkdir(parents=True)
    (folder / "index.html").write_text(sphinx_page("<p>No maths here.</p>"), encoding="utf-8")
    (folder / "chapters" / "check.html").write_text(page, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def typeset_page(tmp_path_factory) -> str:
    site = one_page_site(tmp_path_factory.mktemp("typeset"), equations_page())
    done = typeset(site)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"typeset {len(SOURCES)} equations in 1 pages of {site}", done.stdout
    return (site / "chapters" / "check.html").read_text(encoding="utf-8")


def test_the_page_keeps_no_tex_and_no_mathjax_script_and_its_scripts_untouched(typeset_page):
    assert typeset_page.count("<mjx-container") == len(SOURCES)
    assert typeset_page.count("<mjx-assistive-mml") == len(SOURCES), "screen readers read the hidden MathML"
    assert "\\(" not in typeset_page.replace(SCRIPT, "") and "\\[" not in typeset_page
    assert "mathjax/startup.js" not in typeset_page, "MathJax would still load with the page"
    assert "window.MathJax = " in typeset_page, "assets/selfcheck.js loads MathJax with the page's configuration"
    assert SCRIPT in typeset_page
    assert 'src: url("../_static/mathjax/output/chtml/fonts/woff-v2/MathJax_Main-Regular.woff")' in typeset_page
    assert '<span class="eqno">(1)<a class="headerlink" href="#equation-one"' in typeset_page


def test_a_page_typeset_already_is_left_as_it_is(typeset_page, tmp_path):
    site = one_page_site(tmp_path / "site", typeset_page)
    done = typeset(site)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"typeset 0 equations in 0 pages of {site}"
    assert (site / "chapters" / "check.html").read_text(encoding="utf-8") == typeset_page


def test_tex_that_mathjax_cannot_read_fails_the_build(tmp_path):
    broken = sphinx_page(r'<p><span class="math notranslate nohighlight">\(\frac{1}\)</span></p>')
    site = one_page_site(tmp_path / "site", broken)
    done = typeset(site)
    assert done.returncode == 1
    assert "check.html: TeX that MathJax cannot typeset" in done.stderr and r"\frac{1}" in done.stderr, done.stderr
    assert (site / "chapters" / "check.html").read_text(encoding="utf-8") == broken


BESIDE_EACH = """async (sources) => {
  // Beside each typeset equation, the same TeX typeset now by MathJax in the same paragraph; each pair as
  // [built, browser] in a form that compares elements, attributes and styles but not the size (compared apart).
  const canon = (n) => n.nodeType === Node.TEXT_NODE ? n.data : `<${n.localName}` +
    [...n.attributes].filter(a => a.name !== 'style').map(a => ` ${a.name}="${a.value.trim()}"`).sort().join('') +
    ` style="${n.style ? n.style.cssText.replace(/font-size: [^;]+;\\s*/, '') : ''}">` +
    [...n.childNodes].map(canon).join('') + `</${n.localName}>`;
  const built = [...document.querySelectorAll('.math mjx-container')];
  const fresh = built.map((container, i) => {
    const twin = container.parentElement.cloneNode(false);
    twin.removeAttribute('id');
    twin.textContent = sources[i];
    container.parentElement.after(twin);
    return twin;
  });
  await MathJax.typesetPromise(fresh);
  const size = (e) => parseFloat(getComputedStyle(e).fontSize);
  return built.map((container, i) => {
    const twin = fresh[i].querySelector('mjx-container');
    return { built: canon(container), browser: twin ? canon(twin) : 'nothing', sizes: [size(container), size(twin)] };
  });
}"""


def test_each_equation_is_what_mathjax_makes_in_the_browser_at_the_same_size(page, site_url, typeset_page):
    report = PageReport(url=f"{site_url}chapters/check.html")
    page.on("console", lambda m: report.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: report.page_errors.append(str(e)))
    block_outside_hosts(page, site_url, report)  # the page and MathJax from the built site, nothing from outside
    page.route(report.url, lambda route: route.fulfill(body=typeset_page, content_type="text/html"))
    page.goto(report.url, wait_until="load")
    page.evaluate(WAIT_FOR_PAGE_JS)
    assert page.evaluate("typeof MathJax.startup") == "undefined", "the page loaded MathJax by itself"
    page.add_script_tag(url=f"{site_url}_static/mathjax/startup.js")
    page.wait_for_function("() => !!window.MathJax.startup")
    page.evaluate("() => MathJax.startup.promise")
    pairs = page.evaluate(BESIDE_EACH, SOURCES)
    assert len(pairs) == len(SOURCES)
    for tex, pair in zip(SOURCES, pairs, strict=True):
        assert pair["built"] == pair["browser"], (
            f"{tex}:\nbuilt   {pair['built'][:600]}\nbrowser {pair['browser'][:600]}"
        )
        size, size_in_browser = pair["sizes"]
        assert size == pytest.approx(size_in_browser, rel=0.002), f"{tex}: {size} px built, {size_in_browser} px"
    assert not report.page_errors and not report.console_errors and not report.outside_requests, report
