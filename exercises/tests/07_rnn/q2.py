from helpers.feedback import test_case

OK_FORMAT = False

name = "q2"
points = 4

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
    right = run(xs, h0, correct_step)
    if got is not None and np.shape(got) == right.shape and np.allclose(got, right, atol=1e-06):
        return
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
            variants = [('Every step started again from h0, so no step sees the ones before it: that is a layer applied to each position alone, not a recurrence. Feed each new state into the next step.', run(xs, h0, step, carry=False), 'no-memory'), ('Off by one: you returned h0 as well (6 states for 5 steps). Return only h_1..h_tau.', np.vstack([h0, right]), 'off-by-one'), ('Off by one: the last step is missing. Loop over every row of xs.', right[:-1], 'off-by-one'), ('Off by one: you returned h0 and dropped the last state. Return h_1..h_tau.', np.vstack([h0, right[:-1]]), 'off-by-one'), ('The order is reversed: step t must process xs[t], from the first row to the last.', run(xs[::-1], h0, step), 'order-reversed')]
        except Exception:
            continue
        for message, wrong, key in variants:
            if got is not None and np.shape(got) == wrong.shape and np.allclose(got, wrong, atol=1e-06):
                verdict(where, got, right, [(message, wrong, key)])
    verdict(where, got, run(xs, h0, correct_step), hint='Loop over the rows of xs, feed each new state into the next step, and keep every new state.')

@test_case(points=None, hidden=False)
def test_q2_bptt(bptt, rnn_step_backward, rnn_step):
    import numpy as np
    import torch
    from helpers.feedback import call, fail, verdict
    rng = np.random.default_rng(25)
    tau, D, H = (5, 3, 4)
    W, U, b = (rng.normal(size=(H, D)), rng.normal(size=(H, H)), 0.3 * rng.normal(size=H))
    xs, h0, G = (rng.normal(size=(tau, D)), 0.5 * rng.normal(size=H), rng.normal(size=(tau, H)))
    shapes = [W.shape, U.shape, b.shape, h0.shape]
    leaves = [torch.tensor(v, requires_grad=True) for v in (W, U, b, h0)]
    tW, tU, tb, h = leaves
    loss = 0
    for t in range(tau):
        h = torch.tanh(tW @ torch.tensor(xs[t]) + tU @ h + tb)
        loss = loss + (torch.tensor(G[t]) * h).sum()
    loss.backward()
    autograd = [leaf.grad.numpy() for leaf in leaves]

    def reference_step_backward(x, h, W, U, b, g):
        da = (1 - np.tanh(W @ x + U @ h + b) ** 2) * g
        return (U.T @ da, np.outer(da, x), np.outer(da, h), da)

    def states(restart=False):
        h, out = (h0, [])
        for x in xs:
            h = np.tanh(W @ x + U @ (h0 if restart else h) + b)
            out.append(h)
        return np.array(out)

    def backprop(step_back, carry=True, backwards=True, previous=None, add=True, rows=None):
        """BPTT done right (the defaults) or with one thing done differently; also returns dL/dh_1."""
        if previous is None:
            previous = np.vstack([h0, states()[:-1]])
        total = [np.zeros(W.shape), np.zeros(U.shape), np.zeros(b.shape)]
        later, into_h1 = (np.zeros(H), None)
        for t in range(tau - 1, -1, -1) if backwards else range(tau):
            g = (G[t] if rows is None or t in rows else 0 * G[t]) + (later if carry else 0)
            if t == 0:
                into_h1 = g
            parts = [np.asarray(p, dtype=float) for p in step_back(xs[t], previous[t], W, U, b, g)]
            total = [s + p for s, p in zip(total, parts[1:])] if add else parts[1:]
            later = parts[0]
        return ([*total, later], into_h1)
    flat = lambda parts: np.concatenate([np.ravel(p) for p in parts])
    where = 'bptt(xs (5 steps of 3 inputs), h0, W, U, b, G)'
    got = call(where, bptt, xs.copy(), h0.copy(), W.copy(), U.copy(), b.copy(), G.copy(), on_error='bptt calls your rnn_forward and rnn_step_backward: if Question 1 or the check above fails, fix that first.')
    if got is None:
        verdict(where, got, 0.0)
    if isinstance(got, dict) or not isinstance(got, (tuple, list)) or len(got) != 4:
        what = f'{len(got)} things' if isinstance(got, (tuple, list)) else f'a {type(got).__name__}'
        raise fail(f'{where} returned {what}: return the four gradients as one tuple, (dW, dU, db, dh0).', mistake='gradients-not-a-tuple')
    try:
        got = [np.asarray(p, dtype=float) for p in got]
    except (TypeError, ValueError):
        raise AssertionError(f'{where} returned something that is not four arrays of numbers.') from None
    if [p.shape for p in got] != shapes:
        raise AssertionError(f'{where} returned shapes {[p.shape for p in got]}, expected {shapes}: (dW, dU, db, dh0), each with the shape of what it differentiates.')
    if np.allclose(flat(got), flat(autograd), atol=1e-06):
        return
    steps = [reference_step_backward]
    if callable(rnn_step_backward):
        mine = lambda *args: rnn_step_backward(*[np.array(a, dtype=float) for a in args])
        try:
            first = mine(xs[0], h0, W, U, b, G[0])
            if len(first) == 4 and [np.shape(p) for p in first] == [h0.shape, W.shape, U.shape, b.shape]:
                steps.insert(0, mine)
        except Exception:
            pass
    forward_states = [states()]
    if callable(rnn_step):
        try:
            h, mine = (h0, [])
            for x in xs:
                h = np.asarray(rnn_step(x.copy(), h.copy(), W.copy(), U.copy(), b.copy()), dtype=float)
                mine.append(h)
            mine = np.array(mine)
            if mine.shape == (tau, H) and np.all(np.isfinite(mine)):
                forward_states.append(mine)
        except Exception:
            pass
    rights = [autograd]
    for step in steps:
        for made in forward_states:
            try:
                rights.append(backprop(step, previous=np.vstack([h0, made[:-1]]))[0])
            except Exception:
                pass
    if any((np.allclose(flat(got), flat(r), atol=1e-06) for r in rights)):
        return
    for step in steps:
        try:
            right, into_h1 = backprop(step)
            variants = [('Each step got only the gradient of its own output, G[t]: h_t also reaches L through every LATER step (h_t feeds h_{t+1}). Add what step t + 1 sends back to h_t before going back through step t.', backprop(step, carry=False)[0], 'bptt-later-steps-ignored'), ('You went through the steps from the first to the last: what reaches h_t from the later steps is known only once step t + 1 has been gone through, so visit the steps from the last to the first.', backprop(step, backwards=False)[0], 'order-reversed'), ('Step t started from its own output h_t: the state it starts from is h_{t-1} (h0 for the first step), the state that U multiplied.', backprop(step, previous=states())[0], 'wrong-state'), ('Those are the weight gradients of ONE step: W, U and b are used at every step, so add up the gradients of all the steps.', backprop(step, add=False)[0], 'weights-not-summed'), ("Only the last row of G went in, as if L read the last state alone: every step's output reads its state, so G[t] enters at every step t.", backprop(step, rows={tau - 1})[0], 'bptt-last-output-only'), ('dh0 is the gradient at h_1 (G[0] plus what came back from the later steps): h0 is one step further back, what step 1 sends to the state it started from.', right[:3] + [into_h1], 'off-by-one'), ('Your states restart from h0 at every step: the states of the forward pass are wrong. Fix rnn_forward first (the check above).', backprop(step, previous=np.vstack([h0, states(restart=True)[:-1]]))[0], ''), ('The states of your forward pass are off by one (h0 is among them): fix rnn_forward first (the check above).', backprop(step, previous=np.vstack([h0, h0, states()[:-2]]))[0], ''), ('The sign is flipped: the chain rule multiplies gradients, it does not negate them.', [-r for r in right], 'sign')]
        except Exception:
            continue
        for message, wrong, key in variants:
            if np.allclose(flat(got), flat(wrong), atol=1e-06):
                raise fail(f'{where} is not right. {message}', mistake=key)
    for name, mine_part, right_part in zip(['dW', 'dU', 'db', 'dh0'], got, autograd):
        verdict(f'{where}: {name}', mine_part, right_part, hint="h_t reaches L through its own output and through h_{t+1}; go through the steps from the last to the first, and add up each weight's gradient over the steps.")

