"""`make grade`: grading/grade.py grades a folder of notebooks in sandboxes, hidden tests included.

One class of submissions, honest and hostile, is graded in ONE run (module fixture), and its honest part again in a
run of its own; every test reads the CSVs they wrote:
- every attack in tests/hostile_submissions.py gets exactly the points its honest work earns, with a reason that
  names what it tried where that can be told; every honest learner gets the grade it gets without them;
- no process and no file of the run outlives it;
- valid work is never zeroed: a crash keeps the points earned before it, a notebook without metadata or with another
  kernel is graded, the newest of two copies is graded, a missing package is named, manual answers are exported;
- the sandbox itself, directly: what a kernel can see, reach and use.
"""

from __future__ import annotations

import csv
import hashlib
import html
import os
import signal
import subprocess
import sys
import time
import zipfile
from collections import defaultdict
from pathlib import Path

import nbformat
import numpy as np
import psutil
import pytest
from exercise_mistakes import ALTERNATIVES, MISTAKES, PROMISED, ROOT, regenerated, solutions, submission
from hostile_submissions import ARGMAX, EXEC_SOLUTIONS, HOSTILE, MARKER, with_cell

sys.path.insert(0, str(ROOT / "grading"))
import outputs  # noqa: E402
import runner  # noqa: E402
import sandbox  # noqa: E402
import wire  # noqa: E402

GRADE = [sys.executable, str(ROOT / "grading" / "grade.py")]
# The output cap is low, so that the floods below are caught fast, but above what a correct notebook sends back: a
# reply to the grader echoes the arrays it was called with (chapter 8's tests send 1,500 x 3 logits: about 50 kB).
OPTIONS = ["--jobs", "2", "--cell-timeout", "20", "--timeout", "150", "--max-output", "200000", "--memory", "1000"]
CHAPTERS = sorted(p.stem for p in (ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))
# One wrong answer per (chapter, question), covering every promised mistake; the rest are checked in process
# by tests/test_exercises.py.
PIPELINE = [
    "argmax-returns-value",
    "predict-off-by-one",
    "seed-index-is-value",
    "softmax-no-max-subtraction",
    "log-softmax-log10",
    "seed002-printed-probabilities",
    "ce-softmax-twice",
    "ce-from-logits-sum",
    "probabilities-given-to-logits-loss",
    "multilabel-log-of-sigmoid",
    "kl-arguments-swapped",
    "jacobian-diagonal-only",
    "ce-grad-sign",
    "smoothing-eps-over-c-minus-1",
    "se-grad-without-jacobian",
    "iris-ce-log10",
    "neuron-without-x",
    "error-wrong-axis",
    "mse-sum-over-batch",
    "nn-ce-log2",
    "rnn-no-tanh",
    "rnn-state-not-carried",
    "tokens-split-on-spaces",
    "ece-unweighted-mean-of-bins",
    "calibration-temperature-fitted-on-test",  # 08 q3 uses q2's fit_temperature: it stays right here
]
BY_ID = {m[0]: m for m in MISTAKES}
CAROL = ["softmax-scipy", "cross-entropy-torch", "rnn-state-in-place-tuple-tokens", "calibration-loops-torch"]
MANUAL_ANSWER = "Argmax is a step function of the logits: its derivative is 0 almost everywhere."


def write(folder: Path, name: str, nb: nbformat.NotebookNode) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / name)
    return folder / name


def read_rows(path: Path) -> list[dict]:
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def honest_class(folder: Path) -> None:
    """Learners whose work is honest: right, wrong, written differently, without metadata, saved twice."""
    for chapter in CHAPTERS:
        alice = submission(chapter)
        if chapter == ARGMAX:
            index = next(i for i, c in enumerate(alice.cells) if "Type your answer here" in c.source)
            alice.cells[index].source = MANUAL_ANSWER
        write(folder / "alice", f"{chapter}.ipynb", alice)
    wrong = defaultdict(dict)
    for mistake in PIPELINE:
        _, chapter, question, code, _ = BY_ID[mistake]
        assert question not in wrong[chapter], f"two mistakes for {chapter} {question}"
        wrong[chapter][question] = code
    for chapter, answers in wrong.items():
        write(folder, f"wrong_{chapter}.ipynb", submission(chapter, answers))
    alternatives = {a[0]: a for a in ALTERNATIVES}
    for name in CAROL:
        _, chapter, answers = alternatives[name]
        write(folder / "carol", f"{chapter}.ipynb", submission(chapter, answers))
    dave = submission("02_softmax")  # downloaded from somewhere else: no otter metadata, another kernel
    dave.metadata.pop("otter")
    dave.metadata["kernelspec"] = {"name": "conda-env-ml-py", "display_name": "Python [conda env:ml]"}
    write(folder, "dave_02_softmax.ipynb", dave)
    older = write(folder / "erin", "02_softmax.ipynb", submission("02_softmax", {"q1": BY_ID["softmax-twice"][3]}))
    os.utime(older, (time.time() - 3600, time.time() - 3600))
    write(folder / "erin", "02_softmax-Copy1.ipynb", submission("02_softmax"))


def valid_work(folder: Path) -> None:
    """Notebooks with something broken in them, whose other work must still count."""
    right = solutions(ARGMAX)
    raises = submission(ARGMAX, {"q2": 'raise RuntimeError("my code is broken")\n' + right["q2"]})
    write(folder, f"raises_{ARGMAX}.ipynb", raises)
    no_checks = submission(ARGMAX)
    no_checks.cells = [c for c in no_checks.cells if not c.source.startswith("grader.check(")]
    write(folder, f"nochecks_{ARGMAX}.ipynb", no_checks)
    crashes = with_cell(submission(ARGMAX), 'grader.check("q2")', "import os\nos._exit(1)")
    write(folder, f"crashes_{ARGMAX}.ipynb", crashes)
    scipy = "from nonexistent_package import softmax\n"
    write(folder, "frank_02_softmax.ipynb", submission("02_softmax", {"q1": scipy}))
    (folder / "essay.txt").write_text("I did the exercises on paper.")
    (folder / f"bob_{ARGMAX}.ipynb").write_text("{this is not json")
    write(folder, f"=HYPERLINK(0)_{ARGMAX}.ipynb", submission(ARGMAX))


def run_grader(folder: Path, grades: Path, scratch: Path) -> str:
    """grade.py on `folder`, with the autograder zips `make exercises` makes now (shared with tests/test_exercises.py;
    the test below checks that grade.py makes the same when they are missing)."""
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch)}
    options = ["--grades", str(grades), "--autograder", str(regenerated() / "autograder"), *OPTIONS]
    done = subprocess.run(GRADE + [str(folder), *options], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def leftovers(scratch: Path) -> list[str]:
    """Processes of a grading run (its sandboxes, or what an attack started) still alive."""
    found = []
    for process in psutil.process_iter(["pid", "cmdline"]):
        command = " ".join(process.info["cmdline"] or [])
        if str(scratch) in command or MARKER in command:
            found.append(f"{process.info['pid']}: {command[:200]}")
    return found


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The whole class (honest, hostile, broken) in one run; its honest part again, alone."""
    base = tmp_path_factory.mktemp("grading")
    folder = base / "class"
    honest_class(folder)
    valid_work(folder)
    for hostile in HOSTILE:
        write(folder, f"{hostile.name}_{hostile.chapter}.ipynb", hostile.build())
    start = time.monotonic()
    stdout = run_grader(folder, base / "grades", base / "scratch")
    seconds = time.monotonic() - start
    after = leftovers(base / "scratch")
    scratch_files = sorted(str(p) for p in (base / "scratch").rglob("*"))
    digest = hashlib.sha256((base / "grades" / "grades.csv").read_bytes()).hexdigest()
    alone = base / "alone"
    honest_class(alone)
    run_grader(alone, base / "grades-alone", base / "scratch-alone")  # meanwhile, a survivor would rewrite grades
    return dict(
        rows=read_rows(base / "grades" / "grades.csv"),
        summary=read_rows(base / "grades" / "summary.csv"),
        files=read_rows(base / "grades" / "files.csv"),
        alone=read_rows(base / "grades-alone" / "grades.csv"),
        grades=base / "grades",
        stdout=stdout,
        seconds=seconds,
        notebooks=len(list(folder.rglob("*.ipynb"))),
        leftovers=after + leftovers(base / "scratch") + leftovers(base / "scratch-alone"),
        scratch_files=scratch_files,
        digest=digest,
    )


def test_the_grader_makes_a_missing_autograder_zip_as_make_exercises_does(tmp_path):
    made = runner.ensure_autograder(ARGMAX, tmp_path)
    with zipfile.ZipFile(made) as ours, zipfile.ZipFile(regenerated() / "autograder" / made.name) as theirs:
        assert sorted(ours.namelist()) == sorted(theirs.namelist())
        assert all(ours.read(name) == theirs.read(name) for name in ours.namelist() if name.startswith("tests/"))
    before = made.stat().st_mtime_ns
    assert runner.ensure_autograder(ARGMAX, tmp_path) == made and made.stat().st_mtime_ns == before  # kept: up to date


def rows_of(graded, learner, chapter=ARGMAX):
    return {r["question"]: r for r in graded["rows"] if r["learner"] == learner and r["chapter"] == chapter}


@pytest.mark.parametrize("hostile", HOSTILE, ids=[h.name for h in HOSTILE])
def test_an_attack_gets_exactly_what_its_honest_work_earns(graded, hostile):
    rows = rows_of(graded, hostile.name, hostile.chapter)
    assert {q: float(rows[q]["points"]) for q in hostile.points} == hostile.points, rows
    for words in hostile.reasons:  # said once, in the notebook's own row
        assert words in rows[""]["reason"], (words, rows[""]["reason"])
    for q in hostile.points:
        if hostile.last_reason and float(rows[q]["points"]) < float(rows[q]["max_points"]):
            assert hostile.last_reason in rows[q]["reason"], (q, rows[q]["reason"])


def test_honest_learners_get_the_grades_they_get_without_the_attacks(graded):
    alone = {(r["learner"], r["chapter"], r["question"], r["notebook"]): r for r in graded["alone"]}
    together = {(r["learner"], r["chapter"], r["question"], r["notebook"]): r for r in graded["rows"]}
    assert alone and set(alone) <= set(together)
    changed = [(key, alone[key], together[key]) for key in alone if alone[key] != together[key]]
    assert not changed, changed[:3]


def test_no_process_and_no_file_of_the_run_outlives_it(graded):
    assert graded["leftovers"] == []
    assert graded["scratch_files"] == []
    assert hashlib.sha256((graded["grades"] / "grades.csv").read_bytes()).hexdigest() == graded["digest"]
    assert not [p for p in psutil.process_iter(["cmdline"]) if MARKER in " ".join(p.info["cmdline"] or [])]


def test_grading_is_parallel_and_quick(graded):
    per_notebook = graded["seconds"] / graded["notebooks"]
    print(f"{graded['notebooks']} notebooks in {graded['seconds']:.0f} s: {per_notebook:.1f} s each on 2 cores")
    assert per_notebook < 15  # loose: the machine is shared (tests/grading_benchmark.py measures a class)


def test_a_correct_submission_gets_full_points_in_every_chapter(graded):
    for chapter in CHAPTERS:
        for r in rows_of(graded, "alice", chapter).values():
            if r["points"] == "":
                assert "manually graded" in r["reason"]
            else:
                assert (r["points"], r["reason"]) == (r["max_points"], ""), r


def test_correct_answers_written_differently_get_full_points(graded):
    alternatives = {a[0]: a for a in ALTERNATIVES}
    for name in CAROL:
        for r in rows_of(graded, "carol", alternatives[name][1]).values():
            assert r["points"] in ("", r["max_points"]), r


@pytest.mark.parametrize("mistake", PIPELINE)
def test_each_wrong_answer_loses_its_points_with_the_message_naming_it(graded, mistake):
    _, chapter, question, _, fragment = BY_ID[mistake]
    r = rows_of(graded, "wrong", chapter)[question]
    assert float(r["points"]) < float(r["max_points"]) and fragment in r["reason"], r
    assert "Error at line" not in r["reason"] and "verdict(" not in r["reason"]


def test_the_promised_mistakes_all_go_through_the_grader():
    assert set(PROMISED.values()) <= set(PIPELINE)


def test_a_cell_that_raises_costs_only_what_needs_it(graded):
    rows = rows_of(graded, "raises")
    assert (rows["q1"]["points"], rows["q3"]["points"]) == ("3", "2")
    assert rows["q2"]["points"] == "0" and "predict is not defined" in rows["q2"]["reason"]
    assert "raised RuntimeError: my code is broken" in rows["q2"]["reason"]


def test_without_check_cells_every_question_is_graded_at_the_end(graded):
    assert [rows_of(graded, "nochecks")[q]["points"] for q in ["q1", "q2", "q3"]] == ["3", "3", "2"]


def test_points_earned_before_the_kernel_dies_stand(graded):
    rows = rows_of(graded, "crashes")
    assert rows["q1"]["points"] == "3", rows["q1"]
    for q in ["q2", "q3"]:
        assert rows[q]["points"] == "0", rows[q]
        assert "not graded: cell 9 (`import os`) ended the kernel (exit code 1)" in rows[q]["reason"], rows[q]


def test_a_missing_package_is_named(graded):
    r = rows_of(graded, "frank", "02_softmax")["q1"]
    assert r["points"] == "0" and "No module named 'nonexistent_package'" in r["reason"], r


def test_a_notebook_without_metadata_and_with_another_kernel_is_graded(graded):
    rows = rows_of(graded, "dave", "02_softmax")
    assert [rows[q]["points"] for q in ["q1", "q2", "q3"]] == ["4", "4", "2"], rows


def test_only_the_newest_notebook_of_a_learner_and_chapter_is_graded(graded):
    rows = [r for r in graded["rows"] if r["learner"] == "erin"]
    assert {r["notebook"] for r in rows} == {"erin/02_softmax-Copy1.ipynb"}
    assert [r["points"] for r in rows if r["points"]] == ["4", "4", "2"]
    files = [f for f in graded["files"] if f["learner"] == "erin"]
    older = next(f for f in files if f["file"] == "erin/02_softmax.ipynb")
    assert older["status"] == "not graded" and "erin/02_softmax-Copy1.ipynb is a later attempt" in older["reason"]
    assert "the newest by file time" in older["reason"]
    summary = [s for s in graded["summary"] if s["learner"] == "erin"]
    assert [(s["points"], s["max_points"], s["attempt"]) for s in summary] == [("10", "12", "2 of 2")]


def test_a_file_that_is_not_a_notebook_is_listed_and_a_broken_notebook_scores_zero(graded):
    assert not [r for r in graded["rows"] if r["learner"] == "essay"]
    essay = next(f for f in graded["files"] if f["file"] == "essay.txt")
    assert (essay["status"], essay["reason"]) == ("not graded", "not graded: not a notebook (.txt)")
    for r in rows_of(graded, "bob").values():
        assert r["points"] == "0" and "not a readable notebook" in r["reason"]


def test_text_from_a_submission_cannot_become_a_spreadsheet_formula(graded):
    learners = {r["learner"] for r in graded["rows"]}
    assert "'=HYPERLINK(0)" in learners and not any(name.startswith(("=", "+", "-", "@")) for name in learners)


def test_manual_answers_are_exported_for_the_instructor(graded):
    rows = rows_of(graded, "alice")
    assert rows["q4"]["points"] == "" and rows["q4"]["max_points"] == "2"
    text = (graded["grades"] / f"manual_{ARGMAX}.md").read_text()
    assert "## q4 (2 points)" in text and ". alice (alice/01_argmax.ipynb)" in text and f"> {MANUAL_ANSWER}" in text
    assert ". raises (raises_01_argmax.ipynb)" in text and "> (no answer)" in text
    assert sorted(p.name for p in graded["grades"].glob("manual_*.md")) == [f"manual_{c}.md" for c in CHAPTERS]


def test_the_summary_has_a_row_per_learner_and_notebook(graded):
    summary = {(s["learner"], s["chapter"], s["notebook"]): s for s in graded["summary"]}
    alice = summary[("alice", ARGMAX, "alice/01_argmax.ipynb")]
    assert (alice["points"], alice["max_points"], alice["manual_to_grade"]) == ("8", "10", "1")
    assert alice["complete"] == "no: 1 manual question(s) to grade in manual_scores.csv"
    assert "notebook(s) graded" in graded["stdout"]


# -- the attacks are real: outside the sandbox they work ---------------------------------------------------------


def test_the_solutions_attack_works_where_the_checkout_is_visible(tmp_path):
    """Run from the learner notebooks' folder of a checkout (as on Binder), the attack finds solutions/ through its
    own process and defines the answers: only the sandbox stops it."""
    code = EXEC_SOLUTIONS + "\nprint(my_argmax([1.0, 5.0, 2.0]))\n"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT / "exercises", capture_output=True, text=True)
    assert done.stdout.strip() == "1", done.stderr


# -- the sandbox itself ----------------------------------------------------------------------------------------------


@pytest.fixture
def box(tmp_path):
    empty = tmp_path / "empty.ipynb"
    empty.write_text('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    limits = sandbox.Limits(cell_timeout=10, memory=600 * 2**20, grace=2)
    with sandbox.Sandbox(
        tmp_path / "box", empty, ROOT / "helpers", ROOT / "exercises" / "tests" / ARGMAX, ARGMAX, limits
    ) as b:
        yield b


def run(box, code: str) -> str:
    outcome = box.run(code, timeout=box.limits.cell_timeout)
    assert outcome.status == "ok", (outcome, box.log[-2000:])
    return outcome.text


def test_the_sandbox_shows_only_python_helpers_the_public_tests_and_the_notebook(box):
    shown = run(
        box,
        "import os\n"
        "for top, folders, files in os.walk('/'):\n"
        "    skip = ('proc', 'sys', 'dev', 'usr', '.venv', '.pyenv')\n"
        "    folders[:] = [f for f in folders if f not in skip]\n"
        "    for name in files:\n"
        "        print(os.path.join(top, name))\n",
    )
    files = shown.split()
    assert any(f.endswith(f"course/exercises/{ARGMAX}.ipynb") for f in files)
    assert any(f.endswith(f"course/exercises/tests/{ARGMAX}/q1.py") for f in files)
    checkout = [f for f in files if f.startswith(str(ROOT)) and not f.startswith(str(ROOT / ".venv"))]
    assert not checkout and not [f for f in files if "solutions" in f or f.endswith((".zip", "grades.csv"))]
    assert "hidden=True" not in run(box, f"print(open('tests/{ARGMAX}/q1.py').read())")
    # otter is the grader's stand-in (grading/otter_stand_in): the set-up cell needs only otter.Notebook
    assert run(box, "import otter\nprint(otter.__file__)").strip().endswith("course/otter/__init__.py")


def test_the_sandbox_has_no_network_no_other_process_no_privilege(box):
    out = run(
        box,
        "import os, socket, psutil\n"
        "try:\n"
        "    socket.create_connection(('1.1.1.1', 80), timeout=2)\n"
        "except OSError as e:\n"
        "    print('network:', e.errno)\n"
        "print('pids:', sorted(p.pid for p in psutil.process_iter()))\n"
        "print('uid:', os.getuid())\n"
        "print('caps:', [l.split()[1] for l in open('/proc/self/status') if l.startswith('CapEff')][0])\n"
        "for path in ['/home/learner/course/helpers/x', '/etc/x', '/usr/x']:\n"
        "    try:\n"
        "        open(path, 'w')\n"
        "    except OSError as e:\n"
        "        print('write:', e.errno)\n",
    )
    assert "network: 101" in out
    assert "pids: [1, 2]" in out
    assert "uid: 0" not in out and "caps: 0000000000000000" in out
    assert out.count("write:") == 3


def test_the_sandbox_limits_processes_files_and_memory(box):
    out = run(
        box,
        "import os, resource\n"
        "names = ['NPROC', 'FSIZE', 'AS', 'CORE']\n"
        "print({n: resource.getrlimit(getattr(resource, 'RLIMIT_' + n))[0] for n in names})\n"
        "try:\n"
        "    open('/tmp/big', 'wb').write(b'x' * (100 * 2**20))\n"
        "except OSError as e:\n"
        "    print('file:', e.errno)\n",
    )
    limits = box.limits
    assert f"'NPROC': {limits.processes}, 'FSIZE': {limits.file_size}, 'AS': {limits.address_space}, 'CORE': 0" in out
    assert "file: 27" in out  # EFBIG
    outcome = box.run("hoard = [bytearray(100 * 2**20) for _ in range(20)]", timeout=10)
    assert outcome.died and "used more than 600 MB of memory" in box.dead_reason


def test_killing_the_sandbox_kills_everything_it_started(box):
    run(
        box,
        "import subprocess, sys\n"
        f"subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)', '{MARKER}-kill'],"
        " start_new_session=True)\n",
    )
    assert [p for p in psutil.process_iter(["cmdline"]) if f"{MARKER}-kill" in " ".join(p.info["cmdline"] or [])]
    os.kill(box.process.pid, signal.SIGKILL)  # bwrap itself
    box.process.wait()
    time.sleep(0.5)
    assert not [p for p in psutil.process_iter(["cmdline"]) if f"{MARKER}-kill" in " ".join(p.info["cmdline"] or [])]


def test_when_the_grader_dies_its_sandboxes_die_with_it(tmp_path):
    """--die-with-parent: a grader killed with SIGKILL leaves no kernel and nothing a kernel started."""
    script = tmp_path / "grader.py"
    script.write_text(
        "import sys, time, pathlib\n"
        f"sys.path.insert(0, {str(ROOT / 'grading')!r})\n"
        "import sandbox\n"
        f"scratch = pathlib.Path({str(tmp_path)!r})\n"
        '(scratch / \'e.ipynb\').write_text(\'{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\')\n'
        f"box = sandbox.Sandbox(scratch / 'box', scratch / 'e.ipynb', pathlib.Path({str(ROOT / 'helpers')!r}), None,"
        " 'x', sandbox.Limits())\n"
        "box.run(\"import subprocess, sys; subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)',"
        f" '{MARKER}-orphan'], start_new_session=True)\", timeout=20)\n"
        "print('ready', flush=True)\n"
        "time.sleep(600)\n"
    )
    grader = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    assert grader.stdout.readline().strip() == "ready"
    assert leftovers(tmp_path / "box") and [
        p for p in psutil.process_iter(["cmdline"]) if f"{MARKER}-orphan" in " ".join(p.info["cmdline"] or [])
    ]
    grader.kill()
    grader.wait()
    time.sleep(1)
    assert leftovers(tmp_path / "box") == []
    assert not [p for p in psutil.process_iter(["cmdline"]) if f"{MARKER}-orphan" in " ".join(p.info["cmdline"] or [])]


def test_a_cell_is_stopped_from_outside_whatever_it_does_to_signals_and_output(box):
    box.limits.cell_timeout = 2
    outcome = box.run("import signal\nsignal.alarm(0)\nwhile True:\n    pass\n", timeout=2)
    assert outcome.timed_out and outcome.error[0] == "KeyboardInterrupt" and box.alive()
    outcome = box.run("import os\nfor _ in range(10**6):\n    os.write(1, b'x' * 1000)\n", timeout=10)
    assert outcome.flooded and box.alive()
    box.settle()
    outcome = box.run("signal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass\n", timeout=2)
    assert outcome.died and box.dead_reason == "ran past its time limit and did not stop when interrupted"


def test_only_data_crosses_the_boundary():
    """The grader decodes what the kernel sends with numpy's allow_pickle=False and known tags only."""
    import base64
    import io
    import pickle

    import numpy as np

    for value in [
        1,
        2.5,
        float("nan"),
        "text",
        None,
        True,
        [1, (2, 3)],
        {"NN1": (0.5, 1)},
        np.arange(4.0),
        np.float32(1.5),
        {1, 2},
        range(3),
    ]:
        back = wire.decode(wire.encode(value))
        assert type(back) is type(value) and repr(back) == repr(value)
    buffer = io.BytesIO()
    np.save(buffer, np.array([object()], dtype=object), allow_pickle=True)
    hostile = [
        {"t": "ndarray", "v": base64.b64encode(buffer.getvalue()).decode()},
        {"t": "pickle", "v": base64.b64encode(pickle.dumps(object())).decode()},
        {"t": "int", "v": "9" * 5000},
        {"t": "list", "v": [{"t": "none"}] * (wire.MAX_ITEMS + 1)},
        {"t": "str", "v": "x" * (wire.MAX_BYTES + 1)},
        "not tagged",
    ]
    for data in hostile:
        with pytest.raises((ValueError, wire.WireError)):
            wire.decode(data)
    nested: dict = {"t": "none"}
    for _ in range(wire.MAX_DEPTH + 2):
        nested = {"t": "list", "v": [nested]}
    with pytest.raises(wire.WireError):
        wire.decode(nested)
    assert isinstance(wire.decode(wire.encode(object())), wire.Unreadable)


def test_the_learner_function_runs_in_the_kernel_on_data_and_in_place_changes_come_back(box):
    import numpy as np

    sys.path.insert(0, str(ROOT / "grading"))
    import scoring

    run(box, "import numpy as np\ndef f(a, n):\n    a *= 2\n    return a.sum() + n, (1, 'x')\nvalue = {'k': [1.5]}\n")
    learner = scoring.Learner(box)
    learner.install()
    learner.left = 10
    f = learner.lookup("f")
    array = np.array([1.0, 2.0])
    assert f(array, 1) == (7.0, (1, "x")) and array.tolist() == [2.0, 4.0]
    assert learner.lookup("value") == {"k": [1.5]} and learner.lookup("missing") is None
    with pytest.raises(TypeError, match="unsupported operand"):
        f(None, 1)


def test_the_feedback_to_hand_back_shows_no_hidden_test_code_input_or_expected_value(graded):
    """Every learner's feedback/<learner>/<chapter>.html: points per question, and for a hidden test only its advice
    (helpers.feedback.fail), never a line of its source, what it was called with or what it expected."""
    hidden_lines = set()
    for chapter in CHAPTERS:
        with zipfile.ZipFile(regenerated() / "autograder" / f"{chapter}.zip") as z:
            for name in z.namelist():
                if name.startswith("tests/") and name.endswith(".py"):
                    source = z.read(name).decode()
                    hidden = source.split("hidden=True", 1)[1] if "hidden=True" in source else ""
                    hidden_lines |= {line.strip() for line in hidden.splitlines() if len(line.strip()) > 24}
    pages = list((graded["grades"] / "feedback").rglob("*.html"))
    assert len(pages) >= len({(r["learner"], r["chapter"]) for r in graded["rows"] if r["question"]}) - 1
    leaks = []
    for r in graded["rows"]:
        page = graded["grades"] / "feedback" / grade_folder(r) / f"{r['chapter']}.html"
        if not page.is_file():
            continue
        text = html.unescape(page.read_text())
        # what a hidden case was called with, as the instructor's reason shows it: "hidden test: softmax([...]) gave"
        calls = [m.removeprefix("hidden test: ").split(" gave ")[0] for m in r["reason"].split(" | ")]
        calls = [
            c
            for m, c in zip(r["reason"].split(" | "), calls)
            if m.startswith("hidden test: ") and " gave " in m and "(" in c
        ]
        leaks += [(page.name, c) for c in calls if c in text]
        leaks += [(page.name, line) for line in hidden_lines if line in text]
    assert not leaks, leaks[:5]
    wrong = html.unescape((graded["grades"] / "feedback" / "wrong" / "02_softmax.html").read_text())
    assert "A hidden test: " in wrong and "of 4 points" in wrong and "<script" not in wrong.replace("<style>", "")


def grade_folder(r: dict) -> str:
    who = f"{r['learner']}_{r['user_id']}" if r["user_id"] and r["user_id"] not in r["learner"] else r["learner"]
    return outputs.safe(who)


# -- what the instructor reads: report.html ------------------------------------------------------------------------


def test_discrimination_is_positive_for_a_question_the_strong_get_right_and_the_weak_miss():
    import report

    rest = np.array([9.0, 8, 7, 3, 2, 1])
    assert report.discrimination(np.array([2.0, 2, 2, 0, 0, 0]), rest) > 0.9
    assert report.discrimination(np.array([0.0, 0, 0, 2, 2, 2]), rest) < -0.9  # flagged: the test may be wrong
    assert report.discrimination(np.array([2.0] * 6), rest) is None  # everyone full: it tells nothing


def test_the_report_ranks_mistakes_once_per_learner_and_links_where_they_are_taught():
    import report

    mistakes = [("ann", "02_softmax", "q1", "no-max"), ("ann", "02_softmax", "q3", "no-max")]
    mistakes += [
        ("bo", "02_softmax", "q1", "no-max"),
        ("bo", "02_softmax", "q1", "twice"),
        ("cy", "01_argmax", "q2", "x"),
    ]
    known = {
        "no-max": {"says": "did not subtract the max", "chapter": "02_softmax", "section": "Overflow, and the fix"}
    }
    page = report.render({}, [], [], [], mistakes, known, "https://example.org/course/")
    body = page.split("The class's mistakes, ranked")[1]
    ranked = [line for line in body.splitlines() if line.startswith("<tr><td class=n>")]
    assert [r.split("</td>")[0][-1] for r in ranked] == ["2", "1", "1"]  # ann and bo once each, although ann twice
    assert "02_softmax q1, q3" in ranked[0]
    assert 'href="https://example.org/course/chapters/02_softmax.html#overflow-and-the-fix"' in ranked[0]


@pytest.fixture(scope="module")
def report_in_chromium(graded):
    """report.html opened from disk in Chromium, as on a desk (1280 px) and on a phone (390 px): what it requested,
    axe's serious violations, and how wide it is."""
    from playwright.sync_api import sync_playwright
    from sitekit import CHROMIUM, CHROMIUM_ARGS

    path = graded["grades"] / "report.html"
    axe = (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text()
    out = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for name, width in [("desktop", 1280), ("phone", 390)]:
            page = browser.new_page(viewport={"width": width, "height": 800})
            requests: list[str] = []
            page.on("request", lambda r, seen=requests: seen.append(r.url))
            page.goto(path.as_uri())
            page.add_script_tag(content=axe)
            violations = page.evaluate(
                "async () => (await axe.run(document)).violations.filter(v => ['serious', 'critical'].includes("
                "v.impact)).map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))"
            )
            wide = page.evaluate("document.documentElement.scrollWidth")
            out[name] = dict(requests=requests, violations=violations, wide=wide, text=page.inner_text("main"))
            page.close()
        browser.close()
    return out


def test_the_report_is_self_contained_accessible_and_fits_a_phone(graded, report_in_chromium):
    for name, seen in report_in_chromium.items():
        assert all(url.startswith("file://") for url in seen["requests"]), (name, seen["requests"])
        assert not seen["violations"], (name, seen["violations"])
    assert report_in_chromium["phone"]["wide"] <= 390
    text = (graded["grades"] / "report.html").read_text()
    assert "<script" not in text and text.count("<svg") == len(CHAPTERS)  # a histogram per chapter, no script


def test_the_report_shows_each_chapter_its_questions_and_what_is_left_to_do(graded, report_in_chromium):
    text = report_in_chromium["desktop"]["text"]
    for chapter in CHAPTERS:
        assert f"({chapter})" in text
    assert "Manual answers awaiting points" in text and "alice, 01_argmax: 1" in text
    assert "essay.txt: not graded: not a notebook (.txt)" in text
    assert "erin/02_softmax.ipynb: not graded: erin/02_softmax-Copy1.ipynb is a later attempt" in text
