"""A small, deterministic Iris experiment: one softmax classifier trained with cross-entropy or squared error.

The data set (`data/iris.csv`, 150 flowers, see `data/README.md`) ships inside the package and is read
relative to this module, so `load_iris` also works when `helpers` is pip-installed. The model is a linear
softmax layer (4 standardized measurements -> 3 logits), trained by full-batch gradient descent in float64,
so every run gives the same numbers.

>>> data = load_iris()
>>> data.features.shape, data.class_names
((150, 4), ('setosa', 'versicolor', 'virginica'))
>>> history = train_softmax_classifier(data.features, data.labels, "cross_entropy", epochs=30)
>>> history.epochs_to_accuracy(0.9) is not None
True
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

import numpy as np
from numpy.typing import ArrayLike, NDArray

IRIS_FEATURES = ("sepal_length", "sepal_width", "petal_length", "petal_width")
IRIS_CLASSES = ("setosa", "versicolor", "virginica")
LOSSES = ("cross_entropy", "squared_error")


@dataclass(frozen=True)
class IrisData:
    """The Iris table as arrays: `features` (150, 4) in cm (or standardized), `labels` (150,) in 0..2.

    Taught in chapter 5, "An experiment on real data: Iris from a confidently wrong start".
    """

    features: NDArray[np.float64]
    labels: NDArray[np.int64]
    feature_names: tuple[str, ...] = IRIS_FEATURES
    class_names: tuple[str, ...] = IRIS_CLASSES


def _iris_csv_text() -> str:
    return resources.files(__package__).joinpath("data", "iris.csv").read_text(encoding="utf-8")


def load_iris(standardize: bool = True) -> IrisData:
    """Read the 150 Iris flowers shipped with the helpers; with `standardize`, each column gets mean 0, sd 1.

    Taught in chapter 5, "An experiment on real data: Iris from a confidently wrong start".

    >>> raw = load_iris(standardize=False)
    >>> raw.features[0].tolist(), raw.class_names[raw.labels[0]], np.bincount(raw.labels).tolist()
    ([5.1, 3.5, 1.4, 0.2], 'setosa', [50, 50, 50])
    """
    reader = csv.DictReader(io.StringIO(_iris_csv_text()))
    if tuple(reader.fieldnames or ()) != IRIS_FEATURES + ("species",):
        raise ValueError(f"iris.csv has columns {reader.fieldnames}; expected {list(IRIS_FEATURES) + ['species']}")
    rows = list(reader)
    features = np.array([[float(row[name]) for name in IRIS_FEATURES] for row in rows])
    labels = np.array([IRIS_CLASSES.index(row["species"]) for row in rows], dtype=np.int64)
    return IrisData(standardize_columns(features) if standardize else features, labels)


def standardize_columns(features: ArrayLike) -> NDArray[np.float64]:
    """(x - column mean) / column standard deviation (population sd, ddof=0), so every feature has scale 1.

    Taught in chapter 5, "An experiment on real data: Iris from a confidently wrong start".

    >>> standardize_columns([[1.0, 10.0], [3.0, 30.0]]).tolist()
    [[-1.0, -1.0], [1.0, 1.0]]
    """
    array = np.asarray(features, dtype=np.float64)
    if array.ndim != 2 or array.shape[0] < 2:
        raise ValueError(f"features must be a 2-D table with at least two rows, got shape {array.shape}")
    spread = array.std(axis=0)
    if np.any(spread == 0):
        raise ValueError(f"column(s) {np.flatnonzero(spread == 0).tolist()} are constant and cannot be standardized")
    standardized: NDArray[np.float64] = (array - array.mean(axis=0)) / spread  # (numpy types mean(axis) as Any)
    return standardized


def _check_table(features: ArrayLike, labels: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.int64], int]:
    x = np.asarray(features, dtype=np.float64)
    y = np.asarray(labels)
    if x.ndim != 2 or x.shape[0] == 0:
        raise ValueError(f"features must be a non-empty 2-D array (samples x features), got shape {x.shape}")
    if not np.all(np.isfinite(x)):
        raise ValueError("features contain NaN or inf; expected finite numbers")
    if y.shape != (x.shape[0],):
        raise ValueError(f"labels have shape {y.shape}; expected ({x.shape[0]},), one class index per row")
    if y.size and not (np.all(np.equal(np.mod(y, 1), 0)) and y.min() >= 0):
        raise ValueError("labels must be class indices 0, 1, 2, ...")
    return x, y.astype(np.int64), int(y.max()) + 1


def confidently_wrong_start(
    features: ArrayLike, labels: ArrayLike, scale: float = 2.0
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Weights and biases (C x F, C) that make a linear softmax classifier confidently wrong.

    Taught in chapter 5, "An experiment on real data: Iris from a confidently wrong start".

    Start from the nearest-class-mean classifier (`logit_c = mu_c . x - |mu_c|^2 / 2`, a good classifier),
    then give class c the row of class c + 1 (mod C): each flower's largest logit now belongs to the class
    *before* its nearest mean, and `scale` multiplies all logits, so a larger scale is more confident.

    >>> data = load_iris()
    >>> w, b = confidently_wrong_start(data.features, data.labels, scale=2.0)
    >>> w.shape, b.shape
    ((3, 4), (3,))
    """
    x, y, num_classes = _check_table(features, labels)
    if not (np.isfinite(scale) and scale >= 0):
        raise ValueError(f"scale must be a finite number >= 0, got {scale!r}")
    if num_classes < 2 or np.any(np.bincount(y, minlength=num_classes) == 0):
        raise ValueError("every class 0..C-1 needs at least one sample (and C >= 2)")
    means = np.stack([x[y == c].mean(axis=0) for c in range(num_classes)])
    rotated = np.roll(means, -1, axis=0)
    return scale * rotated, -scale * 0.5 * np.sum(rotated**2, axis=1)


@dataclass(frozen=True)
class TrainingHistory:
    """One training run, measured before every update and after the last: arrays of length epochs + 1.

    Taught in chapter 5, "An experiment on real data: Iris from a confidently wrong start".

    Entry e describes the model after e full-batch gradient steps. `loss` is the loss being minimised;
    `cross_entropy` and `squared_error` are both measured for every run, whichever loss it trains.
    `grad_norm` is the Euclidean norm of the gradient of the training loss with respect to all parameters.
    `probabilities` (epochs + 1, N, C) holds every sample's softmax output at every epoch when the run was
    asked to keep them (`keep_probabilities=True`), else None.
    """

    loss_name: str
    learning_rate: float
    loss: NDArray[np.float64]
    accuracy: NDArray[np.float64]
    cross_entropy: NDArray[np.float64]
    squared_error: NDArray[np.float64]
    grad_norm: NDArray[np.float64]
    weights: NDArray[np.float64]
    bias: NDArray[np.float64]
    probabilities: NDArray[np.float64] | None = None

    def epochs_to_accuracy(self, target: float) -> int | None:
        """The first epoch at which the training accuracy is >= `target`, or None if it never gets there."""
        if not 0.0 <= target <= 1.0:
            raise ValueError(f"target accuracy must lie in [0, 1], got {target!r}")
        reached = np.flatnonzero(self.accuracy >= target - 1e-12)
        return int(reached[0]) if reached.size else None


@contextlib.contextmanager
def _deterministic_torch(seed: int) -> Iterator[None]:
    import torch

    was_deterministic = torch.are_deterministic_algorithms_enabled()
    threads = torch.get_num_threads()
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)  # 150 x 4 matrices: extra threads only add overhead (and vary the summation order)
    try:
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            yield
    finally:
        torch.set_num_threads(threads)
        torch.use_deterministic_algorithms(was_deterministic)


def train_softmax_classifier(
    features: ArrayLike,
    labels: ArrayLike,
    loss: str,
    weights: ArrayLike | None = None,
    bias: ArrayLike | None = None,
    learning_rate: float = 1.0,
    epochs: int = 200,
    stop_at_accuracy: float | None = None,
    seed: int = 0,
    keep_probabilities: bool = False,
) -> TrainingHistory:
    """Train p = softmax(x W^T + b) by full-batch gradient descent (torch.optim.SGD) in float64.

    Taught in chapter 5, "An experiment on real data: Iris from a confidently wrong start".

    `loss` is 'cross_entropy' (the mean of -ln p_y, torch's F.cross_entropy) or 'squared_error' (the mean
    over samples of sum_i (p_i - y_i)^2 on the softmax outputs against one-hot labels, the course's
    `helpers.squared_error`; torch's F.mse_loss would also divide by the number of classes).
    Without `weights`/`bias` the layer starts from torch's default initialisation under `seed`.
    `stop_at_accuracy` ends training at the first epoch that reaches it. `keep_probabilities` stores every
    sample's probabilities at every epoch in the history (memory: (epochs + 1) x N x C floats).

    >>> data = load_iris()
    >>> h = train_softmax_classifier(data.features, data.labels, "squared_error", epochs=3)
    >>> len(h.loss), h.loss_name
    (4, 'squared_error')
    """
    import torch
    import torch.nn.functional as F

    x, y, num_classes = _check_table(features, labels)
    if loss not in LOSSES:
        raise ValueError(f"loss must be 'cross_entropy' or 'squared_error', got {loss!r}")
    if not (np.isfinite(learning_rate) and learning_rate > 0):
        raise ValueError(f"learning_rate must be a positive finite number, got {learning_rate!r}")
    if int(epochs) != epochs or epochs < 0:
        raise ValueError(f"epochs must be a whole number >= 0, got {epochs!r}")
    if stop_at_accuracy is not None and not 0.0 <= stop_at_accuracy <= 1.0:
        raise ValueError(f"stop_at_accuracy must lie in [0, 1], got {stop_at_accuracy!r}")
    if (weights is None) != (bias is None):
        raise ValueError("give both weights and bias, or neither")

    with _deterministic_torch(seed):
        layer = torch.nn.Linear(x.shape[1], num_classes, dtype=torch.float64)
        if weights is not None:
            w0 = np.asarray(weights, dtype=np.float64)
            b0 = np.asarray(bias, dtype=np.float64)
            if w0.shape != (num_classes, x.shape[1]) or b0.shape != (num_classes,):
                raise ValueError(
                    f"weights/bias have shapes {w0.shape}/{b0.shape}; "
                    f"expected {(num_classes, x.shape[1])}/{(num_classes,)}"
                )
            with torch.no_grad():
                layer.weight.copy_(torch.from_numpy(w0))
                layer.bias.copy_(torch.from_numpy(b0))
        optimizer = torch.optim.SGD(layer.parameters(), lr=learning_rate)
        inputs = torch.from_numpy(x)
        targets = torch.from_numpy(y)
        one_hot = F.one_hot(targets, num_classes).to(torch.float64)
        records: dict[str, list[float]] = {key: [] for key in ("loss", "accuracy", "ce", "se", "grad")}
        kept: list[NDArray[np.float64]] = []
        for epoch in range(int(epochs) + 1):
            logits = layer(inputs)
            probs = torch.softmax(logits, dim=1)
            ce = F.cross_entropy(logits, targets)
            se = ((probs - one_hot) ** 2).sum(dim=1).mean()
            objective = ce if loss == "cross_entropy" else se
            optimizer.zero_grad()
            objective.backward()
            grad = torch.cat([p.grad.reshape(-1) for p in layer.parameters() if p.grad is not None])  # all set
            accuracy = (logits.argmax(dim=1) == targets).to(torch.float64).mean().item()
            for key, value in (("loss", objective), ("ce", ce), ("se", se), ("grad", grad.norm())):
                records[key].append(float(value.item()))
            records["accuracy"].append(accuracy)
            if keep_probabilities:
                kept.append(probs.detach().numpy().copy())
            if epoch == epochs or (stop_at_accuracy is not None and accuracy >= stop_at_accuracy - 1e-12):
                break
            optimizer.step()
        return TrainingHistory(
            loss_name=loss,
            learning_rate=float(learning_rate),
            loss=np.array(records["loss"]),
            accuracy=np.array(records["accuracy"]),
            cross_entropy=np.array(records["ce"]),
            squared_error=np.array(records["se"]),
            grad_norm=np.array(records["grad"]),
            weights=layer.weight.detach().numpy().copy(),
            bias=layer.bias.detach().numpy().copy(),
            probabilities=np.stack(kept) if keep_probabilities else None,
        )


def predict_probabilities(features: ArrayLike, weights: ArrayLike, bias: ArrayLike) -> NDArray[np.float64]:
    """softmax(x W^T + b) for a (N, F) table: the linear classifier's probabilities, one row per sample.

    Taught in chapter 5, "An experiment on real data: Iris from a confidently wrong start".

    >>> predict_probabilities([[0.0, 0.0]], [[1.0, 0.0], [0.0, 1.0]], [0.0, 0.0]).tolist()
    [[0.5, 0.5]]
    """
    from .activations import softmax

    x = np.asarray(features, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    b = np.asarray(bias, dtype=np.float64)
    if x.ndim != 2 or w.ndim != 2 or w.shape[1] != x.shape[1] or b.shape != (w.shape[0],):
        raise ValueError(f"shapes do not fit: features {x.shape}, weights {w.shape}, bias {b.shape}")
    return softmax(x @ w.T + b)


# --- one sigmoid neuron (Nielsen, Neural Networks and Deep Learning, chapter 3) ------------------------

NEURON_LOSSES = ("quadratic", "cross_entropy")


def sigmoid_neuron_gradient(weight: float, bias: float, x: float, y: float, loss: str) -> tuple[float, float]:
    """(dC/dw, dC/db) for one sigmoid neuron a = sigmoid(w x + b) and one example (x, y), y in [0, 1].

    Taught in chapter 5, "One sigmoid neuron: Nielsen's learning slowdown".

    'quadratic' is C = (a - y)^2 / 2, whose derivative with respect to z = w x + b is (a - y) sigmoid'(z)
    = (a - y) a (1 - a); 'cross_entropy' is C = -[y ln a + (1 - y) ln(1 - a)], whose derivative is a - y:
    the sigmoid'(z) that makes a saturated neuron learn slowly cancels. dC/dw = x dC/dz and dC/db = dC/dz.

    >>> [round(g, 4) for g in sigmoid_neuron_gradient(2.0, 2.0, 1.0, 0.0, "quadratic")]  # a = 0.982
    [0.0173, 0.0173]
    >>> [round(g, 4) for g in sigmoid_neuron_gradient(2.0, 2.0, 1.0, 0.0, "cross_entropy")]
    [0.982, 0.982]
    """
    from .activations import sigmoid

    if loss not in NEURON_LOSSES:
        raise ValueError(f"loss must be 'quadratic' or 'cross_entropy', got {loss!r}")
    values = np.array([weight, bias, x, y], dtype=np.float64)
    if not np.all(np.isfinite(values)):
        raise ValueError(f"weight, bias, x and y must be finite numbers, got {weight!r}, {bias!r}, {x!r}, {y!r}")
    if not 0.0 <= y <= 1.0:
        raise ValueError(f"the target y must lie in [0, 1] (a sigmoid's range), got {y!r}")
    a = float(sigmoid(weight * x + bias))
    dz = (a - y) * a * (1.0 - a) if loss == "quadratic" else a - y
    return float(x * dz), float(dz)


@dataclass(frozen=True)
class SigmoidNeuronHistory:
    """A sigmoid neuron's run: `weight`, `bias`, `output` a and `cost` C before every step and after the last.

    Taught in chapter 5, "One sigmoid neuron: Nielsen's learning slowdown".
    """

    loss_name: str
    learning_rate: float
    weight: NDArray[np.float64]
    bias: NDArray[np.float64]
    output: NDArray[np.float64]
    cost: NDArray[np.float64]

    def epochs_to_output(self, below: float) -> int | None:
        """The first epoch whose output is below `below`, or None if the run never gets there."""
        reached = np.flatnonzero(self.output < below)
        return int(reached[0]) if reached.size else None


def train_sigmoid_neuron(
    weight: float,
    bias: float,
    x: float = 1.0,
    y: float = 0.0,
    loss: str = "quadratic",
    learning_rate: float = 0.15,
    epochs: int = 300,
) -> SigmoidNeuronHistory:
    """Gradient descent on one sigmoid neuron and one example, Nielsen's learning-slowdown experiment.

    Taught in chapter 5, "One sigmoid neuron: Nielsen's learning slowdown".

    The defaults are his: input x = 1, target y = 0, learning rate 0.15, 300 epochs; he starts from
    (w, b) = (0.6, 0.9), output 0.82, and from the saturated (2, 2), output 0.98. Each epoch is one step
    w -= rate dC/dw, b -= rate dC/db with `sigmoid_neuron_gradient`.

    >>> run = train_sigmoid_neuron(2.0, 2.0, loss="cross_entropy", epochs=30)
    >>> round(float(run.output[0]), 3), run.epochs_to_output(0.5)
    (0.982, 17)
    """
    from .activations import sigmoid

    if not (np.isfinite(learning_rate) and learning_rate > 0):
        raise ValueError(f"learning_rate must be a positive finite number, got {learning_rate!r}")
    if int(epochs) != epochs or epochs < 0:
        raise ValueError(f"epochs must be a whole number >= 0, got {epochs!r}")
    sigmoid_neuron_gradient(weight, bias, x, y, loss)  # checks the arguments
    w, b = float(weight), float(bias)
    rows = []
    for epoch in range(int(epochs) + 1):
        a = float(sigmoid(w * x + b))
        with np.errstate(divide="ignore"):
            cost = 0.5 * (a - y) ** 2 if loss == "quadratic" else -(y * np.log(a) + (1 - y) * np.log1p(-a))
        rows.append((w, b, a, float(cost)))
        if epoch < epochs:
            grad_w, grad_b = sigmoid_neuron_gradient(w, b, x, y, loss)
            w, b = w - learning_rate * grad_w, b - learning_rate * grad_b
    weights, biases, outputs, costs = (np.array(column) for column in zip(*rows))
    return SigmoidNeuronHistory(loss, float(learning_rate), weights, biases, outputs, costs)


# --- splits and label noise -------------------------------------------------------------------------


def stratified_split(labels: ArrayLike, fractions: tuple[float, ...], seed: int = 0) -> tuple[NDArray[np.intp], ...]:
    """Indices of disjoint parts (train, validation, test, ...) holding each class in the given `fractions`.

    Taught in chapter 5, "The other side of a bounded loss: label noise".

    Each class's samples are shuffled with `seed` and cut at round(cumulative fraction x class size), so
    every part has (within one sample) the same class proportions as the whole. Indices come back sorted.

    >>> train, test = stratified_split([0, 0, 0, 0, 1, 1, 1, 1], (0.5, 0.5), seed=0)
    >>> len(train), len(test), sorted(set(train.tolist()) | set(test.tolist())) == list(range(8))
    (4, 4, True)
    """
    y = np.asarray(labels)
    shares = np.asarray(fractions, dtype=np.float64)
    if y.ndim != 1 or y.size == 0 or not np.all(np.equal(np.mod(y, 1), 0)) or y.min() < 0:
        raise ValueError("labels must be a non-empty 1-D array of class indices 0, 1, 2, ...")
    if shares.ndim != 1 or shares.size < 2 or np.any(shares <= 0) or not np.isclose(shares.sum(), 1.0):
        raise ValueError(f"fractions must be two or more positive numbers that sum to 1, got {fractions!r}")
    rng = np.random.default_rng(seed)
    parts: list[list[int]] = [[] for _ in shares]
    for c in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == c))
        cuts = np.round(np.cumsum(shares) * members.size).astype(int)
        for part, chunk in zip(parts, np.split(members, cuts[:-1])):
            part.extend(chunk.tolist())
    return tuple(np.array(sorted(part), dtype=np.intp) for part in parts)


def flip_labels(labels: ArrayLike, fraction: float, seed: int = 0, num_classes: int | None = None) -> NDArray[np.int64]:
    """A copy of `labels` in which round(fraction x N) samples, drawn with `seed`, get another class.

    Taught in chapter 5, "The other side of a bounded loss: label noise".

    Each chosen sample's new class is drawn uniformly from the C - 1 classes it is not (symmetric label
    noise), so exactly that many labels are wrong. `num_classes` defaults to max(labels) + 1.

    >>> noisy = flip_labels([0, 1, 2, 0, 1, 2, 0, 1, 2, 0], 0.3, seed=0)
    >>> int((noisy != np.array([0, 1, 2, 0, 1, 2, 0, 1, 2, 0])).sum())
    3
    """
    y = np.asarray(labels)
    if y.ndim != 1 or y.size == 0 or not np.all(np.equal(np.mod(y, 1), 0)) or y.min() < 0:
        raise ValueError("labels must be a non-empty 1-D array of class indices 0, 1, 2, ...")
    if not (np.isfinite(fraction) and 0.0 <= fraction <= 1.0):
        raise ValueError(f"fraction must lie in [0, 1], got {fraction!r}")
    classes = int(y.max()) + 1 if num_classes is None else int(num_classes)
    if classes < 2 or classes <= y.max():
        raise ValueError(f"num_classes must be at least 2 and larger than every label, got {num_classes!r}")
    rng = np.random.default_rng(seed)
    flipped = y.astype(np.int64).copy()
    chosen = rng.choice(y.size, size=int(round(fraction * y.size)), replace=False)
    flipped[chosen] = (flipped[chosen] + rng.integers(1, classes, size=chosen.size)) % classes
    return flipped


# --- a small multilayer perceptron (the calibration chapter) ------------------------------------------


@dataclass(frozen=True)
class MLPRun:
    """A `train_mlp_classifier` run: the training loss at every step and logits at every checkpoint.

    Taught in chapter 8, "A problem big enough to see".

    `steps` are the checkpoints (0, every, 2 every, ..., the last step); `logits[name]` has shape
    (len(steps), N, C): the logits of data set `name` ("train" and each one passed to `evaluate`) there.
    """

    loss_name: str
    loss: NDArray[np.float64]
    steps: NDArray[np.int64]
    logits: dict[str, NDArray[np.float64]]


def train_mlp_classifier(
    features: ArrayLike,
    labels: ArrayLike,
    loss: str = "cross_entropy",
    hidden: tuple[int, ...] = (32, 32),
    steps: int = 1000,
    learning_rate: float = 0.01,
    seed: int = 0,
    evaluate: dict[str, ArrayLike] | None = None,
    every: int = 25,
) -> MLPRun:
    """Train a ReLU network (features -> hidden layers -> C logits) by full-batch Adam, in float64.

    Taught in chapter 8, "A problem big enough to see".

    `loss` is 'cross_entropy' or 'squared_error' (sum over classes of (p_i - y_i)^2, mean over samples).
    Every `every` steps, and at the start and the end, the logits of the training set and of each table in
    `evaluate` are kept, so a chapter can follow accuracy, loss and calibration through training. The
    same seed gives the same numbers.

    >>> x = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    >>> run = train_mlp_classifier(x, [0, 1, 1, 0], hidden=(8,), steps=200, learning_rate=0.05, every=100)
    >>> run.steps.tolist(), run.logits["train"].shape, bool(run.loss[-1] < 0.1)
    ([0, 100, 200], (3, 4, 2), True)
    """
    import torch
    import torch.nn.functional as F

    x, y, num_classes = _check_table(features, labels)
    if loss not in LOSSES:
        raise ValueError(f"loss must be 'cross_entropy' or 'squared_error', got {loss!r}")
    if not hidden or any(int(h) != h or h < 1 for h in hidden):
        raise ValueError(f"hidden must list one or more layer sizes >= 1, got {hidden!r}")
    if int(steps) != steps or steps < 1 or int(every) != every or every < 1:
        raise ValueError(f"steps and every must be whole numbers >= 1, got {steps!r} and {every!r}")
    if not (np.isfinite(learning_rate) and learning_rate > 0):
        raise ValueError(f"learning_rate must be a positive finite number, got {learning_rate!r}")
    tables = {"train": x}
    for name, table in (evaluate or {}).items():
        array = np.asarray(table, dtype=np.float64)
        if array.ndim != 2 or array.shape[1] != x.shape[1]:
            raise ValueError(f"evaluate[{name!r}] must be a table with {x.shape[1]} columns, got shape {array.shape}")
        tables[name] = array
    with _deterministic_torch(seed):
        sizes = [x.shape[1], *map(int, hidden)]
        layers: list[torch.nn.Module] = []
        for n_in, n_out in zip(sizes, sizes[1:]):
            layers += [torch.nn.Linear(n_in, n_out, dtype=torch.float64), torch.nn.ReLU()]
        model = torch.nn.Sequential(*layers, torch.nn.Linear(sizes[-1], num_classes, dtype=torch.float64))
        optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate)
        inputs, targets = torch.from_numpy(x), torch.from_numpy(y)
        one_hot = F.one_hot(targets, num_classes).to(torch.float64)
        tensors = {name: torch.from_numpy(table) for name, table in tables.items()}
        losses, checkpoints = [], []
        kept: dict[str, list[NDArray[np.float64]]] = {name: [] for name in tables}
        for step in range(int(steps) + 1):
            if step % every == 0 or step == steps:
                with torch.no_grad():
                    for name, table in tensors.items():
                        kept[name].append(model(table).numpy().copy())
                checkpoints.append(step)
            if step == steps:
                break
            logits = model(inputs)
            if loss == "cross_entropy":
                objective = F.cross_entropy(logits, targets)
            else:
                objective = ((torch.softmax(logits, dim=1) - one_hot) ** 2).sum(dim=1).mean()
            optimizer.zero_grad()
            objective.backward()
            optimizer.step()
            losses.append(float(objective.item()))
    return MLPRun(loss, np.array(losses), np.array(checkpoints), {k: np.stack(v) for k, v in kept.items()})
