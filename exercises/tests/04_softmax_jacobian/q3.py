from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 2

@test_case(points=None, hidden=False)
def test_q3_iris(q3_self, q3_cross, q3_grad):
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
    assert q3_self is not Ellipsis and q3_cross is not Ellipsis and (q3_grad is not Ellipsis), 'Replace the ... with your answers and run the cell.'
    verdict('q3_self', q3_self, 0.57 * 0.43, [('That is p_0 itself: the diagonal entry is p_0 (1 - p_0).', 0.57)], hint='q3_self = 0.57 * (1 - 0.57).', atol=1e-06)
    verdict('q3_cross', q3_cross, -0.57 * 0.31, [('The sign: off the diagonal the derivative is MINUS p_i p_j.', 0.57 * 0.31)], hint='q3_cross = -0.57 * 0.31.', atol=1e-06)
    verdict('q3_grad', q3_grad, [-0.43, 0.31, 0.12], [('The sign is flipped: the gradient is p - y.', [0.43, -0.31, -0.12]), ('Off by one: Setosa is class 0, so y = [1, 0, 0].', [0.57, -0.69, 0.12])], hint='q3_grad = p - y with y = [1, 0, 0].', atol=1e-06)

