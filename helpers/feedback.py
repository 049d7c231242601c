"""Feedback for the exercises' tests: compare a learner's answer and say what went wrong, and how to fix it.

The tests in solutions/ (and, through `make exercises`, exercises/tests/) import these, so every question
speaks the same way: `call` runs the learner's function, `verdict` compares its result with the right one
and with known wrong answers (each with the message that names that mistake).

`test_case` is otter-grader's test-case decorator, except that a failing test shows the learner only its message:
otter prints the test file's line where the failure left the test function (the reference answer, every mistake
message and the hint sit on such lines); this one re-raises the failure from a frame that points at no line.
`make exercises` makes every test file import it (otter is imported only then, so `helpers` does not need otter).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike


def show(values: ArrayLike | None) -> str:
    """Numbers on one line, 4 decimals, as a feedback message quotes them.

    >>> show([0.659001, 0.242433, 0.098566])
    '[0.659 , 0.2424, 0.0986]'
    """
    if values is None:
        return "None"
    array = np.asarray(values, dtype=float)
    return np.array2string(array, precision=4, suppress_small=True, separator=", ", max_line_width=10**6).replace(
        "\n", ""
    )


def call(where: str, function: Any, *args: Any, on_error: str = "") -> Any:
    """`function(*args)`, or an AssertionError that says the function is missing or what it raised.

    >>> call("f(2)", lambda x: x + 1, 2)
    3
    >>> call("f(2)", None, 2)
    Traceback (most recent call last):
    AssertionError: f is not defined: run the cell that defines it, then this check.
    """
    if not callable(function):
        raise AssertionError(f"{where.split('(')[0]} is not defined: run the cell that defines it, then this check.")
    try:
        return function(*args)
    except Exception as error:
        raise AssertionError(f"{where} raised {type(error).__name__}: {error}. {on_error}") from None


def verdict(
    where: str,
    got: Any,
    right: ArrayLike,
    variants: Sequence[tuple[str, ArrayLike]] = (),
    hint: str = "",
    atol: float = 1e-6,
    reveal: bool = True,
) -> None:
    """Pass if `got` equals `right`; else raise an AssertionError naming the mistake.

    `variants` are (message, wrong answer) pairs: when `got` equals a known wrong answer, its message says
    what went wrong. Otherwise the message gives the shape or the numbers and the `hint`. With `reveal=False`
    (for a question whose answer IS the number) no message quotes the right value.

    >>> verdict("softmax([2.0, 1.0, 0.1])", [7.389, 2.718, 1.105], [0.659, 0.2424, 0.0986],
    ...         [("The values do not sum to 1: divide by their sum.", [7.389, 2.718, 1.105])],
    ...         atol=1e-3)  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    AssertionError: softmax([2.0, 1.0, 0.1]) gave [7.389, 2.718, 1.105], expected [0.659 , 0.2424, 0.0986].
    The values do not sum to 1: divide by their sum.
    """
    if got is None:
        raise AssertionError(f"{where} returned None: did you forget `return`?")
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        raise AssertionError(f"{where} returned {got!r}: expected numbers.") from None
    right = np.asarray(right, dtype=float)
    if got.shape == right.shape and np.allclose(got, right, atol=atol, rtol=1e-6):
        return
    expected = f", expected {show(right)}" if reveal else ""
    for message, wrong in variants:
        wrong = np.asarray(wrong, dtype=float)
        if got.shape == wrong.shape and np.allclose(got, wrong, atol=atol, rtol=1e-6, equal_nan=True):
            raise AssertionError(f"{where} gave {show(got)}{expected}. {message}")
    if got.shape != right.shape:
        raise AssertionError(f"{where} has shape {got.shape}, expected {right.shape}. {hint}")
    if not np.all(np.isfinite(got)):
        raise AssertionError(f"{where} gave {show(got)} (NaN or inf){expected}. {hint}")
    raise AssertionError(f"{where} gave {show(got)}{expected or ', which is not right'}. {hint}")


def quiet(function: Callable[..., Any], *args: Any) -> Any:
    """`function(*args)` with numpy's overflow and invalid-value warnings silenced (for known wrong answers).

    >>> quiet(np.exp, 1000.0)
    np.float64(inf)
    """
    with np.errstate(all="ignore"):
        return function(*args)


# A function whose code says it starts at line 0: otter shows the test file's lines [line - 1, line), none here.
_frame: dict[str, Any] = {}
exec(compile("def reraise(error): raise error.with_traceback(None) from None", "<feedback>", "exec"), _frame)
_frame["reraise"].__code__ = _frame["reraise"].__code__.replace(co_firstlineno=0)


@functools.cache
def _test_case() -> type:
    from otter.test_files import test_case as otter_test_case

    class test_case(otter_test_case):
        """otter's test case; a failure shows its message only, never the test's source line."""

        def call_func(self, global_environment: dict[str, Any]) -> None:
            try:
                super().call_func(global_environment)
            except Exception as error:
                _frame["reraise"](error)

    return test_case


def __getattr__(name: str) -> Any:
    """`from helpers.feedback import test_case` (what `make exercises` writes into every test file)."""
    if name == "test_case":
        return _test_case()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
