"""Feedback for the exercises' tests: compare a learner's answer and say what went wrong, and how to fix it.

The tests in solutions/ (and, through `make exercises`, exercises/tests/) import these, so every question
speaks the same way: `call` runs the learner's function, `verdict` compares its result with the right one
and with known wrong answers (each with the message that names that mistake), `given` checks that an answer
variable is set. Each says what actually happened when there is no answer to check: the name is still `...`
(not answered yet), it is not defined (its cell was not run, or raised an error before setting it), or a
function raised (with a named hint for the errors that have a usual cause, such as an axis a vector does not have).

`test_case` is otter-grader's test-case decorator, except that a failing test shows the learner only its message.
otter writes a failure as "Error at line N in test q1:", then the test file's line where the failure left the test
function (the reference answer, every mistake message and the hint sit on such lines), then the exception's type:
for the failures of these test cases it writes the message alone (an AssertionError's text, or another exception's
type and text). The test case also lets `call`, `verdict` and `given` see the learner's globals while it runs, to
tell a name never set from one whose cell raised. `make exercises` makes every test file import it (otter is
imported only then, so `helpers` does not need otter).
"""

from __future__ import annotations

import contextvars
import dis
import functools
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

# The learner's globals while one of `test_case`'s tests runs (None elsewhere, as when `make grade` scores).
_ENVIRONMENT: contextvars.ContextVar[Mapping[str, Any] | None] = contextvars.ContextVar("environment", default=None)

# Errors with a usual cause in these exercises: (exception type name, pattern of its message, what to do).
_KNOWN_ERRORS = [
    (
        "AxisError",
        r"axis (-?\d+) is out of bounds for array of dimension (\d+)",
        "Your code reduces along axis {0}, which an array of {1} dimension(s) does not have: one vector of logits "
        "has shape (C,), a batch (N, C). The classes are on the LAST axis in both, and axis=-1 names it in both.",
    ),
    (
        "IndexError",
        r"Dimension out of range \(expected to be in range of \[-?\d+, -?\d+\], but got (-?\d+)\)",
        "Your code works along dim {0}, which this tensor does not have: one vector of logits has shape (C,), a "
        "batch (N, C). The classes are on the LAST dimension in both, and dim=-1 names it in both.",
    ),
]


def fail(message: str, advice: str = "", mistake: str = "") -> AssertionError:
    """The AssertionError a check raises: `message` for the learner at the notebook, and two attributes for the
    grader: `advice`, what was wrong and how to fix it without any input or expected value (what an instructor may
    hand back for a hidden test), and `mistake`, the id of the known mistake it recognised ("" if none).

    Used by `verdict`, `call` and `given`, for the tests of the exercises of chapters 1 to 8.

    >>> error = fail("softmax([1, 2]) gave [1, 2], expected [0.27, 0.73]. Exponentiate first.", "Exponentiate first.")
    >>> str(error), error.advice, error.mistake
    ('softmax([1, 2]) gave [1, 2], expected [0.27, 0.73]. Exponentiate first.', 'Exponentiate first.', '')
    """
    error = AssertionError(message)
    error.advice = advice or message  # type: ignore[attr-defined]
    error.mistake = mistake  # type: ignore[attr-defined]
    return error


def show(values: ArrayLike | None) -> str:
    """Numbers on one line, 4 decimals, as a feedback message quotes them.

    Used by the tests of the exercises of chapters 2 to 8: `verdict` quotes numbers with it.

    >>> show([0.659001, 0.242433, 0.098566])
    '[0.659 , 0.2424, 0.0986]'
    """
    if values is None:
        return "None"
    array = np.asarray(values, dtype=float)
    return np.array2string(array, precision=4, suppress_small=True, separator=", ", max_line_width=10**6).replace(
        "\n", ""
    )


def _sets(name: str, source: str) -> bool:
    """Whether a cell's code defines `name` (`def name(`) or assigns it (`name = `, `a, name = `)."""
    name = re.escape(name)
    defines = rf"^\s*def\s+{name}\s*\("
    assigns = rf"^[ \t]*(?:[\w\[\]()'\". ]+,\s*)*{name}\s*(?:,[\w\[\]()'\"., ]*)?(?::[^=\n]*)?=(?!=)"
    return re.search(defines, source, re.MULTILINE) is not None or re.search(assigns, source, re.MULTILINE) is not None


def missing(name: str, value: Any) -> str:
    """Why the answer `name` cannot be checked: it is still `...`, or it is not defined, or it is None.

    Used by the tests of the exercises of chapters 1 to 8, through `call`, `verdict` and `given`.

    While a test runs in the learner's notebook (`grader.check`), the learner's globals tell a name whose cell was
    never run from one whose cell raised an error before setting it (the cell is in the notebook's history, `In`).

    >>> missing("q3_p", ...)
    'q3_p is still `...`: not answered yet. Replace the `...` with your answer and run its cell.'
    >>> missing("softmax", None)
    'softmax is not defined: run its cell (if the cell raised an error, fix that first), then this check.'
    """
    if value is Ellipsis:
        return f"{name} is still `...`: not answered yet. Replace the `...` with your answer and run its cell."
    environment = _ENVIRONMENT.get()
    if environment is None:
        return f"{name} is not defined: run its cell (if the cell raised an error, fix that first), then this check."
    if name in environment:
        return (
            f"{name} is None: it was set to what something returned, and that was None (a function without "
            "`return`?). Set it to your answer, run the cell, then this check."
        )
    history = environment.get("In")
    if isinstance(history, list) and any(isinstance(cell, str) and _sets(name, cell) for cell in history):
        return (
            f"{name} is not defined: the cell that sets it raised an error before it got there. Read the error "
            "under that cell, fix it, run the cell again, then this check."
        )
    return f"{name} is not defined: run the cell that defines it, then this check."


def given(name: str, value: Any) -> Any:
    """`value`, the learner's answer `name`, or an AssertionError saying why there is none to check (`missing`).

    Used by the tests of the exercises of chapters 1 to 7, for answers checked otherwise than by `verdict`.

    >>> given("q3_a", [-1.0, 0.0])
    [-1.0, 0.0]
    >>> given("q3_a", ...)
    Traceback (most recent call last):
    AssertionError: q3_a is still `...`: not answered yet. Replace the `...` with your answer and run its cell.
    """
    if value is None or value is Ellipsis:
        raise fail(missing(name, value))
    return value


def given_predictions(
    probs_name: str, probs: Any, labels_name: str, labels: Any, classes: int | None = None, most: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The learner's predictions as arrays `(p, y)`: a table of probabilities, one row each, and their classes.

    Used by the tests of the exercises of chapters 6 and 8, where the learner builds a batch.

    An AssertionError says what is wrong: an answer not set (`given`), not numbers, not one row of `classes` (or at
    least 2) probabilities per example (at most `most` rows), not one label per row, a label that is not a class
    index, or a row that is not a probability vector.

    >>> p, y = given_predictions("q1_probs", [[0.7, 0.3], [0.4, 0.6]], "q1_labels", [0, 0])
    >>> p.shape, y.tolist()
    ((2, 2), [0, 0])
    >>> given_predictions("q1_probs", [[0.7, 0.3]], "q1_labels", [2])
    Traceback (most recent call last):
    AssertionError: q1_labels must be class indices from 0 to 1, one per row of q1_probs: got [2].
    """
    try:
        p = np.asarray(given(probs_name, probs), dtype=float)
        y = np.asarray(given(labels_name, labels))
    except (TypeError, ValueError):
        raise AssertionError(
            f"{probs_name} must be a table of numbers (N rows, C columns) and {labels_name} N class indices."
        ) from None
    width = f"{classes}" if classes is not None else "C >= 2"
    fits = p.ndim == 2 and p.shape[0] >= 1 and (p.shape[1] == classes if classes else p.shape[1] >= 2)
    assert fits and (most is None or len(p) <= most), (
        f"{probs_name} has shape {p.shape}: expected {'1 to ' + str(most) if most else 'N'} rows of {width} "
        "probabilities, one row per example, even for one."
    )
    assert y.shape == (len(p),), f"{labels_name} has shape {y.shape}: expected one label per row of {probs_name}."
    indices = y.astype(float) if y.dtype.kind in "iuf" else np.full(y.shape, np.nan)
    assert np.all(np.isin(indices, np.arange(p.shape[1]))), (
        f"{labels_name} must be class indices from 0 to {p.shape[1] - 1}, one per row of {probs_name}: "
        f"got {y.tolist()}."
    )
    assert np.all(np.isfinite(p)) and np.all(p >= 0) and np.allclose(p.sum(axis=1), 1.0, atol=1e-9), (
        f"Every row of {probs_name} must be a probability vector: entries >= 0 that sum to 1."
    )
    return p, y.astype(int)


def _blank(function: Any) -> bool:
    """Whether a function does nothing but return None: its body is still otter's `...` (or `pass`)."""
    code = getattr(function, "__code__", None)
    if code is None:
        return False
    steps = [(i.opname, i.argval) for i in dis.get_instructions(code) if i.opname not in ("RESUME", "NOP", "CACHE")]
    return steps in ([("LOAD_CONST", None), ("RETURN_VALUE", None)], [("RETURN_CONST", None)])


def known_error(error: BaseException) -> str:
    """What to do about an error that has a usual cause in these exercises, or "" (`call` adds it to its message).

    Used by the tests of the exercises of chapters 1 to 8, through `call`.

    >>> known_error(np.exceptions.AxisError(1, 1))[:56]
    'Your code reduces along axis 1, which an array of 1 dime'
    """
    for type_name, pattern, hint in _KNOWN_ERRORS:
        found = re.search(pattern, str(error))
        if type(error).__name__ == type_name and found:
            return hint.format(*found.groups())
    return ""


def call(where: str, function: Any, *args: Any, on_error: str = "") -> Any:
    """`function(*args)`, or an AssertionError that says the function is missing, not written yet, or what it raised.

    Used by the tests of the exercises of chapters 1 to 8 (solutions/NN_name.ipynb).

    >>> call("f(2)", lambda x: x + 1, 2)
    3
    >>> call("f(2)", None, 2)
    Traceback (most recent call last):
    AssertionError: f is not defined: run its cell (if the cell raised an error, fix that first), then this check.
    >>> def f(x):
    ...     ...
    >>> call("f(2)", f, 2)
    Traceback (most recent call last):
    AssertionError: f is not written yet: its body is still `...`. Write it, run its cell, then this check.
    """
    name = where.split("(")[0].strip()
    if not callable(function):
        if function is None or function is Ellipsis:
            raise fail(missing(name, function))
        raise fail(f"{name} is {function!r}, not a function: define it with `def {name}(...):`.")
    try:
        result = function(*args)
    except Exception as error:
        hint = " ".join(part for part in (known_error(error), on_error) if part)
        advice = f"{name} raised {type(error).__name__} on some inputs. {hint}".rstrip()
        raise fail(f"{where} raised {type(error).__name__}: {error}. {hint}".rstrip(), advice) from None
    if result is None and _blank(function):
        raise fail(f"{name} is not written yet: its body is still `...`. Write it, run its cell, then this check.")
    return result


def _is_call(where: str) -> bool:
    """Whether `where` names what a function returned (`softmax([1, 2])`) rather than a variable (`q3_p`)."""
    return re.match(r"\s*[A-Za-z_]\w*(\.\w+)*\(", where) is not None


def verdict(
    where: str,
    got: Any,
    right: ArrayLike,
    variants: Sequence[tuple[str, ArrayLike] | tuple[str, ArrayLike, str]] = (),
    hint: str = "",
    atol: float = 1e-6,
    reveal: bool = True,
) -> None:
    """Pass if `got` equals `right`; else raise an AssertionError naming the mistake.

    Used by the tests of the exercises of chapters 1 to 8 (solutions/NN_name.ipynb).

    `where` is what `got` is: a call (`softmax([2.0, 1.0, 0.1])`, what the function returned) or an answer variable
    (`q3_p`, or `q3_p (against your softmax)`). `variants` are (message, wrong answer) pairs: when `got` equals a
    known wrong answer, its message says what went wrong. Otherwise the message gives the shape or the numbers and
    the `hint`. With `reveal=False` (for a question whose answer IS the number) no message quotes the right value.

    >>> verdict("softmax([2.0, 1.0, 0.1])", [7.389, 2.718, 1.105], [0.659, 0.2424, 0.0986],
    ...         [("The values do not sum to 1: divide by their sum.", [7.389, 2.718, 1.105])],
    ...         atol=1e-3)  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    AssertionError: softmax([2.0, 1.0, 0.1]) gave [7.389, 2.718, 1.105], expected [0.659 , 0.2424, 0.0986].
    The values do not sum to 1: divide by their sum.
    >>> verdict("q3_p", ..., [0.81, 0.163, 0.027])
    Traceback (most recent call last):
    AssertionError: q3_p is still `...`: not answered yet. Replace the `...` with your answer and run its cell.
    """
    call_result = _is_call(where)
    name = re.split(r"[\s(\[]", where.strip(), maxsplit=1)[0]
    if got is None or got is Ellipsis:
        if not call_result:
            raise fail(missing(name, got))
        if got is None:
            advice = f"{name} returned None: did you forget `return`? (If its body is still `...`, write it first.)"
            raise fail(f"{where}{advice[len(name) :]}", advice)
        raise fail(f"{where} returned `...`: write the function's body and return its result.")
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        what = "returned" if call_result else "is"
        raise fail(f"{where} {what} {got!r}: expected numbers.", f"{name} {what} not numbers.") from None
    right = np.asarray(right, dtype=float)
    if got.shape == right.shape and np.allclose(got, right, atol=atol, rtol=1e-6):
        return
    expected = f", expected {show(right)}" if reveal else ""
    for message, wrong, *key in variants:
        wrong = np.asarray(wrong, dtype=float)
        if got.shape == wrong.shape and np.allclose(got, wrong, atol=atol, rtol=1e-6, equal_nan=True):
            raise fail(f"{where} gave {show(got)}{expected}. {message}", message, key[0] if key else "")
    about = f"{name} gave a wrong result" if call_result else f"{name} is not right"
    if got.shape != right.shape:
        raise fail(f"{where} has shape {got.shape}, expected {right.shape}. {hint}", f"{about}: its shape. {hint}")
    if not np.all(np.isfinite(got)):
        raise fail(f"{where} gave {show(got)} (NaN or inf){expected}. {hint}", f"{about} (NaN or inf). {hint}")
    raise fail(f"{where} gave {show(got)}{expected or ', which is not right'}. {hint}", f"{about}. {hint}".strip())


def quiet(function: Callable[..., Any], *args: Any) -> Any:
    """`function(*args)` with numpy's overflow and invalid-value warnings silenced (for known wrong answers).

    Used by the tests of the exercises of chapters 2, 3 and 8, for wrong answers that overflow.

    >>> quiet(np.exp, 1000.0)
    np.float64(inf)
    """
    with np.errstate(all="ignore"):
        return function(*args)


def failure(error: BaseException) -> str:
    """What the learner reads when a test case fails: an AssertionError's message, or another error's type and text.

    Used by the tests of the exercises of chapters 1 to 8: otter's `grader.check` shows it for `test_case`'s tests.

    >>> failure(AssertionError("q3_p is not right."))
    'q3_p is not right.'
    >>> failure(ZeroDivisionError("division by zero"))
    'ZeroDivisionError: division by zero'
    """
    text = str(error).strip()
    if isinstance(error, AssertionError):
        return text or "a check failed"
    return f"{type(error).__name__}: {text}"


# A function whose code says it starts at line 0: otter shows the test file's lines [line - 1, line), none here.
# (Kept for an otter whose error messages `_feedback_only` below could not take over: it still shows no test line.)
_frame: dict[str, Any] = {}
exec(compile("def reraise(error): raise error.with_traceback(None) from None", "<feedback>", "exec"), _frame)
_frame["reraise"].__code__ = _frame["reraise"].__code__.replace(co_firstlineno=0)
_MARK = "_feedback_failure"  # set on an exception a `test_case` test raised: otter then shows `failure(error)` only


def _feedback_only() -> None:
    """Make otter write the failures of `test_case`'s tests as their message alone (once per process).

    otter's `ExceptionTestFile._generate_error_message` writes "Error at line N in test q1:", the test's source line
    and the exception's type before its text; for an exception marked by `test_case` this writes `failure(error)`.
    Other exceptions (tests that use otter's own test_case) keep otter's message.
    """
    from otter.test_files import exception_test

    original = exception_test.ExceptionTestFile._generate_error_message
    if getattr(original, _MARK, False):
        return

    def message(self: Any, excp: Exception, context: int = 0) -> str:
        if getattr(excp, _MARK, False):
            return failure(excp)
        return str(original(self, excp, context))

    setattr(message, _MARK, True)
    exception_test.ExceptionTestFile._generate_error_message = message


@functools.cache
def _test_case() -> type:
    from otter.test_files import test_case as otter_test_case

    try:
        _feedback_only()
    except (ImportError, AttributeError):  # another otter: the failure then shows otter's prefix, still no test line
        pass

    class test_case(otter_test_case):  # type: ignore[misc]  # otter ships no types: its test_case is Any
        """otter's test case; a failure shows its message only, never the test's source line."""

        def call_func(self, global_environment: dict[str, Any]) -> None:
            token = _ENVIRONMENT.set(global_environment)
            try:
                super().call_func(global_environment)
            except Exception as error:
                try:
                    setattr(error, _MARK, True)
                except (AttributeError, TypeError):
                    pass
                _frame["reraise"](error)
            finally:
                _ENVIRONMENT.reset(token)

    return test_case


def __getattr__(name: str) -> Any:
    """`from helpers.feedback import test_case` (what `make exercises` writes into every test file)."""
    if name == "test_case":
        return _test_case()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
