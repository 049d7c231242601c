"""The test suites of `make test`, the workers that run them, and the one-line summary of each at the end.

Every test belongs to one suite, by where it lives (SUITES: shell-style patterns of node ids, first match wins).
`make test` runs them all in one pytest session spread over several workers (pytest-xdist, --dist loadgroup);
tests that must share one worker, such as the cells of one notebook (nbval runs them in one kernel, in order) or
the tests that share a module-scoped fixture (one grading run of a whole class), are kept together by an
`xdist_group` mark.

At the end pytest prints one line per suite: how many tests passed, failed or were skipped, and the seconds they
took in all (setup, call and teardown, summed over the workers).
"""

from __future__ import annotations

import fnmatch
import time
from collections import defaultdict

import pytest
from nbval.plugin import IPyNbCell

SUITES: list[tuple[str, tuple[str, ...]]] = [
    ("helpers", ("helpers/*", "tools/*", "tests/test_core.py::*", "tests/test_feedback.py::*",
                 "tests/test_information.py::*", "tests/test_jacobian.py::*", "tests/test_metrics.py::*",
                 "tests/test_rnn.py::*", "tests/test_training.py::*", "tests/test_calibration.py::*",
                 "tests/test_plotting_*.py::*", "tests/test_requirements.py::*", "tests/test_repository.py::*",
                 "tests/test_suites.py::*", "tests/suites.py::*", "tests/test_types.py::*",
                 "tests/test_docstrings.py::*")),
    ("chapters", ("chapters/*", "tests/test_notebooks.py::*", "tests/test_learner_edition.py::*")),
    ("exercises", ("solutions/*", "tests/test_exercises.py::*", "tests/test_selfcheck.py::*")),
    ("grading", ("tests/test_grading.py::*", "tests/test_grade_runs.py::*")),
    ("site", ("tests/test_site*.py::*", "tests/test_accessibility.py::*", "tests/test_explorers_*.py::*",
              "tests/test_pdf.py::*", "tests/test_publish.py::*", "tests/test_license.py::*")),
    ("standalone", ("tests/test_standalone.py::*", "tests/test_binder.py::*")),
]  # fmt: skip


def suite_of(nodeid: str) -> str | None:
    """The suite a test belongs to, from its node id; None if no pattern matches.

    >>> suite_of("chapters/02_softmax.ipynb::Cell 3"), suite_of("tests/test_site.py::test_search")
    ('chapters', 'site')
    """
    for name, patterns in SUITES:
        if any(fnmatch.fnmatchcase(nodeid, pattern) for pattern in patterns):
            return name
    return None


def shares_a_module_fixture(item) -> bool:
    """Whether the test uses a module-scoped fixture of its own module (built once per worker that needs it)."""
    module = item.nodeid.split("::")[0]
    definitions = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})
    return any(d[-1].scope == "module" and d[-1].baseid == module for d in definitions.values())


def group_of(item) -> str | None:
    """The xdist group the test is in (its `xdist_group` mark), if any."""
    marks = [m.kwargs.get("name", m.args[0] if m.args else None) for m in item.iter_markers("xdist_group")]
    return marks[0] if marks else None


def start_order(item) -> int:
    """0 for the tests behind the longest set-ups (printing the book's PDF; a module fixture: a grading run, a fresh
    Binder environment, the regenerated exercises), 1 for the notebooks' cells, 2 for the rest."""
    if group_of(item) == "the-pdf" or (group_of(item) or "").startswith("module-"):
        return 0
    return 1 if isinstance(item, IPyNbCell) else 2


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Keep each notebook's cells on one worker, in order (nbval runs them in one kernel); keep the tests that share
    a module-scoped fixture of their module (a grading run, the regenerated exercises, a fresh Binder environment)
    on one worker, so that it is built once, not once per worker, unless they are in a group already.

    Then order them: `make test` hands the groups to the workers in this order (--no-loadscope-reorder; by default
    xdist hands out the groups with the most tests first), so the longest chains start first (`start_order`) and none
    starts late and leaves one worker running alone at the end. A group's tests come together where it first appears,
    so that a run without workers shares what they share too (one load of a page for all its tests). Within a page's
    group (see sitekit's `tab`), the tests that time the page the group shares (marked times_the_page) run first, then
    those that only read it, then those that change it (marked changes_the_page)."""
    for item in items:
        if isinstance(item, IPyNbCell):
            item.add_marker(pytest.mark.xdist_group(name=f"notebook-{item.path.parent.name}-{item.path.stem}"))
        elif group_of(item) is None and shares_a_module_fixture(item):
            item.add_marker(pytest.mark.xdist_group(name=f"module-{item.nodeid.split('::')[0]}"))
    order: dict[str, int] = {}
    first: dict[str, int] = {}  # where each group first appears: its tests are brought together there
    position: dict[str, int] = {}
    for index, item in enumerate(items):
        group = group_of(item)
        if group is not None:
            order[group] = min(order.get(group, 2), start_order(item))
        position[item.nodeid] = first.setdefault(group, index) if group is not None else index
    items.sort(  # stable: within a group, the collection's order but for the page's use (`use_of_the_page`)
        key=lambda item: (
            order.get(group_of(item), start_order(item)),
            position[item.nodeid],
            use_of_the_page(item),
        )
    )


def use_of_the_page(item) -> int:
    """0 for a test that times the page its group shares, 1 for one that reads it (or shares none), 2 for one that
    changes it."""
    if item.get_closest_marker("times_the_page"):
        return 0
    return 2 if item.get_closest_marker("changes_the_page") else 1


class SuiteSummary:
    def __init__(self) -> None:
        self.counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.seconds: dict[str, float] = defaultdict(float)
        self.started = time.monotonic()

    @pytest.hookimpl
    def pytest_runtest_logreport(self, report):
        suite = suite_of(report.nodeid) or "unassigned"
        self.seconds[suite] += report.duration
        if report.when == "call" or (report.when == "setup" and not report.passed):
            self.counts[suite][report.outcome] += 1

    @pytest.hookimpl(trylast=True)
    def pytest_terminal_summary(self, terminalreporter):
        terminalreporter.write_sep("=", f"suites (wall time {time.monotonic() - self.started:.0f} s)")
        for name in [n for n, _ in SUITES] + ["unassigned"]:
            if name in self.counts:
                outcome = ", ".join(f"{count} {what}" for what, count in sorted(self.counts[name].items()))
                terminalreporter.write_line(f"{name:<11} {outcome:<40} {self.seconds[name]:7.1f} s in tests")


def pytest_configure(config):
    if not hasattr(config, "workerinput"):  # the controller (or a run without xdist) prints the summary
        config.pluginmanager.register(SuiteSummary(), "course-suite-summary")
