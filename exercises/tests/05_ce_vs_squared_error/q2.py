from helpers.feedback import test_case

OK_FORMAT = False

name = "q2"
points = 2
all_or_nothing = True

@test_case(points=None, hidden=False)
def test_q2_iris(compare_losses, q2_ce, q2_se_true, q2_se_all):
    import numpy as np
    from helpers.feedback import call, verdict
    where = 'compare_losses([0.57, 0.31, 0.12], 0)'
    got = call(where, compare_losses, np.array([0.57, 0.31, 0.12]), 0)
    assert got is not None, f'{where} returned None: did you forget `return`?'
    assert np.shape(got) == (3,), f'{where} must return three numbers (ce, se_true, se_all), not {got!r}.'
    ce, se_true, se_all = got
    verdict(f'{where}[0], the cross-entropy', ce, -np.log(0.57), [('That is log base 10: cross-entropy uses the natural log (np.log).', -np.log10(0.57)), ('That is log base 2: use the natural log (np.log).', -np.log2(0.57)), ('The sign: cross-entropy is MINUS the log, a positive number.', np.log(0.57))], hint="The cross-entropy is -ln of the true class's probability.", reveal=False)
    verdict(f'{where}[1], the squared error of the true class', se_true, 0.1849, [('Square the difference: (1 - p[label]) ** 2.', 0.43)], hint='Only the true class counts here: (1 - p[label]) squared.', reveal=False)
    verdict(f'{where}[2], the squared error of all classes', se_all, 0.2954, [('That counts only the true class: add the squares of the other classes too (0.31^2 and 0.12^2).', 0.1849), ('That is the MEAN over the classes: the squared error here is their SUM.', 0.2954 / 3)], hint='Sum (p_i - y_i)^2 over every class, with y the one-hot vector of the label.', reveal=False)
    assert q2_ce is not Ellipsis and q2_se_true is not Ellipsis and (q2_se_all is not Ellipsis), 'Set q2_ce, q2_se_true and q2_se_all from compare_losses(p_iris, 0) and run the cell.'
    verdict('(q2_ce, q2_se_true, q2_se_all)', [q2_ce, q2_se_true, q2_se_all], [ce, se_true, se_all], reveal=False, hint='Set them from compare_losses(p_iris, 0).')

