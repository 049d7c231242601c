from helpers.feedback import test_case

OK_FORMAT = False

name = "q2"
points = 4

@test_case(points=None, hidden=False)
def test_q2_from_logits(cross_entropy_from_logits):
    import numpy as np
    from helpers.feedback import call, quiet, verdict

    def loss(a, labels):
        m = a.max(axis=1, keepdims=True)
        return ((m + np.log(np.exp(a - m).sum(axis=1, keepdims=True)))[:, 0] - a[np.arange(len(a)), labels]).mean()
    z = np.array([[1.0, 3.0, 2.0], [2.0, 1.0, 0.1], [0.0, 0.0, 0.0], [-1.0, 4.0, 0.5]])
    y = np.array([1, 0, 2, 0])
    rows = np.arange(4)
    m = z.max(axis=1, keepdims=True)
    lse = (m + np.log(np.exp(z - m).sum(axis=1, keepdims=True)))[:, 0]
    per = lse - z[rows, y]
    p = np.exp(z - lse[:, None])
    where = 'cross_entropy_from_logits(4 rows of logits, labels [1, 0, 2, 0])'
    got = call(where, cross_entropy_from_logits, z.copy(), y.copy(), on_error="Compute the log-sum-exp of each row (the last axis) and pick one logit per row, its true class's.")
    verdict(where, got, per.mean(), [("Your function treats its input as probabilities (-ln of the true class's entry), but it receives LOGITS: compute logsumexp(z) - z[y] (that is, apply log-softmax first).", quiet(lambda: -np.log(z[rows, y]).mean()), 'logits-for-probabilities'), ('That is log base 10: use the natural log, np.log.', per.mean() / np.log(10), 'log-base-10'), ('That is the SUM over the batch: the loss is the MEAN over the examples.', per.sum(), 'sum-not-mean'), ('You applied softmax twice (softmax of the probabilities): apply log-softmax once, to the logits.', loss(p, y), 'softmax-twice'), ('Off by one: you used the logit of class label + 1. Class indices count from 0.', (lse - z[rows, (y + 1) % 3]).mean(), 'off-by-one'), ('The sign is wrong: the loss is logsumexp(z) - z[y], which is never negative.', -per.mean(), 'sign'), ("z[labels] picks whole ROWS of z (one row per label), not one logit per example: pick row n's entry in column labels[n], for every n at once.", (lse[:, None] - z[y]).mean(), 'rows-not-entries')], hint='Per example: the log-sum-exp of its row minus the logit of its true class; then the mean over the batch.')
    overflow = "np.exp(1000) overflows to inf (and np.exp(-1000) underflows to 0): you did not subtract the max. Subtract each row's largest logit inside the exponentials and add it back outside the log (chapter 2)."
    big = np.array([[1000.0, 1001.0, 999.0], [-1000.0, -1002.0, -1001.0]])
    yb = np.array([1, 0])
    where = 'cross_entropy_from_logits([[1000, 1001, 999], [-1000, -1002, -1001]], [1, 0])'
    verdict(where, call(where, cross_entropy_from_logits, big.copy(), yb.copy()), loss(big, yb), [(overflow, np.inf, 'no-max-subtraction'), (overflow, np.nan, 'no-max-subtraction'), (overflow, -np.inf, 'no-max-subtraction')], hint="Subtract each row's max inside the log-sum-exp, so that the largest exponent is 0.")
    gap = np.array([[0.0, -1000.0], [-1000.0, 0.0]])
    yg = np.array([1, 1])
    where = 'cross_entropy_from_logits([[0, -1000], [-1000, 0]], [1, 1])'
    verdict(where, call(where, cross_entropy_from_logits, gap.copy(), yg.copy()), 500.0, [("You took -log of softmax(z): the true class's probability e^-1000 underflows to 0, and -ln 0 = inf. Compute logsumexp(z) - z[y] directly: it never forms that 0.", np.inf, 'log-of-softmax')], hint='The loss is (1000 + 0) / 2 = 500: logsumexp(z) - z[y] for each row, then the mean.')

