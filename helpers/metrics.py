"""Scoring a classifier's predicted probabilities: classification error, and each common MSE and cross-entropy.

"MSE" and "cross-entropy" are not one number each: papers, tutorials and libraries sum or average over the
classes, sum or average over the items, and take the log in base e, 2 or 10. This module computes each
definition by name, so a number quoted somewhere can be matched to the formula that produced it.

Probabilities have shape `(items, classes)` (rows sum to 1); labels are class indices of shape `(items,)`
or one-hot rows. `reduction` is 'mean' (over the items), 'sum' or 'none' (one number per item).

>>> p = [[0.9, 0.1], [0.1, 0.9], [0.4, 0.6]]
>>> y = [0, 1, 0]
>>> round(classification_error(p, y), 4), round(squared_error_summed_over_classes(p, y), 4)
(0.3333, 0.2533)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._checks import as_class_indices, as_probabilities, check_reduction, reduce_over_batch
from .activations import argmax
from .losses import cross_entropy, squared_error


def _checked(probabilities: ArrayLike, labels: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.intp]]:
    probs = as_probabilities(probabilities)
    return probs, as_class_indices(labels, probs.shape[:-1], probs.shape[-1])


def predicted_classes(probabilities: ArrayLike) -> NDArray[np.intp] | int:
    """The class each row votes for: its argmax. A tie goes to the lower index (as numpy and torch do).

    Taught in chapter 6, "The loss of each image".

    >>> predicted_classes([[0.4, 0.6], [0.5, 0.5]]).tolist()
    [1, 0]
    """
    return argmax(as_probabilities(probabilities))


def misclassified(probabilities: ArrayLike, labels: ArrayLike) -> NDArray[np.bool_]:
    """True for each item whose predicted class (argmax) is not its label.

    Taught in chapter 6, "The loss of each image".

    >>> misclassified([[0.9, 0.1], [0.4, 0.6]], [0, 0]).tolist()
    [False, True]
    """
    probs, indices = _checked(probabilities, labels)
    return np.asarray(np.argmax(probs, axis=-1) != indices)


def classification_error(
    probabilities: ArrayLike, labels: ArrayLike, reduction: str = "mean"
) -> NDArray[np.float64] | float:
    """The fraction of items whose argmax is not the label (1 - accuracy); 'sum' counts the mistakes.

    Taught in chapter 6, "The tutorial's metric table".

    It looks only at which class wins, never at by how much: 0.51 and 0.99 on the true class score the same.

    >>> classification_error([[0.9, 0.1], [0.1, 0.9], [0.4, 0.6]], [0, 1, 0])
    0.3333333333333333
    """
    check_reduction(reduction)
    return reduce_over_batch(misclassified(probabilities, labels).astype(np.float64), reduction)


def true_class_probability(probabilities: ArrayLike, labels: ArrayLike) -> NDArray[np.float64]:
    """p_y: the probability each item's prediction gives to its true class.

    Taught in chapter 6, "The loss of each image".

    >>> true_class_probability([[0.9, 0.1], [0.4, 0.6]], [0, 1]).tolist()
    [0.9, 0.6]
    """
    probs, indices = _checked(probabilities, labels)
    return np.take_along_axis(probs, indices[..., None], axis=-1)[..., 0]


def squared_error_summed_over_classes(
    probabilities: ArrayLike, labels: ArrayLike, reduction: str = "mean"
) -> NDArray[np.float64] | float:
    """sum_i (p_i - y_i)^2 over the classes against the one-hot label, then averaged over the items.

    Taught in chapter 6, "Other definitions give other numbers".

    This is `helpers.squared_error`, and Brier's (1950) original score. With reduction='sum' it is
    torch.nn.functional.mse_loss(p, one_hot, reduction='sum').

    >>> round(squared_error_summed_over_classes([[0.6, 0.4], [0.3, 0.7], [0.1, 0.9]], [0, 1, 0]), 4)
    0.7067
    """
    return squared_error(probabilities, labels, reduction)


def squared_error_averaged_over_classes(
    probabilities: ArrayLike, labels: ArrayLike, reduction: str = "mean"
) -> NDArray[np.float64] | float:
    """(1/C) sum_i (p_i - y_i)^2 for each item: the mean over every entry of the (items x classes) array.

    Taught in chapter 6, "Other definitions give other numbers".

    With reduction='mean' this is torch.nn.functional.mse_loss(p, one_hot), torch's default.

    >>> round(squared_error_averaged_over_classes([[0.9, 0.1], [0.1, 0.9], [0.4, 0.6]], [0, 1, 0]), 4)
    0.1267
    """
    check_reduction(reduction)
    per_item = np.asarray(squared_error(probabilities, labels, "none"))
    return reduce_over_batch(per_item / as_probabilities(probabilities).shape[-1], reduction)


def true_class_squared_error(
    probabilities: ArrayLike, labels: ArrayLike, reduction: str = "mean"
) -> NDArray[np.float64] | float:
    """(1 - p_y)^2: the squared error of the true class alone, ignoring how the rest is spread.

    Taught in chapter 6, "Other definitions give other numbers".

    >>> round(true_class_squared_error([[0.57, 0.31, 0.12]], [0]), 4)
    0.1849
    """
    check_reduction(reduction)
    return reduce_over_batch((1.0 - true_class_probability(probabilities, labels)) ** 2, reduction)


def cross_entropy_in_base(
    probabilities: ArrayLike, labels: ArrayLike, base: float = math.e, reduction: str = "mean"
) -> NDArray[np.float64] | float:
    """-log_base p_y, reduced over the items: base e gives nats (the usual), base 2 bits.

    Taught in chapter 6, "Other definitions give other numbers".

    It is `helpers.cross_entropy` divided by ln(base). A zero probability on the true class gives inf.

    >>> round(cross_entropy_in_base([[0.5, 0.5]], [0], base=2), 4)
    1.0
    """
    check_reduction(reduction)
    if not (isinstance(base, (int, float)) and math.isfinite(base) and base > 0 and base != 1):
        raise ValueError(f"base must be a positive finite number other than 1, got {base!r}")
    nats = np.asarray(cross_entropy(probabilities, labels, "none"))
    return reduce_over_batch(nats / math.log(base), reduction)


def per_item_losses(
    probabilities: ArrayLike, labels: ArrayLike
) -> dict[str, NDArray[np.float64] | NDArray[np.intp] | NDArray[np.bool_]]:
    """For each item: the predicted class, whether it is wrong, p_y, the squared error and the cross-entropy.

    Taught in chapter 6, "The loss of each image".

    The squared error is summed over the classes and the cross-entropy uses the natural log, so the means of
    these columns are the MSE and cross-entropy of the CNN softmax and cross-entropy tutorial's table.

    >>> losses = per_item_losses([[0.9, 0.1], [0.4, 0.6]], [0, 0])
    >>> losses["wrong"].tolist(), losses["cross_entropy"].round(4).tolist()
    ([False, True], [0.1054, 0.9163])
    """
    return {
        "predicted": np.argmax(as_probabilities(probabilities), axis=-1),
        "wrong": misclassified(probabilities, labels),
        "p_true": true_class_probability(probabilities, labels),
        "squared_error": np.asarray(squared_error(probabilities, labels, "none")),
        "cross_entropy": np.asarray(cross_entropy(probabilities, labels, "none")),
    }


@dataclass(frozen=True)
class MetricDefinition:
    """One way to turn predictions and labels into a number: the metric family, in words, in LaTeX, in code.

    Taught in chapter 6, "Other definitions give other numbers".
    """

    metric: str
    definition: str
    formula: str
    compute: Callable[[ArrayLike, ArrayLike], NDArray[np.float64] | float]
    in_tutorial: bool = False
    where: str = ""


TUTORIAL_METRICS = ("classification error", "MSE", "cross-entropy")

METRIC_DEFINITIONS: tuple[MetricDefinition, ...] = (
    MetricDefinition(
        "classification error",
        "argmax wrong, mean over items",
        r"\frac{1}{N}\sum_n [\arg\max_i p_{n,i} \ne y_n]",
        classification_error,
        in_tutorial=True,
        where="1 - accuracy",
    ),
    MetricDefinition(
        "MSE",
        "sum over classes, mean over items",
        r"\frac{1}{N}\sum_n \sum_i (p_{n,i} - y_{n,i})^2",
        squared_error_summed_over_classes,
        in_tutorial=True,
        where="Brier score (Brier 1950); helpers.squared_error",
    ),
    MetricDefinition(
        "MSE",
        "mean over classes and items",
        r"\frac{1}{NC}\sum_n \sum_i (p_{n,i} - y_{n,i})^2",
        squared_error_averaged_over_classes,
        where="torch F.mse_loss(p, one_hot) (default reduction)",
    ),
    MetricDefinition(
        "MSE",
        "true class only, mean over items",
        r"\frac{1}{N}\sum_n (1 - p_{n,y_n})^2",
        true_class_squared_error,
        where="the StatQuest notes' (1 - p)^2 (chapter 5); with two classes, sklearn's brier_score_loss",
    ),
    MetricDefinition(
        "MSE",
        "sum over classes and items",
        r"\sum_n \sum_i (p_{n,i} - y_{n,i})^2",
        lambda p, y: squared_error_summed_over_classes(p, y, "sum"),
        where="torch F.mse_loss(p, one_hot, reduction='sum')",
    ),
    MetricDefinition(
        "cross-entropy",
        "ln, mean over items",
        r"-\frac{1}{N}\sum_n \ln p_{n,y_n}",
        cross_entropy_in_base,
        in_tutorial=True,
        where="torch F.nll_loss(log p, y), F.cross_entropy(logits, y)",
    ),
    MetricDefinition(
        "cross-entropy",
        "log2 (bits), mean over items",
        r"-\frac{1}{N}\sum_n \log_2 p_{n,y_n}",
        lambda p, y: cross_entropy_in_base(p, y, base=2),
        where="information theory",
    ),
    MetricDefinition(
        "cross-entropy",
        "log10, mean over items",
        r"-\frac{1}{N}\sum_n \log_{10} p_{n,y_n}",
        lambda p, y: cross_entropy_in_base(p, y, base=10),
        where="decimal (common) logarithm; rarely used in machine learning",
    ),
    MetricDefinition(
        "cross-entropy",
        "ln, sum over items",
        r"-\sum_n \ln p_{n,y_n}",
        lambda p, y: cross_entropy_in_base(p, y, reduction="sum"),
        where="torch reduction='sum'; the negative log-likelihood",
    ),
)


def tutorial_metrics(probabilities: ArrayLike, labels: ArrayLike) -> dict[str, float]:
    """The three metrics under the definitions of the CNN softmax and cross-entropy tutorial's table.

    See METRIC_DEFINITIONS, in_tutorial=True.

    Taught in chapter 6, "The tutorial's metric table".

    >>> {k: round(v, 4) for k, v in tutorial_metrics([[0.9, 0.1], [0.1, 0.9], [0.4, 0.6]], [0, 1, 0]).items()}
    {'classification error': 0.3333, 'MSE': 0.2533, 'cross-entropy': 0.3757}
    """
    return {d.metric: float(d.compute(probabilities, labels)) for d in METRIC_DEFINITIONS if d.in_tutorial}


def metric_table(
    predictions: Mapping[str, ArrayLike],
    labels: ArrayLike,
    definitions: Sequence[MetricDefinition] = METRIC_DEFINITIONS,
) -> list[dict[str, object]]:
    """One row per definition: its metric, definition, whether that tutorial uses it, and one value per network.

    Taught in chapter 6, "Other definitions give other numbers".

    `predictions` maps a network's name to its probabilities; every network is scored against `labels`.
    `pandas.DataFrame(metric_table(...))` shows it as a table.

    >>> rows = metric_table({"NN1": [[0.9, 0.1], [0.4, 0.6]]}, [0, 0])
    >>> rows[0]["metric"], rows[0]["NN1"]
    ('classification error', 0.5)
    """
    if not predictions:
        raise ValueError("predictions is empty; pass a mapping such as {'NN1': probabilities}")
    if not definitions:
        raise ValueError("definitions is empty; pass at least one MetricDefinition")
    reserved = {"metric", "definition", "in tutorial", "where"} & set(predictions)
    if reserved:
        raise ValueError(f"network names {sorted(reserved)} clash with the table's columns; rename them")
    rows = []
    for d in definitions:
        row: dict[str, object] = {"metric": d.metric, "definition": d.definition, "in tutorial": d.in_tutorial}
        row.update({name: float(d.compute(probs, labels)) for name, probs in predictions.items()})
        row["where"] = d.where
        rows.append(row)
    return rows


# --- proper scoring rules ---------------------------------------------------------------------------

SCORING_RULES = ("log", "brier", "absolute")


def expected_score(predicted: ArrayLike, truth: ArrayLike, rule: str) -> float:
    """The average score of forecast `predicted` when the label is drawn from the distribution `truth`.

    Taught in chapter 6, "Proper scoring rules".

    E_{y ~ truth} S(predicted, y) for the rule S: 'log' is -ln p_y (cross-entropy), 'brier' is
    sum_i (p_i - y_i)^2 (the squared error of this course), 'absolute' is sum_i |p_i - y_i| = 2 (1 - p_y).
    A rule is *strictly proper* when this expectation is smallest at predicted = truth and nowhere else:
    'log' equals H(truth) + KL(truth || predicted) and 'brier' equals sum_i (p_i - q_i)^2 + 1 - sum_i q_i^2,
    both strictly proper; 'absolute' is smallest when all the probability sits on truth's likeliest class.

    >>> [round(expected_score([0.7, 0.3], [0.7, 0.3], rule), 4) for rule in SCORING_RULES]
    [0.6109, 0.42, 0.84]
    >>> round(expected_score([1.0, 0.0], [0.7, 0.3], "absolute"), 4)  # lower than the truth's own 0.84
    0.6
    """
    p = as_probabilities(predicted, "predicted")
    q = as_probabilities(truth, "truth")
    if p.ndim != 1 or p.shape != q.shape:
        raise ValueError(
            f"predicted and truth must be two distributions over the same classes, got {p.shape}, {q.shape}"
        )
    if rule not in SCORING_RULES:
        raise ValueError(f"rule must be one of {SCORING_RULES}, got {rule!r}")
    one_hot = np.eye(p.size)  # row y: the label y as a one-hot vector
    with np.errstate(divide="ignore"):
        per_label = {
            "log": -np.log(p),
            "brier": np.sum((p - one_hot) ** 2, axis=1),
            "absolute": np.sum(np.abs(p - one_hot), axis=1),
        }[rule]
    happens = q > 0  # a label that never happens costs nothing, even where p_y = 0
    return float(np.sum(q[happens] * per_label[happens]))
