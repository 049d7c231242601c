from helpers.feedback import test_case

OK_FORMAT = False

name = "q1"
points = 4

@test_case(points=None, hidden=False)
def test_q1_ece(ece):
    import numpy as np
    from helpers import calibration as reference
    from helpers.feedback import call, quiet, verdict

    def variant(p, y, n, confidence=None, accuracy=None, weighted=True, signed=False, closed_left=False, middle=False):
        """ECE with one thing done differently."""
        conf = p.max(axis=1) if confidence is None else confidence
        right = (p.argmax(axis=1) == y).astype(float) if accuracy is None else accuracy
        which = np.floor(conf * n).astype(int) if closed_left else np.ceil(conf * n).astype(int) - 1
        which = np.clip(which, 0, n - 1)
        gaps, sizes = ([], [])
        for b in range(n):
            if (which == b).any():
                compared = (b + 0.5) / n if middle else conf[which == b].mean()
                gap = right[which == b].mean() - compared
                gaps.append(gap if signed else abs(gap))
                sizes.append((which == b).mean())
        return float(np.dot(sizes, gaps)) if weighted else float(np.mean(gaps))
    p = np.array([[0.95, 0.03, 0.02], [0.91, 0.05, 0.04], [0.88, 0.1, 0.02], [0.85, 0.1, 0.05], [0.1, 0.82, 0.08], [0.3, 0.65, 0.05], [0.25, 0.05, 0.7], [0.55, 0.4, 0.05], [0.2, 0.45, 0.35], [0.38, 0.33, 0.29]])
    y = np.array([0, 0, 1, 0, 1, 0, 2, 1, 2, 0])
    true_class = p[np.arange(len(y)), y]
    where = "ece(the chapter's ten predictions, their labels, n_bins=5)"
    verdict(where, call(where, ece, p.copy(), y.copy(), 5, on_error='probabilities is (N, C), labels (N,), n_bins a number.'), 0.238, [("That is the plain mean of the bins' gaps: weight each bin by its share of the predictions, |B_b| / N, so that a bin of one prediction counts less than a bin of five.", variant(p, y, 5, weighted=False), 'unweighted-bins'), ('You divided the sum of the gaps by the number of bins: weight each bin by its share of the predictions, |B_b| / N, instead.', variant(p, y, 5, weighted=False) * 4 / 5, 'unweighted-bins'), ("You compared each bin's accuracy with the MIDDLE of the bin: compare it with the bin's MEAN confidence, the average of the confidences that fell into it.", variant(p, y, 5, middle=True), 'bin-middle-as-confidence'), ('You used the probability of the TRUE class as the confidence: the confidence is the probability of the PREDICTED class, max_i p_i, whatever the label.', variant(p, y, 5, confidence=true_class, accuracy=(p.argmax(axis=1) == y).astype(float)), 'true-class-confidence'), ("You kept the sign of the gaps, so overconfident and underconfident bins cancel: take the absolute value |acc - conf| of each bin's gap.", variant(p, y, 5, signed=True), 'signed-gaps'), ('The sign of the gaps was kept and flipped: take the absolute value |acc - conf| of each gap.', -variant(p, y, 5, signed=True), 'signed-gaps'), ("You used the mean probability of the true class as the bin's accuracy: accuracy is the FRACTION of the bin's predictions whose argmax is the label.", variant(p, y, 5, accuracy=true_class), 'accuracy-as-mean-probability'), ('That is the ECE with 10 bins: use the n_bins your function is given.', reference.expected_calibration_error(p, y, 10), 'n-bins-ignored'), ('NaN: an empty bin has no accuracy and no mean confidence (0 / 0). Skip the empty bins: their weight |B_b| / N is 0 anyway.', np.nan, 'empty-bins-nan')], hint="With n_bins=5 the bins are (0, 0.2], (0.2, 0.4], ..., (0.8, 1]; add up, over the bins, |fraction correct - mean confidence| times the bin's share of the predictions.")
    where = "ece(the chapter's ten predictions, their labels), n_bins left at its default"
    verdict(where, quiet(lambda: call(where, ece, p.copy(), y.copy())), reference.expected_calibration_error(p, y, 10), [('That is the ECE with 5 bins: the default is n_bins=10.', 0.238, 'n-bins-ignored')], hint='Give n_bins the default value 10: def ece(probabilities, labels, n_bins=10).')
    edges = np.array([[1.0, 0.0, 0.0, 0.0], [0.75, 0.25, 0.0, 0.0], [0.2, 0.5, 0.3, 0.0], [0.6, 0.4, 0.0, 0.0], [0.8, 0.1, 0.1, 0.0], [0.1, 0.15, 0.0, 0.75]])
    ye = np.array([0, 1, 1, 0, 0, 3])
    on_edge = 'Confidences exactly on an edge (0.5, 0.75, 1) went into the bin ABOVE: the bins are closed on the right, (0, 0.25], (0.25, 0.5], (0.5, 0.75], (0.75, 1], so 0.5 belongs to (0.25, 0.5] and 1 to the last bin.'
    where = 'ece(six predictions with confidences 1, 0.75, 0.5, 0.6, 0.8, 0.75, n_bins=4)'
    verdict(where, call(where, ece, edges.copy(), ye.copy(), 4), reference.expected_calibration_error(edges, ye, 4), [(on_edge, variant(edges, ye, 4, closed_left=True), 'bin-edges'), (on_edge, np.nan, 'bin-edges')], hint='Put each confidence c in the bin with lo < c <= hi.')

@test_case(points=None, hidden=False)
def test_q1_counter_example(q1_P, q1_labels):
    import numpy as np
    from helpers import calibration as reference
    from helpers.feedback import fail, given_predictions
    P, y = given_predictions('q1_P', q1_P, 'q1_labels', q1_labels, classes=3, most=10)
    confidence, accuracy = (P.max(axis=1).mean(), np.mean(P.argmax(axis=1) == y))
    if abs(confidence - accuracy) >= 1e-09:
        raise fail(f'The mean confidence of q1_P is {confidence:.4f} and its accuracy {accuracy:.4f}: for a counter-example they must be equal, so that |mean confidence - accuracy| is 0.', mistake='counter-example-not-calibrated')
    value = reference.expected_calibration_error(P, y, 10)
    if value < 0.3:
        raise fail(f"The mean confidence equals the accuracy, but the ECE is only {value:.3f}, not at least 0.3. The ECE adds the bins' gaps as absolute values: make one group of predictions right more often than its confidence says and another right less often, in different bins, so that their signed gaps cancel and their absolute gaps do not.", mistake='counter-example-ece-too-small')

