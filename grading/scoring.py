"""Scoring outside the learner's process: the chapter's tests run here, with stand-ins for the learner's globals.

The tests are otter's test files as `otter assign` writes them into the autograder zip (public and hidden test
cases; the master notebooks in solutions/ are their single source). otter parses them (`ExceptionTestFile`:
test cases, points, all-or-nothing) and binds each test function's parameters to the notebook's globals
(`test_case._get_func_params`), as `grader.check` does; the test functions run in this (trusted) process. Each
parameter gets a stand-in built from the learner's kernel:
- a global that is a function becomes a `RemoteFunction`: calling it sends the arguments into the kernel as data,
  runs the learner's function there and returns its result as data (an exception as its type and message);
- any other global is fetched as data; a missing one is None (as otter passes it).
Only data crosses (grading/wire.py); every call has the question's time limit.
"""

from __future__ import annotations

import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import wire
from otter.test_files import ExceptionTestFile
from sandbox import KernelDied, Sandbox


class Stopped(BaseException):
    """The grader stopped asking the learner's kernel: it died, ran out of time, flooded or did not answer. A
    BaseException, so that the tests' own `except Exception` (helpers.feedback.call) does not report it as something
    the learner's function raised; grade_question says it once, in words."""


class Learner:
    """The learner's kernel, as the trusted side sees it."""

    def __init__(self, box: Sandbox):
        self.box = box
        self.seconds = 0.0  # the time the kernel may take to answer for the question being graded
        self.left = float("inf")  # of that time (what the grader does meanwhile does not count)
        self.problems: list[str] = []  # what went wrong while answering the grader (floods)

    def install(self) -> None:
        outcome = self.box.run(wire.install_code(), timeout=self.box.limits.cell_timeout, store_history=False)
        if outcome.died:
            raise KernelDied(self.box.dead_reason)

    def ask(self, request: dict[str, Any]) -> dict[str, Any]:
        """Send a request into the kernel; its reply (hostile data: a dict, checked by the caller)."""
        if not self.box.alive():
            raise Stopped(f"the notebook's kernel had stopped: it {self.box.dead_reason}")
        if self.left <= 0:
            raise Stopped(f"the {self.seconds:g} s this question may take ran out (an endless loop?)")
        start = time.monotonic()
        outcome = self.box.run(wire.request_code(request), timeout=self.left, store_history=False, silent=True)
        self.left -= time.monotonic() - start
        if outcome.died:
            raise Stopped(f"the notebook's kernel stopped while answering: it {self.box.dead_reason}")
        if outcome.flooded:
            self.box.settle()
            self.problems.append(f"{request['name']} printed more than {self.box.limits.max_output} bytes")
            raise Stopped(f"{request['name']} printed more than {self.box.limits.max_output} bytes and was stopped")
        if outcome.timed_out:
            raise Stopped(
                f"{request['name']} ran past the {self.seconds:g} s this question may take and was stopped"
                " (an endless loop?)"
            )
        if not outcome.published:
            ename, evalue = outcome.error or ("", "no answer")
            raise Stopped(f"the notebook did not answer the grader ({ename}: {evalue})"[:300])
        return outcome.published[-1]

    def lookup(self, name: str) -> Any:
        """The learner's global `name` as a stand-in: None if missing, a RemoteFunction, or its value as data."""
        reply = self.ask({"kind": "lookup", "name": name})
        kind = reply.get("kind")
        if kind == "missing":
            return None
        if kind == "callable":
            return RemoteFunction(self, name)
        if kind == "value" and "value" in reply:
            try:
                return wire.decode(reply["value"])
            except Exception as error:
                return wire.Unreadable("unreadable value", str(error)[:200])
        if kind == "value":
            return wire.Unreadable("value the grader cannot read", str(reply.get("unreadable", ""))[:200])
        raise RuntimeError("the notebook answered the grader with something that is not data")


class RemoteFunction:
    """Stands for the learner's function `name`: a call runs it in the learner's kernel, on data."""

    def __init__(self, learner: Learner, name: str):
        self.learner, self.__name__ = learner, name

    def __repr__(self) -> str:
        return f"<function {self.__name__} of the notebook>"

    def __call__(self, *args: Any) -> Any:
        encoded = [wire.encode(a) for a in args]
        reply = self.learner.ask({"kind": "call", "name": self.__name__, "args": encoded})
        back = reply.get("args")
        if isinstance(back, list) and len(back) == len(args):  # in-place changes of array arguments
            for original, data in zip(args, back):
                if isinstance(original, np.ndarray) and data is not None:
                    try:
                        changed = wire.decode(data)
                    except Exception:
                        continue
                    if isinstance(changed, np.ndarray) and changed.shape == original.shape:
                        np.copyto(original, changed, casting="unsafe")
        if "raised" in reply:
            raise wire.exception(reply.get("raised"), reply.get("message", ""))
        if "result" in reply:
            try:
                return wire.decode(reply["result"])
            except Exception as error:
                return wire.Unreadable("unreadable result", str(error)[:200])
        if "unreadable" in reply:
            return wire.Unreadable("result the grader cannot read", str(reply["unreadable"])[:200])
        raise RuntimeError(f"the notebook could not run {self.__name__}: {str(reply.get('failed', ''))[:300]}")


class Globals:
    """The learner's globals for a test function's `env` parameter (otter passes the whole environment)."""

    def __init__(self, learner: Learner):
        self.learner = learner

    def get(self, name: str, default: Any = None) -> Any:
        value = self.learner.lookup(name)
        return default if value is None else value

    def __getitem__(self, name: str) -> Any:
        value = self.learner.lookup(name)
        if value is None:
            raise KeyError(name)
        return value

    def __contains__(self, name: str) -> bool:
        return self.learner.lookup(name) is not None


@dataclass
class Result:
    """A question's score and, when it lost points, why (one message per failed test case)."""

    points: float
    possible: float
    messages: list[str] = field(default_factory=list)  # for the instructor: hidden tests' inputs may show
    # for the learner, one per failed case: {"hidden", "advice" (never an input or expected value), "mistake" (an id),
    # "text" (a public case's message, as `grader.check` showed it; "" for a hidden case)}
    details: list[dict[str, Any]] = field(default_factory=list)


def load_tests(zip_path: Path) -> dict[str, ExceptionTestFile]:
    """{question: its test file, hidden test cases included} from an autograder zip made by `otter assign`."""
    tests = {}
    with zipfile.ZipFile(zip_path) as archive:
        for name in archive.namelist():
            if name.startswith("tests/") and name.endswith(".py"):
                source = archive.read(name).decode()
                test = ExceptionTestFile.from_string(source, path=name)
                tests[test.name] = test
    return tests


def failure(error: BaseException) -> str:
    """What a learner reads when a test case fails: the feedback message (never the test's source)."""
    text = str(error).strip()
    if isinstance(error, AssertionError):
        return text or "a check failed"
    return f"{type(error).__name__}: {text}"


def grade_question(test: ExceptionTestFile, learner: Learner, seconds: float) -> Result:
    """Run every test case of a question (public and hidden) against the learner's notebook, here."""
    learner.left = learner.seconds = seconds
    environment = Globals(learner)
    earned, messages, details = 0.0, [], []
    for case in test.test_cases:
        body = case.body
        try:
            arguments = {n: environment if n == "env" else environment.get(n) for n in body._get_func_params()}
            with np.errstate(all="ignore"):
                body.test_func(**arguments)
        except Stopped as error:
            messages.append(str(error))
            details.append(dict(hidden=case.hidden, advice=str(error), mistake="", text=str(error)))
            break  # its time is spent or its kernel gone: the cases left fail with it
        except Exception as error:
            messages.append(("hidden test: " if case.hidden else "") + failure(error))
            shown = "" if case.hidden else failure(error)  # what grader.check showed the learner
            details.append(
                dict(hidden=case.hidden, advice=advice(error, case.hidden), mistake=mistake(error), text=shown)
            )
        else:
            earned += case.points
    possible = sum(case.points for case in test.test_cases)
    if test.all_or_nothing and messages:
        earned = 0.0
    learner.left = float("inf")
    return Result(round(earned, 6), round(possible, 6), messages, details)


def advice(error: BaseException, hidden: bool) -> str:
    """What a learner may be handed back about a failed case: the check's `advice` (helpers.feedback.fail: the mistake
    and its fix, no input or expected value); for a hidden case without one, a sentence that quotes nothing."""
    text = getattr(error, "advice", None)
    if isinstance(text, str) and text:
        return text
    if hidden:
        return "A hidden test (other inputs than the check in your notebook) failed."
    return failure(error)


def mistake(error: BaseException) -> str:
    """The id of the known mistake a failed check recognised (helpers.feedback.fail), or ""."""
    key = getattr(error, "mistake", "")
    return key if isinstance(key, str) else ""
