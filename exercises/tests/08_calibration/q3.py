from helpers.feedback import test_case

OK_FORMAT = False

name = "q3"
points = 2
all_or_nothing = True

@test_case(points=None, hidden=False)
def test_q3_right_kind_of_confidence(q3_T, q3_ece_before, q3_ece_after, q3_ece_true):
    import numpy as np
    from helpers import calibration as reference
    from helpers import softmax
    from helpers.feedback import verdict
    answers = [q3_T, q3_ece_before, q3_ece_after, q3_ece_true]
    assert all((a is not Ellipsis for a in answers)), 'Replace the ... with your answers and run the cell.'
    _, labels, true_p = reference.overlapping_blobs(1000, seed=1)
    logits = 4 * np.log(true_p)
    val, val_y, test, test_y = (logits[:1500], labels[:1500], logits[1500:], labels[1500:])
    T, T_test = (reference.fit_temperature(val, val_y), reference.fit_temperature(test, test_y))
    ece = reference.expected_calibration_error
    verdict('q3_T', q3_T, T, [('That T was fitted on the TEST set: fit it on the validation set (val_logits, val_labels) and keep the test set for measuring the result.', T_test), ('That is 1 / T: temperature scaling divides the logits by T.', 1 / T)], hint='q3_T = your fit_temperature on the validation logits and labels.', atol=0.001 * T, reveal=False)
    verdict('q3_ece_before', q3_ece_before, ece(softmax(test), test_y), [('That is the ECE on the validation set: measure it on the test set.', ece(softmax(val), val_y))], hint='q3_ece_before = your ece of softmax(test_logits) against test_labels.', reveal=False)
    verdict('q3_ece_after', q3_ece_after, ece(softmax(test / T), test_y), [('You multiplied the logits by T: the scaled model is softmax(test_logits / q3_T).', ece(softmax(test * T), test_y)), ('That uses a T fitted on the test set: fit T on the validation set, then measure on the test set.', ece(softmax(test / T_test), test_y)), ('That is the ECE before scaling: divide the test logits by q3_T first.', ece(softmax(test), test_y))], hint='q3_ece_after = your ece of softmax(test_logits / q3_T) against test_labels.', atol=1e-05, reveal=False)
    verdict('q3_ece_true', q3_ece_true, ece(true_p[1500:], test_y), [('You applied softmax to the true probabilities: they already are probabilities; give them to ece.', ece(softmax(true_p[1500:]), test_y)), ('That is on the validation points: use the test points, true_p[1500:].', ece(true_p[:1500], val_y))], hint='q3_ece_true = your ece of true_p[1500:] against test_labels.', reveal=False)

