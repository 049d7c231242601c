"""Self-check questions: read from one YAML file per chapter, placed after the section each one tests.

`chapters/selfcheck/<chapter>.yml` holds the questions of `chapters/<chapter>.ipynb`. Each question names the
section it follows (`after:` its title, or `#its-id`), so placing it needs no edit of the notebook. A question is
a choice question (`choices`: text, feedback, `correct: true` on the right one, `misconception:` on each wrong one)
or a numeric one (`answer`: a Python expression, `tolerance`, `wrong_answers` with their own feedback).
Expressions (`value`, `answer`, `facts`) are evaluated with numpy, math and helpers, so every number is computed:
a choice's text must show its `value`, and a number in feedback must be one the question computes or states.
`assets/selfcheck.js` makes the questions answerable in the page. The build fails on a question that breaks a rule
(`load_questions` raises ValueError); tests/test_selfcheck.py checks them too.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from docutils import nodes

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # the build imports helpers from this checkout
    sys.path.insert(0, str(ROOT))

MISCONCEPTIONS = {
    "no-max-subtraction": "did not subtract the max",
    "wrong-axis": "each ROW is one example",
    "log-base-10": "log base 10",
    "log-base-2": "log base 2",
    "softmax-twice": "applied softmax twice",
    "probabilities-for-logits": "softmax of the probabilities",
    "logits-for-probabilities": "where the formula needs the probabilities",
    "sum-not-mean": "the SUM over the",
    "value-not-index": "VALUE, not its INDEX",
    "off-by-one": "Off by one",
    "sign": "The sign is",
    "true-class-only": "only the true class's probability counts",
    "ties": "the LOWEST index",
    "no-log": "Those are the probabilities themselves",
    "gradient-wrt-p": "That is dL/dp",
    "count-not-fraction": "That is the NUMBER of mistakes",
    "ce-gradient-for-se": "That is the CROSS-ENTROPY gradient",
    "missing-factor-2": "The factor 2",
    "missing-diagonal": "The diagonal term is missing",
    "no-tanh": "The tanh is missing",
    "no-memory": "state is ignored",
    "not-normalised": "do not sum to 1",
    "no-exp": "exponentiate each logit first",
    "clip-vs-epsilon": "clips nothing",
    "p-not-jacobian": "That is p_0 itself",
    "se-true-only": "That counts only the true class",
    "mean-over-classes": "That is the MEAN over the classes",
    "sigmoid": "That is a sigmoid",
    "unweighted-bins": "the plain mean of the bins' gaps",
    "true-class-confidence": "the probability of the TRUE class as the confidence",
    "signed-gaps": "You kept the sign of the gaps",
    "temperature-on-test": "fitted on the TEST set",
    "temperature-multiplies": "you multiplied the logits by T",
    "accuracy-chooses-t": "Accuracy cannot choose",
    "bin-middle-as-confidence": "the middle of the bin",
    # Named by the self-checks only (SELF_CHECK_ONLY): no exercise's feedback uses their words.
    "surrogate-slope": "the slope of the surrogate",
    "nowhere-differentiable": "wherever the largest logit is unique",
    "class-axis-from-shape": "name the axis from the shape",
    "softmax-for-multi-label": "Softmax makes the classes compete",
    "only-p_y-matters": "as if only the true class's probability counts",
    "bounded-loss-small-gradient": "A bounded loss can still be steep",
    "adam-rescales-examples": "it never rescales single flowers",
    "exp-sharpens": "does not always sharpen",
    "bits-wrong-direction": "wrong direction",
    "sample-noise": "noisy estimate",
    "softmax-jacobian-for-log": "That is the softmax Jacobian's entry",
    "uniform-ratio-three-classes": "three classes only",
    "equal-costs": "as if every mistake cost the same",
    "smoothing-proper": "as if label smoothing kept the loss proper",
    "ce-hessian-for-se": "That holds for cross-entropy",
    "rounded-too-early": "rounded too early",
    "nan-wins": "the position of the first NaN",
    "cost-threshold": "where the two expected costs are equal",
}
"""Misconception -> the words the exercises' feedback uses for it (solutions/*.ipynb); a wrong choice's feedback
must contain them."""

SELF_CHECK_ONLY = {
    "surrogate-slope",
    "nowhere-differentiable",
    "class-axis-from-shape",
    "softmax-for-multi-label",
    "exp-sharpens",
    "bits-wrong-direction",
    "sample-noise",
    "softmax-jacobian-for-log",
    "uniform-ratio-three-classes",
    "only-p_y-matters",
    "bounded-loss-small-gradient",
    "adam-rescales-examples",
    "equal-costs",
    "smoothing-proper",
    "ce-hessian-for-se",
    "rounded-too-early",
    "nan-wins",
    "cost-threshold",
}
"""Misconceptions that only the self-checks name (their words need not occur in an exercise's feedback)."""

TAUGHT = {
    "no-max-subtraction": "Exponentials of large logits overflow; subtracting the largest logit first gives the same "
    "softmax without overflow.",
    "wrong-axis": "Reduce over the axis that holds the classes: the last for a batch of rows (N, C), dim=1 for "
    "images (N, C, H, W).",
    "log-base-10": "Cross-entropy in nats uses the natural logarithm; log base 10 gives another number.",
    "log-base-2": "Cross-entropy in nats uses the natural logarithm; log base 2 gives bits, the nats divided by ln 2.",
    "softmax-twice": "Softmax is applied once, to the logits; applied again to probabilities it flattens them.",
    "probabilities-for-logits": "A function that takes logits applies softmax itself: given probabilities, it takes "
    "the softmax of the probabilities.",
    "logits-for-probabilities": "Logits are not probabilities: a formula that needs probabilities needs the softmax "
    "of the logits.",
    "sum-not-mean": "A batch's loss, like its error rate, is the mean over the examples, not the sum.",
    "value-not-index": "argmax returns the position of the largest entry, not its value.",
    "off-by-one": "Positions count from 0, and a distance of d steps spans d transitions.",
    "sign": "Mind the sign: the loss -ln p is never negative, and a derivative's sign comes from its formula.",
    "true-class-only": "With a one-hot label, cross-entropy is -ln of the true class's probability alone.",
    "ties": "On a tie, numpy's and PyTorch's argmax return the lowest index among the tied entries.",
    "no-log": "Cross-entropy is the negative logarithm of the probability, not the probability itself.",
    "gradient-wrt-p": "Training needs the gradient with respect to the logits (p - y for cross-entropy), not with "
    "respect to the probabilities.",
    "count-not-fraction": "The classification error is the fraction of examples misclassified, not their number.",
    "ce-gradient-for-se": "p - y is cross-entropy's gradient in the logits; squared error's passes through the softmax "
    "Jacobian and differs.",
    "missing-factor-2": "The derivative of a square (p - y)^2 carries a factor 2.",
    "missing-diagonal": "The softmax Jacobian is diag(p) - pp^T: its diagonal entries are p_i(1 - p_i).",
    "no-tanh": "A plain RNN's new state is tanh(Wx + Uh + b): without the tanh the step is linear.",
    "no-memory": "A recurrent step reads the previous state: if the state is ignored, each output sees only its own "
    "input.",
    "not-normalised": "Softmax divides by the sum of the exponentials, so its outputs sum to 1.",
    "no-exp": "Softmax exponentiates each logit first, then divides by the sum.",
    "clip-vs-epsilon": "An epsilon added inside the log shifts every probability; clipping changes only those below "
    "the bound.",
    "p-not-jacobian": "A derivative of softmax is an entry of its Jacobian, p_i(δ_ij - p_j), not the probability "
    "p_i itself.",
    "se-true-only": "Squared error sums over all the classes: the wrong classes' probabilities count too.",
    "mean-over-classes": "The course's squared error sums over the classes; a mean over them divides it by C.",
    "sigmoid": "Softmax is not a sigmoid per entry: each output depends on all the logits.",
    "unweighted-bins": "The ECE weights each bin's gap by the share of predictions in the bin.",
    "true-class-confidence": "A prediction's confidence is the probability of its predicted class, not of the true "
    "class.",
    "signed-gaps": "The ECE averages the absolute gaps between confidence and accuracy: signed gaps would cancel.",
    "temperature-on-test": "The temperature is fitted on validation data, never on the test set that judges it.",
    "temperature-multiplies": "Temperature divides the logits by T before the softmax.",
    "accuracy-chooses-t": "Dividing the logits by T > 0 keeps every argmax, so accuracy cannot choose T.",
    "surrogate-slope": "The 0-1 loss is flat wherever it is defined; a nonzero slope belongs to a differentiable "
    "surrogate.",
    "nowhere-differentiable": "Argmax is differentiable, with slope 0, wherever the largest logit is unique; it jumps "
    "only at a tie.",
    "class-axis-from-shape": "Name the class axis from the shape: dim=1 for (N, C, H, W), the last axis only for rows "
    "(N, C).",
    "softmax-for-multi-label": "When several classes can be true at once, give each its own sigmoid: softmax makes "
    "them compete.",
    "only-p_y-matters": "Squared error also charges how the wrong probability is spread: the same p_y can cost more "
    "or less.",
    "bounded-loss-small-gradient": "How high a loss can go says nothing about its slope: the softmax Jacobian's p_y "
    "shrinks it.",
    "adam-rescales-examples": "Adam rescales each parameter's step, summed over the examples: tiny examples stay tiny.",
    "exp-sharpens": "Probabilities differ by at most 1, so softmax of probabilities flattens them: it never "
    "sharpens them.",
    "bits-wrong-direction": "Bits are nats divided by ln 2: one bit is ln 2 = 0.693 nats.",
    "sample-noise": "An ECE measured on finitely many points is a noisy estimate: a calibrated model scores above 0.",
    "softmax-jacobian-for-log": "The log-softmax Jacobian is I - 1p^T: the softmax Jacobian with row i divided by p_i.",
    "uniform-ratio-three-classes": "At the uniform prediction cross-entropy's gradient is C/2 times squared "
    "error's: 1.5 only for three classes.",
    "equal-costs": "When mistakes cost differently, predict the class of least expected cost, not the most "
    "probable one.",
    "smoothing-proper": "Label-smoothed cross-entropy is not proper: its minimiser is (1 - alpha) p* + alpha / C, "
    "not the true probabilities.",
    "bin-middle-as-confidence": "The ECE compares each bin's accuracy with the mean confidence of its predictions, "
    "not with the middle of the bin.",
    "ce-hessian-for-se": "Cross-entropy's Hessian in the logits is J, never negative; squared error's, through "
    "softmax, can be.",
    "rounded-too-early": "Round only the final answer: factors rounded first shift its last decimal.",
    "nan-wins": "On the CPU, numpy's and PyTorch's argmax return the position of the first NaN, without an error.",
    "cost-threshold": "Predict class 1 above the p1 where the two expected costs are equal: c_FP / (c_FP + c_FN).",
}
"""Misconception -> the sentence a learner's review list shows for it, linked to the section that teaches it."""

NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?(?:/\d+)?(?![\w.]*\w)")
QUESTION_KEYS = {"id", "after", "prompt", "choices", "answer", "tolerance", "correct_feedback", "wrong_answers"}
QUESTION_KEYS |= {"other_feedback", "facts", "unit"}


def namespace() -> dict[str, Any]:
    """What the expressions of a question may use: numpy as np, math, helpers' functions (also calibration's)."""
    import helpers
    from helpers import calibration, jacobian, metrics

    names: dict[str, Any] = {"np": np, "math": math, "helpers": helpers}
    names |= {n: getattr(helpers, n) for n in helpers.__all__}
    names |= {n: getattr(jacobian, n) for n in ("softmax_jacobian", "cross_entropy_gradient", "squared_error_gradient")}
    names |= {n: getattr(calibration, n) for n in ("reliability_bins", "expected_calibration_error", "mean_nll")}
    return names | {n: getattr(metrics, n) for n in ("classification_error", "tutorial_metrics")}


def evaluate(expression: Any, where: str) -> list[float]:
    """The numbers an expression gives (one or a vector), flattened."""
    try:
        value = eval(str(expression), namespace())  # noqa: S307 - the course's own question files
    except Exception as error:
        raise ValueError(f"{where}: cannot evaluate {expression!r}: {error}") from None
    return [float(v) for v in np.ravel(np.asarray(value, dtype=float))]


def numbers_in(text: str) -> list[str]:
    """The numbers written in a text ("0.659", "-1", "2.5e-3", "8/27"), leaving out the misconceptions' own words
    ("log base 10")."""
    text = str(text).replace("−", "-")
    for words in MISCONCEPTIONS.values():
        text = re.sub(re.escape(words), " ", text, flags=re.IGNORECASE)
    return NUMBER.findall(text)


def shows(written: str, value: float) -> bool:
    """Whether `written` is `value` rounded to the decimals written (a fraction "8/27" must equal it to 1e-9)."""
    if "/" in written:
        top, bottom = written.split("/")
        return math.isclose(float(top) / float(bottom), value, rel_tol=1e-9)
    decimals = len(written.split(".")[1].split("e")[0]) if "." in written else 0
    if "e" in written:
        return math.isclose(float(written), value, rel_tol=10 ** -(decimals + 0.5))
    return abs(float(written) - value) <= 0.5 * 10**-decimals + 1e-12


def load_questions(path: Path) -> list[dict[str, Any]]:
    """The questions of one file, checked: every wrong choice has feedback naming its misconception, every number
    shown is computed. Raises ValueError saying which question breaks which rule."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    questions = data.get("questions") or []
    seen: set[str] = set()
    for q in questions:
        where = f"{path.name}, question {q.get('id', '?')!r}"
        if extra := set(q) - QUESTION_KEYS:
            raise ValueError(f"{where}: unknown keys {sorted(extra)}")
        for key in ("id", "after", "prompt"):
            if not q.get(key):
                raise ValueError(f"{where}: needs {key!r}")
        if q["id"] in seen:
            raise ValueError(f"{where}: the id is used twice")
        seen.add(q["id"])
        if ("choices" in q) == ("answer" in q):
            raise ValueError(f"{where}: give either choices or a numeric answer")
        known = [float(n) for n in numbers_in(q["prompt"])]
        for fact in q.get("facts", []):
            known += evaluate(fact, where)
        if "choices" in q:
            known += _check_choices(q, where)
        else:
            known += _check_numeric(q, where)
        texts = [c.get("feedback", "") for c in q.get("choices", [])]
        texts += [q.get("correct_feedback", ""), q.get("other_feedback", "")]
        texts += [w.get("feedback", "") for w in q.get("wrong_answers", [])]
        for text in texts:
            for written in numbers_in(text):
                small_integer = re.fullmatch(r"-?\d", written) is not None
                if not small_integer and not any(shows(written, v) for v in known):
                    raise ValueError(
                        f"{where}: the number {written} in {text[:60]!r}... is not computed by the question"
                    )
    return questions


def _misconception(item: dict[str, Any], where: str) -> None:
    key, feedback = item.get("misconception"), item.get("feedback") or ""
    if not feedback.strip():
        raise ValueError(f"{where}: the wrong answer {item.get('text', item.get('value'))!r} has no feedback")
    if key not in MISCONCEPTIONS:
        raise ValueError(f"{where}: misconception {key!r} is not one of {sorted(MISCONCEPTIONS)}")
    if MISCONCEPTIONS[key].lower() not in feedback.replace("$", "").lower():  # "That is $p_0$ itself" counts
        raise ValueError(f"{where}: feedback for {key} must use the exercises' words {MISCONCEPTIONS[key]!r}")


def _check_choices(q: dict[str, Any], where: str) -> list[float]:
    choices, known = q["choices"], []
    if len(choices) < 2 or sum(bool(c.get("correct")) for c in choices) != 1:
        raise ValueError(f"{where}: needs at least two choices, exactly one with correct: true")
    for c in choices:
        if not c.get("feedback"):
            raise ValueError(f"{where}: the choice {c.get('text')!r} has no feedback")
        written = numbers_in(c["text"])
        if "value" in c:
            values = evaluate(c["value"], where)
            known += values
            if len(written) != len(values) or not all(shows(w, v) for w, v in zip(written, values)):
                raise ValueError(f"{where}: the choice {c['text']!r} does not show its value {values}")
        elif written:
            raise ValueError(f"{where}: the choice {c['text']!r} shows numbers but has no `value` computing them")
        if not c.get("correct"):
            _misconception(c, where)
    return known


def _check_numeric(q: dict[str, Any], where: str) -> list[float]:
    (answer,) = evaluate(q["answer"], where)
    tolerance = float(q.get("tolerance", 0))
    if not tolerance > 0 or not q.get("correct_feedback") or not q.get("other_feedback"):
        raise ValueError(f"{where}: a numeric question needs tolerance > 0, correct_feedback and other_feedback")
    known = [answer, tolerance]
    for wrong in q.get("wrong_answers", []):
        (value,) = evaluate(wrong["value"], where)
        if abs(value - answer) <= tolerance:
            raise ValueError(f"{where}: the wrong answer {wrong['value']} = {value} is accepted as right")
        _misconception(wrong, where)
        known.append(value)
    if not q.get("wrong_answers"):
        raise ValueError(f"{where}: a numeric question must recognise at least one common wrong value")
    return known


# --- the page ---------------------------------------------------------------------------------------------------


def inline(text: str) -> str:
    """The little markup questions use: `code`, $math$, **bold**; everything else escaped."""
    out = []
    for part in re.split(r"(`[^`]+`|\$[^$]+\$|\*\*[^*]+\*\*)", str(text)):
        if part.startswith("`") and part.endswith("`") and len(part) > 1:
            out.append(f"<code>{html.escape(part[1:-1])}</code>")
        elif part.startswith("$") and part.endswith("$") and len(part) > 1:
            out.append(f'<span class="math notranslate nohighlight">\\({html.escape(part[1:-1])}\\)</span>')
        elif part.startswith("**") and part.endswith("**") and len(part) > 3:
            out.append(f"<strong>{html.escape(part[2:-2])}</strong>")
        else:
            out.append(html.escape(part))
    return "".join(out)


def choice_order(q: dict[str, Any]) -> list[int]:
    """The order the page shows a question's choices in: shuffled, the same on every build, from the question's id
    alone (a hash of the id and each choice's index), so that the YAML's order (the right answer first) tells
    nothing."""
    return sorted(range(len(q["choices"])), key=lambda k: hashlib.sha256(f"{q['id']}/{k}".encode()).hexdigest())


def version(q: dict[str, Any]) -> str:
    """A short hash of everything a question says: a learner's stored answer counts only for the same question."""
    return hashlib.sha256(json.dumps(q, sort_keys=True, default=str).encode()).hexdigest()[:12]


def _taught(item: dict[str, Any]) -> str | None:
    return TAUGHT.get(item.get("misconception", ""))


def question_html(q: dict[str, Any], page: str = "") -> str:
    """One question as the page shows it; assets/selfcheck.js makes it answerable. `page` is the page's docname."""
    qid = "selfcheck-" + re.sub(r"[^a-z0-9-]", "-", q["id"].lower())
    head = f'<p class="selfcheck-label" id="{qid}-label">Check yourself</p>'
    prompt = f'<div class="selfcheck-prompt" id="{qid}-prompt">{inline(q["prompt"])}</div>'
    if "choices" in q:
        options = "".join(
            f'<div class="selfcheck-choice"><input type="radio" name="{qid}" id="{qid}-{k}" value="{k}">'
            f'<label for="{qid}-{k}">{inline(q["choices"][k]["text"])}</label></div>'
            for k in choice_order(q)
        )
        body = f'<fieldset class="selfcheck-choices" aria-labelledby="{qid}-prompt">{options}</fieldset>'
        data = {
            "kind": "choice",
            "feedback": [inline(c["feedback"]) for c in q["choices"]],
            "correct": [bool(c.get("correct")) for c in q["choices"]],
            "misconception": [c.get("misconception") for c in q["choices"]],
            "taught": [_taught(c) for c in q["choices"]],
        }
    else:
        unit = f" {html.escape(q['unit'])}" if q.get("unit") else ""
        body = (
            f'<div class="selfcheck-numeric"><label for="{qid}-input">Your answer{unit}</label> '
            f'<input type="text" inputmode="decimal" autocomplete="off" id="{qid}-input"></div>'
        )
        (answer,) = evaluate(q["answer"], q["id"])
        data = {
            "kind": "numeric",
            "answer": answer,
            "tolerance": float(q["tolerance"]),
            "correct_feedback": inline(q["correct_feedback"]),
            "other_feedback": inline(q["other_feedback"]),
            "wrong": [
                {
                    "value": evaluate(w["value"], q["id"])[0],
                    "feedback": inline(w["feedback"]),
                    "misconception": w.get("misconception"),
                    "taught": _taught(w),
                }
                for w in q["wrong_answers"]
            ],
            "percent": q.get("unit") == "%",
        }
    data["shown"] = answer_text(q)
    payload = json.dumps(data).replace("</", "<\\/")
    return (
        f'<section class="selfcheck" id="{qid}" aria-labelledby="{qid}-label {qid}-prompt" '
        f'data-question="{html.escape(q["id"])}" data-version="{version(q)}" data-page="{html.escape(page)}">'
        f"{head}{prompt}{body}"
        f'<div class="selfcheck-buttons"><button type="button" class="selfcheck-check">Check</button>'
        f'<button type="button" class="selfcheck-reveal" hidden>Show the answer</button></div>'
        f'<div class="selfcheck-feedback" role="status" aria-live="polite"></div>'
        f'<script type="application/json" class="selfcheck-data">{payload}</script></section>'
    )


def _plain(title: str) -> str:
    """A title compared the way it is typed: straight quotes, single spaces."""
    return " ".join(title.translate(str.maketrans("‘’“”", "''\"\"")).split())


def _section_for(doctree: nodes.document, after: str) -> nodes.section:
    target = after.strip()
    found = [
        s
        for s in doctree.findall(nodes.section)
        if (target.startswith("#") and target[1:] in s["ids"]) or _plain(s[0].astext()) == _plain(target)
    ]
    if len(found) != 1:
        titles = [s[0].astext() for s in doctree.findall(nodes.section)]
        raise ValueError(f"after: {after!r} matches {len(found)} sections; the sections are {titles}")
    return found[0]


def answer_text(q: dict[str, Any]) -> str:
    """The right answer as a printed page gives it: the right choice's text, or the number to the asked precision."""
    if "choices" in q:
        return inline(next(c["text"] for c in q["choices"] if c.get("correct")))
    (answer,) = evaluate(q["answer"], q["id"])
    places = max(0, math.ceil(-math.log10(2 * float(q["tolerance"])) - 1e-9))
    return f"{answer:.{places}f}" if places <= 8 else f"{answer:.6g}"


def answers_html(placed: list[tuple[dict[str, Any], str]]) -> str:
    """The answers of a page's questions in the order the page shows them, printed at the chapter's end (the screen
    shows each answer's feedback in place instead, and does not show this list)."""

    def why(q: dict[str, Any]) -> str:
        right = [c["feedback"] for c in q.get("choices", []) if c.get("correct")]
        return inline(right[0] if right else q["correct_feedback"])

    items = "".join(
        f"<li><strong>{answer_text(q)}</strong> (after “{html.escape(title)}”). {why(q)}</li>" for q, title in placed
    )
    return f'<section class="selfcheck-answers"><h2>Answers to the self-checks</h2><ol>{items}</ol></section>'


def place_questions(app, doctree: nodes.document) -> None:
    """Put each question of the page's YAML file at the end of its section's own text (before any subsection), and
    their answers, for print, at the end of the page."""
    docname = app.env.docname
    path = Path(app.srcdir) / Path(docname).parent / "selfcheck" / (Path(docname).name + ".yml")
    if not path.is_file():
        return
    app.env.note_dependency(str(path))
    placed = {}
    for q in load_questions(path):
        section = _section_for(doctree, q["after"])
        where = next((i for i, child in enumerate(section.children) if isinstance(child, nodes.section)), None)
        node = nodes.raw("", question_html(q, docname), format="html")
        placed[id(node)] = (q, section[0].astext())
        if where is None:
            section += node
        else:
            section.insert(where, node)
    in_order = [placed[id(node)] for node in doctree.findall(nodes.raw) if id(node) in placed]
    top = next(iter(doctree.findall(nodes.section)))
    top += nodes.raw("", answers_html(in_order), format="html")


def manifest() -> dict[str, list[str]]:
    """Every chapter page with questions -> the versions of its questions, in the page's order: the pages that show a
    learner's progress (a chapter's, the table of contents', the first page's) count with it."""
    pages = {}
    for path in sorted((ROOT / "chapters" / "selfcheck").glob("*.yml")):
        pages[f"chapters/{path.stem}"] = [version(q) for q in load_questions(path)]
    return pages


def write_manifest(app, error: Exception | None) -> None:
    """_static/selfcheck-manifest.js, written whole after every build (a page that did not change still reads the
    questions of today's build), and loaded by every page before assets/selfcheck.js."""
    if error is None and app.builder.format == "html":
        text = f"window.selfcheckManifest = {json.dumps(manifest(), separators=(',', ':'))};\n"
        (Path(app.outdir) / "_static" / "selfcheck-manifest.js").write_text(text, encoding="utf-8")


def setup(app):
    app.connect("doctree-read", place_questions)
    app.connect("build-finished", write_manifest)
    app.add_js_file("selfcheck-manifest.js", defer="defer")
    app.add_js_file("selfcheck.js", defer="defer")
    app.add_css_file("selfcheck.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
