from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 2

@test_case(points=None, hidden=False)
def test_q3_seed000(q3_loss, q3_seed):
    import numpy as np
    from helpers.feedback import verdict
    assert q3_loss is not Ellipsis and q3_seed is not Ellipsis, 'Replace the ... with your answers and run the cell.'
    verdict('q3_loss', q3_loss, 0.40760596, [("That is -ln 0.66, from the seed's ROUNDED probability: compute the loss from the logits with cross_entropy_from_logits.", -np.log(0.66)), ("0.415 is the seed's rounded value: compute the loss from the logits with cross_entropy_from_logits.", 0.415), ('You passed probabilities to a loss that wants logits: cross_entropy_from_logits applies softmax itself, so give it z = [1.0, 3.0, 2.0], not softmax(z).', 0.7971903), ('That is log base 10: use the natural log.', 0.40760596 / np.log(10))], hint='q3_loss = cross_entropy_from_logits(np.array([[1.0, 3.0, 2.0]]), np.array([1])).', atol=0.0001)
    verdict('q3_seed', q3_seed, 0.416, [('That is log base 10: use np.log.', 0.18)], hint="q3_seed = round(-np.log(0.66), 3): the seed's 0.415 is itself slightly off.", atol=0.0015)

