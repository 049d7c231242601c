"""Recurrent neural networks: the recurrence from scratch, its torch twin, a character model, its limits.

The recurrence is h_t = f(W x_t + U h_{t-1} + b): the same W, U, b at every step, so a sequence of any
length goes through the same weights, and the hidden state h carries what came before. Everything the
chapter measures (equality with torch, padding, training, sampling, gradient norms, timing) lives here.

>>> import numpy as np
>>> W, U, b = np.eye(2), 0.5 * np.eye(2), np.zeros(2)
>>> rnn_forward(np.eye(2), W, U, b).round(4).tolist()
[[0.7616, 0.0], [0.3634, 0.7616]]
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from numpy.typing import ArrayLike, NDArray
from torch import nn

from .activations import softmax

DATA_DIR = Path(__file__).resolve().parent / "data"
ALICE_FILE = "alice_in_wonderland.txt"


# --------------------------------------------------------------------------------------------------
# The recurrence, from scratch
# --------------------------------------------------------------------------------------------------


def _finite_matrix(values: ArrayLike, name: str, ndim: int) -> NDArray[np.float64]:
    array = np.asarray(values, dtype=np.float64)
    if array.ndim != ndim:
        kind = {1: "a vector", 2: "a matrix"}[ndim]
        raise ValueError(f"{name} must be {kind} ({ndim}-D), got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} contains NaN or inf; expected finite numbers")
    return array


def rnn_forward(
    inputs: ArrayLike,
    W: ArrayLike,
    U: ArrayLike,
    b: ArrayLike,
    h0: ArrayLike | None = None,
    activation: Callable[[NDArray[np.float64]], NDArray[np.float64]] = np.tanh,
) -> NDArray[np.float64]:
    """Run h_t = activation(W x_t + U h_{t-1} + b) over a sequence and return every hidden state.

    Taught in chapter 7, "The recurrence".

    `inputs` has shape (tau, D): one input vector x_t per step. W is (H, D), U is (H, H), b is (H,), and
    h0 (default zeros) is (H,). The result has shape (tau, H); row t is h_t (h0 itself is not included),
    so the last row is the final state. The loop cannot be vectorised over t: h_t needs h_{t-1}.

    >>> rnn_forward([[1.0], [1.0]], W=[[1.0]], U=[[1.0]], b=[0.0]).round(4).tolist()
    [[0.7616], [0.9427]]
    """
    x = _finite_matrix(inputs, "inputs", 2)
    W = _finite_matrix(W, "W", 2)
    U = _finite_matrix(U, "U", 2)
    b = _finite_matrix(b, "b", 1)
    steps, input_size = x.shape
    hidden_size = U.shape[0]
    if steps == 0:
        raise ValueError("inputs has 0 time steps; expected a sequence of at least one step, shape (tau, D)")
    if U.shape != (hidden_size, hidden_size):
        raise ValueError(f"U must be square (H, H), got shape {U.shape}")
    if W.shape != (hidden_size, input_size):
        raise ValueError(
            f"W has shape {W.shape}; expected (H, D) = ({hidden_size}, {input_size}) "
            f"from U's {hidden_size} hidden units and the inputs' {input_size} features"
        )
    if b.shape != (hidden_size,):
        raise ValueError(f"b has shape {b.shape}; expected ({hidden_size},), one bias per hidden unit")
    h = np.zeros(hidden_size) if h0 is None else _finite_matrix(h0, "h0", 1)
    if h.shape != (hidden_size,):
        raise ValueError(f"h0 has shape {h.shape}; expected ({hidden_size},), one value per hidden unit")
    states = np.empty((steps, hidden_size))
    for t in range(steps):
        h = activation(W @ x[t] + U @ h + b)
        states[t] = h
    return states


class StepCounter:
    """Wrap an activation and count its calls: rnn_forward calls it once per step, one after another.

    Taught in chapter 7, "Limitations, measured".

    >>> counter = StepCounter()
    >>> _ = rnn_forward(np.ones((5, 1)), [[1.0]], [[1.0]], [0.0], activation=counter)
    >>> counter.calls
    5
    """

    def __init__(self, activation: Callable[[NDArray[np.float64]], NDArray[np.float64]] = np.tanh) -> None:
        self.activation = activation
        self.calls = 0

    def __call__(self, z: NDArray[np.float64]) -> NDArray[np.float64]:
        self.calls += 1
        return self.activation(z)


def random_rnn_weights(
    input_size: int, hidden_size: int, seed: int = 0, scale: float | None = None
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """W (H, D), U (H, H), b (H,) drawn uniformly from [-k, k] with k = 1/sqrt(H), torch's default init.

    Taught in chapter 7, "The same network in torch".

    >>> [a.shape for a in random_rnn_weights(3, 2)]
    [(2, 3), (2, 2), (2,)]
    """
    if int(input_size) != input_size or input_size < 1 or int(hidden_size) != hidden_size or hidden_size < 1:
        raise ValueError(f"sizes must be positive integers, got input_size={input_size!r}, hidden_size={hidden_size!r}")
    k = 1.0 / math.sqrt(hidden_size) if scale is None else float(scale)
    rng = np.random.default_rng(seed)
    W = rng.uniform(-k, k, (hidden_size, input_size))
    U = rng.uniform(-k, k, (hidden_size, hidden_size))
    b = rng.uniform(-k, k, hidden_size)
    return W, U, b


# --------------------------------------------------------------------------------------------------
# The same network in torch
# --------------------------------------------------------------------------------------------------


def copy_weights_to_torch_rnn(rnn: nn.RNN, W: ArrayLike, U: ArrayLike, b: ArrayLike) -> nn.RNN:
    """Put numpy weights into a one-layer torch.nn.RNN so it computes exactly h_t = f(W x_t + U h_{t-1} + b).

    Taught in chapter 7, "The same network in torch".

    torch writes the step as f(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh), with two biases: W goes to
    weight_ih_l0, U to weight_hh_l0, b to bias_ih_l0, and bias_hh_l0 is set to 0 (only the sum matters).

    >>> rnn = copy_weights_to_torch_rnn(nn.RNN(1, 1), [[2.0]], [[0.5]], [0.1])
    >>> rnn.weight_ih_l0.item(), rnn.weight_hh_l0.item(), rnn.bias_hh_l0.item()
    (2.0, 0.5, 0.0)
    """
    if not isinstance(rnn, nn.RNN) or rnn.num_layers != 1 or rnn.bidirectional:
        raise ValueError("rnn must be a one-layer, one-directional torch.nn.RNN")
    W = _finite_matrix(W, "W", 2)
    U = _finite_matrix(U, "U", 2)
    b = _finite_matrix(b, "b", 1)
    expected = {
        "W": (rnn.hidden_size, rnn.input_size),
        "U": (rnn.hidden_size, rnn.hidden_size),
        "b": (rnn.hidden_size,),
    }
    for name, array in (("W", W), ("U", U), ("b", b)):
        if array.shape != expected[name]:
            raise ValueError(f"{name} has shape {array.shape}; this nn.RNN needs {expected[name]}")
    if not rnn.bias:
        raise ValueError("rnn was built with bias=False; build it with bias=True to copy b")
    weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0 = rnn.all_weights[0]  # (layer 0's, as typed Parameters)
    dtype = weight_ih_l0.dtype
    with torch.no_grad():
        weight_ih_l0.copy_(torch.as_tensor(W, dtype=dtype))
        weight_hh_l0.copy_(torch.as_tensor(U, dtype=dtype))
        bias_ih_l0.copy_(torch.as_tensor(b, dtype=dtype))
        bias_hh_l0.zero_()
    return rnn


def torch_rnn_from_numpy(
    W: ArrayLike, U: ArrayLike, b: ArrayLike, nonlinearity: str = "tanh", batch_first: bool = True
) -> nn.RNN:
    """Build a float64 torch.nn.RNN whose weights are W, U, b (see `copy_weights_to_torch_rnn`).

    Taught in chapter 7, "The same network in torch".

    >>> rnn = torch_rnn_from_numpy(np.eye(2), np.zeros((2, 2)), np.zeros(2))
    >>> out, h_n = rnn(torch.tensor([[[1.0, 0.0]]], dtype=torch.float64))
    >>> out.shape, round(out[0, 0, 0].item(), 4)
    (torch.Size([1, 1, 2]), 0.7616)
    """
    W = _finite_matrix(W, "W", 2)
    U = _finite_matrix(U, "U", 2)
    if nonlinearity not in ("tanh", "relu"):
        raise ValueError(f"nonlinearity must be 'tanh' or 'relu' (what nn.RNN offers), got {nonlinearity!r}")
    rnn = nn.RNN(W.shape[1], W.shape[0], nonlinearity=nonlinearity, batch_first=batch_first, dtype=torch.float64)
    return copy_weights_to_torch_rnn(rnn, W, U, b)


# --------------------------------------------------------------------------------------------------
# Tokens: what counts as one step
# --------------------------------------------------------------------------------------------------

_WORD_OR_PUNCTUATION = re.compile(r"\w+(?:['\u2019]\w+)*|[^\w\s]")


def char_tokens(text: str) -> list[str]:
    """One step per character, spaces and punctuation included.

    Taught in chapter 7, "Variable-length input: what is a step?".

    >>> char_tokens("Hi")
    ['H', 'i']
    """
    if not isinstance(text, str):
        raise ValueError(f"text must be a str, got {type(text).__name__}")
    return list(text)


def word_tokens(text: str) -> list[str]:
    """One step per word or punctuation mark; an apostrophe inside a word (' or \u2019) keeps it whole.

    Taught in chapter 7, "Why order matters".

    >>> word_tokens("What's up man?")
    ["What's", 'up', 'man', '?']
    """
    if not isinstance(text, str):
        raise ValueError(f"text must be a str, got {type(text).__name__}")
    return _WORD_OR_PUNCTUATION.findall(text)


@dataclass(frozen=True)
class Vocabulary:
    """A fixed list of tokens; a token's index is its class number (and its position in the logits).

    Taught in chapter 7, "Why order matters".

    >>> vocab = Vocabulary.from_tokens("abca")
    >>> vocab.tokens, vocab.encode("cab"), vocab.decode([2, 0])
    (('a', 'b', 'c'), [2, 0, 1], 'ca')
    """

    tokens: tuple[str, ...]
    index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.tokens) == 0:
            raise ValueError("a vocabulary needs at least one token")
        if len(set(self.tokens)) != len(self.tokens):
            raise ValueError("vocabulary tokens must be unique")
        object.__setattr__(self, "index", {token: i for i, token in enumerate(self.tokens)})

    @classmethod
    def from_tokens(cls, tokens: Sequence[str]) -> Vocabulary:
        """The sorted distinct tokens of a sequence (a string gives its characters)."""
        return cls(tuple(sorted(set(tokens))))

    def __len__(self) -> int:
        return len(self.tokens)

    def encode(self, tokens: Sequence[str]) -> list[int]:
        """Token -> index, with a clear error for a token the vocabulary does not have."""
        unknown = sorted({token for token in tokens if token not in self.index})
        if unknown:
            raise ValueError(f"tokens not in the vocabulary: {unknown!r}")
        return [self.index[token] for token in tokens]

    def decode(self, indices: Sequence[int]) -> str:
        """Index -> token, joined into one string (characters join with no separator)."""
        for i in indices:
            if not 0 <= int(i) < len(self.tokens):
                raise ValueError(f"index {i} is out of range for a vocabulary of {len(self.tokens)} tokens")
        return "".join(self.tokens[int(i)] for i in indices)

    def one_hot(self, tokens: Sequence[str]) -> NDArray[np.float64]:
        """The (tau, V) matrix whose row t is the one-hot vector x_t of token t."""
        return np.eye(len(self.tokens))[self.encode(tokens)]


def load_text(name: str = ALICE_FILE) -> str:
    """A text shipped in helpers/data (found next to this module, so it works when pip-installed).

    Taught in chapter 7, "A character-level language model".

    >>> " ".join(load_text().split()[:6])
    "ALICE'S ADVENTURES IN WONDERLAND Lewis Carroll"
    """
    path = DATA_DIR / name
    if not path.is_file():
        available = sorted(p.name for p in DATA_DIR.glob("*.txt"))
        raise ValueError(f"no text file {name!r} in {DATA_DIR}; available: {available}")
    return path.read_text(encoding="utf-8")


def split_text(text: str, fractions: Sequence[float] = (0.8, 0.1, 0.1)) -> tuple[str, ...]:
    r"""Cut a text into consecutive parts (train, validation, test) of about the given `fractions`.

    Taught in chapter 7, "A character-level language model".

    Each cut moves forward to just after the next line break, so no line is split between two parts; the
    parts joined give the text back. Consecutive parts, not shuffled characters: the test part is text the
    model has never read, as a later chapter of a book would be.

    >>> split_text("ab\ncd\nef\ngh\n", (0.5, 0.25, 0.25))
    ('ab\ncd\n', 'ef\n', 'gh\n')
    """
    shares = np.asarray(fractions, dtype=np.float64)
    if shares.ndim != 1 or shares.size < 2 or np.any(shares <= 0) or not np.isclose(shares.sum(), 1.0):
        raise ValueError(f"fractions must be two or more positive numbers that sum to 1, got {fractions!r}")
    if not isinstance(text, str):
        raise ValueError(f"text must be a str, got {type(text).__name__}")
    cuts = [0]
    for boundary in np.cumsum(shares)[:-1] * len(text):
        line_end = text.find("\n", max(int(boundary) - 1, 0))  # a cut at a line start stays there
        cuts.append(len(text) if line_end < 0 else line_end + 1)
    cuts.append(len(text))
    parts = tuple(text[a:b] for a, b in zip(cuts, cuts[1:]))
    if any(len(part) == 0 for part in parts):
        raise ValueError(f"a part would be empty: the text has {len(text)} characters for fractions {fractions!r}")
    return parts


# --------------------------------------------------------------------------------------------------
# A character-level language model: logits at every step, softmax, cross-entropy
# --------------------------------------------------------------------------------------------------

CELLS = {"rnn": nn.RNN, "gru": nn.GRU, "lstm": nn.LSTM}
RecurrentState = torch.Tensor | tuple[torch.Tensor, torch.Tensor]  # h, or (h, c) for an LSTM


class CharModel(nn.Module):
    """One-hot character x_t -> recurrent layer -> h_t -> linear layer -> logits z_t over the next character.

    Taught in chapter 7, "A character-level language model".

    The logits at step t are the scores of chapter 1; softmax(z_t) is the model's distribution over the
    next character, and cross-entropy against the character that really comes next trains it.

    >>> model = CharModel(vocab_size=5, hidden_size=3)
    >>> logits, state = model(torch.tensor([[0, 4, 2]]))
    >>> tuple(logits.shape)
    (1, 3, 5)
    """

    def __init__(
        self, vocab_size: int, hidden_size: int, cell: str = "rnn", dtype: torch.dtype = torch.float64
    ) -> None:
        super().__init__()
        if cell not in CELLS:
            raise ValueError(f"cell must be one of {sorted(CELLS)}, got {cell!r}")
        if int(vocab_size) != vocab_size or vocab_size < 2 or int(hidden_size) != hidden_size or hidden_size < 1:
            raise ValueError(
                f"vocab_size must be an integer >= 2 and hidden_size >= 1, got {vocab_size!r} and {hidden_size!r}"
            )
        self.vocab_size = int(vocab_size)
        self.rnn = CELLS[cell](self.vocab_size, int(hidden_size), batch_first=True, dtype=dtype)
        self.head = nn.Linear(int(hidden_size), self.vocab_size, dtype=dtype)

    def forward(self, ids: torch.Tensor, state: RecurrentState | None = None) -> tuple[torch.Tensor, RecurrentState]:
        """ids (batch, tau) of token indices -> logits (batch, tau, V) and the final recurrent state."""
        x = F.one_hot(ids, self.vocab_size).to(self.head.weight.dtype)
        hidden, state = self.rnn(x, state)
        return self.head(hidden), state


def _detach(state: RecurrentState) -> RecurrentState:
    return (state[0].detach(), state[1].detach()) if isinstance(state, tuple) else state.detach()


@dataclass
class TrainingResult:
    """What `train_char_model` returns.

    Taught in chapter 7, "A character-level language model".

    `losses` has the mean training cross-entropy of every update (one per chunk), `eval_losses` the mean
    cross-entropy on `eval_text` (the validation text) after every epoch (empty without it), and `best_epoch`
    the epoch (counted from 1) whose weights the model holds: the last one, or the best on `eval_text`
    (early stopping). `grad_norms` has the norm of every update's gradient before clipping.
    """

    model: CharModel
    vocab: Vocabulary
    losses: list[float]
    updates_per_epoch: int
    eval_losses: list[float] = field(default_factory=list)
    best_epoch: int = 0
    grad_norms: list[float] = field(default_factory=list)


def stream_batches(ids: Sequence[int], batch_size: int, seq_len: int) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """Cut a token stream into `batch_size` parallel streams, then into chunks of `seq_len` steps.

    Taught in chapter 7, "A character-level language model".

    Chunk k of stream j continues chunk k - 1 of the same stream, so the hidden state can be carried from
    one chunk to the next (truncated backpropagation through time). Targets are the inputs shifted by one.

    >>> [(x.tolist(), y.tolist()) for x, y in stream_batches(range(9), batch_size=2, seq_len=2)]
    [([[0, 1], [4, 5]], [[1, 2], [5, 6]]), ([[2, 3], [6, 7]], [[3, 4], [7, 8]])]
    """
    data = torch.as_tensor(list(ids), dtype=torch.long)
    if batch_size < 1 or seq_len < 1:
        raise ValueError(f"batch_size and seq_len must be positive, got {batch_size} and {seq_len}")
    per_stream = (len(data) - 1) // batch_size
    if per_stream < 1:
        raise ValueError(f"{len(data)} tokens are too few for {batch_size} streams of at least one step")
    targets = torch.stack([data[j * per_stream + 1 : (j + 1) * per_stream + 1] for j in range(batch_size)])
    inputs = torch.stack([data[j * per_stream : (j + 1) * per_stream] for j in range(batch_size)])
    return [(inputs[:, s : s + seq_len], targets[:, s : s + seq_len]) for s in range(0, per_stream, seq_len)]


def train_char_model(
    text: str,
    hidden_size: int = 64,
    seq_len: int = 32,
    batch_size: int = 16,
    epochs: int = 40,
    lr: float = 0.01,
    seed: int = 0,
    cell: str = "rnn",
    clip: float = 1.0,
    vocab: Vocabulary | None = None,
    eval_text: str | None = None,
) -> TrainingResult:
    """Train a `CharModel` on `text` with Adam and truncated BPTT; the same seed gives the same losses.

    Taught in chapter 7, "A character-level language model".

    Each update: logits at every step of every chunk -> mean cross-entropy against the next character
    (F.cross_entropy, i.e. log-softmax then -log p of the true next character) -> backward -> gradient
    norm clipped to `clip` (if the norm of all gradients together exceeds it, they are scaled down to
    norm `clip`) -> Adam step. The hidden state is carried across chunks but detached, so
    gradients flow back at most `seq_len` - 1 steps. Set torch.use_deterministic_algorithms(True) and one
    thread (torch.set_num_threads(1)) for bit-identical runs. `vocab` defaults to the text's characters;
    pass a larger one to score `eval_text` (held-out text) with characters the training part lacks. With
    `eval_text`, its cross-entropy is measured after each epoch and the model ends with the weights of
    the best epoch (early stopping).

    >>> result = train_char_model("abcabcabcabc" * 4, hidden_size=8, seq_len=5, batch_size=2, epochs=2)
    >>> len(result.losses) == 2 * result.updates_per_epoch, len(result.vocab), result.best_epoch
    (True, 3, 2)
    """
    if not (np.isfinite(clip) and clip > 0):
        raise ValueError(f"clip must be a positive finite number, got {clip!r}")
    if len(text) < 2 * batch_size + 1:
        raise ValueError(f"text has {len(text)} characters; too short for batch_size={batch_size}")
    if int(epochs) != epochs or epochs < 1:
        raise ValueError(f"epochs must be a whole number >= 1, got {epochs!r}")
    vocab = Vocabulary.from_tokens(char_tokens(text)) if vocab is None else vocab
    batches = stream_batches(vocab.encode(char_tokens(text)), batch_size, seq_len)
    eval_ids = None if eval_text is None else vocab.encode(char_tokens(eval_text))
    torch.manual_seed(seed)
    model = CharModel(len(vocab), hidden_size, cell=cell)
    optimiser = torch.optim.Adam(model.parameters(), lr=lr)
    losses: list[float] = []
    eval_losses: list[float] = []
    grad_norms: list[float] = []
    best_state, best_epoch = None, int(epochs)
    for epoch in range(1, int(epochs) + 1):
        model.train()
        state = None
        for inputs, targets in batches:
            logits, state = model(inputs, state)
            state = _detach(state)
            loss = F.cross_entropy(logits.reshape(-1, len(vocab)), targets.reshape(-1))
            optimiser.zero_grad()
            loss.backward()
            grad_norms.append(float(nn.utils.clip_grad_norm_(model.parameters(), clip)))
            optimiser.step()
            losses.append(loss.item())
        if eval_ids is not None:
            model.eval()
            eval_losses.append(mean_cross_entropy(model, eval_ids))
            if eval_losses[-1] == min(eval_losses):
                best_epoch = epoch
                best_state = {k: v.clone() for k, v in model.state_dict().items()}
    if best_state is not None:
        model.load_state_dict(best_state)
    model.eval()
    return TrainingResult(model, vocab, losses, len(batches), eval_losses, best_epoch, grad_norms)


def mean_cross_entropy(model: CharModel, ids: Sequence[int]) -> float:
    """Mean next-token cross-entropy (nats) of `model` over a token sequence read from a zero state.

    Taught in chapter 7, "A character-level language model".

    >>> mean_cross_entropy(CharModel(4, 3), [0, 1, 2, 3]) > 0
    True
    """
    ids = list(ids)
    if len(ids) < 2:
        raise ValueError("need at least two tokens: one input and the next one to predict")
    with torch.no_grad():
        logits, _ = model(torch.tensor([ids[:-1]]))
        return F.cross_entropy(logits[0], torch.tensor(ids[1:])).item()


def unigram_cross_entropy(train_text: str, eval_text: str, vocab: Vocabulary) -> float:
    """Mean cross-entropy on `eval_text[1:]` of a model that ignores order: p(char) = its add-one
    smoothed frequency in `train_text`. The baseline an RNN must beat to show it uses the context.

    Taught in chapter 7, "A character-level language model".

    >>> round(unigram_cross_entropy("aab", "ab", Vocabulary(("a", "b"))), 4)  # p(b) = (1 + 1) / (3 + 2)
    0.9163
    """
    counts = np.bincount(vocab.encode(char_tokens(train_text)), minlength=len(vocab)) + 1.0
    probabilities = counts / counts.sum()
    ids = vocab.encode(char_tokens(eval_text))[1:]
    if not ids:
        raise ValueError("eval_text needs at least two characters (the first one is never predicted)")
    return float(-np.mean(np.log(probabilities[ids])))


def next_token_logits(model: CharModel, vocab: Vocabulary, text: str) -> tuple[NDArray[np.float64], NDArray[np.intp]]:
    """Logits (tau - 1, V) the model gives at each step of `text` (from a zero state) and the true next tokens.

    Taught in chapter 7, "A character-level language model".

    >>> model = CharModel(3, 4)
    >>> logits, targets = next_token_logits(model, Vocabulary(("a", "b", "c")), "abca")
    >>> logits.shape, targets.tolist()
    ((3, 3), [1, 2, 0])
    """
    ids = vocab.encode(char_tokens(text))
    if len(ids) < 2:
        raise ValueError("text needs at least two characters: one input and the next one to predict")
    with torch.no_grad():
        logits, _ = model(torch.tensor([ids[:-1]]))
    return logits[0].double().numpy(), np.asarray(ids[1:], dtype=np.intp)


def perplexity(mean_ce: float) -> float:
    """exp(mean cross-entropy in nats): the number of equally likely choices the model is as unsure as.

    Taught in chapter 7, "A character-level language model".

    A uniform guess over V tokens has cross-entropy ln V and perplexity V.

    >>> round(perplexity(math.log(40)), 6)
    40.0
    """
    if not np.isfinite(mean_ce) or mean_ce < 0:
        raise ValueError(f"mean cross-entropy must be a finite number >= 0, got {mean_ce!r}")
    return float(np.exp(mean_ce))


def sample_text(
    model: CharModel, vocab: Vocabulary, prompt: str, length: int, temperature: float = 1.0, seed: int = 0
) -> str:
    """Continue `prompt` by `length` characters, drawing each from softmax(logits / temperature).

    Taught in chapter 7, "A character-level language model".

    The probabilities come from helpers.softmax (chapter 2's temperature); the draw uses a torch.Generator
    seeded with `seed`, so the same call gives the same text. temperature=0 means argmax (greedy).

    >>> model = CharModel(2, 3)
    >>> sample_text(model, Vocabulary(("a", "b")), "ab", 5, seed=1) == sample_text(
    ...     model, Vocabulary(("a", "b")), "ab", 5, seed=1
    ... )
    True
    """
    if not prompt:
        raise ValueError("prompt must contain at least one character")
    if int(length) != length or length < 0:
        raise ValueError(f"length must be a whole number >= 0, got {length!r}")
    if not (np.isfinite(temperature) and temperature >= 0):
        raise ValueError(f"temperature must be a finite number >= 0, got {temperature!r}")
    generator = torch.Generator().manual_seed(seed)
    ids = vocab.encode(char_tokens(prompt))
    out: list[int] = []
    with torch.no_grad():
        logits, state = model(torch.tensor([ids]))
        for _ in range(int(length)):
            z = logits[0, -1].double().numpy()
            if temperature == 0:
                choice = int(np.argmax(z))
            else:
                p = torch.from_numpy(softmax(z, temperature=temperature))
                choice = int(torch.multinomial(p, 1, generator=generator).item())
            out.append(choice)
            logits, state = model(torch.tensor([[choice]]), state)
    return prompt + vocab.decode(out)


def logits_after(model: CharModel, vocab: Vocabulary, prompt: str) -> NDArray[np.float64]:
    """The logits (V,) the model gives for the character that follows `prompt` (read from a zero state).

    Taught in chapter 7, "A character-level language model".

    >>> logits_after(CharModel(3, 4), Vocabulary(("a", "b", "c")), "ab").shape
    (3,)
    """
    if not prompt:
        raise ValueError("prompt must contain at least one character")
    logits: torch.Tensor
    with torch.no_grad():
        logits, _ = model(torch.tensor([vocab.encode(char_tokens(prompt))]))
    return logits[0, -1].double().numpy()


# --------------------------------------------------------------------------------------------------
# Limitations, measured: vanishing gradients and sequential time
# --------------------------------------------------------------------------------------------------

CELL_MODULES = {"rnn": nn.RNNCell, "relu": nn.RNNCell, "gru": nn.GRUCell, "lstm": nn.LSTMCell}
RECURRENT_INITS = ("default", "orthogonal", "identity")


def make_cell(
    kind: str, input_size: int, hidden_size: int, seed: int = 0, gate_bias: float = 0.0, recurrent: str = "default"
) -> nn.RNNCellBase:
    """A float64 nn.RNNCell (tanh, or 'relu') / nn.GRUCell / nn.LSTMCell with torch's default init under `seed`.

    Taught in chapter 7, "Limitations, measured".

    `gate_bias` is added to the bias of the gate that keeps the old state: the GRU's update gate u
    (its second block of 3) or the LSTM's forget gate f (its second block of 4). A large value makes the
    cell copy its state forward; a plain RNN has no such gate (ValueError). For the plain cells,
    `recurrent` sets U: 'orthogonal' (`torch.nn.init.orthogonal_`, every singular value 1) or 'identity'
    (U = I and both biases 0: the IRNN of Le, Jaitly and Hinton, 2015, meant for kind='relu').

    >>> cell = make_cell("gru", 2, 3, gate_bias=3.0)
    >>> cell.bias_ih[3:6].min().item() > 2
    True
    >>> make_cell("relu", 2, 3, recurrent="identity").weight_hh.diagonal().tolist()
    [1.0, 1.0, 1.0]
    """
    if kind not in CELL_MODULES:
        raise ValueError(f"kind must be one of {sorted(CELL_MODULES)}, got {kind!r}")
    if kind in ("rnn", "relu") and gate_bias != 0:
        raise ValueError("a plain RNN cell has no gate, so gate_bias must be 0")
    if recurrent not in RECURRENT_INITS:
        raise ValueError(f"recurrent must be one of {RECURRENT_INITS}, got {recurrent!r}")
    if recurrent != "default" and kind not in ("rnn", "relu"):
        raise ValueError(f"recurrent={recurrent!r} is for the plain cells 'rnn' and 'relu', not {kind!r}")
    torch.manual_seed(seed)
    if kind in ("rnn", "relu"):
        cell = nn.RNNCell(
            input_size, hidden_size, nonlinearity="tanh" if kind == "rnn" else "relu", dtype=torch.float64
        )
    else:
        cell = CELL_MODULES[kind](input_size, hidden_size, dtype=torch.float64)
    with torch.no_grad():
        if gate_bias:
            cell.bias_ih[hidden_size : 2 * hidden_size] += gate_bias
        if recurrent == "orthogonal":
            nn.init.orthogonal_(cell.weight_hh)
        elif recurrent == "identity":
            cell.weight_hh.copy_(torch.eye(hidden_size, dtype=torch.float64))
            cell.bias_ih.zero_()
            cell.bias_hh.zero_()
    return cell


def _cell_inputs(cell: nn.RNNCellBase, inputs: torch.Tensor) -> torch.Tensor:
    x = torch.as_tensor(inputs, dtype=cell.weight_hh.dtype)
    if x.ndim != 2 or x.shape[1] != cell.input_size or x.shape[0] < 1:
        raise ValueError(f"inputs must have shape (tau, {cell.input_size}) with tau >= 1, got {tuple(x.shape)}")
    return x


def state_gradient_norms(cell: nn.RNNCellBase, inputs: torch.Tensor) -> NDArray[np.float64]:
    """||d s_tau / d s_t||_2 for every step t, by autograd, ordered by the distance tau - t = 0, 1, ..., tau - 1.

    Taught in chapter 7, "Limitations, measured".

    s is the recurrent state: h for nn.RNNCell and nn.GRUCell, the cell state c for nn.LSTMCell (its
    memory path). inputs has shape (T, D). Each entry is the spectral norm (largest singular value) of the
    H x H Jacobian, built row by row with H backward passes through the unrolled sequence. Backprop
    multiplies a gradient by these Jacobians, so their size is how much of a loss at step T reaches step t.

    >>> cell = make_cell("rnn", 1, 1)
    >>> with torch.no_grad():
    ...     _ = cell.weight_hh.fill_(0.5), cell.weight_ih.zero_(), cell.bias_ih.zero_(), cell.bias_hh.zero_()
    >>> state_gradient_norms(cell, torch.zeros(3, 1, dtype=torch.float64)).tolist()  # tanh'(0) = 1: 0.5 per step
    [1.0, 0.5, 0.25]
    """
    if not isinstance(cell, tuple(CELL_MODULES.values())):
        raise ValueError("cell must be an nn.RNNCell, nn.GRUCell or nn.LSTMCell")
    x = _cell_inputs(cell, inputs)
    H = cell.hidden_size
    is_lstm = isinstance(cell, nn.LSTMCell)
    h = torch.zeros(1, H, dtype=x.dtype)
    c = torch.zeros(1, H, dtype=x.dtype)
    states = []
    for t in range(x.shape[0]):
        # Each step's state is made a leaf-like node we can differentiate with respect to.
        if is_lstm:
            c = c.detach().requires_grad_(True) if t == 0 else c
            h, c = cell(x[t : t + 1], (h, c))
            states.append(c)
        else:
            h = h.detach().requires_grad_(True) if t == 0 else h
            h = cell(x[t : t + 1], h)
            states.append(h)
    rows = []
    for i in range(H):
        direction = torch.zeros(1, H, dtype=x.dtype)
        direction[0, i] = 1.0
        grads = torch.autograd.grad(states[-1], states, grad_outputs=direction, retain_graph=True)
        rows.append(torch.cat(grads))  # (T, H): row i of every Jacobian d s_T / d s_t
    jacobians = torch.stack(rows, dim=1)  # (T, H, H)
    norms: torch.Tensor = torch.linalg.matrix_norm(jacobians, ord=2)  # (T,) spectral norms (torch types it as Any)
    return norms.flip(0).detach().numpy()


def keep_gate_products(cell: nn.RNNCellBase, inputs: torch.Tensor) -> NDArray[np.float64]:
    """The additive path alone: max over units of the product of the keep gates, by distance T - t = 0, 1, ...

    Taught in chapter 7, "Where LSTMs and GRUs fit".

    For an nn.LSTMCell the keep gate is the forget gate f_k (c_k = f_k * c_{k-1} + i_k * g_k); for an
    nn.GRUCell it is the update gate u_k (h_k = (1 - u_k) * n_k + u_k * h_{k-1}; PyTorch calls it z). Along that
    path alone d s_tau / d s_t = diag(prod_{k=t+1}^{tau} gate_k), whose spectral norm is the largest of those
    products; the full Jacobian of `state_gradient_norms` adds every path through h and the gates. Same inputs,
    same zero start as `state_gradient_norms`.

    >>> cell = make_cell("lstm", 1, 2, gate_bias=50.0)  # forget gates saturated at 1
    >>> keep_gate_products(cell, torch.zeros(3, 1, dtype=torch.float64)).round(6).tolist()
    [1.0, 1.0, 1.0]
    """
    if not isinstance(cell, (nn.LSTMCell, nn.GRUCell)):
        raise ValueError("cell must be an nn.LSTMCell or nn.GRUCell (a plain RNN has no keep gate)")
    x = _cell_inputs(cell, inputs)
    H = cell.hidden_size
    is_lstm = isinstance(cell, nn.LSTMCell)
    state = (torch.zeros(1, H, dtype=x.dtype), torch.zeros(1, H, dtype=x.dtype)) if is_lstm else None
    h = torch.zeros(1, H, dtype=x.dtype)
    gates = []
    with torch.no_grad():
        for t in range(x.shape[0]):
            pre_i = x[t : t + 1] @ cell.weight_ih.T + cell.bias_ih
            pre_h = h @ cell.weight_hh.T + cell.bias_hh
            # torch's gate order: LSTM (i, f, g, o), GRU (r, z, n); the keep gate is the second block
            gates.append(torch.sigmoid(pre_i[:, H : 2 * H] + pre_h[:, H : 2 * H])[0])
            if is_lstm:
                state = cell(x[t : t + 1], state)
                h = state[0]
            else:
                h = cell(x[t : t + 1], h)
    kept = torch.stack(gates)  # (T, H): gate_k for k = 1..T
    # distance d: the product of the last d gates (d = 0: the empty product, 1)
    suffix = torch.cumprod(kept.flip(0), dim=0)
    products = torch.cat([torch.ones(1, H, dtype=x.dtype), suffix[:-1]])
    return products.max(dim=1).values.numpy()


def time_forward(
    module: nn.RNNBase,
    lengths: Sequence[int],
    batch_size: int = 1,
    repeats: int = 7,
    seed: int = 0,
    clock: Callable[[], float] = time.thread_time,
) -> NDArray[np.float64]:
    """Seconds one forward pass of a batch_first nn.RNN / nn.GRU / nn.LSTM takes, for each sequence length.

    Taught in chapter 7, "Limitations, measured".

    Robust to a busy machine: the default clock counts the CPU time of this thread only (time spent
    waiting while other programs run is not counted; keep torch on one thread so the work happens in this
    thread), the lengths are timed in turns (`repeats` rounds over all lengths, so a disturbance hits them
    alike) and the fastest round is kept for each length. Pass clock=time.perf_counter for wall time.

    >>> time_forward(nn.RNN(2, 3, batch_first=True), [4, 8], repeats=1).shape
    (2,)
    """
    if not lengths or min(lengths) < 1 or repeats < 1:
        raise ValueError("lengths must be positive integers and repeats >= 1")
    generator = torch.Generator().manual_seed(seed)
    dtype = next(module.parameters()).dtype
    inputs = [torch.randn(batch_size, int(n), module.input_size, generator=generator, dtype=dtype) for n in lengths]
    best = np.full(len(inputs), np.inf)
    with torch.no_grad():
        for x in inputs:
            module(x)  # warm-up
        for _ in range(repeats):
            for i, x in enumerate(inputs):
                start = clock()
                module(x)
                best[i] = min(best[i], clock() - start)
    return best


def linear_fit(x: ArrayLike, y: ArrayLike) -> tuple[float, float, float]:
    """Least-squares line y = slope x + intercept, and R^2 (1 = the points lie on the line).

    Taught in chapter 7, "Limitations, measured".

    >>> [round(v, 6) for v in linear_fit([1, 2, 3], [2, 4, 6])]
    [2.0, 0.0, 1.0]
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if x.shape != y.shape or x.ndim != 1 or x.size < 2:
        raise ValueError(f"x and y must be 1-D with the same length >= 2, got shapes {x.shape} and {y.shape}")
    slope, intercept = np.polyfit(x, y, 1)
    residual = np.sum((y - (slope * x + intercept)) ** 2)
    total = np.sum((y - y.mean()) ** 2)
    r2 = 1.0 - residual / total if total > 0 else 1.0
    return float(slope), float(intercept), float(r2)
