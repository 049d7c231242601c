from helpers.feedback import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=None, hidden=False)
def test_q1_step(rnn_step):
    import numpy as np
    from helpers.feedback import call, verdict
    rng = np.random.default_rng(20)
    W, U, b = (rng.normal(size=(4, 3)), rng.normal(size=(4, 4)), rng.normal(size=4))
    x, h = (rng.normal(size=3), rng.normal(size=4))
    right = np.tanh(W @ x + U @ h + b)
    where = 'rnn_step(x, h, W, U, b)'
    got = call(where, rnn_step, x.copy(), h.copy(), W.copy(), U.copy(), b.copy(), on_error='W (shape (H, D)) multiplies the input x (D,), U (shape (H, H)) the previous state h (H,), and the bias b (H,) is added.')
    verdict(where, got, right, [('The tanh is missing: the new state is tanh of the sum, which keeps it in (-1, 1).', W @ x + U @ h + b, 'no-tanh'), ('That is a sigmoid; the RNN of the chapter uses tanh (np.tanh), which keeps h in (-1, 1) centred on 0.', 1 / (1 + np.exp(-(W @ x + U @ h + b))), 'sigmoid'), ("The previous state is ignored: the term with U and h is the network's memory.", np.tanh(W @ x + b), 'no-memory'), ('The bias b is missing.', np.tanh(W @ x + U @ h), 'no-bias'), ('The input is ignored: the term with W and x is missing.', np.tanh(U @ h + b), 'no-input')], hint='The new state is tanh of (W times x) + (U times h) + b, with matrix products.')

@test_case(points=None, hidden=False)
def test_q1_backward(rnn_step_backward, rnn_step):
    import numpy as np
    import torch
    from helpers.feedback import call, fail, verdict
    rng = np.random.default_rng(24)
    D, H = (3, 4)
    W, U, b = (rng.normal(size=(H, D)), rng.normal(size=(H, H)), 0.5 * rng.normal(size=H))
    x, h, g = (rng.normal(size=D), rng.normal(size=H), rng.normal(size=H))
    leaves = [torch.tensor(v, requires_grad=True) for v in (h, W, U, b)]
    th, tW, tU, tb = leaves
    (torch.tanh(tW @ torch.tensor(x) + tU @ th + tb) * torch.tensor(g)).sum().backward()
    right = [leaf.grad.numpy() for leaf in leaves]
    a = W @ x + U @ h + b
    new = np.tanh(a)
    da = (1 - new ** 2) * g

    def grads(da, back=None, dU=None):
        return [U.T @ da if back is None else back, np.outer(da, x), np.outer(da, h) if dU is None else dU, da]
    variants = [("tanh's derivative is missing: g is the gradient at the OUTPUT of the tanh, and it reaches a = W x + U h + b multiplied by tanh'(a), entry by entry.", grads(g), 'no-tanh-slope'), ("You wrote tanh'(a) as 1 - a^2, with the value inside the tanh: tanh'(a) = 1 - tanh(a)^2, which is 1 - h_t^2 with the step's OUTPUT h_t.", grads((1 - a ** 2) * g), 'tanh-slope-formula'), ("You used the PREVIOUS state h in tanh's derivative: it is 1 - h_t^2 with the new state h_t = tanh(a), the step's output.", grads((1 - h ** 2) * g), 'tanh-slope-of-previous-state'), ('U is not transposed: a = W x + U h + b reaches h through U, so the gradient goes back to h through the TRANSPOSE of U.', grads(da, back=U @ da), 'not-transposed'), ('That is the transpose of dL/dU: entry (i, j) of U multiplies h_j into a_i, so entry (i, j) of its gradient is dL/da_i times h_j.', grads(da, dU=np.outer(h, da)), 'transposed-gradient'), ('dL/dU multiplies dL/da by the state that U multiplied, the PREVIOUS state h, not the new state h_t.', grads(da, dU=np.outer(da, new)), 'wrong-state'), ('The sign is flipped: the chain rule multiplies the gradients, it does not negate them.', [-r for r in right], 'sign')]
    try:
        yours = np.asarray(rnn_step(x.copy(), h.copy(), W.copy(), U.copy(), b.copy()), dtype=float)
        if yours.shape == new.shape and (not np.allclose(yours, new, atol=1e-06)):
            message = 'That is right for YOUR rnn_step, which is not right yet: fix rnn_step first (the check above).'
            variants.insert(0, (message, grads((1 - yours ** 2) * g), ''))
    except Exception:
        pass
    where = 'rnn_step_backward(x, h, W, U, b, g) with D = 3 inputs and H = 4 hidden units'
    got = call(where, rnn_step_backward, x.copy(), h.copy(), W.copy(), U.copy(), b.copy(), g.copy())
    if got is None:
        verdict(where, got, 0.0)
    if isinstance(got, dict) or not isinstance(got, (tuple, list)) or len(got) != 4:
        what = f'{len(got)} things' if isinstance(got, (tuple, list)) else f'a {type(got).__name__}'
        raise fail(f'{where} returned {what}: return the four gradients as one tuple, (g_h, dW, dU, db).', mistake='gradients-not-a-tuple')
    names = ['g_h = dL/dh', 'dW = dL/dW', 'dU = dL/dU', 'db = dL/db']
    for i, name in enumerate(names):
        try:
            value = np.asarray(got[i], dtype=float)
        except (TypeError, ValueError):
            raise AssertionError(f'{where}: entry {i}, {name}, is {got[i]!r:.80}: expected an array.') from None
        if i == 1 and value.shape == (D, H):
            raise fail(f"{where}: dW has shape {value.shape}, the transpose of W's {W.shape}: entry (i, j) of W multiplies x_j into a_i, so entry (i, j) of its gradient is dL/da_i times x_j.", mistake='transposed-gradient')
        verdict(f'{where}: {name} (entry {i} of the tuple)', value, right[i], [(message, wrong[i], key) for message, wrong, key in variants], hint='Each gradient has the shape of what it differentiates, in the order (g_h, dW, dU, db). Find dL/da first, entry by entry, then pass it on to h, W, U and b.')

