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
    verdict(where, call(where, mean_cross_entropy, p.copy(), y.copy()), per.mean(), [("That is log base 10: use the natural log, np.log (the CNN softmax and cross-entropy tutorial's 1.06 for NN2 is natural).", per.mean() / np.log(10)), ('That is log base 2: use the natural log, np.log.', per.mean() / np.log(2)), ('That is the SUM over the examples: take the MEAN.', per.sum()), ('Off by one: you used the probability of class label + 1; classes count from 0.', -np.log(p[np.arange(3), (y + 1) % 2]).mean()), ("You summed -ln p over all classes: only the true class's probability counts.", -np.log(p).sum(1).mean())], hint="Take -ln of each row's true-class probability (row n, column labels[n]), then the mean.")

