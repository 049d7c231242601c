from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 4

@test_case(points=None, hidden=False)
def test_q2_from_logits(cross_entropy_from_logits):
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
    z = np.array([[1.0, 3.0, 2.0], [2.0, 1.0, 0.1], [0.0, 0.0, 0.0], [-1.0, 4.0, 0.5]])
    y = np.array([1, 0, 2, 0])
    rows = np.arange(4)
    m = z.max(axis=1, keepdims=True)
    lse = (m + np.log(np.exp(z - m).sum(axis=1, keepdims=True)))[:, 0]
    per = lse - z[rows, y]
    p = np.exp(z - lse[:, None])

    def from_logits(a):
        mm = a.max(axis=1, keepdims=True)
        return ((mm + np.log(np.exp(a - mm).sum(axis=1, keepdims=True)))[:, 0] - a[rows, y]).mean()
    where = 'cross_entropy_from_logits(4 rows of logits, labels [1, 0, 2, 0])'
    got = call(where, cross_entropy_from_logits, z.copy(), y.copy(), on_error='Compute logsumexp per row (axis=-1) and pick z[np.arange(len(labels)), labels].')
    verdict(where, got, per.mean(), [("Your function treats its input as probabilities (-ln of the true class's entry), but it receives LOGITS: compute logsumexp(z) - z[y] (that is, apply log-softmax first).", quiet(lambda: -np.log(z[rows, y]).mean())), ('That is log base 10: use the natural log, np.log.', per.mean() / np.log(10)), ('That is the SUM over the batch: the loss is the MEAN over the examples.', per.sum()), ('You applied softmax twice (softmax of the probabilities): apply log-softmax once, to the logits.', from_logits(p)), ('Off by one: you used the logit of class label + 1. Class indices count from 0.', (lse - z[rows, (y + 1) % 3]).mean()), ('The sign is wrong: the loss is logsumexp(z) - z[y], which is never negative.', -per.mean())], hint='Per example: log(sum(exp(z - m))) + m - z[y]; then the mean over the batch.')
    big = np.array([[1000.0, 0.0], [0.0, 1000.0]])
    yb = np.array([1, 1])
    where = 'cross_entropy_from_logits([[1000, 0], [0, 1000]], [1, 1])'
    verdict(where, call(where, cross_entropy_from_logits, big.copy(), yb), 500.0, [('np.exp(1000) overflowed: you did not subtract the max. Use m + log(sum(exp(z - m))) with m = max(z, axis=-1, keepdims=True).', np.inf), ('NaN: np.exp(1000) overflowed to inf (no max subtraction). Use m + log(sum(exp(z - m))).', np.nan)], hint="The loss is (1000 + 0) / 2 = 500: subtract each row's max inside the log-sum-exp.", atol=1e-06)

