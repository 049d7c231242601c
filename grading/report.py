"""report.html: what a grade run tells the instructor about the class, in one self-contained file.

Opens offline from disk (no outside request, no script: the figures are inline SVG drawn by matplotlib), on a
phone too. Per chapter: learners graded, the distribution of totals, and per question the mean, the shares of full,
partial and zero scores, and the discrimination: the correlation between the question's score and the rest of the
chapter's (near zero or negative is flagged: the test or the question may be wrong). Then the class's mistakes,
ranked: each mistake a check recognised, by the id its check carries (helpers.feedback.fail; registry
solutions/mistakes.yml), counted once per learner, with the section of the course that teaches it. Then what is
left to do: manual answers awaiting points, and every file that was not graded, with the reason.
"""

from __future__ import annotations

import html
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from docutils.nodes import make_id  # the id Sphinx gives a section: its title, lowercased, "-" between words

FLAG = 0.1  # a discrimination below this, with at least MIN_LEARNERS learners, is flagged
MIN_LEARNERS = 5
STYLE = """
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:60rem;margin:1.5rem auto;
padding:0 1rem;color:#1b1f24;background:#fff}
h1{font-size:1.6rem}h2{font-size:1.3rem;margin-top:2rem;border-bottom:1px solid #d0d7de}h3{font-size:1.05rem}
table{border-collapse:collapse;margin:.5rem 0;display:block;overflow-x:auto;max-width:100%}
th,td{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left}td.n{text-align:right}
.flag{color:#9a3412;font-weight:600}figure{margin:.5rem 0}svg{max-width:100%;height:auto}
a{color:#0969da}
"""


def histogram(totals: Sequence[float], possible: float, label: str) -> str:
    """An inline SVG histogram of the totals (matplotlib, text kept as text), with its description for screen
    readers."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib.ticker

    plt.rcParams["svg.fonttype"] = "none"
    figure, axes = plt.subplots(figsize=(5.5, 2.2))
    bins = list(np.linspace(0, possible, min(int(possible), 20) + 1)) if possible else 10
    axes.hist(totals, bins=bins, color="#4c72b0", edgecolor="white")
    axes.set_xlabel("total points")
    axes.set_ylabel("learners")
    axes.set_xlim(0, possible or None)
    axes.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    figure.tight_layout()
    out = io.StringIO()
    figure.savefig(out, format="svg")
    plt.close(figure)
    svg = out.getvalue()
    svg = svg[svg.index("<svg") :]
    summary = f"{label}: {plural(len(totals), 'learner')}, median {np.median(totals):g} of {possible:g} points"
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(summary)}" ', 1)
    return f"<figure>{svg}<figcaption>{html.escape(summary)}</figcaption></figure>"


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def discrimination(scores: np.ndarray, rest: np.ndarray) -> float | None:
    """Correlation between a question's scores and the rest of the chapter's (None when either does not vary)."""
    if len(scores) < 2 or np.std(scores) == 0 or np.std(rest) == 0:
        return None
    return float(np.corrcoef(scores, rest)[0, 1])


def registry(root: Path) -> dict[str, dict[str, str]]:
    path = root / "solutions" / "mistakes.yml"
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(k): v for k, v in data.items() if isinstance(v, dict)}


def chapter_section(chapter: str, section: str, site: str) -> str:
    return f"{site}chapters/{chapter}.html#{make_id(section)}"


def render(
    chapters: dict[str, Any],
    rows: list[dict[str, Any]],
    summary: list[dict[str, Any]],
    files: list[dict[str, Any]],
    mistakes: list[tuple[str, str, str, str]],
    known: dict[str, dict[str, str]],
    site: str,
) -> str:
    """The report's HTML. `mistakes` holds (learner key, chapter, question, mistake id) for every failed check that
    recognised a known mistake."""
    e = html.escape
    out = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Class report</title>",
        f"<style>{STYLE}</style></head><body><main>",
        "<h1>Class report</h1>",
    ]
    graded = [s for s in summary if s["points"] != ""]
    learners = plural(len({s["learner"] for s in graded}), "learner")
    out.append(f"<p>{learners}, {plural(len(graded), 'notebook')} graded.</p>")
    for name, chapter in chapters.items():
        mine = [s for s in graded if s["chapter"] == name]
        if not mine:
            continue
        possible = float(sum(float(q["points"]) for q in chapter.questions))
        out += [
            f"<h2>{e(chapter.title)} <small>({e(name)})</small></h2>",
            f"<p>{plural(len(mine), 'learner')} graded.</p>",
        ]
        out.append(histogram([float(s["points"]) for s in mine], possible, chapter.title))
        notebooks = [s["notebook"] for s in mine]
        table = {(r["notebook"], r["question"]): r for r in rows if r["chapter"] == name and r["question"]}
        out.append(
            "<table tabindex=0><caption>Per question</caption><thead><tr><th scope=col>question</th>"
            "<th scope=col>points</th>"
            "<th scope=col>mean</th><th scope=col>full</th><th scope=col>partial</th><th scope=col>zero</th>"
            "<th scope=col>discrimination</th></tr></thead><tbody>"
        )
        totals = np.array([float(s["points"]) for s in mine])
        for q in chapter.questions:
            cells = [table.get((nb, q["name"]), {}).get("points", "") for nb in notebooks]
            given = [(i, float(c)) for i, c in enumerate(cells) if c != ""]
            if not given:
                out.append(f"<tr><td>{e(q['name'])}</td><td class=n>{q['points']}</td>" + "<td>-</td>" * 5 + "</tr>")
                continue
            index = [i for i, _ in given]
            scores = np.array([v for _, v in given])
            full = np.mean(scores >= float(q["points"]))
            zero = np.mean(scores == 0)
            r = discrimination(scores, totals[index] - scores)
            flagged = r is not None and r < FLAG and len(scores) >= MIN_LEARNERS
            shown = "-" if r is None else f"{r:.2f}"
            shown = f'<span class="flag">{shown}: check this question and its tests</span>' if flagged else shown
            out.append(
                f"<tr><td>{e(q['name'])}</td><td class=n>{q['points']}</td><td class=n>{scores.mean():.2f}</td>"
                f"<td class=n>{full:.0%}</td><td class=n>{1 - full - zero:.0%}</td><td class=n>{zero:.0%}</td>"
                f"<td class=n>{shown}</td></tr>"
            )
        out.append("</tbody></table>")
    out += ["<h2>The class's mistakes, ranked</h2>"]
    counted: dict[tuple[str, str], set[str]] = {}
    questions: dict[tuple[str, str], set[str]] = {}
    for learner, chapter_name, question, key in mistakes:
        counted.setdefault((key, chapter_name), set()).add(learner)
        questions.setdefault((key, chapter_name), set()).add(question)
    if not counted:
        out.append("<p>No check recognised a known mistake.</p>")
    else:
        out.append(
            "<table tabindex=0><caption>Mistakes</caption><thead><tr><th scope=col>learners</th>"
            "<th scope=col>mistake</th><th scope=col>where</th>"
            "<th scope=col>taught in</th></tr></thead><tbody>"
        )
        for (key, chapter_name), who in sorted(counted.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            info = known.get(key, {})
            says = info.get("says", key)
            where = f"{chapter_name} {', '.join(sorted(questions[(key, chapter_name)]))}"
            taught = "-"
            if info.get("chapter") and info.get("section"):
                url = chapter_section(info["chapter"], info["section"], site)
                taught = f'<a href="{e(url)}">{e(info["section"])}</a>'
            out.append(
                f"<tr><td class=n>{len(who)}</td><td>{e(says)} <code>{e(key)}</code></td><td>{e(where)}</td>"
                f"<td>{taught}</td></tr>"
            )
        out.append("</tbody></table>")
    out.append("<h2>Left to do</h2>")
    waiting = [s for s in summary if int(s["manual_to_grade"] or 0)]
    out.append("<h3>Manual answers awaiting points (manual_scores.csv)</h3>")
    out.append(
        "<ul>"
        + "".join(f"<li>{e(s['learner'])}, {e(s['chapter'])}: {s['manual_to_grade']}</li>" for s in waiting)
        + "</ul>"
        if waiting
        else "<p>None.</p>"
    )
    stopped = [s for s in summary if s["points"] == ""]
    if stopped:
        out.append("<h3>Not graded yet (the run was stopped)</h3>")
        out.append("<ul>" + "".join(f"<li>{e(s['notebook'])}</li>" for s in stopped) + "</ul>")
    listed = [f for f in files if f["status"] != "graded"]
    out.append("<h3>Files not graded</h3>")
    out.append(
        "<ul>" + "".join(f"<li><code>{e(f['file'])}</code>: {e(f['reason'])}</li>" for f in listed) + "</ul>"
        if listed
        else "<p>None.</p>"
    )
    out.append("</main></body></html>")
    return "\n".join(out)
