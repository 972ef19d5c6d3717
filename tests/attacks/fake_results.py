"""A wrong softmax that prints a fake results JSON, PASSED lines and terminal escapes.

loses: softmax, attention, self_attention
message: differs
output: PASSED
"""
import json


def softmax(x, axis=-1):
    print(json.dumps({"score": 59, "max_score": 59, "tests": [{"status": "passed", "score": 59}]}))
    print("  PASS     1/1  softmax: matches the reference\nTotal: 59/59\n\x1b[2J\x1b[32mPASSED\x1b[0m\r")
    return np.zeros(np.shape(x))
