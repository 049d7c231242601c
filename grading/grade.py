"""`make grade SUBMISSIONS=<folder>`: grade every submission in a folder, hidden tests included, in a sandbox.

Writes to GRADES (default _build/grades/):
  grades.csv          one row per learner, chapter and question: points, max_points, reason, notebook
  summary.csv         one row per learner and chapter: total, max, manual questions to grade, what went wrong
  manual_<chapter>.md every learner's answer to each manually graded question of the chapter
and prints the summary.

How a notebook is graded (see README, "For instructors"):
- the chapter comes from the notebook's otter metadata, else its file name, else its title; the course's Python
  runs it whatever kernel it names; one notebook per learner and chapter is graded (the newest), the others are
  listed with the reason;
- its code cells run one at a time in a Jupyter kernel inside a bubblewrap sandbox (grading/sandbox.py): no
  network, no view of the checkout, the tests, the solutions or the other submissions, limits on memory,
  processes, file size and CPU; time limits per cell and per notebook and a cap on output, enforced from here;
- each question is graded where the learner's `grader.check("qN")` cell stands (what the learner saw), or at the
  end if that cell is missing: its test cases, public and hidden, run in this process (grading/scoring.py) and
  call the learner's functions in the sandbox through data only (grading/wire.py);
- if the kernel dies (os._exit, a crash, memory, a cell that would not stop), the points already earned stand and
  the questions not yet graded score 0 with the cell that ended it; a cell that raises costs only what needs it.

    python grading/grade.py SUBMISSIONS [--grades DIR] [--jobs N] [--timeout S] [--cell-timeout S] [--max-output B]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import csv
import os
import re
import shutil
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_exercises  # noqa: E402
import scoring  # noqa: E402
from sandbox import KernelDied, Limits, Sandbox  # noqa: E402

ROOT = make_exercises.ROOT
sys.path.insert(0, str(ROOT))  # the tests import the trusted helpers (helpers.feedback) from the checkout
FIELDS = ["learner", "chapter", "question", "points", "max_points", "reason", "notebook"]
SUMMARY = ["learner", "chapter", "points", "max_points", "manual_to_grade", "problems", "notebook"]
MAX_NOTEBOOK = 20 * 2**20  # bytes
CHECK = re.compile(r"""grader\.check\(\s*(["'])(?P<question>\w+)\1\s*\)\s*;?""")
SKIP = re.compile(r"""grader\.(check_all|export|to_pdf|run_plugin)\(.*\)\s*;?""", re.S)
COPY = re.compile(r"([-_ ]*(Copy\d*|\(\d+\)|copy))+$")
# What a notebook may try against a grader, and how the reason names it (it has no effect on the grade here).
TAMPERING = [
    (r"otter\.test_files|ExceptionTestFile|\.run\s*=|otter\.(check|execute)", "patches otter's test runner"),
    (r"_g_note|_g_stream|_G_LIMIT|GRADER_NOTES", "switches off the old grader's guards"),
    (r"Path\(\s*[\"']tests[\"']\)|[\"'/]tests/|_tests_dir|rmtree\(\s*[\"']tests", "writes or reads test files"),
    (r"\bpsutil\b|/proc/\d|os\.getppid|\bparent\(\)", "looks for the grader's processes"),
    (r"solutions[/\\\"']|\.zip\b|grades\.csv|summary\.csv", "looks for solutions, autograder or grades files"),
    (r"helpers\.feedback\.\w+\s*=|feedback\.verdict\s*=|np\.(allclose|isclose|array_equal)\s*=", "patches checks"),
    (r"start_new_session|os\.fork|os\.setsid|os\.spawn", "starts processes meant to outlive it"),
    (r"os\.kill|killpg|signal\.alarm|signal\.signal|SIGALRM|SIGKILL", "sends or blocks signals"),
    (r"sys\.(stdout|stderr)\s*=|os\.write\(\s*[12]\b|os\.dup2", "bypasses the output capture"),
    (r"os\._exit|sys\.exit|ctypes|faulthandler\._sigsegv", "ends or crashes the kernel"),
]


@dataclass
class Chapter:
    name: str
    title: str
    questions: list[dict[str, Any]]  # make_exercises.questions(master): name, points, manual, prompt
    tests: dict[str, Any] = field(default_factory=dict)  # question: otter ExceptionTestFile (hidden cases included)


@dataclass
class Submission:
    path: Path
    relative: str
    learner: str
    chapter: str | None = None
    notebook: nbformat.NotebookNode | None = None
    problem: str = ""


def load_chapters(autograder: Path) -> dict[str, Chapter]:
    chapters = {}
    for master in make_exercises.chapters([]):
        nb = nbformat.read(master, as_version=4)
        title = next(c.source for c in nb.cells if c.cell_type == "markdown").split("\n", 1)[0].lstrip("# ").strip()
        chapters[master.stem] = Chapter(master.stem, title, make_exercises.questions(nb))
    for chapter in chapters.values():
        chapter.tests = scoring.load_tests(ensure_autograder(chapter.name, autograder))
    return chapters


def ensure_autograder(chapter: str, folder: Path) -> Path:
    """The chapter's autograder zip (`make exercises` writes it); made here if missing or older than its sources."""
    zip_path = folder / f"{chapter}.zip"
    master = ROOT / "solutions" / f"{chapter}.ipynb"
    newest = max([master.stat().st_mtime] + [p.stat().st_mtime for p in (ROOT / "helpers").glob("*.py")])
    if not zip_path.is_file() or zip_path.stat().st_mtime < newest:
        with tempfile.TemporaryDirectory() as scratch:
            make_exercises.assign(master, Path(scratch), folder, run_tests=False)
    return zip_path


def clean(text: object, limit: int = 300) -> str:
    """Text from a submission, safe in a CSV cell: one line, no control characters, no formula, at most `limit`."""
    text = re.sub(r"[\x00-\x1f\x7f]+", " ", str(text)).strip()[:limit]
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def learner_name(path: Path, folder: Path, chapter: str | None) -> str:
    relative = path.relative_to(folder)
    if len(relative.parts) > 1:
        return clean(relative.parts[0], 100)
    stem = COPY.sub("", path.stem)
    if chapter:
        stem = re.sub(re.escape(chapter), "", stem, flags=re.I)
    return clean(re.sub(r"^[_\-. ]+|[_\-. ]+$", "", stem) or path.stem, 100)


def identify(path: Path, folder: Path, chapters: dict[str, Chapter]) -> Submission:
    """Read a file and tell which chapter it answers: otter metadata, else the file name, else the title."""
    name = path.name.lower()
    by_name = max((c for c in chapters if c.lower() in name), key=len, default=None)
    by_name = by_name or next((c for c in chapters if re.match(rf"{c[:2]}[-_ ]", name)), None)
    by_name = by_name or max((c for c in chapters if c[3:].lower() in name), key=len, default=None)
    relative = str(path.relative_to(folder))
    submission = Submission(path, relative, learner_name(path, folder, by_name), by_name)
    try:
        if path.stat().st_size > MAX_NOTEBOOK:
            raise ValueError(f"larger than {MAX_NOTEBOOK // 2**20} MB")
        nb = nbformat.reads(path.read_text(errors="strict"), as_version=4)
        if not isinstance(nb.get("cells"), list) or not all(isinstance(c.get("source"), str) for c in nb.cells):
            raise ValueError("no list of cells")
    except Exception as error:  # not text, not JSON, not a notebook...
        submission.problem = f"not a readable notebook ({type(error).__name__}: {clean(error, 150)})"
        return submission
    submission.notebook = nb
    otter = nb.metadata.get("otter", {})
    declared = otter.get("assignment_name") if isinstance(otter, dict) else None
    titles = [c.source.split("\n", 1)[0].lstrip("# ").strip() for c in nb.cells if c.cell_type == "markdown"][:3]
    by_title = next((c.name for c in chapters.values() if c.title in titles), None)
    submission.chapter = declared if declared in chapters else by_name or by_title
    if submission.chapter is None:
        submission.problem = "cannot tell which chapter this notebook answers (no otter metadata, name or title)"
    submission.learner = learner_name(path, folder, submission.chapter)
    return submission


def newest_per_learner(found: list[Submission]) -> tuple[list[Submission], list[dict[str, Any]]]:
    """One notebook per learner and chapter, the newest (by modification time); rows for the others."""
    groups: dict[tuple[str, str], list[Submission]] = {}
    for s in found:
        if s.chapter and s.notebook is not None:
            groups.setdefault((s.learner, s.chapter), []).append(s)
    keep, rows = [s for s in found if not (s.chapter and s.notebook is not None)], []
    for group in groups.values():
        group.sort(key=lambda s: (s.path.stat().st_mtime, s.relative), reverse=True)
        keep.append(group[0])
        for older in group[1:]:
            reason = f"not graded: {group[0].relative} is newer (one notebook per learner and chapter is graded)"
            rows.append(row(older, "", "", "", reason))
    return keep, rows


def row(s: Submission, question: str, points: object, max_points: object, reason: str) -> dict[str, Any]:
    return dict(
        learner=s.learner,
        chapter=s.chapter or "",
        question=question,
        points=points,
        max_points=max_points,
        reason=clean(reason, 1500),
        notebook=clean(s.relative, 300),
    )


def number(x: float) -> int | float:
    x = round(float(x), 3)
    return int(x) if x.is_integer() else x


def tampering(cells: list[str]) -> list[str]:
    code = "\n".join(cells)
    return [what for pattern, what in TAMPERING if re.search(pattern, code)]


def describe_cell(index: int, source: str) -> str:
    first = next((line.strip() for line in source.splitlines() if line.strip()), "")
    return f"cell {index + 1} (`{clean(first, 60)}`)"


class Grading:
    """Grade one notebook: run its cells in a sandbox and score each question at its check cell."""

    def __init__(self, s: Submission, chapter: Chapter, limits: Limits, scratch: Path, helpers: Path):
        self.s, self.chapter, self.limits, self.scratch, self.helpers = s, chapter, limits, scratch, helpers
        self.results: dict[str, scoring.Result] = {}
        self.notes: dict[str, list[str]] = {}  # question: what happened in the cells before its check
        self.general: list[str] = []  # what applies to every question (floods, tampering)
        self.ended = ""  # how the kernel ended, if it did

    def plan(self) -> list[tuple[int, str, str | None]]:
        """(cell index, code, question checked here or None) for each code cell to run or check."""
        steps = []
        assert self.s.notebook is not None  # only a notebook that was read is graded
        for index, cell in enumerate(self.s.notebook.cells):
            if cell.cell_type != "code":
                continue
            code = "\n".join(line for line in cell.source.splitlines() if not line.strip().startswith("#")).strip()
            match = CHECK.fullmatch(code)
            if match:
                steps.append((index, cell.source, match["question"]))
            elif not SKIP.fullmatch(code):
                steps.append((index, cell.source, None))
        return steps

    def run(self) -> list[dict[str, Any]]:
        auto = [q for q in self.chapter.questions if not q["manual"]]
        steps = self.plan()
        checked = {q for _, _, q in steps if q}
        self.general += [f"it {what} (no effect here)" for what in tampering([c for _, c, q in steps if not q])]
        notebook = self.scratch / "notebook.ipynb"
        nbformat.write(self.s.notebook, notebook)
        public = ROOT / "exercises" / "tests" / self.chapter.name
        pending: list[str] = []
        try:
            with Sandbox(
                self.scratch / "sandbox",
                notebook,
                self.helpers,
                public if public.is_dir() else None,
                self.chapter.name,
                self.limits,
            ) as box:
                learner = scoring.Learner(box)
                learner.install()
                for index, source, question in steps:
                    if not box.alive():
                        break
                    if question:
                        if question in self.chapter.tests:
                            self.grade(question, learner, pending)
                            pending = []
                        continue
                    outcome = box.run(source, timeout=self.limits.cell_timeout)
                    where = describe_cell(index, source)
                    if outcome.died:
                        self.ended = f"{where} {box.dead_reason}"
                        break
                    if outcome.timed_out:
                        self.general.append(f"{where} ran longer than {self.limits.cell_timeout:g} s and was stopped")
                    if outcome.flooded:
                        self.general.append(f"{where} printed more than {self.limits.max_output} bytes and was stopped")
                        box.settle()
                    elif outcome.error and not outcome.timed_out:
                        pending.append(f"{where} raised {clean(outcome.error[0], 80)}: {clean(outcome.error[1], 200)}")
                for q in auto:
                    if q["name"] not in checked and q["name"] in self.chapter.tests and box.alive():
                        self.grade(q["name"], learner, pending)
                if not box.alive() and not self.ended:
                    self.ended = f"the kernel stopped while the grader called its functions: it {box.dead_reason}"
        except KernelDied as error:
            self.ended = self.ended or f"the kernel did not start: {clean(error, 200)}"
        return self.rows(auto, pending)

    def grade(self, question: str, learner: scoring.Learner, pending: list[str]) -> None:
        self.results[question] = scoring.grade_question(self.chapter.tests[question], learner, self.limits.cell_timeout)
        self.notes[question] = list(pending) + learner.problems
        learner.problems = []

    def rows(self, auto: list[dict[str, Any]], pending: list[str]) -> list[dict[str, Any]]:
        rows = []
        for q in self.chapter.questions:
            if q["manual"]:
                rows.append(row(self.s, q["name"], "", q["points"], "manually graded: see manual_*.md"))
                continue
            result = self.results.get(q["name"])
            points: int | float
            if result is None:
                why = (
                    f"not graded: {self.ended}, before this question was checked"
                    if self.ended
                    else "not graded: this question has no tests"
                )
                reasons = [why, *pending]
                points = 0
            else:
                reasons = result.messages[:4] + (self.notes.get(q["name"], []) if result.messages else [])
                points = number(result.points / result.possible * q["points"]) if result.possible else 0
            rows.append(row(self.s, q["name"], points, q["points"], " | ".join(reasons + self.general)))
        return rows


def manual_answers(s: Submission, chapter: Chapter) -> dict[str, str]:
    """{question: the learner's answer (the cells after its prompt, up to the end of the question)}."""
    answers = {}
    cells = s.notebook.cells if s.notebook is not None else []
    for q in chapter.questions:
        if not q["manual"]:
            continue
        heading = q["prompt"][0].strip().split("\n", 1)[0].split(":")[0] if q["prompt"] else ""
        start = next((i for i, c in enumerate(cells) if heading and heading in c.source), None)
        if start is None:
            answers[q["name"]] = "(the question's cell is missing from the notebook)"
            continue
        parts = []
        for cell in cells[start + 1 :]:
            if "<!-- END QUESTION -->" in cell.source or re.match(r"#+ ", cell.source.strip()):
                break
            parts.append(cell.source.strip())
        text = "\n\n".join(p for p in parts if p)
        placeholder = not text or text == "_Type your answer here, replacing this text._"
        answers[q["name"]] = "(no answer)" if placeholder else text
    return answers


def write_manual(folder: Path, chapters: dict[str, Chapter], graded: list[Submission]) -> None:
    for name, chapter in chapters.items():
        manual = [q for q in chapter.questions if q["manual"]]
        mine = sorted((s for s in graded if s.chapter == name and s.notebook is not None), key=lambda s: s.learner)
        if not manual or not mine:
            continue
        out = [f"# Manually graded answers: {chapter.title} ({name})", ""]
        answers = {s.relative: manual_answers(s, chapter) for s in mine}
        for q in manual:
            prompt = "\n\n".join(q["prompt"]).strip()
            out += [f"## {q['name']} ({q['points']} points)", "", *(f"> {line}" for line in prompt.splitlines()), ""]
            for s in mine:
                text = answers[s.relative][q["name"]]
                fence = "~" * max(4, 1 + max((len(m) for m in re.findall(r"~+", text)), default=0))
                out += [f"### {s.learner} ({s.relative})", "", f"{fence}markdown", text, fence, ""]
        (folder / f"manual_{name}.md").write_text("\n".join(out))


def summarise(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    table: dict[tuple[str, str, str], dict[str, Any]] = {}
    for r in rows:
        key = (r["learner"], r["chapter"], r["notebook"])
        s = table.setdefault(
            key,
            dict(
                learner=r["learner"],
                chapter=r["chapter"],
                points=0.0,
                max_points=0.0,
                manual_to_grade=0,
                problems=[],
                notebook=r["notebook"],
            ),
        )
        if r["points"] == "" and r["max_points"] != "":
            s["manual_to_grade"] += 1
            continue
        s["points"] += float(r["points"] or 0)
        s["max_points"] += float(r["max_points"] or 0)
        if r["reason"]:
            s["problems"].append(f"{r['question'] or 'file'}: {r['reason'][:160]}")
    for s in table.values():
        s["points"], s["max_points"] = round(s["points"], 3), round(s["max_points"], 3)
        s["problems"] = clean(" || ".join(s["problems"]), 2000)
    return list(table.values())


def files(folder: Path) -> list[Path]:
    """Every regular file under `folder` (symbolic links and hidden files and folders are not followed)."""
    found = []
    for top, folders, names in os.walk(folder):
        folders[:] = sorted(d for d in folders if not d.startswith(".") and not Path(top, d).is_symlink())
        for name in names:
            path = Path(top, name)
            if not name.startswith(".") and not path.is_symlink() and path.is_file():
                found.append(path)
    return sorted(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("submissions", type=Path)
    parser.add_argument("--grades", type=Path, default=ROOT / "_build" / "grades", help="where to write the results")
    parser.add_argument("--autograder", type=Path, default=ROOT / "_build" / "autograder")
    parser.add_argument("--timeout", type=float, default=600, help="seconds allowed per notebook")
    parser.add_argument("--cell-timeout", type=float, default=60, help="seconds allowed per cell (and per question)")
    parser.add_argument("--max-output", type=int, default=1_000_000, help="bytes of output allowed per cell")
    parser.add_argument("--memory", type=int, default=2048, help="MB of memory a notebook's processes may hold")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="notebooks graded at the same time")
    args = parser.parse_args(argv)
    folder = args.submissions.resolve()
    if not folder.is_dir():
        parser.error(f"{folder} is not a folder")
    if not Path(shutil.which("bwrap") or "/usr/bin/bwrap").exists():
        parser.error("grading needs bubblewrap (apt-get install bubblewrap)")
    limits = Limits(
        cell_timeout=args.cell_timeout,
        notebook_timeout=args.timeout,
        max_output=args.max_output,
        memory=args.memory * 2**20,
    )
    start = time.monotonic()
    chapters = load_chapters(args.autograder)
    found = [identify(p, folder, chapters) for p in files(folder)]
    graded, rows = newest_per_learner(found)
    graded.sort(key=lambda s: s.relative)
    results: dict[str, list[dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory(prefix="grade-") as scratch:
        helpers = Path(scratch) / "helpers"
        shutil.copytree(ROOT / "helpers", helpers, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))

        def grade(index: int, s: Submission) -> list[dict[str, Any]]:
            print(f"[{index + 1}/{len(graded)}] {clean(s.relative)}", flush=True)
            if s.problem or s.chapter is None:
                questions = chapters[s.chapter].questions if s.chapter else []
                auto = [q for q in questions if not q["manual"]]
                return [row(s, q["name"], 0, q["points"], s.problem) for q in auto] or [row(s, "", 0, "", s.problem)]
            work = Path(scratch) / str(index)
            work.mkdir()
            try:
                return Grading(s, chapters[s.chapter], limits, work, helpers).run()
            except Exception as error:  # a bug of the grader: never let it stop the other notebooks
                traceback.print_exc()
                return [row(s, "", 0, "", f"could not be graded: {type(error).__name__}: {error}")]
            finally:
                shutil.rmtree(work, ignore_errors=True)

        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = {s.relative: pool.submit(grade, i, s) for i, s in enumerate(graded)}
            for relative, future in futures.items():
                results[relative] = future.result()
    for s in graded:
        rows += results[s.relative]
    rows.sort(key=lambda r: (r["learner"], r["chapter"], r["notebook"], r["question"]))
    args.grades.mkdir(parents=True, exist_ok=True)
    with open(args.grades / "grades.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    summary = summarise(rows)
    with open(args.grades / "summary.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=SUMMARY)
        writer.writeheader()
        writer.writerows(summary)
    write_manual(args.grades, chapters, graded)
    seconds = time.monotonic() - start
    print(f"\n{len(graded)} notebook(s) graded in {seconds:.1f} s: {args.grades}/grades.csv, summary.csv, manual_*.md")
    for line in summary:
        manual = f" (+{line['manual_to_grade']} manual)" if line["manual_to_grade"] else ""
        print(f"  {line['learner']:<24} {line['chapter'] or '?':<26} {line['points']:g}/{line['max_points']:g}{manual}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
