"""``python -m sverka.cli``: the same as the ``sverka`` command."""

from sverka.cli.main import run

run()
