"""How long `make grade` takes to write what it writes beyond grading (the report, every learner's feedback page and
Canvas's gradebook) for a large class: N learners x every chapter of made-up results, timed, printed.

    .venv/bin/python tests/outputs_benchmark.py [--learners 1000]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "grading"), str(ROOT)]  # the grader, and the helpers its tests import
import gradebook  # noqa: E402
import outputs  # noqa: E402
import report  # noqa: E402
import runner  # noqa: E402
from intake import Submission  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=1000)
    args = parser.parse_args()
    chapters = runner.load_chapters(ROOT / "_build" / "autograder")
    rng = random.Random(0)
    submissions, rows, details, mistakes = [], [], {}, []
    for n in range(args.learners):
        for name, chapter in chapters.items():
            s = Submission(f"learner{n}_{1000 + n}_{n}_{name}.ipynb", b"", 0.0, f"learner{n}", str(1000 + n))
            s.chapter = name
            submissions.append(s)
            mine = {}
            for q in chapter.questions:
                points = q["points"] if rng.random() < 0.7 else 0
                reason = "" if points else "softmax gave a wrong result. Exponentiate first."
                rows.append(
                    dict(learner=s.learner, user_id=s.user_id, chapter=name, question=q["name"], points=points,
                         max_points=q["points"], reason=reason, notebook=s.relative)
                )  # fmt: skip
                if not points:
                    mine[q["name"]] = [dict(hidden=True, advice=reason, mistake="no-max-subtraction", text="")]
                    mistakes.append((s.key, name, q["name"], "no-max-subtraction"))
            details[s.relative] = mine
    summary = outputs.summarise(rows, submissions, set(), chapters)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        start = time.monotonic()
        by_notebook: dict[str, list] = {}
        for r in rows:
            by_notebook.setdefault(r["notebook"], []).append(r)
        for s in submissions:
            outputs.write_feedback(folder, s, chapters[s.chapter], by_notebook[s.relative], details[s.relative])
        feedback = time.monotonic() - start
        start = time.monotonic()
        page = report.render(chapters, rows, summary, [], mistakes, report.registry(ROOT), "https://example.org/")
        (folder / "report.html").write_text(page)
        rendered = time.monotonic() - start
        roster = folder / "roster.csv"
        lines = ["Student,ID,SIS User ID,SIS Login ID,Section", "    Points Possible,,,,"]
        lines += [f"learner{n},{1000 + n},S{n},l{n},A" for n in range(args.learners)]
        roster.write_text("\n".join(lines) + "\n")
        start = time.monotonic()
        titles = {name: c.title for name, c in chapters.items()}
        maxima = {name: sum(float(q["points"]) for q in c.questions) for name, c in chapters.items()}
        gradebook.write(folder / "canvas.csv", gradebook.export(roster, summary, titles, maxima).rows)
        exported = time.monotonic() - start
    print(
        f"{args.learners} learners x {len(chapters)} chapters ({len(submissions)} notebooks): feedback pages "
        f"{feedback:.1f} s, report {rendered:.1f} s, Canvas gradebook {exported:.1f} s; "
        f"total {feedback + rendered + exported:.1f} s"
    )


if __name__ == "__main__":
    main()
