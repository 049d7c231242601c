"""Every test file belongs to one of `make test`'s suites (tests/suites.py), so its summary line counts it."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from suites import SUITES, suite_of

ROOT = Path(__file__).resolve().parents[1]
TEST_FILES = sorted(ROOT.glob("tests/test_*.py"))


@pytest.mark.parametrize("path", TEST_FILES, ids=lambda p: p.name)
def test_every_test_file_belongs_to_a_suite(path):
    nodeid = f"{path.relative_to(ROOT).as_posix()}::test_anything"
    assert suite_of(nodeid), f"{path.name} matches no suite in tests/suites.py: add it to SUITES"


def test_notebooks_belong_to_their_suites():
    assert suite_of("chapters/01_argmax.ipynb::Cell 0") == "chapters"
    assert suite_of("solutions/01_argmax.ipynb::Cell 0") == "exercises"
    assert [name for name, _ in SUITES] == ["helpers", "chapters", "exercises", "grading", "site", "standalone"]


def test_make_test_starts_the_longest_chains_first():
    """The order tests/suites.py gives the tests is the order the workers get their groups in (make test keeps it:
    --no-loadscope-reorder): the PDF's group and the module fixtures' groups (here a fresh Binder environment) before
    the others (here the site's); a page's group together (a run without workers loads each page once), and in it
    the tests that time the page first, then those that read it, then those that change it."""
    dry = subprocess.run(["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "--dist loadgroup --no-loadscope-reorder" in dry, dry[-2000:]
    files = [f"tests/test_{name}.py" for name in ("accessibility", "binder", "explorers_browser", "pdf", "selfcheck")]
    command = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *files]
    listed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    ids = [line for line in listed.splitlines() if "::" in line]
    binder = ("test_requirements_are_consistent", "test_a_chapter_runs_in_the_binder_environment")
    early = [i for i, n in enumerate(ids) if n.startswith("tests/test_pdf.py") or n.endswith(binder)]
    others = [i for i, n in enumerate(ids) if n.startswith(("tests/test_accessibility.py", "tests/test_selfcheck.py"))]
    assert len(early) > 2 and max(early) < min(others), ids[: max(early) + 1]
    page = [
        (i, n)
        for i, n in enumerate(ids)
        if re.search(r"\[chromium-(chapters[-/]02_softmax\b|02_softmax\]|softmax[\]-])", n)
    ]
    assert [i for i, _ in page] == list(range(page[0][0], page[-1][0] + 1)), page
    times = [i for i, n in page if "test_an_update_takes_under_50_ms" in n]
    reads = [i for i, n in page if "test_no_serious_or_critical_axe_violations" in n]
    changes = [i for i, n in page if "test_answer_every_question_by_keyboard" in n]
    assert times and reads and changes and max(times) < min(reads) and max(reads) < min(changes), page
