"""helpers/ and grading/ pass mypy --strict: the pinned mypy of requirements.txt, configured in pyproject.toml
([tool.mypy]), as `.venv/bin/python -m mypy` runs it from the repository's root.

mypy keeps its cache in _build/.mypy_cache: a fresh clone checks everything (numpy's, torch's and matplotlib's
types included) in about 30 s of CPU, a run after a change to a few files takes seconds. Both tests share one worker
(an xdist group), so the second reads the cache the first wrote.
"""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "_build" / ".mypy_cache"

pytestmark = pytest.mark.xdist_group("mypy")


def mypy(*files: str) -> subprocess.CompletedProcess[str]:
    """mypy with the repository's configuration, over `files` (default: the configured helpers/ and grading/)."""
    command = [sys.executable, "-m", "mypy", "--cache-dir", str(CACHE), *files]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_helpers_and_grading_pass_mypy_strict():
    done = mypy()
    assert done.returncode == 0, f"mypy --strict (see [tool.mypy] in pyproject.toml):\n{done.stdout}{done.stderr}"
    assert done.stdout.startswith("Success: no issues found"), done.stdout


def test_a_type_error_fails_the_check(tmp_path):
    """The gate can fail: a learner-style file (in a temporary folder) calling softmax with a temperature given as
    text, and a function without annotations (which only --strict rejects), give exactly those two errors."""
    wrong = tmp_path / "wrong_types.py"
    wrong.write_text(
        textwrap.dedent(
            """\
            from helpers import softmax

            probabilities = softmax([2.0, 1.0, 0.1], temperature="hot")


            def unannotated(z):
                return softmax(z)
            """
        )
    )
    done = mypy(str(wrong))
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    # (by file name only: for a file it has seen before, same text, mypy repeats the errors of its cache, path and all)
    expected = [
        'wrong_types.py:3: error: Argument "temperature" to "softmax" has incompatible type "str"; expected "float"',
        "wrong_types.py:6: error: Function is missing a type annotation  [no-untyped-def]",
        "Found 2 errors in 1 file",
    ]
    missing = [line for line in expected if line not in output]
    assert not missing, f"missing from mypy's output: {missing}\n{output}"
