"""Review files as gettext PO: a strict reader with line numbers, and a fast writer.

The mapping (valid for ``msgfmt --check``, read by polib and translate-toolkit):

    # reviewer's note                      translator comment
    #. mt: the machine translation         never changed, so diffs and HTER can be computed
    #. sverka: line-start confidence=0.87 ignore=number
    #: ru.txt:12 en.txt:14                 where the sentences came from
    #, fuzzy                               not yet reviewed
    msgctxt "p012.s03"                     the bead id (English paragraph 12, bead 3)
    msgid "Russian"                        "" for an English line with no source (a caption)
    msgstr "English as it stands"          "" when the MT dropped the sentence

gettext allows ``fuzzy`` on an empty msgstr and an empty msgid under a msgctxt, so both
edge cases keep the ordinary meanings. Flags, comments and references written by other
tools are kept verbatim, header comments and an obsolete entry's ``#~|`` lines too.

Surviving other tools (issue 16). The ``#. sverka:`` line is written on every entry and ends
with a seal, ``crc=`` and eight hex digits: the CRC-32 of the ``#. mt:`` text as written and
of the tokens before it. Inside the MT comment every whitespace character other than a
single space between two others is written as ``\\uXXXX``, so a tool that rewraps the
comments (polib at any ``wrapwidth``, xgettext-style textwrap) can only drop one space at a
break, or nothing after a hyphen. The reader joins the lines from ``#. mt:`` up to the sealed
line every way that allows and takes the one whose checksum matches: it reads back exactly
what was written, whatever the width, or refuses the entry by line (the comment was changed)
instead of misreading it. Files written before the seal are read as before (the MT rejoined
where polib's 78-column wrap left it). The seal also carries what tools would otherwise lose:

    shape=2-1      the bead's shape, when its references repeat a line (gettext merges
                   ``ru.txt:43 ru.txt:43``)
    unreviewed     on an entry with no English that is not reviewed (gettext drops
                   ``fuzzy`` from an empty msgstr)
    note=CRC       the reviewer's note as written, so a rewrap of its ``#`` lines is undone
                   (a note edited in another program is taken as it stands)

msgmerge replaces ``#.`` comments with the template's. In a sealed file an entry without its
sealed line lost them: an empty msgstr without ``fuzzy`` is then not taken as reviewed. An
entry of a sverka file (it names its MT) without ``#. mt:`` has an unknown MT (``mt_known``
false): no ``#. mt:`` is written for it, score leaves it out, and update takes its MT from
the English file again: the English is never taken for the MT.

polib is not used to read: it accepts an unclosed quote or a bad escape silently (and reads
wrong text), where a reviewer's file must fail loudly.

The package: ``read.py`` (the strict parser and the entries it makes), ``write.py`` (render_po
and the autosave's incremental render), ``seal.py`` (the sealed ``#. sverka:`` line and the
MT comment's escapes, both ways), ``common.py`` (PoSyntaxError, the header fields).
"""

from sverka.io.po.common import (
    HEADER_CHECKS,
    HEADER_GLOSSARIES,
    HEADER_MT,
    HEADER_PITFALLS,
    HEADER_SKIP,
    HEADER_SOURCE,
    PoSyntaxError,
)
from sverka.io.po.read import parse_po, read_po, require_entries
from sverka.io.po.write import RenderCache, prime_cache, render_po, render_po_bytes, sha256_of

__all__ = [
    "HEADER_CHECKS",
    "HEADER_GLOSSARIES",
    "HEADER_MT",
    "HEADER_PITFALLS",
    "HEADER_SKIP",
    "HEADER_SOURCE",
    "PoSyntaxError",
    "RenderCache",
    "parse_po",
    "prime_cache",
    "read_po",
    "render_po",
    "render_po_bytes",
    "require_entries",
    "sha256_of",
]
