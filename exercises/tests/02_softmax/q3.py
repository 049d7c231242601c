from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 2

@test_case(points=None, hidden=False)
def test_q3_seed002(q3_p, q3_twice):
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
    assert q3_p is not Ellipsis and q3_twice is not Ellipsis, 'Replace the ... with your answers and run the cell.'
    verdict('q3_p', q3_p, [0.81, 0.164, 0.027], [('That is what the softmax and cross-entropy explainer printed, but it is not the softmax of [2.1, 0.5, -1.3]: compute softmax(np.array([2.1, 0.5, -1.3])) yourself.', [0.72, 0.23, 0.05])], hint='q3_p = np.round(softmax(np.array([2.1, 0.5, -1.3])), 3).', atol=0.0015)
    verdict('q3_twice', q3_twice, [0.471, 0.288, 0.241], [('Those are the inputs: apply your softmax to [0.72, 0.23, 0.05] and round.', [0.72, 0.23, 0.05])], hint='q3_twice = np.round(softmax(np.array([0.72, 0.23, 0.05])), 3).', atol=0.0015)

