from helpers.feedback import test_case

OK_FORMAT = False

name = "q1"
points = 4

@test_case(points=None, hidden=False)
def test_q1_vjp(softmax_vjp):
    import numpy as np
    from helpers.feedback import call, quiet, verdict
    z = np.array([2.0, 1.0, 0.1, -1.0])
    g = np.array([0.5, -1.0, 2.0, 0.0])
    p = np.exp(z - z.max())
    p = p / p.sum()
    J = np.diag(p) - np.outer(p, p)
    right = J.T @ g
    where = 'softmax_vjp([2.0, 1.0, 0.1, -1.0], g=[0.5, -1.0, 2.0, 0.0])'
    verdict(where, call(where, softmax_vjp, z.copy(), g.copy()), right, [('You used only the diagonal of J, p_i (1 - p_i): the off-diagonal entries are -p_i p_j, and through them every g_j reaches z_i as well.', p * (1 - p) * g, 'jacobian-diagonal-only'), ('That is diag(p) g alone: the -p p^T part of J is missing. Entry i of J^T g has a second term made of all of g.', p * g, 'jacobian-diagonal-only'), ('You subtracted the plain mean of g: the number every entry shares is a sum of the g_j weighted by the probabilities p_j.', p * (g - g.mean()), 'vjp-plain-mean'), ("That is the vector-Jacobian product of LOG-softmax (its Jacobian is I - 1 p^T). Here the Jacobian is softmax's, diag(p) - p p^T.", g - p * g.sum(), 'log-softmax-jacobian'), ('The shared term is missing its factor p_i: write entry i of J^T g as a sum over j, and every term of it has a p_i.', p * g - np.dot(p, g), 'vjp-missing-p-factor'), ('The leading factor p_i is missing: every term of entry i of J^T g carries a p_i.', g - np.dot(p, g), 'vjp-missing-p-factor'), ('The sign is flipped: J = diag(p) - p p^T, not p p^T - diag(p).', -right, 'sign'), ('You used the logits z where the formula needs the probabilities p = softmax(z).', z * g - z * np.dot(z, g), 'logits-for-probabilities'), ('The diagonal term is missing: that is -p (p . g), the -p p^T part of J alone. J = diag(p) - p p^T also sends each g_i straight back to z_i through diag(p).', -p * np.dot(p, g), 'missing-diagonal'), ('That is dL/dp, the upstream gradient g itself, handed back unchanged: J^T g carries it through softmax to the logits.', g, 'gradient-wrt-p'), ('That is p_0 itself, and the other probabilities: you returned p = softmax(z). The product J^T g depends on g too.', p, 'p-not-jacobian')], hint="Entry i of J^T g is sum_j J_ji g_j: put in J's entries, split off the term j = i, and factor out p_i.")
    big = np.array([1000.0, 998.0, 990.0])
    gb = np.array([1.0, -2.0, 0.5])
    pb = np.exp(big - big.max())
    pb = pb / pb.sum()
    where = 'softmax_vjp([1000, 998, 990], g=[1.0, -2.0, 0.5])'
    overflow = 'np.exp(1000) overflows to inf, and inf / inf is NaN: compute the probabilities stably (subtract the largest logit first, chapter 2, or use the softmax imported above).'
    verdict(where, quiet(call, where, softmax_vjp, big.copy(), gb.copy()), (np.diag(pb) - np.outer(pb, pb)).T @ gb, [(overflow, [np.nan] * 3, 'no-max-subtraction'), (overflow, [0.0] * 3, 'no-max-subtraction')], hint='Compute p = softmax(z) stably, then J^T g from p and g.')

@test_case(points=None, hidden=False)
def test_q1_no_jacobian(softmax_vjp):
    import tracemalloc
    import numpy as np
    import torch
    from helpers.feedback import call, fail

    def against_autograd(where, z, g):
        logits = torch.tensor(z, requires_grad=True)
        right, = torch.autograd.grad(torch.softmax(logits, dim=0), logits, grad_outputs=torch.tensor(g))
        got = call(where, softmax_vjp, z.copy(), g.copy())
        if got is None:
            raise AssertionError(f'{where} returned None: did you forget `return`?')
        got = np.asarray(got, dtype=float)
        assert got.shape == z.shape, f'{where} has shape {got.shape}, expected {z.shape}: one entry per logit.'
        error = np.abs(got - right.numpy()).max()
        assert error < 1e-09, f'{where} differs from autograd by up to {error:.2g}. If the check on 4 classes fails too, fix that first.'
    rng = np.random.default_rng(3)
    z, g = (rng.normal(scale=3.0, size=1000), rng.normal(size=1000))
    where = 'softmax_vjp(1,000 random logits, g)'
    against_autograd(where, z, g)
    taken = 0
    if getattr(softmax_vjp, '__code__', None) is not None:
        tracing = tracemalloc.is_tracing()
        if not tracing:
            tracemalloc.start()
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        call(where, softmax_vjp, z.copy(), g.copy())
        taken = tracemalloc.get_traced_memory()[1] - before
        if not tracing:
            tracemalloc.stop()
    if taken >= 1000 * 1000 * 8 / 2:
        raise fail(f'{where} took {taken / 1000000.0:.0f} MB of memory: it built a C x C array (J alone is 8 MB for 1,000 classes, and 20 GB for 50,000). Write entry i of J^T g as a sum over j and simplify it: it needs only vectors of length C and one number that all entries share.', mistake='builds-the-jacobian')
    z, g = (rng.normal(scale=3.0, size=5000), rng.normal(size=5000))
    against_autograd('softmax_vjp(5,000 random logits, g)', z, g)

