"""helpers.feedback: each branch of the messages the exercises' tests give."""

import numpy as np
import pytest

from helpers.feedback import call, quiet, show, verdict


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
    """otter prints the test file's line where a test failed: helpers.feedback.test_case leaves it empty."""
    from otter.test_files import ExceptionTestFile
    from otter.test_files import test_case as otter_test_case

    from helpers.feedback import test_case

    assert issubclass(test_case, otter_test_case)
    source = (
        "from helpers.feedback import test_case\n\nname = 'q1'\npoints = 2\n\n"
        "@test_case(points=None, hidden=False)\n"
        "def test_q1(f):\n"
        "    right = f(1) + 0\n"
        "    assert right == 2, 'f(1) should be 2: add one.'\n\n"
        "@test_case(points=None, hidden=False)\n"
        "def test_q1_raises(f):\n"
        "    f('a') + 1\n"
    )
    test = ExceptionTestFile.from_string(source, "q1.py")
    test.run({"f": lambda x: x})
    first, second = [r.message for r in test.test_case_results]
    assert first.endswith("Error at line 0 in test q1:\n\nAssertionError: f(1) should be 2: add one.")
    assert second.endswith('TypeError: can only concatenate str (not "int") to str')
    assert not any(line.strip() in first + second for line in source.splitlines()[6:] if len(line.strip()) > 8)
    test.run({"f": lambda x: x + 1 if isinstance(x, int) else 0})
    assert test.passed_all and test.score == 2.0
