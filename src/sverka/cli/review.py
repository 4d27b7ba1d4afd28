"""``sverka review``: open the review app on a review file, or on a Russian and English pair.

Textual is imported inside the command only: ``sverka review --help`` and the other commands
never pay for it.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click

from sverka import signals
from sverka.cli.common import (
    EXIT_FAILED,
    EXIT_INPUT,
    check_selection_options,
    check_setup,
    debug_option,
    glossary_options,
    read_options,
    user_errors,
    warn,
)
from sverka.errors import InputError, SverkaError
from sverka.inputs import ReadOptions
from sverka.termsafe import visible


@click.command()
@click.argument("files", nargs=-1, metavar="(FILE.po | RU EN)", type=click.Path(path_type=Path))
@glossary_options
@check_selection_options
@click.option("--keys", "list_keys", is_flag=True, help="List every key and its id, and exit.")
@debug_option
@user_errors
@read_options
def review(
    files: tuple[Path, ...],
    glossaries: tuple[str, ...],
    pitfalls: tuple[str, ...],
    no_pitfalls: bool,
    checks: str | None,
    skip: str | None,
    read: ReadOptions,
    list_keys: bool,
    debug: bool,
) -> None:
    """Review the English against the Russian, bead by bead, in the terminal.

    With RU and EN, the review file EN.review.po beside the English is reopened, or made
    (aligned) the first time. Every correction is saved to it as you go: when you leave a
    bead, a second after you stop typing, and when you quit. There is no "save?" question.

    Flags come from the checks (see sverka check --list) with the glossaries given by -g and
    the bundled list of MT false friends. Press ? in the app for the keys; remap them by id
    in ~/.config/sverka/config.toml (or $SVERKA_CONFIG):

    \b
      theme = "textual-light"
      [keys]
      accept-next = "ctrl+j,f8"

    \b
    Examples:
      sverka review ru.txt en.txt -g kazakhstan-2022
      sverka review en.review.po
    """
    from sverka.tui.keys import KEY_IDS, KEYS, display

    if list_keys:
        for k in KEYS:
            click.echo(f"{k.id:<24} {display(k.keys):<28} {k.description}")
        return
    if len(files) not in (1, 2):
        raise click.UsageError("give a review file (FILE.po), or the Russian and English files")
    from sverka import inputs
    from sverka.checks import Checker
    from sverka.session import ReviewSession
    from sverka.tui.settings import load_settings

    settings = load_settings(known_ids=set(KEY_IDS))
    # The glossaries and checks the review file records, unless options say otherwise; a
    # misspelt code, a broken or missing glossary fails here, before the app opens.
    from sverka.reviewfile import default_po_path
    from sverka.reviewsetup import peek_setup, write_setup

    po = files[0] if len(files) == 1 else default_po_path(files[-1])
    setup = check_setup(po, peek_setup(po), glossaries, pitfalls, no_pitfalls, checks, skip)
    if len(files) == 1 and not files[0].exists():
        raise InputError("no such file", path=files[0])
    inputs.given(files)  # a text as the review file (by content), a review file as a text

    def need_terminal() -> None:  # after the inputs, whose errors say more; before anything
        if not sys.stdin.isatty() or not sys.stdout.isatty():  # is made
            raise SverkaError(
                "the review app needs a terminal",
                hint="for scripts: sverka check, sverka export and sverka score",
            )

    session = ReviewSession.open(*files, read=read, ready=need_terminal)
    try:
        if session.created:
            click.echo(visible(f"made {session.path}"), err=True)
        from sverka.tui.app import make_app

        if setup.explicit or session.created:  # the set-up is part of the review
            write_setup(session.doc, setup.record)
        session.warnings.extend(setup.warnings)
        app = make_app(
            session,
            settings,
            lambda: Checker(setup.glossaries, setup.codes),
            in_force=setup.in_force,
        )
        with signals.on_signal(app.signal_received):
            app.run()
    finally:
        try:
            outcome = session.save()  # the app saves as it goes; this is the last net
        finally:
            session.close()
    if app.ended_by is not None:
        ended = signals.Terminated(app.ended_by)
        # The terminal is likely gone: the line may reach nobody, and that is no error.
        with contextlib.suppress(Exception):
            state = "saved" if outcome.error is None else f"NOT saved ({outcome.error})"
            click.echo(visible(f"sverka: {ended}; {state} {session.path}"), err=True)
        sys.exit(ended.exit_code)
    if outcome.error is not None:
        aside = f"; your version is in {outcome.kept_at}" if outcome.kept_at else ""
        warn(f"could not save: {outcome.error}{aside}", session.path)
        sys.exit(EXIT_INPUT)
    st = session.doc.stats()
    click.echo(
        visible(f"saved {session.path}: ")
        + f"{st.reviewed} reviewed, {st.needs_review - st.untouched} edited "
        f"but not yet reviewed, {st.untouched} untouched; " + visible(setup.in_force),
        err=True,
    )
    if app.return_code:  # the app failed (a bug: Textual printed its traceback); work is saved
        sys.exit(EXIT_FAILED)  # 70, as every command's bug; Textual's own code is 1
