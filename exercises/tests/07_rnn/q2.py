from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_q2_forward(rnn_forward, rnn_step):
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
    rng = np.random.default_rng(22)
    W, U, b = (rng.normal(size=(4, 3)), rng.normal(size=(4, 4)), rng.normal(size=4) * 0.1)
    xs, h0 = (rng.normal(size=(5, 3)), np.zeros(4))
    correct_step = lambda x, h: np.tanh(W @ x + U @ h + b)

    def run(xs, h0, step, carry=True):
        h, out = (h0, [])
        for x in xs:
            new = np.asarray(step(x, h), dtype=float)
            out.append(new)
            h = new if carry else h0
        return np.array(out)
    where = 'rnn_forward(5 steps of 3 inputs, h0 = zeros(4), W, U, b)'
    got = call(where, rnn_forward, xs, h0, W, U, b)
    steps = [correct_step]
    if callable(rnn_step):
        try:
            mine = lambda x, h: rnn_step(x, h, W, U, b)
            run(xs[:1], h0, mine)
            steps.insert(0, mine)
        except Exception:
            pass
    for step in steps:
        right = run(xs, h0, step)
        if got is not None and np.shape(got) == right.shape and np.allclose(got, right, atol=1e-06):
            return
    for step in steps:
        right = run(xs, h0, step)
        variants = [('Every step started again from h0: feed each new state into the next step (h = rnn_step(x, h, ...)).', run(xs, h0, step, carry=False)), ('Off by one: you returned h0 as well (6 states for 5 steps). Return only h_1..h_T.', np.vstack([h0, right])), ('Off by one: the last step is missing. Loop over every row of xs.', right[:-1]), ('Off by one: you returned h0 and dropped the last state. Return h_1..h_T.', np.vstack([h0, right[:-1]])), ('The order is reversed: step t must process xs[t], from the first row to the last.', run(xs[::-1], h0, step))]
        for message, wrong in variants:
            if got is not None and np.shape(got) == wrong.shape and np.allclose(got, wrong, atol=1e-06):
                verdict(where, got, right, [(message, wrong)])
    verdict(where, got, run(xs, h0, correct_step), hint='h = h0; for x in xs: h = rnn_step(x, h, W, U, b); keep every h.')

