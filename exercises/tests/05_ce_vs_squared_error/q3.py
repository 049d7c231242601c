from helpers.feedback import test_case

OK_FORMAT = False

name = "q3"
points = 3
all_or_nothing = True

@test_case(points=None, hidden=False)
def test_q3_vanishing(q3_ce, q3_se, q3_ratio):
    import numpy as np
    from helpers.feedback import verdict
    assert q3_ce is not Ellipsis and q3_se is not Ellipsis and (q3_ratio is not Ellipsis), 'Replace the ... with your answers and run the cell.'
    z = np.array([-4.0, 4.0, 0.0])
    p = np.exp(z - z.max())
    p = p / p.sum()
    y = np.eye(3)[0]
    J = np.diag(p) - np.outer(p, p)
    ce, se = ((p - y)[0], (J @ (2 * (p - y)))[0])
    verdict('q3_ce', q3_ce, ce, [('The sign is flipped: the gradient is p - y.', -ce)], hint='q3_ce = (softmax(z_wrong) - np.eye(3)[0])[0].', reveal=False)
    verdict('q3_se', q3_se, se, [("That is 2 (p_0 - 1), without the softmax Jacobian: through softmax the squared error's gradient is J.T @ 2(p - y), which is tiny here.", 2 * (p - y)[0])], hint='q3_se = se_grad_logits(z_wrong, 0)[0].', reveal=False)
    verdict('q3_ratio', q3_ratio, abs(ce) / abs(se), [('Upside down: abs(q3_ce) / abs(q3_se).', abs(se) / abs(ce))], hint='q3_ratio = abs(q3_ce) / abs(q3_se).', atol=0.0001, reveal=False)

