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
