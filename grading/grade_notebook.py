"""Grade one notebook: run its cells in a sandbox, score each question at its check cell, keep the executed copy.

- Its code cells run one at a time in a Jupyter kernel inside a bubblewrap sandbox (grading/sandbox.py); each
  question is graded where the learner's `grader.check("qN")` cell stands (what the learner saw), or at the end if
  that cell is missing: its test cases, public and hidden, run in this process (grading/scoring.py) and call the
  learner's functions in the sandbox through data only (grading/wire.py).
- A cell that raises costs only the questions that need what it defines. A kernel the grader had to kill (a cell
  or a function that would not stop, or too much memory) is started again, the cells before that one are run again,
  and grading goes on (at most twice per notebook). A kernel that ends itself (os._exit, a crash) ends the grading:
  the points already earned stand, the questions not yet graded score 0 with the cell that ended it.
- What concerns the whole notebook (a cell stopped, an attempt against the grader seen in its code) is said once,
  in the notebook's own row; a question whose answer still holds the hand-out's `...` is "not answered".
"""

from __future__ import annotations

import dataclasses
import io
import re
import threading
import time
import tokenize
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import scoring
from intake import Submission, clean
from sandbox import KernelDied, Limits, Sandbox

CHECK = re.compile(r"""grader\.check\(\s*(["'])(?P<question>\w+)\1\s*\)\s*;?""")
SKIP = re.compile(r"""grader\.(check_all|export|to_pdf|run_plugin)\(.*\)\s*;?""", re.S)
PLACEHOLDER = re.compile(r"^\s*(?:[\w, ]+=\s*)?\.\.\.\s*(?:#.*)?$", re.M)  # otter's `...` where an answer goes
RESTARTS = 2
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


def row(s: Submission, question: str, points: object, max_points: object, reason: str) -> dict[str, Any]:
    return dict(
        learner=s.learner,
        user_id=s.user_id,
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


def without_comments(source: str) -> str:
    """The code of a cell with its comments removed (what the tampering patterns look at)."""
    try:
        tokens = [t for t in tokenize.generate_tokens(io.StringIO(source).readline) if t.type != tokenize.COMMENT]
        return tokenize.untokenize(tokens)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return "\n".join(line.split("#", 1)[0] for line in source.splitlines())


def tampering(cells: list[str]) -> list[str]:
    code = "\n".join(without_comments(c) for c in cells)
    return [what for pattern, what in TAMPERING if re.search(pattern, code)]


def describe_cell(index: int, source: str) -> str:
    first = next((line.strip() for line in source.splitlines() if line.strip()), "")
    return f"cell {index + 1} (`{clean(first, 60)}`)"


def unanswered(cells: list[tuple[int, str]]) -> str:
    """The first cell among a question's that still holds the hand-out's `...`, described; "" if none does."""
    for index, source in cells:
        if PLACEHOLDER.search(source):
            return describe_cell(index, source)
    return ""


class Grading:
    """Grade one notebook: run its cells in a sandbox and score each question at its check cell."""

    def __init__(self, s: Submission, chapter: Chapter, limits: Limits, scratch: Path, helpers: Path, public: Path):
        self.s, self.chapter, self.limits, self.scratch, self.helpers = s, chapter, limits, scratch, helpers
        self.public = public if public.is_dir() else None
        self.results: dict[str, scoring.Result] = {}
        self.notes: dict[str, list[str]] = {}  # question: what happened in the cells before its check
        self.general: list[str] = []  # what concerns the whole notebook (stopped cells, tampering, restarts)
        self.ended = ""  # how the kernel ended, if it did
        self.outputs: dict[int, dict[str, Any]] = {}  # cell index: what it printed or raised (the executed copy)
        self.deadline = time.monotonic() + limits.notebook_timeout
        self.stop = threading.Event()  # set when the whole run is stopped (the runner shares its own)
        self.box: Sandbox | None = None
        self.starts = 0

    def halt(self) -> None:
        """Kill the sandbox now (the run was stopped); run() then returns without starting another."""
        self.stop.set()
        if self.box is not None:
            self.box.kill("was stopped with the run")

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

    def sandbox(self, notebook: Path) -> Sandbox:
        left = dataclasses.replace(self.limits, notebook_timeout=max(1.0, self.deadline - time.monotonic()))
        self.starts += 1
        return Sandbox(self.scratch / f"s{self.starts}", notebook, self.helpers, self.public, self.chapter.name, left)

    def start(self, notebook: Path, ran: list[str]) -> tuple[Sandbox, scoring.Learner]:
        """A sandbox with the grader's link installed and the cells in `ran` run again (after a restart)."""
        if self.stop.is_set():
            raise KernelDied("the run was stopped")
        box = self.box = self.sandbox(notebook).__enter__()
        try:
            learner = scoring.Learner(box)
            learner.install()
            for source in ran:
                box.run(source, timeout=self.limits.cell_timeout)
            return box, learner
        except BaseException:
            box.__exit__(None, None, None)
            raise

    def run(self) -> list[dict[str, Any]]:
        auto = [q for q in self.chapter.questions if not q["manual"]]
        steps = self.plan()
        checked = {q for _, _, q in steps if q}
        self.general += [f"it {what} (no effect here)" for what in tampering([c for _, c, q in steps if not q])]
        notebook = self.scratch / "notebook.ipynb"
        nbformat.write(self.s.notebook, notebook)
        pending: list[str] = []
        ran: list[str] = []  # the cells that ran to their end (run again after a restart)
        restarts = 0
        box: Sandbox | None = None
        try:
            box, learner = self.start(notebook, [])
            for index, source, question in steps:
                if question:
                    if question in self.chapter.tests:
                        self.grade(question, learner, pending)
                        pending = []
                else:
                    outcome = box.run(source, timeout=self.limits.cell_timeout)
                    where = describe_cell(index, source)
                    self.outputs[index] = dict(text=outcome.text, error=outcome.error)
                    if outcome.died:
                        self.outputs[index]["error"] = ("Stopped", f"it {box.dead_reason}")
                    elif outcome.timed_out:
                        self.note(pending, f"{where} ran longer than {self.limits.cell_timeout:g} s and was stopped")
                    elif outcome.flooded:
                        self.note(pending, f"{where} printed more than {self.limits.max_output} bytes and was stopped")
                        box.settle()
                    elif outcome.error:
                        pending.append(f"{where} raised {clean(outcome.error[0], 80)}: {clean(outcome.error[1], 200)}")
                        ran.append(source)
                    else:
                        ran.append(source)
                    if outcome.died and not box.stopped:
                        self.ended = f"{where} {box.dead_reason}"
                        break
                if not box.alive():
                    where = describe_cell(index, source)
                    if question:
                        where = f"a function the grader called for {question}"
                    late = time.monotonic() > self.deadline - 5
                    if not box.stopped or restarts >= RESTARTS or late or self.stop.is_set():
                        self.ended = self.ended or f"{where} {box.dead_reason}"
                        break
                    restarts += 1
                    again = "the kernel was started again and the cells before it were run again"
                    self.note(pending, f"{where} {box.dead_reason}: {again}")
                    box.__exit__(None, None, None)
                    box, learner = self.start(notebook, ran)
            else:
                for q in auto:
                    if q["name"] not in checked and q["name"] in self.chapter.tests and box.alive():
                        self.grade(q["name"], learner, pending)
                if not box.alive() and not self.ended:
                    self.ended = f"the kernel stopped while the grader called its functions: it {box.dead_reason}"
        except KernelDied as error:
            self.ended = self.ended or f"the kernel did not start: {clean(error, 200)}"
        finally:
            if box is not None:
                box.__exit__(None, None, None)
        return self.rows(auto, pending, steps)

    def note(self, pending: list[str], text: str) -> None:
        """Something that happened in a cell: said once for the notebook, and to the next question if it loses
        points."""
        self.general.append(text)
        pending.append(text)

    def grade(self, question: str, learner: scoring.Learner, pending: list[str]) -> None:
        self.results[question] = scoring.grade_question(self.chapter.tests[question], learner, self.limits.cell_timeout)
        self.notes[question] = list(pending) + learner.problems
        learner.problems = []

    def answer_cells(self, steps: list[tuple[int, str, str | None]]) -> dict[str, list[tuple[int, str]]]:
        """{question: the code cells between the check before it and its own check}."""
        cells: dict[str, list[tuple[int, str]]] = {}
        current: list[tuple[int, str]] = []
        for index, source, question in steps:
            if question:
                cells[question] = current
                current = []
            else:
                current.append((index, source))
        return cells

    def rows(
        self, auto: list[dict[str, Any]], pending: list[str], steps: list[tuple[int, str, str | None]]
    ) -> list[dict[str, Any]]:
        rows = []
        answers = self.answer_cells(steps)
        for q in self.chapter.questions:
            if q["manual"]:
                continue  # its row comes from manual_scores.csv
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
                points = number(result.points / result.possible * q["points"]) if result.possible else 0
                blank = unanswered(answers.get(q["name"], [])) if result.messages else ""
                if blank:
                    note = f"not answered: {blank} still holds the `...` where the answer goes"
                    reasons = [note] + [m for m in result.messages if "return" not in m][:3]
                else:
                    reasons = result.messages[:4] + (self.notes.get(q["name"], []) if result.messages else [])
            rows.append(row(self.s, q["name"], points, q["points"], " | ".join(reasons)))
        if self.general:
            rows.append(row(self.s, "", "", "", "the notebook: " + " | ".join(dict.fromkeys(self.general))))
        return rows

    def executed(self) -> nbformat.NotebookNode:
        """The notebook as graded: each cell's printed text and error, and each question's points and reasons."""
        assert self.s.notebook is not None
        nb: nbformat.NotebookNode = nbformat.from_dict(self.s.notebook)
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            cell.outputs, cell.execution_count = [], None
            got = self.outputs.get(index)
            if got and got["text"]:
                cell.outputs.append(nbformat.v4.new_output("stream", name="stdout", text=got["text"]))
            if got and got["error"]:
                ename, evalue = got["error"]
                cell.outputs.append(nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=[]))
            match = CHECK.fullmatch(cell.source.strip())
            if match and match["question"] in self.results:
                r = self.results[match["question"]]
                text = f"{match['question']}: {number(r.points)}/{number(r.possible)} test points\n"
                text += "".join(f"- {m}\n" for m in r.messages)
                cell.outputs.append(nbformat.v4.new_output("stream", name="stdout", text=text))
        return nb
