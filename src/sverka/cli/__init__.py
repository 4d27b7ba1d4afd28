"""The command line (click). Errors in the user's input end as one line on stderr and exit
code 2; see ``common``.

    main.py      the ``sverka`` group (commands imported lazily, by name) and ``run``
    common.py    what every command shares: error handling and exit codes, --debug,
                 warnings, the reading options, glossary and check options and set-up
    texts.py     align, init, update, export
    check.py     check, ignore
    glossary.py  glossary convert, glossary lint
    review.py    review (the only command that imports the app, inside the command)
    score.py     score; score_output.py its table, JSON and CSV

The engine never imports this package (the import-linter contract in pyproject.toml).
"""

from sverka.cli.main import main, run

__all__ = ["main", "run"]
