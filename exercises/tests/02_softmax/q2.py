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
        e = np.exp(z - z.max(axis=-1, keepdims=True))
        return quiet(np.log, e / e.sum(axis=-1, keepdims=True))

    def shifted_by(z, m):
        return quiet(lambda: z - m - np.log(np.exp(z - m).sum(axis=-1, keepdims=True)))

    def log10_normaliser(z):
        s = z - np.max(z, axis=-1, keepdims=True)
        return s - np.log10(np.exp(s).sum(axis=-1, keepdims=True))
    base10 = 'That is log base 10: use the natural log, np.log (not np.log10), everywhere.'
    z = np.array([2.0, 1.0, 0.1])
    verdict('log_softmax([2.0, 1.0, 0.1])', call('log_softmax([2.0, 1.0, 0.1])', log_softmax, z.copy()), ref(z), [(base10, ref(z) / np.log(10), 'log-base-10'), ("You took the log of the sum in log base 10 (np.log10): softmax's e^z pairs with the natural log, np.log, so ln p_i = z_i - ln(sum_j e^z_j) with ln in both places.", log10_normaliser(z), 'log-base-10'), ('That is log base 2 of the probabilities: use the natural log, np.log (not np.log2).', ref(z) / np.log(2), 'log-base-2'), ('Those are the probabilities themselves: take their natural log.', np.exp(ref(z)), 'no-log'), ('You applied softmax twice before the log: apply it once, to the logits.', ref(np.exp(ref(z))), 'softmax-twice'), ('That is z - ln(sum of the logits): take the log of the sum of their EXPONENTIALS.', z - np.log(z.sum()), 'no-exp')], hint='Take the natural log of p_i = e^(z_i) / sum_j e^(z_j) by hand, then compute what it simplifies to.')
    z = np.array([0.0, -1000.0])
    verdict('log_softmax([0.0, -1000.0])', call('log_softmax([0.0, -1000.0])', log_softmax, z.copy()), ref(z), [("You took the log of softmax's output: the probability e^-1000 underflows to 0 and ln 0 = -inf. Simplify ln(e^(z_i) / sum_j e^(z_j)) by hand first, so that no probability is ever formed.", log_of_softmax(z), 'log-of-softmax')], hint='The answer is finite: close to [0, -1000]. Never form the probabilities themselves.')
    big = np.array([1000.0, 1001.0, 999.0])
    verdict('log_softmax([1000.0, 1001.0, 999.0])', call('log_softmax([1000.0, 1001.0, 999.0])', log_softmax, big.copy()), ref(big), [('np.exp(1000) overflows to inf: you did not subtract the max before np.exp, inside the log of the sum. Shift the logits there as in Question 1.', shifted_by(big, 0.0), 'no-max-subtraction')], hint='np.exp(1000) overflows: shift the logits so that the largest exponent is 0 (that changes nothing).')
    batch = np.array([[1.0, 2.0, 3.0], [-1000.0, -1000.0, -1001.0]])
    rows = 'batch [[1, 2, 3], [-1000, -1000, -1001]]'
    got = call(f'log_softmax({rows})', log_softmax, batch.copy(), on_error='Reduce along the last axis with keepdims=True so the result lines up with each row.')
    verdict(f'log_softmax({rows})', got, ref(batch), [('You normalised each COLUMN (axis=0): each ROW is one example; reduce along the last axis (axis=-1), with keepdims=True.', batch - batch.max(axis=0, keepdims=True) - np.log(np.exp(batch - batch.max(axis=0, keepdims=True)).sum(axis=0, keepdims=True)), 'wrong-axis'), ("The second row is +inf: you subtracted one number for the whole batch (its largest logit, np.max without an axis), not each row's own max. Row [-1000, -1000, -1001] minus 3 underflows to 0 in every entry, and ln 0 = -inf. Subtract each row's own largest logit.", shifted_by(batch, batch.max()), 'global-max')], hint='Reduce each row on its own: the last axis, with keepdims=True.')

