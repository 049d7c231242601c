from helpers.feedback import test_case

OK_FORMAT = False

name = "q2"
points = 4

@test_case(points=None, hidden=False)
def test_q2_fit_temperature(fit_temperature):
    import numpy as np
    from helpers import calibration as reference
    from helpers.feedback import call, verdict
    four, four_y = (np.array([[4.0, 0.0], [0.0, 4.0], [4.0, 0.0], [4.0, 0.0]]), np.array([0, 1, 1, 0]))
    _, blob_y, true_p = reference.overlapping_blobs(100, seed=5)
    blob = 3.0 * np.log(true_p)
    data = {'300 examples of three overlapping classes': (blob, blob_y), 'four examples (three right, logit gap 4)': (four, four_y)}
    got = {name: call(f'fit_temperature({name})', fit_temperature, z.copy(), y.copy()) for name, (z, y) in data.items()}
    values = [np.asarray(g, dtype=float) for g in got.values() if g is not None]
    if len(values) == 2 and values[0].shape == values[1].shape == () and np.isclose(values[0], values[1], rtol=0.001):
        raise AssertionError(f'fit_temperature returned T = {float(values[0]):.4g} for both data sets, although they need very different temperatures: what you minimise does not depend on the data or on T. Accuracy cannot choose T (dividing the logits by T > 0 never changes the argmax); minimise the mean NLL of softmax(z / T).')
    for name, (z, y) in data.items():
        right = reference.fit_temperature(z, y)
        t = got[name]

        def ece(temperature, z=z, y=y):
            e = np.exp(z / temperature - (z / temperature).max(axis=1, keepdims=True))
            return reference.expected_calibration_error(e / e.sum(axis=1, keepdims=True), y)
        mistakes = [('That is 1 / T: you multiplied the logits by T (softmax(z * T)). Temperature scaling DIVIDES them: softmax(z / T).', 1 / right), ('That is the smallest mean NLL itself: return the temperature T that reaches it.', reference.mean_nll(z, y, right))]
        try:
            t_value = float(t)
        except (TypeError, ValueError):
            t_value = None
        if t_value is not None and 0 < t_value < np.inf and (not np.isclose(t_value, right, rtol=0.001)):
            if reference.mean_nll(z, y, t_value) > reference.mean_nll(z, y, right) and ece(t_value) < ece(right) - 0.0001:
                mistakes.append(('That T gives a lower ECE on these examples but a higher mean NLL: you minimised the calibration error. Temperature scaling minimises the NLL (cross-entropy), which is smooth in T and does not depend on a choice of bins.', t_value))
        verdict(f'fit_temperature({name})', t, right, mistakes, hint='Minimise the mean of logsumexp(z_n / T) - z_n[y_n] / T over T in [0.05, 20], precisely.', atol=0.001 * right)

