from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_q3_vanishing(q3_ce, q3_se, q3_ratio):
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
    assert q3_ce is not Ellipsis and q3_se is not Ellipsis and (q3_ratio is not Ellipsis), 'Replace the ... with your answers and run the cell.'
    z = np.array([-4.0, 4.0, 0.0])
    p = np.exp(z - z.max())
    p = p / p.sum()
    y = np.eye(3)[0]
    J = np.diag(p) - np.outer(p, p)
    ce, se = ((p - y)[0], (J @ (2 * (p - y)))[0])
    verdict('q3_ce', q3_ce, ce, [('The sign is flipped: the gradient is p - y.', -ce)], hint='q3_ce = (softmax(z_wrong) - np.eye(3)[0])[0].')
    verdict('q3_se', q3_se, se, [("That is 2 (p_0 - 1), without the softmax Jacobian: through softmax the squared error's gradient is J.T @ 2(p - y), which is tiny here.", 2 * (p - y)[0])], hint='q3_se = se_grad_logits(z_wrong, 0)[0].')
    verdict('q3_ratio', q3_ratio, abs(ce) / abs(se), [('Upside down: abs(q3_ce) / abs(q3_se).', abs(se) / abs(ce))], hint='q3_ratio = abs(q3_ce) / abs(q3_se).', atol=0.0001)

