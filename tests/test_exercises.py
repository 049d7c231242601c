"""The exercise notebooks: generated from solutions/, free of solutions and hidden tests, and teaching feedback.

- exercises/ and solutions/pages/ are what `make exercises` makes from solutions/ now (regenerated and compared);
- no solution line and no hidden test of a master notebook appears in exercises/;
- every deliberately wrong answer in tests/exercise_mistakes.py fails its question's public tests with the message
  that names the mistake (otter's own test runner, as `grader.check` uses it), and no message shows the test's code;
- every correct answer written differently (scipy, torch, loops, tuples, in-place updates) passes every test, hidden
  ones included; every fixed-value question has a hidden test that a copied number cannot pass;
- a mistake costs its own question only: a wrong earlier answer costs no point of a later question whose own answers
  are right, hidden tests included;
- `grader.check` works in the learner notebook itself, executed in a kernel.
(tests/test_grading.py grades whole submissions in the sandbox, hidden tests included.)
"""

from __future__ import annotations

import ast
import filecmp
import re
import subprocess
import sys
from pathlib import Path

import exercise_mistakes
import nbformat
import numpy as np
import pytest
from exercise_mistakes import ALTERNATIVES, MISTAKES, PROMISED, ROOT, make_exercises, submission
from nbclient import NotebookClient
from otter.test_files import ExceptionTestFile

sys.path.insert(0, str(ROOT / "grading"))
import scoring  # noqa: E402

MASTERS = sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))
CHAPTERS = [m.stem for m in MASTERS]
# Chapters whose exercises are still to be written (none now). A chapter leaves this set when its master notebook
# arrives: the test below fails while both exist.
EXERCISES_TO_COME: set[str] = set()


# The names the course gives its five source documents (see intro.md).
SOURCE_DOCUMENT = (
    r"(argmax, softmax and cross-entropy explainer|StatQuest notes|pipeline explainer"
    r"|PyTorch softmax and cross-entropy tutorial|CNN softmax and cross-entropy tutorial)"
)


def test_every_chapter_has_a_master_notebook_and_3_to_6_questions_with_a_seed_number_and_an_explanation():
    chapters = sorted(p.stem for p in (ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))
    assert not EXERCISES_TO_COME & set(CHAPTERS), "a master notebook arrived: remove its chapter from EXERCISES_TO_COME"
    assert EXERCISES_TO_COME <= set(chapters)
    assert CHAPTERS == [c for c in chapters if c not in EXERCISES_TO_COME]
    for master in MASTERS:
        questions = make_exercises.questions(nbformat.read(master, as_version=4))
        auto = [q for q in questions if not q["manual"]]
        manual = [q for q in questions if q["manual"]]
        assert 3 <= len(auto) + len(manual) <= 6 and len(auto) >= 3 and manual, master.name
        prompts = ["\n".join(q["prompt"]) for q in questions]
        assert any(re.search(SOURCE_DOCUMENT, p) for p in prompts), f"{master.name}: no question on a source document"
        assert all("Manually graded" in "\n".join(q["prompt"]) for q in manual), f"{master.name}: mark manual questions"


@pytest.fixture(scope="module")
def regenerated():
    return exercise_mistakes.regenerated()


def cells(path: Path) -> list[tuple[str, str, list[str]]]:
    nb = nbformat.read(path, as_version=4)
    return [(c.cell_type, c.source, sorted(c.metadata.get("tags", []))) for c in nb.cells]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_exercises_are_up_to_date_with_solutions(regenerated, chapter):
    stale = "is out of date with solutions/: run `make exercises` and commit the result"
    assert cells(ROOT / "exercises" / f"{chapter}.ipynb") == cells(regenerated / "exercises" / f"{chapter}.ipynb"), (
        f"exercises/{chapter}.ipynb {stale}"
    )
    ours, fresh = ROOT / "exercises" / "tests" / chapter, regenerated / "exercises" / "tests" / chapter
    assert sorted(p.name for p in ours.iterdir()) == sorted(p.name for p in fresh.iterdir()), f"{ours} {stale}"
    assert all(filecmp.cmp(p, fresh / p.name, shallow=False) for p in ours.iterdir()), f"{ours} {stale}"
    page = f"solutions/pages/{chapter}.md"
    assert (ROOT / page).read_text() == (regenerated / "pages" / f"{chapter}.md").read_text(), f"{page} {stale}"


def solution_and_hidden_lines(master: Path) -> tuple[list[str], list[str]]:
    nb = nbformat.read(master, as_version=4)
    solution, hidden, visible, block = [], [], [], None
    for cell in nb.cells:
        first = cell.source.strip().split("\n")[0].upper() if cell.cell_type == "raw" else ""
        if first.startswith("# BEGIN ") or first.startswith("# END "):
            block = (
                first.split()[-1]
                if first.startswith("# BEGIN ") and first.split()[-1] in ("SOLUTION", "TESTS")
                else (None if first.split()[-1] in ("SOLUTION", "TESTS") else block)
            )
            continue
        lines = [line.strip() for line in cell.source.split("\n")]
        if block == "SOLUTION":
            inside, in_block = [], False
            for line in lines:  # only what otter strips: lines between BEGIN/END SOLUTION, lines ending # SOLUTION
                if line.startswith("# BEGIN SOLUTION"):
                    in_block = True
                elif line.startswith("# END SOLUTION"):
                    in_block = False
                elif in_block or line.endswith("# SOLUTION") or cell.cell_type == "markdown":
                    inside.append(re.sub(r"\s*# SOLUTION$", "", line))
                else:
                    visible.append(line)
            solution += inside
        elif block == "TESTS" and cell.source.startswith("# HIDDEN"):
            hidden += [line for line in lines[1:] if line]
        else:
            visible += lines
    distinctive = lambda line: len(line) >= 12 and line not in visible and not line.startswith(("#", '"""', "return"))
    return [line for line in solution if distinctive(line)], [line for line in hidden if distinctive(line)]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_no_solution_and_no_hidden_test_in_exercises(chapter):
    solution, hidden = solution_and_hidden_lines(ROOT / "solutions" / f"{chapter}.ipynb")
    assert len(solution) >= 3 and len(hidden) >= 3, "the check below would prove nothing"
    learner = "\n".join(
        [(ROOT / "exercises" / f"{chapter}.ipynb").read_text()]
        + [p.read_text() for p in (ROOT / "exercises" / "tests" / chapter).glob("*.py")]
    )
    nb = nbformat.read(ROOT / "exercises" / f"{chapter}.ipynb", as_version=4)
    texts = [c.source for c in nb.cells] + [
        p.read_text() for p in (ROOT / "exercises" / "tests" / chapter).glob("*.py")
    ]
    lines = {line.strip() for text in texts for line in text.split("\n")}
    leaked = [line for line in solution if line in lines]
    assert not leaked, f"solution lines appear in exercises/: {leaked[:3]}"
    leaked = [line for line in hidden if line in lines or line in learner]
    assert not leaked, f"hidden test lines appear in exercises/: {leaked[:3]}"
    public = "\n".join(p.read_text() for p in (ROOT / "exercises" / "tests" / chapter).glob("*.py"))
    assert "hidden=True" not in public and "_hidden_" not in public and "_hidden_" not in learner


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_learner_cell_is_valid_python(chapter):
    """The blanks otter leaves (`...`) must still parse, so a learner sees a failing check, not a SyntaxError."""
    nb = nbformat.read(ROOT / "exercises" / f"{chapter}.ipynb", as_version=4)
    for index, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
        try:
            ast.parse(cell.source)
        except SyntaxError as error:
            pytest.fail(f"code cell {index} of exercises/{chapter}.ipynb does not parse ({error.msg}):\n{cell.source}")


def environment(chapter: str, answers: dict[str, str] | None = None) -> dict:
    """The globals of the learner notebook run top to bottom with these answers (the master's for the others),
    without the set-up and check cells."""
    env: dict = {"__name__": "__main__"}
    nb = submission(chapter, answers)
    code = [c.source for c in nb.cells if c.cell_type == "code" and not c.source.startswith("grader.check(")]
    for source in [f"import sys\nsys.path.insert(0, {str(ROOT)!r})"] + code[1:]:
        exec(source, env)
    return env


def public_tests(chapter: str, question: str, code: str) -> ExceptionTestFile:
    """Run a question's public tests (what `grader.check` runs) on the master's answers with `code` swapped in."""
    env = environment(chapter)
    exec(code, env)
    test = ExceptionTestFile.from_file(str(ROOT / "exercises" / "tests" / chapter / f"{question}.py"))
    with np.errstate(all="ignore"):
        test.run(env)
    return test


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_master_answers_pass_the_public_tests(chapter):
    for question in sorted(p.stem for p in (ROOT / "exercises" / "tests" / chapter).glob("q*.py")):
        test = public_tests(chapter, question, "")
        assert test.passed_all, f"{chapter} {question}: {test.summary()}"


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m[0] for m in MISTAKES])
def test_each_common_mistake_gets_feedback_that_names_it(mistake):
    _, chapter, question, code, fragment = mistake
    test = public_tests(chapter, question, code)
    messages = [r.message for r in test.test_case_results if not r.passed]
    assert messages, f"the wrong answer passed {chapter} {question}"
    assert any(fragment in m for m in messages), f"feedback does not say '{fragment}':\n{messages}"


def test_a_failure_shows_the_feedback_message_and_no_line_of_the_test():
    """otter prints "Error at line N in test q1:" and the test file's line where a test failed; for helpers.feedback's
    test_case it prints the feedback message alone."""
    for _, chapter, question, code, _ in MISTAKES:
        test = public_tests(chapter, question, code)
        source = (ROOT / "exercises" / "tests" / chapter / f"{question}.py").read_text()
        lines = {line.strip() for line in source.splitlines() if len(line.strip()) > 8}
        for result in test.test_case_results:
            if not result.passed:
                shown = {line.strip() for line in result.message.splitlines()}
                assert not shown & lines, f"{chapter} {question} shows test code: {shown & lines}"
                assert "Error at line" not in result.message and "AssertionError" not in result.message


def test_the_tuple_tokeniser_is_not_shown_the_right_tokens():
    test = public_tests("07_rnn", "q3", "def word_tokens(sentence):\n    return tuple(sentence.split())\n")
    message = test.test_case_results[0].message
    assert "glued to 'man'" in message and "'man', '?'" not in message


@pytest.fixture(scope="module")
def autograder_tests(regenerated):
    return {c: scoring.load_tests(regenerated / "autograder" / f"{c}.zip") for c in CHAPTERS}


@pytest.mark.parametrize("alternative", ALTERNATIVES, ids=[a[0] for a in ALTERNATIVES])
def test_correct_answers_written_differently_pass_every_test(alternative, autograder_tests):
    _, chapter, answers = alternative
    env = environment(chapter, answers)
    for question, test in autograder_tests[chapter].items():
        with np.errstate(all="ignore"):
            test.run(env)
        failed = [r.message for r in test.test_case_results if not r.passed]
        assert not failed, f"{chapter} {question}: {failed}"


# The questions whose answer is a number (or an array) the public test states, and the function it comes from.
# Chapter 1 has none: any lists that show Question 3's bugs are right, and my_argmax is Question 1's to judge.
FIXED_VALUES = {
    "02_softmax": ("q3", "softmax"),
    "03_cross_entropy": ("q3", "cross_entropy_from_logits"),
    "04_softmax_jacobian": ("q3", "second_differences"),
    "05_ce_vs_squared_error": ("q2", "compare_losses"),
    "06_nn1_vs_nn2": ("q4", "mean_cross_entropy"),
    "07_rnn": ("q3", "word_tokens"),
    "08_calibration": ("q3", "fit_temperature"),
}


@pytest.mark.parametrize("chapter", sorted(FIXED_VALUES))
def test_a_copied_number_cannot_pass_a_fixed_value_question(chapter, autograder_tests):
    """Right values typed in, but the function they should come from missing: the public test passes, a hidden one
    fails, and the question (all or nothing) scores 0."""
    question, function = FIXED_VALUES[chapter]
    env = environment(chapter)
    env.pop(function)
    if chapter == "05_ce_vs_squared_error":  # the public test calls it: one that knows only the example
        env[function] = lambda p, label: (-np.log(0.57), 0.1849, 0.2954)
    if chapter == "07_rnn":  # a tokeniser that knows only the two example sentences
        env[function] = lambda s: {"What's up man?": ["What's", "up", "man", "?"], "Hi!": ["Hi", "!"]}.get(s)
    test = autograder_tests[chapter][question]
    with np.errstate(all="ignore"):
        test.run(env)
    public = [r.passed for r in test.test_case_results if not r.test_case.hidden]
    hidden = [r.passed for r in test.test_case_results if r.test_case.hidden]
    assert public and all(public) and hidden and not all(hidden), (chapter, test.test_case_results)
    assert test.all_or_nothing and test.score == 0


# One wrong answer to an earlier question per chapter, whose function a later question uses (or whose old hidden
# tests a later question re-ran): it must cost its own question only.
EARLIER_MISTAKES = {
    "01_argmax": "argmax-ties-to-last",
    "02_softmax": "softmax-twice",
    "03_cross_entropy": "ce-from-logits-sum",
    "04_softmax_jacobian": "jacobian-diagonal-only",
    "05_ce_vs_squared_error": "se-grad-without-jacobian",
    "06_nn1_vs_nn2": "error-wrong-axis",
    "07_rnn": "rnn-no-tanh",
    "08_calibration": "ece-unweighted-mean-of-bins",
}


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_a_wrong_earlier_answer_costs_no_point_of_a_later_question(chapter, autograder_tests):
    """A mistake costs once: the master's answers, then an earlier question's answer swapped for a wrong one (run
    after them, so that the later questions' own answers stay right while the function they were computed with is now
    wrong). The earlier question loses points; every later question gets all of them, hidden tests included."""
    _, _, wrong, code, _ = next(m for m in MISTAKES if m[0] == EARLIER_MISTAKES[chapter])
    env = environment(chapter)
    exec(code, env)
    questions = sorted(autograder_tests[chapter], key=lambda q: int(q[1:]))
    later = questions[questions.index(wrong) + 1 :]
    assert later, f"{chapter} {wrong}: no later question to check"
    scores = {}
    for question in [wrong, *later]:
        test = autograder_tests[chapter][question]
        with np.errstate(all="ignore"):
            test.run(env)
        failed = [r.test_case.name for r in test.test_case_results if not r.passed]
        scores[question] = (test.score, test.possible, failed)
    assert scores[wrong][0] < scores[wrong][1], f"{chapter}: the wrong answer to {wrong} lost no point"
    lost = {q: s for q, s in scores.items() if q != wrong and s[0] != s[1]}
    assert not lost, f"{chapter}: a wrong {wrong} costs later questions points: {lost}"


def test_every_promised_mistake_is_covered():
    ids = {m[0] for m in MISTAKES}
    assert set(PROMISED.values()) <= ids


def test_grader_check_gives_feedback_in_the_learner_notebook():
    """Execute exercises/01_argmax.ipynb in a kernel, one answer wrong: grader.check shows the teaching message,
    and no line of the test."""
    ties_to_last = next(m[3] for m in MISTAKES if m[0] == "argmax-ties-to-last")
    nb = submission("01_argmax", {"q1": ties_to_last})
    log = ROOT / "exercises" / ".OTTER_LOG"  # otter logs each check next to the notebook (git-ignored)
    existed = log.exists()
    try:
        NotebookClient(
            nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "exercises")}}
        ).execute()
    finally:
        if not existed:
            log.unlink(missing_ok=True)
    outputs = {}
    for cell in nb.cells:
        if cell.source.startswith("grader.check("):
            text = "".join(o.get("text", "") + str(o.get("data", {}).get("text/plain", "")) for o in cell.outputs)
            outputs[cell.source.split('"')[1]] = text
    assert "return the LOWEST index" in outputs["q1"] and "diagnose(" not in outputs["q1"]
    assert "passed" in outputs["q2"] and "failed" not in outputs["q2"]
    assert "passed" in outputs["q3"] and "failed" not in outputs["q3"]


def test_first_cell_sets_up_colab_and_is_harmless_elsewhere():
    for chapter in CHAPTERS:
        first = next(
            c
            for c in nbformat.read(ROOT / "exercises" / f"{chapter}.ipynb", as_version=4).cells
            if c.cell_type == "code"
        ).source
        ast.parse(first)
        assert '"git", "clone"' in first and "COURSE_REPO" in first and "otter-grader==7.0.0" in first
        assert f'"exercises" / "tests" / "{chapter}"' in first
        # the only installs happen when something is missing: helpers (and a clone for the tests) outside a
        # checkout, otter when not importable
        assert first.count('"pip", "install"') == 2 and "except ImportError" in first


@pytest.mark.parametrize("hide", [False, True])
def test_exercise_pages_show_solutions_collapsed_or_not_at_all(tmp_path, hide):
    """Build one exercise page with Sphinx as the book does (sphinx-exercise, `hide_solutions` from _config.yml)."""
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert config["sphinx"]["config"]["hide_solutions"] is False, "the published site shows the solutions (collapsed)"
    assert "sphinx_exercise" in config["sphinx"]["extra_extensions"]
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        f"extensions = ['myst_parser', 'sphinx_exercise']\nhide_solutions = {hide}\n"
        "myst_enable_extensions = ['dollarmath', 'amsmath', 'colon_fence']\n"
    )
    page = (ROOT / "solutions" / "pages" / "02_softmax.md").read_text()
    (src / "index.md").write_text(page)
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-n", "-q", "-b", "html", str(src), str(tmp_path / "html")],
        check=True,
        capture_output=True,
    )
    html = (tmp_path / "html" / "index.html").read_text()
    assert "Question 1" in html and "Question 4" in html and "colab.research.google.com" in html
    if hide:
        assert "keepdims" not in html and "dropdown" not in html
    else:
        assert html.count("dropdown") >= 4 and "keepdims" in html


# The known mistakes' ids (issue 31: the class report ranks the mistakes a check recognised, by id, and links each
# to the section that teaches it): solutions/mistakes.yml is their registry.
REGISTRY = ROOT / "solutions" / "mistakes.yml"
MISTAKE_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def mistake_ids_used() -> dict[str, set[str]]:
    """{id: the chapters whose tests name it}: the third element of a `verdict` variant or of a test's own list of
    known wrong answers, `(message, wrong answer, "id")`, every string of a `mistake=` argument, and the default of
    a `mistake` parameter, in the test cells of every master notebook."""
    used: dict[str, set[str]] = {}
    for master in MASTERS:
        nb = nbformat.read(master, as_version=4)
        for cell in nb.cells:
            if cell.cell_type != "code" or "def test_" not in cell.source:
                continue
            found = []
            for node in ast.walk(ast.parse(cell.source)):
                if isinstance(node, ast.Tuple) and len(node.elts) == 3 and isinstance(node.elts[2], ast.Constant):
                    found.append(node.elts[2].value)
                elif isinstance(node, ast.keyword) and node.arg == "mistake":
                    found += [n.value for n in ast.walk(node.value) if isinstance(n, ast.Constant)]
                elif isinstance(node, ast.arguments):
                    named = node.args[len(node.args) - len(node.defaults) :]
                    found += [d.value for a, d in zip(named, node.defaults) if a.arg == "mistake"]
            for key in found:
                if isinstance(key, str) and key:
                    used.setdefault(key, set()).add(master.stem)
    return used


def test_every_mistake_id_is_in_the_registry_and_every_registry_id_is_used():
    import yaml

    registry = yaml.safe_load(REGISTRY.read_text())
    used = mistake_ids_used()
    assert len(used) >= 100, "the search for ids found too few to prove anything"
    malformed = sorted(key for key in used if not MISTAKE_ID.fullmatch(key))
    assert not malformed, f"mistake ids are kebab-case names: {malformed}"
    unknown = {key: sorted(chapters) for key, chapters in used.items() if key not in registry}
    assert not unknown, f"ids used in solutions/ but missing from solutions/mistakes.yml: {unknown}"
    unused = sorted(set(registry) - set(used))
    assert not unused, f"ids in solutions/mistakes.yml that no test uses: {unused}"
    for key, entry in registry.items():
        assert set(entry) == {"says", "chapter", "section"}, f"{key}: needs says, chapter and section, nothing else"
        assert isinstance(entry["says"], str) and 0 < len(entry["says"]) <= 100, f"{key}: says is a few words"


def test_every_registry_section_exists_in_its_chapter():
    import yaml

    registry = yaml.safe_load(REGISTRY.read_text())
    titles = {}
    for key, entry in registry.items():
        chapter = ROOT / "chapters" / f"{entry['chapter']}.md"
        assert chapter.is_file(), f"{key}: no chapter {entry['chapter']}"
        if chapter not in titles:
            text = chapter.read_text()
            titles[chapter] = {m.group(1).strip() for m in re.finditer(r"^#{2,3} (.+)$", text, re.MULTILINE)}
        assert entry["section"] in titles[chapter], f"{key}: no section {entry['section']!r} in {chapter.name}"


def failed_checks(chapter: str, question: str, code: str) -> list[BaseException]:
    """The exceptions a question's public tests raise on the master's answers with `code` swapped in, each test case
    run here as grading/scoring.py's grade_question runs it (`body.test_func`, the learner's globals as arguments)."""
    env = environment(chapter)
    exec(code, env)
    test = ExceptionTestFile.from_file(str(ROOT / "exercises" / "tests" / chapter / f"{question}.py"))
    errors = []
    for case in test.test_cases:
        body = case.body
        arguments = {n: env if n == "env" else env.get(n) for n in body._get_func_params()}
        try:
            with np.errstate(all="ignore"):
                body.test_func(**arguments)
        except Exception as error:
            errors.append(error)
    return errors


# The wrong answers of MISTAKES that only a generic check catches: an answer not written, not defined or not
# returned, a shape or a type, an error the learner's code raised, or a difference from the reference with no known
# wrong answer to name (their checks carry no mistake id, as there is no misconception to count).
GENERIC_CHECKS = {
    # not answered, not defined, or nothing returned
    "argmax-blank",
    "argmax-forgot-return",
    "ce-from-logits-blank",
    "colleague-blank",
    "convexity-blank",
    "explainer-blank",
    "explainer-not-defined",
    "find-bug-blank",
    "find-bug-not-defined",
    "gradient-check-blank",
    "initial-loss-blank",
    "iris-blank",
    "log-softmax-blank",
    "multilabel-blank",
    "predict-blank",
    "probe-blank",
    "rnn-backward-blank",
    "se-grad-blank",
    "se-grad-no-return",
    "softmax-blank",
    "vjp-blank",
    # the learner's function raised: `call` adds its hint (helpers.feedback.call takes no mistake id)
    "error-wrong-axis",
    "predict-no-axis",
    "softmax-axis-1",
    "softmax-no-keepdims",
    # a shape, a type or a table that is not probabilities and labels
    "bound-a-label-too-many",
    "bound-label-out-of-range",
    "bound-not-probabilities",
    "bound-one-row-as-a-vector",
    "counter-example-rows-are-not-distributions",
    "iris-two-numbers",
    "opposite-not-probabilities",
    "opposite-one-column",
    "opposite-scores-a-list",
    "probe-label-out-of-range",
    "probe-not-probabilities",
    "probe-one-label-short",
    "probe-one-row-as-a-vector",
    "se-grad-one-vector-only",
    "split-not-a-probability-vector",
    "split-two-entries",
    # a wrong value that no known wrong answer matches: the check's hint only
    "cube-a-measured-number",
    "explainer-0164",
    "se-grad-sum-over-the-batch",
    "split-not-the-highest",
    "split-not-the-lowest",
    "temperature-beyond-the-bounds",
    # the answer is right for the learner's wrong answer to an earlier question, whose own check names the mistake
    "colleague-se-too-slow",
}


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m[0] for m in MISTAKES])
def test_each_common_mistake_carries_its_id_from_the_registry(mistake):
    import yaml

    from helpers.feedback import failure

    key, chapter, question, code, fragment = mistake
    errors = failed_checks(chapter, question, code)
    naming = [e for e in errors if fragment in failure(e)]
    assert naming, f"no check of {chapter} {question} says '{fragment}': {[failure(e) for e in errors]}"
    ids = [getattr(e, "mistake", "") for e in naming]
    if key in GENERIC_CHECKS:
        assert not any(ids), f"{key} now carries a mistake id {ids}: remove it from GENERIC_CHECKS"
        return
    registry = yaml.safe_load(REGISTRY.read_text())
    assert any(ids), f"the check that recognises {key} carries no mistake id"
    assert all(i in registry for i in ids if i), f"{key}: ids {ids} not in solutions/mistakes.yml"
