from helpers.feedback import test_case

OK_FORMAT = False

name = "q2"
points = 4

@test_case(points=None, hidden=False)
def test_q2_relative_error(relative_error):
    import numpy as np
    from helpers.feedback import call, verdict

    def variants(a, n, scale):
        d = np.abs(a - n)
        return [('You divided entry by entry: an entry that is (nearly) 0 in both arrays then gives a huge ratio from a tiny difference. Divide the largest difference by ONE scale, the largest entry of either.', np.max(d / np.maximum(np.maximum(np.abs(a), np.abs(n)), 1e-300)), 'relative-error-entrywise'), ('That is the absolute difference: divide it by the largest entry (in absolute value) of either array, so that the error means the same for a gradient of size 1000 or 0.001.', d.max(), 'relative-error-absolute'), ('You averaged the differences: the relative error takes the LARGEST difference, max |a - n|.', d.mean() / scale, 'relative-error-mean'), ("You compared norms (square roots of sums of squares): the chapter's relative error takes the largest single difference and the largest single entry.", np.linalg.norm(a - n) / max(np.linalg.norm(a), np.linalg.norm(n)), 'relative-error-norms'), ('You divided by the largest entry of the analytic array only: take the larger of the two arrays.', d.max() / np.abs(a).max(), 'relative-error-one-scale'), ('You divided by the largest entry of the numerical array only: take the larger of the two arrays.', d.max() / np.abs(n).max(), 'relative-error-one-scale'), ('The differences lost their sign the wrong way: the largest disagreement is max |a - n|, with the absolute value, whichever array is larger.', np.max(a - n) / scale, 'relative-error-signed'), ('The differences lost their sign the wrong way: the largest disagreement is max |a - n|, with the absolute value, whichever array is larger.', np.max(n - a) / scale, 'relative-error-signed')]
    for a, n in [([1.0, -2.0, 0.0, 0.5], [1.0, -2.5, 1e-12, 0.5]), ([-4.0, 1.0, 0.2], [-3.0, 1.0, 0.2])]:
        a, n = (np.array(a), np.array(n))
        scale = max(np.abs(a).max(), np.abs(n).max())
        where = f'relative_error({a.tolist()}, {n.tolist()})'
        verdict(where, call(where, relative_error, a.copy(), n.copy()), np.abs(a - n).max() / scale, variants(a, n, scale), hint='Divide the largest |analytic - numerical| by the largest |entry| of either array.')

@test_case(points=None, hidden=False)
def test_q2_numerical_gradient(q2_point, q2_numeric, q2_error_at_zero):
    import numpy as np
    from helpers.feedback import given, verdict
    x = np.asarray(given('q2_point', q2_point), dtype=float)
    assert x.shape == (3,) and np.all(np.isfinite(x)), f'q2_point must be three finite logits, got {q2_point!r}.'

    def loss(v):
        e = np.exp(v - v.max())
        return np.sum((e / e.sum() - np.eye(3)[1]) ** 2)
    p = np.exp(x - x.max())
    p = p / p.sum()
    exact = 2 * (np.diag(p) - np.outer(p, p)) @ (p - np.eye(3)[1])
    h, steps = (1e-05, np.eye(3) * 1e-05)
    forward = np.array([(loss(x + s) - loss(x)) / h for s in steps])
    verdict('q2_numeric (your numerical_gradient of se_loss at q2_point)', q2_numeric, exact, [('That is a one-sided (forward) difference, (f(x + h) - f(x)) / h: its error shrinks only like h. Use the CENTRAL difference, with a step on each side of x.', forward, 'forward-difference'), ('Each entry is twice too large: the two nudged points are 2h apart, so divide by 2h.', 2 * exact, 'central-difference-over-h'), ('The sign is flipped: subtract f(x - h e_i) from f(x + h e_i), not the other way round.', -exact, 'sign'), ('Every entry is 0: you nudged all the coordinates at once (x + h), and softmax ignores a shift of all the logits. Nudge ONE coordinate at a time, by h e_i.', np.zeros(3), 'all-coordinates-at-once')], hint='Entry i is (f(x + h e_i) - f(x - h e_i)) / 2h, where e_i is 1 at index i and 0 elsewhere; x itself must not change.', atol=1e-08, reveal=False)
    verdict('q2_error_at_zero (your check at [0, 0, 0])', q2_error_at_zero, 0.0, hint="At equal logits the colleague's gradient is right, so a correct check reports an error near 1e-10 there: look again at relative_error.", atol=1e-07)

@test_case(points=None, hidden=False)
def test_q2_catches_the_bug(q2_point, q2_error):
    import numpy as np
    from helpers.feedback import fail, given, verdict
    x = np.asarray(given('q2_point', q2_point), dtype=float)
    assert x.shape == (3,) and np.all(np.isfinite(x)), f'q2_point must be three finite logits, got {q2_point!r}.'
    p = np.exp(x - x.max())
    p = p / p.sum()
    y = np.eye(3)[1]
    exact = 2 * (np.diag(p) - np.outer(p, p)) @ (p - y)
    theirs = 2 * p * (p - y)
    d = np.abs(theirs - exact)
    scale = max(np.abs(theirs).max(), np.abs(exact).max())
    error = d.max() / scale
    if np.ptp(x) < 1e-06:
        raise fail(f'q2_point = {x.tolist()} has equal logits: there softmax is uniform and this gradient happens to be right, so no check can see the bug at such a point. Check at logits that differ, such as random ones.', mistake='gradient-check-at-a-blind-point')
    if error <= 0.001:
        raise fail(f"At q2_point = {x.tolist()} the colleague's gradient is nearly right too (relative error {error:.1e}): check at another point, such as random logits.", mistake='gradient-check-at-a-blind-point')
    verdict('q2_error (your relative_error at q2_point)', q2_error, error, [('You divided entry by entry: divide the largest difference by the largest entry of either array.', np.max(d / np.maximum(np.maximum(np.abs(theirs), np.abs(exact)), 1e-300)), 'relative-error-entrywise'), ('That is the absolute difference: divide it by the largest entry of either array.', d.max(), 'relative-error-absolute')], hint='q2_error must be your relative_error between se_gradient(q2_point, 1) and your numerical gradient.', atol=1e-06)

