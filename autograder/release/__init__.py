"""Getting the course to students: the student repository, its grading workflow, Gradescope's zip.

- :mod:`.schedule`: which assignments are out at a given time.
- :mod:`.leaks`: refuse any tree that would show students solutions or hidden graders.
- :mod:`.tree`: write the student repository from the generated assignments and a template.
- :mod:`.gradescope`: the Gradescope autograder zip, and grading inside it.
"""
