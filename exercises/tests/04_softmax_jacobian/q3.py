from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 2

@test_case(points=None, hidden=False)
def test_q3_iris(q3_self, q3_cross, q3_grad):
    from helpers.feedback import verdict
    assert q3_self is not Ellipsis and q3_cross is not Ellipsis and (q3_grad is not Ellipsis), 'Replace the ... with your answers and run the cell.'
    verdict('q3_self', q3_self, 0.57 * 0.43, [('That is p_0 itself: the diagonal entry is p_0 (1 - p_0).', 0.57)], hint='q3_self = 0.57 * (1 - 0.57).', atol=1e-06)
    verdict('q3_cross', q3_cross, -0.57 * 0.31, [('The sign: off the diagonal the derivative is MINUS p_i p_j.', 0.57 * 0.31)], hint='q3_cross = -0.57 * 0.31.', atol=1e-06)
    verdict('q3_grad', q3_grad, [-0.43, 0.31, 0.12], [('The sign is flipped: the gradient is p - y.', [0.43, -0.31, -0.12]), ('Off by one: Setosa is class 0, so y = [1, 0, 0].', [0.57, -0.69, 0.12])], hint='q3_grad = p - y with y = [1, 0, 0].', atol=1e-06)

