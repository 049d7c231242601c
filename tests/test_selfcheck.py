"""The self-check questions (chapters/selfcheck/*.yml): the rules, and answering every one in the built page.

Rules (also enforced by the build, _ext/selfcheck.py): every wrong choice has feedback that names its misconception
in the exercises' own words, every number shown is computed with helpers, numeric answers have a tolerance and
recognise common wrong values. Here also: 3 to 6 questions per chapter page, 25 or more in all, none placed in a
section about the sources (their slips and numbers re-checked) rather than the lesson it tests, and each
misconception's words really occur in the exercises' feedback (solutions/*.ipynb, helpers/feedback.py). In Chromium,
by keyboard only: every wrong answer gives its message, then the right one says "Right."
"""

from __future__ import annotations

import html
import re
import sys

import pytest
from sitekit import CHANGES_THE_PAGE, ROOT, SITE, on_page

sys.path.insert(0, str(ROOT / "_ext"))
import selfcheck  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore:Session-scoped fixtures defined as instance methods")
FILES = sorted((ROOT / "chapters" / "selfcheck").glob("*.yml"))


def test_every_chapter_has_three_to_six_questions_and_25_in_all():
    chapters = sorted(p.stem for p in (ROOT / "chapters").glob("*.ipynb"))
    counts = {p.stem: len(selfcheck.load_questions(p)) for p in FILES}
    for chapter in chapters:
        assert 3 <= counts.get(chapter, 0) <= 6, f"{chapter} has {counts.get(chapter, 0)} self-check questions"
    assert sum(counts.values()) >= 25, counts


# Sections about the sources (their claims, their slips, their numbers re-checked), not lessons.
ABOUT_THE_SOURCES = re.compile(r"sources['’]|errata|slips|what the notes claim|, checked", re.IGNORECASE)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_each_question_follows_a_lesson_not_a_section_about_the_sources(path):
    """A question follows the section that teaches what it asks, never an errata section about the sources."""
    from bs4 import BeautifulSoup

    page = BeautifulSoup((SITE / "chapters" / f"{path.stem}.html").read_text(encoding="utf-8"), "html.parser")
    questions = page.select("section.selfcheck")
    assert len(questions) == len(selfcheck.load_questions(path))
    for question in questions:
        titles = [
            " ".join(s.find(re.compile("^h[1-6]$")).get_text(" ").split()).rstrip("#").strip()
            for s in question.find_parents("section")
        ]
        about = [t for t in titles if ABOUT_THE_SOURCES.search(t)]
        assert not about, f"{path.stem}: {question['data-question']} is placed in {about[0]!r}, about the sources"


def test_the_misconceptions_speak_the_exercises_words():
    sources = [p.read_text(encoding="utf-8") for p in (ROOT / "solutions").glob("*.ipynb")]
    sources.append((ROOT / "helpers" / "feedback.py").read_text(encoding="utf-8"))
    text = "\n".join(sources).replace("\\'", "'")
    missing = [k for k, words in selfcheck.MISCONCEPTIONS.items() if words.lower() not in text.lower()]
    assert not missing, f"misconception words not found in the exercises' feedback: {missing}"


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda q: q["choices"][1].pop("feedback"), "has no feedback"),
        (lambda q: q["choices"][1].update(misconception="off-by-one"), "exercises' words"),
        (lambda q: q["choices"][0].update(text="3"), "does not show its value"),
        (lambda q: q["choices"][0].update(feedback="It is 7.5."), "not computed"),
    ],
)
def test_a_broken_question_fails_the_check(tmp_path, change, message):
    import yaml

    data = yaml.safe_load((ROOT / "chapters" / "selfcheck" / "01_argmax.yml").read_text(encoding="utf-8"))
    change(data["questions"][0])
    path = tmp_path / "broken.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        selfcheck.load_questions(path)


def _plain(fragment: str) -> str:
    """The words of a question's HTML, its maths left out (the page shows the maths typeset)."""
    fragment = re.sub(r'<span class="math[^"]*">.*?</span>', " ", fragment)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


SAID = """(feedback) => {
  // The feedback's words, its maths left out; the maths must be typeset by MathJax, without errors.
  const words = feedback.cloneNode(true);
  words.querySelectorAll('.math').forEach((m) => m.remove());
  const good = (m) => m.querySelector('mjx-container:not(:has(mjx-merror))');
  const typeset = [...feedback.querySelectorAll('.math')].every(good);
  return { words: words.textContent, typeset };
}"""


def _said(page, feedback) -> str:
    """What the feedback says, once MathJax has typeset its maths (it does so right after the answer is checked)."""
    page.wait_for_function(f"(e) => ({SAID})(e).typeset", arg=feedback.element_handle())
    return " ".join(feedback.evaluate(SAID)["words"].split())


# Answering changes the page: after the tests that only read it, on its shared load (sitekit's `tab`).
@pytest.mark.parametrize(
    "path", [pytest.param(p, id=p.stem, marks=[on_page(f"chapters/{p.stem}"), CHANGES_THE_PAGE]) for p in FILES]
)
def test_answer_every_question_by_keyboard(tab, path):
    page, report = tab(f"chapters/{path.stem}")
    questions = selfcheck.load_questions(path)
    assert page.locator("section.selfcheck").count() == len(questions)
    for q in questions:
        section = page.locator(f'section.selfcheck[data-question="{q["id"]}"]')
        feedback = section.locator(".selfcheck-feedback")
        button = section.locator("button.selfcheck-check")
        if "choices" in q:
            order = [k for k, c in enumerate(q["choices"]) if not c.get("correct")]
            order += [k for k, c in enumerate(q["choices"]) if c.get("correct")]
            for k in order:
                choice = q["choices"][k]
                section.locator("input[type=radio]").nth(k).focus()
                page.keyboard.press("Space")
                button.focus()
                page.keyboard.press("Enter")
                said = _said(page, feedback)
                verdict = "Right." if choice.get("correct") else "Not quite."
                assert said.startswith(verdict), f"{q['id']}, choice {k}: {said!r}"
                expected = _plain(selfcheck.inline(choice["feedback"]))
                assert expected[:30] in said, f"{q['id']}, choice {k}: {said!r} lacks {expected[:30]!r}"
        else:
            box = section.locator("input[type=text]")
            tries = [(w["value"], False, w["feedback"]) for w in q["wrong_answers"]]
            tries.append(("1e9", False, q["other_feedback"]))
            (answer,) = selfcheck.evaluate(q["answer"], q["id"])
            tries.append((str(answer + 0.9 * float(q["tolerance"])), True, q["correct_feedback"]))
            for value, right, message in tries:
                number = value if right or value == "1e9" else repr(selfcheck.evaluate(value, q["id"])[0])
                box.fill(number)
                box.press("Enter")
                said = _said(page, feedback)
                assert said.startswith("Right." if right else "Not quite."), f"{q['id']} {number}: {said!r}"
                expected = " ".join(_plain(selfcheck.inline(message)).split())
                assert expected[:30] in said, f"{q['id']} {number}: {said!r} lacks {expected[:30]!r}"
    assert not report.page_errors and not report.console_errors and not report.outside_requests, report
