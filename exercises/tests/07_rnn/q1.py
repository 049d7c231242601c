from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=None, hidden=False)
def test_q1_step(rnn_step):
    import numpy as np

    def show(a):
        return np.array2string(np.asarray(a, dtype=float), precision=4, suppress_small=True, separator=', ', max_line_width=10 ** 6).replace('\n', '') if a is not None else 'None'

    def call(where, f, *args, on_error=''):
        assert callable(f), f"{where.split('(')[0]} is not defined: run the cell that defines it, then this check."
        try:
            return f(*args)
        except Exception as error:
            raise AssertionError(f'{where} raised {type(error).__name__}: {error}. {on_error}') from None

    def verdict(where, got, right, variants=(), hint='', atol=1e-06):
        if got is None:
            raise AssertionError(f'{where} returned None: did you forget `return`?')
        try:
            got = np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            raise AssertionError(f'{where} returned {got!r}: expected numbers.') from None
        right = np.asarray(right, dtype=float)
        if got.shape == right.shape and np.allclose(got, right, atol=atol, rtol=1e-06):
            return
        for message, wrong in variants:
            wrong = np.asarray(wrong, dtype=float)
            if got.shape == wrong.shape and np.allclose(got, wrong, atol=atol, rtol=1e-06, equal_nan=True):
                raise AssertionError(f'{where} gave {show(got)}, expected {show(right)}. {message}')
        if got.shape != right.shape:
            raise AssertionError(f'{where} has shape {got.shape}, expected {right.shape}. {hint}')
        if not np.all(np.isfinite(got)):
            raise AssertionError(f'{where} gave {show(got)} (NaN or inf), expected {show(right)}. {hint}')
        raise AssertionError(f'{where} gave {show(got)}, expected {show(right)}. {hint}')

    def quiet(f, *args):
        with np.errstate(all='ignore'):
            return f(*args)
    rng = np.random.default_rng(20)
    W, U, b = (rng.normal(size=(4, 3)), rng.normal(size=(4, 4)), rng.normal(size=4))
    x, h = (rng.normal(size=3), rng.normal(size=4))
    right = np.tanh(W @ x + U @ h + b)
    where = 'rnn_step(x, h, W, U, b)'
    got = call(where, rnn_step, x, h, W, U, b, on_error='W (shape (H, D)) multiplies the input x (D,), U (shape (H, H)) the previous state h (H,): W @ x + U @ h + b.')
    verdict(where, got, right, [('The tanh is missing: h_t = tanh(W x_t + U h_{t-1} + b).', W @ x + U @ h + b), ('That is a sigmoid; the RNN of the chapter uses tanh (np.tanh), which keeps h in (-1, 1) centred on 0.', 1 / (1 + np.exp(-(W @ x + U @ h + b)))), ("The previous hidden state is ignored: add U @ h (that term is the network's memory).", np.tanh(W @ x + b)), ('The bias b is missing.', np.tanh(W @ x + U @ h)), ('The input is ignored: add W @ x.', np.tanh(U @ h + b))], hint='Return np.tanh(W @ x + U @ h + b).')

