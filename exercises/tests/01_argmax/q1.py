from helpers.feedback import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=None, hidden=False)
def test_q1_examples(my_argmax):
    import numpy as np
    assert callable(my_argmax), 'my_argmax is not defined: run the cell that defines it, then this check.'

    def diagnose(scores):
        s = np.asarray(scores, dtype=float)
        right = int(np.argmax(s))
        got = my_argmax(list(scores))
        if isinstance(got, (int, np.integer)) and (not isinstance(got, bool)) and (got == right):
            return
        where = f'my_argmax({list(scores)}) returned {got!r}, expected {right}.'
        ties = np.flatnonzero(s == s.max())
        if not isinstance(got, (int, np.integer, float, np.floating)) or isinstance(got, bool):
            raise AssertionError(f'{where} Return a single integer index (for example `return best`).')
        if np.isclose(got, s.max()) and got != right:
            raise AssertionError(f"{where} You returned the largest VALUE, not its INDEX: argmax answers 'which position holds the largest score?'. Keep track of the position i of the best score and return i.")
        if len(ties) > 1 and got in ties:
            raise AssertionError(f'{where} On a tie, return the LOWEST index (the first occurrence), as np.argmax does. Only replace the best index when a score is strictly larger (use >, not >=).')
        if got == right + 1:
            raise AssertionError(f'{where} Off by one: Python counts positions from 0, so the first score is index 0. Do not add 1 to the index.')
        if got == right - 1:
            raise AssertionError(f"{where} Off by one: you returned the position just before the largest score. Check your loop's range and return the index of the best score itself.")
        if s.max() < 0 and got == 0:
            raise AssertionError(f'{where} All scores are negative here: start from the first score (best = 0 and compare scores[i] > scores[best]), not from a best value of 0.')
        raise AssertionError(f'{where} Look again at how you compare each score with the best so far.')
    diagnose([2.1, 0.4, 5.3])
    diagnose([1.0, 5.0, 3.0])
    diagnose([7.0, 1.0, 2.0])
    diagnose([1.0, 5.0, 5.0, 0.0])
    diagnose([-3.0, -1.0, -2.0])

