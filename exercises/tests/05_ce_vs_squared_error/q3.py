from helpers.feedback import test_case

OK_FORMAT = False

name = "q3"
points = 3
all_or_nothing = True

@test_case(points=None, hidden=False)
def test_q3_what_was_trained(q3_factor, q3_rate, q3_ce_epochs, q3_colleague_epochs):
    from helpers.feedback import fail, verdict
    verdict('q3_factor', q3_factor, 2.0, [("Upside down: the colleague's gradient is q3_factor times the cross-entropy gradient.", 0.5, 'upside-down'), ("The two gradients are not the same: compare one entry of each (and look for the factor of the square's derivative).", 1.0, 'gradients-assumed-equal')], hint="Compare an entry of the colleague's gradient with the same entry of the cross-entropy gradient.", reveal=False)
    verdict('q3_rate', q3_rate, 2.0, [("Upside down: the colleague's step is 1.0 times their gradient, which is q3_factor times the cross-entropy's.", 0.5, 'upside-down'), ("At rate 1.0, cross-entropy takes steps q3_factor times smaller than the colleague's.", 1.0, 'rate-not-rescaled')], hint="The colleague's step is 1.0 times their gradient: write that gradient with the cross-entropy's.", reveal=False)
    if q3_ce_epochs is not None and q3_ce_epochs is not Ellipsis and (q3_ce_epochs != q3_colleague_epochs):
        raise fail(f"q3_ce_epochs is {q3_ce_epochs}, and the colleague's run {q3_colleague_epochs}: set q3_ce_epochs to train(ce_grad, q3_rate), with your q3_rate, and run the cell again.", mistake='rate-not-rescaled')
    verdict('q3_ce_epochs', q3_ce_epochs, q3_colleague_epochs, hint='q3_ce_epochs is what train(ce_grad, q3_rate) returns.', reveal=False)

@test_case(points=None, hidden=False)
def test_q3_true_squared_error(q3_se_epochs, q3_colleague_epochs):
    import numpy as np
    from helpers.feedback import verdict
    from helpers.training import confidently_wrong_start, load_iris
    iris = load_iris()
    x, y = (iris.features, iris.labels)
    W, b = confidently_wrong_start(x, y, scale=1.5)
    Y = np.eye(3)[y]

    def epochs_to_90(step):
        W_, b_ = (W.copy(), b.copy())
        for epoch in range(2001):
            Z = x @ W_.T + b_
            if np.mean(Z.argmax(axis=1) == y) >= 0.9:
                return epoch
            P = np.exp(Z - Z.max(axis=1, keepdims=True))
            P /= P.sum(axis=1, keepdims=True)
            dZ = step(P, P - Y) / len(y)
            W_, b_ = (W_ - dZ.T @ x, b_ - dZ.sum(axis=0))
        return None
    right = epochs_to_90(lambda P, E: 2 * P * (E - (P * E).sum(axis=1, keepdims=True)))
    cross_entropy_at_rate_1 = epochs_to_90(lambda P, E: E)
    if q3_se_epochs is None:
        raise AssertionError('q3_se_epochs is None: with your se_grad_logits, train did not reach 90% within 2,000 epochs. Make se_grad_logits pass Question 1 first (a missing factor 2 alone halves every step).')
    verdict('q3_se_epochs', q3_se_epochs, right, [("That is the colleague's run: train with your se_grad_logits of Question 1, at learning rate 1.0.", q3_colleague_epochs, 'colleague-gradient-used'), ('That is cross-entropy at learning rate 1.0: train with your se_grad_logits.', cross_entropy_at_rate_1, 'other-loss')], hint='q3_se_epochs is what train(se_grad_logits, 1.0) returns, with se_grad_logits passing Question 1.', reveal=False)

