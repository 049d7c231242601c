from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 2

@test_case(points=None, hidden=False)
def test_q3_steps(word_tokens, q3_hi, q3_whats):
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
    assert callable(word_tokens), 'word_tokens is not defined: run the cell that defines it, then this check.'
    got = word_tokens("What's up man?")
    right = ["What's", 'up', 'man', '?']
    assert got is not None, 'word_tokens returned None: did you forget `return`?'
    got = list(got)
    assert got != ["What's", 'up', 'man?'], 'word_tokens kept \'?\' glued to \'man\': str.split() splits only on spaces. Make each punctuation mark a token of its own, e.g. re.findall(r"[\\w\']+|[^\\w\\s]", sentence).'
    assert got != ['What', "'", 's', 'up', 'man', '?'], 'word_tokens split "What\'s" at the apostrophe: keep the apostrophe inside the word ([\\w\']+).'
    assert got == right, f"""word_tokens("What's up man?") returned {got}, expected {right}."""
    assert word_tokens('Hi!') == ['Hi', '!'], "word_tokens('Hi!') should be ['Hi', '!']."
    assert q3_hi is not Ellipsis and q3_whats is not Ellipsis, 'Replace the ... with your answers and run the cell.'
    assert q3_hi != 1, "q3_hi = 1 counts words; the StatQuest notes' 2 steps for 'Hi' are its two CHARACTERS: len(list('Hi'))."
    assert q3_hi == 2, f"q3_hi = {q3_hi!r}: count the characters of 'Hi'."
    assert q3_whats != 14, 'q3_whats = 14 counts characters; the StatQuest notes counts words and punctuation here: len(word_tokens(...)).'
    assert q3_whats != 3, "q3_whats = 3 counts the space-separated words; the '?' is a step of its own."
    assert q3_whats == 4, f"""q3_whats = {q3_whats!r}: count the tokens of word_tokens("What's up man?")."""

