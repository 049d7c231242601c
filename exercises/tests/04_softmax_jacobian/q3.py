from helpers.feedback import test_case

OK_FORMAT = False

name = "q3"
points = 2
all_or_nothing = True

@test_case(points=None, hidden=False)
def test_q3_iris(q3_self, q3_cross, q3_grad):
    from helpers.feedback import verdict
    assert q3_self is not Ellipsis and q3_cross is not Ellipsis and (q3_grad is not Ellipsis), 'Replace the ... with your answers and run the cell.'
    verdict('q3_self', q3_self, 0.57 * 0.43, [('That is p_0 itself: the diagonal entry is p_0 (1 - p_0).', 0.57)], hint='q3_self is the entry in row 0, column 0 of softmax_jacobian(z_iris).', atol=1e-06, reveal=False)
    verdict('q3_cross', q3_cross, -0.57 * 0.31, [('The sign: off the diagonal the derivative is MINUS p_i p_j.', 0.57 * 0.31)], hint='q3_cross is the entry in row 0 (Setosa), column 1 (Versicolor) of softmax_jacobian(z_iris).', atol=1e-06, reveal=False)
    verdict('q3_grad', q3_grad, [-0.43, 0.31, 0.12], [('The sign is flipped: the gradient is p - y.', [0.43, -0.31, -0.12]), ('Off by one: Setosa is class 0, so y = [1, 0, 0].', [0.57, -0.69, 0.12])], hint='q3_grad = ce_grad(z_iris, 0), that is p - y with y the one-hot vector of Setosa.', atol=1e-06, reveal=False)

