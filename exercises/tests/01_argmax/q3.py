from helpers.feedback import test_case

OK_FORMAT = False

name = "q3"
points = 2
all_or_nothing = True

@test_case(points=None, hidden=False)
def test_q3_counterexamples(q3_a, q3_b, q3_c):
    import numpy as np
    from helpers.feedback import fail, given

    def argmax_a(scores):
        best = 0
        for i in range(1, len(scores)):
            if scores[i] > scores[i - 1]:
                best = i
        return best

    def argmax_b(scores):
        best = 0
        for i in range(1, len(scores)):
            if scores[i] >= scores[best]:
                best = i
        return best

    def rounded(z):
        e = np.exp(z - z.max())
        return np.round(e / e.sum(), 2)

    def scores_of(name, value):
        value = given(name, value)
        try:
            s = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise AssertionError(f'{name} is {value!r}: set it to a list of numbers, such as [1.0, 2.0].') from None
        if s.ndim != 1 or s.size == 0:
            raise AssertionError(f'{name} has shape {s.shape}: set it to one list of at least one score.')
        if not np.all(np.isfinite(s)):
            raise fail(f"{name} = {s.tolist()} holds NaN or inf. Use finite numbers: with a NaN, np.argmax returns the NaN's position, which is no reference to compare with.", mistake='nan-scores')
        return s

    def same(name, function, s, why, mistake='argmax-bug-not-shown'):
        got, right = (function(s.tolist()), int(np.argmax(s)))
        if got == right:
            raise fail(f'{name}: {function.__name__}({s.tolist()}) returns {got}, as np.argmax does, so these scores do not show its bug. {why}', mistake=mistake)
    a = scores_of('q3_a', q3_a)
    same('q3_a', argmax_a, a, 'Read its comparison: which score does it compare each score with?')
    b = scores_of('q3_b', q3_b)
    ties = np.flatnonzero(b == b.max())
    if len(ties) == 1 and len(np.unique(b)) < len(b):
        same('q3_b', argmax_b, b, "These scores have a tie, but not for the largest score: a tie lower down changes no argmax. Only a tie for the LARGEST score is a case where the rule 'return the LOWEST index' matters.", mistake='ties')
    same('q3_b', argmax_b, b, 'What does its `>=` do that `>` would not?')
    c = scores_of('q3_c', q3_c)
    p = rounded(c)
    where = f'q3_c: argmax_c({c.tolist()}) returns {int(np.argmax(p))}, as np.argmax does, so it does not show the bug.'
    if int(np.argmax(p)) == int(np.argmax(c)):
        if len(np.flatnonzero(c == c.max())) > 1:
            raise fail(f'{where} Your scores tie for the largest, so the probabilities tie too, and both return the first of the tied indices. The bug needs DIFFERENT scores whose probabilities round to the same number.', mistake='rounding-tie-needs-different-scores')
        if len(np.flatnonzero(p == p.max())) > 1:
            raise fail(f'{where} The rounded probabilities {p.tolist()} do tie for the largest, but the larger score comes first, and a tie goes to the first index, which is the right one here. Where must the larger score be for the tie to hide it?', mistake='rounding-tie-larger-first')
        raise fail(f'{where} Rounded to 2 decimals its probabilities are {p.tolist()}: the largest is still where the largest score is. When do two different probabilities look the same to 2 decimals?', mistake='argmax-bug-not-shown')

