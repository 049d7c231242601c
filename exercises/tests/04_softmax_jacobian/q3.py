from helpers.feedback import test_case

OK_FORMAT = False

name = "q3"
points = 3
all_or_nothing = True

@test_case(points=None, hidden=False)
def test_q3_second_differences(q3_se, q3_ce):
    import numpy as np
    import torch
    from helpers.feedback import fail, verdict
    ts, h = (np.linspace(-2.0, 8.0, 1001), 0.01)

    def derivatives(at, loss):
        t = torch.tensor(at, requires_grad=True)
        z = torch.cat([t[:, None], torch.zeros(len(at), 9, dtype=torch.float64)], dim=1)
        first, = torch.autograd.grad(loss(z).sum(), t, create_graph=True)
        second, = torch.autograd.grad(first.sum(), t)
        return (first.detach().numpy(), second.numpy())

    def se(z):
        return ((torch.softmax(z, dim=1) - torch.eye(10, dtype=torch.float64)[1]) ** 2).sum(dim=1)

    def ce(z):
        return torch.logsumexp(z, dim=1) - z[:, 1]
    for name, got, loss in [('q3_se (squared error)', q3_se, se), ('q3_ce (cross-entropy)', q3_ce, ce)]:
        exact = derivatives(ts, loss)[1][1:-1]
        if got is None:
            raise AssertionError(f'{name.split()[0]} is None: your second_differences returned nothing (is its body still `...`, or is its `return` missing?). Write it, run the cell again, then this check.')
        if got is Ellipsis:
            verdict(name, got, exact)
        try:
            got = np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            raise AssertionError(f'{name} is {got!r}: expected an array of numbers.') from None
        if got.shape == ts.shape:
            raise fail(f'{name} has one estimate per sample, {len(ts)}: the two end points have only one neighbour each. Return the n - 2 estimates at the inner points (here {len(ts) - 2}).', mistake='end-points-kept')
        variants = [('You did not divide by h^2: the second difference of samples h apart is divided by h^2.', exact * h ** 2, 'second-difference-scale'), ('You divided by h: the second difference of samples h apart is divided by h^2.', exact * h, 'second-difference-scale'), ('You divided by (2h)^2: the neighbours of t_k are h away, not 2h (that is the spacing of np.gradient).', exact / 4, 'second-difference-scale'), ('The sign is flipped: the value at t_k enters with -2, its two neighbours with +1.', -exact, 'sign'), ('That is a first difference (f(t_k+1) - f(t_k)) / h, a slope: the second difference compares each sample with BOTH its neighbours.', derivatives(ts[:-1] + h / 2, loss)[0], 'first-difference')]
        for message, wrong, key in variants:
            if got.shape == wrong.shape and np.allclose(got, wrong, atol=1e-05, rtol=1e-06):
                raise fail(f'{name} is not right. {message}', mistake=key)
        assert got.shape == exact.shape, f'{name} has shape {got.shape}, expected {exact.shape}: one estimate per inner point of the {len(ts)}.'
        error = np.nan_to_num(np.abs(got - exact), nan=np.inf).max()
        assert error < 1e-05, f"{name} differs from the second derivative (computed by autograd) by up to {error:.2g}. Write f(t_k + h) and f(t_k - h) as Taylor series around t_k and combine them so that f'(t_k) cancels."

@test_case(points=None, hidden=False)
def test_q3_convexity(q3_predicted, q3_bend, q3_ce_min):
    import numpy as np
    from helpers.feedback import verdict
    verdict('q3_predicted', q3_predicted, np.log(18), [("That is the chapter's bend for 3 classes: with 10 classes, 9 other logits are 0.", np.log(4), 'wrong-class-count'), ('The other classes number C - 1 = 9, each contributing e^0 = 1 to the sum: not C = 10.', np.log(20), 'wrong-class-count'), ('That is where p_0 = 1/2: the bend comes where p_0 = 2/3.', np.log(9), 'bend-at-one-half'), ('That is log base 10: the logit t is a natural log, ln(e^t) = t.', np.log10(18), 'log-base-10')], hint='Solve e^t / (e^t + 9) = 2/3 for t: the other nine logits are 0.', atol=0.01, reveal=False)
    no_negative = 'No second difference of squared error is negative there: q3_bend is the first t at which q3_se < 0 (and q3_se[k] belongs to ts[k + 1], the inner points).'
    verdict('q3_bend', q3_bend, np.log(18), [(no_negative, -2.0, 'bend-misread'), (no_negative, -1.99, 'bend-misread'), ('That is the index of the entry in q3_se, not the value of t there: q3_se[k] belongs to ts[k + 1].', 489.0, 'index-not-value'), ('That is an index, not the value of t there: q3_se[k] belongs to ts[k + 1].', 490.0, 'index-not-value'), ("That is the chapter's bend for 3 classes: find the first negative entry of your q3_se.", np.log(4), 'wrong-class-count')], hint='Find the first entry of q3_se that is negative and take the t of that inner point.', atol=0.015, reveal=False)
    verdict('q3_ce_min', q3_ce_min, 9 * np.exp(7.99) / (np.exp(7.99) + 9) ** 2, [("That is the smallest second difference of squared error: q3_ce_min is cross-entropy's (q3_ce).", -0.13355914, 'other-loss')], hint='q3_ce_min is the smallest entry of q3_ce: cross-entropy curves upward all along the line.', atol=1e-06, reveal=False)

