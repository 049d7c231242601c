from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 4

@test_case(points=None, hidden=False)
def test_q1_jacobian(softmax_jacobian):
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
    z = np.array([2.0, 1.0, 0.1])
    p = np.exp(z - z.max())
    p = p / p.sum()
    right = np.diag(p) - np.outer(p, p)
    where = 'softmax_jacobian([2.0, 1.0, 0.1])'
    verdict(where, call(where, softmax_jacobian, z.copy()), right, [('Only the diagonal p_i (1 - p_i) is there: the off-diagonal entries are -p_i p_j (subtract np.outer(p, p) from np.diag(p)).', np.diag(p * (1 - p))), ('The sign is flipped: J = diag(p) - p p^T, not p p^T - diag(p).', -right), ('You used the logits z where the formula needs the probabilities p = softmax(z).', np.diag(z) - np.outer(z, z)), ('The diagonal term is missing: J = diag(p) - p p^T.', -np.outer(p, p)), ('p * p is elementwise: the second term is the OUTER product np.outer(p, p), a C x C matrix.', np.diag(p) - p * p)], hint='J = np.diag(p) - np.outer(p, p) with p = softmax(z).')
    h = 1e-06
    numeric = np.stack([(np.exp(z + h * e - (z + h * e).max()) / np.exp(z + h * e - (z + h * e).max()).sum() - np.exp(z - h * e - (z - h * e).max()) / np.exp(z - h * e - (z - h * e).max()).sum()) / (2 * h) for e in np.eye(3)], axis=1)
    assert np.allclose(right, numeric, atol=1e-08), 'internal check of the test failed'

