from helpers.feedback import test_case

OK_FORMAT = False

name = "q3"
points = 2
all_or_nothing = True

@test_case(points=None, hidden=False)
def test_q3_seed000(q3_loss, q3_seed):
    import numpy as np
    from helpers.feedback import verdict
    assert q3_loss is not Ellipsis and q3_seed is not Ellipsis, 'Replace the ... with your answers and run the cell.'
    verdict('q3_loss', q3_loss, 0.40760596, [("That is -ln 0.66, from the seed's ROUNDED probability: compute the loss from the logits with cross_entropy_from_logits.", -np.log(0.66)), ("0.415 is the seed's rounded value: compute the loss from the logits with cross_entropy_from_logits.", 0.415), ('You passed probabilities to a loss that wants logits: cross_entropy_from_logits applies softmax itself, so give it z = [1.0, 3.0, 2.0], not softmax(z).', 0.7971903), ('That is log base 10: use the natural log.', 0.40760596 / np.log(10))], hint="Give cross_entropy_from_logits the seed's logits as one row, np.array([[1.0, 3.0, 2.0]]), and label 1.", atol=0.0001, reveal=False)
    verdict('q3_seed', q3_seed, 0.416, [("0.415 is what the seed printed, but -ln 0.66 = 0.41551...: rounded to 3 decimals that is not 0.415. Round your cross_entropy's result with round(..., 3).", 0.415), ('That is log base 10: use np.log.', 0.18)], hint="Give your cross_entropy the seed's rounded probabilities [[0.09, 0.66, 0.24]] and label 1; round to 3.", atol=0.0005, reveal=False)

