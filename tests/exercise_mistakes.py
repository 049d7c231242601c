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

# Chapters 7 and 8: an answer cell holds several functions and the lines that use them (as the master's cells do);
# these build a whole cell from its parts, right ones unless told otherwise, so that a wrong answer has one mistake.
RNN_STEP = "def rnn_step(x, h, W, U, b):\n    return np.tanh(W @ x + U @ h + b)\n"


def step_backward_code(
    da: str = "(1 - new**2) * g",
    back: str = "U.T @ da",
    dW: str = "np.outer(da, x)",
    dU: str = "np.outer(da, h)",
) -> str:
    """Chapter 7's rnn_step_backward, with one expression changed."""
    return (
        "def rnn_step_backward(x, h, W, U, b, g):\n"
        "    a = W @ x + U @ h + b\n"
        "    new = np.tanh(a)\n"
        f"    da = {da}\n"
        f"    return {back}, {dW}, {dU}, da\n"
    )


RNN_FORWARD = (
    "def rnn_forward(xs, h0, W, U, b):\n"
    "    h, states = h0, []\n"
    "    for x in xs:\n"
    "        h = rnn_step(x, h, W, U, b)\n"
    "        states.append(h)\n"
    "    return np.array(states)\n"
)


def bptt_code(
    order: str = "reversed(range(len(xs)))",
    previous: str = "np.vstack([h0, states[:-1]])",
    g: str = "G[t] + later",
    total: str = "dW + dW_t, dU + dU_t, db + db_t",
    later: str = "g_h",
) -> str:
    """Chapter 7's bptt, with one expression changed."""
    return (
        "def bptt(xs, h0, W, U, b, G):\n"
        "    states = rnn_forward(xs, h0, W, U, b)\n"
        f"    previous = {previous}\n"
        "    dW, dU, db = np.zeros_like(W), np.zeros_like(U), np.zeros_like(b)\n"
        "    later = np.zeros_like(h0)\n"
        f"    for t in {order}:\n"
        f"        g_h, dW_t, dU_t, db_t = rnn_step_backward(xs[t], previous[t], W, U, b, {g})\n"
        f"        dW, dU, db = {total}\n"
        f"        later = {later}\n"
        "    return dW, dU, db, later\n"
    )


def norms_code(
    product: str = "product @ ((1 - states[k] ** 2)[:, None] * U)",
    size: str = "np.linalg.norm(product, 2)",
    start: str = "[1.0]",
    stop: int = 0,
) -> str:
    """Chapter 7's gradient_norms, with one expression changed."""
    return (
        "def gradient_norms(xs, h0, W, U, b):\n"
        "    states = rnn_forward(xs, h0, W, U, b)\n"
        f"    product, sizes = np.eye(len(h0)), {start}\n"
        f"    for k in range(len(states) - 1, {stop}, -1):\n"
        f"        product = {product}\n"
        f"        sizes.append({size})\n"
        "    return np.array(sizes)\n"
    )


def norms_cell(
    norms: str = norms_code(),
    predicted: str = "np.log(1e-10) / np.log(rho4 * np.mean(1 - states4**2))",
    measured: str = "int(np.argmax(q4_norms < 1e-10))",
    counter_example: str = "2 * np.outer(np.eye(32)[0], np.eye(32)[1])",
) -> str:
    """Chapter 7's Question 4 answer cell: its data, gradient_norms, the given lines, and the three answers."""
    return (
        "rng4 = np.random.default_rng(0)\n"
        "W4, U4, b4 = (rng4.uniform(-1 / np.sqrt(32), 1 / np.sqrt(32), size) for size in [(32, 32), (32, 32), 32])\n"
        "xs4 = np.random.default_rng(0).normal(size=(100, 32))\n"
        f"{norms}"
        "q4_norms = gradient_norms(xs4, np.zeros(32), W4, U4, b4)\n"
        "states4 = rnn_forward(xs4, np.zeros(32), W4, U4, b4)\n"
        "rho4 = np.abs(np.linalg.eigvals(U4)).max()\n"
        f"q4_predicted = {predicted}\n"
        f"q4_measured = {measured}\n"
        f"q4_U = {counter_example}\n"
    )


WORD_TOKENS = 'def word_tokens(sentence):\n    return re.findall(r"[\\w\']+|[^\\w\\s]", sentence)\n'
SENTENCE = 'q3_sentence = "a, b, c!"\n'


def ece_code(
    gap: str = "abs(right[which == b].mean() - conf[which == b].mean())",
    conf: str = "probabilities.max(axis=1)",
    which: str = "np.clip(np.ceil(conf * n_bins).astype(int) - 1, 0, n_bins - 1)",
    skip_empty: bool = True,
) -> str:
    """Chapter 8's ece, with one expression changed."""
    return (
        "def ece(probabilities, labels, n_bins=10):\n"
        f"    conf, right = {conf}, probabilities.argmax(axis=1) == labels\n"
        f"    which = {which}\n"
        f"    return float(sum((which == b).mean() * {gap}\n"
        f"                     for b in range(n_bins){' if (which == b).any()' if skip_empty else ''}))\n"
    )


COUNTER_EXAMPLE = (
    "q1_P = np.array([[0.4, 0.3, 0.3]] * 3 + [[0.9, 0.05, 0.05]] * 2)\nq1_labels = np.array([0, 0, 0, 1, 1])\n"
)


def slope_code(slope: str = "np.mean((p * z).sum(axis=1) - z[rows, labels])") -> str:
    """Chapter 8's nll_slope, returning `slope`."""
    return (
        "def nll_slope(logits, labels, beta):\n"
        "    z, rows = np.asarray(logits, dtype=float), np.arange(len(labels))\n"
        "    p = softmax(beta * z)\n"
        f"    return float({slope})\n"
    )


FIT_TEMPERATURE = (
    "from scipy.optimize import minimize_scalar\n"
    "def fit_temperature(val_logits, val_labels):\n"
    "    rows = np.arange(len(val_labels))\n"
    "    nll = lambda T: -np.mean(np.log(softmax(val_logits / T)[rows, val_labels]))\n"
    "    return minimize_scalar(nll, bounds=(0.05, 20), method='bounded', options={'xatol': 1e-9}).x\n"
)
BY_HAND = "q2_by_hand = 4 / np.log(3)\n"


def calibration_cell(
    predicted: str = "4",
    T: str = "fit_temperature(val_logits, val_labels)",
    before: str = "ece(softmax(test_logits), test_labels)",
    after: str = "ece(softmax(test_logits / q3_T), test_labels)",
    floor: str = "np.median([ece(true_p[1500:], drawn) for drawn in draws])",
) -> str:
    """Chapter 8's Question 3 answer cell: its data, and the five answers."""
    return (
        "from helpers.calibration import overlapping_blobs\n"
        "_, blob_labels, true_p = overlapping_blobs(1000, seed=1)\n"
        "logits = 4 * np.log(true_p)\n"
        "val_logits, val_labels = logits[:1500], blob_labels[:1500]\n"
        "test_logits, test_labels = logits[1500:], blob_labels[1500:]\n"
        "rng = np.random.default_rng(0)\n"
        "cumulative = true_p[1500:].cumsum(axis=1)[:, :-1]\n"
        "draws = [(rng.random((1500, 1)) > cumulative).sum(axis=1) for _ in range(100)]\n"
        f"q3_predicted = {predicted}\n"
        f"q3_T = {T}\n"
        f"q3_ece_before = {before}\n"
        f"q3_ece_after = {after}\n"
        f"q3_floor = {floor}\n"
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


# Chapter 5's Questions 2, 3 and 5 and chapter 6's Questions 1 to 4: each answer cell holds functions and the lines
# that use them, as the master's cells do; these build a whole cell from its parts, right ones unless told otherwise.
COMPARE_LOSSES = (
    "def compare_losses(p, label):\n"
    "    p = np.asarray(p, dtype=float)\n"
    "    y = np.eye(len(p))[label]\n"
    "    return -np.log(p[label]), (1 - p[label]) ** 2, np.sum((p - y) ** 2)\n"
)


def iris_split_cell(
    compare_losses: str = COMPARE_LOSSES,
    lowest: str = "[0.57, 0.215, 0.215]",
    highest: str = "[0.57, 0.43, 0.0]",
    spread: str = "(compare_losses(q2_lowest, 0)[2], compare_losses(q2_highest, 0)[2])",
) -> str:
    """Chapter 5's Question 2 answer cell: compare_losses and the two splits of the wrong classes' 0.43."""
    return (
        f"p_iris = np.array([0.57, 0.31, 0.12])\n{compare_losses}\n"
        f"q2_lowest = np.array({lowest})\nq2_highest = np.array({highest})\nq2_range = {spread}\n"
    )


def colleague_cell(
    factor: str = "2.0",
    rate: str = "q3_factor * 1.0",
    ce_epochs: str = "train(ce_grad, q3_rate)",
    se_epochs: str = "train(se_grad_logits, 1.0)",
) -> str:
    """Chapter 5's Question 3 answer cell (the notebook's cell before it defines train, ce_grad, colleague_se_grad)."""
    return f"q3_factor = {factor}\nq3_rate = {rate}\nq3_ce_epochs = {ce_epochs}\nq3_se_epochs = {se_epochs}\n"


NEURON_GRADIENT = (
    "def neuron_gradient(w, b, x, y, cost):\n"
    "    a = 1 / (1 + np.exp(-(w * x + b)))\n"
    "    dz = (a - y) * a * (1 - a) if cost == 'quadratic' else a - y\n"
    "    return dz * x, dz\n"
)


def neuron_cell(
    neuron_gradient: str = NEURON_GRADIENT,
    predicted: str = "2 / 3",
    slopes: str = "q5_slopes = np.array([neuron_gradient(0.0, z, 1.0, 0.0, 'quadratic')[1] for z in zs])\n",
    measured: str = "1 / (1 + np.exp(-zs[np.argmax(np.abs(q5_slopes))]))",
) -> str:
    """Chapter 5's Question 5 answer cell: neuron_gradient, the grid, the prediction and the measurement."""
    return (
        f"{neuron_gradient}\nzs = np.linspace(-6.0, 6.0, 12001)\nq5_predicted = {predicted}\n"
        f"{slopes}q5_measured = {measured}\n"
    )


CLASSIFICATION_ERROR = (
    "def classification_error(probs, labels):\n    return float(np.mean(np.argmax(probs, axis=-1) != labels))\n"
)


def probe_cell(
    classification_error: str = CLASSIFICATION_ERROR,
    probs: str = "np.array([[0.9, 0.05, 0.05], [0.6, 0.3, 0.1], [0.5, 0.2, 0.3], [0.2, 0.7, 0.1]])",
    labels: str = "np.array([0, 0, 1, 1])",
) -> str:
    """Chapter 6's Question 1 answer cell: classification_error and the batch that tells its bugs apart."""
    return f"{classification_error}\nq1_probs = {probs}\nq1_labels = {labels}\n"


SQUARED_ERROR = (
    "def squared_error(probs, labels):\n"
    "    probs = np.asarray(probs, dtype=float)\n"
    "    return float(np.mean(np.sum((probs - np.eye(probs.shape[1])[labels]) ** 2, axis=1)))\n"
)
CUBE_BEST = "def cube_best(q):\n    return np.sqrt(q) / (np.sqrt(q) + np.sqrt(1 - q))\n"


def scoring_cell(
    squared_error: str = SQUARED_ERROR, absolute: str = "1.0", squared: str = "0.7", cube_best: str = CUBE_BEST
) -> str:
    """Chapter 6's Question 2 answer cell: squared_error, the best predictions for k = 1 and 2, and cube_best."""
    return f"{squared_error}\nq2_best_absolute = {absolute}\nq2_best_squared = {squared}\n{cube_best}"


MEAN_CROSS_ENTROPY = (
    "def mean_cross_entropy(probs, labels):\n"
    "    return float(np.mean(-np.log(probs[np.arange(len(labels)), labels])))\n"
)


def bound_cell(
    mean_cross_entropy: str = MEAN_CROSS_ENTROPY, probs: str = "np.array([[0.55, 0.45]])", labels: str = "np.array([1])"
) -> str:
    """Chapter 6's Question 3 answer cell: mean_cross_entropy and the batch on which the bound fails in nats."""
    return f"{mean_cross_entropy}\nq3_probs = {probs}\nq3_labels = {labels}\n"


def opposite_cell(
    a: str = "[[0.99, 0.01], [0.01, 0.99], [0.05, 0.95]]",
    b: str = "[[0.52, 0.48], [0.48, 0.52], [0.3, 0.7]]",
    scores: str = "(classification_error(p, labels), squared_error(p, labels), mean_cross_entropy(p, labels))",
) -> str:
    """Chapter 6's Question 4 answer cell: the two networks and their scores from the learner's functions."""
    return (
        f"q4_a = np.array({a})\nq4_b = np.array({b})\n"
        f"q4_scores = {{name: {scores} for name, p in [('A', q4_a), ('B', q4_b)]}}\n"
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
        "That is what the pipeline explainer's diagram shows",
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
        "0.415 is the argmax, softmax and cross-entropy explainer's rounded value",
    ),
    (
        "explainer-loss-of-the-rounded-probability",
        "03_cross_entropy",
        "q3",
        initial_loss_cell(loss="-np.log(0.66)"),
        "explainer's ROUNDED probability",
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
            "    return 2 * (p - np.eye(p.shape[-1])[label])\n"
        ),
        "the gradient with respect to the PROBABILITIES",
    ),
    (
        "se-is-ce-gradient",
        "05_ce_vs_squared_error",
        "q1",
        (
            "def se_grad_logits(z, label):\n"
            "    p = softmax(np.asarray(z, dtype=float))\n"
            "    return p - np.eye(p.shape[-1])[label]\n"
        ),
        "CROSS-ENTROPY gradient",
    ),
    (
        "se-grad-without-two",
        "05_ce_vs_squared_error",
        "q1",
        (
            "def se_grad_logits(z, label):\n"
            "    p = softmax(np.asarray(z, dtype=float))\n"
            "    e = p - np.eye(p.shape[-1])[label]\n"
            "    return p * (e - np.sum(p * e, axis=-1, keepdims=True))\n"
        ),
        "The factor 2 from the derivative of the square is missing",
    ),
    (
        "se-grad-diagonal-only",
        "05_ce_vs_squared_error",
        "q1",
        (
            "def se_grad_logits(z, label):\n"
            "    p = softmax(np.asarray(z, dtype=float))\n"
            "    return 2 * p * (1 - p) * (p - np.eye(p.shape[-1])[label])\n"
        ),
        "the diagonal of softmax's derivatives",
    ),
    (
        "se-grad-chapter-4-bug",
        "05_ce_vs_squared_error",
        "q1",
        (
            "def se_grad_logits(z, label):\n"
            "    p = softmax(np.asarray(z, dtype=float))\n"
            "    return 2 * p * (p - np.eye(p.shape[-1])[label])\n"
        ),
        "chapter 4's colleague's gradient",
    ),
    (
        "se-grad-true-class-only",
        "05_ce_vs_squared_error",
        "q1",
        (
            "def se_grad_logits(z, label):\n"
            "    p = softmax(np.asarray(z, dtype=float))\n"
            "    y = np.eye(p.shape[-1])[label]\n"
            "    e = -2 * (1 - np.sum(p * y, axis=-1, keepdims=True)) * y\n"
            "    return p * (e - np.sum(p * e, axis=-1, keepdims=True))\n"
        ),
        "TRUE class's term",
    ),
    (
        "se-grad-sign",
        "05_ce_vs_squared_error",
        "q1",
        (
            "def se_grad_logits(z, label):\n"
            "    p = softmax(np.asarray(z, dtype=float))\n"
            "    e = np.eye(p.shape[-1])[label] - p\n"
            "    return 2 * p * (e - np.sum(p * e, axis=-1, keepdims=True))\n"
        ),
        "The sign is flipped",
    ),
    (
        "se-grad-label-plus-one",
        "05_ce_vs_squared_error",
        "q1",
        (
            "def se_grad_logits(z, label):\n"
            "    p = softmax(np.asarray(z, dtype=float))\n"
            "    e = p - np.eye(p.shape[-1])[(np.asarray(label) + 1) % p.shape[-1]]\n"
            "    return 2 * p * (e - np.sum(p * e, axis=-1, keepdims=True))\n"
        ),
        "its 1 at index label + 1",
    ),
    (
        "se-grad-label-minus-one",
        "05_ce_vs_squared_error",
        "q1",
        (
            "def se_grad_logits(z, label):\n"
            "    p = softmax(np.asarray(z, dtype=float))\n"
            "    e = p - np.eye(p.shape[-1])[np.asarray(label) - 1]\n"
            "    return 2 * p * (e - np.sum(p * e, axis=-1, keepdims=True))\n"
        ),
        "its 1 at index label - 1",
    ),
    (
        "se-grad-no-return",
        "05_ce_vs_squared_error",
        "q1",
        (
            "def se_grad_logits(z, label):\n"
            "    p = softmax(np.asarray(z, dtype=float))\n"
            "    e = p - np.eye(p.shape[-1])[label]\n"
            "    grad = 2 * p * (e - np.sum(p * e, axis=-1, keepdims=True))\n"
        ),
        "returned None: did you forget `return`?",
    ),
    (
        "se-grad-one-vector-only",
        "05_ce_vs_squared_error",
        "q1",
        (
            "def se_grad_logits(z, label):\n"
            "    p = softmax(np.asarray(z, dtype=float))\n"
            "    J = np.diag(p) - np.outer(p, p)\n"
            "    return J.T @ (2 * (p - np.eye(len(p))[label]))\n"
        ),
        "Work along the last axis",
    ),
    (
        "se-grad-sum-over-the-batch",
        "05_ce_vs_squared_error",
        "q1",
        (
            "def se_grad_logits(z, label):\n"
            "    p = softmax(np.asarray(z, dtype=float))\n"
            "    e = p - np.eye(p.shape[-1])[label]\n"
            "    return 2 * p * (e - np.sum(p * e))\n"
        ),
        "every sum in your formula must run over the classes of one row",
    ),
    (
        "se-grad-naive-softmax",
        "05_ce_vs_squared_error",
        "q1",
        (
            "def se_grad_logits(z, label):\n"
            "    e = np.exp(np.asarray(z, dtype=float))\n"
            "    p = e / e.sum(axis=-1, keepdims=True)\n"
            "    d = p - np.eye(p.shape[-1])[label]\n"
            "    return 2 * p * (d - np.sum(p * d, axis=-1, keepdims=True))\n"
        ),
        "np.exp(1000) overflows",
    ),
    (
        "se-grad-blank",
        "05_ce_vs_squared_error",
        "q1",
        'def se_grad_logits(z, label):\n    """Not written yet."""\n    ...\n',
        "se_grad_logits is not written yet",
    ),
    (
        "iris-ce-log10",
        "05_ce_vs_squared_error",
        "q2",
        iris_split_cell(compare_losses=COMPARE_LOSSES.replace("-np.log(", "-np.log10(")),
        "log base 10",
    ),
    (
        "iris-ce-log2",
        "05_ce_vs_squared_error",
        "q2",
        iris_split_cell(compare_losses=COMPARE_LOSSES.replace("-np.log(", "-np.log2(")),
        "log base 2",
    ),
    (
        "iris-ce-sign",
        "05_ce_vs_squared_error",
        "q2",
        iris_split_cell(compare_losses=COMPARE_LOSSES.replace("-np.log(", "np.log(")),
        "cross-entropy is MINUS the log",
    ),
    (
        "iris-se-true-not-squared",
        "05_ce_vs_squared_error",
        "q2",
        iris_split_cell(compare_losses=COMPARE_LOSSES.replace("(1 - p[label]) ** 2,", "1 - p[label],")),
        "That is 1 - p_y: square the difference",
    ),
    (
        "iris-se-all-true-class-only",
        "05_ce_vs_squared_error",
        "q2",
        iris_split_cell(compare_losses=COMPARE_LOSSES.replace("np.sum((p - y) ** 2)", "(1 - p[label]) ** 2")),
        "That counts only the true class",
    ),
    (
        "iris-se-all-mean-over-classes",
        "05_ce_vs_squared_error",
        "q2",
        iris_split_cell(compare_losses=COMPARE_LOSSES.replace("np.sum((p - y) ** 2)", "np.mean((p - y) ** 2)")),
        "the MEAN over the classes",
    ),
    (
        "iris-se-all-off-by-one",
        "05_ce_vs_squared_error",
        "q2",
        iris_split_cell(compare_losses=COMPARE_LOSSES.replace("np.eye(len(p))[label]", "np.eye(len(p))[label + 1]")),
        "its 1 at index label + 1",
    ),
    (
        "iris-blank",
        "05_ce_vs_squared_error",
        "q2",
        iris_split_cell(compare_losses="def compare_losses(p, label):\n    ...\n", spread="..."),
        "compare_losses is not written yet",
    ),
    (
        "iris-two-numbers",
        "05_ce_vs_squared_error",
        "q2",
        iris_split_cell(
            compare_losses=COMPARE_LOSSES.replace(", (1 - p[label]) ** 2, np.sum", ", np.sum"),
            spread="(compare_losses(q2_lowest, 0)[1], compare_losses(q2_highest, 0)[1])",
        ),
        "must return three numbers (ce, se_true, se_all)",
    ),
    (
        "split-swapped",
        "05_ce_vs_squared_error",
        "q2",
        iris_split_cell(lowest="[0.57, 0.43, 0.0]", highest="[0.57, 0.215, 0.215]"),
        "are swapped",
    ),
    (
        "split-the-notes-prediction",
        "05_ce_vs_squared_error",
        "q2",
        iris_split_cell(lowest="[0.57, 0.31, 0.12]"),
        "the StatQuest notes' own prediction",
    ),
    (
        "split-moves-the-true-class",
        "05_ce_vs_squared_error",
        "q2",
        iris_split_cell(lowest="[1 / 3, 1 / 3, 1 / 3]"),
        "keep the true class at 0.57",
    ),
    (
        "split-not-a-probability-vector",
        "05_ce_vs_squared_error",
        "q2",
        iris_split_cell(lowest="[0.57, 0.3, 0.3]"),
        "is not a probability vector",
    ),
    (
        "split-two-entries",
        "05_ce_vs_squared_error",
        "q2",
        iris_split_cell(lowest="[0.57, 0.43]"),
        "expected three probabilities [0.57, ..., ...]",
    ),
    (
        "split-not-the-lowest",
        "05_ce_vs_squared_error",
        "q2",
        iris_split_cell(lowest="[0.57, 0.2, 0.23]"),
        "Another split of the same 0.43 gives a smaller squared error",
    ),
    (
        "split-not-the-highest",
        "05_ce_vs_squared_error",
        "q2",
        iris_split_cell(highest="[0.57, 0.4, 0.03]"),
        "is not the highest",
    ),
    (
        "split-range-of-the-true-class",
        "05_ce_vs_squared_error",
        "q2",
        iris_split_cell(spread="(compare_losses(q2_lowest, 0)[1], compare_losses(q2_highest, 0)[1])"),
        "the squared errors of the true class alone",
    ),
    (
        "split-range-of-cross-entropies",
        "05_ce_vs_squared_error",
        "q2",
        iris_split_cell(spread="(compare_losses(q2_lowest, 0)[0], compare_losses(q2_highest, 0)[0])"),
        "Those are the cross-entropies",
    ),
    (
        "split-range-upside-down",
        "05_ce_vs_squared_error",
        "q2",
        iris_split_cell(spread="(compare_losses(q2_highest, 0)[2], compare_losses(q2_lowest, 0)[2])"),
        "Upside down: the lowest first",
    ),
    (
        "colleague-factor-upside-down",
        "05_ce_vs_squared_error",
        "q3",
        colleague_cell(factor="0.5", rate="2.0"),
        "Upside down: the colleague's gradient is q3_factor times",
    ),
    (
        "colleague-factor-one",
        "05_ce_vs_squared_error",
        "q3",
        colleague_cell(factor="1.0"),
        "The two gradients are not the same",
    ),
    (
        "colleague-rate-upside-down",
        "05_ce_vs_squared_error",
        "q3",
        colleague_cell(rate="0.5"),
        "Upside down: the colleague's step is 1.0 times their gradient",
    ),
    (
        "colleague-rate-unchanged",
        "05_ce_vs_squared_error",
        "q3",
        colleague_cell(rate="1.0"),
        "At rate 1.0, cross-entropy takes steps q3_factor times smaller",
    ),
    (
        "colleague-cross-entropy-at-rate-1",
        "05_ce_vs_squared_error",
        "q3",
        colleague_cell(ce_epochs="train(ce_grad, 1.0)"),
        "set q3_ce_epochs to train(ce_grad, q3_rate)",
    ),
    (
        "colleague-se-run",
        "05_ce_vs_squared_error",
        "q3",
        colleague_cell(se_epochs="train(colleague_se_grad, 1.0)"),
        "That is the colleague's run",
    ),
    (
        "colleague-se-is-cross-entropy",
        "05_ce_vs_squared_error",
        "q3",
        colleague_cell(se_epochs="train(ce_grad, 1.0)"),
        "That is cross-entropy at learning rate 1.0",
    ),
    (
        "colleague-se-too-slow",
        "05_ce_vs_squared_error",
        "q3",
        colleague_cell(se_epochs="train(se_grad_logits, 1.0, epochs=50)"),
        "train did not reach 90% within 2,000 epochs",
    ),
    (
        "colleague-blank",
        "05_ce_vs_squared_error",
        "q3",
        colleague_cell(factor="...", rate="...", ce_epochs="...", se_epochs="..."),
        "q3_factor is still `...`: not answered yet",
    ),
    (
        "neuron-cross-entropy-formula-for-both",
        "05_ce_vs_squared_error",
        "q5",
        neuron_cell(
            "def neuron_gradient(w, b, x, y, cost):\n"
            "    a = 1 / (1 + np.exp(-(w * x + b)))\n"
            "    return (a - y) * x, a - y\n"
        ),
        "That is the cross-entropy's gradient: for the quadratic cost",
    ),
    (
        "neuron-quadratic-formula-for-both",
        "05_ce_vs_squared_error",
        "q5",
        neuron_cell(
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
        neuron_cell(NEURON_GRADIENT.replace("return dz * x, dz", "return dz, dz")),
        "dC/dw has no x",
    ),
    (
        "neuron-y-minus-a",
        "05_ce_vs_squared_error",
        "q5",
        neuron_cell(
            NEURON_GRADIENT.replace("(a - y) * a * (1 - a) if", "(y - a) * a * (1 - a) if").replace(
                "else a - y", "else y - a"
            )
        ),
        "not y - a",
    ),
    (
        "neuron-sigma-prime-is-sigma",
        "05_ce_vs_squared_error",
        "q5",
        neuron_cell(NEURON_GRADIENT.replace("(a - y) * a * (1 - a) if", "(a - y) * a if")),
        "You took the sigmoid's derivative sigma'(z) as sigma(z)",
    ),
    (
        "neuron-quadratic-without-half",
        "05_ce_vs_squared_error",
        "q5",
        neuron_cell(NEURON_GRADIENT.replace("(a - y) * a * (1 - a) if", "2 * (a - y) * a * (1 - a) if")),
        "Nielsen's quadratic cost is (a - y)^2 / 2",
    ),
    (
        "neuron-cross-entropy-derivative-wrt-output",
        "05_ce_vs_squared_error",
        "q5",
        neuron_cell(
            NEURON_GRADIENT.replace("else a - y", "else (a - y) / (a * (1 - a))").replace(
                "return dz * x, dz", "return (dz, dz) if cost != 'quadratic' else (dz * x, dz)"
            )
        ),
        "That is dC/da, the derivative with respect to the OUTPUT a",
    ),
    (
        "neuron-peak-where-sigma-prime-peaks",
        "05_ce_vs_squared_error",
        "q5",
        neuron_cell(predicted="0.5"),
        "where the sigmoid's derivative a (1 - a) is largest",
    ),
    (
        "neuron-peak-of-the-true-class",
        "05_ce_vs_squared_error",
        "q5",
        neuron_cell(predicted="1 / 3"),
        "That is 1 - a at the peak",
    ),
    (
        "neuron-peak-as-z",
        "05_ce_vs_squared_error",
        "q5",
        neuron_cell(predicted="np.log(2)"),
        "That is z at the peak",
    ),
    (
        "neuron-peak-as-the-largest-gradient",
        "05_ce_vs_squared_error",
        "q5",
        neuron_cell(predicted="4 / 27"),
        "That is the largest size of the gradient",
    ),
    (
        "neuron-peak-at-saturation",
        "05_ce_vs_squared_error",
        "q5",
        neuron_cell(predicted="1.0"),
        "At a = 1 the sigmoid is saturated",
    ),
    (
        "neuron-peak-where-the-neuron-is-right",
        "05_ce_vs_squared_error",
        "q5",
        neuron_cell(predicted="0.0"),
        "At a = 0 the neuron is right",
    ),
    (
        "neuron-peak-measured-as-z",
        "05_ce_vs_squared_error",
        "q5",
        neuron_cell(measured="zs[np.argmax(np.abs(q5_slopes))]"),
        "That is the z of the grid point",
    ),
    (
        "neuron-peak-measured-as-an-index",
        "05_ce_vs_squared_error",
        "q5",
        neuron_cell(measured="float(np.argmax(np.abs(q5_slopes)))"),
        "That is the index of the grid point",
    ),
    (
        "neuron-peak-measured-with-cross-entropy",
        "05_ce_vs_squared_error",
        "q5",
        neuron_cell(
            slopes="q5_slopes = np.array([neuron_gradient(0.0, z, 1.0, 0.0, 'cross_entropy')[1] for z in zs])\n"
        ),
        "use the quadratic cost",
    ),
    (
        "error-count-not-fraction",
        "06_nn1_vs_nn2",
        "q1",
        probe_cell(
            "def classification_error(probs, labels):\n    return int(np.sum(np.argmax(probs, axis=-1) != labels))\n"
        ),
        "NUMBER of mistakes",
    ),
    (
        "error-wrong-axis",
        "06_nn1_vs_nn2",
        "q1",
        probe_cell(CLASSIFICATION_ERROR.replace("axis=-1", "axis=0")),
        "axis=-1",
    ),
    (
        "error-accuracy",
        "06_nn1_vs_nn2",
        "q1",
        probe_cell(CLASSIFICATION_ERROR.replace("!= labels", "== labels")),
        "you returned the accuracy",
    ),
    (
        "error-max-value",
        "06_nn1_vs_nn2",
        "q1",
        probe_cell(CLASSIFICATION_ERROR.replace("np.argmax(probs, axis=-1)", "np.max(probs, axis=-1)")),
        "the max VALUE",
    ),
    (
        "error-no-axis",
        "06_nn1_vs_nn2",
        "q1",
        probe_cell(CLASSIFICATION_ERROR.replace("np.argmax(probs, axis=-1)", "np.argmax(probs)")),
        "the argmax of the whole table (no axis)",
    ),
    (
        "error-label-minus-one",
        "06_nn1_vs_nn2",
        "q1",
        probe_cell(CLASSIFICATION_ERROR.replace("!= labels", "!= np.asarray(labels) - 1")),
        "label - 1",
    ),
    (
        "error-label-plus-one",
        "06_nn1_vs_nn2",
        "q1",
        probe_cell(CLASSIFICATION_ERROR.replace("!= labels", "!= np.asarray(labels) + 1")),
        "Off by one: you compared the argmax with label + 1",
    ),
    (
        "error-one-mismatch-per-example",
        "06_nn1_vs_nn2",
        "q1",
        probe_cell(
            "def classification_error(probs, labels):\n    return (np.argmax(probs, axis=-1) != labels).astype(float)\n"
        ),
        "That is one mismatch per example",
    ),
    (
        "probe-the-tutorial-nn1",
        "06_nn1_vs_nn2",
        "q1",
        probe_cell(probs="nn1", labels="labels"),
        "error_no_axis gives the right error",
    ),
    (
        "probe-two-wrong-versions-agree",
        "06_nn1_vs_nn2",
        "q1",
        probe_cell(probs="np.array([[0.6, 0.4], [0.3, 0.7]])", labels="np.array([0, 0])"),
        "could not tell which of the two mistakes",
    ),
    (
        "probe-max-value-gives-the-right-error",
        "06_nn1_vs_nn2",
        "q1",
        probe_cell(probs="np.array([[0.6, 0.4]])", labels="np.array([1])"),
        "error_max_value gives the right error",
    ),
    (
        "probe-from-one-gives-the-right-error",
        "06_nn1_vs_nn2",
        "q1",
        probe_cell(probs="np.array([[0.6, 0.4], [0.7, 0.3]])", labels="np.array([0, 1])"),
        "error_from_one gives the right error",
    ),
    (
        "probe-not-probabilities",
        "06_nn1_vs_nn2",
        "q1",
        probe_cell(probs="np.array([[2.0, 1.0, 0.0], [0.6, 0.3, 0.1], [0.5, 0.2, 0.3], [0.2, 0.7, 0.1]])"),
        "Every row of q1_probs must be a probability vector",
    ),
    (
        "probe-label-out-of-range",
        "06_nn1_vs_nn2",
        "q1",
        probe_cell(labels="np.array([0, 0, 1, 3])"),
        "q1_labels must be class indices from 0 to 2",
    ),
    (
        "probe-one-label-short",
        "06_nn1_vs_nn2",
        "q1",
        probe_cell(labels="np.array([0, 0, 1])"),
        "expected one label per row of q1_probs",
    ),
    (
        "probe-one-row-as-a-vector",
        "06_nn1_vs_nn2",
        "q1",
        probe_cell(probs="np.array([0.9, 0.05, 0.05])", labels="np.array([0])"),
        "expected N rows of C >= 2 probabilities",
    ),
    (
        "probe-blank",
        "06_nn1_vs_nn2",
        "q1",
        probe_cell(probs="...", labels="..."),
        "q1_probs is still `...`",
    ),
    (
        "mse-sum-over-batch",
        "06_nn1_vs_nn2",
        "q2",
        scoring_cell(SQUARED_ERROR.replace("float(np.mean(np.sum(", "float(np.sum(np.sum(")),
        "the SUM over the examples",
    ),
    (
        "mse-mean-over-classes-too",
        "06_nn1_vs_nn2",
        "q2",
        scoring_cell(
            SQUARED_ERROR.replace(
                "np.mean(np.sum((probs - np.eye(probs.shape[1])[labels]) ** 2, axis=1))",
                "np.mean((probs - np.eye(probs.shape[1])[labels]) ** 2)",
            )
        ),
        "mean over every entry",
    ),
    (
        "squared-error-not-squared",
        "06_nn1_vs_nn2",
        "q2",
        scoring_cell(
            SQUARED_ERROR.replace(
                "(probs - np.eye(probs.shape[1])[labels]) ** 2", "np.abs(probs - np.eye(probs.shape[1])[labels])"
            )
        ),
        "You did not square the differences",
    ),
    (
        "squared-error-off-by-one",
        "06_nn1_vs_nn2",
        "q2",
        scoring_cell(SQUARED_ERROR.replace("[labels]", "[(np.asarray(labels) + 1) % probs.shape[1]]")),
        "your one-hot vectors mark class label + 1",
    ),
    (
        "squared-error-per-example",
        "06_nn1_vs_nn2",
        "q2",
        scoring_cell(SQUARED_ERROR.replace("float(np.mean(np.sum(", "(np.sum(").replace("axis=1)))", "axis=1))")),
        "That is one squared error per example",
    ),
    (
        "squared-error-true-class-only",
        "06_nn1_vs_nn2",
        "q2",
        scoring_cell(
            "def squared_error(probs, labels):\n"
            "    probs = np.asarray(probs, dtype=float)\n"
            "    return float(np.mean((1 - probs[np.arange(len(labels)), labels]) ** 2))\n"
        ),
        "counts only the true class",
    ),
    (
        "squared-error-root",
        "06_nn1_vs_nn2",
        "q2",
        scoring_cell(
            SQUARED_ERROR.replace("float(np.mean(", "float(np.sqrt(np.mean(").replace("axis=1)))", "axis=1))))")
        ),
        "the square root",
    ),
    (
        "honest-absolute-error",
        "06_nn1_vs_nn2",
        "q2",
        scoring_cell(absolute="0.7"),
        "the absolute error does not reward it",
    ),
    (
        "honest-absolute-error-wrong-end",
        "06_nn1_vs_nn2",
        "q2",
        scoring_cell(absolute="0.0"),
        "That is the end where the line is highest",
    ),
    (
        "honest-squared-error-certain",
        "06_nn1_vs_nn2",
        "q2",
        scoring_cell(squared="1.0"),
        "the squared error's expected score is a parabola",
    ),
    (
        "honest-squared-error-cat",
        "06_nn1_vs_nn2",
        "q2",
        scoring_cell(squared="0.3"),
        "That is P(cat)",
    ),
    (
        "cube-proper",
        "06_nn1_vs_nn2",
        "q2",
        scoring_cell(cube_best="def cube_best(q):\n    return q\n"),
        "That is q itself",
    ),
    (
        "cube-certain",
        "06_nn1_vs_nn2",
        "q2",
        scoring_cell(cube_best="def cube_best(q):\n    return 1.0\n"),
        "That is where the absolute error is lowest: solve for k = 3",
    ),
    (
        "cube-probability-of-cat",
        "06_nn1_vs_nn2",
        "q2",
        scoring_cell(cube_best="def cube_best(q):\n    return np.sqrt(1 - q) / (np.sqrt(q) + np.sqrt(1 - q))\n"),
        "the best P(cat)",
    ),
    (
        "cube-powers-swapped",
        "06_nn1_vs_nn2",
        "q2",
        scoring_cell(cube_best="def cube_best(q):\n    return q**2 / (q**2 + (1 - q) ** 2)\n"),
        "The powers are the wrong way round",
    ),
    (
        "cube-one-half",
        "06_nn1_vs_nn2",
        "q2",
        scoring_cell(cube_best="def cube_best(q):\n    return 0.5\n"),
        "1/2 is the best prediction only when q = 1/2",
    ),
    (
        "cube-a-measured-number",
        "06_nn1_vs_nn2",
        "q2",
        scoring_cell(cube_best="def cube_best(q):\n    return 0.6044\n"),
        "cube_best(0.9) gave",
    ),
    (
        "nn-ce-log10",
        "06_nn1_vs_nn2",
        "q3",
        bound_cell(MEAN_CROSS_ENTROPY.replace("-np.log(", "-np.log10(")),
        "log base 10",
    ),
    (
        "nn-ce-log2",
        "06_nn1_vs_nn2",
        "q3",
        bound_cell(MEAN_CROSS_ENTROPY.replace("-np.log(", "-np.log2(")),
        "log base 2",
    ),
    (
        "nn-ce-sum",
        "06_nn1_vs_nn2",
        "q3",
        bound_cell(MEAN_CROSS_ENTROPY.replace("float(np.mean(", "float(np.sum(")),
        "the SUM over the examples",
    ),
    (
        "nn-ce-sign",
        "06_nn1_vs_nn2",
        "q3",
        bound_cell(MEAN_CROSS_ENTROPY.replace("-np.log(", "np.log(")),
        "the cross-entropy is MINUS the log",
    ),
    (
        "nn-ce-label-plus-one",
        "06_nn1_vs_nn2",
        "q3",
        bound_cell(MEAN_CROSS_ENTROPY.replace("labels])))", "(np.asarray(labels) + 1) % probs.shape[1]])))")),
        "the probability of class label + 1",
    ),
    (
        "nn-ce-all-classes-summed",
        "06_nn1_vs_nn2",
        "q3",
        bound_cell(
            "def mean_cross_entropy(probs, labels):\n    return float(np.mean(np.sum(-np.log(probs), axis=1)))\n"
        ),
        "You summed -ln p over all classes",
    ),
    (
        "nn-ce-every-entry",
        "06_nn1_vs_nn2",
        "q3",
        bound_cell("def mean_cross_entropy(probs, labels):\n    return float(np.mean(-np.log(probs)))\n"),
        "You averaged -ln p over every entry",
    ),
    (
        "bound-holds-on-the-batch",
        "06_nn1_vs_nn2",
        "q3",
        bound_cell(probs="nn1", labels="labels"),
        "is not larger than the mean cross-entropy",
    ),
    (
        "bound-one-row-as-a-vector",
        "06_nn1_vs_nn2",
        "q3",
        bound_cell(probs="np.array([0.55, 0.45])"),
        "one row per example, even for one",
    ),
    (
        "bound-not-probabilities",
        "06_nn1_vs_nn2",
        "q3",
        bound_cell(probs="np.array([[0.55, 0.55]])"),
        "Every row of q3_probs must be a probability vector",
    ),
    (
        "bound-label-out-of-range",
        "06_nn1_vs_nn2",
        "q3",
        bound_cell(labels="np.array([2])"),
        "q3_labels must be class indices from 0 to 1",
    ),
    (
        "bound-a-label-too-many",
        "06_nn1_vs_nn2",
        "q3",
        bound_cell(labels="np.array([1, 0])"),
        "expected one label per row of q3_probs",
    ),
    (
        "opposite-different-errors",
        "06_nn1_vs_nn2",
        "q4",
        opposite_cell(b="[[0.3, 0.7], [0.7, 0.3], [0.3, 0.7]]"),
        "make different numbers of mistakes",
    ),
    (
        "opposite-the-tutorial-networks",
        "06_nn1_vs_nn2",
        "q4",
        opposite_cell(a="nn1.tolist()", b="nn2.tolist()"),
        "it must score B lower",
    ),
    (
        "opposite-swapped",
        "06_nn1_vs_nn2",
        "q4",
        opposite_cell(a="[[0.52, 0.48], [0.48, 0.52], [0.3, 0.7]]", b="[[0.99, 0.01], [0.01, 0.99], [0.05, 0.95]]"),
        "it must score A lower",
    ),
    (
        "opposite-scores-in-another-order",
        "06_nn1_vs_nn2",
        "q4",
        opposite_cell(
            scores="(mean_cross_entropy(p, labels), squared_error(p, labels), classification_error(p, labels))"
        ),
        "The order: (classification error, squared error, cross-entropy)",
    ),
    (
        "opposite-not-probabilities",
        "06_nn1_vs_nn2",
        "q4",
        opposite_cell(a="[[0.99, 0.01], [0.01, 0.99], [0.05, 0.5]]"),
        "Every row of q4_a must be a probability vector",
    ),
    (
        "opposite-one-column",
        "06_nn1_vs_nn2",
        "q4",
        "q4_a = np.array([[0.99, 0.01], [0.01, 0.99], [0.05, 0.95]])\nq4_b = np.array([0.52, 0.52, 0.3])\n",
        "q4_b has shape (3,)",
    ),
    (
        "opposite-scores-a-list",
        "06_nn1_vs_nn2",
        "q4",
        opposite_cell()
        .replace("q4_scores = {name: ", "q4_scores = [")
        .replace(" for name, p in [('A', q4_a), ('B', q4_b)]}", " for p in [q4_a, q4_b]]"),
        "q4_scores must be a dict with the keys 'A' and 'B'",
    ),
    (
        "rnn-no-tanh",
        "07_rnn",
        "q1",
        "def rnn_step(x, h, W, U, b):\n    return W @ x + U @ h + b\n" + step_backward_code(),
        "The tanh is missing",
    ),
    (
        "rnn-backward-no-tanh-slope",
        "07_rnn",
        "q1",
        RNN_STEP + step_backward_code(da="g"),
        "tanh's derivative is missing",
    ),
    (
        "rnn-backward-slope-of-a",
        "07_rnn",
        "q1",
        RNN_STEP + step_backward_code(da="(1 - a**2) * g"),
        "You wrote tanh'(a) as 1 - a^2",
    ),
    (
        "rnn-backward-slope-of-previous-state",
        "07_rnn",
        "q1",
        RNN_STEP + step_backward_code(da="(1 - h**2) * g"),
        "You used the PREVIOUS state h in tanh's derivative",
    ),
    (
        "rnn-backward-U-not-transposed",
        "07_rnn",
        "q1",
        RNN_STEP + step_backward_code(back="U @ da"),
        "U is not transposed",
    ),
    (
        "rnn-backward-dW-transposed",
        "07_rnn",
        "q1",
        RNN_STEP + step_backward_code(dW="np.outer(x, da)"),
        "the transpose of W's",
    ),
    (
        "rnn-backward-dU-transposed",
        "07_rnn",
        "q1",
        RNN_STEP + step_backward_code(dU="np.outer(h, da)"),
        "That is the transpose of dL/dU",
    ),
    (
        "rnn-backward-dU-from-the-new-state",
        "07_rnn",
        "q1",
        RNN_STEP + step_backward_code(dU="np.outer(da, new)"),
        "the PREVIOUS state h, not the new state",
    ),
    (
        "rnn-backward-returns-a-dict",
        "07_rnn",
        "q1",
        RNN_STEP
        + (
            "def rnn_step_backward(x, h, W, U, b, g):\n"
            "    da = (1 - rnn_step(x, h, W, U, b) ** 2) * g\n"
            "    return {'h': U.T @ da, 'W': np.outer(da, x), 'U': np.outer(da, h), 'b': da}\n"
        ),
        "return the four gradients as one tuple",
    ),
    (
        "rnn-backward-blank",
        "07_rnn",
        "q1",
        RNN_STEP + 'def rnn_step_backward(x, h, W, U, b, g):\n    """The gradients of one step."""\n    ...\n',
        "rnn_step_backward is not written yet",
    ),
    (
        "rnn-state-not-carried",
        "07_rnn",
        "q2",
        "def rnn_forward(xs, h0, W, U, b):\n    return np.array([rnn_step(x, h0, W, U, b) for x in xs])\n"
        + bptt_code(),
        "started again from h0",
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
        )
        + bptt_code(),
        "Off by one",
    ),
    (
        "bptt-only-its-own-output",
        "07_rnn",
        "q2",
        RNN_FORWARD + bptt_code(g="G[t]"),
        "h_t also reaches L through every LATER step",
    ),
    (
        "bptt-first-step-first",
        "07_rnn",
        "q2",
        RNN_FORWARD + bptt_code(order="range(len(xs))"),
        "visit the steps from the last to the first",
    ),
    (
        "bptt-starts-from-its-own-output",
        "07_rnn",
        "q2",
        RNN_FORWARD + bptt_code(previous="states"),
        "Step t started from its own output",
    ),
    (
        "bptt-one-step-only",
        "07_rnn",
        "q2",
        RNN_FORWARD + bptt_code(total="dW_t, dU_t, db_t"),
        "weight gradients of ONE step",
    ),
    (
        "bptt-last-row-of-G-only",
        "07_rnn",
        "q2",
        RNN_FORWARD + bptt_code(g="(G[t] if t == len(xs) - 1 else 0) + later"),
        "Only the last row of G went in",
    ),
    (
        "bptt-dh0-is-dh1",
        "07_rnn",
        "q2",
        RNN_FORWARD + bptt_code(later="g_h if t else G[t] + later"),
        "dh0 is the gradient at h_1",
    ),
    (
        "tokens-split-on-spaces",
        "07_rnn",
        "q3",
        "def word_tokens(sentence):\n    return sentence.split()\n" + SENTENCE,
        "glued to 'man'",
    ),
    (
        "tokens-tuple-split-on-spaces",
        "07_rnn",
        "q3",
        "def word_tokens(sentence):\n    return tuple(sentence.split())\n" + SENTENCE,
        "glued to 'man'",
    ),
    (
        "tokens-split-at-the-apostrophe",
        "07_rnn",
        "q3",
        "def word_tokens(sentence):\n    return re.findall(r'\\w+|[^\\w\\s]', sentence)\n" + SENTENCE,
        "at the apostrophe",
    ),
    (
        "tokens-characters",
        "07_rnn",
        "q3",
        "def word_tokens(sentence):\n    return [c for c in sentence if c != ' ']\n" + SENTENCE,
        "one token per character",
    ),
    (
        "sentence-not-shorter-in-characters",
        "07_rnn",
        "q3",
        WORD_TOKENS + 'q3_sentence = "What\'s up, man?"\n',
        "FEWER steps than the 14 characters",
    ),
    (
        "sentence-not-longer-in-words",
        "07_rnn",
        "q3",
        WORD_TOKENS + "q3_sentence = 'Hi there!'\n",
        "MORE steps than the 4",
    ),
    (
        "norms-product-in-the-wrong-order",
        "07_rnn",
        "q4",
        norms_cell(norms_code(product="((1 - states[k] ** 2)[:, None] * U) @ product")),
        "The product is in the wrong order",
    ),
    (
        "norms-frobenius",
        "07_rnn",
        "q4",
        norms_cell(norms_code(size="np.linalg.norm(product)")),
        "That is the Frobenius norm",
    ),
    (
        "norms-without-tanh-slope",
        "07_rnn",
        "q4",
        norms_cell(norms_code(product="product @ U")),
        "tanh's slope is missing",
    ),
    (
        "norms-slope-of-the-previous-state",
        "07_rnn",
        "q4",
        norms_cell(norms_code(product="product @ ((1 - states[k - 1] ** 2)[:, None] * U)")),
        "uses the state step k produces",
    ),
    (
        "norms-without-the-identity",
        "07_rnn",
        "q4",
        norms_cell(norms_code(start="[]", stop=-1)),
        "Off by one: entry 0 must be d = 0",
    ),
    (
        "norms-returns-the-jacobians",
        "07_rnn",
        "q4",
        norms_cell(norms_code(start="[np.eye(len(h0))]", size="product")),
        "returned the Jacobians themselves",
    ),
    (
        "prediction-from-sigma-max",
        "07_rnn",
        "q4",
        norms_cell(predicted="np.log(1e-10) / np.log(np.linalg.norm(U4, 2) * np.mean(1 - states4**2))"),
        "You used the largest singular value of U",
    ),
    (
        "prediction-without-tanh-slope",
        "07_rnn",
        "q4",
        norms_cell(predicted="np.log(1e-10) / np.log(rho4)"),
        "tanh's slope is missing",
    ),
    (
        "measured-off-by-one",
        "07_rnn",
        "q4",
        norms_cell(measured="int(np.argmax(q4_norms[1:] < 1e-10))"),
        "the distance is the index itself",
    ),
    (
        "counter-example-sigma-max-below-2",
        "07_rnn",
        "q4",
        norms_cell(counter_example="np.eye(32)"),
        "a counter-example with sigma_max(U) >= 2",
    ),
    (
        "counter-example-does-not-vanish",
        "07_rnn",
        "q4",
        norms_cell(counter_example="4 * U4"),
        "not below 1e-6",
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
        )
        + COUNTER_EXAMPLE,
        "That is the plain mean of the bins' gaps",
    ),
    (
        "ece-middle-of-the-bin",
        "08_calibration",
        "q1",
        ece_code(gap="abs(right[which == b].mean() - (b + 0.5) / n_bins)") + COUNTER_EXAMPLE,
        "You compared each bin's accuracy with the MIDDLE of the bin",
    ),
    (
        "ece-true-class-as-confidence",
        "08_calibration",
        "q1",
        ece_code(conf="probabilities[np.arange(len(labels)), labels]") + COUNTER_EXAMPLE,
        "You used the probability of the TRUE class as the confidence",
    ),
    (
        "ece-signed-gaps",
        "08_calibration",
        "q1",
        ece_code(gap="(right[which == b].mean() - conf[which == b].mean())") + COUNTER_EXAMPLE,
        "You kept the sign of the gaps",
    ),
    (
        "ece-bins-closed-on-the-left",
        "08_calibration",
        "q1",
        ece_code(which="np.minimum(np.digitize(conf, np.linspace(0, 1, n_bins + 1)) - 1, n_bins - 1)")
        + COUNTER_EXAMPLE,
        "went into the bin ABOVE",
    ),
    (
        "ece-accuracy-as-mean-true-probability",
        "08_calibration",
        "q1",
        ece_code(gap="abs(probabilities[np.arange(len(labels)), labels][which == b].mean() - conf[which == b].mean())")
        + COUNTER_EXAMPLE,
        "mean probability of the true class as the bin's accuracy",
    ),
    (
        "ece-empty-bins-give-nan",
        "08_calibration",
        "q1",
        ece_code(skip_empty=False) + COUNTER_EXAMPLE,
        "Skip the empty bins",
    ),
    (
        "counter-example-confidence-is-not-accuracy",
        "08_calibration",
        "q1",
        ece_code()
        + "q1_P = np.array([[0.4, 0.3, 0.3]] * 3 + [[0.9, 0.05, 0.05]] * 3)\n"
        + "q1_labels = np.array([0, 0, 0, 1, 1, 1])\n",
        "they must be equal",
    ),
    (
        "counter-example-ece-too-small",
        "08_calibration",
        "q1",
        ece_code() + "q1_P = np.array([[0.6, 0.3, 0.1]] * 5)\nq1_labels = np.array([0, 0, 0, 1, 1])\n",
        "not at least 0.3",
    ),
    (
        "counter-example-rows-are-not-distributions",
        "08_calibration",
        "q1",
        ece_code()
        + "q1_P = np.array([[0.4, 0.3, 0.2]] * 3 + [[0.9, 0.1, 0.1]] * 2)\n"
        + "q1_labels = [0, 0, 0, 1, 1]\n",
        "must be a probability vector",
    ),
    (
        "slope-sign-flipped",
        "08_calibration",
        "q2",
        slope_code("-np.mean((p * z).sum(axis=1) - z[rows, labels])") + FIT_TEMPERATURE + BY_HAND,
        "The sign is flipped",
    ),
    (
        "slope-with-respect-to-T",
        "08_calibration",
        "q2",
        slope_code("-(beta**2) * np.mean((p * z).sum(axis=1) - z[rows, labels])") + FIT_TEMPERATURE + BY_HAND,
        "That is the derivative with respect to T",
    ),
    (
        "slope-largest-logit",
        "08_calibration",
        "q2",
        slope_code("np.mean(z.max(axis=1) - z[rows, labels])") + FIT_TEMPERATURE + BY_HAND,
        "You used the largest logit",
    ),
    (
        "slope-logits-weighed-equally",
        "08_calibration",
        "q2",
        slope_code("np.mean(z.mean(axis=1) - z[rows, labels])") + FIT_TEMPERATURE + BY_HAND,
        "You averaged the logits with equal weights",
    ),
    (
        "slope-at-beta-one",
        "08_calibration",
        "q2",
        slope_code("np.mean((softmax(z) * z).sum(axis=1) - z[rows, labels])") + FIT_TEMPERATURE + BY_HAND,
        "at beta = 1",
    ),
    (
        "slope-sum-over-examples",
        "08_calibration",
        "q2",
        slope_code("np.sum((p * z).sum(axis=1) - z[rows, labels])") + FIT_TEMPERATURE + BY_HAND,
        "That is the SUM over the examples",
    ),
    (
        "slope-without-the-true-logit",
        "08_calibration",
        "q2",
        slope_code("np.mean((p * z).sum(axis=1))") + FIT_TEMPERATURE + BY_HAND,
        "its derivative is -z_y",
    ),
    (
        "temperature-minimises-ece",
        "08_calibration",
        "q2",
        slope_code()
        + (
            "def fit_temperature(val_logits, val_labels):\n"
            "    grid = np.linspace(0.05, 20, 400)\n"
            "    return float(grid[np.argmin([ece(softmax(val_logits / T), val_labels) for T in grid])])\n"
        )
        + BY_HAND,
        "you minimised the calibration error",
    ),
    (
        "temperature-maximises-accuracy",
        "08_calibration",
        "q2",
        slope_code()
        + (
            "from scipy.optimize import minimize_scalar\n"
            "def fit_temperature(val_logits, val_labels):\n"
            "    accuracy = lambda T: np.mean(softmax(val_logits / T).argmax(axis=1) == val_labels)\n"
            "    return minimize_scalar(lambda T: -accuracy(T), bounds=(0.05, 20), method='bounded').x\n"
        )
        + BY_HAND,
        "Accuracy cannot choose T",
    ),
    (
        "temperature-multiplies-the-logits",
        "08_calibration",
        "q2",
        slope_code() + FIT_TEMPERATURE.replace("val_logits / T", "val_logits * T") + BY_HAND,
        "That is 1 / T: you returned beta, or multiplied the logits by T",
    ),
    (
        "temperature-returns-the-nll",
        "08_calibration",
        "q2",
        slope_code() + FIT_TEMPERATURE.replace(".x\n", ".fun\n") + BY_HAND,
        "return the temperature T that reaches it",
    ),
    (
        "temperature-returns-beta",
        "08_calibration",
        "q2",
        slope_code()
        + (
            "def fit_temperature(val_logits, val_labels):\n"
            "    lo, hi = 0.05, 20.0\n"
            "    for _ in range(60):\n"
            "        middle = (lo + hi) / 2\n"
            "        lo, hi = (lo, middle) if nll_slope(val_logits, val_labels, middle) > 0 else (middle, hi)\n"
            "    return (lo + hi) / 2\n"
        )
        + BY_HAND,
        "That is 1 / T: you returned beta",
    ),
    (
        "temperature-beyond-the-bounds",
        "08_calibration",
        "q2",
        slope_code()
        + (
            "from scipy.optimize import minimize_scalar\n"
            "def fit_temperature(val_logits, val_labels):\n"
            "    rows = np.arange(len(val_labels))\n"
            "    nll = lambda log_t: -np.mean(np.log(softmax(val_logits / np.exp(log_t))[rows, val_labels]))\n"
            "    return np.exp(minimize_scalar(nll).x)\n"
        )
        + BY_HAND,
        "the minimum lies at the bound T = 0.05",
    ),
    (
        "by-hand-beta",
        "08_calibration",
        "q2",
        slope_code() + FIT_TEMPERATURE + "q2_by_hand = np.log(3) / 4\n",
        "That is beta = 1 / T",
    ),
    (
        "by-hand-ln-4",
        "08_calibration",
        "q2",
        slope_code() + FIT_TEMPERATURE + "q2_by_hand = 4 / np.log(4)\n",
        "it gives e^(4 / T) = 3, not 4",
    ),
    (
        "calibration-temperature-fitted-on-test",
        "08_calibration",
        "q3",
        calibration_cell(T="fit_temperature(test_logits, test_labels)"),
        "That T was fitted on the TEST set",
    ),
    (
        "calibration-logits-multiplied-by-temperature",
        "08_calibration",
        "q3",
        calibration_cell(after="ece(softmax(test_logits * q3_T), test_labels)"),
        "You multiplied the logits by T",
    ),
    (
        "calibration-predicted-one-quarter",
        "08_calibration",
        "q3",
        calibration_cell(predicted="1 / 4"),
        "That is 1 / T: the scaled logits are z / T",
    ),
    (
        "calibration-ece-before-on-validation",
        "08_calibration",
        "q3",
        calibration_cell(before="ece(softmax(val_logits), val_labels)"),
        "That is the ECE on the validation set",
    ),
    (
        "calibration-floor-from-one-set-of-labels",
        "08_calibration",
        "q3",
        calibration_cell(floor="ece(true_p[1500:], test_labels)"),
        "on the ONE set of test labels",
    ),
    (
        "calibration-floor-most-likely-class",
        "08_calibration",
        "q3",
        calibration_cell(floor="ece(true_p[1500:], true_p[1500:].argmax(axis=1))"),
        "Those labels were not drawn",
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
                "    p = softmax(np.asarray(z, dtype=float))\n"
                "    eye = np.eye(p.shape[-1])\n"
                "    J = p[..., :, None] * (eye - p[..., None, :])  # J[..., i, j] = dp_i / dz_j\n"
                "    return np.einsum('...ij,...i->...j', J, 2 * (p - eye[label]))\n"
            ),
            "q2": iris_split_cell(
                compare_losses=(
                    "import math\n"
                    "def compare_losses(p, label):\n"
                    "    se_all = sum((q - (i == label)) ** 2 for i, q in enumerate(p))\n"
                    "    return [-math.log(p[label]), (1 - p[label]) ** 2, se_all]\n"
                ),
                lowest="[0.57, 0.43 / 2, 0.43 / 2]",
                highest="[0.57, 0.0, 0.43]",
                spread="[compare_losses(list(v), 0)[2] for v in (q2_lowest, q2_highest)]",
            ),
            "q3": colleague_cell(
                factor="colleague_se_grad(Z0, labels)[0, 0] / ce_grad(Z0, labels)[0, 0]",
                rate="2",
                ce_epochs="train(ce_grad, q3_rate, epochs=500)",
            ),
        },
    ),
    (
        "squared-error-torch-autograd",
        "05_ce_vs_squared_error",
        {
            "q1": (
                "import torch\n"
                "def se_grad_logits(z, label):\n"
                "    z = torch.tensor(np.asarray(z, dtype=float), requires_grad=True)\n"
                "    y = torch.nn.functional.one_hot(torch.as_tensor(label), z.shape[-1]).double()\n"
                "    ((torch.softmax(z, dim=-1) - y) ** 2).sum().backward()\n"
                "    return z.grad.numpy()\n"
            ),
        },
    ),
    (
        "neuron-torch-autograd",
        "05_ce_vs_squared_error",
        {
            "q5": neuron_cell(
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
                "    return [w.grad.item(), b.grad.item()]\n",
                predicted="1 - 1 / 3",
                slopes=(  # a bounded search instead of the grid: a few dozen calls, not 12,001
                    "from scipy.optimize import minimize_scalar\n"
                    "size = lambda z: -abs(neuron_gradient(0.0, z, 1.0, 0.0, 'quadratic')[1])\n"
                    "q5_peak = minimize_scalar(size, bounds=(-6.0, 6.0), method='bounded', options={'xatol': 1e-6}).x\n"
                ),
                measured="float(torch.sigmoid(torch.tensor(q5_peak)))",
            ),
        },
    ),
    (
        "metrics-loops-lists",
        "06_nn1_vs_nn2",
        {
            "q1": probe_cell(
                (
                    "def classification_error(probs, labels):\n"
                    "    wrong = sum(int(np.argmax(row) != label) for row, label in zip(probs, labels))\n"
                    "    return wrong / len(labels)\n"
                ),
                probs="[[0.8, 0.1, 0.1], [0.5, 0.3, 0.2], [0.4, 0.3, 0.3], [0.1, 0.2, 0.7]]",
                labels="[0, 0, 1, 2]",
            ),
            "q2": scoring_cell(
                (
                    "def squared_error(probs, labels):\n"
                    "    total = 0.0\n"
                    "    for row, label in zip(probs, labels):\n"
                    "        total += sum((q - (c == label)) ** 2 for c, q in enumerate(row))\n"
                    "    return total / len(labels)\n"
                ),
                absolute="1",
                squared="7 / 10",
                cube_best="def cube_best(q):\n    r = (q / (1 - q)) ** 0.5\n    return r / (1 + r)\n",
            ),
            "q3": bound_cell(
                (
                    "import math\n"
                    "def mean_cross_entropy(probs, labels):\n"
                    "    return sum(-math.log(row[label]) for row, label in zip(probs, labels)) / len(labels)\n"
                ),
                probs="[[0.4, 0.39, 0.21], [0.99, 0.005, 0.005]]",
                labels="[1, 0]",
            ),
            "q4": (
                "q4_a = [[1.0, 0.0], [0.0, 1.0], [0.07, 0.93]]\n"
                "q4_b = [[0.52, 0.48], [0.48, 0.52], [0.35, 0.65]]\n"
                "q4_scores = {}\n"
                "for name, p in (('A', q4_a), ('B', q4_b)):\n"
                "    functions = (classification_error, squared_error, mean_cross_entropy)\n"
                "    q4_scores[name] = [f(p, labels) for f in functions]\n"
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
                "\n"
                "def rnn_step_backward(x, h, W, U, b, g):\n"
                "    da = g * (1 - rnn_step(x, h, W, U, b) ** 2)\n"
                "    return [np.einsum('ij,i->j', U, da), da[:, None] * x[None, :], da[:, None] * h[None, :], da]\n"
            ),
            "q2": (
                "def rnn_forward(xs, h0, W, U, b):\n"
                "    h = h0  # the state is updated in place: the caller's h0 changes too\n"
                "    states = np.empty((len(xs), len(h0)))\n"
                "    for t, x in enumerate(xs):\n"
                "        h[:] = rnn_step(x, h, W, U, b)\n"
                "        states[t] = h\n"
                "    return states\n"
                "\n"
                "def bptt(xs, h0, W, U, b, G):\n"
                "    hs = [np.array(h0, dtype=float)]\n"
                "    for x in xs:\n"
                "        hs.append(np.tanh(W @ x + U @ hs[-1] + b))\n"
                "    dW, dU, db, carry = np.zeros_like(W), np.zeros_like(U), np.zeros_like(b), np.zeros(len(b))\n"
                "    for t in range(len(xs), 0, -1):  # hs[t] is h_t\n"
                "        da = (1 - hs[t] ** 2) * (G[t - 1] + carry)\n"
                "        dW += np.outer(da, xs[t - 1])\n"
                "        dU += np.outer(da, hs[t - 1])\n"
                "        db += da\n"
                "        carry = U.T @ da\n"
                "    return dW, dU, db, carry\n"
            ),
            "q3": (
                "def word_tokens(sentence):\n"
                '    return tuple(re.findall(r"[A-Za-z0-9_\']+|[^A-Za-z0-9_\\s]", sentence))\n'
                "\n"
                'q3_sentence = "Yes, no: OK?"\n'
            ),
            "q4": (
                "from helpers.rnn import random_rnn_weights\n"
                "W4, U4, b4 = random_rnn_weights(32, 32, seed=0)  # the same draw as the cell's\n"
                "xs4 = np.random.default_rng(0).normal(size=(100, 32))\n"
                "\n"
                "def gradient_norms(xs, h0, W, U, b):\n"
                "    states = rnn_forward(xs, np.array(h0, dtype=float), W, U, b)\n"
                "    jacobians = [np.diag(1 - s**2) @ U for s in states]\n"
                "    sizes, product = [1.0], np.eye(len(U))\n"
                "    for J in reversed(jacobians[1:]):\n"
                "        product = product @ J\n"
                "        sizes.append(np.linalg.svd(product, compute_uv=False)[0])\n"
                "    return sizes\n"
                "\n"
                "q4_norms = gradient_norms(xs4, np.zeros(32), W4, U4, b4)\n"
                "states4 = rnn_forward(xs4, np.zeros(32), W4, U4, b4)\n"
                "rho4 = np.abs(np.linalg.eigvals(U4)).max()\n"
                "q4_predicted = -10 * np.log(10) / np.log(max(abs(np.linalg.eigvals(U4))) * (1 - states4**2).mean())\n"
                "q4_measured = next(d for d, size in enumerate(q4_norms) if size < 1e-10)\n"
                "q4_U = 10 * np.eye(32)  # tanh saturates: its slopes are nearly 0\n"
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
                "\n"
                "q1_P = [[0.5, 0.25, 0.25]] * 4 + [[1.0, 0.0, 0.0]] * 2  # +0.5 four times, -1 twice\n"
                "q1_labels = (0, 0, 0, 0, 2, 1)\n"
            ),
            "q2": (
                "from scipy.optimize import minimize_scalar\n"
                "from scipy.special import log_softmax\n"
                "from scipy.special import softmax as scipy_softmax\n"
                "def nll_slope(logits, labels, beta):\n"
                "    p = scipy_softmax(beta * logits, axis=1)\n"
                "    true = np.take_along_axis(logits, labels[:, None], axis=1)[:, 0]\n"
                "    return np.mean(np.einsum('nc,nc->n', p, logits) - true)\n"
                "\n"
                "def fit_temperature(val_logits, val_labels):\n"
                "    rows = np.arange(len(val_labels))\n"
                "    nll = lambda log_t: -log_softmax(val_logits / np.exp(log_t), axis=1)[rows, val_labels].mean()\n"
                "    best = minimize_scalar(nll, bounds=(np.log(0.05), np.log(20)), method='bounded')\n"
                "    return np.exp(best.x)\n"
                "\n"
                "q2_by_hand = 1 / (np.log(3) / 4)\n"
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
                "\n"
                "q1_P = np.array([[0.35, 0.33, 0.32]] * 2 + [[0.35, 0.32, 0.33]] + [[0.975, 0.0125, 0.0125]] * 2)\n"
                "q1_labels = np.array([0, 0, 0, 2, 1])  # 3 x (1 - 0.35) = 2 x 0.975\n"
            ),
            "q2": (
                "import torch\n"
                "def nll_slope(logits, labels, beta):\n"
                "    z, y = torch.as_tensor(logits, dtype=torch.float64), torch.as_tensor(labels)\n"
                "    p = torch.softmax(beta * z, dim=1)\n"
                "    return ((p * z).sum(dim=1) - z.gather(1, y[:, None])[:, 0]).mean().item()\n"
                "\n"
                "def fit_temperature(val_logits, val_labels):\n"
                "    lo, hi = 0.05, 20.0  # T; the NLL falls while d NLL / d beta > 0 means T is too small\n"
                "    while hi - lo > 1e-9 * hi:\n"
                "        t = (lo + hi) / 2\n"
                "        if nll_slope(val_logits, val_labels, 1 / t) > 0:\n"
                "            lo = t\n"
                "        else:\n"
                "            hi = t\n"
                "    return torch.tensor((lo + hi) / 2)\n"
                "\n"
                "q2_by_hand = 4 / math.log(3)\n"
            ),
            "q3": (
                "from helpers.calibration import overlapping_blobs\n"
                "_, blob_labels, true_p = overlapping_blobs(1000, seed=1)\n"
                "logits = torch.log(torch.as_tensor(true_p)) * 4\n"
                "rng = np.random.default_rng(0)\n"
                "q3_predicted = 4.0\n"
                "q3_T = float(fit_temperature(logits[:1500], blob_labels[:1500]))\n"
                "q3_ece_before = ece(torch.softmax(logits[1500:], dim=1).numpy(), blob_labels[1500:])\n"
                "q3_ece_after = ece(torch.softmax(logits[1500:] / q3_T, dim=1).numpy(), blob_labels[1500:])\n"
                "gumbel = lambda: np.log(true_p[1500:]) + rng.gumbel(size=(1500, 3))  # argmax: a draw from true_p\n"
                "draws = [gumbel().argmax(axis=1) for _ in range(100)]\n"
                "q3_floor = float(np.median([ece(true_p[1500:].tolist(), drawn) for drawn in draws]))\n"
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
    return make_exercises.solution_code(chapter)


def submission(chapter: str, answers: dict[str, str] | None = None) -> nbformat.NotebookNode:
    """The learner notebook of `chapter` with every code answer filled in: `answers[q]` or the master's solution."""
    return make_exercises.answered(chapter, answers)


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
