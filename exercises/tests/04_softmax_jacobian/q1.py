from helpers.feedback import test_case

OK_FORMAT = False

name = "q1"
points = 4

@test_case(points=None, hidden=False)
def test_q1_jacobian(softmax_jacobian):
    import numpy as np
    from helpers.feedback import call, verdict
    z = np.array([2.0, 1.0, 0.1])
    p = np.exp(z - z.max())
    p = p / p.sum()
    right = np.diag(p) - np.outer(p, p)
    where = 'softmax_jacobian([2.0, 1.0, 0.1])'
    verdict(where, call(where, softmax_jacobian, z.copy()), right, [('Only the diagonal p_i (1 - p_i) is there: the off-diagonal entries are -p_i p_j (subtract np.outer(p, p) from np.diag(p)).', np.diag(p * (1 - p))), ('The sign is flipped: J = diag(p) - p p^T, not p p^T - diag(p).', -right), ('You used the logits z where the formula needs the probabilities p = softmax(z).', np.diag(z) - np.outer(z, z)), ('The diagonal term is missing: J = diag(p) - p p^T.', -np.outer(p, p)), ('p * p is elementwise: the second term is the OUTER product np.outer(p, p), a C x C matrix.', np.diag(p) - p * p)], hint='Put p = softmax(z) on a diagonal matrix and subtract the C x C outer product of p with itself.')
    h = 1e-06
    numeric = np.stack([(np.exp(z + h * e - (z + h * e).max()) / np.exp(z + h * e - (z + h * e).max()).sum() - np.exp(z - h * e - (z - h * e).max()) / np.exp(z - h * e - (z - h * e).max()).sum()) / (2 * h) for e in np.eye(3)], axis=1)
    assert np.allclose(right, numeric, atol=1e-08), 'internal check of the test failed'

