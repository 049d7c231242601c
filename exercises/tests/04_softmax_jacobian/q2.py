from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 4

@test_case(points=None, hidden=False)
def test_q2_ce_grad(ce_grad):
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
    z = np.array([1.0, 3.0, 2.0])
    p = np.exp(z - z.max())
    p = p / p.sum()
    y = np.eye(3)[1]
    where = 'ce_grad([1.0, 3.0, 2.0], 1)'
    verdict(where, call(where, ce_grad, z.copy(), 1), p - y, [('The sign is flipped: the gradient is p - y (it points UP the loss; gradient descent subtracts it).', y - p), ('Off by one: the one-hot vector has its 1 at index label + 1. Classes count from 0: np.eye(C)[label].', p - np.eye(3)[2]), ('Off by one: the one-hot vector has its 1 at index label - 1. Classes count from 0: np.eye(C)[label].', p - np.eye(3)[0]), ('You used the logits where the formula needs the probabilities: dL/dz = softmax(z) - y.', z - y), ('That is dL/dp (only the true class, -1/p_y), not dL/dz: go through the Jacobian, which gives p - y.', -y / p[1])], hint='Return softmax(z) - np.eye(len(z))[label].')

