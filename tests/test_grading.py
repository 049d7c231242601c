"""`make grade`: grading/grade.py grades a whole folder with `otter run`, hidden tests included.

One folder of submissions is graded once (module fixture) and every test reads the CSV it wrote:
- a correct notebook gets full points; manual questions get a row for the instructor;
- one wrong notebook per chapter: each deliberately wrong answer scores 0 with the message naming the mistake
  (through otter run and the results JSON, so the hidden tests ran too);
- broken submissions (raises, endless loop, floods of output, deletes or edits the tests, kernel crash, not a
  notebook) score 0 for what they break, with a reason, and the rest of the folder is still graded.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from collections import defaultdict

import nbformat
import pytest
from exercise_mistakes import MISTAKES, PROMISED, ROOT, solutions, submission

GRADE = [sys.executable, str(ROOT / "grading" / "grade.py")]

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
    "jacobian-diagonal-only",
    "ce-grad-sign",
    "se-grad-without-jacobian",
    "iris-ce-log10",
    "error-wrong-axis",
    "mse-sum-over-batch",
    "nn-ce-log2",
    "rnn-no-tanh",
    "rnn-state-not-carried",
    "tokens-split-on-spaces",
]
BY_ID = {m[0]: m for m in MISTAKES}
ARGMAX = "01_argmax"


def with_cell(nb: nbformat.NotebookNode, before: str, source: str) -> nbformat.NotebookNode:
    """Insert a code cell just before the first cell whose source starts with `before`."""
    index = next(i for i, c in enumerate(nb.cells) if c.source.startswith(before))
    nb.cells.insert(index, nbformat.v4.new_code_cell(source))
    return nb


def write(folder, name, nb):
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / name)


def read_rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("submissions")
    write(folder / "alice", f"{ARGMAX}.ipynb", submission(ARGMAX))
    wrong = defaultdict(dict)
    for mistake in PIPELINE:
        _, chapter, question, code, _ = BY_ID[mistake]
        assert question not in wrong[chapter], f"two mistakes for {chapter} {question}"
        wrong[chapter][question] = code
    for chapter, answers in wrong.items():
        write(folder, f"wrong_{chapter}.ipynb", submission(chapter, answers))
    right = solutions(ARGMAX)
    write(
        folder,
        f"raises_{ARGMAX}.ipynb",
        submission(ARGMAX, {"q2": 'raise RuntimeError("my code is broken")\n' + right["q2"]}),
    )
    write(
        folder,
        f"loops_{ARGMAX}.ipynb",
        submission(ARGMAX, {"q1": "def my_argmax(scores):\n    while True:\n        pass\n"}),
    )
    write(
        folder,
        f"floods_{ARGMAX}.ipynb",
        with_cell(submission(ARGMAX), 'grader.check("q2")', "for i in range(200000):\n    print('spam', i)"),
    )
    write(
        folder,
        f"deletes_{ARGMAX}.ipynb",
        with_cell(
            submission(ARGMAX), 'grader.check("q2")', "import shutil\nshutil.rmtree('tests', ignore_errors=True)"
        ),
    )
    cheat = (
        "import pathlib\npathlib.Path('tests/q2.py').write_text('from otter.test_files import test_case\\n"
        'OK_FORMAT = False\\nname = "q2"\\npoints = 3\\n@test_case(points=3, hidden=False)\\ndef t():\\n    pass\\n\')'
    )
    write(
        folder,
        f"edits_{ARGMAX}.ipynb",
        with_cell(
            submission(ARGMAX, {"q2": "def predict(logits, class_names):\n    return []\n"}),
            'grader.check("q2")',
            cheat,
        ),
    )
    no_checks = submission(ARGMAX)
    no_checks.cells = [c for c in no_checks.cells if not c.source.startswith("grader.check(")]
    write(folder, f"nochecks_{ARGMAX}.ipynb", no_checks)
    write(
        folder, f"crashes_{ARGMAX}.ipynb", with_cell(submission(ARGMAX), 'grader.check("q3")', "import os\nos._exit(1)")
    )
    (folder / "essay.txt").write_text("I did the exercises on paper.")
    (folder / f"bob_{ARGMAX}.ipynb").write_text("{this is not json")
    grades = tmp_path_factory.mktemp("grades")
    done = subprocess.run(
        GRADE
        + [
            str(folder),
            "--grades",
            str(grades),
            "--jobs",
            "2",
            "--cell-timeout",
            "10",
            "--timeout",
            "400",
            "--max-output",
            "20000",
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    rows = read_rows(grades / "grades.csv")
    table = {(r["learner"], r["chapter"], r["question"]): r for r in rows}
    return rows, table, read_rows(grades / "summary.csv"), done.stdout


def row(graded, learner, question, chapter=ARGMAX):
    return graded[1][(learner, chapter, question)]


def test_csv_has_a_row_per_learner_and_question_and_a_summary(graded):
    rows, _, summary, stdout = graded
    assert list(rows[0]) == ["learner", "chapter", "question", "points", "max_points", "reason"]
    learners = {r["learner"] for r in rows}
    assert {"alice", "raises", "loops", "floods", "deletes", "edits", "nochecks", "crashes", "essay", "bob"} <= learners
    assert {s["learner"] for s in summary} == learners
    assert "file(s) graded" in stdout


def test_a_correct_submission_gets_full_points_and_manual_questions_are_left_to_the_instructor(graded):
    for q, points in [("q1", "3"), ("q2", "3"), ("q3", "2")]:
        r = row(graded, "alice", q)
        assert (r["points"], r["max_points"], r["reason"]) == (points, points, ""), r
    manual = row(graded, "alice", "q4")
    assert manual["points"] == "" and "manually graded" in manual["reason"]
    alice = next(s for s in graded[2] if s["learner"] == "alice")
    assert (alice["points"], alice["max_points"], alice["manual_to_grade"]) == ("8.0", "8.0", "1")


@pytest.mark.parametrize("mistake", PIPELINE)
def test_otter_run_gives_zero_and_the_message_for_each_wrong_answer(graded, mistake):
    _, chapter, question, _, fragment = BY_ID[mistake]
    r = row(graded, "wrong", question, chapter)
    assert float(r["points"]) < float(r["max_points"]) and fragment in r["reason"], r


def test_the_promised_mistakes_all_go_through_otter_run():
    assert set(PROMISED.values()) <= set(PIPELINE)


def test_a_cell_that_raises_costs_only_what_needs_it(graded):
    assert row(graded, "raises", "q1")["points"] == "3" and row(graded, "raises", "q3")["points"] == "2"
    r = row(graded, "raises", "q2")
    assert r["points"] == "0" and "predict is not defined" in r["reason"]


def test_an_endless_loop_is_stopped_and_costs_only_its_question(graded):
    r = row(graded, "loops", "q1")
    assert r["points"] == "0" and "TimeoutError" in r["reason"] and "time limit" in r["reason"]
    assert row(graded, "loops", "q2")["points"] == "3" and row(graded, "loops", "q3")["points"] == "2"


def test_floods_of_output_are_capped_and_noted(graded):
    for q, points in [("q1", "3"), ("q2", "3"), ("q3", "2")]:
        r = row(graded, "floods", q)
        assert r["points"] == points and "printed more than 20000 characters" in r["reason"], r


def test_deleting_the_tests_scores_zero_with_a_reason(graded):
    for q in ["q1", "q2", "q3"]:
        r = row(graded, "deletes", q)
        assert r["points"] == "0" and "deleted or changed" in r["reason"], r


def test_editing_a_test_scores_zero_for_that_question_only(graded):
    r = row(graded, "edits", "q2")
    assert r["points"] == "0" and "deleted or changed this question's tests" in r["reason"], r
    assert row(graded, "edits", "q1")["points"] == "3" and row(graded, "edits", "q3")["points"] == "2"


def test_deleted_check_cells_do_not_matter_the_grader_runs_every_test(graded):
    assert [row(graded, "nochecks", q)["points"] for q in ["q1", "q2", "q3"]] == ["3", "3", "2"]


def test_a_kernel_crash_scores_zero_with_a_reason(graded):
    r = row(graded, "crashes", "q1")
    assert r["points"] == "0" and "could not run" in r["reason"], r


def test_files_that_are_not_notebooks_score_zero_with_a_reason(graded):
    essay = row(graded, "essay", "", chapter="")
    assert essay["points"] == "0" and "not a readable notebook" in essay["reason"]
    for q in ["q1", "q2", "q3"]:
        bob = row(graded, "bob", q)
        assert bob["points"] == "0" and "not a readable notebook" in bob["reason"]


def test_a_notebook_that_defeats_the_cell_time_limit_is_killed_at_the_notebook_time_limit(tmp_path):
    folder = tmp_path / "submissions"
    write(
        folder,
        f"stubborn_{ARGMAX}.ipynb",
        with_cell(
            submission(ARGMAX),
            'grader.check("q1")',
            "import signal\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\nwhile True:\n    pass",
        ),
    )
    done = subprocess.run(
        GRADE + [str(folder), "--grades", str(tmp_path), "--timeout", "25", "--cell-timeout", "5"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    rows = read_rows(tmp_path / "grades.csv")
    auto = [r for r in rows if r["question"] in ("q1", "q2", "q3")]
    assert len(auto) == 3 and all(r["points"] == "0" and "time limit" in r["reason"] for r in auto), auto
