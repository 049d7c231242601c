from helpers.feedback import test_case

OK_FORMAT = False

name = "q4"
points = 2
all_or_nothing = True

@test_case(points=None, hidden=False)
def test_q4_table(q4_table):
    import numpy as np
    from helpers.feedback import verdict
    assert isinstance(q4_table, dict) and set(q4_table) == {'NN1', 'NN2'}, "q4_table must be a dict with the keys 'NN1' and 'NN2'."
    right = {'NN1': (1 / 3, 0.76 / 3, -(2 * np.log(0.9) + np.log(0.4)) / 3), 'NN2': (1 / 3, 2.12 / 3, -(np.log(0.6) + np.log(0.7) + np.log(0.1)) / 3)}
    for name in ['NN1', 'NN2']:
        verdict(f"q4_table['{name}']", q4_table[name], right[name], hint='Each value is (classification_error(p, labels), mse(p, labels), mean_cross_entropy(p, labels)).', atol=1e-06, reveal=False)

