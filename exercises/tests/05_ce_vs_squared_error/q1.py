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
    right = J @ (2 * (p - y))
    where = 'se_grad_logits([1.0, 3.0, 2.0], 0)'
    verdict(where, call(where, se_grad_logits, z.copy(), 0), right, [("That is 2 (p - y), the gradient with respect to the PROBABILITIES: the logits reach E through softmax, so by the chain rule each dE/dp_i is multiplied by softmax's derivative dp_i/dz_j and summed over i.", 2 * (p - y), 'gradient-wrt-p'), ('The factor 2 from the derivative of the square is missing.', J @ (p - y), 'missing-factor-2'), ("That is the CROSS-ENTROPY gradient p - y: the squared error's dE/dp_i = 2 (p_i - y_i) goes through softmax's derivatives, which cross-entropy's -1/p_y cancels and the square does not.", p - y, 'ce-gradient-for-se'), ('The sign is flipped: the derivative of (p_i - y_i)^2 is 2 (p_i - y_i), not 2 (y_i - p_i).', -right, 'sign'), ('Off by one: your one-hot vector has its 1 at index label + 1; classes count from 0.', J @ (2 * (p - np.eye(3)[1])), 'off-by-one'), ('Off by one: your one-hot vector has its 1 at index label - 1; classes count from 0.', J @ (2 * (p - np.eye(3)[2])), 'off-by-one'), ("You used only dp_j/dz_j = p_j (1 - p_j), the diagonal of softmax's derivatives: every p_i moves when z_j moves (dp_i/dz_j = -p_i p_j for i != j), so the sum over i has a term for every class.", 2 * p * (1 - p) * (p - y), 'jacobian-diagonal-only'), ("That is 2 p (p - y), chapter 4's colleague's gradient: the -p_i p_j part of softmax's derivatives is missing. It gives the number that every entry shares.", 2 * p * (p - y), 'jacobian-diagonal-only'), ("That is the gradient of the TRUE class's term (1 - p_y)^2 alone: E sums over every class, and the wrong classes' terms p_i^2 move with the logits too.", J @ (-2 * (1 - p[0]) * y), 'se-true-only')], hint='Write dE/dz_j as the sum over i of 2 (p_i - y_i) p_i (delta_ij - p_j), then split off the term i = j.')

@test_case(points=None, hidden=False)
def test_q1_against_autograd(se_grad_logits):
    import numpy as np
    import torch
    from helpers.feedback import call, fail
    Z = np.array([[-4.0, 4.0, 0.0], [1000.0, 998.0, 990.0], [0.5, -1.0, 2.0], [2.0, 2.0, 2.0]])
    labels = np.array([0, 2, 1, 2])
    logits = torch.tensor(Z, requires_grad=True)
    probs = torch.softmax(logits, dim=1)
    E = ((probs - torch.eye(3, dtype=torch.float64)[torch.tensor(labels)]) ** 2).sum()
    right, = torch.autograd.grad(E, logits)
    right = right.numpy()
    where = 'se_grad_logits(a batch of 4 rows of logits, labels [0, 2, 1, 2])'
    with np.errstate(all='ignore'):
        got = call(where, se_grad_logits, Z.copy(), labels.copy(), on_error='Work along the last axis (axis=-1, keepdims=True for the number every entry of a row shares), so that a batch gives one gradient row per example.')
    if got is None:
        raise AssertionError(f'{where} returned None: did you forget `return`?')
    got = np.asarray(got, dtype=float)
    assert got.shape == Z.shape, f'{where} has shape {got.shape}, expected {Z.shape}: one gradient row per example. Work along the last axis (axis=-1), as softmax does.'
    if not np.all(np.isfinite(got)):
        rows = sorted({int(i) for i in np.argwhere(~np.isfinite(got))[:, 0]})
        raise fail(f"{where} gave NaN or inf in row(s) {rows}. np.exp(1000) overflows: compute the probabilities with the stable softmax imported above (it subtracts each row's largest logit).", mistake='no-max-subtraction')
    errors = np.abs(got - right).max(axis=1)
    worst = int(errors.argmax())
    assert errors.max() < 1e-09, f"{where} differs from PyTorch's autograd by up to {errors.max():.2g} (row {worst}). If the check on one vector fails too, fix that first; if only a batch is wrong, every sum in your formula must run over the classes of one row (axis=-1), not over the whole batch."

