"""`make grade SUBMISSIONS=<folder or zip>`: grade every hand-in, hidden tests included, each in a sandbox.

The roles live in files of their own:
  intake.py         the folder (or zip) as an LMS delivers it, to one notebook per learner and chapter
  runner.py         the model answers checked first, the cache, resuming, LEARNERS=, Ctrl-C, progress
  grade_notebook.py one notebook: its cells in a sandbox (sandbox.py), its questions scored here (scoring.py, wire.py)
  outputs.py        grades.csv, summary.csv, files.csv, manual_scores.csv, manual_<chapter>.md, executed/
See README, "For instructors".

    python grading/grade.py SUBMISSIONS [--grades DIR] [--jobs N] [--chapter NAME] [--learners A,B]
                            [--timeout S] [--cell-timeout S] [--max-output B] [--memory MB]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import grade_notebook  # noqa: E402
import gradebook  # noqa: E402
import intake  # noqa: E402
import outputs  # noqa: E402
import report  # noqa: E402
import runner  # noqa: E402
from sandbox import Limits  # noqa: E402

ROOT = runner.ROOT
sys.path.insert(0, str(ROOT))  # the tests import the trusted helpers (helpers.feedback) from the checkout
from repository import site_url  # noqa: E402  (tools/repository.py, on the path through make_exercises)


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("submissions", type=Path, help="a folder of hand-ins, or a zip of them (Canvas's download)")
    parser.add_argument("--grades", type=Path, default=ROOT / "_build" / "grades", help="where to write the results")
    parser.add_argument("--autograder", type=Path, default=ROOT / "_build" / "autograder")
    parser.add_argument("--chapter", help="the chapter of every notebook (e.g. 02_softmax), whatever it says")
    parser.add_argument("--roster", type=Path, help="Canvas's gradebook export: canvas.csv is it with the points in")
    parser.add_argument("--learners", default="", help="grade only these learners again (names or user ids, a,b)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds allowed per notebook")
    parser.add_argument("--cell-timeout", type=float, default=60, help="seconds allowed per cell (and per question)")
    parser.add_argument("--max-output", type=int, default=1_000_000, help="bytes of output allowed per cell")
    parser.add_argument("--memory", type=int, default=2048, help="MB of memory a notebook's processes may hold")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="notebooks graded at the same time")
    args = parser.parse_args(argv)
    if args.roster and not args.roster.is_file():
        parser.error(f"ROSTER: {args.roster} is not a file")
    if not args.submissions.exists():
        parser.error(f"{args.submissions} does not exist")
    if not Path(shutil.which("bwrap") or "/usr/bin/bwrap").exists():
        parser.error("grading needs bubblewrap (apt-get install bubblewrap)")
    return args


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    signal.signal(signal.SIGTERM, runner.interrupt)  # SIGTERM stops the run as Ctrl-C does: cleanly
    start = time.monotonic()
    limits = Limits(
        cell_timeout=args.cell_timeout,
        notebook_timeout=args.timeout,
        max_output=args.max_output,
        memory=args.memory * 2**20,
    )
    chapters = runner.load_chapters(args.autograder)
    if args.chapter and args.chapter not in chapters:
        sys.exit(f"CHAPTER={args.chapter} is not a chapter: {', '.join(chapters)}")
    args.grades.mkdir(parents=True, exist_ok=True)
    try:
        scores = outputs.ManualScores.load(args.grades / "manual_scores.csv")
    except ValueError as error:
        sys.exit(str(error))
    with tempfile.TemporaryDirectory(prefix="intake-") as unpacked:
        folder, notes = args.submissions.resolve(), []
        if folder.is_file():
            intake.unpack_class(folder, Path(unpacked))
            folder, notes = Path(unpacked), [f"unpacked {args.submissions.name}"]
        folder, entered = intake.enter(folder)
        found, listed = intake.identify(folder, {n: c.title for n, c in chapters.items()}, args.chapter)
    graded, superseded = intake.choose(found)
    listed += superseded
    listed += [
        intake.Listed(s.relative, s.learner, s.user_id, "", f"not graded: {s.problem}") for s in graded if not s.chapter
    ]
    graded = [s for s in graded if s.chapter]
    graded.sort(key=lambda s: s.relative)
    for note in notes + entered:
        print(note)
    digests = runner.chapter_digests(args.autograder, chapters, limits)
    run = runner.Runner(chapters, limits, args.grades / ".cache", digests, args.jobs)
    force = {name.strip() for name in args.learners.split(",") if name.strip()}
    gradable = [s for s in graded if s.chapter and s.notebook is not None and not s.problem]
    if force:
        unknown = force - {s.learner for s in graded} - {s.user_id for s in graded}
        if unknown:
            sys.exit(f"LEARNERS: no hand-in from {', '.join(sorted(unknown))}")
    try:
        runner.check_model_answers(run, {s.chapter for s in gradable if s.chapter})
    except runner.TestsBroken as error:
        sys.exit(f"grading stopped before anyone was graded: {error}")
    except KeyboardInterrupt:
        sys.exit("stopped while checking the model answers: nothing was graded")

    def done(s: intake.Submission, result: runner.Result) -> None:
        outputs.write_executed(args.grades, s, result.executed)

    results = run.run(gradable, force, done)
    rows = []
    mistakes: list[tuple[str, str, str, str]] = []  # (learner, chapter, question, mistake id) for the report
    for s in graded:
        assert s.chapter is not None
        if s.problem:  # a notebook of this chapter that cannot be read: 0 for each question, with the reason
            auto = [q for q in chapters[s.chapter].questions if not q["manual"]]
            rows += [grade_notebook.row(s, q["name"], 0, q["points"], s.problem) for q in auto]
            continue
        result = results.results.get(s.relative)
        if result is not None:
            mine = result.rows + outputs.manual_rows(s, chapters[s.chapter], scores)
            outputs.write_feedback(args.grades, s, chapters[s.chapter], mine, result.details)
            rows += mine
            for question, failed in result.details.items():
                mistakes += [(s.key, s.chapter, question, d["mistake"]) for d in failed if d.get("mistake")]
    rows.sort(key=lambda r: (r["learner"], r["chapter"], r["notebook"], r["question"]))
    missing = {s.relative for s in results.missing}
    outputs.write_csv(args.grades / "grades.csv", outputs.GRADES, rows)
    summary = outputs.summarise(rows, graded, missing, chapters)
    outputs.write_csv(args.grades / "summary.csv", outputs.SUMMARY, summary)
    file_rows = outputs.file_rows(graded, listed)
    outputs.write_csv(args.grades / "files.csv", outputs.FILES, file_rows)
    scores.write()
    outputs.write_manual(args.grades, chapters, [s for s in graded if s.relative not in missing])
    page = report.render(chapters, rows, summary, file_rows, mistakes, report.registry(ROOT), site_url())
    (args.grades / "report.html").write_text(page, encoding="utf-8")
    if args.roster:
        titles = {name: c.title for name, c in chapters.items()}
        maxima = {name: sum(float(q["points"]) for q in c.questions) for name, c in chapters.items()}
        book = gradebook.export(args.roster, summary, titles, maxima)
        gradebook.write(args.grades / "canvas.csv", book.rows)
        for what, names in [
            ("graded but not in the roster", book.unmatched),
            ("in the roster with nothing graded", book.without),
            ("not written to canvas.csv until their manual points are given", book.held),
        ]:
            if names:
                print(f"{len(names)} {what}: {'; '.join(names)}", file=sys.stderr)
    seconds = time.monotonic() - start
    cached = len(results.results) - results.graded
    print(
        f"\n{results.graded} notebook(s) graded, {cached} unchanged since the last run (kept), in {seconds:.1f} s: "
        f"{args.grades}/grades.csv, summary.csv, files.csv, manual_scores.csv, manual_*.md, executed/"
    )
    if listed:
        print(f"{len(listed)} file(s) not graded: see files.csv")
    for line in summary:
        manual = f" ({line['manual_to_grade']} manual to grade)" if line["manual_to_grade"] else ""
        points = "not graded yet" if line["points"] == "" else f"{line['points']:g}/{line['max_points']:g}"
        print(f"  {line['learner']:<24} {line['chapter']:<26} {points}{manual}")
    if results.stopped:
        print(f"\nSTOPPED: {len(missing)} notebook(s) not graded yet (summary.csv says which); run again to resume.")
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
