"""`make grade` as an instructor runs it (issue 30): the hand-ins as an LMS delivers them, runs that survive mistakes
and resume, manual points that survive re-grading, tests checked before they grade anyone, fair reasons.

One class, built from tests/exercise_mistakes.py (so it follows the exercises), goes through the runs an instructor
makes, in order (module fixture): a first run stopped by SIGTERM, its resume, manual points given, a resubmission
and a new learner, LEARNERS=, the same class as Canvas's zip, and a hidden test broken by an edit. Every test reads
what those runs wrote. Where each rule of Canvas's download names comes from: grading/intake.py.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import jupytext
import nbformat
import pytest
from exercise_mistakes import ROOT, regenerated, solutions, submission
from hostile_submissions import WHEN_GRADED, blank, with_cell

GRADE = [sys.executable, str(ROOT / "grading" / "grade.py")]
OPTIONS = ["--jobs", "2", "--cell-timeout", "10", "--timeout", "120", "--memory", "1000"]
ARGMAX, SOFTMAX = "01_argmax", "02_softmax"
# q1's function, right, but deaf to interrupts and endless when a hidden test calls it: the grader kills the kernel
LOOPS_DEAF = WHEN_GRADED.format(
    action="import signal\n        signal.signal(signal.SIGINT, signal.SIG_IGN)\n        while True:\n            pass"
)
MATHS = "The derivative is $\\frac{\\partial\\, \\arg\\max}{\\partial z_i} = 0$ <script>alert(1)</script>"
SAME_TIME = 1_700_000_000
# A gradebook as Canvas exports it (Grades > Export): student columns, assignment columns `Title (id)`, read-only
# totals, the Points Possible row. The rules it is read by: grading/gradebook.py (canvas-lms's gradebook_importer.rb).
ROSTER = """\
Student,ID,SIS User ID,SIS Login ID,Section,01 Argmax (5001),Current Score,Final Score
    Points Possible,,,,,10.00,(read only),(read only)
"Smith, John",12345,S-1,jsmith,Section A,,,
"Doe, Jane",222,S-2,jdoe,Section A,4.00,,
"Pat, Pat",999001,S-3,pat,Section B,,,
"=HYPERLINK(""http://x"")",999002,S-4,hl,Section B,,,
"""


def write(path: Path, nb: nbformat.NotebookNode, when: float = SAME_TIME) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    os.utime(path, (when, when))  # as after a download, a copy or a clone: every file the same time
    return path


def manual_answer(nb: nbformat.NotebookNode, text: str) -> nbformat.NotebookNode:
    cell = next(c for c in nb.cells if "Type your answer here" in c.source)
    cell.source = text
    return nb


def canvas_class(top: Path) -> Path:
    """An unzipped Canvas download inside its own folder, with what learners hand in."""
    folder = top / "submissions"
    write(folder / f"smithjohn_12345_67890_{SOFTMAX}.ipynb", submission(SOFTMAX))
    late_fix = submission(SOFTMAX, {"q1": "def softmax(z):\n    return z / z.sum()\n"})
    write(folder / f"smithjohn_LATE_12345_67999_{SOFTMAX}-1.ipynb", late_fix)
    write(folder / f"doejane-late_222_400_{ARGMAX}.ipynb", manual_answer(submission(ARGMAX), "old"))
    export = folder / f"leeann_333_500_{SOFTMAX}.zip"  # what otter's grader.export() makes, and worse
    with zipfile.ZipFile(export, "w") as z:
        z.writestr(f"{SOFTMAX}.ipynb", nbformat.writes(submission(SOFTMAX)))
        z.writestr("../escaped.ipynb", nbformat.writes(blank(SOFTMAX)))
        link = zipfile.ZipInfo("link.ipynb")
        link.external_attr = 0o120777 << 16
        z.writestr(link, "/etc/passwd")
    (folder / "leeann_333_501_notes.pdf").write_bytes(b"%PDF-1.4 my notes")
    script = jupytext.writes(submission(ARGMAX), fmt="py:percent")
    (folder / f"kim_444_600_{ARGMAX}.py").write_text(script)
    commented = "# I compared with my solutions/ from last term\n" + solutions(ARGMAX)["q2"]
    blank_q3 = submission(ARGMAX, {"q2": commented})  # and q3 left as handed out
    check = next(i for i, c in enumerate(blank_q3.cells) if c.source == 'grader.check("q3")')
    blank_q3.cells[check - 1].source = blank(ARGMAX).cells[check - 1].source
    write(folder / f"quinn_666_800_{ARGMAX}.ipynb", blank_q3)
    write(folder / f"rita_777_900_{ARGMAX}.ipynb", submission(ARGMAX, {"q1": LOOPS_DEAF}))
    write(folder / "pat" / f"{SOFTMAX}.ipynb", late_fix)  # two copies, the same time, one with a copy number
    write(folder / "pat" / f"{SOFTMAX} (1).ipynb", submission(SOFTMAX))
    slow = with_cell(manual_answer(submission(ARGMAX), MATHS), 'grader.check("q1")', "import time\ntime.sleep(6)")
    write(folder / f"abe_111_100_{ARGMAX}.ipynb", slow)
    return top


def read(path: Path) -> list[dict[str, str]]:
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def grade(folder: Path, grades: Path, *extra: str, scratch: Path) -> subprocess.CompletedProcess[str]:
    scratch.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(scratch)}
    options = ["--grades", str(grades), "--autograder", str(regenerated() / "autograder"), *OPTIONS, *extra]
    return subprocess.run(GRADE + [str(folder), *options], capture_output=True, text=True, env=env)


def snapshot(grades: Path) -> dict[str, object]:
    return {name: read(grades / name) for name in ("grades.csv", "summary.csv", "files.csv", "manual_scores.csv")}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("instructor")
    top = canvas_class(base / "download")
    grades, scratch = base / "grades", base / "scratch"
    out: dict[str, object] = {"grades": grades}

    # 1. stopped by SIGTERM once the first notebook is graded (abe's, sleeping, is still running then)
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch)}
    command = GRADE + [str(top), "--grades", str(grades), "--autograder", str(regenerated() / "autograder"), *OPTIONS]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 300
    while not list((grades / "executed").rglob("*.ipynb")) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.1)
    process.send_signal(signal.SIGTERM)
    stdout, stderr = process.communicate(timeout=120)
    assert (grades / "summary.csv").is_file(), f"the stopped run wrote nothing:\n{stdout}\n{stderr[-3000:]}"
    out["stopped"] = dict(code=process.returncode, stdout=stdout, stderr=stderr, **snapshot(grades))
    out["leftovers"] = sorted(str(p) for p in scratch.rglob("*"))

    # 2. the same command again: it resumes
    done = grade(top, grades, scratch=scratch)
    out["resumed"] = dict(code=done.returncode, stdout=done.stdout + done.stderr, **snapshot(grades))

    # 3. the instructor gives manual points, in an order of their own, then a learner resubmits and one arrives late
    manual = grades / "manual_scores.csv"
    with open(manual, newline="") as f:
        lines = list(csv.reader(f))
    for line in lines[1:]:
        if line[0] == "smithjohn":
            line[4:6] = ["1.5", "=clear, but no derivative"]
        if line[0] == "doejane":
            line[4:6] = ["2", ""]
    lines = [lines[0], *reversed(lines[1:])]
    with open(manual, "w", newline="") as f:
        csv.writer(f).writerows(lines)
    given = manual.read_bytes()
    write(top / "submissions" / f"doejane_222_401_{ARGMAX}.ipynb", manual_answer(submission(ARGMAX), "new"), 2e9)
    write(top / "submissions" / f"newbie_888_1000_{ARGMAX}.ipynb", submission(ARGMAX))
    done = grade(top, grades, scratch=scratch)
    out["regraded"] = dict(code=done.returncode, stdout=done.stdout + done.stderr, given=given, **snapshot(grades))
    out["manual_after"] = manual.read_bytes()

    # 4. LEARNERS=: smithjohn again, every other row kept
    done = grade(top, grades, "--learners", "smithjohn", scratch=scratch)
    out["learners"] = dict(code=done.returncode, stdout=done.stdout + done.stderr, **snapshot(grades))

    # 5. the same class as Canvas's zip: nothing changed, nothing graded again
    archive = base / "submissions.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in sorted((top / "submissions").rglob("*")):
            if path.is_file():
                z.write(path, path.relative_to(top))
    done = grade(archive, grades, scratch=scratch)
    out["zip"] = dict(code=done.returncode, stdout=done.stdout + done.stderr, **snapshot(grades))

    # 5b. Canvas's gradebook export as ROSTER: canvas.csv (every result from the cache)
    roster = base / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    done = grade(top, grades, "--roster", str(roster), scratch=scratch)
    with open(grades / "canvas.csv", newline="") as f:
        out["canvas"] = dict(code=done.returncode, stderr=done.stderr, rows=list(csv.reader(f)))

    # 6. an edited hidden test that raises: nothing is graded, the test is named
    broken = base / "autograder"
    shutil.copytree(regenerated() / "autograder", broken)
    zip_path = broken / f"{ARGMAX}.zip"
    with zipfile.ZipFile(zip_path) as z:
        members = {i.filename: z.read(i) for i in z.infolist()}
    members["tests/q2.py"] += (
        b"\n\n@test_case(points=1, hidden=True)\ndef test_q2_slip(predict):\n    predict(1, 2, 3)\n"
    )
    with zipfile.ZipFile(zip_path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    before = (grades / "grades.csv").read_bytes()
    command = GRADE + [str(top), "--grades", str(grades), "--autograder", str(broken), *OPTIONS]
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    out["broken"] = dict(
        code=done.returncode, stdout=done.stdout + done.stderr, same=before == (grades / "grades.csv").read_bytes()
    )

    # 7. CHAPTER=: a notebook whose name and title say nothing
    mystery = submission(SOFTMAX)
    mystery.metadata.pop("otter")
    mystery.cells = [c for c in mystery.cells if not c.source.startswith("# ")]
    write(base / "mystery" / "homework.ipynb", mystery)
    without = grade(base / "mystery", base / "grades-mystery", scratch=scratch)
    forced = grade(base / "mystery", base / "grades-forced", "--chapter", SOFTMAX, scratch=scratch)
    out["mystery"] = dict(
        without=read(base / "grades-mystery" / "files.csv"),
        forced=read(base / "grades-forced" / "grades.csv"),
        codes=(without.returncode, forced.returncode),
    )
    return out


def rows(snapshot, learner, chapter=None, name="grades.csv"):
    return [r for r in snapshot[name] if r["learner"] == learner and (chapter is None or r["chapter"] == chapter)]


def by_question(snapshot, learner):
    return {r["question"]: r for r in rows(snapshot, learner)}


def test_canvas_names_give_one_learner_per_user_id_with_late_flag_and_attempt(runs):
    final = runs["resumed"]
    smith = rows(final, "smithjohn", name="summary.csv")
    assert len(smith) == 1 and smith[0]["user_id"] == "12345"
    assert (smith[0]["late"], smith[0]["attempt"]) == ("yes", "2 of 2")
    assert smith[0]["notebook"] == f"smithjohn_LATE_12345_67999_{SOFTMAX}-1.ipynb"  # larger attachment id: later
    files = {f["file"]: f for f in final["files.csv"]}
    older = files[f"smithjohn_12345_67890_{SOFTMAX}.ipynb"]
    assert older["status"] == "not graded" and "Canvas's attachment id" in older["reason"]
    jane = rows(final, "doejane", name="summary.csv")  # newer Canvas versions write "-late", lowercased
    assert [(j["user_id"], j["late"]) for j in jane] == [("222", "yes")]


def test_a_folder_holding_one_folder_is_entered(runs):
    assert "entered submissions/" in runs["resumed"]["stdout"]
    assert {s["learner"] for s in runs["resumed"]["summary.csv"]} == {
        "abe", "doejane", "kim", "leeann", "pat", "quinn", "rita", "smithjohn"
    }  # fmt: skip


def test_equal_times_and_no_attempt_choose_by_copy_number_and_say_so(runs):
    pat = rows(runs["resumed"], "pat", name="files.csv")
    chosen = next(f for f in pat if f["status"] == "graded")
    assert chosen["file"] == f"pat/{SOFTMAX} (1).ipynb"
    assert "within 2 s of each other" in chosen["reason"] and "check it" in chosen["reason"]
    assert [r["points"] for r in rows(runs["resumed"], "pat") if r["question"] == "q1"] == ["4"]


def test_a_zip_hand_in_is_opened_safely_and_other_files_are_listed_not_zeroed(runs):
    final = runs["resumed"]
    lee = by_question(final, "leeann")
    assert lee["q1"]["notebook"] == f"leeann_333_500_{SOFTMAX}.zip:{SOFTMAX}.ipynb"
    assert [lee[q]["points"] for q in ("q1", "q2", "q3")] == ["4", "4", "2"]
    assert not [r for r in final["grades.csv"] if "escaped" in r["notebook"] or "link" in r["notebook"]]
    pdf = next(f for f in final["files.csv"] if f["file"].endswith(".pdf"))
    assert (pdf["status"], pdf["reason"]) == ("not graded", "not graded: not a notebook (.pdf)")
    assert not [r for r in final["grades.csv"] if r["notebook"].endswith(".pdf")]


def test_a_python_script_hand_in_is_graded(runs):
    kim = by_question(runs["resumed"], "kim")
    assert [kim[q]["points"] for q in ("q1", "q2", "q3")] == ["3", "3", "2"]


def test_chapter_forces_the_chapter_of_a_notebook_that_says_nothing(runs):
    mystery = runs["mystery"]
    assert mystery["codes"] == (0, 0)
    assert "set CHAPTER=" in mystery["without"][0]["reason"] and mystery["without"][0]["status"] == "not graded"
    assert [(r["chapter"], r["question"], r["points"]) for r in mystery["forced"] if r["question"] < "q4"] == [
        (SOFTMAX, "q1", "4"), (SOFTMAX, "q2", "4"), (SOFTMAX, "q3", "2")
    ]  # fmt: skip


def test_a_stopped_run_writes_what_it_graded_marked_incomplete_and_leaves_nothing_running(runs):
    stopped = runs["stopped"]
    assert stopped["code"] == 130 and "STOPPED" in stopped["stdout"], stopped["stdout"] + stopped["stderr"]
    waiting = [s for s in stopped["summary.csv"] if s["complete"].startswith("no: not graded yet")]
    done = [s for s in stopped["summary.csv"] if not s["complete"].startswith("no: not graded yet")]
    assert waiting and done, stopped["summary.csv"]
    assert "abe" in {s["learner"] for s in waiting}  # it was sleeping when the run stopped
    assert runs["leftovers"] == []


def test_the_same_command_resumes_and_grades_only_what_was_left(runs):
    stopped, resumed = runs["stopped"], runs["resumed"]
    left = len([s for s in stopped["summary.csv"] if s["complete"].startswith("no: not graded yet")])
    assert resumed["code"] == 0, resumed["stdout"]
    assert f"{left} notebook(s) graded, " in resumed["stdout"], resumed["stdout"]
    assert not [s for s in resumed["summary.csv"] if s["complete"].startswith("no: not graded yet")]


def test_manual_points_survive_regrading_and_count_in_every_total(runs):
    regraded = runs["regraded"]
    assert regraded["code"] == 0, regraded["stdout"]
    after = runs["manual_after"]
    assert after.startswith(runs["regraded"]["given"])  # the instructor's rows, byte for byte, in their order
    appended = after[len(runs["regraded"]["given"]) :].decode().splitlines()
    assert appended == ["newbie,01_argmax,q4,2,,"]
    smith = rows(regraded, "smithjohn", name="summary.csv")[0]
    q4 = by_question(regraded, "smithjohn")["q4"]
    assert (q4["points"], q4["reason"]) == ("1.5", "manually graded: '=clear, but no derivative")
    auto = sum(float(r["points"]) for r in rows(regraded, "smithjohn") if r["question"] != "q4" and r["points"])
    assert float(smith["points"]) == auto + 1.5 and smith["complete"] == "yes" and smith["max_points"] == "12"
    newbie = rows(regraded, "newbie", name="summary.csv")[0]
    assert newbie["complete"] == "no: 1 manual question(s) to grade in manual_scores.csv"
    learners = runs["learners"]
    assert learners["manual_scores.csv"] == regraded["manual_scores.csv"]


def test_a_resubmission_is_graded_and_only_what_changed(runs):
    regraded = runs["regraded"]
    assert "2 notebook(s) graded, " in regraded["stdout"], regraded["stdout"]
    jane = rows(regraded, "doejane", name="summary.csv")
    assert [(j["attempt"], j["late"]) for j in jane] == [("2 of 2", "")]


def test_learners_regrades_only_them_and_keeps_every_other_row(runs):
    before, after = runs["regraded"], runs["learners"]
    assert after["code"] == 0 and "1 notebook(s) graded, " in after["stdout"], after["stdout"]
    assert after["grades.csv"] == before["grades.csv"] and after["summary.csv"] == before["summary.csv"]


def test_canvas_zip_of_the_class_gives_the_same_grades_from_the_cache(runs):
    zipped, before = runs["zip"], runs["learners"]
    assert zipped["code"] == 0 and "0 notebook(s) graded, " in zipped["stdout"], zipped["stdout"]
    assert zipped["grades.csv"] == before["grades.csv"]


def test_the_canvas_gradebook_comes_back_with_the_points_in_it(runs):
    canvas = runs["canvas"]
    assert canvas["code"] == 0
    header, points, smith, jane, pat, formula = canvas["rows"]
    assert header[:8] == ROSTER.splitlines()[0].split(",")  # the roster's columns, in order
    new = header.index("Exercises: softmax")  # no column for chapter 2: a new one, which Canvas creates
    assert points[5] == "10.00" and points[new] == "12"
    assert jane[5] == "10"  # matched by Canvas user id, in the column whose title starts with 01
    total = next(s for s in runs["zip"]["summary.csv"] if s["learner"] == "smithjohn")["points"]
    assert smith[new] == f"{float(total):g}"
    assert pat[new] == "" and "pat (02_softmax): no: 1 manual question(s)" in canvas["stderr"]  # held back
    assert formula[0] == '\'=HYPERLINK("http://x")' and "graded but not in the roster" in canvas["stderr"]
    assert "rita (01_argmax)" in canvas["stderr"] and "=HYPERLINK" in canvas["stderr"].split("nothing graded")[1]


def test_a_broken_hidden_test_stops_the_run_before_anyone_is_graded(runs):
    broken = runs["broken"]
    assert broken["code"] != 0 and broken["same"]
    assert f"the tests of {ARGMAX} q2 give the model answers 2 of 3 points" in broken["stdout"], broken["stdout"]
    assert "Nobody was graded" in broken["stdout"]


def test_a_blank_answer_is_named_and_a_comment_is_not_tampering(runs):
    quinn = by_question(runs["resumed"], "quinn")
    assert quinn["q3"]["points"] == "0" and quinn["q3"]["reason"].startswith("not answered: cell ")
    assert "return" not in quinn["q3"]["reason"]
    assert quinn["q2"]["points"] == "3" and "" not in quinn  # no notebook note: a comment is not code


def test_a_killed_kernel_is_restarted_for_the_questions_after_it(runs):
    rita = by_question(runs["resumed"], "rita")
    assert float(rita["q1"]["points"]) < 3 and (rita["q2"]["points"], rita["q3"]["points"]) == ("3", "2")
    note = rita[""]["reason"]
    assert note.count("did not stop when interrupted") == 1 and "the kernel was started again" in note
    assert "KernelDied" not in str(runs["resumed"]["grades.csv"]) and not re.search(r"\d\.\d+ s\b", note)


def test_each_graded_notebook_is_kept_executed_for_appeals(runs):
    kept = sorted(
        p.relative_to(runs["grades"] / "executed").as_posix() for p in (runs["grades"] / "executed").rglob("*.ipynb")
    )
    assert f"smithjohn_12345/smithjohn_LATE_12345_67999_{SOFTMAX}-1.ipynb" in kept
    nb = nbformat.read(runs["grades"] / "executed" / "rita_777" / f"rita_777_900_{ARGMAX}.ipynb", as_version=4)
    texts = ["".join(o.get("text", "") for o in c.outputs) for c in nb.cells if c.cell_type == "code"]
    assert any(t.startswith("q2: ") for t in texts) and any(t.startswith("q1: ") and "- " in t for t in texts)


def test_manual_answers_are_shuffled_stably_with_maths_and_no_html(runs):
    text = (runs["grades"] / f"manual_{ARGMAX}.md").read_text()
    assert "$\\frac{\\partial\\, \\arg\\max}{\\partial z_i} = 0$" in text
    assert "<script>" not in text and "&lt;script&gt;" in text
    order = [line for line in text.splitlines() if line.startswith("### ")]
    assert [line.split(". ", 1)[0] for line in order] == [f"### {n}" for n in range(1, len(order) + 1)]
    names = [line.split(". ", 1)[1].split(" (")[0] for line in order]
    assert names != sorted(names)  # shuffled, not alphabetical (the same on every run: a hash of the names)
