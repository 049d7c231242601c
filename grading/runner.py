"""The run: grade the chosen notebooks in parallel, each result kept as it finishes, a re-run resuming from them.

- Before anyone is graded, each chapter's model answers (the master's solutions in the learner notebook) are graded
  with the tests in use: a test that does not give them full marks stops the run, and is named.
- Each notebook's result (its rows and its executed copy) is written to GRADES/.cache/ as soon as it is graded,
  under a key made of the notebook's content, its chapter's tests, the helpers, the grader's code and the limits: a
  re-run grades only what changed (an interrupted run resumes; a fixed test re-grades its chapter only).
- LEARNERS= grades those learners again (whatever the cache holds) and keeps every other learner's last result.
- Ctrl-C or SIGTERM stops the run cleanly: the sandboxes are killed, and the outputs hold what was graded.
- Progress: one bar with counts and time left on a terminal (tqdm), else one plain line per notebook.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import itertools
import json
import shutil
import signal
import sys
import tempfile
import threading
import traceback
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import make_exercises
import nbformat
import scoring
from grade_notebook import Chapter, Grading, row
from intake import Submission, clean
from sandbox import Limits
from tqdm import tqdm

ROOT = make_exercises.ROOT
GRADER = Path(__file__).resolve().parent


class TestsBroken(Exception):
    """A chapter's tests do not give its model answers full marks."""


@dataclass
class Result:
    rows: list[dict[str, Any]]
    executed: dict[str, Any] | None = None  # the executed notebook (nbformat JSON)
    details: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # question: scoring.Result.details


@dataclass
class Run:
    """What a run produced: a result per notebook graded (by its `relative`), and those it did not reach."""

    results: dict[str, Result] = field(default_factory=dict)
    missing: list[Submission] = field(default_factory=list)
    stopped: bool = False
    graded: int = 0  # notebooks graded in this run (the others came from the cache)


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


def digest_of_files(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def chapter_digests(autograder: Path, chapters: dict[str, Chapter], limits: Limits) -> dict[str, str]:
    """{chapter: a digest of everything its grade depends on besides the notebook}: its tests (hidden ones
    included), its public tests, the helpers, the grader's code and the limits."""
    common = digest_of_files([*GRADER.rglob("*.py"), *(ROOT / "helpers").rglob("*.py")]) + json.dumps(asdict(limits))
    digests = {}
    for name in chapters:
        h = hashlib.sha256(common.encode())
        with zipfile.ZipFile(autograder / f"{name}.zip") as z:
            for member in sorted(n for n in z.namelist() if n.startswith("tests/")):
                h.update(member.encode() + z.read(member))
        public = ROOT / "exercises" / "tests" / name
        h.update(digest_of_files(sorted(public.glob("*.py"))).encode() if public.is_dir() else b"")
        digests[name] = h.hexdigest()
    return digests


class Runner:
    def __init__(self, chapters: dict[str, Chapter], limits: Limits, cache: Path, digests: dict[str, str], jobs: int):
        self.chapters, self.limits, self.cache, self.digests, self.jobs = chapters, limits, cache, digests, jobs
        self.stop = threading.Event()
        self.active: set[Grading] = set()
        self.lock = threading.Lock()
        self.numbers = itertools.count()

    def key(self, s: Submission) -> str:
        assert s.chapter is not None
        return hashlib.sha256(self.digests[s.chapter].encode() + b"\0" + s.content).hexdigest()

    def cached(self, s: Submission) -> Result | None:
        path = self.cache / f"{self.key(s)}.json"
        if not path.is_file():
            return None
        data = json.loads(path.read_text())
        rows = [{**r, **identity(s)} for r in data["rows"]]  # the same notebook may come under another name
        return Result(rows, data.get("executed"), data.get("details", {}))

    def grade_one(self, s: Submission, scratch: Path, helpers: Path) -> Result | None:
        """Grade one notebook in a sandbox; None if the run was stopped meanwhile."""
        assert s.chapter is not None and s.notebook is not None
        work = scratch / str(next(self.numbers))  # short: the kernel's sockets live in it (107 bytes a path)
        work.mkdir()
        public = ROOT / "exercises" / "tests" / s.chapter
        grading = Grading(s, self.chapters[s.chapter], self.limits, work, helpers, public)
        grading.stop = self.stop
        with self.lock:
            self.active.add(grading)
        try:
            rows = grading.run()
            details = {question: r.details for question, r in grading.results.items()}
            result = Result(rows, grading.executed(), details)
        except Exception as error:  # a bug of the grader: never let it stop the other notebooks
            traceback.print_exc()
            result = Result([row(s, "", 0, "", f"could not be graded: {type(error).__name__}: {error}")])
        finally:
            with self.lock:
                self.active.discard(grading)
            shutil.rmtree(work, ignore_errors=True)
        if self.stop.is_set():
            return None
        self.cache.mkdir(parents=True, exist_ok=True)
        entry = self.cache / f"{self.key(s)}.json"
        entry.with_suffix(".tmp").write_text(
            json.dumps(dict(rows=result.rows, executed=result.executed, details=result.details))
        )
        entry.with_suffix(".tmp").replace(entry)
        return result

    def halt(self) -> None:
        """Stop the run: no new notebook starts, and the sandboxes of those being graded are killed."""
        self.stop.set()
        with self.lock:
            for grading in list(self.active):
                grading.halt()

    def run(self, todo: list[Submission], force: set[str], done: Callable[[Submission, Result], None]) -> Run:
        """Grade `todo` (those whose learner is in `force` even if cached); `done` is told each result. Ctrl-C or
        SIGTERM at any moment stops it cleanly: what finished is kept, the rest is in `missing`."""
        out = Run()
        fresh: list[Submission] = []
        previous = signal.signal(signal.SIGTERM, interrupt)
        scratch = Path(tempfile.mkdtemp(prefix="grade-"))
        pool: concurrent.futures.ThreadPoolExecutor | None = None
        futures: dict[concurrent.futures.Future[Result | None], Submission] = {}
        bar = tqdm(total=0, unit="notebook", file=sys.stderr, disable=None)
        try:
            for s in todo:
                hit = None if s.key in force or s.learner in force else self.cached(s)
                if hit:
                    out.results[s.relative] = hit
                    done(s, hit)
                else:
                    fresh.append(s)
            bar.total = len(fresh)
            helpers = scratch / "helpers"
            shutil.copytree(ROOT / "helpers", helpers, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            pool = concurrent.futures.ThreadPoolExecutor(max_workers=max(1, self.jobs))
            futures = {pool.submit(self._guarded, s, scratch, helpers): s for s in fresh}
            for future in concurrent.futures.as_completed(futures):
                s = futures[future]
                result = future.result()
                if result is None:
                    continue
                out.results[s.relative] = result
                out.graded += 1
                done(s, result)
                if bar.disable:
                    print(f"[{out.graded}/{len(fresh)}] {clean(s.relative)}", flush=True)
                bar.update()
        except KeyboardInterrupt:
            out.stopped = True
            self.halt()
            for future in futures:
                future.cancel()
            if pool is not None:
                pool.shutdown(wait=True)
            for future, s in futures.items():  # those that finished (and were kept) before the stop
                if future.done() and not future.cancelled() and s.relative not in out.results:
                    result = future.result()
                    if result is not None:
                        out.results[s.relative] = result
                        out.graded += 1
                        done(s, result)
        finally:
            if pool is not None:
                pool.shutdown(wait=True)
            signal.signal(signal.SIGTERM, previous)
            bar.close()
            shutil.rmtree(scratch, ignore_errors=True)
        out.missing = [s for s in todo if s.relative not in out.results]
        return out

    def _guarded(self, s: Submission, scratch: Path, helpers: Path) -> Result | None:
        return None if self.stop.is_set() else self.grade_one(s, scratch, helpers)


def interrupt(signum: int, frame: object) -> None:
    """SIGTERM's handler: stop as Ctrl-C does (KeyboardInterrupt), so that the outputs are written."""
    raise KeyboardInterrupt


def identity(s: Submission) -> dict[str, str]:
    return dict(learner=s.learner, user_id=s.user_id, chapter=s.chapter or "", notebook=clean(s.relative, 300))


def check_model_answers(runner: Runner, names: set[str]) -> None:
    """Grade each chapter's model answers with the tests in use; TestsBroken names the first test that fails."""
    todo = []
    for name in sorted(names):
        nb = make_exercises.answered(name)
        content = nbformat.writes(nb).encode()
        s = Submission(f"(model answers of {name})", content, 0.0, "(model answers)", chapter=name, notebook=nb)
        todo.append(s)
    result = runner.run(todo, set(), lambda s, r: None)
    if result.stopped:
        raise KeyboardInterrupt
    for s in todo:
        chapter = runner.chapters[s.chapter or ""]
        for r in result.results[s.relative].rows:
            if r["question"] and r["points"] != r["max_points"]:
                (runner.cache / f"{runner.key(s)}.json").unlink(missing_ok=True)
                raise TestsBroken(
                    f"the tests of {chapter.name} {r['question']} give the model answers {r['points']} of "
                    f"{r['max_points']} points ({r['reason'][:300]}): fix the test in solutions/{chapter.name}.ipynb "
                    "and run `make exercises`. Nobody was graded."
                )
