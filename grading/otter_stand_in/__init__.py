"""What `import otter` gives a learner's notebook inside the grading sandbox (grading/sandbox.py mounts this folder as
the package `otter`, ahead of the real one).

The grader never runs a notebook's `grader.check(...)`, `check_all`, `export` ... cells: it scores each question
itself, in its own process, where the check cell stands (grading/grade.py). So in the sandbox `otter.Notebook` only
has to exist for the set-up cell. The real otter-grader takes about 1.4 s of CPU to import, more than half of what
grading a notebook costs; this stand-in takes nothing. Whatever a notebook does to it changes no grade.
"""

from collections.abc import Callable


class Notebook:
    """The set-up cell's `grader = otter.Notebook(tests_dir=...)`; any method it is asked for does nothing."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def __getattr__(self, name: str) -> Callable[..., None]:
        return lambda *args, **kwargs: None
