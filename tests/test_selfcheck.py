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
from fractions import Fraction

import pytest
from sitekit import CHANGES_THE_PAGE, DESKTOP, ROOT, SITE, on_page, open_page

sys.path.insert(0, str(ROOT / "_ext"))
import selfcheck  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore:Session-scoped fixtures defined as instance methods")
FILES = sorted((ROOT / "chapters" / "selfcheck").glob("*.yml"))


def test_every_chapter_has_six_to_ten_questions_and_a_third_ask_for_a_number():
    """Issue 28: at least 6 questions per chapter (one for each main section where it teaches), and at least a
    third of all questions numeric (a number to compute or predict), not a choice to recognise."""
    chapters = sorted(p.stem for p in (ROOT / "chapters").glob("*.ipynb"))
    questions = {p.stem: selfcheck.load_questions(p) for p in FILES}
    for chapter in chapters:
        count = len(questions.get(chapter, []))
        assert 6 <= count <= 10, f"{chapter} has {count} self-check questions"
    every = [q for qs in questions.values() for q in qs]
    assert 3 * sum(1 for q in every if "answer" in q) >= len(every)


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
    missing = [
        k
        for k, words in selfcheck.MISCONCEPTIONS.items()
        if k not in selfcheck.SELF_CHECK_ONLY and words.lower() not in text.lower()
    ]
    assert selfcheck.SELF_CHECK_ONLY <= set(selfcheck.MISCONCEPTIONS)
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


def test_choice_order_says_nothing_about_the_answer():
    """Every multiple-choice question has at least three choices, shown in an order shuffled from its id alone. Rule:
    across the course, no position holds more right answers than its fair share plus two standard deviations (for
    each position j, the sum over the questions with more than j choices of 1/n, and of (1/n)(1 - 1/n) for the
    variance): a uniformly random order breaks it at one position in about forty, so a breach means an order that
    leaks (the YAML's own order, right answer first, held all 13 right answers of the course at position 0)."""
    positions, fair, variance = {}, {}, {}
    for path in FILES:
        for q in selfcheck.load_questions(path):
            if "choices" not in q:
                continue
            n = len(q["choices"])
            assert n >= 3, f"{path.stem}: {q['id']} has {n} choices: give at least three, each a real misconception"
            order = selfcheck.choice_order(q)
            assert sorted(order) == list(range(n)) and order == selfcheck.choice_order(q)
            right = next(i for i, k in enumerate(order) if q["choices"][k].get("correct"))
            positions[right] = positions.get(right, 0) + 1
            for j in range(n):
                fair[j] = fair.get(j, 0) + 1 / n
                variance[j] = variance.get(j, 0) + (1 / n) * (1 - 1 / n)
    assert sum(positions.values()) >= 12, positions
    for j, share in fair.items():
        held = positions.get(j, 0)
        assert held <= share + 2 * variance[j] ** 0.5, (
            f"position {j + 1} holds {held} right answers, fair is {share:.1f}"
        )


def test_a_numeric_answer_is_judged_to_the_decimals_it_asks_for():
    """A question asking "to 3 decimals" accepts exactly the values that round to the answer's 3 decimals: 0.665 for
    0.66524, never 0.664 (a tolerance of half a unit in the last place asked for)."""
    for path in FILES:
        for q in selfcheck.load_questions(path):
            asked = re.search(r"to (\d+) decimals?", q["prompt"])
            if "answer" in q and asked:
                half_unit = 0.5 * 10 ** -int(asked.group(1))
                assert abs(float(q["tolerance"]) - half_unit) < 1e-12, f"{path.stem}: {q['id']} needs {half_unit:g}"


def test_every_misconception_has_the_sentence_a_review_shows():
    assert set(selfcheck.TAUGHT) == set(selfcheck.MISCONCEPTIONS)
    for key, sentence in selfcheck.TAUGHT.items():
        assert sentence.endswith(".") and len(sentence) <= 130 and "$" not in sentence, key


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
                section.locator(f'input[type=radio][value="{k}"]').focus()
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


def _typed_right(q) -> bool:
    """Whether a numeric question's answer can be typed right as a percentage and as a fraction, and wrong as one
    decimal too few (the forms the progress test types)."""
    (answer,) = selfcheck.evaluate(q["answer"], q["id"])
    tolerance = float(q["tolerance"])
    known = [selfcheck.evaluate(w["value"], q["id"])[0] for w in q.get("wrong_answers", [])]
    return (
        0 < answer < 1
        and abs(round(answer, 1) - answer) > tolerance
        and all(abs(round(answer, 1) - w) > tolerance for w in known)  # one decimal too few is not a known mistake
        and abs(Fraction(answer).limit_denominator(1000) - answer) < tolerance
    )


def _progress_chapter():
    """The first chapter with a choice question and such a numeric one: (its questions file, the two questions)."""
    for path in FILES:
        questions = selfcheck.load_questions(path)
        choice = next((q for q in questions if "choices" in q), None)
        numeric = next((q for q in questions if "answer" in q and _typed_right(q)), None)
        if choice and numeric:
            return path, choice, numeric
    raise AssertionError("no chapter has a choice question and a numeric one with an answer between 0 and 1")


BLOCKED_STORAGE = """Object.defineProperty(window, 'localStorage', {
  get() { throw new DOMException('The document is sandboxed and lacks the allow-same-origin flag.', 'SecurityError'); },
});"""


def test_progress_stays_and_the_misses_are_reviewed(browser, site_url):
    """As a learner: answer wrong (twice: the worked answer can be shown), then right; reload; see the count under the
    title, in the table of contents and on the first page, the misconception with a link to the section that teaches
    it, gone once the question is answered right; a changed question's old answer does not count; reset. With storage
    blocked the questions still answer and our scripts log nothing."""
    path, choice, numeric = _progress_chapter()
    chapter, total = f"chapters/{path.stem}", len(selfcheck.load_questions(path))
    wrong = next(k for k, c in enumerate(choice["choices"]) if not c.get("correct"))
    right = next(k for k, c in enumerate(choice["choices"]) if c.get("correct"))
    missed = numeric["wrong_answers"][0]
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    report = open_page(page, site_url, f"{chapter}.html")
    status, review = page.locator(".selfcheck-progress"), page.locator("section.selfcheck-review")
    assert status.inner_text() == f"Self-checks on this page: 0 of {total} right."
    one = page.locator(f'section.selfcheck[data-question="{choice["id"]}"]')
    reveal = one.locator("button.selfcheck-reveal")
    one.locator(f'input[value="{wrong}"]').check()
    one.locator("button.selfcheck-check").click()
    assert not reveal.is_visible()
    one.locator("button.selfcheck-check").click()
    reveal.click()
    shown = _plain(selfcheck.inline(choice["choices"][right]["text"]))
    revealed = " ".join(one.locator(".selfcheck-feedback").inner_text().split())
    assert revealed.startswith("The answer. The answer is") and shown[:20] in revealed, revealed
    items = review.locator("li")
    assert items.count() == 1 and selfcheck.TAUGHT[choice["choices"][wrong]["misconception"]] in items.inner_text()
    anchor = one.evaluate("(q) => q.parentElement.closest('section[id]').id")
    assert items.locator("a").get_attribute("href") == f"#{anchor}"
    one.locator(f'input[value="{right}"]').check()
    one.locator("button.selfcheck-check").click()
    assert items.count() == 0 and status.inner_text() == f"Self-checks on this page: 1 of {total} right."
    two = page.locator(f'section.selfcheck[data-question="{numeric["id"]}"]')
    box = two.locator("input[type=text]")
    (answer,) = selfcheck.evaluate(numeric["answer"], numeric["id"])
    typed_wrong = repr(selfcheck.evaluate(missed["value"], numeric["id"])[0])
    fraction = Fraction(answer).limit_denominator(1000)
    tries = [(f"{answer:.1f}", "Not quite. Right as far as it goes: give more decimals.")]  # 0.7 for 0.665
    tries += [(f"{answer * 100:.4f}%", "Right."), (f"{fraction.numerator}/{fraction.denominator}", "Right.")]
    tries += [("two thirds", "Type a number"), (typed_wrong, "Not quite.")]
    for typed, said in tries:
        box.fill(typed)
        box.press("Enter")
        assert two.locator(".selfcheck-feedback").inner_text().startswith(said), typed
    page.reload()
    page.wait_for_function("() => document.querySelector('.selfcheck-progress')")
    assert status.inner_text() == f"Self-checks on this page: 1 of {total} right."
    assert one.locator(f'input[value="{right}"]').is_checked()
    assert one.locator(".selfcheck-feedback").inner_text().startswith("Right.")
    assert box.input_value() == typed_wrong
    assert selfcheck.TAUGHT[missed["misconception"]] in review.locator("li").inner_text()
    badge = page.locator(".bd-sidenav a.current .selfcheck-count, .bd-sidenav li.current > a .selfcheck-count")
    assert badge.first.inner_text().split() == [f"1/{total}", "self-checks", "right"]
    page.goto(site_url + "intro.html")
    course = page.locator("#selfcheck-course-progress")
    course.locator("li").first.wait_for()
    assert f": 1 of {total} right" in course.inner_text() and ": 0 of" in course.inner_text()
    hrefs = course.locator("a").evaluate_all("(links) => links.map((a) => a.href)")
    assert f"{site_url}{chapter}.html#{_anchor_of(chapter, numeric['id'])}" in hrefs, hrefs
    # A question whose text changed: its old answer no longer counts.
    page.evaluate(
        """(key) => { const d = JSON.parse(localStorage.getItem(key));
        for (const e of Object.values(d.answers)) e.v = 'an old text';
        localStorage.setItem(key, JSON.stringify(d)); }""",
        "classification-outputs/selfcheck/v1",
    )
    page.reload()
    course.locator("li").first.wait_for()
    assert ": 1 of" not in course.inner_text() and "No misconceptions" in course.inner_text()
    page.once("dialog", lambda dialog: dialog.accept())
    course.locator("button.selfcheck-reset").click()
    page.wait_for_load_state("load")
    assert page.evaluate("() => localStorage.getItem('classification-outputs/selfcheck/v1')") == '{"answers":{}}'
    assert not report.page_errors and not report.console_errors and not report.outside_requests, report
    context.close()

    blocked = browser.new_context(viewport=DESKTOP)
    blocked.add_init_script(BLOCKED_STORAGE)
    page = blocked.new_page()
    ours = []
    page.on("console", lambda m: ours.append(m.text) if "selfcheck" in (m.location or {}).get("url", "") else None)
    page.on("pageerror", lambda e: ours.append(str(e)) if "selfcheck" in (e.stack or "") else None)
    page.goto(site_url + f"{chapter}.html", wait_until="load")
    one = page.locator(f'section.selfcheck[data-question="{choice["id"]}"]')
    one.locator(f'input[value="{right}"]').check()
    one.locator("button.selfcheck-check").click()
    assert one.locator(".selfcheck-feedback").inner_text().startswith("Right.")
    assert page.locator(".selfcheck-progress, section.selfcheck-review").count() == 0 and not ours, ours
    blocked.close()


def _anchor_of(chapter, question):
    """The id of the section a question follows, read from its page's HTML."""
    from bs4 import BeautifulSoup

    html_page = BeautifulSoup((SITE / f"{chapter}.html").read_text(encoding="utf-8"), "html.parser")
    return html_page.select_one(f'section.selfcheck[data-question="{question}"]').find_parent("section", id=True)["id"]
