"""Tests for helpers.rnn: the numpy recurrence against torch, tokenisers, padding, training, sampling, limits."""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_sequence

import helpers
from helpers import rnn as R

torch.set_num_threads(1)


# ---------------------------------------------------------------------------- the recurrence vs torch


@settings(max_examples=30, deadline=None)
@given(
    steps=st.integers(1, 12),
    input_size=st.integers(1, 6),
    hidden_size=st.integers(1, 6),
    seed=st.integers(0, 10_000),
    nonlinearity=st.sampled_from(["tanh", "relu"]),
    with_h0=st.booleans(),
)
def test_rnn_forward_equals_torch_rnn(steps, input_size, hidden_size, seed, nonlinearity, with_h0):
    rng = np.random.default_rng(seed)
    W, U, b = R.random_rnn_weights(input_size, hidden_size, seed=seed)
    x = rng.normal(size=(steps, input_size))
    h0 = rng.normal(size=hidden_size) if with_h0 else None
    activation = np.tanh if nonlinearity == "tanh" else (lambda z: np.maximum(z, 0.0))
    ours = R.rnn_forward(x, W, U, b, h0=h0, activation=activation)
    rnn = R.torch_rnn_from_numpy(W, U, b, nonlinearity=nonlinearity)
    torch_h0 = None if h0 is None else torch.from_numpy(h0)[None, None]
    with torch.no_grad():
        out, h_n = rnn(torch.from_numpy(x)[None], torch_h0)
    assert ours.shape == (steps, hidden_size)
    np.testing.assert_allclose(out[0].numpy(), ours, rtol=0, atol=1e-12)
    np.testing.assert_allclose(h_n[0, 0].numpy(), ours[-1], rtol=0, atol=1e-12)


def test_rnn_forward_worked_example_by_hand():
    states = R.rnn_forward(np.eye(2), np.eye(2), 0.5 * np.eye(2), np.zeros(2))
    expected = [[np.tanh(1.0), 0.0], [np.tanh(0.5 * np.tanh(1.0)), np.tanh(1.0)]]
    np.testing.assert_allclose(states, expected, rtol=1e-15)


def test_copy_weights_into_an_existing_float32_rnn():
    W, U, b = R.random_rnn_weights(3, 2, seed=1)
    rnn = R.copy_weights_to_torch_rnn(nn.RNN(3, 2), W, U, b)
    x = np.random.default_rng(1).normal(size=(5, 3))
    with torch.no_grad():
        out, _ = rnn(torch.tensor(x, dtype=torch.float32)[:, None])  # batch_first=False: (T, batch, D)
    np.testing.assert_allclose(out[:, 0].numpy(), R.rnn_forward(x, W, U, b), atol=1e-6)
    assert torch.all(rnn.bias_hh_l0 == 0)


def test_order_matters_but_a_sum_does_not():
    W, U, b = R.random_rnn_weights(3, 4, seed=0)
    x = np.eye(3)
    forward, backward = R.rnn_forward(x, W, U, b)[-1], R.rnn_forward(x[::-1], W, U, b)[-1]
    assert np.abs(forward - backward).max() > 1e-2
    assert np.array_equal(x.sum(axis=0), x[::-1].sum(axis=0))


def test_step_counter_counts_one_call_per_step():
    counter = R.StepCounter()
    R.rnn_forward(np.zeros((37, 2)), np.ones((3, 2)), np.eye(3), np.zeros(3), activation=counter)
    assert counter.calls == 37


# ---------------------------------------------------------------------------- tokenisers, vocabulary


def test_the_sources_step_counts_and_the_tokenisation_behind_them():
    assert R.char_tokens("Hi") == ["H", "i"]  # "Hi" -> 2 steps: characters
    assert R.word_tokens("What's up man?") == ["What's", "up", "man", "?"]  # 4 steps: words and punctuation
    assert len(R.char_tokens("What's up man?")) == 14
    assert len(R.word_tokens("Hi")) == 1
    assert R.word_tokens("What\u2019s up man?") == ["What\u2019s", "up", "man", "?"]  # the source's curly apostrophe


def test_word_tokens_split_punctuation_and_keep_contractions():
    assert R.word_tokens("'Oh dear! Oh dear!' I shan't...") == [
        "'",
        "Oh",
        "dear",
        "!",
        "Oh",
        "dear",
        "!",
        "'",
        "I",
        "shan't",
        ".",
        ".",
        ".",
    ]


def test_same_weights_handle_every_length():
    vocab = R.Vocabulary.from_tokens("Hi What's up man?")
    W, U, b = R.random_rnn_weights(len(vocab), 3, seed=0)
    for text in ["Hi", "What's up man?", "H"]:
        assert R.rnn_forward(vocab.one_hot(R.char_tokens(text)), W, U, b).shape == (len(text), 3)


def test_vocabulary_round_trip_and_errors():
    vocab = R.Vocabulary.from_tokens("hello")
    assert vocab.tokens == ("e", "h", "l", "o")
    assert vocab.decode(vocab.encode("hello")) == "hello"
    assert vocab.one_hot("lo").tolist() == [[0, 0, 1, 0], [0, 0, 0, 1]]
    with pytest.raises(ValueError, match=r"tokens not in the vocabulary: \['x', 'z'\]"):
        vocab.encode("xhz")
    with pytest.raises(ValueError, match="index 4 is out of range for a vocabulary of 4 tokens"):
        vocab.decode([4])
    with pytest.raises(ValueError, match="unique"):
        R.Vocabulary(("a", "a"))
    with pytest.raises(ValueError, match="at least one token"):
        R.Vocabulary(())
    with pytest.raises(ValueError, match="text must be a str, got list"):
        R.char_tokens(["a"])
    with pytest.raises(ValueError, match="text must be a str, got int"):
        R.word_tokens(3)


# ---------------------------------------------------------------------------- padding and packing


@settings(max_examples=15, deadline=None)
@given(lengths=st.lists(st.integers(1, 9), min_size=1, max_size=5), seed=st.integers(0, 1000))
def test_packing_makes_padding_invisible(lengths, seed):
    W, U, b = R.random_rnn_weights(4, 3, seed=seed)
    rnn = R.torch_rnn_from_numpy(W, U, b)
    generator = torch.Generator().manual_seed(seed)
    sequences = [torch.randn(n, 4, generator=generator, dtype=torch.float64) for n in lengths]
    packed = pack_padded_sequence(
        pad_sequence(sequences, batch_first=True), torch.tensor(lengths), batch_first=True, enforce_sorted=False
    )
    with torch.no_grad():
        _, h_packed = rnn(packed)
    for i, seq in enumerate(sequences):
        np.testing.assert_allclose(h_packed[0, i].numpy(), R.rnn_forward(seq.numpy(), W, U, b)[-1], atol=1e-12)


def test_padding_without_packing_changes_the_short_sequences_state():
    W, U, b = R.random_rnn_weights(2, 3, seed=0)
    rnn = R.torch_rnn_from_numpy(W, U, b)
    short, long = torch.ones(2, 2, dtype=torch.float64), torch.ones(6, 2, dtype=torch.float64)
    with torch.no_grad():
        _, h = rnn(pad_sequence([short, long], batch_first=True))
    assert np.abs(h[0, 0].numpy() - R.rnn_forward(short.numpy(), W, U, b)[-1]).max() > 1e-3


# ---------------------------------------------------------------------------- error messages


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"inputs": np.ones(3)}, r"inputs must be a matrix \(2-D\), got shape \(3,\)"),
        ({"inputs": np.ones((0, 2))}, "inputs has 0 time steps"),
        ({"inputs": [[np.nan, 0.0]]}, "inputs contains NaN or inf"),
        ({"W": np.ones((3, 3))}, r"W has shape \(3, 3\); expected \(H, D\) = \(3, 2\)"),
        ({"U": np.ones((3, 2))}, r"U must be square \(H, H\), got shape \(3, 2\)"),
        ({"b": np.ones(2)}, r"b has shape \(2,\); expected \(3,\), one bias per hidden unit"),
        ({"b": np.ones((3, 1))}, r"b must be a vector \(1-D\)"),
        ({"h0": np.ones(4)}, r"h0 has shape \(4,\); expected \(3,\), one value per hidden unit"),
    ],
)
def test_rnn_forward_errors(kwargs, message):
    arguments = {"inputs": np.ones((4, 2)), "W": np.ones((3, 2)), "U": np.eye(3), "b": np.zeros(3)} | kwargs
    with pytest.raises(ValueError, match=message):
        R.rnn_forward(**arguments)


def test_torch_weight_copy_errors():
    W, U, b = R.random_rnn_weights(2, 3)
    with pytest.raises(ValueError, match=r"W has shape \(3, 2\); this nn.RNN needs \(4, 2\)"):
        R.copy_weights_to_torch_rnn(nn.RNN(2, 4), W, U, b)
    with pytest.raises(ValueError, match="one-layer, one-directional torch.nn.RNN"):
        R.copy_weights_to_torch_rnn(nn.RNN(2, 3, num_layers=2), W, U, b)
    with pytest.raises(ValueError, match="one-layer, one-directional torch.nn.RNN"):
        R.copy_weights_to_torch_rnn(nn.GRU(2, 3), W, U, b)
    with pytest.raises(ValueError, match="bias=False"):
        R.copy_weights_to_torch_rnn(nn.RNN(2, 3, bias=False), W, U, b)
    with pytest.raises(ValueError, match="nonlinearity must be 'tanh' or 'relu'"):
        R.torch_rnn_from_numpy(W, U, b, nonlinearity="sigmoid")
    with pytest.raises(ValueError, match="sizes must be positive integers"):
        R.random_rnn_weights(0, 3)


def test_model_and_training_errors():
    with pytest.raises(ValueError, match=r"cell must be one of \['gru', 'lstm', 'rnn'\], got 'transformer'"):
        R.CharModel(5, 3, cell="transformer")
    with pytest.raises(ValueError, match="vocab_size must be an integer >= 2"):
        R.CharModel(1, 3)
    with pytest.raises(ValueError, match="too short for batch_size=16"):
        R.train_char_model("abc")
    with pytest.raises(ValueError, match="epochs must be a whole number >= 1"):
        R.train_char_model("ab" * 40, epochs=0)
    with pytest.raises(ValueError, match="too few for 8 streams"):
        R.stream_batches([0, 1, 2], batch_size=8, seq_len=4)
    with pytest.raises(ValueError, match="mean cross-entropy must be a finite number >= 0"):
        R.perplexity(-1.0)
    with pytest.raises(ValueError, match="no text file 'missing.txt'"):
        R.load_text("missing.txt")
    model, vocab = R.CharModel(2, 3), R.Vocabulary(("a", "b"))
    with pytest.raises(ValueError, match="temperature must be a finite number >= 0"):
        R.sample_text(model, vocab, "a", 3, temperature=-1.0)
    with pytest.raises(ValueError, match="prompt must contain at least one character"):
        R.sample_text(model, vocab, "", 3)
    with pytest.raises(ValueError, match="text needs at least two characters"):
        R.next_token_logits(model, vocab, "a")


def test_limitation_helper_errors():
    with pytest.raises(ValueError, match="a plain RNN cell has no gate"):
        R.make_cell("rnn", 2, 2, gate_bias=1.0)
    with pytest.raises(ValueError, match=r"kind must be one of \['gru', 'lstm', 'relu', 'rnn'\]"):
        R.make_cell("elman", 2, 2)
    with pytest.raises(ValueError, match="recurrent must be one of"):
        R.make_cell("rnn", 2, 2, recurrent="random")
    with pytest.raises(ValueError, match="recurrent='identity' is for the plain cells"):
        R.make_cell("lstm", 2, 2, recurrent="identity")
    with pytest.raises(ValueError, match="cell must be an nn.LSTMCell or nn.GRUCell"):
        R.keep_gate_products(R.make_cell("rnn", 2, 2), torch.zeros(5, 2))
    with pytest.raises(ValueError, match=r"inputs must have shape \(tau, 2\) with tau >= 1, got \(0, 2\)"):
        R.keep_gate_products(R.make_cell("gru", 2, 2), torch.zeros(0, 2))
    with pytest.raises(ValueError, match="clip must be a positive finite number"):
        R.train_char_model("ab" * 40, clip=0.0)
    with pytest.raises(ValueError, match=r"inputs must have shape \(tau, 2\) with tau >= 1, got \(5, 3\)"):
        R.state_gradient_norms(R.make_cell("gru", 2, 2), torch.zeros(5, 3))
    with pytest.raises(ValueError, match="cell must be an nn.RNNCell, nn.GRUCell or nn.LSTMCell"):
        R.state_gradient_norms(nn.Linear(2, 2), torch.zeros(5, 2))
    with pytest.raises(ValueError, match="x and y must be 1-D with the same length >= 2"):
        R.linear_fit([1.0], [2.0])


# ---------------------------------------------------------------------------- the language model


ALICE_SHA256 = "99e53cbb0aeb274344a254733db996ca2d05d5fcd10fc0ca02d6966f2b2bc961"


def test_shipped_text_is_the_documented_file_found_next_to_the_module():
    text = R.load_text()
    assert R.DATA_DIR == Path(R.__file__).resolve().parent / "data"
    raw = (R.DATA_DIR / R.ALICE_FILE).read_bytes()
    assert hashlib.sha256(raw).hexdigest() == ALICE_SHA256
    assert text.split()[:4] == ["ALICE'S", "ADVENTURES", "IN", "WONDERLAND"] and text.split()[-2:] == ["THE", "END"]
    assert "Alice was beginning to get very tired of sitting by her sister" in text
    assert len(text) == 148_480 and len(set(text)) == 72 and text.isascii() and "\r" not in text
    assert text.count("CHAPTER ") == 12
    readme = (R.DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert R.ALICE_FILE in readme and ALICE_SHA256 in readme and "public domain" in readme


def test_split_text_cuts_at_line_ends_into_consecutive_parts():
    text = R.load_text()
    train, validation, test = R.split_text(text)
    assert train + validation + test == text
    assert train.endswith("\n") and validation.endswith("\n")
    assert (len(train), len(validation), len(test)) == (118_819, 14_827, 14_834)
    for part, share in zip((train, validation, test), (0.8, 0.1, 0.1)):
        assert abs(len(part) / len(text) - share) < 0.001
    assert R.split_text("ab\ncd\nef", (0.5, 0.5)) == ("ab\ncd\n", "ef")  # 4 of 8: a cut inside a line moves on


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: R.split_text("ab\ncd\n", (0.5, 0.6)), "fractions must be two or more positive numbers"),
        (lambda: R.split_text("ab\ncd\n", (1.0,)), "fractions must be two or more positive numbers"),
        (lambda: R.split_text("abcdef", (0.5, 0.5)), "a part would be empty"),
        (lambda: R.split_text(b"ab\n", (0.5, 0.5)), "text must be a str"),
    ],
)
def test_split_text_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_per_step_loss_is_softmax_cross_entropy_of_the_logits():
    torch.manual_seed(0)
    vocab = R.Vocabulary.from_tokens("the cat sat")
    model = R.CharModel(len(vocab), 5)
    z, targets = R.next_token_logits(model, vocab, "the cat sat")
    assert z.shape == (10, len(vocab)) and targets.tolist() == vocab.encode("he cat sat")
    by_hand = -np.log(helpers.softmax(z)[np.arange(10), targets])
    ours = helpers.cross_entropy_from_logits(z, targets, reduction="none")
    torchs = F.cross_entropy(torch.from_numpy(z), torch.from_numpy(targets), reduction="none").numpy()
    np.testing.assert_allclose(ours, by_hand, rtol=1e-12)
    np.testing.assert_allclose(ours, torchs, rtol=1e-12)
    assert R.mean_cross_entropy(model, vocab.encode("the cat sat")) == pytest.approx(ours.mean(), rel=1e-12)
    np.testing.assert_allclose(R.logits_after(model, vocab, "the cat sa"), z[-1], rtol=1e-12)


def test_stream_batches_targets_are_the_next_tokens():
    ids = list(range(50))
    for inputs, targets in R.stream_batches(ids, batch_size=3, seq_len=4):
        assert torch.equal(targets, inputs + 1)
    chunks = R.stream_batches(ids, batch_size=3, seq_len=4)
    joined = torch.cat([x for x, _ in chunks], dim=1)
    assert joined.tolist() == [list(range(0, 16)), list(range(16, 32)), list(range(32, 48))]


def _short_run(seed: int, cell: str = "rnn") -> R.TrainingResult:
    text = R.load_text()[1000:1600]
    return R.train_char_model(
        text[:500],
        hidden_size=16,
        seq_len=16,
        batch_size=4,
        epochs=3,
        seed=seed,
        vocab=R.Vocabulary.from_tokens(text),
        eval_text=text[500:],
        cell=cell,
    )


def test_training_is_deterministic_and_learns():
    deterministic = torch.are_deterministic_algorithms_enabled()
    torch.use_deterministic_algorithms(True)
    try:
        first, second, other = _short_run(0), _short_run(0), _short_run(1)
    finally:
        torch.use_deterministic_algorithms(deterministic)
    assert first.losses == second.losses  # bit-identical
    assert first.eval_losses == second.eval_losses
    assert first.losses != other.losses
    assert len(first.losses) == 3 * first.updates_per_epoch
    assert first.losses[-1] < first.losses[0] - 0.5
    assert first.best_epoch == 1 + int(np.argmin(first.eval_losses))
    for a, b in zip(first.model.parameters(), second.model.parameters()):
        assert torch.equal(a, b)
    vocab = first.vocab
    assert R.sample_text(first.model, vocab, "Alice", 60, 1.0, seed=3) == R.sample_text(
        second.model, vocab, "Alice", 60, 1.0, seed=3
    )


def test_early_stopping_keeps_the_best_epoch():
    result = _short_run(0)
    vocab = result.vocab
    heldout = R.load_text()[1500:1600]
    assert R.mean_cross_entropy(result.model, vocab.encode(heldout)) == min(result.eval_losses)


@pytest.mark.parametrize("cell", ["gru", "lstm"])
def test_gated_char_models_train(cell):
    result = _short_run(0, cell)
    assert result.losses[-1] < result.losses[0]
    assert isinstance(result.model.rnn, R.CELLS[cell])


def test_sampling_temperature():
    torch.manual_seed(0)
    vocab = R.Vocabulary.from_tokens("abcd")
    model = R.CharModel(4, 6)
    greedy = R.sample_text(model, vocab, "a", 10, temperature=0)
    # temperature 0 is argmax at every step, whatever the seed
    assert greedy == R.sample_text(model, vocab, "a", 10, temperature=0, seed=99)
    text = "a"
    for _ in range(10):
        text += vocab.tokens[int(np.argmax(R.logits_after(model, vocab, text)))]
    assert text == greedy
    assert R.sample_text(model, vocab, "ab", 0) == "ab"
    # a tiny temperature samples the argmax too; the same seed gives the same text, another seed may not
    assert R.sample_text(model, vocab, "a", 10, temperature=1e-3, seed=5) == greedy
    samples = {R.sample_text(model, vocab, "a", 30, temperature=2.0, seed=s) for s in range(5)}
    assert len(samples) > 1


def test_perplexity_and_baselines():
    assert R.perplexity(math.log(61)) == pytest.approx(61)
    assert R.perplexity(0.0) == 1.0
    vocab = R.Vocabulary(("a", "b"))
    # counts a: 2 + 1, b: 1 + 1 over 5 -> p(b) = 0.4
    assert R.unigram_cross_entropy("aab", "ab", vocab) == pytest.approx(-math.log(0.4))
    # an untrained model is close to the uniform guess ln V
    torch.manual_seed(0)
    text = R.load_text()
    vocab = R.Vocabulary.from_tokens(text)
    model = R.CharModel(len(vocab), 64)
    assert abs(R.mean_cross_entropy(model, vocab.encode(text[:500])) - math.log(len(vocab))) < 0.1


# ---------------------------------------------------------------------------- limitations


def test_state_gradient_norms_of_a_scalar_rnn_are_powers():
    cell = R.make_cell("rnn", 1, 1)
    with torch.no_grad():
        cell.weight_hh.fill_(0.8)
        cell.weight_ih.zero_()
        cell.bias_ih.zero_()
        cell.bias_hh.zero_()
    norms = R.state_gradient_norms(cell, torch.zeros(6, 1, dtype=torch.float64))
    np.testing.assert_allclose(norms, 0.8 ** np.arange(6), rtol=1e-12)


@pytest.mark.parametrize("kind", ["rnn", "gru"])
def test_state_gradient_norms_match_a_full_jacobian(kind):
    cell = R.make_cell(kind, 3, 4, seed=2)
    x = torch.randn(7, 3, generator=torch.Generator().manual_seed(2), dtype=torch.float64)

    def final_state(h_t, start):
        h = h_t[None]
        for t in range(start, 7):
            h = cell(x[t : t + 1], h)
        return h[0]

    h = torch.zeros(1, 4, dtype=torch.float64)
    states = []
    with torch.no_grad():
        for t in range(7):
            h = cell(x[t : t + 1], h)
            states.append(h[0].clone())
    norms = R.state_gradient_norms(cell, x)
    for distance in [0, 1, 3, 6]:
        t = 6 - distance
        jacobian = torch.autograd.functional.jacobian(lambda s, start=t + 1: final_state(s, start), states[t])
        assert norms[distance] == pytest.approx(torch.linalg.matrix_norm(jacobian, ord=2).item(), rel=1e-10)


def test_gradients_vanish_for_tanh_rnn_and_survive_a_kept_gate():
    x = torch.randn(60, 16, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    plain = R.state_gradient_norms(R.make_cell("rnn", 16, 16), x)
    kept = R.state_gradient_norms(R.make_cell("gru", 16, 16, gate_bias=4.0), x)
    lstm = R.state_gradient_norms(R.make_cell("lstm", 16, 16, gate_bias=4.0), x)
    assert plain[59] < 1e-12 < 1e-2 < kept[59]
    assert lstm[59] > 0.3
    assert plain[0] == kept[0] == pytest.approx(1.0)


@pytest.mark.parametrize("kind", ["gru", "lstm"])
def test_gate_bias_opens_the_keep_gate(kind):
    cell = R.make_cell(kind, 3, 4, seed=0, gate_bias=6.0)
    x = torch.randn(1, 3, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    h = torch.randn(1, 4, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    c = torch.randn(1, 4, generator=torch.Generator().manual_seed(2), dtype=torch.float64)
    with torch.no_grad():
        pre = x @ cell.weight_ih.T + cell.bias_ih + h @ cell.weight_hh.T + cell.bias_hh
        if kind == "gru":  # blocks (r, z, n); z near 1: h_t = (1 - z) n + z h_{t-1} is almost h_{t-1}
            z = torch.sigmoid(pre.chunk(3, dim=1)[1])
            assert torch.all(z > 0.99)
            assert (cell(x, h) - h).abs().max() < 0.02
        else:  # blocks (i, f, g, o); f near 1: c_t = f c_{t-1} + i g keeps all of c_{t-1}
            i, f, g, _ = pre.chunk(4, dim=1)
            assert torch.all(torch.sigmoid(f) > 0.99)
            _, c_next = cell(x, (h, c))
            expected = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            assert torch.allclose(c_next, expected, rtol=0, atol=1e-12)


def test_time_forward_and_linear_fit():
    seconds = R.time_forward(nn.RNN(4, 4, batch_first=True), [10, 20, 40], repeats=2)
    assert seconds.shape == (3,) and np.all(seconds > 0)
    slope, intercept, r2 = R.linear_fit([0, 1, 2, 3], [1, 3, 5, 7.5])
    assert slope == pytest.approx(2.15) and r2 > 0.99
    with pytest.raises(ValueError, match="lengths must be positive integers"):
        R.time_forward(nn.RNN(4, 4, batch_first=True), [0, 10])


@pytest.mark.parametrize("kind", ["lstm", "gru"])
def test_keep_gate_products_are_the_jacobian_of_the_additive_path_alone(kind):
    """Cut every path through h (detach it): what is left of d s_T / d s_t is diag(prod of the keep gates)."""
    H, T = 4, 9
    cell = R.make_cell(kind, 3, H, seed=1, gate_bias=1.5)
    x = torch.randn(T, 3, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    reference, state = [], None
    with torch.no_grad():  # torch's own cell: the states the detached copy below must reproduce
        for t in range(T):
            state = cell(x[t : t + 1], state)
            reference.append(state[1] if kind == "lstm" else state)
    w_ih, w_hh, b_ih, b_hh = cell.weight_ih, cell.weight_hh, cell.bias_ih, cell.bias_hh
    h = s = torch.zeros(1, H, dtype=torch.float64)
    states = []
    for t in range(T):
        gi, gh = x[t : t + 1] @ w_ih.T + b_ih, h.detach() @ w_hh.T + b_hh  # no gradient through h
        if kind == "lstm":
            i, f, g, o = (gi + gh).chunk(4, dim=1)
            s = torch.sigmoid(f) * s + torch.sigmoid(i) * torch.tanh(g)
            h = torch.sigmoid(o) * torch.tanh(s)
        else:
            r = torch.sigmoid(gi[:, :H] + gh[:, :H])
            z = torch.sigmoid(gi[:, H : 2 * H] + gh[:, H : 2 * H])
            n = torch.tanh(gi[:, 2 * H :] + r * gh[:, 2 * H :])
            s = h = (1 - z) * n + z * s
        s = s if t else s.detach().requires_grad_(True) * 1.0
        torch.testing.assert_close(s.detach(), reference[t], rtol=0, atol=1e-12)
        states.append(s)
    products = R.keep_gate_products(cell, x)
    for distance in [1, 4, 8]:
        t = T - 1 - distance
        rows = [torch.autograd.grad(states[-1][0, k], states[t], retain_graph=True)[0][0] for k in range(H)]
        jacobian = torch.stack(rows)
        assert torch.allclose(jacobian, torch.diag(jacobian.diagonal()), atol=1e-14)  # diagonal: unit by unit
        assert products[distance] == pytest.approx(jacobian.diagonal().max().item(), rel=1e-12)
    assert products[0] == 1.0 and np.all(np.diff(products) <= 0)


def test_keep_gate_products_follow_the_gate_bias():
    x = torch.randn(50, 8, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    loose = R.keep_gate_products(R.make_cell("lstm", 8, 8, gate_bias=0.0), x)
    tight = R.keep_gate_products(R.make_cell("lstm", 8, 8, gate_bias=6.0), x)
    assert loose[49] < 1e-8 < 0.5 < tight[49] < 1.0


def test_identity_relu_rnn_keeps_the_gradient_at_one_and_orthogonal_u_has_unit_singular_values():
    x = torch.randn(40, 8, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    irnn = R.make_cell("relu", 8, 8, recurrent="identity")
    assert torch.equal(irnn.weight_hh, torch.eye(8, dtype=torch.float64)) and not irnn.bias_ih.any()
    norms = R.state_gradient_norms(irnn, x)
    np.testing.assert_allclose(norms, 1.0, rtol=1e-12)  # every active unit passes its gradient unchanged
    orthogonal = R.make_cell("rnn", 8, 8, recurrent="orthogonal")
    np.testing.assert_allclose(torch.linalg.svdvals(orthogonal.weight_hh).detach().numpy(), 1.0, rtol=1e-12)
    default = R.state_gradient_norms(R.make_cell("rnn", 8, 8), x)
    assert default[39] < R.state_gradient_norms(orthogonal, x)[39] < 1.0


def test_training_records_the_gradient_norm_before_clipping():
    torch.manual_seed(0)
    result = R.train_char_model("abcabcabdabc" * 6, hidden_size=8, seq_len=6, batch_size=2, epochs=2, clip=0.5)
    assert len(result.grad_norms) == len(result.losses) and all(g > 0 for g in result.grad_norms)
    # replay the first update by hand: the recorded norm is the gradient's norm before clipping
    vocab = result.vocab
    torch.manual_seed(0)
    model = R.CharModel(len(vocab), 8)
    inputs, targets = R.stream_batches(vocab.encode("abcabcabdabc" * 6), 2, 6)[0]
    logits, _ = model(inputs)
    F.cross_entropy(logits.reshape(-1, len(vocab)), targets.reshape(-1)).backward()
    norm = torch.sqrt(sum((p.grad**2).sum() for p in model.parameters())).item()
    assert result.grad_norms[0] == pytest.approx(norm, rel=1e-12)
