from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 4

@test_case(points=None, hidden=False)
def test_q1_cross_entropy(cross_entropy):
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
    p = np.array([[0.7, 0.2, 0.1], [0.1, 0.6, 0.3], [0.25, 0.25, 0.5], [0.2, 0.2, 0.6]])
    y = np.array([0, 1, 2, 0])
    rows = np.arange(4)
    per = -np.log(p[rows, y])

    def soft(a):
        e = np.exp(a - a.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    where = 'cross_entropy(probs of 4 examples, labels [0, 1, 2, 0])'
    got = call(where, cross_entropy, p.copy(), y.copy(), on_error="Pick each row's true-class probability with probs[np.arange(len(labels)), labels].")
    verdict(where, got, per.mean(), [('That is log base 10: cross-entropy uses the natural log, np.log (not np.log10).', per.mean() / np.log(10)), ("That is log base 2: the course's cross-entropy uses the natural log, np.log (not np.log2).", per.mean() / np.log(2)), ('That is the SUM over the batch: the loss is the MEAN over the examples (divide by N, or use np.mean).', per.sum()), ("You applied softmax to the probabilities (softmax applied twice): these inputs already are probabilities; take -ln of the true class's probability directly.", -np.log(soft(p)[rows, y]).mean()), ('Off by one: you took the probability of class label + 1. Class indices count from 0: use probs[n, labels[n]].', -np.log(p[rows, (y + 1) % 3]).mean()), ('Off by one: you took the probability of class label - 1. Class indices count from 0: use probs[n, labels[n]].', -np.log(p[rows, (y - 1) % 3]).mean()), ('The sign is wrong: cross-entropy is MINUS the log of the probability, a positive number.', -per.mean()), ("You averaged -ln p over every class of every example: only the true class's probability counts, probs[n, labels[n]].", -np.log(p).mean()), ("You summed -ln p over all classes: only the true class's probability counts, probs[n, labels[n]].", -np.log(p).sum(axis=1).mean())], hint='Return np.mean(-np.log(probs[np.arange(len(labels)), labels])).')

