from helpers.feedback import test_case

OK_FORMAT = False

name = "q3"
points = 2
all_or_nothing = True

@test_case(points=None, hidden=False)
def test_q3_seed002(q3_p, q3_twice):
    from helpers.feedback import verdict
    assert q3_p is not Ellipsis and q3_twice is not Ellipsis, 'Replace the ... with your answers and run the cell.'
    verdict('q3_p', q3_p, [0.81, 0.164, 0.027], [('That is what the softmax and cross-entropy explainer printed, but it is not the softmax of [2.1, 0.5, -1.3]: compute softmax(np.array([2.1, 0.5, -1.3])) yourself.', [0.72, 0.23, 0.05])], hint='Apply your softmax to the logits [2.1, 0.5, -1.3] and round to 3 decimals.', atol=0.0015, reveal=False)
    verdict('q3_twice', q3_twice, [0.471, 0.288, 0.241], [('Those are the inputs: apply your softmax to [0.72, 0.23, 0.05] and round.', [0.72, 0.23, 0.05])], hint='Apply your softmax to [0.72, 0.23, 0.05] and round to 3 decimals.', atol=0.0015, reveal=False)

