"""`make exercises`: otter assign every master notebook in solutions/ into the learner notebooks and site pages.

For each solutions/NN_name.ipynb this writes
  exercises/NN_name.ipynb           the learner notebook (solutions and hidden tests removed by otter assign)
  exercises/tests/NN_name/q*.py     its public tests, which `grader.check` runs
  solutions/pages/NN_name.md        the site page: every question, its solution collapsed in a dropdown
  _build/autograder/NN_name.zip     the autograder (public and hidden tests) that `make grade` uses
otter assign runs in a staging folder holding a copy of `helpers/`, so the autograder zip carries helpers and
grading needs no network. By default otter also grades the master notebook with its own tests (all must pass).
Every test file then imports `test_case` from helpers.feedback instead of otter (the same decorator, except that a
failure shows the learner only the feedback message, never the test's source line).

    python grading/make_exercises.py [--exercises DIR] [--pages DIR] [--autograder DIR] [--no-run-tests] [NN_name ...]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import nbformat
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import repository  # noqa: E402  (tools/repository.py: the URL and branch of _config.yml)

ROOT = Path(__file__).resolve().parents[1]
VOLATILE_METADATA = ("language_info", "widgets", "jupytext")
OTTER_IMPORT = "from otter.test_files import test_case\n"
FEEDBACK_IMPORT = "from helpers.feedback import test_case\n"


def chapters(names: list[str]) -> list[Path]:
    masters = sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))
    if names:
        masters = [m for m in masters if m.stem in names]
    if not masters:
        sys.exit(f"no master notebook found in {ROOT / 'solutions'} for {names or 'any chapter'}")
    return masters


def raw_config(cell: nbformat.NotebookNode) -> dict[str, Any]:
    return yaml.safe_load(cell.source.split("\n", 1)[1]) if "\n" in cell.source else {}


def questions(master: nbformat.NotebookNode) -> list[dict[str, Any]]:
    """The questions of a master notebook: name, points, manual, prompt, solution cells (in order)."""
    found: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    block: str | None = None
    for cell in master.cells:
        first = cell.source.strip().split("\n", 1)[0].strip().upper() if cell.cell_type == "raw" else ""
        if first == "# BEGIN QUESTION":
            current = {
                **raw_config(cell),
                "prompt": [],
                "solution": [],
                "manual": raw_config(cell).get("manual", False),
            }
        elif first == "# END QUESTION":
            assert current is not None, "# END QUESTION without # BEGIN QUESTION"
            found.append(current)
            current = None
        elif first in ("# BEGIN SOLUTION", "# BEGIN TESTS"):
            block = first.split()[-1]
        elif first in ("# END SOLUTION", "# END TESTS"):
            block = None
        elif current is not None and block == "SOLUTION":
            current["solution"].append(cell)
        elif current is not None and block is None and cell.cell_type == "markdown":
            current["prompt"].append(cell.source)
    return found


def solution_code(chapter: str) -> dict[str, str]:
    """{question: the master's solution code} for the auto-graded questions of a chapter (e.g. "02_softmax")."""
    master = nbformat.read(ROOT / "solutions" / f"{chapter}.ipynb", as_version=4)
    return {
        q["name"]: "\n".join(c.source for c in q["solution"] if c.cell_type == "code")
        for q in questions(master)
        if not q["manual"]
    }


def answered(chapter: str, answers: dict[str, str] | None = None) -> nbformat.NotebookNode:
    """The learner notebook of `chapter` (exercises/) with every code answer filled in: `answers[q]` or the
    master's solution (`make grade` grades the model answers this way before it grades anyone)."""
    answers = {**solution_code(chapter), **(answers or {})}
    nb: nbformat.NotebookNode = nbformat.read(ROOT / "exercises" / f"{chapter}.ipynb", as_version=4)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and "otter_answer_cell" in cell.metadata.get("tags", []):
            check = next(c.source for c in nb.cells[index + 1 :] if c.source.startswith("grader.check("))
            cell.source = answers[check.split('"')[1]]
    return nb


def strip_solution_markers(source: str) -> str:
    lines = [line for line in source.split("\n") if not re.match(r"\s*# (BEGIN|END) SOLUTION", line)]
    return "\n".join(re.sub(r"\s*# SOLUTION$", "", line) for line in lines)


def site_page(slug: str, master: nbformat.NotebookNode, student: nbformat.NotebookNode) -> str:
    """A MyST page: each question as a sphinx-exercise `exercise`, its solution a collapsed `solution`."""
    title = next(c.source for c in master.cells if c.cell_type == "markdown").split("\n", 1)[0].lstrip("# ").strip()
    notebook = f"exercises/{slug}.ipynb"
    colab, binder = repository.launch_links(*repository.setting(ROOT), notebook)
    skeletons = iter(
        [c.source for c in student.cells if "otter_answer_cell" in c.metadata.get("tags", []) and c.cell_type == "code"]
    )
    out = [
        f"# {title}",
        "",
        "<!-- Generated from solutions/"
        + slug
        + ".ipynb by `make exercises`: edit the master notebook, not this page. -->",
        "",
        f"Do these exercises in the notebook [`{notebook}`]({colab}) (opens in Colab; or "
        f"[in Binder]({binder}), or locally with `.venv/bin/jupyter lab {notebook}`). Its first cell sets "
        'everything up; `grader.check("q1")` then tests your answer on the spot and says what went wrong and how to '
        "fix it. Questions marked *manually graded* are read by your instructor. Try each question before opening "
        "its solution.",
        "",
    ]
    for q in questions(master):
        prompt = "\n\n".join(q["prompt"]).strip()
        heading, _, body = prompt.partition("\n")
        label = f"ex-{slug}-{q['name']}"
        kind = "manually graded" if q["manual"] else "auto-graded"
        out += [
            f"````{{exercise}} {heading.lstrip('# ').strip()}",
            f":label: {label}",
            "",
            f"*{q['name']}, {q['points']} points, {kind}.*",
            "",
            body.strip(),
            "",
        ]
        code = [c for c in q["solution"] if c.cell_type == "code"]
        if code:
            out += ["```python", next(skeletons).strip(), "```", ""]
        out += ["````", "", f"````{{solution}} {label}", ":class: dropdown", ""]
        for cell in q["solution"]:
            if cell.cell_type == "code":
                out += ["```python", strip_solution_markers(cell.source).strip(), "```", ""]
            else:
                out += [cell.source.strip(), ""]
        out += ["````", ""]
    return "\n".join(out).rstrip() + "\n"


def clean(nb: nbformat.NotebookNode, slug: str) -> nbformat.NotebookNode:
    """Drop volatile metadata and number the cells, so regenerating gives the same file."""
    for key in VOLATILE_METADATA:
        nb.metadata.pop(key, None)
    nb.metadata["language_info"] = {"name": "python"}
    for index, cell in enumerate(nb.cells):
        cell.id = f"{slug[:2]}-exercise-{index:02d}"
    return nb


def feedback_only(test: str) -> str:
    """A test file as otter assign writes it, importing helpers.feedback's `test_case` instead of otter's."""
    if not test.startswith(OTTER_IMPORT):
        raise ValueError(f"otter assign wrote a test file that does not start with {OTTER_IMPORT!r}")
    return FEEDBACK_IMPORT + test[len(OTTER_IMPORT) :]


def rewrite_zip(source: Path, target: Path) -> None:
    """Copy otter's autograder zip, with every test file through `feedback_only`."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename.startswith("tests/") and item.filename.endswith(".py"):
                data = feedback_only(data.decode()).encode()
            new.writestr(item, data)


def assign(master_path: Path, exercises: Path, autograder: Path, run_tests: bool, pages: Path | None = None) -> None:
    slug = master_path.stem
    with tempfile.TemporaryDirectory(prefix=f"assign-{slug}-") as tmp:
        stage, dist = Path(tmp) / "stage", Path(tmp) / "dist"
        stage.mkdir()
        shutil.copy(master_path, stage / master_path.name)
        shutil.copytree(ROOT / "helpers", stage / "helpers", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        command = [sys.executable, "-m", "otter", "assign", str(stage / master_path.name), str(dist)]
        if not run_tests:
            command.append("--no-run-tests")
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"otter assign failed on {master_path}:\n{done.stdout}\n{done.stderr}")
        student = clean(nbformat.read(dist / "student" / master_path.name, as_version=4), slug)
        exercises.mkdir(parents=True, exist_ok=True)
        nbformat.write(student, exercises / master_path.name)
        tests = exercises / "tests" / slug
        shutil.rmtree(tests, ignore_errors=True)
        tests.mkdir(parents=True)
        for test in sorted((dist / "student" / "tests").glob("*.py")):
            (tests / test.name).write_text(feedback_only(test.read_text()))
        if pages is not None:
            pages.mkdir(parents=True, exist_ok=True)
            master = nbformat.read(master_path, as_version=4)
            (pages / f"{slug}.md").write_text(site_page(slug, master, student))
        autograder.mkdir(parents=True, exist_ok=True)
        rewrite_zip(next((dist / "autograder").glob("*.zip")), autograder / f"{slug}.zip")
    print(f"{slug}: {exercises / master_path.name}, {tests}, {autograder / (slug + '.zip')}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("chapters", nargs="*", help="chapter names such as 01_argmax (default: all)")
    parser.add_argument("--exercises", type=Path, default=ROOT / "exercises")
    parser.add_argument("--pages", type=Path, default=ROOT / "solutions" / "pages")
    parser.add_argument("--autograder", type=Path, default=ROOT / "_build" / "autograder")
    parser.add_argument("--no-run-tests", action="store_true", help="skip grading the masters with their own tests")
    parser.add_argument("--jobs", type=int, default=1, help="chapters assigned at the same time")
    args = parser.parse_args(argv)
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        jobs = [
            pool.submit(assign, master, args.exercises, args.autograder, not args.no_run_tests, args.pages)
            for master in chapters(args.chapters)
        ]
        for job in jobs:
            job.result()


if __name__ == "__main__":
    main()
