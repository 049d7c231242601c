from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=None, hidden=False)
def test_q1_error(classification_error):
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
    p = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.2, 0.3, 0.5], [0.6, 0.3, 0.1], [0.3, 0.4, 0.3]])
    y = np.array([0, 1, 2, 2, 0])
    where = 'classification_error(5 rows of 3 classes, labels [0, 1, 2, 2, 0])'
    got = call(where, classification_error, p.copy(), y.copy(), on_error='Take the argmax of each ROW (axis=-1): each row is one example, so you get one prediction per label.')
    verdict(where, got, 0.4, [('That is the NUMBER of mistakes: return the fraction, the mean over the examples.', 2), ('That is 1 minus the error: you returned the accuracy (the error counts the WRONG predictions), or compared the argmax with label + 1 (class indices count from 0).', 0.6), ('Off by one: you compared the argmax with label - 1 (or counted classes from 1). Class indices count from 0.', 1.0), ('You compared the largest probability (the max VALUE) with the labels: compare the argmax (the INDEX).', 1.0)], hint='np.mean(np.argmax(probs, axis=-1) != labels).')

