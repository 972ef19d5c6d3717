"""softmax imports the hidden graders and the reference (package import, sys.path, importlib by path).

loses: softmax, attention, self_attention
message: differs
"""
import importlib
import importlib.util
import sys


def _reference_softmax():
    attempts = [
        lambda: importlib.import_module("autograder.graders.self_attention.diagnoses"),
        lambda: importlib.import_module("autograder.reference").load_reference("self_attention", "attention"),
        lambda: (sys.path.insert(0, "@COURSE_ROOT@"), importlib.import_module("autograder.reference"))[1].load_reference("self_attention", "attention"),
        lambda: _by_path("@COURSE_ROOT@/reference/self_attention/attention.py"),
    ]
    for attempt in attempts:
        try:
            found = attempt()
        except BaseException:
            continue
        if hasattr(found, "softmax"):
            print("LEAK: imported", found)
            return found.softmax
    return None


def _by_path(path):
    spec = importlib.util.spec_from_file_location("_stolen", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def softmax(x, axis=-1):
    stolen = _reference_softmax()
    return stolen(x, axis=axis) if stolen else np.zeros(np.shape(x))
