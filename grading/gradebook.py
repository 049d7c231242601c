"""`make grade ... ROSTER=<gradebook.csv>`: the points of a run, in the gradebook CSV that Canvas exports, to import.

Canvas's gradebook import (instructure/canvas-lms, lib/gradebook_importer.rb) reads:
- a header row whose first cells are `Student`, `ID`, then optionally `SIS User ID` and `SIS Login ID` (and
  `Integration ID`, `Root Account`), then `Section`; every later column is an assignment, written `Title (id)`, or
  a read-only column (`Current Score`, `Final Grade`, ...), ignored on import. An assignment column whose id or title
  matches no assignment creates one.
- a `Points Possible` row (its first cell contains those words), and rows of `Muted` / `Manual Posting` to skip;
- one row per student, matched by `ID` (the Canvas user id), else SIS User ID, else SIS Login ID, else name.
Scores are compared at two decimals, and a blank or "-" cell means no score.

`canvas.csv` is the roster exactly (every row and column, in order), with each chapter's points written in the
assignment column whose title starts with the chapter's number ("01", "1") or its title, or in a new column named
after the chapter (whose Points Possible cell gets the chapter's points). A learner is matched to a row by Canvas
user id, SIS Login ID, SIS User ID or name, in that order. A total still waiting for manual points is not written
(the cell keeps its value) and is listed, as are learners with no row and rows with no submission. No cell starts
like a formula.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

STUDENT_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Integration ID", "Root Account", "Section")
READ_ONLY = re.compile(r"Current Score|Current Points|Current Grade|Final Score|Final Points|Final Grade|Override")


@dataclass
class Export:
    rows: list[list[str]]
    unmatched: list[str] = field(default_factory=list)  # learners graded with no row in the roster
    without: list[str] = field(default_factory=list)  # roster rows (students) with no graded notebook
    held: list[str] = field(default_factory=list)  # totals not written: manual points missing


def simple(text: str) -> str:
    """A name reduced to lowercase letters and digits ("Smith, John" and "smithjohn" meet as "smithjohn")."""
    return re.sub(r"[^0-9a-z]+", "", text.lower())


def safe(cell: str) -> str:
    """A cell no spreadsheet runs as a formula: a text starting with =, +, -, @, a tab or a return gets a quote
    (numbers, and Canvas's own "-" for no score, stay as they are)."""
    if not cell or cell == "-" or re.fullmatch(r"-?\d+(\.\d+)?", cell):
        return cell
    return "'" + cell if cell[0] in "=+-@\t\r" else cell


def title_of(header: str) -> str:
    """An assignment column's title: its header without Canvas's " (id)"."""
    return re.sub(r"\s*\(\d+\)\s*$", "", header).strip()


def column_for(chapter: str, title: str, header: list[str], first: int) -> int | None:
    """The assignment column (index) of a chapter: its title starts with the chapter's number or title."""
    number = chapter[:2]
    words = [simple(title), simple(chapter[3:].replace("_", " "))]
    for index in range(first, len(header)):
        name = title_of(header[index])
        if READ_ONLY.search(name):
            continue
        if re.match(rf"0?{int(number)}(?!\d)", name) or any(w and simple(name).startswith(w) for w in words):
            return index
    return None


def export(roster: Path, summary: list[dict[str, Any]], titles: dict[str, str], maxima: dict[str, float]) -> Export:
    """canvas.csv's rows from a Canvas gradebook export `roster` and a run's summary rows (grading/outputs.py)."""
    with open(roster, newline="", encoding="utf-8-sig") as f:
        rows = [list(r) for r in csv.reader(f)]
    if not rows or len(rows[0]) < 3 or "Student" not in rows[0][0] or "ID" not in rows[0][1]:
        raise ValueError(f"{roster} is not a Canvas gradebook export: its first columns must be Student, ID, ...")
    header = rows[0]
    where = {name: header.index(name) for name in STUDENT_COLUMNS if name in header}
    if "Section" not in where:
        raise ValueError(f"{roster} has no Section column: export the gradebook from Canvas (Grades > Export)")
    first = where["Section"] + 1
    points_row = next((r for r in rows[1:] if r and "Points Possible" in r[0]), None)
    skip = re.compile(r"\s*(Muted|Manual Posting.*)?\s*", re.I)  # as Canvas skips them
    students = [r for r in rows[1:] if r is not points_row and not all(skip.fullmatch(c) for c in r)]

    def cell(r: list[str], name: str) -> str:
        return r[where[name]].strip() if name in where and where[name] < len(r) else ""

    out = Export([list(r) for r in rows])
    columns: dict[str, int] = {}
    for chapter in sorted({s["chapter"] for s in summary if s["chapter"]}):
        index = column_for(chapter, titles.get(chapter, ""), header, first)
        if index is None:
            index = len(out.rows[0])
            for r in out.rows:
                r.append("")
            out.rows[0][index] = titles.get(chapter, chapter)
            if points_row is not None:
                out.rows[rows.index(points_row)][index] = f"{maxima.get(chapter, 0):g}"
        columns[chapter] = index
    position = {id(r): i for i, r in enumerate(rows)}
    by_row = {id(r): out.rows[position[id(r)]] for r in students}
    keys = lookup(students, cell)
    matched: set[int] = set()
    for s in summary:
        if not s["chapter"]:
            continue
        row = match(s, keys)
        name = f"{s['learner']} ({s['chapter']})"
        if row is None:
            out.unmatched.append(name)
            continue
        matched.add(id(row))
        if not str(s["complete"]).startswith("yes"):
            out.held.append(f"{name}: {s['complete']}")
            continue
        target = by_row[id(row)]
        target[columns[s["chapter"]]] = f"{round(float(s['points']), 2):g}"
    out.without = [r[0] for r in students if id(r) not in matched]
    out.rows = [[safe(c) for c in r] for r in out.rows]
    return out


KEYS: list[tuple[str, Callable[[str], str]]] = [
    ("ID", str.strip),
    ("SIS Login ID", str.lower),
    ("SIS User ID", str.lower),
    ("Student", simple),
]  # how a learner is matched to a roster row, in this order: Canvas user id, SIS Login ID, SIS User ID, name


def lookup(students: list[list[str]], cell: Callable[[list[str], str], str]) -> dict[str, dict[str, list[list[str]]]]:
    """{column: {the column's value, normalised: the rows that have it}} for each column of KEYS."""
    found: dict[str, dict[str, list[list[str]]]] = {}
    for column, norm in KEYS:
        table = found.setdefault(column, {})
        for r in students:
            if cell(r, column):
                table.setdefault(norm(cell(r, column)), []).append(r)
    return found


def match(s: dict[str, Any], rows: dict[str, dict[str, list[list[str]]]]) -> list[str] | None:
    """The roster row of a learner: by Canvas user id, SIS Login ID, SIS User ID, then name (one row only)."""
    learner = re.sub(r" \(\d+\)$", "", str(s["learner"]))
    for column, norm in KEYS:
        value = str(s.get("user_id", "")) if column == "ID" else learner
        found = rows[column].get(norm(value), []) if value else []
        if len(found) == 1:
            return found[0]
    return None


def write(path: Path, rows: list[list[str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
