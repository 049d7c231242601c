"""The repository URL and branch live once, in _config.yml: a fork changes that one setting and regenerates.

In a scratch copy of the checkout the setting is changed to another owner, name and branch; then what
`make execute` and `make exercises` run first (tools/repository.py) and the exercise pages of `make exercises`
(grading/make_exercises.py, one chapter) are regenerated. Nothing may still point at the old repository.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import repository  # noqa: E402

TEXT = (".ipynb", ".md", ".py", ".toml", ".yml", ".txt", ".cfg", ".json")
FORK, FORK_BRANCH = "https://github.com/another-university/softmax-course", "spring-2027"


def tracked_files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return [name for name in listed.stdout.split("\0") if name and (ROOT / name).is_file()]


@pytest.fixture(scope="module")
def fork(tmp_path_factory) -> Path:
    """A copy of the checkout's files (as they are now, committed or not) with the repository setting changed."""
    copy = tmp_path_factory.mktemp("fork")
    for name in tracked_files():
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, copy / name)
    config = (copy / "_config.yml").read_text()
    old_url, old_branch = repository.setting(ROOT)
    config = config.replace(f"url: {old_url}", f"url: {FORK}").replace(
        f"branch: {old_branch}", f"branch: {FORK_BRANCH}"
    )
    (copy / "_config.yml").write_text(config)
    assert repository.setting(copy) == (FORK, FORK_BRANCH)
    subprocess.run([sys.executable, str(copy / "tools" / "repository.py")], check=True, cwd=copy)
    subprocess.run(
        [sys.executable, str(copy / "grading" / "make_exercises.py"), "--no-run-tests", "01_argmax"],
        check=True,
        cwd=copy,
        capture_output=True,
    )
    return copy


def test_the_make_targets_that_regenerate_files_write_the_setting_first():
    for target, regenerates in (("execute", "nbconvert"), ("exercises", "make_exercises.py")):
        dry = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True, check=True).stdout
        commands = dry.splitlines()
        first = [i for i, command in enumerate(commands) if "tools/repository.py" in command]
        then = [i for i, command in enumerate(commands) if regenerates in command]
        assert first and then and first[0] < then[0], f"`make {target}` does not run tools/repository.py first"


def test_nothing_points_at_the_old_repository_after_regenerating(fork):
    old = repository.owner_name(repository.setting(ROOT)[0])
    leftovers = [
        name
        for name in tracked_files()
        if (fork / name).suffix in (".ipynb", ".md", ".py", ".toml", ".yml", ".txt")
        and old in (fork / name).read_text()
    ]
    assert not leftovers, f"still naming {old} after the setting changed: {leftovers}"


def test_every_notebook_installs_and_clones_from_the_new_setting(fork):
    for notebook in sorted(fork.glob("*/[0-9][0-9]_*.ipynb")):
        text = notebook.read_text()
        assert f'\\"{FORK}\\", \\"{FORK_BRANCH}\\"' in text, f"{notebook.relative_to(fork)} does not use the setting"
    assert f"git+{FORK}@{FORK_BRANCH}" in (fork / "README.md").read_text()
    assert f"git+{FORK}@{FORK_BRANCH}" in (fork / "pyproject.toml").read_text()
    page = (fork / "solutions" / "pages" / "01_argmax.md").read_text()
    links = re.findall(r"\((https://(?:colab|mybinder)[^)]+)\)", page)
    assert len(links) == 2 and all("another-university/softmax-course" in link for link in links), links
    assert f"/blob/{FORK_BRANCH}/exercises/01_argmax.ipynb" in links[0] and f"/{FORK_BRANCH}?labpath=" in links[1]


def test_the_checkout_follows_its_own_setting():
    assert repository.sync(ROOT, write=False) == [], "run `python tools/repository.py` (make execute / exercises)"
