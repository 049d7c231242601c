from helpers.feedback import test_case

OK_FORMAT = False

name = "q5"
points = 3

@test_case(points=None, hidden=False)
def test_q5_neuron(neuron_gradient):
    import numpy as np
    from helpers.feedback import call, verdict
    for w, b, x, y in [(2.0, 2.0, 1.0, 0.0), (0.8, -0.3, 1.5, 0.25), (-0.5, 1.0, -2.0, 1.0)]:
        a = 1 / (1 + np.exp(-(w * x + b)))
        d = a * (1 - a)
        both = np.array([x, 1.0])
        quadratic, cross_entropy = ((a - y) * d * both, (a - y) * both)
        forgot_x = ([(a - y) * d, (a - y) * d], [a - y, a - y])
        sign = 'The sign is flipped: the derivative of the cost is a - y, not y - a (it points UP the cost).'
        missing_x = 'dC/dw has no x: by the chain rule dC/dw = dC/dz * dz/dw, and dz/dw = x (it only looks the same as dC/db when x = 1).'
        for cost, right, other, no_x in [('quadratic', quadratic, cross_entropy, forgot_x[0]), ('cross_entropy', cross_entropy, quadratic, forgot_x[1])]:
            where = f'neuron_gradient(w={w}, b={b}, x={x}, y={y}, cost={cost!r})'
            got = call(where, neuron_gradient, w, b, x, y, cost, on_error='Return the pair (dC_dw, dC_db).')
            if cost == 'quadratic':
                mistakes = [("That is the cross-entropy's gradient (a - y) x: for the quadratic cost the factor sigma'(z) = a (1 - a) does not cancel, dC/dz = (a - y) sigma'(z).", other), ("You took sigma'(z) as sigma(z) = a: the derivative of the sigmoid is a (1 - a).", (a - y) * a * both), ("That is twice the gradient: Nielsen's quadratic cost is (a - y)^2 / 2, and the 1/2 cancels the 2 of the square.", 2 * right)]
            else:
                mistakes = [("That is the quadratic cost's gradient (a - y) sigma'(z) x: with cross-entropy, dC/da = (a - y) / (a (1 - a)) and the sigma'(z) cancels, leaving (a - y) x.", other), ("That is dC/da = (a - y) / (a (1 - a)), the derivative with respect to the OUTPUT: multiply by da/dz = sigma'(z) (and by x for w).", (a - y) / d * np.array([1.0, 1.0]))]
            verdict(where, got, right, mistakes + [(sign, -right), (missing_x, no_x)], hint='dC/dz times dz/dw = x for the weight, and times dz/db = 1 for the bias.')

