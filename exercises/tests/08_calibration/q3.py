from helpers.feedback import test_case

OK_FORMAT = False

name = "q3"
points = 2
all_or_nothing = True

@test_case(points=None, hidden=False)
def test_q3_predict_then_measure(q3_predicted, q3_T, q3_ece_before, q3_ece_after, q3_floor, ece, fit_temperature):
    import numpy as np
    from helpers import calibration as reference
    from helpers import softmax
    from helpers.feedback import fail, verdict
    your_ece, your_fit_temperature = (ece, fit_temperature)

    def number(value):
        try:
            return float(value)
        except (TypeError, ValueError):
            return None

    def yours(function, *arguments):
        """What the learner's own function of Question 1 or 2 gives here (None if it cannot say)."""
        try:
            return number(function(*[np.array(a) for a in arguments])) if callable(function) else None
        except Exception:
            return None

    def blame(name, got, right, function, question, *arguments, atol=1e-06):
        """An answer right for the learner's own function (of Question `question`), which is wrong: fix that first."""
        got = number(got)
        if got is None or abs(got - right) <= atol + 1e-06 * abs(right):
            return
        mine = yours(function, *arguments)
        if mine is not None and abs(mine - right) > atol and (abs(got - mine) <= atol):
            function_name = 'fit_temperature' if question == 2 else 'ece'
            raise AssertionError(f'{name} is what YOUR {function_name} gives, and it is not right yet: fix it first (Question {question}).')
    verdict('q3_predicted', q3_predicted, 4.0, [('That is 1 / T: the scaled logits are z / T, and z = 4 ln p needs dividing by 4 to give ln p.', 0.25, 'beta-not-temperature'), ('T = 1 leaves the model as it is, four times too sure: divide its logits by T.', 1.0, 'unscaled-model'), ('softmax(4 ln p / T) is p when 4 / T = 1: T is 4, not its square.', 16.0, 'temperature-squared'), ('The logits are 4 ln p, and ln p gives back p exactly: no log of 4 comes in.', np.log(4), 'ln-4-not-ln-3')], hint='softmax(ln p) = p: which T turns the logits 4 ln p into ln p?', atol=1e-06, reveal=False)
    _, labels, true_p = reference.overlapping_blobs(1000, seed=1)
    logits = 4 * np.log(true_p)
    val, val_y, test, test_y = (logits[:1500], labels[:1500], logits[1500:], labels[1500:])
    T, T_test = (reference.fit_temperature(val, val_y), reference.fit_temperature(test, test_y))
    ece = reference.expected_calibration_error
    blame('q3_T', q3_T, T, your_fit_temperature, 2, val, val_y, atol=0.001 * T)
    verdict('q3_T', q3_T, T, [('That T was fitted on the TEST set: fit it on the validation set (val_logits, val_labels) and keep the test set for measuring the result.', T_test, 'temperature-on-test'), ('That is 1 / T: temperature scaling divides the logits by T.', 1 / T, 'beta-not-temperature'), ('That is your prediction: q3_T is what your fit_temperature finds on the validation set.', 4.0, 'prediction-not-fit')], hint='q3_T = your fit_temperature on the validation logits and labels.', atol=0.001 * T, reveal=False)
    blame('q3_ece_before', q3_ece_before, reference.expected_calibration_error(softmax(test), test_y), your_ece, 1, softmax(test), test_y)
    verdict('q3_ece_before', q3_ece_before, ece(softmax(test), test_y), [('That is the ECE on the validation set: measure it on the test set.', ece(softmax(val), val_y), 'ece-on-validation')], hint='q3_ece_before = your ece of softmax(test_logits) against test_labels.', reveal=False)
    blame('q3_ece_after', q3_ece_after, reference.expected_calibration_error(softmax(test / T), test_y), your_ece, 1, softmax(test / T), test_y, atol=1e-05)
    verdict('q3_ece_after', q3_ece_after, ece(softmax(test / T), test_y), [('You multiplied the logits by T: the scaled model is softmax(test_logits / q3_T).', ece(softmax(test * T), test_y), 'temperature-multiplies'), ('That uses a T fitted on the test set: fit T on the validation set, then measure on the test set.', ece(softmax(test / T_test), test_y), 'temperature-on-test'), ('That is the ECE before scaling: divide the test logits by q3_T first.', ece(softmax(test), test_y), 'ece-before-scaling')], hint='q3_ece_after = your ece of softmax(test_logits / q3_T) against test_labels.', atol=1e-05, reveal=False)
    truth = true_p[1500:]
    rng = np.random.default_rng(0)
    cumulative = truth.cumsum(axis=1)[:, :-1]
    floor = np.median([ece(truth, (rng.random((1500, 1)) > cumulative).sum(axis=1)) for _ in range(100)])
    given = number(q3_floor)
    for value, message, key in [(ece(truth, test_y), 'That is the ECE of the true probabilities on the ONE set of test labels: a floor needs many test sets, with labels drawn afresh from true_p each time.', 'floor-from-one-label-set'), (ece(softmax(test / T), test_y), 'That is the ECE of the scaled model on the test labels: the floor is the ECE of the TRUE probabilities against labels drawn from them.', 'floor-of-the-model')]:
        if given is not None and abs(given - value) < 1e-09:
            raise fail(f'q3_floor is not right. {message}', mistake=key)
    mine = yours(your_ece, truth, test_y)
    far = given is not None and abs(given - floor) > 0.0025 + 1e-06 * abs(floor)
    if far and mine is not None and (abs(mine - ece(truth, test_y)) > 1e-06):
        raise AssertionError('q3_floor comes from YOUR ece, which is not right yet: fix it first (Question 1).')
    verdict('q3_floor', q3_floor, floor, [('Those labels were not drawn: the most likely class of each point is a label the truth gives only with its probability. Draw label k with probability true_p[n, k].', ece(truth, truth.argmax(axis=1)), 'labels-not-drawn')], hint="Draw 100 sets of 1,500 labels, each point's label k with probability true_p[n, k]; take the ECE of true_p[1500:] against each set, and the median of the 100.", atol=0.0025, reveal=False)

