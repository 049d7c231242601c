from helpers.feedback import test_case

OK_FORMAT = False

name = "q2"
points = 4

@test_case(points=None, hidden=False)
def test_q2_nll_slope(nll_slope):
    import numpy as np
    from helpers import calibration as reference
    from helpers.feedback import call, verdict
    rng = np.random.default_rng(83)
    z, y, beta = (rng.normal(scale=2.0, size=(6, 4)), rng.integers(0, 4, size=6), 0.5)
    rows = np.arange(len(y))

    def mean_logit(b):
        e = np.exp(b * z - (b * z).max(axis=1, keepdims=True))
        return (e / e.sum(axis=1, keepdims=True) * z).sum(axis=1)
    right = np.mean(mean_logit(beta) - z[rows, y])
    h = 1e-05
    numeric = (reference.mean_nll(z, y, 1 / (beta + h)) - reference.mean_nll(z, y, 1 / (beta - h))) / (2 * h)
    assert abs(numeric - right) < 1e-07, 'internal check of the test failed'
    where = 'nll_slope(6 random examples of 4 classes, their labels, beta=0.5)'
    verdict(where, call(where, nll_slope, z.copy(), y.copy(), beta, on_error='logits is (N, C), labels (N,), beta a number.'), right, [('The sign is flipped: the loss is logsumexp(beta z) - beta z_y; differentiate both terms.', -right, 'sign'), ('That is the derivative with respect to T = 1 / beta: differentiate with respect to beta (the NLL is convex in beta, not in T).', -beta ** 2 * right, 'derivative-wrt-temperature'), ('You used the largest logit where the derivative of logsumexp(beta z) has the MEAN of the logits under the probabilities softmax(beta z).', np.mean(z.max(axis=1) - z[rows, y]), 'largest-logit-not-mean'), ('You averaged the logits with equal weights: the derivative of logsumexp(beta z) weighs each logit by its probability, softmax(beta z).', np.mean(z.mean(axis=1) - z[rows, y]), 'logits-weighed-equally'), ('You weighed the logits by softmax(z), at beta = 1: the probabilities are softmax(beta z), at the beta you are given.', np.mean(mean_logit(1.0) - z[rows, y]), 'slope-at-beta-one'), ('That is the SUM over the examples: the NLL is the MEAN over them.', len(y) * right, 'sum-not-mean'), ('The term from -beta z_y is missing: its derivative is -z_y.', np.mean(mean_logit(beta)), 'true-logit-term-missing')], hint='Differentiate logsumexp(beta z) - beta z_y with respect to beta, for each example, then take the mean.')

@test_case(points=None, hidden=False)
def test_q2_fit_temperature(fit_temperature):
    import numpy as np
    from helpers import calibration as reference
    from helpers.feedback import call, fail, verdict
    four, four_y = (np.array([[4.0, 0.0], [0.0, 4.0], [4.0, 0.0], [4.0, 0.0]]), np.array([0, 1, 1, 0]))
    _, blob_y, true_p = reference.overlapping_blobs(100, seed=5)
    blob = 3.0 * np.log(true_p)
    data = {'300 examples of three overlapping classes': (blob, blob_y), 'four examples (three right, logit gap 4)': (four, four_y)}
    got = {name: call(f'fit_temperature({name})', fit_temperature, z.copy(), y.copy()) for name, (z, y) in data.items()}
    values = [np.asarray(g, dtype=float) for g in got.values() if g is not None]
    if len(values) == 2 and values[0].shape == values[1].shape == () and np.isclose(values[0], values[1], rtol=0.001):
        raise fail(f'fit_temperature returned T = {float(values[0]):.4g} for both data sets, although they need very different temperatures: what you minimise does not depend on the data or on T. Accuracy cannot choose T (dividing the logits by T > 0 never changes the argmax); minimise the mean NLL of softmax(z / T).', mistake='accuracy-chooses-t')
    for name, (z, y) in data.items():
        right = reference.fit_temperature(z, y)
        t = got[name]

        def ece(temperature, z=z, y=y):
            e = np.exp(z / temperature - (z / temperature).max(axis=1, keepdims=True))
            return reference.expected_calibration_error(e / e.sum(axis=1, keepdims=True), y)
        mistakes = [('That is 1 / T: you returned beta, or multiplied the logits by T (softmax(z * T)). Temperature scaling DIVIDES them, softmax(z / T), and T = 1 / beta.', 1 / right, 'temperature-multiplies'), ('That is the smallest mean NLL itself: return the temperature T that reaches it.', reference.mean_nll(z, y, right), 'value-not-argmin')]
        try:
            t_value = float(t)
        except (TypeError, ValueError):
            t_value = None
        if t_value is not None and 0 < t_value < np.inf and (not np.isclose(t_value, right, rtol=0.001)):
            if reference.mean_nll(z, y, t_value) > reference.mean_nll(z, y, right) and ece(t_value) < ece(right) - 0.0001:
                mistakes.append(('That T gives a lower ECE on these examples but a higher mean NLL: you minimised the calibration error. Temperature scaling minimises the NLL (cross-entropy), which is smooth in T and does not depend on a choice of bins.', t_value, 'temperature-minimises-ece'))
        verdict(f'fit_temperature({name})', t, right, mistakes, hint='Find where the slope of the mean NLL in beta = 1 / T crosses 0, precisely; then T = 1 / beta.', atol=0.001 * right, reveal=name.startswith('300'))
    all_right = np.array([[3.0, 0.0], [0.0, 2.0], [1.0, 0.0]])
    where = 'fit_temperature(three examples, all of them right)'
    verdict(where, call(where, fit_temperature, all_right.copy(), np.array([0, 1, 0])), 0.05, [('When every example is right, a sharper softmax always lowers the NLL: the slope in beta stays negative, and the minimum lies beyond the sharpest bound. Return that bound, T = 0.05.', 20.0, 'temperature-bound-ignored')], hint='When every example is right, a sharper softmax always lowers the NLL: the minimum lies at the bound T = 0.05.', atol=0.0001)

@test_case(points=None, hidden=False)
def test_q2_by_hand(q2_by_hand):
    import numpy as np
    from helpers.feedback import verdict
    verdict('q2_by_hand', q2_by_hand, 4 / np.log(3), [('That is beta = 1 / T: the temperature is its inverse.', np.log(3) / 4, 'beta-not-temperature'), ('At T = 1 the scaled model is softmax([4, 0]) = 98% sure while right 75% of the time: set the slope to 0 and solve for T.', 1.0, 'unscaled-model'), ('Check the solution of softmax([4 / T, 0])_0 = 3/4: it gives e^(4 / T) = 3, not 4.', 4 / np.log(4), 'ln-4-not-ln-3'), ('That multiplies by ln 3 where you should divide: solve e^(4 / T) = 3 for T.', 4 * np.log(3), 'multiplied-not-divided')], hint='Each right example contributes -4 (1 - s) to the slope and the wrong one 4 s, with s the scaled probability of the larger logit; solve for s, then for T.', atol=0.001, reveal=False)

