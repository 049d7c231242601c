from helpers.feedback import test_case

OK_FORMAT = False

name = "q5"
points = 3

@test_case(points=None, hidden=False)
def test_q5_smoothed_gradient(smoothed_gradient):
    import numpy as np
    from helpers.feedback import call, verdict
    for z, label, eps in [([1.0, 3.0, 2.0], 1, 0.1), ([0.5, -1.0, 2.0, 0.0], 2, 0.2)]:
        z = np.array(z)
        c = len(z)
        p = np.exp(z - z.max())
        p = p / p.sum()
        y = np.eye(c)[label]
        t = (1 - eps) * y + eps / c
        where = f'smoothed_gradient({z.tolist()}, {label}, eps={eps})'
        verdict(where, call(where, smoothed_gradient, z.copy(), label, eps), p - t, [('That is p - y, the gradient without smoothing: the target is t = (1 - eps) y + eps / C.', p - y), ('The eps / C is missing: you used the target (1 - eps) y, which sums to 1 - eps. Label smoothing gives eps / C to every class: t = (1 - eps) y + eps / C.', p - (1 - eps) * y), ("You spread eps / (C - 1) over the wrong classes only. The course (and PyTorch's label_smoothing) gives eps / C to EVERY class, the true one included: t = (1 - eps) y + eps / C.", p - ((1 - eps) * y + eps / (c - 1) * (1 - y))), ('You scaled the plain gradient, (1 - eps)(p - y): smoothing changes the TARGET, and the gradient is p - t with t = (1 - eps) y + eps / C.', (1 - eps) * (p - y)), ('The factor (1 - eps) on the one-hot part is missing: t = (1 - eps) y + eps / C sums to 1.', p - (y + eps / c)), ('The sign is flipped: the gradient is p - t (t - p points down the loss).', t - p), ('Off by one: the smoothed target has its peak at index label + 1. Classes count from 0.', p - ((1 - eps) * np.eye(c)[(label + 1) % c] + eps / c))], hint='Build the smoothed target t = (1 - eps) y + eps / C, then the gradient is softmax(z) - t.')

