from helpers.feedback import test_case

OK_FORMAT = False

name = "q4"
points = 4

@test_case(points=None, hidden=False)
def test_q4_gradient_norms(gradient_norms, rnn_forward):
    import numpy as np
    from helpers.feedback import call, fail, verdict
    rng = np.random.default_rng(41)
    tau, H = (6, 3)
    W, U, b = (rng.normal(size=(H, 2)), rng.normal(size=(H, H)), 0.3 * rng.normal(size=H))
    xs, h0 = (rng.normal(size=(tau, 2)), np.zeros(H))
    states = []
    h = h0
    for x in xs:
        h = np.tanh(W @ x + U @ h + b)
        states.append(h)
    states = np.array(states)
    previous = np.vstack([h0, states[:-1]])

    def sizes(slopes, left=False, norm=2):
        product, out = (np.eye(H), [np.linalg.norm(np.eye(H), norm)])
        for k in range(tau - 1, 0, -1):
            J = slopes[k][:, None] * U
            product = J @ product if left else product @ J
            out.append(np.linalg.norm(product, norm))
        return np.array(out)
    slopes = 1 - states ** 2
    right = sizes(slopes)

    def shifted():
        product, out = (np.eye(H), [])
        for k in range(tau - 1, -1, -1):
            product = product @ (slopes[k][:, None] * U)
            out.append(np.linalg.norm(product, 2))
        return np.array(out)
    where = 'gradient_norms(6 steps of 2 inputs, h0 = zeros(3), W, U, b)'
    got = call(where, gradient_norms, xs.copy(), h0.copy(), W.copy(), U.copy(), b.copy(), on_error="gradient_norms calls your rnn_forward: if Question 2's first check fails, fix that first.")
    if got is not None and np.ndim(got) == 3:
        raise fail(f'{where} returned the Jacobians themselves, shape {np.shape(got)}: return their sizes, the largest singular value of each (np.linalg.norm(matrix, 2)), one number per distance.', mistake='jacobians-not-sizes')
    if callable(rnn_forward):
        try:
            mine = np.asarray(rnn_forward(xs.copy(), h0.copy(), W.copy(), U.copy(), b.copy()), dtype=float)
            if mine.shape == states.shape and np.all(np.isfinite(mine)) and (not np.allclose(mine, states, atol=1e-06)):
                if np.shape(got) == right.shape and np.allclose(got, sizes(1 - mine ** 2), atol=1e-06, rtol=1e-06):
                    return
        except Exception:
            pass
    verdict(where, got, right, [('The product is in the wrong order: d h_tau / d h_(tau - d) is J_tau J_(tau-1) ... J_(tau-d+1), with J_tau on the LEFT, and matrices do not commute.', sizes(slopes, left=True), 'jacobian-product-order'), ('That is the Frobenius norm (np.linalg.norm of a matrix, with no ord): the size of a Jacobian here is its largest singular value, np.linalg.norm(matrix, 2).', sizes(slopes, norm='fro'), 'frobenius-norm'), ('That is the Frobenius norm (np.linalg.norm of a matrix, with no ord): the size of a Jacobian here is its largest singular value, np.linalg.norm(matrix, 2).', np.append(1.0, sizes(slopes, norm='fro')[1:]), 'frobenius-norm'), ("tanh's slope is missing: J_k is not U alone; a change of h_(k-1) passes through tanh at step k, which multiplies row i by tanh's slope there.", sizes(np.ones_like(slopes)), 'no-tanh-slope'), ("tanh's slope at step k uses the state step k produces, h_k (1 - h_k^2), not the previous one.", sizes(1 - previous ** 2), 'tanh-slope-of-previous-state'), ('The sizes are in the wrong order: entry d is the distance d = 0, 1, ..., tau - 1, starting with 1 (the identity, d = 0).', right[::-1], 'order-reversed'), ('Entry 0 is missing: it is d = 0, the identity, of size 1, so that entry d is distance d.', right[1:], 'off-by-one'), ('Off by one: entry 0 must be d = 0, the identity, of size 1; your entry d is distance d + 1.', shifted(), 'off-by-one')], hint="J_k says what a small change of h_(k-1) does to h_k (Question 1's step, backwards). Multiply them in the order of the chain rule, J_tau first, and take the largest singular value after each factor.")

@test_case(points=None, hidden=False)
def test_q4_prediction_and_counter_example(q4_predicted, q4_measured, q4_U, q4_norms, states4):
    import numpy as np
    from helpers.feedback import fail, given, verdict
    from helpers.rnn import random_rnn_weights
    W, U, b = random_rnn_weights(32, 32, seed=0)
    xs, h0 = (np.random.default_rng(0).normal(size=(100, 32)), np.zeros(32))

    def norms(U):
        h, states = (h0, [])
        for x in xs:
            h = np.tanh(W @ x + U @ h + b)
            states.append(h)
        states = np.array(states)
        product, out = (np.eye(32), [1.0])
        for k in range(99, 0, -1):
            product = product @ ((1 - states[k] ** 2)[:, None] * U)
            out.append(np.linalg.norm(product, 2))
        return (np.array(out), states)
    sizes, states = norms(U)
    rho, sigma, slope = (np.abs(np.linalg.eigvals(U)).max(), np.linalg.norm(U, 2), np.mean(1 - states ** 2))

    def yours(values, right):
        try:
            values = np.asarray(values, dtype=float)
        except (TypeError, ValueError):
            return None
        return values if values.shape == right.shape and (not np.allclose(values, right, rtol=1e-06, atol=0)) else None
    mine = yours(states4, states)
    number = isinstance(q4_predicted, (int, float, np.number))
    if mine is not None and number and np.isclose(q4_predicted, np.log(1e-10) / np.log(rho * np.mean(1 - mine ** 2))):
        raise AssertionError('q4_predicted is right for the states of YOUR rnn_forward, which is not right yet: fix it first (Question 2).')
    verdict('q4_predicted', q4_predicted, np.log(1e-10) / np.log(rho * slope), [('You used the largest singular value of U: it only bounds how much one step can stretch. Over many steps a power of U grows like its spectral radius, the largest |eigenvalue|.', np.log(1e-10) / np.log(sigma * slope), 'sigma-max-for-spectral-radius'), ("tanh's slope is missing: each step multiplies by the slopes 1 - h_k^2 as well as by U.", np.log(1e-10) / np.log(rho), 'no-tanh-slope'), ("tanh's slope is 1 - h^2, not h^2 or 1 - h: use the mean of 1 - states**2 over the run.", np.log(1e-10) / np.log(rho * np.mean(states ** 2)), 'tanh-slope-formula'), ("tanh's slope is 1 - h^2, not h^2 or 1 - h: use the mean of 1 - states**2 over the run.", np.log(1e-10) / np.log(rho * np.mean(1 - np.abs(states))), 'tanh-slope-formula'), ('That is the factor per step itself: q4_predicted is the DISTANCE d at which factor^d = 1e-10.', rho * slope, 'factor-not-distance')], hint='Solve factor^d = 1e-10 for d, with factor = rho(U4) times the mean of 1 - h^2 over the states.', atol=0.05, reveal=False)
    measured = int(np.argmax(sizes < 1e-10))
    given('q4_measured', q4_measured)
    mine = yours(q4_norms, sizes)
    if mine is not None:
        assert q4_measured != int(np.argmax(mine < 1e-10)), 'q4_measured is right for YOUR q4_norms, which are not right yet: fix gradient_norms first (the check above).'
    if q4_measured in (measured - 1, measured + 1):
        raise fail(f'q4_measured is {q4_measured}, off by one: entry d of gradient_norms is the distance d (entry 0 is d = 0), so the distance is the index itself.', mistake='off-by-one')
    assert q4_measured == measured, f'q4_measured is {q4_measured!r}, which is not right: it is the first index d at which q4_norms is below 1e-10. If the check of gradient_norms above fails, fix that first.'
    matrix = np.asarray(given('q4_U', q4_U), dtype=float)
    assert matrix.shape == (32, 32) and np.all(np.isfinite(matrix)), f"q4_U has shape {matrix.shape}: it must be a 32 x 32 matrix of finite numbers (the cell's RNN has 32 units)."
    largest = np.linalg.norm(matrix, 2)
    if largest < 2 - 1e-09:
        raise fail(f'q4_U has sigma_max = {largest:.3g}: the point is a counter-example with sigma_max(U) >= 2, where the colleague says the gradient cannot vanish.', mistake='counter-example-sigma-max-too-small')
    at_20 = norms(matrix)[0][20]
    if at_20 >= 1e-06:
        raise fail(f"With q4_U the gradient at distance 20 is {at_20:.2g}, not below 1e-6. sigma_max says how much ONE step can stretch a gradient at most; find a U whose product of 20 step Jacobians is tiny all the same (think of powers of U that are 0, or of what a large U does to tanh's slope).", mistake='counter-example-does-not-vanish')

