"""``sverka glossary``: read, convert and lint glossary files (CSV, TSV, OmegaT, TBX)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sverka.cli.common import EXIT_FOUND, debug_option, user_errors, warn
from sverka.errors import SverkaError
from sverka.termsafe import visible


@click.group()
def glossary() -> None:
    """Read, convert and check glossary files (CSV, TSV, OmegaT, TBX)."""


@glossary.command()
@click.argument("source", metavar="IN", type=click.Path(path_type=Path))
@click.argument("target", metavar="OUT", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
@debug_option
@user_errors
def convert(source: Path, target: Path, force: bool, debug: bool) -> None:
    """Convert glossary IN to OUT; formats follow the extensions.

    .csv (comma) and .tsv (tab) with the header ru,en,forbidden,note,pos; .txt/.utf8 is
    OmegaT's tab-separated glossary (approved renderings only); .tbx is TBX-Basic.
    IN may also be the name of a bundled glossary.
    """
    from sverka.io.glossary import read_glossary, write_glossary
    from sverka.reviewsetup import resolve_glossary

    if target.exists() and not force:
        raise SverkaError("already exists; use --force to replace it", path=target)
    g = read_glossary(resolve_glossary(str(source)))
    for warning in write_glossary(g, target) or ():
        warn(warning, target)
    click.echo(visible(f"wrote {target}: {len(g.entries)} entries"), err=True)


@glossary.command()
@click.argument("files", nargs=-1, required=True, metavar="G...")
@debug_option
@user_errors
def lint(files: tuple[str, ...], debug: bool) -> None:
    """Report duplicate terms, renderings both approved and forbidden, and other slips.

    Exit status 1 when a problem is found, 0 when the glossaries are clean.
    """
    from sverka.glossary import lint as lint_glossary
    from sverka.io.glossary import read_glossary
    from sverka.reviewsetup import resolve_glossary

    problems = 0
    for name in files:
        path = resolve_glossary(name)
        g = read_glossary(path, for_lint=True)
        for p in lint_glossary(g):
            problems += 1
            click.echo(visible(f"{path}:{p.line}: {p.code}: {p.message}"))
        if not problems:
            click.echo(visible(f"{path}: {len(g.entries)} entries, no problems"), err=True)
    if problems:
        sys.exit(EXIT_FOUND)
