"""Chapter 7's explorer: the trained character model's next-character distribution for a typed prompt.

The model's weights travel inside the explorer's state (float32, base64), so the page computes the distribution
and draws samples itself, with no kernel: `export_char_model` packs them when the chapter is executed, and
char_model.js runs the same recurrence h_t = tanh(W x_t + U h_{t-1} + b), z = V h + c. The
functions here compute what the page shows from those same packed weights (`char_readout`), and draw samples with
the page's generator (`mulberry32`), so a test can compare the page with Python character for character.

>>> rng = mulberry32(1); [round(next(rng), 6) for _ in range(3)]
[0.627074, 0.002736, 0.527447]
"""

from __future__ import annotations

import base64
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import traitlets
from numpy.typing import NDArray

from ..activations import softmax
from .kit import READOUTS, Explorer, explorer_module, fixed, general

TOP = 8
"""How many of the most likely next characters the explorer lists."""
SHOWN = {" ": "␣", "\n": "↵", "\t": "⇥"}
"""How the explorer writes characters that would otherwise be invisible."""


def export_char_model(model: Any, vocab: Any) -> dict[str, Any]:
    """Pack a trained `helpers.rnn.CharModel` (a tanh RNN) into the explorer's state: weights, sizes, vocabulary.

    Used by chapter 7's explorer: the trained model, packed into its state.

    The weights W (H x V), U (H x H), b = b_ih + b_hh (H), the head's V (V x H) and c (V) are stored in that
    order as little-endian float32, base64-encoded.

    >>> from helpers.rnn import CharModel, Vocabulary
    >>> packed = export_char_model(CharModel(3, 2), Vocabulary(("a", "b", "c")))
    >>> packed["hidden_size"], packed["vocab"], len(unpack_weights(packed["weights"], 3, 2)[0])
    (2, ['a', 'b', 'c'], 2)
    """
    rnn, head = model.rnn, model.head
    if type(rnn).__name__ != "RNN" or getattr(rnn, "nonlinearity", "tanh") != "tanh" or rnn.num_layers != 1:
        raise ValueError("the explorer runs a one-layer tanh RNN (CharModel(cell='rnn')); got " + type(rnn).__name__)
    parts = [
        rnn.weight_ih_l0,
        rnn.weight_hh_l0,
        rnn.bias_ih_l0 + rnn.bias_hh_l0,
        head.weight,
        head.bias,
    ]
    flat = np.concatenate([p.detach().double().numpy().ravel() for p in parts]).astype("<f4")
    return {
        "weights": base64.b64encode(flat.tobytes()).decode("ascii"),
        "hidden_size": int(rnn.hidden_size),
        "vocab": list(vocab.tokens),
    }


def unpack_weights(weights: str, vocab_size: int, hidden_size: int) -> tuple[NDArray[np.float64], ...]:
    """The packed weights back as float64 arrays (W, U, b, V, c).

    Used by chapter 7's explorer: the model's weights, unpacked.

    >>> W, U, b, V, c = unpack_weights(base64.b64encode(np.arange(21, dtype="<f4").tobytes()).decode(), 3, 2)
    >>> W.tolist(), c.tolist()
    ([[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]], [18.0, 19.0, 20.0])
    """
    flat = np.frombuffer(base64.b64decode(weights), dtype="<f4").astype(np.float64)
    v, h = int(vocab_size), int(hidden_size)
    sizes = [h * v, h * h, h, v * h, v]
    if flat.size != sum(sizes):
        raise ValueError(f"the packed weights hold {flat.size} numbers; V = {v}, H = {h} needs {sum(sizes)}")
    W, U, b, V, c = np.split(flat, np.cumsum(sizes)[:-1])
    return W.reshape(h, v), U.reshape(h, h), b, V.reshape(v, h), c


def mulberry32(seed: int) -> Iterator[float]:
    """The page's random numbers in [0, 1): the small "mulberry32" generator, bit for bit as char_model.js runs it.

    Used by chapter 7's explorer: the random numbers it samples with.

    >>> rng = mulberry32(0); round(next(rng), 6), round(next(rng), 6)
    (0.266429, 0.00033)
    """
    mask = 0xFFFFFFFF
    a = int(seed) & mask
    while True:
        a = (a + 0x6D2B79F5) & mask
        t = ((a ^ (a >> 15)) * (a | 1)) & mask
        t = ((t + (((t ^ (t >> 7)) * (t | 61)) & mask)) & mask) ^ t
        yield ((t ^ (t >> 14)) & mask) / 4294967296


class CharRNN:
    """The packed model, run in numpy from a zero state: `logits(ids)` after reading ids, `step` for one more.

    Taught in chapter 7, "A character-level language model".

    >>> from helpers.rnn import CharModel, Vocabulary, logits_after
    >>> model, vocab = CharModel(3, 4), Vocabulary(("a", "b", "c"))
    >>> net = CharRNN(**export_char_model(model, vocab))
    >>> bool(np.allclose(net.logits(net.encode("abc")[0]), logits_after(model, vocab, "abc"), atol=1e-5))
    True
    """

    def __init__(self, weights: str, hidden_size: int, vocab: Sequence[str]) -> None:
        self.vocab = list(vocab)
        self.index = {token: i for i, token in enumerate(self.vocab)}
        self.W, self.U, self.b, self.V, self.c = unpack_weights(weights, len(self.vocab), hidden_size)

    def encode(self, text: str) -> tuple[list[int], list[str]]:
        """The indices of the characters the model knows, and the unknown characters (skipped), in order."""
        known = [self.index[ch] for ch in text if ch in self.index]
        unknown = list(dict.fromkeys(ch for ch in text if ch not in self.index))
        return known, unknown

    def step(self, h: NDArray[np.float64], token: int) -> NDArray[np.float64]:
        """h_t = tanh(W x_t + U h_{t-1} + b) for the one-hot x_t of `token`."""
        return np.tanh(self.W[:, token] + self.U @ h + self.b)

    def read(self, ids: Sequence[int]) -> NDArray[np.float64]:
        """The hidden state after reading `ids` from a zero state."""
        h = np.zeros(self.U.shape[0])
        for token in ids:
            h = self.step(h, token)
        return h

    def logits(self, ids: Sequence[int]) -> NDArray[np.float64]:
        """The logits for the character after `ids`."""
        return self.V @ self.read(ids) + self.c


def sample_chars(net: CharRNN, ids: Sequence[int], length: int, temperature: float, seed: int) -> str:
    """Continue `ids` by `length` characters drawn from softmax(logits / T) with `mulberry32(seed)`.

    Used by chapter 7's explorer: the text it samples.

    A draw u picks the first character whose cumulative probability exceeds u.

    >>> from helpers.rnn import CharModel, Vocabulary
    >>> net = CharRNN(**export_char_model(CharModel(3, 4), Vocabulary(("a", "b", "c"))))
    >>> sample_chars(net, [0], 5, 1.0, seed=7) == sample_chars(net, [0], 5, 1.0, seed=7)
    True
    """
    if not ids:
        raise ValueError("the prompt needs at least one character the model knows")
    rng = mulberry32(seed)
    h = net.read(ids)
    out = []
    for _ in range(int(length)):
        p = softmax(net.V @ h + net.c, temperature=temperature)
        u, total, choice = next(rng), 0.0, len(p) - 1
        for i, q in enumerate(p):
            total += q
            if u < total:
                choice = i
                break
        out.append(net.vocab[choice])
        h = net.step(h, choice)
    return "".join(out)


def shown(token: str) -> str:
    """A character as the explorer writes it (a space as ␣, a line break as ↵).

    Used by chapter 7's explorer: the characters it lists.

    >>> shown(" "), shown("a")
    ('␣', 'a')
    """
    return SHOWN.get(token, token)


def char_readout(
    weights: str,
    hidden_size: int,
    vocab: Sequence[str],
    prompt: str,
    temperature: float,
    seed: int,
    length: int,
) -> dict[str, str]:
    """Everything the explorer shows: the top characters after the prompt with their probabilities at temperature T,
    a seeded sample, the characters of the prompt the model does not know.

    Used by chapter 7's explorer: every number it shows.

    >>> from helpers.rnn import CharModel, Vocabulary
    >>> packed = export_char_model(CharModel(3, 4), Vocabulary(("a", "b", "c")))
    >>> r = char_readout(**packed, prompt="abz", temperature=1.0, seed=1, length=4)
    >>> r["unknown"], len(r["sample"]), sorted(r)[:3]
    ('z', 4, ['T', 'message', 'sample'])
    """
    if not (np.isfinite(temperature) and temperature > 0):
        raise ValueError(f"temperature must be a finite number > 0, got {temperature!r}")
    if int(length) != length or length < 0:
        raise ValueError(f"length must be a whole number >= 0, got {length!r}")
    net = CharRNN(weights, hidden_size, vocab)
    ids, unknown = net.encode(prompt)
    out = {"T": general(temperature, 3), "unknown": "".join(unknown)}
    if not ids:
        return out | {"message": "Type at least one character the model knows.", "sample": ""}
    p = softmax(net.logits(ids), temperature=temperature)
    order = sorted(range(len(p)), key=lambda i: -p[i])[:TOP]  # stable: equal probabilities keep vocabulary order
    for rank, i in enumerate(order):
        out |= {f"top{rank}_char": shown(net.vocab[i]), f"top{rank}_p": fixed(p[i], 4)}
    return out | {"message": "", "sample": sample_chars(net, ids, length, temperature, seed)}


class CharModelExplorer(Explorer):
    """Type a prompt, move the temperature: the model's next-character distribution and a seeded sample, in the page.

    Taught in chapter 7, "A character-level language model".

    >>> from helpers.rnn import CharModel, Vocabulary
    >>> explorer = CharModelExplorer(CharModel(3, 4), Vocabulary(("a", "b", "c")), prompt="ab")
    >>> explorer.temperature = 0.5; explorer.readout()["T"]
    '0.5'
    """

    name, title = "char_model", "Character model explorer"
    state_keys = ("weights", "hidden_size", "vocab", "prompt", "temperature", "seed", "length")
    _esm = explorer_module("char_model")
    weights = traitlets.Unicode().tag(sync=True)
    hidden_size = traitlets.Int().tag(sync=True)
    vocab = traitlets.List(traitlets.Unicode()).tag(sync=True)
    prompt = traitlets.Unicode().tag(sync=True)
    temperature = traitlets.Float(1.0).tag(sync=True)
    seed = traitlets.Int(0).tag(sync=True)
    length = traitlets.Int(80).tag(sync=True)

    def __init__(
        self,
        model: Any,
        vocab: Any,
        prompt: str = "Alice was ",
        temperature: float = 1.0,
        seed: int = 0,
        length: int = 80,
    ) -> None:
        packed = export_char_model(model, vocab)
        super().__init__(**packed, prompt=prompt, temperature=float(temperature), seed=int(seed), length=int(length))


READOUTS["char_model"] = char_readout
