"""How long `make grade` takes for a class: generate N submissions across every chapter, grade them, print the times:
the first run, then the same command again with nothing changed (every result comes from the cache), and again after
one learner's notebook changed (that notebook alone is graded).

The submissions cycle through the chapters; each is right (the master's answers), has one common mistake
(tests/exercise_mistakes.py) or is left blank, so the tests take their usual paths. Run from the repository:

    .venv/bin/python tests/grading_benchmark.py [--learners 100] [--jobs N]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from exercise_mistakes import MISTAKES, ROOT, submission  # noqa: E402


def make_class(folder: Path, learners: int) -> None:
    chapters = sorted(p.stem for p in (ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))
    for n in range(learners):
        chapter = chapters[n % len(chapters)]
        kind = n // len(chapters) % 3
        mistakes = [m for m in MISTAKES if m[1] == chapter]
        if kind == 0:
            nb = submission(chapter)
        elif kind == 1:
            _, _, question, code, _ = mistakes[n % len(mistakes)]
            nb = submission(chapter, {question: code})
        else:
            nb = nbformat.read(ROOT / "exercises" / f"{chapter}.ipynb", as_version=4)
        nbformat.write(nb, folder / f"learner{n:03d}_{chapter}.ipynb")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="benchmark-") as scratch:
        folder = Path(scratch) / "class"
        folder.mkdir()
        make_class(folder, args.learners)
        command = [sys.executable, str(ROOT / "grading" / "grade.py"), str(folder), "--grades", f"{scratch}/grades"]
        command += ["--jobs", str(args.jobs)]

        def timed() -> float:
            start = time.monotonic()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            return time.monotonic() - start

        seconds = timed()
        unchanged = timed()
        first = sorted(folder.iterdir())[0]
        nb = nbformat.read(first, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell("# changed"))
        nbformat.write(nb, first)
        one_changed = timed()
    n = args.learners
    print(
        f"{n} submissions graded in {seconds:.0f} s with {args.jobs} job(s): {seconds / n:.2f} s per submission "
        f"(wall), {seconds * args.jobs / n:.2f} s of one core each; load average {os.getloadavg()[0]:.1f}\n"
        f"the same command again, nothing changed (the cache): {unchanged:.1f} s; one notebook changed: "
        f"{one_changed:.1f} s (each run also reads the class and the tests)"
    )


if __name__ == "__main__":
    main()
