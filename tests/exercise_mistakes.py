"""Test data for tests/test_exercises.py and tests/test_grading.py: wrong answers, right answers written differently
from the master's, and what `make exercises` makes from solutions/ now (`regenerated`, built once for both).

MISTAKES lists (id, chapter, question, wrong code, a fragment the feedback must contain). ALTERNATIVES lists
(id, chapter, {question: code}): correct answers in another style (scipy, torch, loops, tuples, in-place updates
of their own arrays) that must pass every test, hidden ones included. `submission` builds a learner notebook from
exercises/ with every answer filled in from the master notebook in solutions/, except the answers it is given.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
from filelock import FileLock

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "grading"))
import make_exercises  # noqa: E402

# The data of chapter 8's Question 3 (as its answer cell sets it up), for the wrong answers to it.
BLOBS = (
    "from helpers.calibration import overlapping_blobs\n"
    "_, blob_labels, true_p = overlapping_blobs(1000, seed=1)\n"
    "logits = 4 * np.log(true_p)\n"
    "test_logits, test_labels = logits[1500:], blob_labels[1500:]\n"
)

# Chapter 3's Question 3 and chapter 4's Questions 2 and 3: each answer cell holds data or functions and lines that
# use them (as the master's cells do); these build a whole cell from its parts, right ones unless told otherwise.


def initial_loss_cell(
    predicted: str = "np.log(C)",
    initial: str = "cross_entropy_from_logits(untrained_logits, untrained_labels)",
    loss: str = "cross_entropy_from_logits(np.array([[1.0, 3.0, 2.0]]), np.array([1]))",
) -> str:
    """Chapter 3's Question 3 answer cell: its data, and the three answers."""
    return (
        "rng = np.random.default_rng(0)\n"
        "untrained_logits = rng.normal(scale=0.01, size=(1000, 10))\n"
        "untrained_labels = rng.integers(0, 10, size=1000)\n"
        "C = 10\n"
        f"q3_predicted = {predicted}\n"
        f"q3_initial = {initial}\n"
        f"q3_loss = {loss}\n"
    )


NUMERICAL_GRADIENT = (
    "def numerical_gradient(f, x, h=1e-5):\n"
    "    x = np.array(x, dtype=float)\n"
    "    steps = np.eye(x.size) * h\n"
    "    return np.array([(f(x + s) - f(x - s)) / (2 * h) for s in steps])\n"
)
RELATIVE_ERROR = (
    "def relative_error(analytic, numerical):\n"
    "    a, n = np.asarray(analytic, dtype=float), np.asarray(numerical, dtype=float)\n"
    "    return np.abs(a - n).max() / max(np.abs(a).max(), np.abs(n).max())\n"
)
SECOND_DIFFERENCES = (
    "def second_differences(values, h):\n    v = np.asarray(values, dtype=float)\n    return np.diff(v, 2) / h**2\n"
)


def gradient_check_cell(
    numerical_gradient: str = NUMERICAL_GRADIENT, relative_error: str = RELATIVE_ERROR, point: str = "[2.0, 1.0, 0.1]"
) -> str:
    """Chapter 4's Question 2 answer cell: the two functions, q2_point, and the check lines the cell gives."""
    return (
        f"{numerical_gradient}\n{relative_error}\nq2_point = np.array({point})\n"
        "q2_error_at_zero = relative_error(se_gradient(np.zeros(3), 1), "
        "numerical_gradient(lambda v: se_loss(v, 1), np.zeros(3)))\n"
        "q2_numeric = numerical_gradient(lambda v: se_loss(v, 1), np.asarray(q2_point, dtype=float))\n"
        "q2_error = relative_error(se_gradient(q2_point, 1), q2_numeric)\n"
    )


def convexity_cell(
    second_differences: str = SECOND_DIFFERENCES,
    predicted: str = "np.log(18)",
    bend: str = "ts[1:-1][np.argmax(q3_se < 0)]",
    ce_min: str = "np.min(q3_ce)",
) -> str:
    """Chapter 4's Question 3 answer cell: second_differences, the given line, and the three answers."""
    return (
        f"{second_differences}\n"
        "ts = np.linspace(-2.0, 8.0, 1001)\n"
        "line = np.zeros((len(ts), 10))\n"
        "line[:, 0] = ts\n"
        f"q3_predicted = {predicted}\n"
        "q3_se = second_differences(se_loss(line, 1), 0.01)\n"
        "q3_ce = second_differences(ce_loss(line, 1), 0.01)\n"
        f"q3_bend = {bend}\n"
        f"q3_ce_min = {ce_min}\n"
    )


# (id, chapter, question, wrong code replacing the solution, fragment the feedback must contain)
MISTAKES = [
    (
        "argmax-returns-value",
        "01_argmax",
        "q1",
        "def my_argmax(scores):\n    return max(scores)\n",
        "You returned the largest VALUE, not its INDEX",
    ),
    (
        "argmax-ties-to-last",
        "01_argmax",
        "q1",
        (
            "def my_argmax(scores):\n"
            "    best = 0\n"
            "    for i in range(len(scores)):\n"
            "        if scores[i] >= scores[best]:\n"
            "            best = i\n"
            "    return best\n"
        ),
        "return the LOWEST index",
    ),
    (
        "argmax-off-by-one",
        "01_argmax",
        "q1",
        (
            "def my_argmax(scores):\n"
            "    best = 0\n"
            "    for i in range(len(scores)):\n"
            "        if scores[i] > scores[best]:\n"
            "            best = i\n"
            "    return best + 1\n"
        ),
        "Off by one",
    ),
    (
        "argmax-compares-neighbour",
        "01_argmax",
        "q1",
        (
            "def my_argmax(scores):\n"
            "    best = 0\n"
            "    for i in range(1, len(scores)):\n"
            "        if scores[i] > scores[i - 1]:\n"
            "            best = i\n"
            "    return best\n"
        ),
        "You compared each score with the one just before it",
    ),
    (
        "argmax-best-value-zero",
        "01_argmax",
        "q1",
        (
            "def my_argmax(scores):\n"
            "    best, best_score = 0, 0\n"
            "    for i, s in enumerate(scores):\n"
            "        if s > best_score:\n"
            "            best, best_score = i, s\n"
            "    return best\n"
        ),
        "no score beats a best value of 0",
    ),
    (
        "argmax-forgot-return",
        "01_argmax",
        "q1",
        (
            "def my_argmax(scores):\n"
            "    best = 0\n"
            "    for i in range(1, len(scores)):\n"
            "        if scores[i] > scores[best]:\n"
            "            best = i\n"
        ),
        "Did you forget `return`?",
    ),
    (
        "argmax-blank",
        "01_argmax",
        "q1",
        'def my_argmax(scores):\n    """Index of the largest score; ties go to the lowest index."""\n    ...\n',
        "my_argmax is not written yet: its body is still `...`",
    ),
    (
        "predict-wrong-axis",
        "01_argmax",
        "q2",
        "def predict(logits, class_names):\n    return [class_names[i] for i in np.argmax(logits, axis=0)]\n",
        "use axis=-1",
    ),
    (
        "predict-off-by-one",
        "01_argmax",
        "q2",
        (
            "def predict(logits, class_names):\n"
            "    return [class_names[(i + 1) % len(class_names)] for i in np.argmax(logits, axis=-1)]\n"
        ),
        "Off by one",
    ),
    (
        "predict-no-axis",
        "01_argmax",
        "q2",
        "def predict(logits, class_names):\n    return [class_names[i] for i in np.argmax(logits)]\n",
        "np.argmax without an axis flattens the whole batch",
    ),
    (
        "predict-no-axis-one-name",
        "01_argmax",
        "q2",
        "def predict(logits, class_names):\n    return class_names[np.argmax(logits) % len(class_names)]\n",
        "returned the single name",
    ),
    (
        "predict-returns-indices",
        "01_argmax",
        "q2",
        "def predict(logits, class_names):\n    return list(np.argmax(logits, axis=-1))\n",
        "You returned class indices",
    ),
    (
        "predict-blank",
        "01_argmax",
        "q2",
        'def predict(logits, class_names):\n    """Name of the class with the largest logit."""\n    ...\n',
        "predict is not written yet",
    ),
    (  # the id is older than the question (tests/test_grading.py's PIPELINE names it): a tie, not for the largest
        "seed-index-is-value",
        "01_argmax",
        "q3",
        "q3_a = [3.0, 1.0, 2.0]\nq3_b = [5.0, 1.0, 1.0]\nq3_c = [0.0, 0.01]\n",
        "a tie, but not for the largest score",
    ),
    (
        "find-bug-a-not-shown",
        "01_argmax",
        "q3",
        "q3_a = [1.0, 2.0, 3.0]\nq3_b = [1.0, 5.0, 5.0]\nq3_c = [0.0, 0.01]\n",
        "do not show its bug",
    ),
    (
        "find-bug-b-no-tie",
        "01_argmax",
        "q3",
        "q3_a = [3.0, 1.0, 2.0]\nq3_b = [1.0, 5.0, 3.0]\nq3_c = [0.0, 0.01]\n",
        "What does its `>=` do",
    ),
    (
        "find-bug-c-tied-scores",
        "01_argmax",
        "q3",
        "q3_a = [3.0, 1.0, 2.0]\nq3_b = [1.0, 5.0, 5.0]\nq3_c = [1.0, 1.0]\n",
        "The bug needs DIFFERENT scores",
    ),
    (
        "find-bug-c-larger-first",
        "01_argmax",
        "q3",
        "q3_a = [3.0, 1.0, 2.0]\nq3_b = [1.0, 5.0, 5.0]\nq3_c = [0.01, 0.0]\n",
        "the larger score comes first",
    ),
    (
        "find-bug-c-explainer-scores",
        "01_argmax",
        "q3",
        "q3_a = [3.0, 1.0, 2.0]\nq3_b = [1.0, 5.0, 5.0]\nq3_c = [2.1, 0.4, 5.3]\n",
        "When do two different probabilities look the same",
    ),
    (
        "find-bug-nan",
        "01_argmax",
        "q3",
        "q3_a = [float('nan'), 1.0]\nq3_b = [1.0, 5.0, 5.0]\nq3_c = [0.0, 0.01]\n",
        "holds NaN or inf",
    ),
    (
        "find-bug-blank",
        "01_argmax",
        "q3",
        "q3_a = ...\nq3_b = ...\nq3_c = ...\n",
        "q3_a is still `...`: not answered yet",
    ),
    (
        "find-bug-not-defined",
        "01_argmax",
        "q3",
        "del q3_b\n",
        "q3_b is not defined",
    ),
    (
        "softmax-no-max-subtraction",
        "02_softmax",
        "q1",
        "def softmax(z):\n    e = np.exp(np.asarray(z, dtype=float))\n    return e / e.sum(axis=-1, keepdims=True)\n",
        "you did not subtract the max",
    ),
    (
        "softmax-wrong-axis",
        "02_softmax",
        "q1",
        (
            "def softmax(z):\n"
            "    z = np.asarray(z, dtype=float)\n"
            "    e = np.exp(z - z.max(axis=0, keepdims=True))\n"
            "    return e / e.sum(axis=0, keepdims=True)\n"
        ),
        "you summed over the wrong axis",
    ),
    (
        "softmax-no-keepdims",
        "02_softmax",
        "q1",
        (
            "def softmax(z):\n"
            "    z = np.asarray(z, dtype=float)\n"
            "    e = np.exp(z - z.max(axis=-1))\n"
            "    return e / e.sum(axis=-1)\n"
        ),
        "keepdims=True",
    ),
    (
        "softmax-twice",
        "02_softmax",
        "q1",
        (
            "def _s(z):\n"
            "    z = np.asarray(z, dtype=float)\n"
            "    e = np.exp(z - z.max(axis=-1, keepdims=True))\n"
            "    return e / e.sum(axis=-1, keepdims=True)\n"
            "def softmax(z):\n"
            "    return _s(_s(z))\n"
        ),
        "You applied softmax twice",
    ),
    (
        "softmax-global-max",
        "02_softmax",
        "q1",
        (
            "def softmax(z):\n"
            "    z = np.asarray(z, dtype=float)\n"
            "    e = np.exp(z - np.max(z))\n"
            "    return e / e.sum(axis=-1, keepdims=True)\n"
        ),
        "you subtracted one number for the whole batch",
    ),
    (
        "softmax-column-max",
        "02_softmax",
        "q1",
        (
            "def softmax(z):\n"
            "    z = np.asarray(z, dtype=float)\n"
            "    e = np.exp(z - z.max(axis=0))\n"
            "    return e / e.sum(axis=-1, keepdims=True)\n"
        ),
        "You subtracted each COLUMN's max",
    ),
    (
        "softmax-axis-1",
        "02_softmax",
        "q1",
        (
            "def softmax(z):\n"
            "    z = np.asarray(z, dtype=float)\n"
            "    e = np.exp(z - z.max(axis=1, keepdims=True))\n"
            "    return e / e.sum(axis=1, keepdims=True)\n"
        ),
        "raised AxisError: axis 1 is out of bounds for array of dimension 1. Your code reduces along axis 1",
    ),
    (
        "softmax-z-over-sum",
        "02_softmax",
        "q1",
        "def softmax(z):\n    z = np.asarray(z, dtype=float)\n    return z / z.sum(axis=-1, keepdims=True)\n",
        "That is z / sum(z), not softmax",
    ),
    (
        "softmax-blank",
        "02_softmax",
        "q1",
        'def softmax(z):\n    """Softmax along the last axis of z."""\n    ...\n',
        "softmax is not written yet",
    ),
    (
        "log-softmax-log10",
        "02_softmax",
        "q2",
        (
            "def log_softmax(z):\n"
            "    z = np.asarray(z, dtype=float)\n"
            "    s = z - z.max(axis=-1, keepdims=True)\n"
            "    return (s - np.log(np.exp(s).sum(axis=-1, keepdims=True))) / np.log(10)\n"
        ),
        "log base 10",
    ),
    (
        "log-softmax-log2",
        "02_softmax",
        "q2",
        (
            "def log_softmax(z):\n"
            "    z = np.asarray(z, dtype=float)\n"
            "    s = z - z.max(axis=-1, keepdims=True)\n"
            "    return np.log2(np.exp(s) / np.exp(s).sum(axis=-1, keepdims=True))\n"
        ),
        "log base 2",
    ),
    (
        "log-of-softmax-underflow",
        "02_softmax",
        "q2",
        (
            "def log_softmax(z):\n"
            "    z = np.asarray(z, dtype=float)\n"
            "    e = np.exp(z - z.max(axis=-1, keepdims=True))\n"
            "    return np.log(e / e.sum(axis=-1, keepdims=True))\n"
        ),
        "underflows to 0",
    ),
    (
        "log-softmax-log10-in-the-sum",
        "02_softmax",
        "q2",
        (
            "def log_softmax(z):\n"
            "    z = np.asarray(z, dtype=float)\n"
            "    s = z - z.max(axis=-1, keepdims=True)\n"
            "    return s - np.log10(np.exp(s).sum(axis=-1, keepdims=True))\n"
        ),
        "You took the log of the sum in log base 10 (np.log10)",
    ),
    (
        "log-softmax-no-max-subtraction",
        "02_softmax",
        "q2",
        (
            "def log_softmax(z):\n"
            "    z = np.asarray(z, dtype=float)\n"
            "    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))\n"
        ),
        "you did not subtract the max",
    ),
    (
        "log-softmax-global-max",
        "02_softmax",
        "q2",
        (
            "def log_softmax(z):\n"
            "    z = np.asarray(z, dtype=float)\n"
            "    s = z - z.max()\n"
            "    return s - np.log(np.exp(s).sum(axis=-1, keepdims=True))\n"
        ),
        "you subtracted one number for the whole batch",
    ),
    (
        "log-softmax-blank",
        "02_softmax",
        "q2",
        'def log_softmax(z):\n    """ln softmax(z) along the last axis of z."""\n    ...\n',
        "log_softmax is not written yet",
    ),
    (  # the id is older than the question's text (tests/test_grading.py's PIPELINE names it)
        "seed002-printed-probabilities",
        "02_softmax",
        "q3",
        (
            "q3_p = np.array([0.72, 0.23, 0.05])\n"
            "q3_twice = np.array([0.471, 0.288, 0.241])\n"
            "q3_logits = np.log([14.4, 4.6, 1.0])\n"
        ),
        "That is what the softmax and cross-entropy explainer's diagram shows",
    ),
    (
        "explainer-0164",
        "02_softmax",
        "q3",
        "q3_p = np.array([0.810, 0.164, 0.027])\n",
        "Apply your softmax to the logits [2.1, 0.5, -1.3]",
    ),
    (
        "explainer-not-rounded",
        "02_softmax",
        "q3",
        "q3_p = softmax(np.array([2.1, 0.5, -1.3]))\n",
        "Round to 3 decimals",
    ),
    (
        "logits-are-the-probabilities",
        "02_softmax",
        "q3",
        "q3_logits = np.array([0.72, 0.23, 0.05])\n",
        "Those are the probabilities themselves",
    ),
    (
        "logits-last-not-zero",
        "02_softmax",
        "q3",
        "q3_logits = np.log([0.72, 0.23, 0.05])\n",
        "the last logit is not 0",
    ),
    (
        "logits-first-zero",
        "02_softmax",
        "q3",
        "q3_logits = np.log(np.array([0.72, 0.23, 0.05]) / 0.72)\n",
        "the 0 is the FIRST logit",
    ),
    (
        "logits-log10",
        "02_softmax",
        "q3",
        "q3_logits = np.log10(np.array([0.72, 0.23, 0.05]) / 0.05)\n",
        "log base 10",
    ),
    (
        "logits-ratios-without-log",
        "02_softmax",
        "q3",
        "q3_logits = np.array([0.72, 0.23, 0.05]) / 0.05\n",
        "ratios p_i / p_2 themselves",
    ),
    (
        "explainer-blank",
        "02_softmax",
        "q3",
        "q3_p = ...\nq3_twice = ...\nq3_logits = ...\n",
        "q3_p is still `...`: not answered yet",
    ),
    (
        "explainer-not-defined",
        "02_softmax",
        "q3",
        "del q3_twice\n",
        "q3_twice is not defined",
    ),
    (
        "ce-log10",
        "03_cross_entropy",
        "q1",
        "def cross_entropy(probs, labels):\n    return np.mean(-np.log10(probs[np.arange(len(labels)), labels]))\n",
        "log base 10",
    ),
    (
        "ce-log2",
        "03_cross_entropy",
        "q1",
        "def cross_entropy(probs, labels):\n    return np.mean(-np.log2(probs[np.arange(len(labels)), labels]))\n",
        "log base 2",
    ),
    (
        "ce-sum-not-mean",
        "03_cross_entropy",
        "q1",
        "def cross_entropy(probs, labels):\n    return np.sum(-np.log(probs[np.arange(len(labels)), labels]))\n",
        "the SUM over the batch",
    ),
    (
        "ce-softmax-twice",
        "03_cross_entropy",
        "q1",
        (
            "def cross_entropy(probs, labels):\n"
            "    e = np.exp(probs - probs.max(axis=-1, keepdims=True))\n"
            "    q = e / e.sum(axis=-1, keepdims=True)\n"
            "    return np.mean(-np.log(q[np.arange(len(labels)), labels]))\n"
        ),
        "softmax applied twice",
    ),
    (
        "ce-off-by-one",
        "03_cross_entropy",
        "q1",
        (
            "def cross_entropy(probs, labels):\n"
            "    return np.mean(-np.log(probs[np.arange(len(labels)), (labels + 1) % probs.shape[1]]))\n"
        ),
        "Off by one",
    ),
    (
        "ce-from-logits-treats-logits-as-probabilities",
        "03_cross_entropy",
        "q2",
        (
            "def cross_entropy_from_logits(logits, labels):\n"
            "    return np.mean(-np.log(logits[np.arange(len(labels)), labels]))\n"
        ),
        "receives LOGITS",
    ),
    (
        "ce-from-logits-no-max-subtraction",
        "03_cross_entropy",
        "q2",
        (
            "def cross_entropy_from_logits(logits, labels):\n"
            "    z = np.asarray(logits, dtype=float)\n"
            "    return np.mean(np.log(np.exp(z).sum(axis=-1)) - z[np.arange(len(labels)), labels])\n"
        ),
        "you did not subtract the max",
    ),
    (
        "ce-from-logits-log-of-softmax",
        "03_cross_entropy",
        "q2",
        (
            "def cross_entropy_from_logits(logits, labels):\n"
            "    z = np.asarray(logits, dtype=float)\n"
            "    e = np.exp(z - z.max(axis=-1, keepdims=True))\n"
            "    p = e / e.sum(axis=-1, keepdims=True)\n"
            "    return float(np.mean(-np.log(p[np.arange(len(labels)), labels])))\n"
        ),
        "You took -log of softmax(z)",
    ),
    (
        "ce-from-logits-rows-not-entries",
        "03_cross_entropy",
        "q2",
        (
            "def cross_entropy_from_logits(logits, labels):\n"
            "    z = np.asarray(logits, dtype=float)\n"
            "    m = z.max(axis=-1, keepdims=True)\n"
            "    lse = m + np.log(np.exp(z - m).sum(axis=-1, keepdims=True))\n"
            "    return float(np.mean(lse - z[labels]))\n"
        ),
        "picks whole ROWS",
    ),
    (
        "ce-from-logits-sum",
        "03_cross_entropy",
        "q2",
        (
            "def cross_entropy_from_logits(logits, labels):\n"
            "    z = np.asarray(logits, dtype=float)\n"
            "    m = z.max(axis=-1)\n"
            "    return np.sum(m + np.log(np.exp(z - m[:, None]).sum(axis=-1)) - z[np.arange(len(labels)), labels])\n"
        ),
        "the SUM over the batch",
    ),
    (
        "ce-from-logits-blank",
        "03_cross_entropy",
        "q2",
        'def cross_entropy_from_logits(logits, labels):\n    """Mean over the batch."""\n    ...\n',
        "cross_entropy_from_logits is not written yet",
    ),
    (
        "probabilities-given-to-logits-loss",
        "03_cross_entropy",
        "q3",
        initial_loss_cell(
            loss="cross_entropy_from_logits(np.exp([[1.0, 3.0, 2.0]]) / np.exp([1.0, 3.0, 2.0]).sum(), np.array([1]))"
        ),
        "You passed probabilities to a loss that wants logits",
    ),
    (
        "explainer-rounded-loss",
        "03_cross_entropy",
        "q3",
        initial_loss_cell(loss="0.415"),
        "0.415 is the explainer's rounded value",
    ),
    (
        "explainer-loss-of-the-rounded-probability",
        "03_cross_entropy",
        "q3",
        initial_loss_cell(loss="-np.log(0.66)"),
        "from the explainer's ROUNDED probability",
    ),
    (
        "initial-loss-one-over-c",
        "03_cross_entropy",
        "q3",
        initial_loss_cell(predicted="1 / C"),
        "That is 1/C, the probability each class gets",
    ),
    (
        "initial-loss-summed-over-the-classes",
        "03_cross_entropy",
        "q3",
        initial_loss_cell(predicted="-C * np.log(1 / C)"),
        "That is C times the loss",
    ),
    (
        "initial-loss-log10",
        "03_cross_entropy",
        "q3",
        initial_loss_cell(predicted="np.log10(C)"),
        "That is log base 10",
    ),
    (
        "initial-loss-zero",
        "03_cross_entropy",
        "q3",
        initial_loss_cell(predicted="0.0"),
        "A model that knows nothing does not have loss 0",
    ),
    (
        "initial-loss-sign",
        "03_cross_entropy",
        "q3",
        initial_loss_cell(predicted="np.log(1 / C)"),
        "The sign is wrong: the loss is MINUS the log",
    ),
    (
        "initial-loss-log2",
        "03_cross_entropy",
        "q3",
        initial_loss_cell(predicted="np.log2(C)"),
        "That is log base 2",
    ),
    (
        "initial-loss-of-two-classes",
        "03_cross_entropy",
        "q3",
        initial_loss_cell(predicted="np.log(2)"),
        "ln 2 is the loss of a coin flip between 2 classes",
    ),
    (
        "initial-loss-summed-over-the-batch",
        "03_cross_entropy",
        "q3",
        initial_loss_cell(initial="1000 * cross_entropy_from_logits(untrained_logits, untrained_labels)"),
        "That is the SUM over the batch",
    ),
    (
        "explainer-loss-log10",
        "03_cross_entropy",
        "q3",
        initial_loss_cell(loss="cross_entropy_from_logits(np.array([[1.0, 3.0, 2.0]]), np.array([1])) / np.log(10)"),
        "That is log base 10: use the natural log.",
    ),
    (
        "initial-loss-of-logits-as-probabilities",
        "03_cross_entropy",
        "q3",
        initial_loss_cell(initial="cross_entropy(untrained_logits, untrained_labels)"),
        "you gave the logits to cross_entropy (Question 1)",
    ),
    (
        "initial-loss-blank",
        "03_cross_entropy",
        "q3",
        initial_loss_cell(predicted="...", initial="...", loss="..."),
        "q3_predicted is still `...`",
    ),
    (
        "multilabel-softmax-cross-entropy",
        "03_cross_entropy",
        "q5",
        (
            "def multilabel_loss(logits, targets):\n"
            "    z = np.asarray(logits, dtype=float)\n"
            "    m = z.max(axis=1, keepdims=True)\n"
            "    log_p = z - m - np.log(np.exp(z - m).sum(axis=1, keepdims=True))\n"
            "    return float(np.mean(-(targets * log_p).sum(axis=1)))\n"
        ),
        "softmax makes the classes compete",
    ),
    (
        "multilabel-divides-by-n",
        "03_cross_entropy",
        "q5",
        (
            "def multilabel_loss(logits, targets):\n"
            "    z, t = np.asarray(logits, dtype=float), np.asarray(targets, dtype=float)\n"
            "    return float(np.sum(t * np.logaddexp(0, -z) + (1 - t) * np.logaddexp(0, z)) / len(z))\n"
        ),
        "You divided by N",
    ),
    (
        "multilabel-drops-absent-classes",
        "03_cross_entropy",
        "q5",
        (
            "def multilabel_loss(logits, targets):\n"
            "    z, t = np.asarray(logits, dtype=float), np.asarray(targets, dtype=float)\n"
            "    return float(np.mean(t * np.logaddexp(0, -z)))\n"
        ),
        "The (1 - t) ln(1 - sigmoid(z)) term is missing",
    ),
    (
        "multilabel-log-of-sigmoid",
        "03_cross_entropy",
        "q5",
        (
            "def multilabel_loss(logits, targets):\n"
            "    p = 1 / (1 + np.exp(-np.asarray(logits, dtype=float)))\n"
            "    return float(np.mean(-(targets * np.log(p) + (1 - targets) * np.log(1 - p))))\n"
        ),
        "Computing sigmoid first and then its log fails",
    ),
    (
        "multilabel-sign",
        "03_cross_entropy",
        "q5",
        (
            "def multilabel_loss(logits, targets):\n"
            "    z, t = np.asarray(logits, dtype=float), np.asarray(targets, dtype=float)\n"
            "    return float(np.mean(-t * np.logaddexp(0, -z) - (1 - t) * np.logaddexp(0, z)))\n"
        ),
        "The sign is flipped: binary cross-entropy",
    ),
    (
        "multilabel-blank",
        "03_cross_entropy",
        "q5",
        (
            "photo_logits = np.array([[2.0, 1.5, -3.0], [-1.0, -2.0, 4.0], [3.0, -1.0, -2.0]])\n"
            "present = np.array([[1.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])\n"
            "def multilabel_loss(logits, targets):\n    ...\n"
            "multilabel_loss(photo_logits, present)\n"
        ),
        "multilabel_loss is not written yet",
    ),
    (
        "kl-arguments-swapped",
        "03_cross_entropy",
        "q6",
        (
            "def kl_divergence(y, p):\n"
            "    y, p = np.asarray(y, dtype=float), np.asarray(p, dtype=float)\n"
            "    with np.errstate(divide='ignore'):\n"
            "        return float(np.sum(p * np.log(p / y)))\n"
        ),
        "You swapped the arguments",
    ),
    (
        "kl-zero-log-zero",
        "03_cross_entropy",
        "q6",
        "def kl_divergence(y, p):\n    return float(np.sum(y * np.log(y / p)))\n",
        "0 * ln 0",
    ),
    (
        "kl-in-bits",
        "03_cross_entropy",
        "q6",
        (
            "def kl_divergence(y, p):\n"
            "    y, p = np.asarray(y, dtype=float), np.asarray(p, dtype=float)\n"
            "    return float(sum(a * np.log2(a / b) for a, b in zip(y, p) if a > 0))\n"
        ),
        "That is in bits",
    ),
    (
        "kl-cross-entropy-plus-entropy",
        "03_cross_entropy",
        "q6",
        (
            "def kl_divergence(y, p):\n"
            "    y, p = np.asarray(y, dtype=float), np.asarray(p, dtype=float)\n"
            "    h_y = -sum(a * np.log(a) for a in y if a > 0)\n"
            "    return float(-np.sum(y * np.log(p)) + h_y)\n"
        ),
        "That is H(y, p) + H(y)",
    ),
    (
        "kl-cross-entropy-alone",
        "03_cross_entropy",
        "q6",
        "def kl_divergence(y, p):\n    return float(-np.sum(np.asarray(y) * np.log(p)))\n",
        "That is the cross-entropy H(y, p) alone",
    ),
    (
        "jacobian-diagonal-only",
        "04_softmax_jacobian",
        "q1",
        (
            "def softmax_vjp(z, g):\n"
            "    p = softmax(np.asarray(z, dtype=float))\n"
            "    return p * (1 - p) * np.asarray(g, dtype=float)\n"
        ),
        "off-diagonal entries are -p_i p_j",
    ),
    (
        "vjp-diagonal-of-p-only",
        "04_softmax_jacobian",
        "q1",
        "def softmax_vjp(z, g):\n    return softmax(np.asarray(z, dtype=float)) * np.asarray(g, dtype=float)\n",
        "the -p p^T part of J is missing",
    ),
    (
        "vjp-plain-mean",
        "04_softmax_jacobian",
        "q1",
        (
            "def softmax_vjp(z, g):\n"
            "    p, g = softmax(np.asarray(z, dtype=float)), np.asarray(g, dtype=float)\n"
            "    return p * (g - g.mean())\n"
        ),
        "You subtracted the plain mean of g",
    ),
    (
        "vjp-of-log-softmax",
        "04_softmax_jacobian",
        "q1",
        (
            "def softmax_vjp(z, g):\n"
            "    p, g = softmax(np.asarray(z, dtype=float)), np.asarray(g, dtype=float)\n"
            "    return g - p * g.sum()\n"
        ),
        "That is the vector-Jacobian product of LOG-softmax",
    ),
    (
        "vjp-shared-term-without-p-i",
        "04_softmax_jacobian",
        "q1",
        (
            "def softmax_vjp(z, g):\n"
            "    p, g = softmax(np.asarray(z, dtype=float)), np.asarray(g, dtype=float)\n"
            "    return p * g - np.dot(p, g)\n"
        ),
        "The shared term is missing its factor p_i",
    ),
    (
        "vjp-without-the-leading-p",
        "04_softmax_jacobian",
        "q1",
        (
            "def softmax_vjp(z, g):\n"
            "    p, g = softmax(np.asarray(z, dtype=float)), np.asarray(g, dtype=float)\n"
            "    return g - np.dot(p, g)\n"
        ),
        "The leading factor p_i is missing",
    ),
    (
        "vjp-sign",
        "04_softmax_jacobian",
        "q1",
        (
            "def softmax_vjp(z, g):\n"
            "    p, g = softmax(np.asarray(z, dtype=float)), np.asarray(g, dtype=float)\n"
            "    return p * (np.dot(p, g) - g)\n"
        ),
        "The sign is flipped: J = diag(p) - p p^T",
    ),
    (
        "vjp-logits-for-probabilities",
        "04_softmax_jacobian",
        "q1",
        (
            "def softmax_vjp(z, g):\n"
            "    z, g = np.asarray(z, dtype=float), np.asarray(g, dtype=float)\n"
            "    return z * (g - np.dot(z, g))\n"
        ),
        "You used the logits z where the formula needs the probabilities",
    ),
    (
        "vjp-no-max-subtraction",
        "04_softmax_jacobian",
        "q1",
        (
            "def softmax_vjp(z, g):\n"
            "    e = np.exp(np.asarray(z, dtype=float))\n"
            "    p = e / e.sum()\n"
            "    return p * (g - np.dot(p, g))\n"
        ),
        "np.exp(1000) overflows",
    ),
    (
        "vjp-builds-the-jacobian",
        "04_softmax_jacobian",
        "q1",
        (
            "def softmax_vjp(z, g):\n"
            "    p = softmax(np.asarray(z, dtype=float))\n"
            "    return (np.diag(p) - np.outer(p, p)).T @ np.asarray(g, dtype=float)\n"
        ),
        "it built a C x C array",
    ),
    (
        "vjp-diagonal-term-missing",
        "04_softmax_jacobian",
        "q1",
        (
            "def softmax_vjp(z, g):\n"
            "    p, g = softmax(np.asarray(z, dtype=float)), np.asarray(g, dtype=float)\n"
            "    return -p * np.dot(p, g)\n"
        ),
        "The diagonal term is missing",
    ),
    (
        "vjp-returns-g",
        "04_softmax_jacobian",
        "q1",
        "def softmax_vjp(z, g):\n    return np.asarray(g, dtype=float)\n",
        "That is dL/dp",
    ),
    (
        "vjp-returns-p",
        "04_softmax_jacobian",
        "q1",
        "def softmax_vjp(z, g):\n    return softmax(np.asarray(z, dtype=float))\n",
        "That is p_0 itself",
    ),
    (
        "vjp-blank",
        "04_softmax_jacobian",
        "q1",
        'def softmax_vjp(z, g):\n    """J^T g, in O(C) time and memory."""\n    ...\n',
        "softmax_vjp is not written yet",
    ),
    (
        "relative-error-entry-by-entry",
        "04_softmax_jacobian",
        "q2",
        gradient_check_cell(
            relative_error=(
                "def relative_error(analytic, numerical):\n"
                "    a, n = np.asarray(analytic, dtype=float), np.asarray(numerical, dtype=float)\n"
                "    return np.max(np.abs(a - n) / np.maximum(np.abs(a), np.abs(n)))\n"
            )
        ),
        "You divided entry by entry",
    ),
    (
        "relative-error-absolute",
        "04_softmax_jacobian",
        "q2",
        gradient_check_cell(relative_error="def relative_error(a, n):\n    return np.max(np.abs(np.subtract(a, n)))\n"),
        "That is the absolute difference",
    ),
    (
        "relative-error-norms",
        "04_softmax_jacobian",
        "q2",
        gradient_check_cell(
            relative_error=(
                "def relative_error(analytic, numerical):\n"
                "    a, n = np.asarray(analytic, dtype=float), np.asarray(numerical, dtype=float)\n"
                "    return np.linalg.norm(a - n) / max(np.linalg.norm(a), np.linalg.norm(n))\n"
            )
        ),
        "You compared norms",
    ),
    (
        "relative-error-analytic-scale",
        "04_softmax_jacobian",
        "q2",
        gradient_check_cell(
            relative_error=(
                "def relative_error(analytic, numerical):\n"
                "    a, n = np.asarray(analytic, dtype=float), np.asarray(numerical, dtype=float)\n"
                "    return np.abs(a - n).max() / np.abs(a).max()\n"
            )
        ),
        "largest entry of the analytic array only",
    ),
    (
        "relative-error-mean",
        "04_softmax_jacobian",
        "q2",
        gradient_check_cell(
            relative_error=(
                "def relative_error(analytic, numerical):\n"
                "    a, n = np.asarray(analytic, dtype=float), np.asarray(numerical, dtype=float)\n"
                "    return np.abs(a - n).mean() / max(np.abs(a).max(), np.abs(n).max())\n"
            )
        ),
        "You averaged the differences",
    ),
    (
        "relative-error-numerical-scale",
        "04_softmax_jacobian",
        "q2",
        gradient_check_cell(
            relative_error=(
                "def relative_error(analytic, numerical):\n"
                "    a, n = np.asarray(analytic, dtype=float), np.asarray(numerical, dtype=float)\n"
                "    return np.abs(a - n).max() / np.abs(n).max()\n"
            )
        ),
        "largest entry of the numerical array only",
    ),
    (
        "relative-error-signed",
        "04_softmax_jacobian",
        "q2",
        gradient_check_cell(
            relative_error=(
                "def relative_error(analytic, numerical):\n"
                "    a, n = np.asarray(analytic, dtype=float), np.asarray(numerical, dtype=float)\n"
                "    return np.max(a - n) / max(np.abs(a).max(), np.abs(n).max())\n"
            )
        ),
        "The differences lost their sign the wrong way",
    ),
    (
        "numerical-gradient-forward",
        "04_softmax_jacobian",
        "q2",
        gradient_check_cell(
            numerical_gradient=(
                "def numerical_gradient(f, x, h=1e-5):\n"
                "    x = np.array(x, dtype=float)\n"
                "    return np.array([(f(x + s) - f(x)) / h for s in np.eye(x.size) * h])\n"
            )
        ),
        "one-sided (forward) difference",
    ),
    (
        "numerical-gradient-over-h",
        "04_softmax_jacobian",
        "q2",
        gradient_check_cell(
            numerical_gradient=(
                "def numerical_gradient(f, x, h=1e-5):\n"
                "    x = np.array(x, dtype=float)\n"
                "    return np.array([(f(x + s) - f(x - s)) / h for s in np.eye(x.size) * h])\n"
            )
        ),
        "the two nudged points are 2h apart",
    ),
    (  # the id is older than the question (tests/test_grading.py's PIPELINE names it): a difference the wrong way
        "ce-grad-sign",
        "04_softmax_jacobian",
        "q2",
        gradient_check_cell(
            numerical_gradient=(
                "def numerical_gradient(f, x, h=1e-5):\n"
                "    x = np.array(x, dtype=float)\n"
                "    return np.array([(f(x - s) - f(x + s)) / (2 * h) for s in np.eye(x.size) * h])\n"
            )
        ),
        "The sign is flipped",
    ),
    (
        "numerical-gradient-all-coordinates-at-once",
        "04_softmax_jacobian",
        "q2",
        gradient_check_cell(
            numerical_gradient=(
                "def numerical_gradient(f, x, h=1e-5):\n"
                "    x = np.array(x, dtype=float)\n"
                "    return np.full(x.shape, (f(x + h) - f(x - h)) / (2 * h))\n"
            )
        ),
        "you nudged all the coordinates at once",
    ),
    (
        "gradient-check-at-equal-logits",
        "04_softmax_jacobian",
        "q2",
        gradient_check_cell(point="[1.0, 1.0, 1.0]"),
        "has equal logits: there softmax is uniform",
    ),
    (  # the cell raises at its check lines while q2_point is `...`, so what they set is never defined
        "gradient-check-blank",
        "04_softmax_jacobian",
        "q2",
        (
            "def numerical_gradient(f, x, h=1e-5):\n    ...\n\n\n"
            "def relative_error(analytic, numerical):\n    ...\n\n\n"
            "q2_point = ...\n"
        ),
        "q2_point is still `...`",
    ),
    (
        "second-differences-without-h-squared",
        "04_softmax_jacobian",
        "q3",
        convexity_cell(second_differences="def second_differences(values, h):\n    return np.diff(values, 2)\n"),
        "You did not divide by h^2",
    ),
    (
        "second-differences-first-difference",
        "04_softmax_jacobian",
        "q3",
        convexity_cell(second_differences="def second_differences(values, h):\n    return np.diff(values) / h\n"),
        "That is a first difference",
    ),
    (
        "second-differences-gradient-twice",
        "04_softmax_jacobian",
        "q3",
        convexity_cell(
            second_differences="def second_differences(values, h):\n    return np.gradient(np.gradient(values, h), h)\n"
        ),
        "the two end points have only one neighbour each",
    ),
    (
        "second-differences-sign",
        "04_softmax_jacobian",
        "q3",
        convexity_cell(
            second_differences=(
                "def second_differences(values, h):\n"
                "    v = np.asarray(values, dtype=float)\n"
                "    return (2 * v[1:-1] - v[2:] - v[:-2]) / h**2\n"
            )
        ),
        "The sign is flipped: the value at t_k enters with -2",
    ),
    (
        "second-differences-over-h",
        "04_softmax_jacobian",
        "q3",
        convexity_cell(second_differences="def second_differences(values, h):\n    return np.diff(values, 2) / h\n"),
        "You divided by h: the second difference",
    ),
    (
        "second-differences-over-2h-squared",
        "04_softmax_jacobian",
        "q3",
        convexity_cell(
            second_differences="def second_differences(values, h):\n    return np.diff(values, 2) / (2 * h) ** 2\n"
        ),
        "You divided by (2h)^2",
    ),
    (
        "convexity-where-p0-is-a-half",
        "04_softmax_jacobian",
        "q3",
        convexity_cell(predicted="np.log(9)"),
        "That is where p_0 = 1/2",
    ),
    (
        "convexity-log10",
        "04_softmax_jacobian",
        "q3",
        convexity_cell(predicted="np.log10(18)"),
        "That is log base 10: the logit t is a natural log",
    ),
    (
        "convexity-bend-from-cross-entropy",
        "04_softmax_jacobian",
        "q3",
        convexity_cell(bend="ts[1:-1][np.argmax(q3_ce < 0)]"),
        "No second difference of squared error is negative there",
    ),
    (
        "convexity-bend-of-three-classes",
        "04_softmax_jacobian",
        "q3",
        convexity_cell(bend="np.log(4)"),
        "find the first negative entry of your q3_se",
    ),
    (
        "convexity-bend-index-of-ts",
        "04_softmax_jacobian",
        "q3",
        convexity_cell(bend="float(np.argmax(q3_se < 0) + 1)"),
        "That is an index, not the value of t there",
    ),
    (
        "convexity-three-classes",
        "04_softmax_jacobian",
        "q3",
        convexity_cell(predicted="np.log(4)"),
        "That is the chapter's bend for 3 classes",
    ),
    (  # the id is older than the question (tests/test_grading.py's PIPELINE names it): C where C - 1 belongs
        "smoothing-eps-over-c-minus-1",
        "04_softmax_jacobian",
        "q3",
        convexity_cell(predicted="np.log(2 * 10)"),
        "The other classes number C - 1 = 9",
    ),
    (
        "convexity-bend-index",
        "04_softmax_jacobian",
        "q3",
        convexity_cell(bend="float(np.argmax(q3_se < 0))"),
        "That is the index of the entry in q3_se",
    ),
    (
        "convexity-minimum-of-squared-error",
        "04_softmax_jacobian",
        "q3",
        convexity_cell(ce_min="np.min(q3_se)"),
        "That is the smallest second difference of squared error",
    ),
    (
        "convexity-blank",
        "04_softmax_jacobian",
        "q3",
        convexity_cell(
            second_differences="def second_differences(values, h):\n    ...\n",
            predicted="...",
            bend="...",
            ce_min="...",
        ),
        "q3_se is None: your second_differences returned nothing",
    ),
    (
        "se-grad-without-jacobian",
        "05_ce_vs_squared_error",
        "q1",
        (
            "def se_grad_logits(z, label):\n"
            "    p = softmax(np.asarray(z, dtype=float))\n"
            "    return 2 * (p - np.eye(len(p))[label])\n"
        ),
        "multiply by the Jacobian",
    ),
    (
        "se-is-ce-gradient",
        "05_ce_vs_squared_error",
        "q1",
        (
            "def se_grad_logits(z, label):\n"
            "    p = softmax(np.asarray(z, dtype=float))\n"
            "    return p - np.eye(len(p))[label]\n"
        ),
        "CROSS-ENTROPY gradient",
    ),
    (
        "iris-ce-log10",
        "05_ce_vs_squared_error",
        "q2",
        (
            "p_iris = np.array([0.57, 0.31, 0.12])\n"
            "def compare_losses(p, label):\n"
            "    y = np.eye(len(p))[label]\n"
            "    return -np.log10(p[label]), (1 - p[label]) ** 2, np.sum((p - y) ** 2)\n"
            "q2_ce, q2_se_true, q2_se_all = compare_losses(p_iris, 0)\n"
        ),
        "log base 10",
    ),
    (
        "neuron-cross-entropy-formula-for-both",
        "05_ce_vs_squared_error",
        "q5",
        (
            "def neuron_gradient(w, b, x, y, cost):\n"
            "    a = 1 / (1 + np.exp(-(w * x + b)))\n"
            "    return (a - y) * x, a - y\n"
        ),
        "for the quadratic cost the factor sigma'(z)",
    ),
    (
        "neuron-quadratic-formula-for-both",
        "05_ce_vs_squared_error",
        "q5",
        (
            "def neuron_gradient(w, b, x, y, cost):\n"
            "    a = 1 / (1 + np.exp(-(w * x + b)))\n"
            "    return (a - y) * a * (1 - a) * x, (a - y) * a * (1 - a)\n"
        ),
        "That is the quadratic cost's gradient",
    ),
    (
        "neuron-without-x",
        "05_ce_vs_squared_error",
        "q5",
        (
            "def neuron_gradient(w, b, x, y, cost):\n"
            "    a = 1 / (1 + np.exp(-(w * x + b)))\n"
            "    dz = (a - y) * a * (1 - a) if cost == 'quadratic' else a - y\n"
            "    return dz, dz\n"
        ),
        "dC/dw has no x",
    ),
    (
        "neuron-y-minus-a",
        "05_ce_vs_squared_error",
        "q5",
        (
            "def neuron_gradient(w, b, x, y, cost):\n"
            "    a = 1 / (1 + np.exp(-(w * x + b)))\n"
            "    dz = (y - a) * a * (1 - a) if cost == 'quadratic' else y - a\n"
            "    return dz * x, dz\n"
        ),
        "not y - a",
    ),
    (
        "neuron-sigma-prime-is-sigma",
        "05_ce_vs_squared_error",
        "q5",
        (
            "def neuron_gradient(w, b, x, y, cost):\n"
            "    a = 1 / (1 + np.exp(-(w * x + b)))\n"
            "    dz = (a - y) * a if cost == 'quadratic' else a - y\n"
            "    return dz * x, dz\n"
        ),
        "You took sigma'(z) as sigma(z)",
    ),
    (
        "neuron-quadratic-without-half",
        "05_ce_vs_squared_error",
        "q5",
        (
            "def neuron_gradient(w, b, x, y, cost):\n"
            "    a = 1 / (1 + np.exp(-(w * x + b)))\n"
            "    dz = 2 * (a - y) * a * (1 - a) if cost == 'quadratic' else a - y\n"
            "    return dz * x, dz\n"
        ),
        "Nielsen's quadratic cost is (a - y)^2 / 2",
    ),
    (
        "error-count-not-fraction",
        "06_nn1_vs_nn2",
        "q1",
        "def classification_error(probs, labels):\n    return int(np.sum(np.argmax(probs, axis=-1) != labels))\n",
        "NUMBER of mistakes",
    ),
    (
        "error-wrong-axis",
        "06_nn1_vs_nn2",
        "q1",
        "def classification_error(probs, labels):\n    return float(np.mean(np.argmax(probs, axis=0) != labels))\n",
        "axis=-1",
    ),
    (
        "mse-sum-over-batch",
        "06_nn1_vs_nn2",
        "q2",
        "def mse(probs, labels):\n    return float(np.sum((probs - np.eye(probs.shape[1])[labels]) ** 2))\n",
        "the SUM over the examples",
    ),
    (
        "mse-mean-over-classes-too",
        "06_nn1_vs_nn2",
        "q2",
        "def mse(probs, labels):\n    return float(np.mean((probs - np.eye(probs.shape[1])[labels]) ** 2))\n",
        "mean over every entry",
    ),
    (
        "nn-ce-log10",
        "06_nn1_vs_nn2",
        "q3",
        (
            "def mean_cross_entropy(probs, labels):\n"
            "    return float(np.mean(-np.log10(probs[np.arange(len(labels)), labels])))\n"
        ),
        "log base 10",
    ),
    (
        "nn-ce-log2",
        "06_nn1_vs_nn2",
        "q3",
        (
            "def mean_cross_entropy(probs, labels):\n"
            "    return float(np.mean(-np.log2(probs[np.arange(len(labels)), labels])))\n"
        ),
        "log base 2",
    ),
    (
        "nn-ce-sum",
        "06_nn1_vs_nn2",
        "q3",
        (
            "def mean_cross_entropy(probs, labels):\n"
            "    return float(np.sum(-np.log(probs[np.arange(len(labels)), labels])))\n"
        ),
        "the SUM over the examples",
    ),
    (
        "rnn-no-tanh",
        "07_rnn",
        "q1",
        "def rnn_step(x, h, W, U, b):\n    return W @ x + U @ h + b\n",
        "The tanh is missing",
    ),
    (
        "rnn-state-not-carried",
        "07_rnn",
        "q2",
        "def rnn_forward(xs, h0, W, U, b):\n    return np.array([rnn_step(x, h0, W, U, b) for x in xs])\n",
        "started again from h0",
    ),
    (
        "rnn-step-returns-none",
        "07_rnn",
        "q2",
        "def rnn_step(x, h, W, U, b):\n    np.tanh(W @ x + U @ h + b)\n",
        "if Question 1 fails, fix rnn_step first",
    ),
    (
        "rnn-returns-h0-too",
        "07_rnn",
        "q2",
        (
            "def rnn_forward(xs, h0, W, U, b):\n"
            "    h, out = h0, [h0]\n"
            "    for x in xs:\n"
            "        h = rnn_step(x, h, W, U, b)\n"
            "        out.append(h)\n"
            "    return np.array(out)\n"
        ),
        "Off by one",
    ),
    (
        "tokens-split-on-spaces",
        "07_rnn",
        "q3",
        "def word_tokens(sentence):\n    return sentence.split()\nq3_hi = 2\nq3_whats = 3\n",
        "glued to 'man'",
    ),
    (
        "tokens-tuple-split-on-spaces",
        "07_rnn",
        "q3",
        "def word_tokens(sentence):\n    return tuple(sentence.split())\nq3_hi = 2\nq3_whats = 3\n",
        "glued to 'man'",
    ),
    (
        "ece-unweighted-mean-of-bins",
        "08_calibration",
        "q1",
        (
            "def ece(probabilities, labels, n_bins=10):\n"
            "    conf, right = probabilities.max(axis=1), probabilities.argmax(axis=1) == labels\n"
            "    which = np.clip(np.ceil(conf * n_bins).astype(int) - 1, 0, n_bins - 1)\n"
            "    return float(np.mean([abs(right[which == b].mean() - conf[which == b].mean())\n"
            "                          for b in range(n_bins) if (which == b).any()]))\n"
        ),
        "That is the plain mean of the bins' gaps",
    ),
    (
        "ece-true-class-as-confidence",
        "08_calibration",
        "q1",
        (
            "def ece(probabilities, labels, n_bins=10):\n"
            "    conf = probabilities[np.arange(len(labels)), labels]\n"
            "    right = probabilities.argmax(axis=1) == labels\n"
            "    which = np.clip(np.ceil(conf * n_bins).astype(int) - 1, 0, n_bins - 1)\n"
            "    return float(sum((which == b).mean() * abs(right[which == b].mean() - conf[which == b].mean())\n"
            "                     for b in range(n_bins) if (which == b).any()))\n"
        ),
        "You used the probability of the TRUE class as the confidence",
    ),
    (
        "ece-signed-gaps",
        "08_calibration",
        "q1",
        (
            "def ece(probabilities, labels, n_bins=10):\n"
            "    conf, right = probabilities.max(axis=1), probabilities.argmax(axis=1) == labels\n"
            "    which = np.clip(np.ceil(conf * n_bins).astype(int) - 1, 0, n_bins - 1)\n"
            "    return float(sum((which == b).mean() * (right[which == b].mean() - conf[which == b].mean())\n"
            "                     for b in range(n_bins) if (which == b).any()))\n"
        ),
        "You kept the sign of the gaps",
    ),
    (
        "ece-bins-closed-on-the-left",
        "08_calibration",
        "q1",
        (
            "def ece(probabilities, labels, n_bins=10):\n"
            "    conf, right = probabilities.max(axis=1), probabilities.argmax(axis=1) == labels\n"
            "    which = np.minimum(np.digitize(conf, np.linspace(0, 1, n_bins + 1)) - 1, n_bins - 1)\n"
            "    return float(sum((which == b).mean() * abs(right[which == b].mean() - conf[which == b].mean())\n"
            "                     for b in range(n_bins) if (which == b).any()))\n"
        ),
        "went into the bin ABOVE",
    ),
    (
        "ece-accuracy-as-mean-true-probability",
        "08_calibration",
        "q1",
        (
            "def ece(probabilities, labels, n_bins=10):\n"
            "    conf, p_true = probabilities.max(axis=1), probabilities[np.arange(len(labels)), labels]\n"
            "    which = np.clip(np.ceil(conf * n_bins).astype(int) - 1, 0, n_bins - 1)\n"
            "    return float(sum((which == b).mean() * abs(p_true[which == b].mean() - conf[which == b].mean())\n"
            "                     for b in range(n_bins) if (which == b).any()))\n"
        ),
        "mean probability of the true class as the bin's accuracy",
    ),
    (
        "ece-empty-bins-give-nan",
        "08_calibration",
        "q1",
        (
            "def ece(probabilities, labels, n_bins=10):\n"
            "    conf, right = probabilities.max(axis=1), probabilities.argmax(axis=1) == labels\n"
            "    which = np.clip(np.ceil(conf * n_bins).astype(int) - 1, 0, n_bins - 1)\n"
            "    return float(sum((which == b).mean() * abs(right[which == b].mean() - conf[which == b].mean())\n"
            "                     for b in range(n_bins)))\n"
        ),
        "Skip the empty bins",
    ),
    (
        "temperature-minimises-ece",
        "08_calibration",
        "q2",
        (
            "def fit_temperature(val_logits, val_labels):\n"
            "    grid = np.linspace(0.05, 20, 400)\n"
            "    return float(grid[np.argmin([ece(softmax(val_logits / T), val_labels) for T in grid])])\n"
        ),
        "you minimised the calibration error",
    ),
    (
        "temperature-maximises-accuracy",
        "08_calibration",
        "q2",
        (
            "from scipy.optimize import minimize_scalar\n"
            "def fit_temperature(val_logits, val_labels):\n"
            "    accuracy = lambda T: np.mean(softmax(val_logits / T).argmax(axis=1) == val_labels)\n"
            "    return minimize_scalar(lambda T: -accuracy(T), bounds=(0.05, 20), method='bounded').x\n"
        ),
        "Accuracy cannot choose T",
    ),
    (
        "temperature-multiplies-the-logits",
        "08_calibration",
        "q2",
        (
            "from scipy.optimize import minimize_scalar\n"
            "def fit_temperature(val_logits, val_labels):\n"
            "    rows = np.arange(len(val_labels))\n"
            "    nll = lambda T: -np.mean(np.log(softmax(val_logits * T)[rows, val_labels]))\n"
            "    return minimize_scalar(nll, bounds=(0.05, 20), method='bounded', options={'xatol': 1e-9}).x\n"
        ),
        "That is 1 / T: you multiplied the logits by T",
    ),
    (
        "temperature-returns-the-nll",
        "08_calibration",
        "q2",
        (
            "from scipy.optimize import minimize_scalar\n"
            "def fit_temperature(val_logits, val_labels):\n"
            "    rows = np.arange(len(val_labels))\n"
            "    nll = lambda T: -np.mean(np.log(softmax(val_logits / T)[rows, val_labels]))\n"
            "    return minimize_scalar(nll, bounds=(0.05, 20), method='bounded', options={'xatol': 1e-9}).fun\n"
        ),
        "return the temperature T that reaches it",
    ),
    (
        "calibration-temperature-fitted-on-test",
        "08_calibration",
        "q3",
        BLOBS
        + (
            "q3_T = fit_temperature(test_logits, test_labels)\n"
            "q3_ece_before = ece(softmax(test_logits), test_labels)\n"
            "q3_ece_after = ece(softmax(test_logits / q3_T), test_labels)\n"
            "q3_ece_true = ece(true_p[1500:], test_labels)\n"
        ),
        "That T was fitted on the TEST set",
    ),
    (
        "calibration-logits-multiplied-by-temperature",
        "08_calibration",
        "q3",
        BLOBS
        + (
            "q3_T = fit_temperature(logits[:1500], blob_labels[:1500])\n"
            "q3_ece_before = ece(softmax(test_logits), test_labels)\n"
            "q3_ece_after = ece(softmax(test_logits * q3_T), test_labels)\n"
            "q3_ece_true = ece(true_p[1500:], test_labels)\n"
        ),
        "You multiplied the logits by T",
    ),
]

# Correct answers written differently: each must pass the public and the hidden tests.
ALTERNATIVES = [
    (
        "argmax-enumerate-tuple",
        "01_argmax",
        {
            "q1": (
                "def my_argmax(scores):\n"
                "    best, best_score = np.int64(0), scores[0]\n"
                "    for i, s in enumerate(scores):\n"
                "        if s > best_score:\n"
                "            best, best_score = np.int64(i), s\n"
                "    return best\n"
            ),
            "q2": (
                "def predict(logits, class_names):\n"
                "    return tuple(class_names[i] for i in np.asarray(logits).argmax(axis=1))\n"
            ),
            "q3": "q3_a = np.array([5, 0, 1])\nq3_b = (2, 2)\nq3_c = [-3, 10, 10.01, 2]\n",
        },
    ),
    (
        "softmax-scipy",
        "02_softmax",
        {
            "q1": "import scipy.special\ndef softmax(z):\n    return scipy.special.softmax(z, axis=-1)\n",
            "q2": "def log_softmax(z):\n    return scipy.special.log_softmax(z, axis=-1)\n",
        },
    ),
    (
        "softmax-torch",
        "02_softmax",
        {
            "q1": (
                "import torch\n"
                "def softmax(z):\n"
                "    return torch.softmax(torch.as_tensor(np.asarray(z, dtype=float)), dim=-1)\n"
            ),
            "q2": (
                "def log_softmax(z):\n"
                "    return torch.log_softmax(torch.as_tensor(np.asarray(z, dtype=float)), dim=-1).tolist()\n"
            ),
            "q3": (
                "q3_p = np.round(softmax(np.array([2.1, 0.5, -1.3])).numpy(), 3)\n"
                "q3_twice = np.round(softmax(np.array([0.72, 0.23, 0.05])).numpy(), 3)\n"
                "printed = torch.tensor([0.72, 0.23, 0.05], dtype=torch.float64)\n"
                "q3_logits = torch.log(printed) - torch.log(printed[-1])\n"
            ),
        },
    ),
    (
        "softmax-loops-lists",
        "02_softmax",
        {
            "q3": (
                "import math\n"
                "q3_p = [round(float(x), 3) for x in softmax([2.1, 0.5, -1.3])]\n"
                "q3_twice = [round(float(x), 3) for x in softmax([0.72, 0.23, 0.05])]\n"
                "q3_logits = [math.log(p) - math.log(0.05) for p in (0.72, 0.23, 0.05)]\n"
            ),
        },
    ),
    (
        "softmax-in-place-on-own-copy",
        "02_softmax",
        {
            "q1": (
                "def softmax(z):\n"
                "    out = np.array(z, dtype=float)\n"
                "    out -= out.max(axis=-1, keepdims=True)\n"
                "    np.exp(out, out=out)\n"
                "    out /= out.sum(axis=-1, keepdims=True)\n"
                "    return out\n"
            ),
        },
    ),
    (
        "cross-entropy-loop-and-logsumexp",
        "03_cross_entropy",
        {
            "q1": (
                "import math\n"
                "def cross_entropy(probs, labels):\n"
                "    losses = [-math.log(row[label]) for row, label in zip(probs, labels)]\n"
                "    return sum(losses) / len(losses)\n"
            ),
            "q2": (
                "from scipy.special import logsumexp\n"
                "def cross_entropy_from_logits(logits, labels):\n"
                "    rows = range(len(labels))\n"
                "    return np.mean(logsumexp(logits, axis=1) - np.asarray(logits)[rows, labels])\n"
            ),
        },
    ),
    (
        "cross-entropy-torch",
        "03_cross_entropy",
        {
            "q2": (
                "import torch\n"
                "import torch.nn.functional as F\n"
                "def cross_entropy_from_logits(logits, labels):\n"
                "    return F.cross_entropy(torch.as_tensor(logits), torch.as_tensor(labels))\n"
            ),
            "q3": initial_loss_cell(
                predicted="-np.log(1.0 / C)",
                initial="cross_entropy_from_logits(untrained_logits, untrained_labels).item()",
                loss="float(cross_entropy_from_logits(np.array([[1.0, 3.0, 2.0]]), np.array([1])))",
            ),
            "q5": (
                "def multilabel_loss(logits, targets):\n"
                "    return torch.nn.BCEWithLogitsLoss()(torch.as_tensor(logits), torch.as_tensor(targets))\n"
            ),
            "q6": "import scipy.stats\ndef kl_divergence(y, p):\n    return scipy.stats.entropy(y, p)\n",
        },
    ),
    (
        "multilabel-logaddexp-lists",
        "03_cross_entropy",
        {
            "q3": initial_loss_cell(
                predicted="np.log(np.float32(C))",
                loss="cross_entropy_from_logits([[1.0, 3.0, 2.0]], [1])",
            ),
            "q5": (
                "def multilabel_loss(logits, targets):\n"
                "    z, t = np.asarray(logits, dtype=float), np.asarray(targets, dtype=float)\n"
                "    return np.mean(t * np.logaddexp(0, -z) + (1 - t) * np.logaddexp(0, z))\n"
            ),
        },
    ),
    (
        "multilabel-loops-kl-xlogy",
        "03_cross_entropy",
        {
            "q5": (
                "import math\n"
                "def multilabel_loss(logits, targets):\n"
                "    total, count = 0.0, 0\n"
                "    for row, row_targets in zip(logits, targets):\n"
                "        for z, t in zip(row, row_targets):\n"
                "            softplus = max(z, 0.0) + math.log1p(math.exp(-abs(z)))  # ln(1 + e^z)\n"
                "            total += softplus - t * z  # = -[t ln sigmoid(z) + (1 - t) ln(1 - sigmoid(z))]\n"
                "            count += 1\n"
                "    return total / count\n"
            ),
            "q6": (
                "from scipy.special import xlogy\n"
                "def kl_divergence(y, p):\n"
                "    return np.sum(xlogy(y, y) - xlogy(y, p))\n"
            ),
        },
    ),
    (
        "jacobian-vjp-loops-and-in-place-nudges",
        "04_softmax_jacobian",
        {
            "q1": (
                "import math\n"
                "def softmax_vjp(z, g):\n"
                "    top = max(z)\n"
                "    e = [math.exp(v - top) for v in z]\n"
                "    total = sum(e)\n"
                "    p = [v / total for v in e]\n"
                "    shared = sum(pj * gj for pj, gj in zip(p, g))  # p . g\n"
                "    return [pi * (gi - shared) for pi, gi in zip(p, g)]\n"
            ),
            "q2": gradient_check_cell(
                numerical_gradient=(
                    "def numerical_gradient(f, x, h=1e-5):\n"
                    "    x = np.array(x, dtype=float)  # its own copy, nudged in place and put back\n"
                    "    grad = []\n"
                    "    for i in range(len(x)):\n"
                    "        keep = x[i]\n"
                    "        x[i] = keep + h\n"
                    "        up = f(x)\n"
                    "        x[i] = keep - h\n"
                    "        down = f(x)\n"
                    "        x[i] = keep\n"
                    "        grad.append((up - down) / (2 * h))\n"
                    "    return grad\n"
                ),
                relative_error=(
                    "def relative_error(analytic, numerical):\n"
                    "    pairs = list(zip(np.ravel(analytic), np.ravel(numerical)))\n"
                    "    return max(abs(a - n) for a, n in pairs) / max(max(abs(a), abs(n)) for a, n in pairs)\n"
                ),
                point="[0.5, -1.0, 2.0]",
            ),
            "q3": convexity_cell(
                second_differences=(
                    "def second_differences(values, h):\n"
                    "    return np.convolve(values, [1.0, -2.0, 1.0], mode='valid') / h**2\n"
                ),
                predicted="math.log(18)",
                bend="float(ts[np.flatnonzero(q3_se < 0)[0] + 1])",
                ce_min="float(min(q3_ce))",
            ),
        },
    ),
    (
        "jacobian-vjp-torch",
        "04_softmax_jacobian",
        {
            "q1": (
                "import torch\n"
                "def softmax_vjp(z, g):\n"
                "    p = torch.softmax(torch.as_tensor(np.asarray(z, dtype=float)), dim=0)\n"
                "    g = torch.as_tensor(np.asarray(g, dtype=float))\n"
                "    return p * g - p * torch.dot(p, g)\n"
            ),
            "q3": convexity_cell(
                second_differences=(
                    "def second_differences(values, h):\n"
                    "    v = torch.as_tensor(np.asarray(values, dtype=float))\n"
                    "    return (v[2:] + v[:-2] - 2 * v[1:-1]) / h**2\n"
                ),
                bend="ts[1:-1][int(torch.nonzero(q3_se < 0)[0])]",
                ce_min="q3_ce.min()",
            ),
        },
    ),
    (
        "squared-error-formula-lists",
        "05_ce_vs_squared_error",
        {
            "q1": (
                "def se_grad_logits(z, label):\n"
                "    p = softmax(z)\n"
                "    d = p - np.eye(len(p))[label]\n"
                "    return 2 * p * (d - np.dot(p, d))\n"
            ),
            "q2": (
                "import math\n"
                "p_iris = np.array([0.57, 0.31, 0.12])\n"
                "def compare_losses(p, label):\n"
                "    se_all = sum((q - (i == label)) ** 2 for i, q in enumerate(p))\n"
                "    return [-math.log(p[label]), (1 - p[label]) ** 2, se_all]\n"
                "q2_ce, q2_se_true, q2_se_all = compare_losses(p_iris, 0)\n"
            ),
        },
    ),
    (
        "neuron-torch-autograd",
        "05_ce_vs_squared_error",
        {
            "q5": (
                "import torch\n"
                "def neuron_gradient(w, b, x, y, cost):\n"
                "    w = torch.tensor(w, dtype=torch.float64, requires_grad=True)\n"
                "    b = torch.tensor(b, dtype=torch.float64, requires_grad=True)\n"
                "    a = torch.sigmoid(w * x + b)\n"
                "    if cost == 'quadratic':\n"
                "        c = (a - y) ** 2 / 2\n"
                "    else:\n"
                "        c = torch.nn.functional.binary_cross_entropy(a, torch.tensor(float(y), dtype=torch.float64))\n"
                "    c.backward()\n"
                "    return [w.grad.item(), b.grad.item()]\n"
            ),
        },
    ),
    (
        "metrics-loops-lists",
        "06_nn1_vs_nn2",
        {
            "q1": (
                "def classification_error(probs, labels):\n"
                "    wrong = sum(int(np.argmax(row) != label) for row, label in zip(probs, labels))\n"
                "    return wrong / len(labels)\n"
            ),
            "q2": (
                "def mse(probs, labels):\n"
                "    total = 0.0\n"
                "    for row, label in zip(probs, labels):\n"
                "        total += sum((q - (c == label)) ** 2 for c, q in enumerate(row))\n"
                "    return total / len(labels)\n"
            ),
            "q4": (
                "q4_table = {\n"
                "    name: [classification_error(p, labels), mse(p, labels), mean_cross_entropy(p, labels)]\n"
                "    for name, p in [('NN1', nn1), ('NN2', nn2)]\n"
                "}\n"
            ),
        },
    ),
    (
        "rnn-state-in-place-tuple-tokens",
        "07_rnn",
        {
            "q1": (
                "import torch\n"
                "def rnn_step(x, h, W, U, b):\n"
                "    t = torch.as_tensor\n"
                "    return torch.tanh(t(W) @ t(x) + t(U) @ t(h) + t(b)).numpy()\n"
            ),
            "q2": (
                "def rnn_forward(xs, h0, W, U, b):\n"
                "    h = h0  # the state is updated in place: the caller's h0 changes too\n"
                "    states = np.empty((len(xs), len(h0)))\n"
                "    for t, x in enumerate(xs):\n"
                "        h[:] = rnn_step(x, h, W, U, b)\n"
                "        states[t] = h\n"
                "    return states\n"
            ),
            "q3": (
                "def word_tokens(sentence):\n"
                '    return tuple(re.findall(r"[A-Za-z0-9_\']+|[^A-Za-z0-9_\\s]", sentence))\n'
                "\n"
                "q3_hi = len('Hi')\n"
                'q3_whats = len(word_tokens("What\'s up man?"))\n'
            ),
        },
    ),
    (
        "calibration-digitize-log-temperature",
        "08_calibration",
        {
            "q1": (
                "def ece(probabilities, labels, n_bins=10):\n"
                "    p = np.asarray(probabilities)\n"
                "    conf, right = p.max(axis=1), (p.argmax(axis=1) == np.asarray(labels)).astype(float)\n"
                "    which = np.digitize(conf, np.linspace(0, 1, n_bins + 1)[1:-1], right=True)\n"
                "    count = np.bincount(which, minlength=n_bins)\n"
                "    gap = np.bincount(which, right - conf, minlength=n_bins)  # sum of (correct - confidence)\n"
                "    return np.abs(gap).sum() / len(conf)\n"
            ),
            "q2": (
                "from scipy.optimize import minimize_scalar\n"
                "from scipy.special import log_softmax\n"
                "def fit_temperature(val_logits, val_labels):\n"
                "    rows = np.arange(len(val_labels))\n"
                "    nll = lambda log_t: -log_softmax(val_logits / np.exp(log_t), axis=1)[rows, val_labels].mean()\n"
                "    best = minimize_scalar(nll, bounds=(np.log(0.05), np.log(20)), method='bounded')\n"
                "    return np.exp(best.x)\n"
            ),
        },
    ),
    (
        "calibration-loops-torch",
        "08_calibration",
        {
            "q1": (
                "import math\n"
                "def ece(probabilities, labels, n_bins=10):\n"
                "    bins = [[] for _ in range(n_bins)]\n"
                "    for row, label in zip(probabilities, labels):\n"
                "        c = max(row)\n"
                "        b = min(max(math.ceil(c * n_bins) - 1, 0), n_bins - 1)\n"
                "        bins[b].append((c, list(row).index(c) == label))\n"
                "    n = len(labels)\n"
                "    return sum(len(b) / n * abs(sum(r for _, r in b) / len(b) - sum(c for c, _ in b) / len(b))\n"
                "               for b in bins if b)\n"
            ),
            "q2": (
                "import torch\n"
                "def fit_temperature(val_logits, val_labels):\n"
                "    z, y = torch.as_tensor(val_logits), torch.as_tensor(val_labels)\n"
                "    log_t = torch.zeros((), dtype=torch.float64, requires_grad=True)\n"
                "    opt = torch.optim.LBFGS([log_t], max_iter=100, line_search_fn='strong_wolfe')\n"
                "    def closure():\n"
                "        opt.zero_grad()\n"
                "        loss = torch.nn.functional.cross_entropy(z / log_t.exp(), y)\n"
                "        loss.backward()\n"
                "        return loss\n"
                "    opt.step(closure)\n"
                "    return log_t.exp().detach()\n"
            ),
            "q3": (
                "from helpers.calibration import overlapping_blobs\n"
                "_, blob_labels, true_p = overlapping_blobs(1000, seed=1)\n"
                "logits = torch.log(torch.as_tensor(true_p)) * 4\n"
                "q3_T = float(fit_temperature(logits[:1500], blob_labels[:1500]))\n"
                "q3_ece_before = ece(torch.softmax(logits[1500:], dim=1).numpy(), blob_labels[1500:])\n"
                "q3_ece_after = ece(torch.softmax(logits[1500:] / q3_T, dim=1).numpy(), blob_labels[1500:])\n"
                "q3_ece_true = ece(true_p[1500:].tolist(), blob_labels[1500:])\n"
            ),
        },
    ),
]

# The common mistakes the course promises to recognise, and one wrong answer that shows each.
PROMISED = {
    "no max subtraction (overflow on large logits)": "softmax-no-max-subtraction",
    "summing over the wrong axis": "error-wrong-axis",
    "log base 10 instead of ln": "log-softmax-log10",
    "log base 2 instead of ln": "nn-ce-log2",
    "softmax applied twice": "ce-softmax-twice",
    "probabilities given to a loss that wants logits": "probabilities-given-to-logits-loss",
    "sum instead of mean over the batch": "ce-from-logits-sum",
    "argmax returning the value instead of the index": "argmax-returns-value",
    "an off-by-one class index": "predict-off-by-one",
}


def solutions(chapter: str) -> dict[str, str]:
    """{question: the master's solution code} for the auto-graded questions of a chapter."""
    master = nbformat.read(ROOT / "solutions" / f"{chapter}.ipynb", as_version=4)
    return {
        q["name"]: "\n".join(c.source for c in q["solution"] if c.cell_type == "code")
        for q in make_exercises.questions(master)
        if not q["manual"]
    }


def submission(chapter: str, answers: dict[str, str] | None = None) -> nbformat.NotebookNode:
    """The learner notebook of `chapter` with every code answer filled in: `answers[q]` or the master's solution."""
    answers = {**solutions(chapter), **(answers or {})}
    nb = nbformat.read(ROOT / "exercises" / f"{chapter}.ipynb", as_version=4)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and "otter_answer_cell" in cell.metadata.get("tags", []):
            check = next(c.source for c in nb.cells[index + 1 :] if c.source.startswith("grader.check("))
            cell.source = answers[check.split('"')[1]]
    return nb


REGENERATED = ROOT / "_build" / "test-exercises"


def regenerated() -> Path:
    """What `make exercises` makes from solutions/ now, in REGENERATED: exercises/ (the learner notebooks and their
    public tests), pages/ (the site's exercise pages) and autograder/ (the zips `make grade` grades with). Made once
    per test session (one pytest-xdist run), by the first process that needs it while any other waits (a lock file
    beside it), then shared: tests/test_exercises.py compares it with the committed files, tests/test_grading.py
    grades with its zips."""
    session = os.environ.get("PYTEST_XDIST_TESTRUNUID", f"pid-{os.getpid()}")
    stamp = REGENERATED / "session"
    REGENERATED.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(REGENERATED.with_name(f".{REGENERATED.name}.lock")):
        if stamp.is_file() and stamp.read_text() == session:
            return REGENERATED
        shutil.rmtree(REGENERATED, ignore_errors=True)
        command = [sys.executable, str(ROOT / "grading" / "make_exercises.py"), "--no-run-tests", "--jobs", "2"]
        for kind in ("exercises", "pages", "autograder"):
            command += [f"--{kind}", str(REGENERATED / kind)]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"make_exercises.py failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
        stamp.write_text(session)
    return REGENERATED
