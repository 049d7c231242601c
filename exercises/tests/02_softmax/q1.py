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

    def global_max(z):
        return quiet(lambda: np.exp(z - z.max()) / np.exp(z - z.max()).sum(axis=-1, keepdims=True))

    def column_max(z):
        return quiet(lambda: np.exp(z - z.max(axis=0)) / np.exp(z - z.max(axis=0)).sum(axis=-1, keepdims=True))
    twice = lambda z: ref(ref(z))
    unnormalised = lambda z: np.exp(z - np.max(z, axis=-1, keepdims=True))
    column_shift = "You subtracted each COLUMN's max (axis=0, across examples): a shift leaves the probabilities as they are only when the same number is subtracted from every logit of a row. Subtract each row's own largest logit."
    overflow = 'np.exp(1000) overflows to inf and inf/inf is NaN: you did not subtract the max. Shift the logits so that the largest exponent is 0 (Question 4: why does that change no probability?).'
    z = np.array([2.0, 1.0, 0.1])
    verdict('softmax([2.0, 1.0, 0.1])', call('softmax([2.0, 1.0, 0.1])', softmax, z.copy()), ref(z), [('You applied softmax twice: softmax of probabilities is not the same distribution. Apply it once, to the logits.', twice(z), 'softmax-twice'), ('The values do not sum to 1: divide each exponential by the sum of the exponentials.', unnormalised(z), 'not-normalised'), ('The values do not sum to 1: divide each exponential by the sum of the exponentials.', np.exp(z), 'not-normalised'), ('That is z / sum(z), not softmax: exponentiate each logit first, then normalise.', z / z.sum(), 'no-exp')], hint='Exponentiate each logit, then divide by the sum of the exponentials.')
    big = np.array([1000.0, 1001.0, 999.0])
    verdict('softmax([1000.0, 1001.0, 999.0])', call('softmax([1000.0, 1001.0, 999.0])', softmax, big.copy()), ref(big), [(overflow, naive(big), 'no-max-subtraction')], hint='np.exp overflows past about e^709.78 (float64): shift the logits first so that no exponent is large.')
    small = np.array([-1000.0, -1001.0])
    verdict('softmax([-1000.0, -1001.0])', call('softmax([-1000.0, -1001.0])', softmax, small.copy()), ref(small), [('np.exp(-1000) underflows to 0, so you divided 0 by 0 (NaN): you did not subtract the max. With the largest exponent shifted to 0, the sum is at least 1.', naive(small), 'no-max-subtraction')], hint='Shift the logits so that the largest exponent is 0: the sum is then at least 1.')
    batch = np.array([[1.0, 2.0, 3.0], [5.0, 0.0, -5.0]])
    got = call('softmax(batch of 2 rows)', softmax, batch.copy(), on_error='For a batch of shape (N, C), reduce along the last axis, and keep that axis (keepdims=True) so the result lines up with each row.')
    verdict('softmax(batch of 2 rows)', got, ref(batch), [('Each COLUMN sums to 1: you summed over the wrong axis (axis=0, across examples). Each ROW is one example: reduce along the last axis (axis=-1), with keepdims=True.', columns(batch), 'wrong-axis'), ('The whole array sums to 1: you summed over every number. Sum each row on its own (the last axis).', whole(batch), 'no-axis'), ('You applied softmax twice: apply it once, to the logits.', twice(batch), 'softmax-twice'), (column_shift, column_max(batch), 'column-max')], hint='Each row of the result must sum to 1: reduce along the last axis, keeping it (keepdims=True).')
    scales = np.array([[1000.0, 1001.0, 999.0], [0.0, 1.0, -1.0]])
    rows = 'batch [[1000, 1001, 999], [0, 1, -1]]'
    verdict(f'softmax({rows})', call(f'softmax({rows})', softmax, scales.copy()), ref(scales), [("The second row is NaN: you subtracted one number for the whole batch (the largest logit of all rows, np.max without an axis), not each row's own max. Row [0, 1, -1] minus 1001 underflows to e^-1001 = 0 in every entry, and 0/0 is NaN. Subtract each row's own largest logit.", global_max(scales), 'global-max'), (column_shift, column_max(scales), 'column-max'), ('The whole array sums to 1: you summed over every number. Sum each row on its own (the last axis).', quiet(whole, scales), 'no-axis'), (overflow, naive(scales), 'no-max-subtraction')], hint='Shift each ROW by its own largest logit: rows of a batch can have very different scales.')

