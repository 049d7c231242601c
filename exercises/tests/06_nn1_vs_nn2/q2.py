from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_q2_mse(mse):
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
    p = np.array([[0.9, 0.1], [0.1, 0.9], [0.4, 0.6]])
    y = np.array([0, 1, 0])
    onehot = np.eye(2)[y]
    sq = (p - onehot) ** 2
    where = "mse(the CNN softmax and cross-entropy tutorial's NN1, labels [0, 1, 0])"
    verdict(where, call(where, mse, p.copy(), y.copy(), on_error='Build the one-hot labels with np.eye(C)[labels].'), sq.sum(1).mean(), [('That is the mean over every entry (it also divides by the number of classes): SUM over the classes, then MEAN over the examples.', sq.mean()), ('That is the SUM over the examples: take the MEAN over the examples (the CNN softmax and cross-entropy tutorial reports 0.25 for NN1).', sq.sum()), ("That counts only the true class's (1 - p_y)^2: sum the squared errors over ALL classes against the one-hot label.", ((1 - p[np.arange(3), y]) ** 2).mean()), ('You did not square the differences (or took absolute values): square them.', np.abs(p - onehot).sum(1).mean()), ('Off by one: your one-hot vectors mark class label + 1; classes count from 0.', ((p - np.eye(2)[(y + 1) % 2]) ** 2).sum(1).mean())], hint='np.mean(np.sum((probs - np.eye(C)[labels]) ** 2, axis=-1)).')

