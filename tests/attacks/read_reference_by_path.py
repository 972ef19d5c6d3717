"""softmax looks for the reference and the hidden graders by relative and absolute paths, and uses them.

loses: softmax, attention, self_attention
message: differs
"""
import os

_CANDIDATES = [
    "../../reference/self_attention/attention.py",
    "../reference/self_attention/attention.py",
    "@COURSE_ROOT@/reference/self_attention/attention.py",
    "@COURSE_ROOT@/autograder/graders/self_attention/test_1_softmax.py",
    "@COURSE_ROOT@/autograder/graders/self_attention/diagnoses.py",
    "@COURSE_ROOT@/.git/HEAD",
    "/etc/shadow",
]


def softmax(x, axis=-1):
    for path in _CANDIDATES:
        try:
            with open(path) as file:
                source = file.read()
        except OSError:
            continue
        print("LEAK: read", path)
        if "BEGIN SOLUTION" in source:
            namespace = {}
            exec(source, namespace)
            return namespace["softmax"](x, axis=axis)
    return np.zeros(np.shape(x))
