from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 4

@test_case(points=None, hidden=False)
def test_q2_from_logits(cross_entropy_from_logits):
    import numpy as np
    from helpers.feedback import call, quiet, verdict
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

