from helpers.feedback import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=None, hidden=False)
def test_q1_error(classification_error):
    import numpy as np
    from helpers.feedback import call, verdict
    p = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.2, 0.3, 0.5], [0.6, 0.3, 0.1], [0.3, 0.4, 0.3]])
    y = np.array([0, 1, 2, 2, 0])
    where = 'classification_error(5 rows of 3 classes, labels [0, 1, 2, 2, 0])'
    got = call(where, classification_error, p.copy(), y.copy(), on_error='Take the argmax of each ROW (axis=-1): each row is one example, so you get one prediction per label.')
    verdict(where, got, 0.4, [('That is the NUMBER of mistakes: return the fraction, the mean over the examples.', 2), ('That is 1 minus the error: you returned the accuracy (the error counts the WRONG predictions), or compared the argmax with label + 1 (class indices count from 0).', 0.6), ('Off by one: you compared the argmax with label - 1 (or counted classes from 1). Class indices count from 0.', 1.0), ('You compared the largest probability (the max VALUE) with the labels: compare the argmax (the INDEX).', 1.0)], hint="Compare each row's argmax (axis=-1) with its label; the error is the mean of the mismatches.")

