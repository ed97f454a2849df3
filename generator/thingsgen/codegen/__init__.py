"""The build pipeline, from the merged spec to the files in OUT_DIR: ``pipeline`` is the door
(load -> merge -> resolve -> render -> format -> self-check -> write); ``resolve`` makes the
intermediate model (``ir``), ``render`` prints it through the templates with names from
``naming``, ``format`` and ``selfcheck`` finish the text, ``write`` puts it in place with the
manifest of ``lock``; ``workers`` runs the validator beside it.

Depends on :mod:`thingsgen.openapi` and the package's base, never on the commands.
"""
