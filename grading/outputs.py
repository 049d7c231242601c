"""The outputs of a grade run, in the grades folder:

  grades.csv         a row per learner, chapter and question (manual questions with the instructor's points), and a
                     row per notebook for what concerns it as a whole (question empty)
  summary.csv        a row per learner and chapter: total (manual points included), complete or not and why, late,
                     attempt, what went wrong
  files.csv          every file handed in: graded, or not graded and why (a later attempt, not a notebook...)
  manual_scores.csv  the instructor's manual points: a row per learner, chapter and manual question; rows for new
                     answers are appended with empty points, the instructor's rows are never changed or reordered
  manual_<chapter>.md  every answer to each manual question, in a stable shuffled order, maths left to render
  executed/<learner>/<file>.ipynb  each graded notebook as it ran (printed text, errors, points): for appeals
Every text from a submission is cleaned (intake.clean): one line, no control characters, never a formula.
"""

from __future__ import annotations

import csv
import hashlib
import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from grade_notebook import Chapter, number
from intake import Listed, Submission, clean

GRADES = ["learner", "user_id", "chapter", "question", "points", "max_points", "reason", "notebook"]
SUMMARY = [
    "learner",
    "user_id",
    "chapter",
    "points",
    "max_points",
    "complete",
    "manual_to_grade",
    "late",
    "attempt",
    "problems",
    "notebook",
]
FILES = ["file", "learner", "user_id", "chapter", "status", "late", "attempt", "reason"]
MANUAL = ["learner", "chapter", "question", "max_points", "points", "comment"]


def write_csv(path: Path, fields: list[str], rows: list[dict[str, Any]]) -> None:
    temporary = path.with_suffix(".tmp")
    with open(temporary, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    temporary.replace(path)


def read_csv(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


@dataclass
class ManualScores:
    """manual_scores.csv: the instructor's rows exactly as they are, and rows appended for new answers."""

    path: Path
    lines: list[list[str]]

    @classmethod
    def load(cls, path: Path) -> ManualScores:
        if not path.is_file():
            return cls(path, [MANUAL])
        with open(path, newline="") as f:
            lines = list(csv.reader(f))
        if not lines or [c.strip() for c in lines[0][: len(MANUAL)]] != MANUAL:
            raise ValueError(f"{path} does not start with the header {','.join(MANUAL)}")
        return cls(path, lines)

    def entries(self) -> dict[tuple[str, str, str], dict[str, str]]:
        return {
            (r["learner"], r["chapter"], r["question"]): r
            for r in (dict(zip(MANUAL, line + [""] * len(MANUAL))) for line in self.lines[1:] if any(line))
        }

    def add(self, learner: str, chapter: str, question: str, max_points: object) -> None:
        if (learner, chapter, question) not in self.entries():
            self.lines.append([learner, chapter, question, str(max_points), "", ""])

    def write(self) -> None:
        temporary = self.path.with_suffix(".tmp")
        with open(temporary, "w", newline="") as f:
            csv.writer(f).writerows(self.lines)
        temporary.replace(self.path)

    def points(self, learner: str, chapter: str, question: str, max_points: float) -> tuple[float | None, str]:
        """(the manual points, or None while not given or not valid; the reason the grades show)."""
        entry = self.entries().get((learner, chapter, question))
        text = (entry or {}).get("points", "").strip()
        comment = clean((entry or {}).get("comment", ""), 500)
        if not text:
            return None, "manually graded: give its points in manual_scores.csv"
        try:
            value = float(text)
        except ValueError:
            value = float("nan")
        if not 0 <= value <= max_points:
            return (
                None,
                f"manually graded: {clean(text, 20)!r} in manual_scores.csv is not a number from 0 to {max_points:g}",
            )
        return value, "manually graded" + (f": {comment}" if comment else "")


def manual_rows(s: Submission, chapter: Chapter, scores: ManualScores) -> list[dict[str, Any]]:
    rows = []
    for q in chapter.questions:
        if q["manual"]:
            scores.add(s.learner, chapter.name, q["name"], q["points"])
            points, reason = scores.points(s.learner, chapter.name, q["name"], float(q["points"]))
            rows.append(
                dict(
                    learner=s.learner,
                    user_id=s.user_id,
                    chapter=chapter.name,
                    question=q["name"],
                    points="" if points is None else number(points),
                    max_points=q["points"],
                    reason=reason,
                    notebook=clean(s.relative),
                )
            )
    return rows


def summarise(
    rows: list[dict[str, Any]], submissions: list[Submission], missing: set[str], chapters: dict[str, Chapter]
) -> list[dict[str, Any]]:
    """A row per graded (or not yet graded) notebook: totals with manual points, complete or why not."""
    by_notebook: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_notebook.setdefault(r["notebook"], []).append(r)
    out = []
    for s in submissions:
        mine = by_notebook.get(clean(s.relative), [])
        points = sum(float(r["points"]) for r in mine if r["points"] != "")
        possible = sum(float(q["points"]) for q in chapters[s.chapter].questions) if s.chapter in chapters else 0
        to_grade = sum(1 for r in mine if r["points"] == "" and r["max_points"] != "")
        lost = [
            r
            for r in mine
            if r["reason"] and "" not in (r["points"], r["max_points"]) and float(r["points"]) < float(r["max_points"])
        ]
        problems = [f"{r['question']}: {r['reason']}" for r in lost]
        problems += [f"notebook: {r['reason']}" for r in mine if not r["question"]]
        if s.relative in missing:
            complete = "no: not graded yet (the run was stopped before it): run the same command again"
            points = float("nan")
        elif s.problem:
            complete = "yes"
        elif to_grade:
            complete = f"no: {to_grade} manual question(s) to grade in manual_scores.csv"
        else:
            complete = "yes"
        out.append(
            dict(
                learner=s.learner,
                user_id=s.user_id,
                chapter=s.chapter or "",
                points="" if points != points else number(points),
                max_points=number(possible),
                complete=complete,
                manual_to_grade=to_grade,
                late="yes" if s.late else "",
                attempt=s.attempt,
                problems=clean(" || ".join(problems), 2000),
                notebook=clean(s.relative),
            )
        )
    return sorted(out, key=lambda r: (r["learner"], r["chapter"], r["notebook"]))


def file_rows(submissions: list[Submission], listed: list[Listed]) -> list[dict[str, Any]]:
    rows = [
        dict(
            file=clean(s.relative),
            learner=s.learner,
            user_id=s.user_id,
            chapter=s.chapter or "",
            status="graded",
            late="yes" if s.late else "",
            attempt=s.attempt,
            reason=clean(s.choice or s.problem, 500),
        )
        for s in submissions
    ]
    rows += [
        dict(
            file=clean(x.relative),
            learner=x.learner,
            user_id=x.user_id,
            chapter=x.chapter,
            status="not graded",
            late="",
            attempt="",
            reason=clean(x.reason, 500),
        )
        for x in listed
    ]
    return sorted(rows, key=lambda r: (r["learner"], r["chapter"], r["file"]))


def manual_answers(s: Submission, chapter: Chapter) -> dict[str, str]:
    """{question: the learner's answer (the cells after its prompt, up to the end of the question)}."""
    answers = {}
    cells = s.notebook.cells if s.notebook is not None else []
    for q in chapter.questions:
        if not q["manual"]:
            continue
        heading = q["prompt"][0].strip().split("\n", 1)[0].split(":")[0] if q["prompt"] else ""
        start = next((i for i, c in enumerate(cells) if heading and heading in c.source), None)
        if start is None:
            answers[q["name"]] = "(the question's cell is missing from the notebook)"
            continue
        parts = []
        for cell in cells[start + 1 :]:
            if "<!-- END QUESTION -->" in cell.source or re.match(r"#+ ", cell.source.strip()):
                break
            parts.append(cell.source.strip())
        text = "\n\n".join(p for p in parts if p)
        placeholder = not text or text == "_Type your answer here, replacing this text._"
        answers[q["name"]] = "(no answer)" if placeholder else text
    return answers


def quoted(text: str) -> list[str]:
    """A learner's answer as a Markdown block quote: its maths left to render, its HTML shown as text, its headings
    and fences unable to break out of the quote."""
    lines = [re.sub(r"^(#|```|~~~)", r"\\\1", line) for line in html.escape(text, quote=False).splitlines()]
    return [f"> {line}".rstrip() for line in lines] or [">"]


def write_manual(folder: Path, chapters: dict[str, Chapter], graded: list[Submission]) -> None:
    """manual_<chapter>.md: every answer to each manual question, in an order shuffled the same way on every run
    (by a hash of chapter, question and learner), so that no learner is always read first or last."""
    for name, chapter in chapters.items():
        manual = [q for q in chapter.questions if q["manual"]]
        mine = [s for s in graded if s.chapter == name and s.notebook is not None]
        if not manual or not mine:
            continue
        out = [
            f"# Manually graded answers: {chapter.title} ({name})",
            "",
            "Give the points in manual_scores.csv (the column `points`, and a `comment` if you like). The answers are "
            "in a shuffled order that stays the same from run to run. Open this file in Jupyter, VS Code or GitHub to "
            "see the maths rendered.",
            "",
        ]
        answers = {s.relative: manual_answers(s, chapter) for s in mine}
        for q in manual:
            prompt = "\n\n".join(q["prompt"]).strip()
            out += [f"## {q['name']} ({q['points']} points)", "", *(f"> {line}" for line in prompt.splitlines()), ""]
            order = sorted(mine, key=lambda s: hashlib.sha256(f"{name}/{q['name']}/{s.key}".encode()).hexdigest())
            for n, s in enumerate(order, 1):
                out += [f"### {n}. {s.learner} ({clean(s.relative)})", "", *quoted(answers[s.relative][q["name"]]), ""]
        (folder / f"manual_{name}.md").write_text("\n".join(out))


def safe(text: str) -> str:
    """A file name made of `text`: word characters, dots and dashes only."""
    return re.sub(r"[^\w.-]+", "_", text).strip("._")[:100] or "_"


def write_executed(folder: Path, s: Submission, executed: dict[str, Any] | None) -> None:
    """The graded notebook as it ran, in executed/<learner>/ (named after the file handed in)."""
    if executed is None:
        return
    who = f"{s.learner}_{s.user_id}" if s.user_id and s.user_id not in s.learner else s.learner
    path = folder / "executed" / safe(who) / (safe(Path(s.relative.replace(":", "/")).stem) + ".ipynb")
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nbformat.from_dict(executed), path)


FEEDBACK_STYLE = """
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:46rem;margin:1.5rem auto;
padding:0 1rem;color:#1b1f24;background:#fff}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:1.6rem;border-bottom:1px solid #d0d7de}
.points{font-weight:600}.full{color:#1a7f37}.lost{color:#9a3412}
li{margin:.3rem 0}.note{color:#57606a;font-size:.92rem}
@media (prefers-color-scheme: dark){body{background:#0d1117;color:#e6edf3}.note{color:#9da7b3}
.full{color:#3fb950}.lost{color:#f0883e}h2{border-color:#30363d}}
"""


def feedback_page(
    s: Submission, chapter: Chapter, rows: list[dict[str, Any]], details: dict[str, list[dict[str, Any]]]
) -> str:
    """What an instructor hands back: per question the points and what was wrong and how to fix it. A hidden test
    shows its advice only (helpers.feedback.fail), never its code, inputs or expected values; a public check shows
    what `grader.check` showed in the notebook; a manual question shows the instructor's points and comment."""
    e = html.escape
    by_question = {r["question"]: r for r in rows if r["question"]}
    total = sum(float(r["points"]) for r in by_question.values() if r["points"] != "")
    possible = sum(float(q["points"]) for q in chapter.questions)
    waiting = [q["name"] for q in chapter.questions if by_question.get(q["name"], {}).get("points", "") == ""]
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(chapter.title)}: feedback for {e(s.learner)}</title>",
        f"<style>{FEEDBACK_STYLE}</style></head><body><main>",
        f"<h1>{e(chapter.title)}</h1>",
        f"<p>Feedback for <strong>{e(s.learner)}</strong> on <code>{e(clean(s.relative))}</code>.</p>",
        f'<p class="points">Total: {number(total):g} of {number(possible):g} points'
        + (f" (still to be graded: {', '.join(waiting)})" if waiting else "")
        + "</p>",
    ]
    for q in chapter.questions:
        r = by_question.get(q["name"], {})
        got = r.get("points", "")
        full = got != "" and float(got) >= float(q["points"])
        mark = "full" if full else "lost"
        shown = "not graded yet" if got == "" else f"{got} of {q['points']} points"
        parts += [f"<h2>{e(q['name'])}</h2>", f'<p class="points {mark}">{e(shown)}</p>']
        if q["manual"]:
            comment = str(r.get("reason", "")).removeprefix("manually graded").lstrip(": ")
            if got != "" and comment:
                parts.append(f"<p>{e(comment)}</p>")
            continue
        if full:
            continue
        notes = []
        for d in details.get(q["name"], []):
            text = d["advice"] if d["hidden"] else (d.get("text") or d["advice"])
            notes.append(("A hidden test: " if d["hidden"] else "") + text)
        reason = str(r.get("reason", ""))
        if not notes and reason.startswith(("not graded", "not answered")):
            notes.append(reason.split(" | ")[0])
        if reason.startswith("not answered"):
            notes.insert(0, reason.split(" | ")[0])
        parts.append("<ul>" + "".join(f"<li>{e(n)}</li>" for n in dict.fromkeys(notes)) + "</ul>")
    parts.append(
        '<p class="note">A hidden test checks your functions on other inputs than the checks in your '
        "notebook; its inputs and expected values are not shown.</p></main></body></html>"
    )
    return "\n".join(parts)


def write_feedback(
    folder: Path, s: Submission, chapter: Chapter, rows: list[dict[str, Any]], details: dict[str, list[dict[str, Any]]]
) -> None:
    """feedback/<learner>/<chapter>.html: the page to hand back (see feedback_page)."""
    who = f"{s.learner}_{s.user_id}" if s.user_id and s.user_id not in s.learner else s.learner
    path = folder / "feedback" / safe(who) / f"{chapter.name}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(feedback_page(s, chapter, rows, details), encoding="utf-8")
