"""Every test file belongs to one of `make test`'s suites (tests/suites.py), so its summary line counts it."""

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
