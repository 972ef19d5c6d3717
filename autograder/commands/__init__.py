"""One module per subcommand, each with ``register(subparsers)``; the CLI finds them all.

A command module defines ``register(subparsers)``, which adds its parser and
sets ``run=<function(args) -> exit status>`` as a default. ``ORDER`` fixes the
order in ``--help``; modules not listed come after, alphabetically.
"""
import importlib
import pkgutil

ORDER = ["grade", "generate", "check", "release", "grade_all", "report", "gradescope", "new"]


def command_modules():
    names = [info.name for info in pkgutil.iter_modules(__path__) if not info.name.startswith("_")]
    names.sort(key=lambda name: (ORDER.index(name) if name in ORDER else len(ORDER), name))
    return [importlib.import_module(f"{__name__}.{name}") for name in names]
