from helpers.feedback import test_case

OK_FORMAT = False

name = "q1"
points = 4

@test_case(points=None, hidden=False)
def test_q1_softmax(softmax):
    import numpy as np
    from helpers.feedback import call, quiet, verdict

    def ref(z):
        e = np.exp(z - np.max(z, axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)

    def naive(z):
        return quiet(lambda: np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True))

    def columns(z):
        e = np.exp(z - z.max(axis=0, keepdims=True))
        return e / e.sum(axis=0, keepdims=True)

    def whole(z):
        e = np.exp(z - z.max())
        return e / e.sum()
    twice = lambda z: ref(ref(z))
    unnormalised = lambda z: np.exp(z - np.max(z, axis=-1, keepdims=True))
    z = np.array([2.0, 1.0, 0.1])
    verdict('softmax([2.0, 1.0, 0.1])', call('softmax([2.0, 1.0, 0.1])', softmax, z.copy()), ref(z), [('You applied softmax twice: softmax of probabilities is not the same distribution. Apply it once, to the logits.', twice(z)), ('The values do not sum to 1: divide each exponential by the sum of the exponentials.', unnormalised(z))], hint='Compute exp(z - max(z)) / sum(exp(z - max(z))).')
    big = np.array([1000.0, 1001.0, 999.0])
    verdict('softmax([1000.0, 1001.0, 999.0])', call('softmax([1000.0, 1001.0, 999.0])', softmax, big.copy()), ref(big), [('np.exp(1000) overflows to inf and inf/inf is NaN: you did not subtract the max. Compute np.exp(z - np.max(z, axis=-1, keepdims=True)).', naive(big))], hint='Subtract the largest logit before np.exp, so the largest exponent is 0.')
    batch = np.array([[1.0, 2.0, 3.0], [5.0, 0.0, -5.0]])
    got = call('softmax(batch of 2 rows)', softmax, batch.copy(), on_error='For a batch of shape (N, C), reduce along the last axis and keep it for broadcasting: np.max(z, axis=-1, keepdims=True) and np.sum(e, axis=-1, keepdims=True).')
    verdict('softmax(batch of 2 rows)', got, ref(batch), [('Each COLUMN sums to 1: you summed over the wrong axis (axis=0, across examples). Each ROW is one example: use axis=-1 with keepdims=True.', columns(batch)), ('The whole array sums to 1: you summed over every number. Sum each row: np.sum(e, axis=-1, keepdims=True).', whole(batch)), ('You applied softmax twice: apply it once, to the logits.', twice(batch))], hint='Each row of the result must sum to 1: reduce with axis=-1, keepdims=True.')

