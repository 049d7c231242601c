from helpers.feedback import test_case

OK_FORMAT = False

name = "q3"
points = 2
all_or_nothing = True

@test_case(points=None, hidden=False)
def test_q3_explainer(q3_p, q3_twice, q3_logits):
    import numpy as np
    from helpers.feedback import verdict

    def softmax(z):
        e = np.exp(z - z.max())
        return e / e.sum()
    verdict('q3_p', q3_p, [0.81, 0.163, 0.027], [("That is what the pipeline explainer's diagram shows, but it is not the softmax of [2.1, 0.5, -1.3]: compute it with your softmax.", [0.72, 0.23, 0.05], 'source-value-copied'), ('Round to 3 decimals (np.round(..., 3)), as the question asks.', np.round(softmax(np.array([2.1, 0.5, -1.3])), 4), 'not-rounded')], hint='Apply your softmax to the logits [2.1, 0.5, -1.3] and round to 3 decimals.', atol=0.0004, reveal=False)
    verdict('q3_twice', q3_twice, [0.471, 0.288, 0.241], [('Those are the inputs: apply your softmax to [0.72, 0.23, 0.05] and round.', [0.72, 0.23, 0.05], 'returned-the-input')], hint='Apply your softmax to [0.72, 0.23, 0.05] and round to 3 decimals.', atol=0.0004, reveal=False)
    p = np.array([0.72, 0.23, 0.05])
    verdict('q3_logits', q3_logits, np.log(p / p[-1]), [("Those are the probabilities themselves: used as logits, softmax flattens them (the pipeline explainer's own slip). Softmax exponentiates, so logits are logs of probabilities, up to a constant.", p, 'no-log'), ('Their softmax is right, but the last logit is not 0. Adding the same number to every logit changes no probability: pick the number that makes the last logit 0.', np.log(p), 'last-logit-not-zero'), ('Their softmax is right, but the 0 is the FIRST logit: the question asks for the last one to be 0.', np.log(p / p[0]), 'last-logit-not-zero'), ('That is log base 10: softmax exponentiates with e, so undo it with the natural log.', np.log10(p / p[-1]), 'log-base-10'), ('Those are the ratios p_i / p_2 themselves: softmax exponentiates the logits, so each logit is the natural log of its ratio.', p / p[-1], 'no-log')], hint='Check them: your softmax of q3_logits must give [0.72, 0.23, 0.05], and q3_logits[2] must be 0.', atol=0.001, reveal=False)

