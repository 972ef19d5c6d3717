"""Student calls that did not return a value, described for the student."""
from __future__ import annotations

import dataclasses

from .diagnosis import Diagnosis
from .sandbox.client import CallOutcome


class StudentCallFailed(Exception):
    """The student's function did not return: it raised, hung, crashed or is missing."""

    def __init__(self, outcome: CallOutcome):
        self.outcome = outcome
        message, self.diagnosis = describe_failure(outcome)
        super().__init__(message)
        self.message = message


def _with_traceback(text: str, outcome: CallOutcome) -> str:
    return f"{text}\n{outcome.traceback}" if outcome.traceback else text


def describe_failure(outcome: CallOutcome) -> tuple[str, Diagnosis]:
    """One message for the student, and a diagnosis id, for a call that did not return."""
    module, function = outcome.module, outcome.function
    raised = f"{outcome.exception}: {outcome.message}" if outcome.message else outcome.exception
    kinds = {
        "not_implemented": (
            f"{function} is not implemented yet (it still raises NotImplementedError).",
            Diagnosis("not-implemented", "This function is not implemented yet.", "Replace `raise NotImplementedError()` with your code."),
        ),
        "exception": (
            _with_traceback(f"{function} raised {raised}", outcome),
            Diagnosis("raised-exception", "Your function raised an exception.", "Run the public tests to reproduce it locally."),
        ),
        "timeout": (
            f"{function} did not return: {outcome.message}.",
            Diagnosis("timeout", "Your function ran out of time.", "Look for a loop that never ends, or a loop over a large array that NumPy could do at once."),
        ),
        "crashed": (
            f"{function} crashed: {outcome.message}.",
            Diagnosis("crashed", "Your code ended the process it runs in.", "Do not call sys.exit or os._exit, and keep memory use reasonable."),
        ),
        "memory": (
            _with_traceback(f"{function} ran out of memory ({raised}).", outcome),
            Diagnosis("out-of-memory", "Your function used more memory than allowed.", "Avoid building arrays much larger than the inputs."),
        ),
        "recursion": (
            _with_traceback(f"{function} recursed too deeply ({raised}).", outcome),
            Diagnosis("recursion", "Your function calls itself without end."),
        ),
        "base_exception": (
            _with_traceback(f"{function} raised {raised}, which stops the program.", outcome),
            Diagnosis("exited", "Your code tried to stop the program (sys.exit, exit() or KeyboardInterrupt).", "Return a value instead."),
        ),
        "syntax_error": (
            f"{module}.py has a syntax error: {outcome.message}. None of its functions can be graded until it is fixed.",
            Diagnosis("syntax-error", "Your file has a syntax error.", "Run `python -c 'import " + module + "'` to see it."),
        ),
        "import_failed": (
            _with_traceback(f"Importing {module}.py failed with {raised}.", outcome),
            Diagnosis("import-failed", "Your file raises an error when it is imported.", "Code at the top level of the module runs on import; move it into a function."),
        ),
        "missing_module": (
            f"{module}.py is missing from your submission.",
            Diagnosis("missing-module", "A file the assignment needs is missing.", f"Restore {module}.py from the course repository."),
        ),
        "left_out": (
            f"{module}.py was not copied for grading: {outcome.message}.",
            Diagnosis("left-out", "A file of your submission was not copied for grading.", f"Make {module}.py a plain file inside your assignment folder."),
        ),
        "missing_dependency": (
            f"{module}.py imports a package that is not available to the grader ({outcome.message}).",
            Diagnosis("missing-dependency", "Your file imports a package the grader does not install.", "Use only numpy and the Python standard library."),
        ),
        "missing_function": (
            f"{module}.py has no function named {function}.",
            Diagnosis("missing-function", "A function the assignment asks for is missing.", "Keep the names and signatures of the stubs."),
        ),
    }
    message, diagnosis = kinds.get(outcome.kind, (f"{function} failed: {raised or outcome.message}", Diagnosis("failed", "Your function failed.")))
    return message, dataclasses.replace(diagnosis, named=False)  # the message already says it
