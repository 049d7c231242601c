"""Accessibility of every page of the site, checked by axe-core (from npm, see package.json) in Chromium.

axe runs on each page of `_toc.yml` once the page is fully drawn (equations typeset, widgets rendered), in
the light and in the dark colour scheme; no violation of impact "serious" or "critical" is allowed. The two schemes
differ only in colour (the same document, no element shown in one scheme alone: checked), so in the dark scheme axe
runs the rules that look at colour; in the light scheme it runs every rule.
"""

from __future__ import annotations

import pytest
from sitekit import ROOT, by_page, toc_docnames

# pytest-playwright's stand-in for pytest-base-url trips a pytest 9 deprecation notice; nothing to fix here.
pytestmark = pytest.mark.filterwarnings("ignore:Session-scoped fixtures defined as instance methods")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = toc_docnames() + ["search"]


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci` (make book does it)", pytrace=False)
    return AXE.read_text(encoding="utf-8")


COLOUR_RULES = ["color-contrast", "link-in-text-block"]
"""axe-core's rules whose outcome depends on colours (the others read the document, which both schemes share)."""
SCHEME_ONLY = ".only-light, .only-dark, .dark-mode-only, .light-mode-only"
"""The theme's classes for elements shown in one colour scheme alone (logos, images)."""


def run_axe(page, axe_source: str, rules: list[str] | None = None) -> list[dict]:
    """axe's violations on the page: every rule, or only `rules`."""
    page.add_script_tag(content=axe_source)
    options = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    result = page.evaluate(
        """async (options) => {
             const r = await axe.run(document, options);
             return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
               nodes: v.nodes.slice(0, 5).map(
                 n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').slice(0, 160)) }));
           }""",
        options,
    )
    return result


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("docname", by_page(PAGES))
def test_no_serious_or_critical_axe_violations(tab, axe_source, docname, scheme):
    page, _ = tab(docname, scheme)  # the site follows the reader's system setting
    if docname == "search":
        page.locator("#search-results ul.search li").first.wait_for(timeout=15_000)
    assert page.evaluate("document.documentElement.dataset.theme") == scheme
    if scheme == "dark":
        assert page.locator(SCHEME_ONLY).count() == 0, f"{docname} shows elements in one scheme only: check every rule"
    violations = run_axe(page, axe_source, COLOUR_RULES if scheme == "dark" else None)
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not serious, f"axe on {docname} ({scheme}):\n" + "\n".join(
        f"- {v['impact']} {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in serious
    )
