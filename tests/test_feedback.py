"""helpers.feedback: each branch of the messages the exercises' tests give."""

import numpy as np
import pytest

from helpers.feedback import call, given, known_error, quiet, show, verdict


@pytest.mark.parametrize(
    "got, message",
    [
        (None, "returned None: did you forget `return`?"),
        ("abc", "returned 'abc': expected numbers."),
        ([0.5, 0.5], r"has shape \(2,\), expected \(3,\). Hint."),
        ([np.nan, 0.0, 0.0], r"\(NaN or inf\), expected .* Hint."),
        ([0.2, 0.3, 0.5], r"gave \[0.2, 0.3, 0.5\], expected \[0.659 , 0.2424, 0.0986\]. Hint."),
        ([1 / 3] * 3, "Known mistake."),
    ],
)
def test_verdict_names_what_went_wrong(got, message):
    with pytest.raises(AssertionError, match=message):
        verdict("f(z)", got, [0.659, 0.2424, 0.0986], [("Known mistake.", [1 / 3] * 3)], hint="Hint.", atol=1e-3)


def test_verdict_passes_the_right_answer_within_tolerance():
    verdict("f(z)", [0.6590001, 0.2424, 0.0986], np.array([0.659, 0.2424, 0.0986]))


def test_call_reports_what_the_function_raised():
    with pytest.raises(AssertionError, match=r"f\(0\) raised ZeroDivisionError: division by zero. Check the sum."):
        call("f(0)", lambda x: 1 / x, 0, on_error="Check the sum.")


def test_show_and_quiet():
    assert show(None) == "None" and show([[1, 2], [3, 4]]) == "[[1., 2.], [3., 4.]]"
    with np.errstate(all="raise"):
        assert quiet(np.log, 0.0) == -np.inf


def test_verdict_can_keep_the_right_value_to_itself():
    with pytest.raises(AssertionError) as failure:
        verdict(
            "q3_p",
            [0.72, 0.23, 0.05],
            [0.81, 0.164, 0.027],
            [("What the source printed.", [0.72, 0.23, 0.05])],
            reveal=False,
        )
    assert "What the source printed." in str(failure.value) and "0.81" not in str(failure.value)
    with pytest.raises(AssertionError) as failure:
        verdict("q3_p", [0.5, 0.5, 0.0], [0.81, 0.164, 0.027], hint="Hint.", reveal=False)
    assert str(failure.value) == "q3_p gave [0.5, 0.5, 0. ], which is not right. Hint."


def test_test_case_is_otters_and_a_failure_shows_only_its_message():
    """otter writes "Error at line N in test q1:", the test file's line where a test failed and the exception's type:
    for helpers.feedback.test_case it writes the feedback message alone."""
    from otter.test_files import ExceptionTestFile
    from otter.test_files import test_case as otter_test_case

    from helpers.feedback import test_case

    assert issubclass(test_case, otter_test_case)
    test = ExceptionTestFile.from_string(SOURCE, "q1.py")
    test.run({"f": lambda x: x})
    first, second = [r.message for r in test.test_case_results]
    assert first == "❌ Test case failed\nf(1) should be 2: add one."
    assert second == '❌ Test case failed\nTypeError: can only concatenate str (not "int") to str'
    assert "Error at line" not in test.summary() and "AssertionError" not in test.summary()
    assert not any(line.strip() in first + second for line in SOURCE.splitlines()[6:] if len(line.strip()) > 8)
    test.run({"f": lambda x: x + 1 if isinstance(x, int) else 0})
    assert test.passed_all and test.score == 2.0


def test_otters_own_test_case_keeps_its_message():
    """Only the failures of helpers.feedback's test_case lose otter's prefix: a test file using otter's keeps it."""
    from otter.test_files import ExceptionTestFile

    import helpers.feedback

    helpers.feedback.test_case  # noqa: B018  (makes the test case, and takes over otter's messages)
    source = SOURCE.replace("from helpers.feedback import test_case", "from otter.test_files import test_case")
    test = ExceptionTestFile.from_string(source, "q1.py")
    test.run({"f": lambda x: x})
    assert test.test_case_results[0].message.startswith("❌ Test case failed\nError at line 9 in test q1:")


SOURCE = (
    "from helpers.feedback import test_case\n\nname = 'q1'\npoints = 2\n\n"
    "@test_case(points=None, hidden=False)\n"
    "def test_q1(f):\n"
    "    right = f(1) + 0\n"
    "    assert right == 2, 'f(1) should be 2: add one.'\n\n"
    "@test_case(points=None, hidden=False)\n"
    "def test_q1_raises(f):\n"
    "    f('a') + 1\n"
)
# A test of answers: a function and a variable, checked by `call`, `verdict` and `given`.
ANSWERS = (
    "from helpers.feedback import test_case\n\nname = 'q3'\npoints = 1\n\n"
    "@test_case(points=None, hidden=False)\n"
    "def test_q3(f, q3_p, q3_twice):\n"
    "    from helpers.feedback import call, given, verdict\n"
    "    verdict('f(1)', call('f(1)', f, 1), 2.0)\n"
    "    verdict('q3_p', q3_p, [0.5, 0.5])\n"
    "    given('q3_twice', q3_twice)\n"
)


def blank_function(x):
    """Its body is otter's blank."""
    ...


def no_return(x):
    x = x + 1


@pytest.mark.parametrize(
    "environment, message",
    [
        ({"q3_p": [0.5, 0.5], "q3_twice": 1}, "f is not defined: run the cell that defines it, then this check."),
        ({"f": blank_function}, "f is not written yet: its body is still `...`."),
        ({"f": no_return}, "f(1) returned None: did you forget `return`?"),
        ({"f": lambda x: 1 / 0}, "f(1) raised ZeroDivisionError: division by zero."),
        ({"f": lambda x: 2.0, "q3_p": ...}, "q3_p is still `...`: not answered yet."),
        ({"f": lambda x: 2.0}, "q3_p is not defined: run the cell that defines it, then this check."),
        (
            {"f": lambda x: 2.0, "In": ["", "import numpy as np", "q3_p = np.round(softmax(z), 3)\nq3_twice = 1"]},
            "q3_p is not defined: the cell that sets it raised an error before it got there.",
        ),
        (
            {"f": lambda x: 2.0, "q3_p": [0.5, 0.5], "In": ["", "q3_p, q3_twice = [0.5, 0.5], g()"]},
            "q3_twice is not defined: the cell that sets it raised an error",
        ),
        ({"f": lambda x: 2.0, "q3_p": None}, "q3_p is None: it was set to what something returned"),
        ({"f": lambda x: 2.0, "q3_p": [0.5, 0.5], "q3_twice": ...}, "q3_twice is still `...`: not answered yet."),
    ],
)
def test_a_learner_reads_what_actually_happened(environment, message):
    """An answer cell that raised, an untouched `...`, a name never set, a function without `return`: each its own
    message (the learner's globals, which otter passes to the test, tell them apart)."""
    from otter.test_files import ExceptionTestFile

    test = ExceptionTestFile.from_string(ANSWERS, "q3.py")
    test.run(environment)
    shown = test.test_case_results[0].message
    assert shown.startswith("❌ Test case failed\n" + message), shown
    assert "returned None" not in shown or "f(1)" in shown


def test_without_the_learners_globals_a_missing_name_gets_one_message_for_both_causes():
    """When `make grade` scores (no test_case around the test), a name that is None may be unset or its cell raised."""
    with pytest.raises(AssertionError, match=r"^q3_p is not defined: run its cell \(if the cell raised an error"):
        verdict("q3_p", None, [0.5, 0.5])
    with pytest.raises(AssertionError, match=r"^predict is not defined: run its cell"):
        call("predict(4 x 3 logits, class_names)", None)
    with pytest.raises(AssertionError, match=r"^q3_p \(against your softmax\) is|^q3_p is still `...`"):
        verdict("q3_p (against your softmax)", ..., [0.5, 0.5])
    assert given("q3_a", [1.0]) == [1.0]
    with pytest.raises(AssertionError, match="q3_a is still `...`"):
        given("q3_a", ...)


@pytest.mark.parametrize(
    "error, hint",
    [
        (np.exceptions.AxisError(1, 1), "reduces along axis 1, which an array of 1 dimension(s) does not have"),
        (
            IndexError("Dimension out of range (expected to be in range of [-1, 0], but got 1)"),
            "works along dim 1, which this tensor does not have",
        ),
    ],
)
def test_an_axis_a_vector_does_not_have_gets_a_named_hint(error, hint):
    def raises(z):
        raise error

    with pytest.raises(AssertionError) as failure:
        call("softmax([2.0, 1.0, 0.1])", raises, [2.0, 1.0, 0.1], on_error="The question's own hint.")
    assert hint in str(failure.value) and "the LAST" in str(failure.value)
    assert str(failure.value).endswith("The question's own hint.")
    assert known_error(ValueError("axis 1 is out of bounds for array of dimension 1")) == ""


def test_a_function_that_is_not_a_function_is_named():
    with pytest.raises(AssertionError, match=r"softmax is 3, not a function"):
        call("softmax([1.0])", 3, [1.0])
    with pytest.raises(AssertionError, match=r"softmax is still `...`"):
        call("softmax([1.0])", ..., [1.0])
