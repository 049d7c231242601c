from helpers.feedback import test_case

OK_FORMAT = False

name = "q2"
points = 4

@test_case(points=None, hidden=False)
def test_q2_log_softmax(log_softmax):
    import numpy as np
    from helpers.feedback import call, quiet, verdict

    def ref(z):
        s = z - np.max(z, axis=-1, keepdims=True)
        return s - np.log(np.exp(s).sum(axis=-1, keepdims=True))

    def log_of_softmax(z):
        return quiet(lambda: np.log(np.exp(z - z.max(axis=-1, keepdims=True)) / np.exp(z - z.max(axis=-1, keepdims=True)).sum(axis=-1, keepdims=True)))
    z = np.array([2.0, 1.0, 0.1])
    verdict('log_softmax([2.0, 1.0, 0.1])', call('log_softmax([2.0, 1.0, 0.1])', log_softmax, z.copy()), ref(z), [('That is log base 10 of the probabilities: use the natural log, np.log (not np.log10).', ref(z) / np.log(10)), ('That is log base 2 of the probabilities: use the natural log, np.log (not np.log2).', ref(z) / np.log(2)), ('Those are the probabilities themselves: take their natural log.', np.exp(ref(z))), ('You applied softmax twice before the log: apply it once, to the logits.', ref(np.exp(ref(z))))], hint='ln p_i = (z_i - max z) - ln(sum_j exp(z_j - max z)).')
    z = np.array([0.0, -1000.0])
    verdict('log_softmax([0.0, -1000.0])', call('log_softmax([0.0, -1000.0])', log_softmax, z.copy()), ref(z), [('You took np.log(softmax(z)): the probability e^-1000 underflows to 0 and ln 0 = -inf. Compute (z - m) - ln(sum(exp(z - m))) directly.', log_of_softmax(z))], hint='The answer is [0, -1000] (up to rounding): compute (z - m) - ln(sum(exp(z - m))).')
    big = np.array([1000.0, 1001.0, 999.0])
    verdict('log_softmax([1000.0, 1001.0, 999.0])', call('log_softmax([1000.0, 1001.0, 999.0])', log_softmax, big.copy()), ref(big), hint='np.exp(1000) overflows: subtract the max logit before np.exp.')
    batch = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    got = call('log_softmax(batch of 2 rows)', log_softmax, batch.copy(), on_error='Reduce along the last axis with keepdims=True so the result broadcasts against z.')
    verdict('log_softmax(batch of 2 rows)', got, ref(batch), [('You normalised each COLUMN (axis=0): each ROW is one example; use axis=-1 with keepdims=True.', batch - batch.max(axis=0, keepdims=True) - np.log(np.exp(batch - batch.max(axis=0, keepdims=True)).sum(axis=0, keepdims=True)))], hint='Reduce each row: axis=-1, keepdims=True.')

