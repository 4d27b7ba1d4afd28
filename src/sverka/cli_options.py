"""Options and glossary loading shared by the commands that run the checks (check, review).

Kept apart from cli.py so that the command modules can import it while cli.py loads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import click

from sverka.errors import SverkaError
from sverka.glossary import Glossary
from sverka.reviewsetup import DEFAULT_PITFALLS, ReviewSetup, bundled_glossaries
from sverka.termsafe import visible

__all__ = ["DEFAULT_PITFALLS", "bundled_glossaries"]  # and the functions below


def resolve_glossary(name: str) -> Path:
    """A path as given, or the name of a bundled glossary (kazakhstan-2022)."""
    path = Path(name)
    if path.exists() or path.suffix or "/" in name:
        return path
    bundled = bundled_glossaries()
    if name in bundled:
        return bundled[name]
    raise SverkaError(
        f"{name}: no such file or bundled glossary", hint="bundled: " + ", ".join(sorted(bundled))
    )


def load_glossaries(
    terms: tuple[str, ...], pitfalls: tuple[str, ...], default_pitfalls: bool
) -> list[Glossary]:
    from sverka.io.glossary import read_glossary

    names = list(pitfalls)
    if default_pitfalls and DEFAULT_PITFALLS not in names:
        names.append(DEFAULT_PITFALLS)
    out = [read_glossary(resolve_glossary(g), kind="terms") for g in terms]
    out += [read_glossary(resolve_glossary(g), kind="pitfalls") for g in names]
    for warning in (w for g in out for w in g.warnings):  # skipped terms, by line
        click.echo(visible(f"sverka: warning: {warning}"), err=True)
    return out


def glossary_options(func):
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


def check_selection_options(func):
    """--checks and --skip, as check and review take them."""
    func = click.option(
        "--skip", "skip", metavar="CODES", help="Do not run these checks (comma-separated)."
    )(func)
    return click.option(
        "--checks", "checks", metavar="CODES", help="Run only these checks (comma-separated)."
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
    from sverka.reviewsetup import recorded_name, recorded_path

    warnings: list[str] = []

    def given(names: list[str], kind: str) -> tuple[list[Glossary], list[str]]:
        loaded, names_out = [], []
        for name in names:
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

    def from_record(names: tuple[str, ...], kind: str, header: str) -> list[Glossary]:
        assert po_path is not None
        return [
            read_glossary(recorded_path(n, po_path, header), kind=kind)  # type: ignore[arg-type]
            for n in names
        ]

    parts = []
    if glossaries or recorded is None:
        terms, term_names = given(list(glossaries), "terms")
        parts.append("glossaries: " + (", ".join(glossaries) or "none"))
    else:
        term_names = list(recorded.glossaries)
        terms = from_record(recorded.glossaries, "terms", "X-Sverka-Glossaries")
        parts.append("glossaries: " + (", ".join(term_names) or "none"))
    if pitfalls or no_pitfalls or recorded is None:
        names = list(pitfalls)
        if not no_pitfalls and DEFAULT_PITFALLS not in names:
            names.append(DEFAULT_PITFALLS)
        traps, trap_names = given(names, "pitfalls")
        parts.append("pitfalls: " + (", ".join(names) or "none"))
    else:
        trap_names = list(recorded.pitfalls)
        traps = from_record(recorded.pitfalls, "pitfalls", "X-Sverka-Pitfalls")
        parts.append("pitfalls: " + (", ".join(trap_names) or "none"))
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
        tuple(term_names),
        tuple(trap_names),
        tuple(only) if only is not None else None,
        tuple(left_out),
    )
    explicit = bool(glossaries or pitfalls or no_pitfalls or checks is not None or skip is not None)
    in_force = "; ".join(parts)
    if recorded is not None and po_path is not None:
        in_force += f" (as {po_path.name} records{', but for the options given' * explicit})"
    for warning in (w for g in terms + traps for w in g.warnings):  # skipped terms, by line
        click.echo(visible(f"sverka: warning: {warning}"), err=True)
    return CheckSetup(terms + traps, codes, in_force, record, explicit, warnings)
