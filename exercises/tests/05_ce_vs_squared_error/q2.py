from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 2

@test_case(points=None, hidden=False)
def test_q2_iris(q2_ce, q2_se_true, q2_se_all):
    import numpy as np
    from helpers.feedback import verdict
    assert q2_ce is not Ellipsis and q2_se_true is not Ellipsis and (q2_se_all is not Ellipsis), 'Replace the ... with your answers and run the cell.'
    verdict('q2_ce', q2_ce, -np.log(0.57), [('That is log base 10: cross-entropy uses the natural log (np.log).', -np.log10(0.57)), ('That is log base 2: use the natural log (np.log).', -np.log2(0.57)), ('The sign: cross-entropy is MINUS the log, a positive number.', np.log(0.57))], hint='q2_ce = -np.log(0.57).')
    verdict('q2_se_true', q2_se_true, 0.1849, [('Square the difference: (1 - 0.57) ** 2.', 0.43)], hint='q2_se_true = (1 - 0.57) ** 2.')
    verdict('q2_se_all', q2_se_all, 0.2954, [('That counts only the true class: add the squares of the other classes too (0.31^2 and 0.12^2).', 0.1849), ('That is the MEAN over the classes: the squared error here is their SUM.', 0.2954 / 3)], hint='q2_se_all = np.sum((p - y) ** 2) with y = [1, 0, 0].')

