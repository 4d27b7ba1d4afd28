"""The ``sverka`` group and the process around it (``run``).

Commands are looked up by name and their module imported only when the command runs or its
help is shown (click's documented lazy group): ``sverka check`` never imports the review app
or the scores. The command modules import ``sverka.cli.common`` and nothing of this module,
so the package has no import cycle.
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import os
import sys

import click

from sverka import __version__, signals
from sverka.cli.common import EXIT_FAILED, EXIT_INPUT, print_failure, say_ended
from sverka.termsafe import visible

# Every command: its name and "module:object". One row per command; a new command group is
# a new module and a row here.
COMMANDS = {
    "align": "sverka.cli.texts:align",
    "check": "sverka.cli.check:check",
    "export": "sverka.cli.texts:export",
    "glossary": "sverka.cli.glossary:glossary",
    "ignore": "sverka.cli.check:ignore",
    "init": "sverka.cli.texts:init",
    "review": "sverka.cli.review:review",
    "score": "sverka.cli.score:score",
    "update": "sverka.cli.texts:update",
}


class LazyGroup(click.Group):
    """A group whose commands are imported by name when first needed (click's
    "Lazily Loading Subcommands")."""

    def __init__(self, *args: object, lazy_subcommands: dict[str, str], **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lazy_subcommands = lazy_subcommands

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_subcommands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = self.lazy_subcommands.get(cmd_name)
        if target is None:
            return super().get_command(ctx, cmd_name)
        module, name = target.split(":")
        command = getattr(importlib.import_module(module), name)
        if not isinstance(command, click.Command):  # pragma: no cover - a wrong row above
            raise TypeError(f"{target} is not a click command")
        return command


@click.group(
    cls=LazyGroup,
    lazy_subcommands=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="sverka")
def main() -> None:
    """Review English machine translation against its Russian original.

    sverka aligns the two texts sentence by sentence, flags what a reviewer must look at,
    and keeps every correction in a gettext PO file.
    """


def run() -> None:
    """The ``sverka`` command (the console script; tests call ``main`` itself).

    Every command has finished its work, written its files atomically and released its
    locks before it returns, so the process ends without tearing the heap down: freeing
    simplemma's 180,000 English forms, pymorphy's dictionaries and every entry and finding
    one by one took 0.09 s of a 1.2 s `sverka check` (bench/checks).
    """
    signals.install()
    try:
        main.main()
    except SystemExit as done:
        code = done.code
    except signals.Terminated as ended:  # outside a command: parsing its options, say
        say_ended(ended)
        code = ended.exit_code
    except OSError as err:  # writing the output failed: a full disk (> /dev/full), EIO
        if err.filename is not None or err.errno not in (errno.ENOSPC, errno.EIO, errno.EDQUOT):
            print_failure()
            code = EXIT_FAILED
        else:
            with contextlib.suppress(Exception):
                print(f"sverka: error: cannot write the output: {err.strerror}", file=sys.stderr)
            code = EXIT_INPUT
    except Exception:  # a bug: never "findings" (1)
        print_failure()
        code = EXIT_FAILED
    else:
        code = 0
    if isinstance(code, str):  # sys.exit("message"): what Python would print
        print(visible(code, newlines=True), file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        # the reader may have left (`| head`), or the stream been closed (`>&-`: None)
        with contextlib.suppress(BrokenPipeError, ValueError, OSError, AttributeError):
            stream.flush()
    os._exit(code or 0)
