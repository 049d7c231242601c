from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 4

@test_case(points=None, hidden=False)
def test_q1_se_grad(se_grad_logits):
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
    y = np.eye(3)[0]
    J = np.diag(p) - np.outer(p, p)
    right = J.T @ (2 * (p - y))
    where = 'se_grad_logits([1.0, 3.0, 2.0], 0)'
    verdict(where, call(where, se_grad_logits, z.copy(), 0), right, [('That is 2 (p - y), the gradient with respect to the PROBABILITIES: the logits reach E through softmax, so multiply by the Jacobian: J.T @ (2 * (p - y)).', 2 * (p - y)), ('The factor 2 from the derivative of the square is missing: J.T @ (2 * (p - y)).', J.T @ (p - y)), ("That is the CROSS-ENTROPY gradient p - y; the squared error's is J.T @ (2 * (p - y)).", p - y), ('The sign is flipped: the derivative of (p - y)^2 is 2 (p - y), times the Jacobian.', -right), ('Off by one: the one-hot vector has its 1 at index label + 1; classes count from 0.', J.T @ (2 * (p - np.eye(3)[1])))], hint='Return softmax_jacobian(z).T @ (2 * (softmax(z) - np.eye(len(z))[label])).')
    h = 1e-06
    E = lambda v: ((np.exp(v - v.max()) / np.exp(v - v.max()).sum() - y) ** 2).sum()
    numeric = np.array([(E(z + h * e) - E(z - h * e)) / (2 * h) for e in np.eye(3)])
    assert np.allclose(right, numeric, atol=1e-07), 'internal check of the test failed'

