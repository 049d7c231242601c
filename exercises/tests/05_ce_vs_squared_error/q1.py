from helpers.feedback import test_case

OK_FORMAT = False

name = "q1"
points = 4

@test_case(points=None, hidden=False)
def test_q1_se_grad(se_grad_logits):
    import numpy as np
    from helpers.feedback import call, verdict
    z = np.array([1.0, 3.0, 2.0])
    p = np.exp(z - z.max())
    p = p / p.sum()
    y = np.eye(3)[0]
    J = np.diag(p) - np.outer(p, p)
    right = J.T @ (2 * (p - y))
    where = 'se_grad_logits([1.0, 3.0, 2.0], 0)'
    verdict(where, call(where, se_grad_logits, z.copy(), 0), right, [('That is 2 (p - y), the gradient with respect to the PROBABILITIES: the logits reach E through softmax, so multiply by the Jacobian: J.T @ (2 * (p - y)).', 2 * (p - y)), ('The factor 2 from the derivative of the square is missing: J.T @ (2 * (p - y)).', J.T @ (p - y)), ("That is the CROSS-ENTROPY gradient p - y; the squared error's is J.T @ (2 * (p - y)).", p - y), ('The sign is flipped: the derivative of (p - y)^2 is 2 (p - y), times the Jacobian.', -right), ('Off by one: the one-hot vector has its 1 at index label + 1; classes count from 0.', J.T @ (2 * (p - np.eye(3)[1])))], hint='Chain rule: multiply the transposed softmax Jacobian by the gradient 2 (p - y) of E with respect to p.')
    h = 1e-06
    E = lambda v: ((np.exp(v - v.max()) / np.exp(v - v.max()).sum() - y) ** 2).sum()
    numeric = np.array([(E(z + h * e) - E(z - h * e)) / (2 * h) for e in np.eye(3)])
    assert np.allclose(right, numeric, atol=1e-07), 'internal check of the test failed'

