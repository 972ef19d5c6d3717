"""Grading a whole class: discovery, a parallel resumable runner, the gradebook, feedback pages and analytics.

The unit of work is one student's one assignment. Each unit's result is
written atomically to ``<out>/results/<student>/<assignment>.json`` as soon as
it is graded, keyed by a hash of what was graded, so a rerun grades only what
changed. Everything else (gradebook, feedback pages, class report) is derived
from those records.
"""
