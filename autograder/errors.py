"""Exit statuses and the errors that map to them (documented in the README).

0: the command did its job, whatever the score. 1: a check the command runs
failed. 2: bad usage, a bad path or a malformed file: one line on stderr, no
traceback. Raise :class:`UsageError` (or another error listed in
``USER_ERRORS``) for the last; the CLI prints it.
"""
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad input from the user: one line, exit status 2, no traceback."""
