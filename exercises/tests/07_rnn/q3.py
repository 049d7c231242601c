from helpers.feedback import test_case

OK_FORMAT = False

name = "q3"
points = 2
all_or_nothing = True

@test_case(points=None, hidden=False)
def test_q3_tokens(word_tokens):
    from helpers.feedback import call, fail
    where = 'word_tokens("What\'s up man?")'
    got = call(where, word_tokens, "What's up man?")
    assert got is not None, f'{where} returned None: did you forget `return`?'
    got = [str(token) for token in got]
    if got == ["What's", 'up', 'man?']:
        raise fail(f"{where} kept '?' glued to 'man': splitting at the spaces leaves the punctuation inside the words. Every punctuation mark must be a token of its own.", mistake='punctuation-glued')
    if not (got != ['What', "'", 's', 'up', 'man', '?'] and got != ['What', 's', 'up', 'man', '?']):
        raise fail(f"""{where} split "What's" at the apostrophe: an apostrophe belongs to its word, as letters and digits do.""", mistake='apostrophe-split')
    if not (got != list("What's up man?") and got != list("What'supman?")):
        raise fail(f'{where} gave one token per character: a word (letters, digits, apostrophes) is ONE token.', mistake='characters-not-words')
    assert got == ["What's", 'up', 'man', '?'], f'{where} returned {got}: each word (an apostrophe stays inside its word) and each punctuation mark is one token, in the order of the sentence, and spaces are not tokens.'
    got = call('word_tokens("Hi!")', word_tokens, 'Hi!')
    if not (got is not None and [str(token) for token in got] == ['Hi', '!']):
        raise fail(f"word_tokens('Hi!') returned {got!r}: the '!' is a token of its own.", mistake='punctuation-glued')

@test_case(points=None, hidden=False)
def test_q3_sentence(q3_sentence):
    import re
    from helpers.feedback import fail, given
    sentence = given('q3_sentence', q3_sentence)
    assert isinstance(sentence, str), f'q3_sentence is {sentence!r}, not a string: set it to a sentence in quotes.'
    tokens = re.findall("[\\w']+|[^\\w\\s]", sentence)
    if len(sentence) >= 14:
        raise fail(f"""q3_sentence has {len(sentence)} characters: it must take FEWER steps than the 14 characters of "What's up man?" as characters (spaces and punctuation marks count as characters).""", mistake='tokens-vs-characters')
    if len(tokens) <= 4:
        raise fail(f"""q3_sentence is {len(tokens)} words and punctuation marks: it must take MORE steps than the 4 of "What's up man?". Short words and punctuation marks add tokens for few characters.""", mistake='tokens-vs-characters')

