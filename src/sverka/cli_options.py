"""Options and glossary loading shared by the commands that run the checks (check, review).

Kept apart from cli.py so that the command modules can import it while cli.py loads them.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import click

from sverka.errors import SverkaError
from sverka.glossary import Glossary

DEFAULT_PITFALLS = "ru-en-mt-pitfalls"


def bundled_glossaries() -> dict[str, Path]:
    """Glossaries that ship with sverka, by name (the file name without .csv)."""
    folder = resources.files("sverka") / "bundled"
    return {
        Path(p.name).stem: Path(str(p))
        for p in folder.iterdir()
        if p.name.endswith((".csv", ".tsv", ".tbx"))
    }


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
        click.echo(f"sverka: warning: {warning}", err=True)
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
