"""The instructor's reference modules, loaded in the grader's own (trusted) process."""
from __future__ import annotations

import functools
import importlib.util
import sys
import types
from pathlib import Path

from .course import default_course


@functools.cache
def load_reference(assignment: str, module: str, reference_dir: Path | None = None) -> types.ModuleType:
    """``reference/<assignment>/<module>.py`` as a module, loaded once per process."""
    folder = (reference_dir or default_course().reference_dir) / assignment
    name = f"_reference_{assignment}_{module}"
    spec = importlib.util.spec_from_file_location(name, folder / f"{module}.py")
    loaded = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(folder))  # a reference module may import its siblings
    try:
        sys.modules[name] = loaded
        spec.loader.exec_module(loaded)
    finally:
        sys.path.remove(str(folder))
    return loaded


class ReferenceModules:
    """``reference.attention`` is ``reference/<assignment>/attention.py``."""

    def __init__(self, assignment: str, reference_dir: Path):
        self._assignment, self._dir = assignment, reference_dir

    def __getattr__(self, module: str) -> types.ModuleType:
        if module.startswith("__"):
            raise AttributeError(module)
        return load_reference(self._assignment, module, self._dir)
