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
    got = call(where, rnn_step, x, h, W, U, b, on_error='W (shape (H, D)) multiplies the input x (D,), U (shape (H, H)) the previous state h (H,): W @ x + U @ h + b.')
    verdict(where, got, right, [('The tanh is missing: h_t = tanh(W x_t + U h_{t-1} + b).', W @ x + U @ h + b), ('That is a sigmoid; the RNN of the chapter uses tanh (np.tanh), which keeps h in (-1, 1) centred on 0.', 1 / (1 + np.exp(-(W @ x + U @ h + b)))), ("The previous hidden state is ignored: add U @ h (that term is the network's memory).", np.tanh(W @ x + b)), ('The bias b is missing.', np.tanh(W @ x + U @ h)), ('The input is ignored: add W @ x.', np.tanh(U @ h + b))], hint='Apply tanh to W x + U h + b (matrix products with @).')

