"""`make grade SUBMISSIONS=<folder>`: grade every submission in a folder with otter run, hidden tests included.

Writes GRADES/grades.csv (one row per learner, chapter and question: points, max_points, reason) and
GRADES/summary.csv (one row per learner and chapter: total, max, what went wrong), and prints the summary.

Each notebook is graded by `otter run` with the chapter's autograder zip (built by `make exercises` into
_build/autograder/, or here if missing or older than its master). A broken submission never stops the others:
- a cell that raises only costs the questions that need it (their tests fail with the error);
- every cell has a time limit (--cell-timeout) and the whole notebook another (--timeout): past it, the
  process tree is killed and the questions not graded score 0, with the reason;
- printed output is capped (--max-output characters), so floods of output cannot exhaust memory;
- the tests are restored after every cell; a question whose tests the submission deleted or changed scores 0;
- a file that is not a notebook, or not one of the course's chapters, scores 0 with the reason.
Manually graded questions get a row with empty points, for the instructor to fill in.

    python grading/grade.py SUBMISSIONS [--grades DIR] [--autograder DIR] [--timeout S] [--cell-timeout S]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_exercises  # noqa: E402

ROOT = make_exercises.ROOT
FIELDS = ["learner", "chapter", "question", "points", "max_points", "reason"]

GUARD_CELL = """\
# Inserted by grading/grade.py before the submission's cells: a time limit per cell, a cap on printed output,
# and tests restored after every cell (a question whose tests were changed is noted and scores 0).
import os as _g_os, pathlib as _g_pathlib, signal as _g_signal, sys as _g_sys
_G_LIMIT, _G_MAX_OUTPUT = {cell_timeout}, {max_output}
def _g_note(name, text):
    folder = _g_os.environ.get("GRADER_NOTES")
    if folder:
        with open(_g_pathlib.Path(folder) / name, "a") as f:
            f.write(str(text) + "\\n")
def _g_timeout(signum, frame):
    _g_note("timeouts", "cell")
    _g_signal.alarm(_G_LIMIT)  # whatever the cell runs next (the next test) gets its own time limit
    raise TimeoutError(f"the cell ran longer than {{_G_LIMIT}} s and was stopped by the grader (an endless loop?)")
_g_signal.signal(_g_signal.SIGALRM, _g_timeout)
_g_tests = {{p.resolve(): p.read_bytes() for p in _g_pathlib.Path("tests").glob("*.py")}}
def _g_pre_cell(*args):
    _g_signal.alarm(_G_LIMIT)
def _g_post_cell(*args):
    _g_signal.alarm(0)
    for path, content in _g_tests.items():
        if not path.is_file() or path.read_bytes() != content:
            _g_note("tampered", path.stem)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
class _GCappedStream:
    def __init__(self, stream):
        self._g_stream, self._g_count = stream, 0
    def write(self, text):
        self._g_count += len(text)
        if self._g_count <= _G_MAX_OUTPUT:
            return self._g_stream.write(text)
        if self._g_count - len(text) <= _G_MAX_OUTPUT:
            _g_note("flood", self._g_count)
            self._g_stream.write("\\n[more output was dropped by the grader]\\n")
        return len(text)
    def __getattr__(self, name):
        return getattr(self._g_stream, name)
_g_sys.stdout, _g_sys.stderr = _GCappedStream(_g_sys.stdout), _GCappedStream(_g_sys.stderr)
get_ipython().events.register("pre_run_cell", _g_pre_cell)
get_ipython().events.register("post_run_cell", _g_post_cell)
"""


def chapter_questions() -> dict[str, list[dict]]:
    """{chapter: [{'name', 'points', 'manual'}, ...]} from the master notebooks in solutions/."""
    return {m.stem: make_exercises.questions(nbformat.read(m, as_version=4)) for m in make_exercises.chapters([])}


def ensure_autograder(chapter: str, folder: Path) -> Path:
    zip_path = folder / f"{chapter}.zip"
    master = ROOT / "solutions" / f"{chapter}.ipynb"
    newest = max([master.stat().st_mtime] + [p.stat().st_mtime for p in (ROOT / "helpers").glob("*.py")])
    if not zip_path.is_file() or zip_path.stat().st_mtime < newest:
        with tempfile.TemporaryDirectory() as scratch:
            make_exercises.assign(master, Path(scratch), folder, run_tests=False)
    return zip_path


def identify(path: Path, folder: Path, chapters: list[str]) -> tuple[str, str | None, str | None]:
    """(learner, chapter or None, why the file cannot be graded or None)."""
    relative = path.relative_to(folder)
    by_name = next((c for c in chapters if c in path.name), None)
    if len(relative.parts) > 1:
        learner = relative.parts[0]
    else:
        learner = re.sub(r"^[_\-. ]+|[_\-. ]+$", "", path.stem.replace(by_name or "\0", "")) or path.stem
    try:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
    except Exception as error:  # not JSON, not a notebook, invalid notebook...
        first_line = str(error).splitlines()[0][:150] if str(error) else ""
        reason = f"not a readable notebook ({type(error).__name__}: {first_line})"
        return learner, by_name, reason
    declared = nb.metadata.get("otter", {}).get("assignment_name")
    chapter = declared if declared in chapters else by_name
    if chapter is None:
        return (
            learner,
            None,
            "cannot tell which chapter this notebook answers (no otter metadata, no chapter in its name)",
        )
    return learner, chapter, None


def kill_tree(process: subprocess.Popen) -> None:
    try:
        parent = psutil.Process(process.pid)
        family = parent.children(recursive=True) + [parent]
    except psutil.NoSuchProcess:
        return
    for p in family:
        try:
            p.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(family, timeout=10)


def failure_reason(output: str) -> str:
    """The error lines of otter's test output: 'AssertionError: <what went wrong and how to fix it>'."""
    errors = [
        line.strip() for line in output.splitlines() if re.match(r"\s*[A-Za-z_.]*(Error|Exception|Exit)\b.*: ", line)
    ]
    errors = list(dict.fromkeys(errors))
    return " | ".join(errors)[:1500] or "failed (see otter's output)"


def run_otter(
    notebook: Path, zip_path: Path, work: Path, timeout: float, cell_timeout: int, max_output: int
) -> tuple[dict | None, str | None, dict[str, list[str]]]:
    """Grade one notebook; return (results.json as a dict or None, why it failed or None, notes)."""
    nb = nbformat.read(notebook, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(GUARD_CELL.format(cell_timeout=cell_timeout, max_output=max_output)))
    submission = work / "submission"
    notes, tmp, out = work / "notes", work / "tmp", work / "out"
    for d in (submission, notes, tmp, out):
        d.mkdir(parents=True)
    graded = submission / notebook.name
    nbformat.write(nb, graded)
    env = {**os.environ, "GRADER_NOTES": str(notes), "TMPDIR": str(tmp), "PYTHONHASHSEED": "0", "OMP_NUM_THREADS": "1"}
    command = [sys.executable, "-m", "otter", "run", "-a", str(zip_path), "-o", str(out), "--no-logo", str(graded)]
    with open(work / "otter.log", "wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=work, env=env)
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_tree(process)
            code = None
    found = {p.name: p.read_text().split() for p in notes.iterdir()}
    if code is None:
        return None, f"time limit: grading took longer than {timeout:g} s and was stopped (an endless loop?)", found
    results = out / "results.json"
    if code != 0 or not results.is_file():
        with open(work / "otter.log", "rb") as log:
            log.seek(max(0, (work / "otter.log").stat().st_size - 4000))
            tail = log.read().decode(errors="replace").strip().splitlines()
        last = next((line for line in reversed(tail) if re.search(r"Error|Exception", line)), tail[-1] if tail else "")
        return None, f"the grader could not run this notebook: {last.strip()[:300]}", found
    return json.loads(results.read_text()), None, found


def grade_one(
    path: Path,
    folder: Path,
    questions: dict[str, list[dict]],
    zips: dict[str, Path],
    work: Path,
    args: argparse.Namespace,
) -> list[dict]:
    learner, chapter, problem = identify(path, folder, list(questions))
    if chapter is None:
        return [dict(learner=learner, chapter="", question="", points=0, max_points="", reason=problem)]
    rows = []
    results, failure, notes = (
        (None, problem, {})
        if problem
        else run_otter(path, zips[chapter], work, args.timeout, args.cell_timeout, args.max_output)
    )
    by_question = {t["name"]: t for t in (results or {}).get("tests", []) if "score" in t}
    tampered = set(notes.get("tampered", []))
    extra = []
    if notes.get("flood"):
        extra.append(f"printed more than {args.max_output} characters; the rest was dropped")
    if notes.get("timeouts"):
        extra.append(f"{len(notes['timeouts'])} cell(s) stopped at the {args.cell_timeout} s time limit")
    for q in questions[chapter]:
        row = dict(learner=learner, chapter=chapter, question=q["name"], max_points=q["points"])
        if q["manual"]:
            row.update(points="", reason="manually graded: read the answer in the notebook")
        elif failure:
            row.update(points=0, reason=failure)
        elif q["name"] in tampered:
            row.update(points=0, reason="the submission deleted or changed this question's tests while running")
        elif q["name"] not in by_question:
            row.update(points=0, reason="not graded: the notebook stopped the grader before this question's tests ran")
        else:
            test = by_question[q["name"]]
            score = round(float(test["score"]), 3)
            reason = "" if score >= float(test["max_score"]) else failure_reason(test.get("output", ""))
            row.update(points=int(score) if score.is_integer() else score, reason=reason)
        if extra and not q["manual"]:
            row["reason"] = "; ".join(filter(None, [row["reason"], *extra]))
        rows.append(row)
    return rows


def submissions(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def summarise(rows: list[dict]) -> list[dict]:
    table: dict[tuple[str, str], dict] = {}
    for r in rows:
        s = table.setdefault(
            (r["learner"], r["chapter"]),
            dict(
                learner=r["learner"], chapter=r["chapter"], points=0.0, max_points=0.0, manual_to_grade=0, problems=[]
            ),
        )
        if r["points"] == "" and r["max_points"] != "":
            s["manual_to_grade"] += 1
            continue
        s["points"] += float(r["points"] or 0)
        s["max_points"] += float(r["max_points"] or 0)
        if r["reason"]:
            s["problems"].append(f"{r['question'] or 'file'}: {r['reason'][:120]}")
    for s in table.values():
        s["points"], s["max_points"] = round(s["points"], 3), round(s["max_points"], 3)
        s["problems"] = " || ".join(s["problems"])
    return list(table.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("submissions", type=Path)
    parser.add_argument("--grades", type=Path, default=ROOT / "_build" / "grades", help="where to write the CSVs")
    parser.add_argument("--autograder", type=Path, default=ROOT / "_build" / "autograder")
    parser.add_argument("--timeout", type=float, default=600, help="seconds allowed per notebook")
    parser.add_argument("--cell-timeout", type=int, default=60, help="seconds allowed per cell")
    parser.add_argument("--max-output", type=int, default=1_000_000, help="characters of printed output kept")
    parser.add_argument("--jobs", type=int, default=1, help="submissions graded at the same time")
    args = parser.parse_args(argv)
    folder = args.submissions.resolve()
    if not folder.is_dir():
        parser.error(f"{folder} is not a folder")
    questions, rows = chapter_questions(), []
    files = submissions(folder)
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        zips = dict(zip(questions, pool.map(lambda chapter: ensure_autograder(chapter, args.autograder), questions)))

    def grade(index: int, path: Path, scratch: Path) -> list[dict]:
        print(f"[{index + 1}/{len(files)}] {path.relative_to(folder)}", flush=True)
        try:
            return grade_one(path, folder, questions, zips, scratch / str(index), args)
        except Exception as error:  # never let one submission stop the others
            return [
                dict(
                    learner=path.relative_to(folder).parts[0],
                    chapter="",
                    question="",
                    points=0,
                    max_points="",
                    reason=f"could not be graded: {type(error).__name__}: {error}"[:500],
                )
            ]

    with tempfile.TemporaryDirectory(prefix="grade-") as scratch:
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            for result in [pool.submit(grade, i, p, Path(scratch)) for i, p in enumerate(files)]:
                rows += result.result()
    args.grades.mkdir(parents=True, exist_ok=True)
    with open(args.grades / "grades.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    summary = summarise(rows)
    with open(args.grades / "summary.csv", "w", newline="") as f:
        writer = csv.DictWriter(
            f, fieldnames=["learner", "chapter", "points", "max_points", "manual_to_grade", "problems"]
        )
        writer.writeheader()
        writer.writerows(summary)
    print(f"\n{len(files)} file(s) graded: {args.grades / 'grades.csv'} and {args.grades / 'summary.csv'}")
    for s in summary:
        manual = f" (+{s['manual_to_grade']} manual)" if s["manual_to_grade"] else ""
        print(f"  {s['learner']:<24} {s['chapter'] or '?':<26} {s['points']:g}/{s['max_points']:g}{manual}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
