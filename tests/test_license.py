"""Anyone may reuse and adapt the course: code under MIT (LICENSE), text and figures under CC BY 4.0 (LICENSE-CONTENT),
both named in the README and in the footer of every page of the built site (`make book`)."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from sitekit import ROOT, SITE, page_id, toc_docnames

CC_BY = "https://creativecommons.org/licenses/by/4.0/"
MIT = "https://opensource.org/license/mit"


def words(text: str) -> str:
    return " ".join(text.split())


def test_the_code_is_under_the_mit_license():
    text = words((ROOT / "LICENSE").read_text())
    assert text.startswith("MIT License Copyright (c) ")
    assert "Permission is hereby granted, free of charge, to any person obtaining a copy of this software" in text
    assert text.endswith("OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.")


def test_the_text_and_figures_are_under_cc_by_4_with_the_whole_legal_code():
    text = words((ROOT / "LICENSE-CONTENT").read_text())
    assert "Creative Commons Attribution 4.0 International Public License" in text
    sections = re.findall(r"Section (\d) -- ", text)
    assert sections == [str(n) for n in range(1, 9)], f"the legal code's eight sections, in order: {sections}"
    assert text.endswith("Creative Commons may be contacted at creativecommons.org.")
    assert "MIT license in LICENSE" in text, "LICENSE-CONTENT should say what it covers and where the code's is"


def test_the_readme_names_both_licenses():
    readme = words((ROOT / "README.md").read_text())
    for needle in ("LICENSE-CONTENT", "CC BY 4.0", "(LICENSE)", "MIT"):
        assert needle in readme, f"README.md does not mention {needle}"


@pytest.mark.parametrize("docname", toc_docnames(), ids=page_id)
def test_every_page_of_the_site_shows_both_licenses_in_its_footer(docname):
    page = SITE / f"{docname}.html"
    if not page.is_file():
        pytest.fail(f"no built page {page}: run `make book`", pytrace=False)
    footer = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("footer .course-license")
    assert footer is not None, f"{docname}: no licence in the footer (html.extra_footer in _config.yml)"
    links = {words(a.get_text()): a["href"] for a in footer.find_all("a")}
    assert links == {"CC BY 4.0": CC_BY, "MIT license": MIT}, links
    assert "Text and figures" in footer.get_text() and "code" in footer.get_text()
