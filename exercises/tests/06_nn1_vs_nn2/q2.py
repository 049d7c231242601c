from helpers.feedback import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_q2_mse(mse):
    import numpy as np
    from helpers.feedback import call, verdict
    p = np.array([[0.9, 0.1], [0.1, 0.9], [0.4, 0.6]])
    y = np.array([0, 1, 0])
    onehot = np.eye(2)[y]
    sq = (p - onehot) ** 2
    where = "mse(the CNN softmax and cross-entropy tutorial's NN1, labels [0, 1, 0])"
    verdict(where, call(where, mse, p.copy(), y.copy(), on_error='Build the one-hot labels with np.eye(C)[labels].'), sq.sum(1).mean(), [('That is the mean over every entry (it also divides by the number of classes): SUM over the classes, then MEAN over the examples.', sq.mean()), ('That is the SUM over the examples: take the MEAN over the examples (the CNN softmax and cross-entropy tutorial reports 0.25 for NN1).', sq.sum()), ("That counts only the true class's (1 - p_y)^2: sum the squared errors over ALL classes against the one-hot label.", ((1 - p[np.arange(3), y]) ** 2).mean()), ('You did not square the differences (or took absolute values): square them.', np.abs(p - onehot).sum(1).mean()), ('Off by one: your one-hot vectors mark class label + 1; classes count from 0.', ((p - np.eye(2)[(y + 1) % 2]) ** 2).sum(1).mean())], hint='One-hot labels (np.eye(C)[labels]); square the differences, sum each row, then average the rows.')

