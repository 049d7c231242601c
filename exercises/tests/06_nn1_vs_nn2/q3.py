from helpers.feedback import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_q3_ce(mean_cross_entropy):
    import numpy as np
    from helpers.feedback import call, verdict
    p = np.array([[0.6, 0.4], [0.3, 0.7], [0.1, 0.9]])
    y = np.array([0, 1, 0])
    per = -np.log(p[np.arange(3), y])
    where = "mean_cross_entropy(the CNN softmax and cross-entropy tutorial's NN2, labels [0, 1, 0])"
    verdict(where, call(where, mean_cross_entropy, p.copy(), y.copy()), per.mean(), [("That is log base 10: use the natural log, np.log (the CNN softmax and cross-entropy tutorial's 1.06 for NN2 is natural).", per.mean() / np.log(10), 'log-base-10'), ('That is log base 2 (bits): this function uses the natural log, np.log.', per.mean() / np.log(2), 'log-base-2'), ('That is the SUM over the examples: take the MEAN.', per.sum(), 'sum-not-mean'), ('The sign: the cross-entropy is MINUS the log, a positive number.', -per.mean(), 'sign'), ('Off by one: you used the probability of class label + 1; classes count from 0.', -np.log(p[np.arange(3), (y + 1) % 2]).mean(), 'off-by-one'), ("You summed -ln p over all classes: only the true class's probability counts.", -np.log(p).sum(1).mean(), 'true-class-only'), ("You averaged -ln p over every entry: only the true class's probability counts.", -np.log(p).mean(), 'true-class-only')], hint="Take -ln of each row's true-class probability (row n, column labels[n]), then the mean.")

@test_case(points=None, hidden=False)
def test_q3_counter_example(q3_probs, q3_labels):
    import numpy as np
    from helpers.feedback import fail, given_predictions
    p, y = given_predictions('q3_probs', q3_probs, 'q3_labels', q3_labels)
    p_true = p[np.arange(len(y)), y]
    error = np.mean(p.argmax(axis=1) != y)
    with np.errstate(divide='ignore'):
        nats = np.mean(-np.log(p_true))
    if error <= nats:
        raise fail(f'On your batch the classification error, {error:.4f}, is not larger than the mean cross-entropy, {nats:.4f} nats. A misclassified image adds 1 to the count of mistakes and -ln p_y to the loss: for which p_y is -ln p_y below 1, while the image is still misclassified? And every other image adds to the loss without adding a mistake.', mistake='bound-not-broken')

