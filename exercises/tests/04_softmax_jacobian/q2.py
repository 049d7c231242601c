from helpers.feedback import test_case

OK_FORMAT = False

name = "q2"
points = 4

@test_case(points=None, hidden=False)
def test_q2_ce_grad(ce_grad):
    import numpy as np
    from helpers.feedback import call, verdict
    z = np.array([1.0, 3.0, 2.0])
    p = np.exp(z - z.max())
    p = p / p.sum()
    y = np.eye(3)[1]
    where = 'ce_grad([1.0, 3.0, 2.0], 1)'
    verdict(where, call(where, ce_grad, z.copy(), 1), p - y, [('The sign is flipped: the gradient is p - y (it points UP the loss; gradient descent subtracts it).', y - p), ('Off by one: the one-hot vector has its 1 at index label + 1. Classes count from 0: np.eye(C)[label].', p - np.eye(3)[2]), ('Off by one: the one-hot vector has its 1 at index label - 1. Classes count from 0: np.eye(C)[label].', p - np.eye(3)[0]), ('You used the logits where the formula needs the probabilities: dL/dz = softmax(z) - y.', z - y), ('That is dL/dp (only the true class, -1/p_y), not dL/dz: go through the Jacobian, which gives p - y.', -y / p[1])], hint='Subtract the one-hot vector of the label (a 1 at index label, 0 elsewhere) from softmax(z).')

