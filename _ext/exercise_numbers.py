"""Exercises numbered per chapter: the exercises of chapter 3's page are Exercise 3.1, 3.2, ... (loaded from
`_config.yml`, `local_extensions`).

sphinx-exercise numbers exercises like figures (numfig). The exercise pages (solutions/pages/NN_name.md) sit in an
unnumbered part of the book, so Sphinx counted their exercises across the whole book ("Exercise 9" was the first of
chapter 3). After Sphinx assigns the numbers, each unnumbered page that shares its file name with a numbered chapter
(solutions/pages/03_cross_entropy.md and chapters/03_cross_entropy.ipynb) numbers its exercises after that chapter.
Solution titles and references read the same numbers, so they follow.
"""

from __future__ import annotations

from pathlib import PurePosixPath

FIGTYPE = "exercise"


def chapter_numbers(secnumbers: dict[str, dict[str, tuple[int, ...]]]) -> dict[str, tuple[int, ...]]:
    """The number of each numbered page, by file name.

    >>> chapter_numbers({"chapters/03_cross_entropy": {"": (3,), "#the-loss": (3, 1)}, "intro": {}})
    {'03_cross_entropy': (3,)}
    """
    return {PurePosixPath(doc).name: numbers[""] for doc, numbers in secnumbers.items() if numbers.get("")}


def renumber(numbers: dict[str, tuple[int, ...]], chapter: tuple[int, ...]) -> dict[str, tuple[int, ...]]:
    """The exercises of one page numbered 1, 2, ... in their order, after the chapter's number.

    >>> renumber({"ex-q2": (10,), "ex-q1": (9,)}, (3,))
    {'ex-q1': (3, 1), 'ex-q2': (3, 2)}
    """
    ordered = sorted(numbers, key=numbers.__getitem__)
    return {target: (*chapter, index) for index, target in enumerate(ordered, 1)}


def _number_exercises_per_chapter(app, env) -> list[str]:
    chapters = chapter_numbers(env.toc_secnumbers)
    for doc, figures in env.toc_fignumbers.items():
        chapter = chapters.get(PurePosixPath(doc).name)
        if FIGTYPE in figures and chapter and not env.toc_secnumbers.get(doc):
            figures[FIGTYPE] = renumber(figures[FIGTYPE], chapter)
    return []


def setup(app):
    # After Sphinx's own numbering (TocTreeCollector, default priority 500) on every build.
    app.connect("env-get-updated", _number_exercises_per_chapter, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
