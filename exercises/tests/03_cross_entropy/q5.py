from helpers.feedback import test_case

OK_FORMAT = False

name = "q5"
points = 3

@test_case(points=None, hidden=False)
def test_q5_multilabel(multilabel_loss):
    import numpy as np
    from helpers.feedback import call, quiet, verdict

    def per_entry(z, t):
        return t * np.logaddexp(0.0, -z) + (1 - t) * np.logaddexp(0.0, z)

    def log_softmax(z):
        m = z.max(axis=1, keepdims=True)
        return z - m - np.log(np.exp(z - m).sum(axis=1, keepdims=True))
    z = np.array([[2.0, 1.5, -3.0], [-1.0, -2.0, 4.0], [3.0, -1.0, -2.0], [0.5, 2.5, 1.0]])
    t = np.array([[1.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0], [0.0, 1.0, 1.0]])
    loss = per_entry(z, t)
    where = 'multilabel_loss(4 x 3 logits, multi-hot targets)'
    verdict(where, call(where, multilabel_loss, z.copy(), t.copy(), on_error='Work on the whole (N, C) tables at once.'), loss.mean(), [('That is softmax and cross-entropy on the multi-hot targets: softmax makes the classes compete for one unit of probability, so it cannot say dog AND cat. Use one sigmoid per class and the binary cross-entropy of every entry.', -(t * log_softmax(z)).sum(axis=1).mean(), 'softmax-for-multi-label'), ('That is softmax and cross-entropy on the multi-hot targets, averaged over the entries: use one sigmoid per class (binary cross-entropy per entry), not softmax.', -(t * log_softmax(z)).mean(), 'softmax-for-multi-label'), ('You divided by N, the number of examples: nn.BCEWithLogitsLoss averages over every (example, class) entry, N * C of them.', loss.sum() / len(z), 'mean-over-examples-only'), ('That is the SUM over the entries: the loss is their MEAN, over all N * C of them.', loss.sum(), 'sum-not-mean'), ('The (1 - t) ln(1 - sigmoid(z)) term is missing: an absent class (t = 0) must cost something when its sigmoid is high. Binary cross-entropy has both terms.', (t * np.logaddexp(0.0, -z)).mean(), 'bce-absent-term-missing'), ('The sign is flipped: binary cross-entropy is MINUS [t ln p + (1 - t) ln(1 - p)], never negative.', -loss.mean(), 'sign'), ('That is log base 10: use the natural log.', loss.mean() / np.log(10), 'log-base-10'), ('That is log base 2: use the natural log.', loss.mean() / np.log(2), 'log-base-2')], hint='Per entry: -[t ln sigmoid(z) + (1 - t) ln(1 - sigmoid(z))]; then the mean over all N * C entries.')
    big = np.array([[1000.0, -1000.0, 3.0], [-1000.0, 1000.0, -2.0]])
    tb = np.array([[1.0, 0.0, 1.0], [1.0, 1.0, 0.0]])
    naive = "Computing sigmoid first and then its log fails here: sigmoid(-1000) rounds to 0 and sigmoid(1000) to 1, so ln 0 = -inf (and 0 * inf = NaN), or np.exp(1000) overflows. -ln sigmoid(z) = ln(1 + e^-z) is the log-sum-exp of the two numbers 0 and -z: compute it with chapter 2's max trick, so that no exponent is positive."

    def clipped(eps):
        p = np.clip(1 / (1 + np.exp(-np.clip(big, -700, 700))), eps, 1 - eps)
        return (-(tb * np.log(p) + (1 - tb) * np.log(1 - p))).mean()
    clip = 'You clipped the probabilities: the loss of a present class with logit -1000 is 1000, not -ln(epsilon). Compute it from the logit, ln(1 + e^-z), without rounding sigmoid(z).'
    where = 'multilabel_loss([[1000, -1000, 3], [-1000, 1000, -2]], [[1, 0, 1], [1, 1, 0]])'
    verdict(where, call(where, multilabel_loss, big.copy(), tb.copy()), per_entry(big, tb).mean(), [(naive, np.inf, 'log-of-sigmoid'), (naive, np.nan, 'log-of-sigmoid'), (naive, -np.inf, 'log-of-sigmoid')] + [(clip, quiet(clipped, eps), 'clipped-probabilities') for eps in (1e-15, 1e-12, 1e-07)], hint='The exact loss is (1000 + ln(1 + e^-3) + ln(1 + e^-2)) / 6: compute ln(1 + e^-z) from the logits.')

