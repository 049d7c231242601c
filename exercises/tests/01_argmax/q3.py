from helpers.feedback import test_case

OK_FORMAT = False

name = "q3"
points = 2
all_or_nothing = True

@test_case(points=None, hidden=False)
def test_q3_numbers(q3_index, q3_value, q3_prob_index):
    assert q3_index is not None and q3_value is not None and (q3_prob_index is not None), 'Set q3_index, q3_value and q3_prob_index (replace the ... and run the cell).'
    assert q3_index != 5.3, 'q3_index is the value 5.3; argmax returns the INDEX (position) of the largest score, not the score.'
    assert q3_index != 3, 'q3_index is off by one: positions count from 0, so 5.3 in [2.1, 0.4, 5.3] is at index 2.'
    assert q3_index == 2, f'q3_index = {q3_index!r}: which position (from 0) holds the largest of [2.1, 0.4, 5.3]?'
    assert abs(q3_value - 5.3) < 1e-09, f'q3_value = {q3_value!r}: it is the score at that index, the largest score.'
    assert q3_prob_index == q3_index, 'q3_prob_index should equal q3_index: softmax keeps the order of the scores, so the largest probability sits where the largest score was.'

