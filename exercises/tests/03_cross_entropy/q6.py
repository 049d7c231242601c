from helpers.feedback import test_case

OK_FORMAT = False

name = "q6"
points = 3

@test_case(points=None, hidden=False)
def test_q6_kl(kl_divergence):
    import numpy as np
    from helpers.feedback import call, verdict

    def terms(a, b):
        return np.where(a > 0, a * np.log(np.where(a > 0, a, 1.0) / b), 0.0)
    y = np.array([0.6, 0.3, 0.1])
    p = np.array([0.2, 0.5, 0.3])
    kl = terms(y, p).sum()
    h_y, h_yp = (-(y * np.log(y)).sum(), -(y * np.log(p)).sum())
    where = 'kl_divergence(y=[0.6, 0.3, 0.1], p=[0.2, 0.5, 0.3])'
    verdict(where, call(where, kl_divergence, y.copy(), p.copy(), on_error='y and p are 1-D arrays of the same length.'), kl, [("You swapped the arguments: that is KL(p || y). The divergence is not symmetric; KL(y || p) weights each log ratio ln(y_i / p_i) by the TARGET's y_i.", terms(p, y).sum(), 'kl-arguments-swapped'), ('That is the cross-entropy H(y, p) alone: subtract the entropy H(y) of the target.', h_yp, 'kl-vs-cross-entropy'), ('That is H(y, p) + H(y): the KL divergence is H(y, p) MINUS H(y).', h_yp + h_y, 'kl-vs-cross-entropy'), ('That is the entropy H(y) of the target alone: KL(y || p) = H(y, p) - H(y).', h_y, 'kl-vs-cross-entropy'), ('The sign is flipped: KL(y || p) = H(y, p) - H(y) = sum y_i ln(y_i / p_i), never negative.', -kl, 'sign'), ('That is in bits (log base 2): the course measures it in nats, with the natural log.', kl / np.log(2), 'log-base-2'), ('That is log base 10: use the natural log (nats).', kl / np.log(10), 'log-base-10')], hint='Sum y_i ln(y_i / p_i) over the classes, with the natural log.')
    y0 = np.array([0.0, 0.75, 0.25])
    where = 'kl_divergence(y=[0, 0.75, 0.25], p=[0.2, 0.5, 0.3])'
    verdict(where, call(where, kl_divergence, y0.copy(), p.copy()), terms(y0, p).sum(), [('NaN: a class with y_i = 0 gave 0 * ln 0 = 0 * (-inf). Its term counts 0 (the limit of y ln y): leave out the classes where y_i = 0.', np.nan, 'zero-log-zero'), ("inf: you swapped the arguments (KL(p || y) divides by the target's 0): the target comes first.", np.inf, 'kl-arguments-swapped'), ('That is the cross-entropy H(y, p) alone: subtract the entropy H(y).', -(y0[1:] * np.log(p[1:])).sum(), 'kl-vs-cross-entropy')], hint='Sum y_i ln(y_i / p_i) over the classes where y_i > 0 (a term with y_i = 0 counts 0).')
    onehot = np.array([0.0, 1.0, 0.0])
    where = 'kl_divergence(y=[0, 1, 0], p=[0.2, 0.5, 0.3])'
    verdict(where, call(where, kl_divergence, onehot.copy(), p.copy()), -np.log(0.5), [('NaN: a term with y_i = 0 counts 0; leave those classes out.', np.nan, 'zero-log-zero')], hint='With a one-hot target the KL divergence is the cross-entropy -ln p_y, here -ln 0.5.')

