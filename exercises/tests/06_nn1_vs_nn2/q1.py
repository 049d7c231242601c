from helpers.feedback import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=None, hidden=False)
def test_q1_error(classification_error):
    import numpy as np
    from helpers.feedback import call, verdict
    p = np.array([[0.9, 0.05, 0.05], [0.6, 0.3, 0.1], [0.5, 0.2, 0.3], [0.1, 0.2, 0.7], [0.2, 0.2, 0.6], [0.3, 0.1, 0.6], [0.3, 0.6, 0.1], [0.4, 0.5, 0.1]])
    y = np.array([0, 0, 1, 2, 2, 2, 0, 0])
    predicted = p.argmax(axis=1)
    wrong = predicted != y
    where = 'classification_error(8 rows of 3 classes, labels [0, 0, 1, 2, 2, 2, 0, 0])'
    got = call(where, classification_error, p.copy(), y.copy(), on_error='Take the argmax of each ROW (axis=-1): each row is one example, so you get one prediction per label.')
    verdict(where, got, wrong.mean(), [('That is the NUMBER of mistakes: return the fraction, the mean over the examples.', wrong.sum(), 'count-not-fraction'), ('That is 1 minus the error: you returned the accuracy (the error counts the WRONG predictions).', 1 - wrong.mean(), 'accuracy-not-error'), ('You compared the largest probability (the max VALUE) with the labels: compare the argmax (the INDEX).', np.mean(p.max(axis=1) != y), 'value-not-index'), ('You took the argmax of the whole table (no axis): that is one flattened index, compared with every label. Take the argmax of each row (axis=-1).', np.mean(np.argmax(p) != y), 'no-axis'), ('Off by one: you compared the argmax with label - 1 (or counted the classes from 1). Class indices count from 0.', np.mean(predicted + 1 != y), 'off-by-one'), ('Off by one: you compared the argmax with label + 1. Class indices count from 0.', np.mean(predicted != y + 1), 'off-by-one'), ('That is one mismatch per example: the classification error is their mean, one number.', wrong.astype(float), 'per-example-not-mean')], hint="Compare each row's argmax (axis=-1) with its label; the error is the mean of the mismatches.")

@test_case(points=None, hidden=False)
def test_q1_probe(q1_probs, q1_labels):
    import numpy as np
    from helpers.feedback import fail, given_predictions
    p, y = given_predictions('q1_probs', q1_probs, 'q1_labels', q1_labels)
    predicted = p.argmax(axis=1)
    errors = {'the right error': np.mean(predicted != y), 'error_max_value': np.mean(p.max(axis=1) != y), 'error_no_axis': np.mean(np.argmax(p) != y), 'error_from_one': np.mean(predicted + 1 != y)}
    why = {'error_max_value': 'A largest probability is a number in (0, 1], never a class index unless it is exactly 1 and the label is 1: error_max_value counts nearly every row as wrong.', 'error_no_axis': f"error_no_axis compares one number, the flattened index {int(np.argmax(p))} of the table's largest entry, with every label.", 'error_from_one': "error_from_one compares each row's argmax + 1 with its label."}
    names = list(errors)
    for i, first in enumerate(names):
        for second in names[i + 1:]:
            if abs(errors[first] - errors[second]) < 1e-12:
                shown = ', '.join((f'{name} {value:.4g}' for name, value in errors.items()))
                if first == 'the right error':
                    problem = f'{second} gives the right error, so a check on this batch would pass it. {why[second]}'
                else:
                    problem = f'{first} and {second} give the same number, so a check on this batch could not tell which of the two mistakes was made.'
                raise fail(f'On your batch: {shown}. {problem} Change a row or a label.', mistake='probe-does-not-separate')

