from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 2

@test_case(points=None, hidden=False)
def test_q3_seed000(q3_loss, q3_seed):
    import numpy as np

    def show(a):
        return np.array2string(np.asarray(a, dtype=float), precision=4, suppress_small=True, separator=', ', max_line_width=10 ** 6).replace('\n', '') if a is not None else 'None'

    def call(where, f, *args, on_error=''):
        assert callable(f), f"{where.split('(')[0]} is not defined: run the cell that defines it, then this check."
        try:
            return f(*args)
        except Exception as error:
            raise AssertionError(f'{where} raised {type(error).__name__}: {error}. {on_error}') from None

    def verdict(where, got, right, variants=(), hint='', atol=1e-06):
        if got is None:
            raise AssertionError(f'{where} returned None: did you forget `return`?')
        try:
            got = np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            raise AssertionError(f'{where} returned {got!r}: expected numbers.') from None
        right = np.asarray(right, dtype=float)
        if got.shape == right.shape and np.allclose(got, right, atol=atol, rtol=1e-06):
            return
        for message, wrong in variants:
            wrong = np.asarray(wrong, dtype=float)
            if got.shape == wrong.shape and np.allclose(got, wrong, atol=atol, rtol=1e-06, equal_nan=True):
                raise AssertionError(f'{where} gave {show(got)}, expected {show(right)}. {message}')
        if got.shape != right.shape:
            raise AssertionError(f'{where} has shape {got.shape}, expected {right.shape}. {hint}')
        if not np.all(np.isfinite(got)):
            raise AssertionError(f'{where} gave {show(got)} (NaN or inf), expected {show(right)}. {hint}')
        raise AssertionError(f'{where} gave {show(got)}, expected {show(right)}. {hint}')

    def quiet(f, *args):
        with np.errstate(all='ignore'):
            return f(*args)
    assert q3_loss is not Ellipsis and q3_seed is not Ellipsis, 'Replace the ... with your answers and run the cell.'
    verdict('q3_loss', q3_loss, 0.40760596, [("That is -ln 0.66, from the seed's ROUNDED probability: compute the loss from the logits with cross_entropy_from_logits.", -np.log(0.66)), ("0.415 is the seed's rounded value: compute the loss from the logits with cross_entropy_from_logits.", 0.415), ('You passed probabilities to a loss that wants logits: cross_entropy_from_logits applies softmax itself, so give it z = [1.0, 3.0, 2.0], not softmax(z).', 0.7971903), ('That is log base 10: use the natural log.', 0.40760596 / np.log(10))], hint='q3_loss = cross_entropy_from_logits(np.array([[1.0, 3.0, 2.0]]), np.array([1])).', atol=0.0001)
    verdict('q3_seed', q3_seed, 0.416, [('That is log base 10: use np.log.', 0.18)], hint="q3_seed = round(-np.log(0.66), 3): the seed's 0.415 is itself slightly off.", atol=0.0015)

