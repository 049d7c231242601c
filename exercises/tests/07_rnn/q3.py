from helpers.feedback import test_case

OK_FORMAT = False

name = "q3"
points = 2
all_or_nothing = True

@test_case(points=None, hidden=False)
def test_q3_steps(word_tokens, q3_hi, q3_whats):
    assert callable(word_tokens), 'word_tokens is not defined: run the cell that defines it, then this check.'
    got = word_tokens("What's up man?")
    assert got is not None, 'word_tokens returned None: did you forget `return`?'
    got = [str(token) for token in got]
    assert got != ["What's", 'up', 'man?'], 'word_tokens kept \'?\' glued to \'man\': str.split() splits only on spaces. Make each punctuation mark a token of its own, e.g. re.findall(r"[\\w\']+|[^\\w\\s]", sentence).'
    assert got != ['What', "'", 's', 'up', 'man', '?'], 'word_tokens split "What\'s" at the apostrophe: keep the apostrophe inside the word ([\\w\']+).'
    assert got == ["What's", 'up', 'man', '?'], f"""word_tokens("What's up man?") returned {got}: each word (an apostrophe stays inside its word) and each punctuation mark is one token, in the order of the sentence."""
    assert [str(token) for token in word_tokens('Hi!')] == ['Hi', '!'], "word_tokens('Hi!') should split the '!' off."
    assert q3_hi is not Ellipsis and q3_whats is not Ellipsis, 'Replace the ... with your answers and run the cell.'
    assert q3_hi != 1, "q3_hi = 1 counts words; the StatQuest notes' 2 steps for 'Hi' are its two CHARACTERS: len(list('Hi'))."
    assert q3_hi == 2, f"q3_hi = {q3_hi!r}: count the characters of 'Hi'."
    assert q3_whats != 14, 'q3_whats = 14 counts characters; the StatQuest notes counts words and punctuation here: len(word_tokens(...)).'
    assert q3_whats != 3, "q3_whats = 3 counts the space-separated words; the '?' is a step of its own."
    assert q3_whats == 4, f"""q3_whats = {q3_whats!r}: count the tokens of word_tokens("What's up man?")."""

