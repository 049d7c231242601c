from helpers.feedback import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_q2_batch(predict):
    import numpy as np
    assert callable(predict), 'predict is not defined: run the cell that defines it, then this check.'
    names = ['setosa', 'versicolor', 'virginica']
    logits = np.array([[1.0, 3.0, 2.0], [0.2, 0.1, 4.0], [5.0, -1.0, 0.0], [0.3, 0.2, 0.1]])
    right = ['versicolor', 'virginica', 'setosa', 'setosa']
    got = predict(logits, names)
    assert got is not None, 'predict returned None: did you forget `return`?'
    got = list(got)
    if got == right:
        return
    cols = np.argmax(logits, axis=0)
    where = f'predict(...) returned {got}, expected {right}.'
    if len(got) != len(right):
        if len(got) == logits.shape[1] and got == [names[i] for i in cols if i < len(names)][:len(got)] or len(got) == logits.shape[1]:
            raise AssertionError(f'{where} You got {len(got)} predictions for {len(right)} examples: you took argmax down each column (axis=0), across examples. Each ROW is one example: use axis=-1 (or axis=1).')
        raise AssertionError(f'{where} Return one name per row of logits.')
    if all((isinstance(g, (int, np.integer)) for g in got)):
        raise AssertionError(f'{where} You returned class indices; look each one up in class_names: class_names[i].')
    idx = np.argmax(logits, axis=-1)
    if got == [names[(i + 1) % 3] for i in idx] or got == [names[i - 1] for i in idx]:
        raise AssertionError(f'{where} Off by one: the class with index i is class_names[i] (counted from 0); do not add or subtract 1.')
    raise AssertionError(where + ' Take the argmax of each row (axis=-1) and look the index up in class_names.')

