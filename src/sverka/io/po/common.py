"""What the PO reader and writer share: the error, and the header fields sverka names."""

from __future__ import annotations

from sverka.errors import SverkaError


class PoSyntaxError(SverkaError):
    """A PO file that gettext would not accept either."""


HEADER_SOURCE = "X-Sverka-Source"
HEADER_MT = "X-Sverka-MT"
# The review's set-up (reviewsetup.py): kept as the file has them, like other tools' fields.
HEADER_GLOSSARIES = "X-Sverka-Glossaries"
HEADER_PITFALLS = "X-Sverka-Pitfalls"
HEADER_CHECKS = "X-Sverka-Checks"
HEADER_SKIP = "X-Sverka-Skip"
SETUP_HEADER = {HEADER_GLOSSARIES, HEADER_PITFALLS, HEADER_CHECKS, HEADER_SKIP}
# Header fields sverka sets itself on every save; any other field is kept as the file had it.
OWN_HEADER = {
    "PO-Revision-Date", "MIME-Version", "Content-Type", "Content-Transfer-Encoding",
    "X-Generator", "X-Source-Language", HEADER_SOURCE, HEADER_MT,
}  # fmt: skip
OWN_COMMENTS = (
    "sverka review file: Russian original (msgid), English as reviewed (msgstr).",
    'The machine translation is kept in "#. mt:" comments; fuzzy = not reviewed.',
)
