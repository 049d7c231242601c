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
        missing_x = 'dC/dw has no x: by the chain rule dC/dw = dC/dz * dz/dw, and z = w x + b depends on w through x (it only looks the same as dC/db when x = 1).'
        for cost, right, other, no_x in [('quadratic', quadratic, cross_entropy, forgot_x[0]), ('cross_entropy', cross_entropy, quadratic, forgot_x[1])]:
            where = f'neuron_gradient(w={w}, b={b}, x={x}, y={y}, cost={cost!r})'
            got = call(where, neuron_gradient, w, b, x, y, cost, on_error='Return the pair (dC_dw, dC_db).')
            if cost == 'quadratic':
                mistakes = [("That is the cross-entropy's gradient: for the quadratic cost dC/da = a - y has no denominator, so the sigmoid's derivative da/dz stays in the product.", other, 'wrong-cost-gradient'), ("You took the sigmoid's derivative sigma'(z) as sigma(z) = a: differentiate 1 / (1 + e^-z).", (a - y) * a * both, 'sigmoid-derivative-as-sigmoid'), ("That is twice the gradient: Nielsen's quadratic cost is (a - y)^2 / 2, and the 1/2 cancels the 2 of the square.", 2 * right, 'quadratic-without-half')]
            else:
                mistakes = [("That is the quadratic cost's gradient: with cross-entropy, dC/da has the denominator a (1 - a), which cancels the sigmoid's derivative.", other, 'wrong-cost-gradient'), ('That is dC/da, the derivative with respect to the OUTPUT a: the chain rule continues through z, multiply by da/dz (and by dz/dw for w).', (a - y) / d * np.array([1.0, 1.0]), 'derivative-wrt-output')]
            verdict(where, got, right, mistakes + [(sign, -right, 'sign'), (missing_x, no_x, 'missing-x')], hint='dC/dz times dz/dw for the weight, and times dz/db for the bias.')

@test_case(points=None, hidden=False)
def test_q5_peak(q5_predicted, q5_measured):
    import numpy as np
    from helpers.feedback import verdict
    verdict('q5_predicted', q5_predicted, 2 / 3, [("That is where the sigmoid's derivative a (1 - a) is largest: the gradient also has the factor a - y = a, which grows with a and moves the peak.", 0.5, 'peak-of-sigmoid-slope'), ('That is 1 - a at the peak, the probability of the target class 0: q5_predicted is the output a itself.', 1 / 3, 'complement-probability'), ('That is z at the peak: q5_predicted is the output a = sigma(z) there.', np.log(2), 'z-not-a'), ('That is the largest size of the gradient: q5_predicted is the output a at which it occurs.', 4 / 27, 'size-not-location'), ('At a = 1 the sigmoid is saturated and the gradient is 0: that is its smallest, not its largest.', 1.0, 'peak-at-an-end'), ('At a = 0 the neuron is right and the gradient is 0: that is its smallest, not its largest.', 0.0, 'peak-at-an-end')], hint='With y = 0 the size of dC/db is a times a (1 - a): set its derivative with respect to a to 0.', atol=0.001, reveal=False)
    zs = np.linspace(-6.0, 6.0, 12001)
    a = 1 / (1 + np.exp(-zs))
    peak = int(np.argmax(a ** 2 * (1 - a)))
    verdict('q5_measured', q5_measured, a[peak], [('That is the z of the grid point: q5_measured is the output a = sigma(z) there.', zs[peak], 'z-not-a'), ('That is the index of the grid point: q5_measured is the output a = sigma(z) there.', float(peak), 'index-not-value'), ("That is where the cross-entropy's gradient is largest (at z = 6, the grid's end): use the quadratic cost.", a[-1], 'other-loss')], hint="Evaluate neuron_gradient(0.0, z, 1.0, 0.0, 'quadratic')[1] for every z in zs, then take sigma(z) where its size is largest.", atol=0.001, reveal=False)

