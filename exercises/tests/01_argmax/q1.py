from helpers.feedback import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=None, hidden=False)
def test_q1_examples(my_argmax):
    import numpy as np
    from helpers.feedback import call, fail

    def diagnose(scores):
        s = np.asarray(scores, dtype=float)
        right = int(np.argmax(s))
        got = call(f'my_argmax({list(scores)})', my_argmax, list(scores))
        if isinstance(got, (int, np.integer)) and (not isinstance(got, bool)) and (got == right):
            return
        where = f'my_argmax({list(scores)}) returned {got!r}, expected {right}.'
        ties = np.flatnonzero(s == s.max())
        if got is None:
            raise AssertionError(f'{where} Did you forget `return`? End the function by returning the best index.')
        if not isinstance(got, (int, np.integer, float, np.floating)) or isinstance(got, bool):
            raise AssertionError(f'{where} Return a single integer index, the position of the best score.')
        if np.isclose(got, s.max()) and got != right:
            raise fail(f"{where} You returned the largest VALUE, not its INDEX: argmax answers 'which position holds the largest score?'. Keep track of the position i of the best score and return i.", mistake='value-not-index')
        if len(ties) > 1 and got in ties:
            raise fail(f'{where} On a tie, return the LOWEST index (the first occurrence), as np.argmax does. Only replace the best index when a score is strictly larger (use >, not >=).', mistake='ties')
        if s.max() < 0 and got == 0:
            raise fail(f'{where} All scores are negative here, and no score beats a best value of 0: start from the first score itself, not from 0.', mistake='best-starts-at-zero')
        neighbour = max([0] + [i for i in range(1, len(s)) if s[i] > s[i - 1]])
        if got == neighbour:
            raise fail(f'{where} You compared each score with the one just before it, not with the best score so far: a later rise then wins although it is not the largest.', mistake='compares-with-previous')
        if got == right + 1:
            raise fail(f'{where} Off by one: Python counts positions from 0, so the first score is index 0. Do not add 1 to the index.', mistake='off-by-one')
        if got == right - 1:
            raise fail(f"{where} Off by one: you returned the position just before the largest score. Check your loop's range and return the index of the best score itself.", mistake='off-by-one')
        raise AssertionError(f'{where} Look again at how you compare each score with the best so far.')
    diagnose([2.1, 0.4, 5.3])
    diagnose([1.0, 5.0, 3.0])
    diagnose([7.0, 1.0, 2.0])
    diagnose([1.0, 5.0, 5.0, 0.0])
    diagnose([-3.0, -1.0, -2.0])

