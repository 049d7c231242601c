from helpers.feedback import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_q2_forward(rnn_forward, rnn_step):
    import numpy as np
    from helpers.feedback import call, verdict
    rng = np.random.default_rng(22)
    W, U, b = (rng.normal(size=(4, 3)), rng.normal(size=(4, 4)), rng.normal(size=4) * 0.1)
    xs, h0 = (rng.normal(size=(5, 3)), np.zeros(4))
    correct_step = lambda x, h: np.tanh(W @ x + U @ h + b)

    def run(xs, h0, step, carry=True):
        h, out = (h0, [])
        for x in xs:
            new = np.asarray(step(x, h), dtype=float)
            out.append(new)
            h = new if carry else h0
        return np.array(out)
    where = 'rnn_forward(5 steps of 3 inputs, h0 = zeros(4), W, U, b)'
    got = call(where, rnn_forward, xs.copy(), h0.copy(), W.copy(), U.copy(), b.copy(), on_error='rnn_forward calls your rnn_step: if Question 1 fails, fix rnn_step first.')
    steps = [correct_step]
    if callable(rnn_step):
        mine = lambda x, h: np.asarray(rnn_step(x.copy(), h.copy(), W.copy(), U.copy(), b.copy()), dtype=float)
        try:
            first = mine(xs[0], h0)
            if first.shape == h0.shape and np.all(np.isfinite(first)):
                steps.insert(0, mine)
        except Exception:
            pass
    expected = []
    for step in steps:
        try:
            expected.append((step, run(xs, h0, step)))
        except Exception:
            pass
    for _, right in expected:
        if got is not None and np.shape(got) == right.shape and np.allclose(got, right, atol=1e-06):
            return
    for step, right in expected:
        try:
            variants = [('Every step started again from h0: feed each new state into the next step (h = rnn_step(x, h, ...)).', run(xs, h0, step, carry=False)), ('Off by one: you returned h0 as well (6 states for 5 steps). Return only h_1..h_T.', np.vstack([h0, right])), ('Off by one: the last step is missing. Loop over every row of xs.', right[:-1]), ('Off by one: you returned h0 and dropped the last state. Return h_1..h_T.', np.vstack([h0, right[:-1]])), ('The order is reversed: step t must process xs[t], from the first row to the last.', run(xs[::-1], h0, step))]
        except Exception:
            continue
        for message, wrong in variants:
            if got is not None and np.shape(got) == wrong.shape and np.allclose(got, wrong, atol=1e-06):
                verdict(where, got, right, [(message, wrong)])
    verdict(where, got, run(xs, h0, correct_step), hint='Loop over the rows of xs, feed each new state into the next step, and keep every new state.')

