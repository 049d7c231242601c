from helpers.feedback import test_case

OK_FORMAT = False

name = "q2"
points = 2
all_or_nothing = True

@test_case(points=None, hidden=False)
def test_q2_iris(compare_losses):
    import numpy as np
    from helpers.feedback import call, verdict
    where = 'compare_losses([0.57, 0.31, 0.12], 0)'
    got = call(where, compare_losses, np.array([0.57, 0.31, 0.12]), 0)
    assert got is not None, f'{where} returned None: did you forget `return`?'
    assert np.shape(got) == (3,), f'{where} must return three numbers (ce, se_true, se_all), not {got!r}.'
    ce, se_true, se_all = got
    verdict(f'{where}[0], the cross-entropy', ce, -np.log(0.57), [('That is log base 10: cross-entropy uses the natural log (np.log).', -np.log10(0.57), 'log-base-10'), ('That is log base 2: use the natural log (np.log).', -np.log2(0.57), 'log-base-2'), ('The sign: cross-entropy is MINUS the log, a positive number.', np.log(0.57), 'sign')], hint="The cross-entropy is -ln of the true class's probability.", reveal=False)
    verdict(f'{where}[1], the squared error of the true class', se_true, 0.1849, [('That is 1 - p_y: square the difference.', 0.43, 'not-squared')], hint='Only the true class counts here: 1 - p[label], squared.', reveal=False)
    verdict(f'{where}[2], the squared error of all classes', se_all, 0.2954, [("That counts only the true class: the wrong classes' probabilities count too, each against its 0.", 0.1849, 'se-true-only'), ('That is the MEAN over the classes: the squared error here is their SUM.', 0.2954 / 3, 'mean-over-classes'), ('Off by one: your one-hot vector has its 1 at index label + 1; classes count from 0.', 0.57 ** 2 + 0.69 ** 2 + 0.12 ** 2, 'off-by-one')], hint='Sum (p_i - y_i)^2 over every class, with y the one-hot vector of the label.', reveal=False)

@test_case(points=None, hidden=False)
def test_q2_split(q2_lowest, q2_highest, q2_range):
    import numpy as np
    from helpers.feedback import fail, given, verdict
    splits = {}
    for name, value in [('q2_lowest', q2_lowest), ('q2_highest', q2_highest)]:
        try:
            p = np.asarray(given(name, value), dtype=float)
        except (TypeError, ValueError):
            raise AssertionError(f'{name} is {value!r}: expected three probabilities [0.57, ..., ...].') from None
        assert p.shape == (3,), f'{name} has shape {p.shape}: expected three probabilities [0.57, ..., ...].'
        if abs(p[0] - 0.57) >= 1e-09:
            raise fail(f'{name} gives Setosa {p[0]:.4g}: keep the true class at 0.57 (the cross-entropy then stays the same) and move only the other 0.43 between Versicolor and Virginica.', mistake='true-class-moved')
        assert np.all(p >= -1e-12) and abs(p.sum() - 1) < 1e-09, f'{name} = {p.tolist()} is not a probability vector: the entries must be >= 0 and sum to 1, so Versicolor and Virginica share exactly 0.43.'
        splits[name] = np.sort(p[1:])
    low, high = (splits['q2_lowest'], splits['q2_highest'])
    if np.allclose(low, [0.0, 0.43], atol=1e-09) and np.allclose(high, [0.215, 0.215], atol=1e-09):
        raise fail('q2_lowest and q2_highest are swapped: a squared error charges a large wrong probability more than two small ones that add up to it.', mistake='upside-down')
    if not np.allclose(low, [0.215, 0.215], atol=1e-09):
        message = "It is the StatQuest notes' own prediction: another split of the 0.43 gives a smaller squared error." if np.allclose(low, [0.12, 0.31], atol=1e-09) else 'Another split of the same 0.43 gives a smaller squared error.'
        raise fail(f'q2_lowest = {[0.57, *np.asarray(q2_lowest, dtype=float)[1:].tolist()]} is not the lowest. {message} The wrong classes pay a^2 + b^2 with a + b = 0.43: try a few splits, or write b = 0.43 - a.', mistake='source-value-copied' if np.allclose(low, [0.12, 0.31], atol=1e-09) else '')
    if not np.allclose(high, [0.0, 0.43], atol=1e-09):
        raise AssertionError(f'q2_highest = {np.asarray(q2_highest, dtype=float).tolist()} is not the highest: another split of the 0.43 gives a larger squared error. a^2 + b^2 with a + b = 0.43 grows as the two move apart.')
    verdict('q2_range', q2_range, [0.43 ** 2 * 1.5, 0.43 ** 2 * 2], [('Those are the squared errors of the true class alone (se_true): q2_range holds se_all.', [0.1849, 0.1849], 'se-true-only'), ('Those are the cross-entropies: q2_range holds the all-class squared errors, se_all.', [-np.log(0.57)] * 2, 'other-loss'), ('Upside down: the lowest first, then the highest.', [0.43 ** 2 * 2, 0.43 ** 2 * 1.5], 'upside-down')], hint='q2_range is (se_all of q2_lowest, se_all of q2_highest), from your compare_losses.', reveal=False)

