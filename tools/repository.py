"""The course's repository, written once in `_config.yml`, and every file that follows it.

`repository: {url, branch}` in _config.yml is the single setting a fork changes. The site's launch buttons read it
directly; this module writes it into everything else that needs it:

- the first code cell of every notebook in chapters/, solutions/ and exercises/ (and of the text sources of
  chapters/ and solutions/, `NN_name.md`), which installs `helpers` from
  the repository when the notebook runs alone (Colab) and, for exercises, clones the course for its tests;
- the exercise pages' Colab and Binder links (solutions/pages/*.md, also made by `make exercises`);
- the install line in README.md and in pyproject.toml.

`make execute` and `make exercises` run it first (`python tools/repository.py`); `--check` only reports the files
that do not follow the setting, and exits with 1 if there are any.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import jupytext
import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
GITHUB = re.compile(r"https://github\.com/([\w.-]+/[\w.-]+?)(?:\.git)?/?$")

# What every notebook's first cell does: find the checkout's `helpers`, or pip-install it from the repository.
INSTALL = """\
import os
import pathlib
import subprocess
import sys

# The course's repository and branch, written from _config.yml by tools/repository.py.
COURSE, BRANCH = "{url}", "{branch}"
here = pathlib.Path.cwd()
root = next((p for p in (here, *here.parents) if (p / "helpers" / "__init__.py").is_file()), None)
if root:
    sys.path.insert(0, str(root))
else:  # --no-warn-conflicts: pip does not go through every other package of the machine (Colab has hundreds)
    helpers = os.environ.get("COURSE_HELPERS", f"git+{{COURSE}}@{{BRANCH}}")
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-warn-conflicts", helpers], check=True)"""

CHAPTER_CELL = (
    "# Make the course's `helpers` importable: from this repository, or installed from it when run alone (Colab).\n"
    + INSTALL
)

# An exercise notebook also needs its chapter's public tests (exercises/tests/<chapter>) and otter-grader.
EXERCISE_CELL = (
    """\
# Set up (run me first): make the course's `helpers` importable and find this chapter's tests. In this repository
# (or Binder) they are here; when the notebook runs alone, as on Colab, helpers is installed and the course cloned
# next to the notebook. otter-grader is installed only if it is missing.
"""
    + INSTALL
    + """
    root = pathlib.Path(COURSE.rsplit("/", 1)[-1]).resolve()
    if not root.is_dir():
        source = os.environ.get("COURSE_REPO")  # a local copy instead of GitHub (the course's own tests)
        clone = ["git", "clone", "-q", source] if source else ["git", "clone", "-q", "-b", BRANCH, COURSE]
        subprocess.run([*clone, str(root)], check=True)
try:
    import otter
except ImportError:
    pip = [sys.executable, "-m", "pip", "install", "-q", "--no-warn-conflicts"]
    subprocess.run([*pip, "otter-grader==7.0.0"], check=True)
    import otter
grader = otter.Notebook(tests_dir=str(root / "exercises" / "tests" / "{chapter}"))"""
)


def setting(root: Path = ROOT) -> tuple[str, str]:
    """(url, branch) of `repository:` in root/_config.yml.

    >>> url, branch = setting()
    >>> url.startswith("https://github.com/") and bool(branch)
    True
    """
    config = yaml.safe_load((root / "_config.yml").read_text())
    repository = config.get("repository") or {}
    url, branch = str(repository.get("url", "")).rstrip("/"), str(repository.get("branch", "main"))
    if not GITHUB.match(url):
        raise ValueError(f"_config.yml: repository.url is {url!r}; expected https://github.com/<owner>/<name>")
    return url, branch


def site_url(root: Path = ROOT) -> str:
    """The published site's address: GitHub Pages serves the repository of root/_config.yml there (`make publish`).

    >>> site_url().startswith("https://") and site_url().endswith(".github.io/classification-outputs/")
    True
    """
    url, _ = setting(root)
    owner, name = url.removeprefix("https://github.com/").split("/")[:2]
    return f"https://{owner}.github.io/{name}/"


def owner_name(url: str) -> str:
    """'owner/name' of a GitHub URL.

    >>> owner_name("https://github.com/some-university/softmax-course")
    'some-university/softmax-course'
    """
    match = GITHUB.match(url)
    if not match:
        raise ValueError(f"{url!r} is not a GitHub repository URL (https://github.com/<owner>/<name>)")
    return match.group(1)


def launch_links(url: str, branch: str, notebook: str) -> tuple[str, str]:
    """(Colab, Binder) links that open `notebook` (a path inside the repository).

    >>> launch_links("https://github.com/o/c", "main", "exercises/01_argmax.ipynb")[0]
    'https://colab.research.google.com/github/o/c/blob/main/exercises/01_argmax.ipynb'
    """
    repo = owner_name(url)
    return (
        f"https://colab.research.google.com/github/{repo}/blob/{branch}/{notebook}",
        f"https://mybinder.org/v2/gh/{repo}/{branch}?labpath={notebook}",
    )


def setup_cell(kind: str, url: str, branch: str, chapter: str = "") -> str:
    """The first code cell of a chapter (`kind='chapter'`) or of an exercise notebook (`kind='exercise'`)."""
    if kind not in ("chapter", "exercise"):
        raise ValueError(f"kind is {kind!r}; expected 'chapter' or 'exercise'")
    template = CHAPTER_CELL if kind == "chapter" else EXERCISE_CELL
    return template.format(url=url, branch=branch, chapter=chapter)


def _sync_notebook(path: Path, kind: str, url: str, branch: str, write: bool) -> bool:
    """Set the first code cell of notebook `path`: an .ipynb, or the MyST text source of one (read by jupytext)."""
    text = path.suffix == ".md"
    nb = jupytext.read(path, fmt="md:myst") if text else nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "code")
    wanted = setup_cell(kind, url, branch, path.stem)
    if cell.source == wanted:
        return False
    if write:
        cell.source = wanted
        if text:
            jupytext.write(nb, path, fmt="md:myst")
        else:
            nbformat.write(nb, path)
    return True


def _sync_text(path: Path, url: str, branch: str, write: bool) -> bool:
    text = path.read_text()
    repo = owner_name(url)
    new = re.sub(r"git\+https://github\.com/[\w.-]+/[\w.-]+?(@[\w./-]+)?(?=[\"`'\s)])", f"git+{url}@{branch}", text)
    new = re.sub(
        r"colab\.research\.google\.com/github/[\w.-]+/[\w.-]+/blob/[\w.-]+/",
        f"colab.research.google.com/github/{repo}/blob/{branch}/",
        new,
    )
    new = re.sub(r"mybinder\.org/v2/gh/[\w.-]+/[\w.-]+/[\w.-]+\?", f"mybinder.org/v2/gh/{repo}/{branch}?", new)
    if new == text:
        return False
    if write:
        path.write_text(new)
    return True


def sync(root: Path = ROOT, write: bool = True) -> list[Path]:
    """Make every file that names the repository follow _config.yml; return the files that did not."""
    url, branch = setting(root)
    changed = []
    for folder, kind in (("chapters", "chapter"), ("solutions", "exercise"), ("exercises", "exercise")):
        # chapters/ and solutions/ hold text sources (NN_name.md) paired with their notebooks: both follow it.
        for path in sorted((root / folder).glob("[0-9][0-9]_*.ipynb")) + sorted((root / folder).glob("[0-9]*.md")):
            if _sync_notebook(path, kind, url, branch, write):
                changed.append(path)
    texts = [root / "README.md", root / "pyproject.toml", *sorted((root / "solutions" / "pages").glob("*.md"))]
    changed += [path for path in texts if path.is_file() and _sync_text(path, url, branch, write)]
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only list the files that do not follow the setting")
    args = parser.parse_args(argv)
    changed = sync(write=not args.check)
    for path in changed:
        print(f"{'differs' if args.check else 'updated'}: {path.relative_to(ROOT)}")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
