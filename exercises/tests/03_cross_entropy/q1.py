from helpers.feedback import test_case

OK_FORMAT = False

name = "q1"
points = 4

@test_case(points=None, hidden=False)
def test_q1_cross_entropy(cross_entropy):
    import numpy as np
    from helpers.feedback import call, verdict
    p = np.array([[0.7, 0.2, 0.1], [0.1, 0.6, 0.3], [0.25, 0.25, 0.5], [0.2, 0.2, 0.6]])
    y = np.array([0, 1, 2, 0])
    rows = np.arange(4)
    per = -np.log(p[rows, y])

    def soft(a):
        e = np.exp(a - a.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    where = 'cross_entropy(probs of 4 examples, labels [0, 1, 2, 0])'
    got = call(where, cross_entropy, p.copy(), y.copy(), on_error="Pick each row's true-class probability with probs[np.arange(len(labels)), labels].")
    verdict(where, got, per.mean(), [('That is log base 10: cross-entropy uses the natural log, np.log (not np.log10).', per.mean() / np.log(10), 'log-base-10'), ("That is log base 2: the course's cross-entropy uses the natural log, np.log (not np.log2).", per.mean() / np.log(2), 'log-base-2'), ('That is the SUM over the batch: the loss is the MEAN over the examples (divide by N, or use np.mean).', per.sum(), 'sum-not-mean'), ("You applied softmax to the probabilities (softmax applied twice): these inputs already are probabilities; take -ln of the true class's probability directly.", -np.log(soft(p)[rows, y]).mean(), 'softmax-twice'), ('Off by one: you took the probability of class label + 1. Class indices count from 0: use probs[n, labels[n]].', -np.log(p[rows, (y + 1) % 3]).mean(), 'off-by-one'), ('Off by one: you took the probability of class label - 1. Class indices count from 0: use probs[n, labels[n]].', -np.log(p[rows, (y - 1) % 3]).mean(), 'off-by-one'), ('The sign is wrong: cross-entropy is MINUS the log of the probability, a positive number.', -per.mean(), 'sign'), ("You averaged -ln p over every class of every example: only the true class's probability counts, probs[n, labels[n]].", -np.log(p).mean(), 'true-class-only'), ("You summed -ln p over all classes: only the true class's probability counts, probs[n, labels[n]].", -np.log(p).sum(axis=1).mean(), 'true-class-only')], hint="Pick each row's true-class probability (row n, column labels[n]), take -ln, then the batch mean.")

