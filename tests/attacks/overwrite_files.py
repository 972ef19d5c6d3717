"""A wrong softmax that tries to overwrite the report file, the reference and the graders.

loses: softmax, attention, self_attention
message: differs
"""
import os

for _target in ["@REPORT@", "@COURSE_ROOT@/reference/self_attention/attention.py",
                "@COURSE_ROOT@/autograder/graders/self_attention/test_1_softmax.py", "@COURSE_ROOT@/course.toml"]:
    try:
        with open(_target, "w") as _file:
            _file.write("# overwritten by a student\n")
        print("LEAK: wrote", _target)
    except OSError:
        pass
    try:
        os.remove(_target)
        print("LEAK: removed", _target)
    except OSError:
        pass


def softmax(x, axis=-1):
    return np.zeros(np.shape(x))
