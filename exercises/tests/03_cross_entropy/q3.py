from helpers.feedback import test_case

OK_FORMAT = False

name = "q3"
points = 2
all_or_nothing = True

@test_case(points=None, hidden=False)
def test_q3_initial_loss(q3_predicted, q3_initial):
    import numpy as np
    from helpers.feedback import verdict
    verdict('q3_predicted', q3_predicted, np.log(10), [('That is 1/C, the probability each class gets: the loss is minus its log.', 0.1, 'no-log'), ("The sign is wrong: the loss is MINUS the log of the true class's probability, a positive number.", -np.log(10), 'sign'), ('That is log base 10: cross-entropy uses the natural log.', 1.0, 'log-base-10'), ("That is log base 2: the course's cross-entropy uses the natural log.", np.log2(10), 'log-base-2'), ("That is C times the loss: only the true class's probability counts, not a sum over the classes.", 10 * np.log(10), 'true-class-only'), ('A model that knows nothing does not have loss 0: loss 0 means certain AND right. With equal logits every class gets the same probability.', 0.0, 'zero-initial-loss'), ('ln 2 is the loss of a coin flip between 2 classes: here there are C = 10.', np.log(2), 'wrong-class-count')], hint="Equal logits give every class the same probability; the loss is -ln of the true class's.", atol=0.001, reveal=False)
    rng = np.random.default_rng(0)
    z = rng.normal(scale=0.01, size=(1000, 10))
    y = rng.integers(0, 10, size=1000)
    m = z.max(axis=1, keepdims=True)
    initial = ((m + np.log(np.exp(z - m).sum(axis=1, keepdims=True)))[:, 0] - z[np.arange(1000), y]).mean()
    verdict('q3_initial', q3_initial, initial, [('NaN: you gave the logits to cross_entropy (Question 1), which wants probabilities (the log of a negative logit is NaN). Use cross_entropy_from_logits.', np.nan, 'logits-for-probabilities'), ('That is the SUM over the batch: the loss is the MEAN over the 1,000 examples.', 1000 * initial, 'sum-not-mean')], hint='Give your cross_entropy_from_logits the arrays untrained_logits and untrained_labels.', atol=1e-06, reveal=False)

@test_case(points=None, hidden=False)
def test_q3_explainer_example(q3_loss):
    import numpy as np
    from helpers.feedback import verdict
    verdict('q3_loss', q3_loss, 0.40760596, [("That is -ln 0.66, from the argmax, softmax and cross-entropy explainer's ROUNDED probability: compute the loss from the logits with cross_entropy_from_logits.", -np.log(0.66), 'source-value-copied'), ("0.415 is the argmax, softmax and cross-entropy explainer's rounded value: compute the loss from the logits with cross_entropy_from_logits.", 0.415, 'source-value-copied'), ('You passed probabilities to a loss that wants logits: cross_entropy_from_logits applies softmax itself, so give it z = [1.0, 3.0, 2.0], not softmax(z). (At initialisation this mistake hides: the softmax of nearly equal probabilities is nearly uniform too.)', 0.7971903, 'probabilities-for-logits'), ('That is log base 10: use the natural log.', 0.40760596 / np.log(10), 'log-base-10')], hint="Give cross_entropy_from_logits the argmax, softmax and cross-entropy explainer's logits as one row, [[1.0, 3.0, 2.0]], and the label [1].", atol=0.0001, reveal=False)

