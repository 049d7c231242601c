from helpers.feedback import test_case

OK_FORMAT = False

name = "q4"
points = 2
all_or_nothing = True

@test_case(points=None, hidden=False)
def test_q4_opposite(q4_a, q4_b, q4_scores):
    import numpy as np
    from helpers.feedback import fail, given, verdict
    y = np.array([0, 1, 0])
    scores = {}
    for name, value in [('q4_a', q4_a), ('q4_b', q4_b)]:
        try:
            p = np.asarray(given(name, value), dtype=float)
        except (TypeError, ValueError):
            raise AssertionError(f'{name} is {value!r}: expected a 3 x 2 table of probabilities.') from None
        assert p.shape == (3, 2), f'{name} has shape {p.shape}: expected 3 rows (the images) of 2 probabilities.'
        assert np.all(p >= 0) and np.allclose(p.sum(axis=1), 1.0, atol=1e-09), f'Every row of {name} must be a probability vector [P(dog), P(cat)]: entries >= 0 that sum to 1.'
        p_true = p[np.arange(3), y]
        with np.errstate(divide='ignore'):
            scores[name] = (np.mean(p.argmax(axis=1) != y), np.mean(np.sum((p - np.eye(2)[y]) ** 2, axis=1)), np.mean(-np.log(p_true)))
    (error_a, se_a, ce_a), (error_b, se_b, ce_b) = (scores['q4_a'], scores['q4_b'])
    if error_a != error_b:
        raise fail(f'A and B make different numbers of mistakes (classification errors {error_a:.4g} and {error_b:.4g}): the point is that classification error cannot choose between them. A tie on a row goes to class 0, dog.', mistake='errors-differ')
    if se_a >= se_b:
        raise fail(f'Squared error scores A {se_a:.4f} and B {se_b:.4f}: it must score A lower. Squared error is bounded: a confident mistake costs it at most 2, while each hesitant right answer costs it up to 0.5.', mistake='losses-not-opposite')
    if ce_a <= ce_b:
        raise fail(f"Cross-entropy scores A {ce_a:.4f} and B {ce_b:.4f}: it must score B lower. Cross-entropy has no bound: -ln p_y grows without limit as the true class's probability falls.", mistake='losses-not-opposite')
    assert isinstance(q4_scores, dict) and set(q4_scores) == {'A', 'B'}, "q4_scores must be a dict with the keys 'A' and 'B', each (error, squared error, cross-entropy)."
    for name, key in [('A', 'q4_a'), ('B', 'q4_b')]:
        verdict(f"q4_scores['{name}']", q4_scores[name], scores[key], [('The order: (classification error, squared error, cross-entropy).', scores[key][::-1], 'scores-in-another-order')], hint='Each value is (classification_error, squared_error, mean_cross_entropy) of that network.', reveal=False)

