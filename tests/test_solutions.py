"""Solution markers: stubs keep everything but the solutions, and bad markup fails loudly."""
import pytest

from autograder.solutions import MarkupError, find_regions, strip_solutions

SOURCE = '''def f(x):
    """Docstring stays."""
    ### BEGIN SOLUTION
    y = x + 1
    return y
    ### END SOLUTION


def g():
    given = 1  # given code outside the markers stays
    if given:
        ### BEGIN SOLUTION
        return 2
        ### END SOLUTION
### BEGIN HIDDEN TESTS
assert f(1) == 2
### END HIDDEN TESTS
'''


def test_strip_replaces_solutions_at_their_indentation():
    stub = strip_solutions(SOURCE)
    assert "y = x + 1" not in stub and "return 2" not in stub
    assert '    """Docstring stays."""\n    # YOUR CODE HERE\n    raise NotImplementedError()\n' in stub
    assert "        # YOUR CODE HERE\n        raise NotImplementedError()\n" in stub
    assert "given = 1  # given code" in stub
    assert "HIDDEN" not in stub and "assert f(1)" not in stub
    compile(stub, "<stub>", "exec")


@pytest.mark.parametrize(
    "text, line, problem",
    [
        ("### BEGIN SOLUTION\nx\n### BEGIN SOLUTION\n### END SOLUTION\n", 3, "inside the region opened on line 1"),
        ("x = 1\n### BEGIN SOLUTION\nx\n", 2, "never closed"),
        ("x = 1\n### END SOLUTION\n", 2, "without a matching"),
        ("### BEGIN SOLUTION\n### END HIDDEN TESTS\n", 2, "without a matching"),
    ],
)
def test_bad_markup_names_file_and_line(text, line, problem):
    with pytest.raises(MarkupError) as caught:
        find_regions(text, "lesson.py")
    assert caught.value.line == line
    assert str(caught.value).startswith(f"lesson.py:{line}: ") and problem in str(caught.value)
