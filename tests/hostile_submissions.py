"""Test data for tests/test_grading.py: submissions that attack the grader, each as cells a learner could write.

Each `Hostile` is a notebook of one chapter with some honest work in it (or none) and an attack in its cells, the
points its honest work earns per question (what the grader must give it, whatever the attack does), and the words
the reason must contain where the grader can tell what it tried. They are graded in one run together with honest
notebooks (tests/test_grading.py), which must get the grades they get alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import nbformat
from exercise_mistakes import ROOT, solutions, submission

ARGMAX, SOFTMAX = "01_argmax", "02_softmax"
MARKER = "HOSTILE-MARKER-7c1f"  # in the command line of every process an attack starts to outlive the grader


def blank(chapter: str) -> nbformat.NotebookNode:
    """The learner notebook as handed out: nothing answered."""
    return nbformat.read(ROOT / "exercises" / f"{chapter}.ipynb", as_version=4)


def answering(chapter: str, questions: list[str], answers: dict[str, str] | None = None) -> nbformat.NotebookNode:
    """The notebook with only `questions` answered (the master's answers, or `answers`); the rest left blank."""
    nb, skeleton = submission(chapter, answers), blank(chapter)
    for cell, empty in zip(nb.cells, skeleton.cells):
        if "otter_answer_cell" in cell.metadata.get("tags", []) and cell.cell_type == "code":
            check = next(c.source for c in nb.cells[nb.cells.index(cell) + 1 :] if c.source.startswith("grader.check("))
            if check.split('"')[1] not in questions:
                cell.source = empty.source
    return nb


def with_cell(nb: nbformat.NotebookNode, before: str | None, source: str) -> nbformat.NotebookNode:
    """Insert a code cell before the first cell whose source starts with `before` (at the end if None)."""
    index = len(nb.cells) if before is None else next(i for i, c in enumerate(nb.cells) if c.source.startswith(before))
    nb.cells.insert(index, nbformat.v4.new_code_cell(source))
    return nb


@dataclass
class Hostile:
    name: str
    chapter: str
    build: Callable[[], nbformat.NotebookNode]
    points: dict[str, float]  # what its honest work earns, per auto-graded question
    reasons: list[str] = field(default_factory=list)  # words every auto-graded row's reason must contain
    last_reason: str = ""  # words the reason of the last question not earned must contain


PATCH_OTTER = """\
import otter.test_files.exception_test as et

def always_pass(self, global_environment):
    self.test_case_results = [et.TestCaseResult(test_case=tc, message="passed", passed=True) for tc in self.test_cases]

et.ExceptionTestFile.run = always_pass
"""

WRITE_TESTS = """\
_g_note = lambda *args: None  # the old grader's tamper note
import pathlib

ALWAYS = 'from otter.test_files import test_case\\nOK_FORMAT = False\\nname = "{q}"\\npoints = 3\\n' \\
    '@test_case(points=3, hidden=False)\\ndef t():\\n    pass\\n'
for q in ["q1", "q2", "q3"]:
    for folder in [pathlib.Path("tests"), pathlib.Path(grader._tests_dir)]:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{q}.py").write_text(ALWAYS.format(q=q))
        except OSError:
            pass
grader.check("q1")
"""

EXEC_SOLUTIONS = """\
import json, os, pathlib
import psutil

places = set()
for process in [psutil.Process(), *psutil.Process().parents(), *psutil.process_iter()]:
    try:
        places.add(pathlib.Path(process.cwd()))
        places.update(pathlib.Path(a).parent for a in process.cmdline() if a.startswith("/"))
    except Exception:
        pass
for place in list(places):
    places.update(place.parents)
for place in places:
    master = place / "solutions" / "01_argmax.ipynb"
    if master.is_file():
        for cell in json.loads(master.read_text())["cells"]:
            if cell["cell_type"] == "code" and "grader" not in "".join(cell["source"]):
                try:
                    exec("".join(cell["source"]), globals())
                except Exception:
                    pass
"""

PATCH_CHECKS = """\
import numpy as np
import helpers.feedback

helpers.feedback.verdict = lambda *args, **kwargs: None
helpers.feedback.call = lambda where, function, *args, **kwargs: None
np.allclose = lambda *args, **kwargs: True
np.array_equal = lambda *args, **kwargs: True
"""

DETACHED = f"""\
import os, subprocess, sys, textwrap

REWRITE = textwrap.dedent('''
    import glob, time
    time.sleep(2)
    for path in glob.glob("/**/grades.csv", recursive=True) + glob.glob("/**/summary.csv", recursive=True):
        text = open(path).read().replace(",0,3,", ",3,3,")
        open(path, "w").write(text + "alice,01_argmax,q1,0,3,plagiarism,x\\\\n")
''')
subprocess.Popen([sys.executable, "-c", REWRITE, "{MARKER}"], start_new_session=True,
                 stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
if os.fork() == 0:  # and a classic daemon: fork, new session, fork again
    os.setsid()
    if os.fork() == 0:
        os.execv(sys.executable, [sys.executable, "-c", REWRITE, "{MARKER}"])
    os._exit(0)
"""

KILL_OTHERS = """\
import os, signal
import psutil

mine = {int(t) for t in os.listdir("/proc/self/task")}  # its own threads: kill(thread id) would end itself
for process in psutil.process_iter():
    if process.pid not in mine:
        try:
            process.kill()
        except Exception:
            pass
for pid in range(1, 4000):
    if pid not in mine:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
"""

READ_EVERYTHING = """\
import json, os, pathlib

SKIP = {"proc", "sys", "dev", "usr", "site-packages", ".pyenv", ".venv", "node_modules", ".git"}
copied = []
for top, folders, files in os.walk("/"):
    folders[:] = [f for f in folders if f not in SKIP]
    for name in files:
        path = pathlib.Path(top, name)
        try:
            text = path.read_text()
        except Exception:
            continue
        answered = "def my_argmax" in text and "...\\\\n" not in text.split("def my_argmax")[1][:300]
        if path.suffix == ".ipynb" and answered:
            for cell in json.loads(text)["cells"]:  # someone's answers: take them
                if cell["cell_type"] == "code" and "grader" not in "".join(cell["source"]):
                    try:
                        exec("".join(cell["source"]), globals())
                        copied.append(str(path))
                    except Exception:
                        pass
        if path.suffix in (".zip", ".csv") or "hidden=True" in text:
            copied.append(str(path))
for folder in ["/", "/work", "/root", "/tmp", "/home", os.path.dirname(os.getcwd())]:
    try:
        pathlib.Path(folder, "written-by-a-learner").write_text("x")
        copied.append(folder)
    except OSError:
        pass
"""

SWITCH_OFF_LIMITS = """\
import signal, sys

signal.alarm(0)
signal.signal(signal.SIGALRM, signal.SIG_IGN)
signal.signal(signal.SIGINT, signal.SIG_IGN)
sys.stdout = getattr(sys.stdout, "_g_stream", sys.stdout)
"""

FLOOD_FD = """\
import os
for i in range(200_000):
    os.write(1, b"spam " * 200)
"""

FLOOD_DISPLAY = """\
"spam " * 3_000_000
"""

FORK_BOMB = """\
import os, time
children = 0
try:
    for _ in range(10_000):
        if os.fork() == 0:
            time.sleep(600)
            os._exit(0)
        children += 1
except OSError as error:
    print("stopped after", children, error)
"""

MEMORY_BOMB = """\
hoard = []
while True:
    hoard.append(bytearray(200 * 2**20))
"""

DISK_AND_NETWORK = """\
import socket, subprocess, sys
for place in ["/tmp", "."]:
    try:
        for i in range(1000):
            with open(f"{place}/fill-{i}", "wb") as f:
                f.write(b"x" * 10 * 2**20)
    except OSError as error:
        print(place, error)
for address in [("8.8.8.8", 53), ("pypi.org", 443)]:
    try:
        socket.create_connection(address, timeout=2)
    except OSError as error:
        print(address, error)
subprocess.run([sys.executable, "-m", "pip", "install", "--retries", "0", "--timeout", "2", "requests"])
"""

# my_argmax, right, but doing something else when a hidden test calls it (the public check uses short lists)
WHEN_GRADED = """\
import os, time

def my_argmax(scores):
    if len(scores) > 50:
        {action}
    best = 0
    for i in range(1, len(scores)):
        if scores[i] > scores[best]:
            best = i
    return best
"""
EXITS_WHEN_GRADED = WHEN_GRADED.format(action="os._exit(0)")
# It hangs asleep: the grader stops a call by the clock, busy or not (switches-off-limits below loops busy).
LOOPS_WHEN_GRADED = WHEN_GRADED.format(action="while True:\n            time.sleep(1)")

ALWAYS_EQUAL = """\
class Anything(int):
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False
    __hash__ = int.__hash__

class Everything(list):
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False

def my_argmax(scores):
    return Anything(0)
"""

ALWAYS_EQUAL_Q2 = "def predict(logits, class_names):\n    return Everything(['x'])\n"
ALWAYS_EQUAL_Q3 = "q3_index = Anything(7)\nq3_value = Anything(7)\nq3_prob_index = Anything(7)\n"

WRONG_SOFTMAX = {
    "q1": "def softmax(z):\n    return np.zeros_like(z)\n",
    "q2": "def log_softmax(z):\n    return np.zeros_like(z)\n",
    "q3": "q3_p = np.array([0.81, 0.164, 0.027])\nq3_twice = np.array([0.471, 0.288, 0.241])\n",
}
RIGHT = solutions(ARGMAX)
NONE = {"q1": 0, "q2": 0, "q3": 0}
ALL = {"q1": 3, "q2": 3, "q3": 2}

HOSTILE = [
    Hostile(
        "patches-otter",
        ARGMAX,
        lambda: with_cell(blank(ARGMAX), "import numpy", PATCH_OTTER),
        NONE,
        ["patches otter's test runner"],
    ),
    Hostile(
        "writes-passing-tests",
        ARGMAX,
        lambda: with_cell(blank(ARGMAX), None, WRITE_TESTS),
        NONE,
        ["switches off the old grader's guards", "writes or reads test files"],
    ),
    Hostile(
        "execs-solutions",
        ARGMAX,
        lambda: with_cell(blank(ARGMAX), "import numpy", EXEC_SOLUTIONS),
        NONE,
        ["looks for the grader's processes", "looks for solutions"],
    ),
    Hostile(
        "patches-checks",
        SOFTMAX,
        lambda: with_cell(submission(SOFTMAX, WRONG_SOFTMAX), 'grader.check("q1")', PATCH_CHECKS),
        {"q1": 0, "q2": 0, "q3": 0},
        ["patches checks"],
    ),
    Hostile(
        "detached-rewriter",
        ARGMAX,
        lambda: with_cell(answering(ARGMAX, ["q1"]), 'grader.check("q2")', DETACHED),
        {"q1": 3, "q2": 0, "q3": 0},
        ["starts processes meant to outlive it"],
    ),
    Hostile(
        "kills-others",
        ARGMAX,
        lambda: with_cell(submission(ARGMAX), None, KILL_OTHERS),
        ALL,
        ["sends or blocks signals", "looks for the grader's processes"],
    ),
    Hostile("reads-everything", ARGMAX, lambda: with_cell(blank(ARGMAX), "import numpy", READ_EVERYTHING), NONE),
    Hostile(
        "switches-off-limits",
        ARGMAX,
        lambda: submission(ARGMAX, {"q3": SWITCH_OFF_LIMITS + "while True:\n    pass\n"}),
        {"q1": 3, "q2": 3, "q3": 0},
        ["sends or blocks signals", "bypasses the output capture"],
        "did not stop when interrupted",
    ),
    Hostile(
        "floods-around-the-cap",
        ARGMAX,
        lambda: with_cell(
            with_cell(submission(ARGMAX), 'grader.check("q2")', FLOOD_FD), 'grader.check("q3")', FLOOD_DISPLAY
        ),
        ALL,
        ["printed more than", "bypasses the output capture"],
    ),
    Hostile("fork-bomb", ARGMAX, lambda: with_cell(submission(ARGMAX), 'grader.check("q3")', FORK_BOMB), ALL),
    Hostile(
        "memory-bomb",
        ARGMAX,
        lambda: with_cell(submission(ARGMAX), 'grader.check("q2")', MEMORY_BOMB),
        ALL,  # the kernel is started again without the cell that was killed, and the answers after it count
        ["used more than", "the kernel was started again"],
    ),
    Hostile(
        "disk-and-network", ARGMAX, lambda: with_cell(submission(ARGMAX), 'grader.check("q3")', DISK_AND_NETWORK), ALL
    ),
    Hostile(
        "exits-when-graded",
        ARGMAX,
        lambda: submission(ARGMAX, {"q1": EXITS_WHEN_GRADED}),
        {"q1": 1.5, "q2": 0, "q3": 0},
        ["ends or crashes the kernel"],
        "ended the kernel (exit code 0)",
    ),
    Hostile(
        "loops-when-graded",
        ARGMAX,
        lambda: submission(ARGMAX, {"q1": LOOPS_WHEN_GRADED}),
        {"q1": 1.5, "q2": 3, "q3": 2},
        last_reason="was stopped",
    ),
    Hostile(
        "always-equal-objects",
        ARGMAX,
        lambda: submission(ARGMAX, {"q1": ALWAYS_EQUAL, "q2": ALWAYS_EQUAL_Q2, "q3": ALWAYS_EQUAL_Q3}),
        NONE,
    ),
]
