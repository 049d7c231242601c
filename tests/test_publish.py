"""Publishing: `make publish` pushes the built site and its PDF to a gh-pages branch (ghp-import), and the hosted CI
workflow runs `.ci/run` on every push and publishes from main.

The publish test runs the commands `make -n publish` prints, unchanged, in a scratch git repository whose `origin` is
a local bare repository, with the checkout's `.venv`, `_build/html` and `_build/pdf` linked in (read only): what the
branch then holds is what GitHub Pages would serve. The workflow is checked against GitHub's workflow schema
(check-jsonschema's copy, offline), and for what it runs.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from sitekit import ROOT, SITE, THE_PDF, book_pdf, toc_docnames

pytestmark = THE_PDF  # `make publish` publishes the PDF too
WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"
GIT_ENV = {
    **os.environ,
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
}


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=GIT_ENV, capture_output=True, text=True, check=True).stdout


def publish_commands(*overrides: str) -> list[str]:
    """The commands of `make publish` itself (not those of the book and PDF it depends on), as make prints them."""
    dry = subprocess.run(["make", "-n", "publish", *overrides], cwd=ROOT, capture_output=True, text=True, check=True)
    return [line for line in dry.stdout.splitlines() if "_build/publish" in line]


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """A bare repository that `make publish` has published to, twice."""
    if not (SITE / "index.html").is_file():
        pytest.fail("run `make book` first", pytrace=False)
    pdf = book_pdf()
    base = tmp_path_factory.mktemp("publish")
    remote, work = base / "site.git", base / "course"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], env=GIT_ENV, check=True)
    work.mkdir()
    git("init", "-q", cwd=work)
    git("remote", "add", "origin", str(remote), cwd=work)
    (work / "_build").mkdir()
    (work / ".venv").symlink_to(ROOT / ".venv")
    (work / "_build" / "html").symlink_to(SITE)
    (work / "_build" / "pdf").symlink_to(pdf.parent)
    for _ in range(2):  # publishing again replaces the site (and keeps the branch's history)
        for command in publish_commands():
            run = subprocess.run(["bash", "-c", command], cwd=work, env=GIT_ENV, capture_output=True, text=True)
            assert run.returncode == 0, f"{command}\n{run.stdout}\n{run.stderr}"
    return remote


def test_publish_pushes_with_ghp_import_to_the_remote_and_branch_asked_for():
    commands = publish_commands()
    assert len(commands) == 2 and commands[-1].startswith(".venv/bin/ghp-import -n -p -f ")
    assert "-r origin -b gh-pages" in commands[-1]
    assert "-r upstream -b pages" in publish_commands("REMOTE=upstream", "PAGES_BRANCH=pages")[-1]


def test_the_gh_pages_branch_holds_the_whole_site_and_the_pdf(published):
    files = set(git("ls-tree", "-r", "--name-only", "gh-pages", cwd=published).split())
    pages = {f"{docname}.html" for docname in toc_docnames()}
    assert {"index.html", ".nojekyll", "book.pdf", "search.html"} | pages <= files, sorted(files)[:20]
    site = {p.relative_to(SITE).as_posix() for p in SITE.rglob("*") if p.is_file()}
    assert files == site | {".nojekyll", "book.pdf"}, "the branch should hold exactly the built site"
    assert git("rev-list", "--count", "gh-pages", cwd=published).strip() == "2"
    page = git("show", "gh-pages:chapters/01_argmax.html", cwd=published)
    assert page == (SITE / "chapters" / "01_argmax.html").read_text(encoding="utf-8")


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text())


def check_workflow(path: Path) -> subprocess.CompletedProcess:
    checker = Path(sys.executable).parent / "check-jsonschema"
    command = [str(checker), "--builtin-schema", "vendor.github-workflows", str(path)]
    return subprocess.run(command, capture_output=True, text=True)


def test_the_workflow_is_valid_for_github(tmp_path):
    result = check_workflow(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / "broken.yml"  # the checker does reject a workflow GitHub would reject
    broken.write_text(WORKFLOW.read_text().replace("runs-on:", "runs_on:"))
    assert check_workflow(broken).returncode != 0


def test_the_workflow_runs_ci_on_every_push_and_publishes_from_main_only():
    triggers = workflow()[True]  # YAML 1.1 reads the key `on` as True
    assert "push" in triggers and not (triggers.get("push") or {}).get("branches"), "CI runs on every push"
    (job,) = workflow()["jobs"].values()
    runs = [step.get("run", "") for step in job["steps"]]
    assert "bash .ci/run" in runs, runs
    publish = next(step for step in job["steps"] if "make publish" in step.get("run", ""))
    assert runs.index(publish["run"]) > runs.index("bash .ci/run"), "publish only after the tests pass"
    assert re.fullmatch(r"github\.event_name == 'push' && github\.ref == 'refs/heads/main'", publish["if"])
    assert job["permissions"]["contents"] == "write", "pushing gh-pages needs write access"


def test_the_workflow_runs_the_python_binder_and_the_course_use():
    image = workflow()["jobs"]["test-and-publish"]["container"]
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip().removeprefix("python-")
    assert image.startswith(f"python:{runtime}-"), f"CI runs {image}, Binder Python {runtime}"
