from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_q3_ce(mean_cross_entropy):
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
    p = np.array([[0.6, 0.4], [0.3, 0.7], [0.1, 0.9]])
    y = np.array([0, 1, 0])
    per = -np.log(p[np.arange(3), y])
    where = "mean_cross_entropy(the CNN softmax and cross-entropy tutorial's NN2, labels [0, 1, 0])"
    verdict(where, call(where, mean_cross_entropy, p.copy(), y.copy()), per.mean(), [("That is log base 10: use the natural log, np.log (the CNN softmax and cross-entropy tutorial's 1.06 for NN2 is natural).", per.mean() / np.log(10)), ('That is log base 2: use the natural log, np.log.', per.mean() / np.log(2)), ('That is the SUM over the examples: take the MEAN.', per.sum()), ('Off by one: you used the probability of class label + 1; classes count from 0.', -np.log(p[np.arange(3), (y + 1) % 2]).mean()), ("You summed -ln p over all classes: only the true class's probability counts.", -np.log(p).sum(1).mean())], hint='np.mean(-np.log(probs[np.arange(len(labels)), labels])).')

