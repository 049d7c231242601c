from helpers.feedback import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_q2_batch(predict):
    import numpy as np
    from helpers.feedback import call, fail
    names = ['setosa', 'versicolor', 'virginica']
    logits = np.array([[1.0, 3.0, 2.0], [0.2, 0.1, 4.0], [5.0, -1.0, 0.0], [0.3, 0.2, 0.1]])
    right = ['versicolor', 'virginica', 'setosa', 'setosa']
    flattened = 'np.argmax without an axis flattens the whole batch into one long vector and returns ONE position in it (row * C + column), not one class per row: give it the class axis, the last one.'
    where = 'predict(4 x 3 logits, class_names)'
    got = call(where, predict, logits.copy(), list(names), on_error='If you called np.argmax without an axis: ' + flattened)
    if got is None:
        raise AssertionError(f'{where} returned None: did you forget `return`?')
    if isinstance(got, str):
        raise fail(f'{where} returned the single name {got!r}, expected one name per row. {flattened}', mistake='no-axis')
    got = list(got)
    if got == right:
        return
    where = f'{where} returned {got}, expected {right}.'
    if len(got) == logits.shape[1] != len(right):
        raise fail(f'{where} You got {len(got)} predictions for {len(right)} examples: you took argmax down each column (axis=0), across examples. Each ROW is one example: use axis=-1 (or axis=1).', mistake='wrong-axis')
    if len(got) != len(right):
        raise AssertionError(f'{where} Return one name per row of logits.')
    if all((isinstance(g, (int, np.integer)) for g in got)):
        raise fail(f'{where} You returned class indices: look each one up in class_names.', mistake='indices-not-names')
    idx = np.argmax(logits, axis=-1)
    if got == [names[(i + 1) % 3] for i in idx] or got == [names[i - 1] for i in idx]:
        raise fail(f'{where} Off by one: the class with index i is class_names[i] (counted from 0); do not add or subtract 1.', mistake='off-by-one')
    raise AssertionError(where + ' Take the argmax of each row (the last axis) and look the index up in class_names.')

