from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 2

@test_case(points=None, hidden=False)
def test_q2_iris(q2_ce, q2_se_true, q2_se_all):
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
    assert q2_ce is not Ellipsis and q2_se_true is not Ellipsis and (q2_se_all is not Ellipsis), 'Replace the ... with your answers and run the cell.'
    verdict('q2_ce', q2_ce, -np.log(0.57), [('That is log base 10: cross-entropy uses the natural log (np.log).', -np.log10(0.57)), ('That is log base 2: use the natural log (np.log).', -np.log2(0.57)), ('The sign: cross-entropy is MINUS the log, a positive number.', np.log(0.57))], hint='q2_ce = -np.log(0.57).')
    verdict('q2_se_true', q2_se_true, 0.1849, [('Square the difference: (1 - 0.57) ** 2.', 0.43)], hint='q2_se_true = (1 - 0.57) ** 2.')
    verdict('q2_se_all', q2_se_all, 0.2954, [('That counts only the true class: add the squares of the other classes too (0.31^2 and 0.12^2).', 0.1849), ('That is the MEAN over the classes: the squared error here is their SUM.', 0.2954 / 3)], hint='q2_se_all = np.sum((p - y) ** 2) with y = [1, 0, 0].')

