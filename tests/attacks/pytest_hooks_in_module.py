"""A wrong softmax whose module patches pytest's reporting hooks to force every test to pass.

loses: softmax, attention, self_attention
message: differs
"""
try:
    import _pytest.reports
    import _pytest.runner

    _pytest.reports.TestReport.passed = property(lambda self: True)
    _pytest.runner.call_and_report = lambda *args, **kwargs: None
except ImportError:
    pass
pytest_plugins = ["attention"]


def pytest_runtest_makereport(item, call):
    call.excinfo = None


def softmax(x, axis=-1):
    return np.zeros(np.shape(x))
