from helpers.feedback import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_q2_squared_error(squared_error):
    import numpy as np
    from helpers.feedback import call, verdict
    p = np.array([[0.7, 0.2, 0.1], [0.1, 0.6, 0.3], [0.2, 0.2, 0.6], [0.5, 0.3, 0.2]])
    y = np.array([0, 1, 2, 1])
    onehot = np.eye(3)[y]
    sq = (p - onehot) ** 2
    where = 'squared_error(4 rows of 3 classes, labels [0, 1, 2, 1])'
    verdict(where, call(where, squared_error, p.copy(), y.copy(), on_error='Build the one-hot labels from the class indices.'), sq.sum(axis=1).mean(), [("That is the mean over every entry (it also divides by the number of classes, as torch's mse_loss does by default): SUM over the classes, then MEAN over the examples.", sq.mean(), 'mean-over-classes'), ('That is the SUM over the examples: take the MEAN over the examples.', sq.sum(), 'sum-not-mean'), ("That counts only the true class's (1 - p_y)^2: sum the squared errors over ALL classes against the one-hot label.", ((1 - p[np.arange(4), y]) ** 2).mean(), 'se-true-only'), ('You did not square the differences (or took absolute values): square them.', np.abs(p - onehot).sum(axis=1).mean(), 'not-squared'), ('That is the square root of the squared error: leave the mean of the squares as it is.', np.sqrt(sq.sum(axis=1).mean()), 'root-of-squared-error'), ('Off by one: your one-hot vectors mark class label + 1; classes count from 0.', ((p - np.eye(3)[(y + 1) % 3]) ** 2).sum(axis=1).mean(), 'off-by-one'), ('That is one squared error per example: return their mean, one number.', sq.sum(axis=1), 'per-example-not-mean')], hint='One-hot labels; square the differences, sum each row over the classes, then average the rows.')

@test_case(points=None, hidden=False)
def test_q2_which_score_is_honest(q2_best_absolute, q2_best_squared, cube_best):
    import numpy as np
    from helpers.feedback import call, verdict
    verdict('q2_best_absolute', q2_best_absolute, 1.0, [('That is the honest prediction, but the absolute error does not reward it: its expected score 2q(1 - p) + 2(1 - q)p is a straight line in p. Which end is lower?', 0.7, 'improper-score-assumed-honest'), ('That is the end where the line is highest: 0.7 of the photos are dogs.', 0.0, 'wrong-end-of-the-line')], hint='For k = 1 the expected score is a straight line in p: it is lowest at one end of [0, 1].', reveal=False)
    verdict('q2_best_squared', q2_best_squared, 0.7, [("That is where the absolute error is lowest: the squared error's expected score is a parabola in p; set its derivative to 0.", 1.0, 'certain-prediction'), ('That is P(cat): q2_best_squared is the best P(dog).', 0.3, 'complement-probability')], hint='Set the derivative of 2q(1 - p)^2 + 2(1 - q)p^2 with respect to p to 0.', reveal=False)
    for q in (0.7, 0.9):
        best = np.sqrt(q) / (np.sqrt(q) + np.sqrt(1 - q))
        verdict(f'cube_best({q})', call(f'cube_best({q})', cube_best, q), best, [("That is q itself, the squared error's answer: the cubed error does not reward the honest prediction. Set the derivative of 2q(1 - p)^3 + 2(1 - q)p^3 to 0.", q, 'improper-score-assumed-honest'), ('That is where the absolute error is lowest: solve for k = 3.', 1.0, 'certain-prediction'), ('That is 1 - P(dog), the best P(cat): cube_best returns the best P(dog).', 1 - best, 'complement-probability'), ('The powers are the wrong way round: the derivative gives (p / (1 - p))^2 = q / (1 - q), so p / (1 - p) is a ROOT of q / (1 - q), not its square.', q ** 2 / (q ** 2 + (1 - q) ** 2), 'powers-swapped'), ('1/2 is the best prediction only when q = 1/2: solve for k = 3.', 0.5, 'one-half')], hint='Set the derivative of 2q(1 - p)^3 + 2(1 - q)p^3 with respect to p to 0 and solve for p.', atol=0.0001, reveal=False)

