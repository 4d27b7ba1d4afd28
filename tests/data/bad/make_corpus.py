"""Write the bad-input corpus: one file per kind of bad input, named after it.

Run from anywhere: ``python tests/data/bad/make_corpus.py``. The files are committed; this
script is how they were made and how to add a kind (add it here, run it, commit both).

Names: ``<reader>-<kind>[.line<N>].<ext>``. The reader prefix says which inputs of which
commands take the file (tests/reliability/test_bad_input.py runs every command on every file
it can take); ``.line<N>`` is the line the one-line error must name.

  text-   a Russian or an English text (align, init, check, review; score's --ref and systems)
  ru-     bad only as the Russian side;  en-  bad only as the English side
  side-   bad as either side, but not for score (sacrebleu reads any UTF-8 line)
  po-     a review file (check, export, update, review, score, ignore)
  glossary-, tbx-   a glossary (glossary lint/convert, check -g/--pitfalls, review -g)
  ref-, hyp-        score --ref inputs;  wmt-  score --wmt
  config-           the review app's settings ($SVERKA_CONFIG)

``tolerated/`` holds inputs that look hostile but are valid (CRLF, a BOM, a legacy encoding,
a glossary that lint doubts): sverka must read them exactly as their clean twin.

One kind is not committed: the 10 MB single line (``text-ten-mb-single-line.txt``) is written
by the test at run time (``ten_mb_single_line()``), not kept in git.
"""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

HERE = Path(__file__).resolve().parent
TOLERATED = HERE / "tolerated"

PO_HEADER = (
    'msgid ""\n'
    'msgstr ""\n'
    '"Project-Id-Version: sverka review\\n"\n'
    '"Language: en\\n"\n'
    '"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n'
)  # 7 lines: the first entry starts on line 9

PO_ENTRY = 'msgctxt "{id}"\nmsgid "{ru}"\nmsgstr "{en}"\n'

RU_TEXT = (
    "Протестующие вышли на площадь в Алма-Ате 5 января.\n"
    "Власти ввели режим чрезвычайного положения.\n"
)
EN_TEXT = (
    "Protesters took to the square in Almaty on January 5.\n"
    "The authorities declared a state of emergency.\n"
)

TBX_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
TBX_BODY = (
    '<martif type="TBX-Basic" xml:lang="ru">\n'
    "  <text><body>\n"
    '    <termEntry id="c1">\n'
    '      <langSet xml:lang="ru"><tig><term>договор</term></tig></langSet>\n'
    '      <langSet xml:lang="en"><tig><term>contract</term></tig></langSet>\n'
    "    </termEntry>\n"
    "  </body></text>\n"
    "</martif>\n"
)


def po(*entries: tuple[str, str, str], header: str = PO_HEADER) -> str:
    return header + "".join("\n" + PO_ENTRY.format(id=i, ru=r, en=e) for i, r, e in entries)


def ten_mb_single_line() -> bytes:
    """A 10 MB file that is one line of Russian words with no sentence end."""
    return ("слово " * 1_800_000).encode("utf-8")[: 10 * 1024 * 1024].rstrip(b"\xd0 ") + b"\n"


def mo_file() -> bytes:
    """A compiled gettext catalogue (GNU .mo) of one message, as msgfmt writes it."""
    msgid, msgstr = b"\xd0\x94\xd0\xb0", b"Yes"
    header = 7 * 4
    ids_at, strs_at = header, header + 8
    data_at = strs_at + 8
    return (
        struct.pack("<7I", 0x950412DE, 0, 1, ids_at, strs_at, 0, 0)
        + struct.pack("<2I", len(msgid), data_at)
        + struct.pack("<2I", len(msgstr), data_at + len(msgid) + 1)
        + msgid
        + b"\0"
        + msgstr
        + b"\0"
    )


PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + bytes(40)
ZIP = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + bytes(30) + b"word/document.xml"
PDF = (
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nstream\n"
    + bytes(range(256))
    + b"\nendstream\n%%EOF\n"
)

KINDS: dict[str, bytes | str] = {
    # -- texts ---------------------------------------------------------------------------
    "text-empty.txt": "",
    "text-whitespace-only.txt": "  \n\t\n \u00a0\n\n",
    "text-binary-png.txt": PNG,
    "text-pdf-renamed.txt": PDF,
    "text-docx-renamed.txt": ZIP,
    "text-nul-bytes.line2.txt": "Первая строка.\nВтор\0ая строка.\n",
    # bytes no single-byte Cyrillic code page or UTF-8 reads as text (C1 controls in cp1251's
    # only hole, 0x98, and UTF-8 continuation bytes with no lead byte)
    "text-invalid-utf8-no-encoding.line1.txt": b"\x98\x98\x98 \x80\x81\x98\x98\n\x98\x9f\x98\n",
    "text-mixed-encodings.line2.txt": "Первая строка.\n".encode()
    + "Вторая строка.\n".encode("cp1251"),
    # gettext's context separator: msgfmt refuses a PO string that holds it
    "side-eot-control-character.line2.txt": "Первая строка.\nВторая\x04 строка.\n",
    "text-utf16-truncated.line2.txt": b"\xff\xfe"
    + "Первая строка.\n".encode("utf-16-le")
    + b"\x04",
    # -- one side only ---------------------------------------------------------------------
    "ru-english-text.txt": EN_TEXT,
    "en-russian-text.txt": RU_TEXT,
    # -- review files ----------------------------------------------------------------------
    "po-empty.po": "",
    "po-binary.po": PNG,
    "po-mo-file.po": mo_file(),
    "po-nul-bytes.po": po(("p001.s01", "При\0вет", "Hello")),
    "po-not-a-po.line1.po": RU_TEXT,
    "po-unclosed-quote.line10.po": po(("p001.s01", "Привет", "Hello")).replace(
        'msgid "Привет"', 'msgid "Привет'
    ),
    "po-bad-escape.line11.po": po(("p001.s01", "Привет", "Hel\\qlo")),
    "po-invalid-utf8.line11.po": po(("p001.s01", "Привет", "Hello"))
    .encode()
    .replace(b"Hello", b"Hel\xc3\x28lo"),
    "po-wrong-charset.line6.po": po(("p001.s01", "Привет", "Hello")).replace(
        "charset=UTF-8", "charset=ISO-8859-5"
    ),
    "po-unknown-charset.line6.po": po(("p001.s01", "Привет", "Hello")).replace(
        "charset=UTF-8", "charset=KLINGON-8"
    ),
    "po-duplicate-entries.line13.po": po(
        ("p001.s01", "Привет", "Hello"), ("p001.s01", "Привет", "Hi")
    ),
    "po-truncated.line11.po": po(("p001.s01", "Привет", "Hello"))[:-13],
    "po-plural-entry.line10.po": PO_HEADER
    + '\nmsgid "файл"\nmsgid_plural "файлы"\nmsgstr[0] "file"\nmsgstr[1] "files"\n',
    "po-msgid-without-msgstr.line9.po": PO_HEADER
    + '\nmsgctxt "p001.s01"\nmsgid "Привет"\n\nmsgctxt "p001.s02"\nmsgid "Пока"\nmsgstr ""\n',
    "po-keyword-without-string.line11.po": po(("p001.s01", "Привет", "Hello")).replace(
        'msgstr "Hello"', "msgstr"
    ),
    "po-string-without-keyword.line9.po": PO_HEADER + '\n"Привет"\nmsgstr "Hello"\n',
    "po-obsolete-only.po": PO_HEADER
    + '\n#~ msgctxt "p001.s01"\n#~ msgid "Привет"\n#~ msgstr "Hello"\n',
    "po-header-only.po": PO_HEADER,
    "po-wrong-direction.line4.po": po(("p001.s01", "Hello", "Привет")).replace(
        "Language: en", "Language: ru"
    ),
    "po-utf16.po": po(("p001.s01", "Привет", "Hello")).encode("utf-16"),
    "po-x-escape-without-digits.line11.po": po(("p001.s01", "Привет", "Hel\\xlo")),
    "po-confidence-not-a-number.line9.po": PO_HEADER
    + '\n#. sverka: confidence=abc\nmsgctxt "p001.s01"\nmsgid "Привет"\nmsgstr "Hello"\n',
    # -- glossaries: CSV, TSV, OmegaT ------------------------------------------------------
    "glossary-empty.csv": "",
    "glossary-binary.line2.csv": b"ru,en\n\0\0\0\x01\x02",
    "glossary-header-only.csv": "ru,en,forbidden,note,pos\n",
    "glossary-broken-quoting.line3.csv": (
        'ru,en,forbidden,note,pos\nдоговор,contract,,,noun\n"протестующие,protesters,,,\n'
    ),
    "glossary-text-after-quote.line2.csv": 'ru,en\n"договор"x,contract\n',
    "glossary-missing-ru-column.line1.csv": "term,en\nдоговор,contract\n",
    "glossary-missing-en-column.line1.csv": "ru,note\nдоговор,a note\n",
    "glossary-empty-term.line3.csv": "ru,en\nдоговор,contract\n,protesters\n",
    "glossary-no-rendering.line2.csv": "ru,en,forbidden\nКНБ,,\n",
    "glossary-wrong-field-count.line3.csv": "ru,en\nдоговор,contract\nвласть,power,extra\n",
    "glossary-semicolon-delimiter.line1.csv": "ru;en;forbidden\nдоговор;contract;\n",
    "glossary-tsv-with-commas.line1.tsv": "ru,en\nдоговор,contract\n",
    "glossary-pipe-in-term.line2.csv": "ru,en\nдоговор|контракт,contract\n",
    "glossary-unknown-case-rule.line2.csv": "ru,en,case\nКНБ,NSC,upper\n",
    "glossary-omegat-no-tab.line2.txt": "договор\tcontract\nпротестующие protesters\n",
    "glossary-omegat-empty-target.line2.txt": "договор\tcontract\nвласть\t\tnote\n",
    "glossary-omegat-english-russian.line1.txt": "contract\tдоговор\nprotesters\tпротестующие\n",
    # -- TBX and XML -------------------------------------------------------------------------
    "tbx-empty.tbx": "",
    "tbx-not-xml.line1.tbx": "ru,en\nдоговор,contract\n",
    "tbx-billion-laughs.line2.tbx": TBX_HEAD
    + '<!DOCTYPE martif [\n  <!ENTITY lol "lol">\n'
    + "".join(
        f'  <!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n"
    + TBX_BODY.replace("contract", "&lol9;"),
    "tbx-external-entity.line2.tbx": TBX_HEAD
    + '<!DOCTYPE martif [\n  <!ENTITY secret SYSTEM "file:///etc/passwd">\n]>\n'
    + TBX_BODY.replace("contract", "&secret;"),
    "tbx-internal-dtd.line2.tbx": TBX_HEAD
    + "<!DOCTYPE martif [\n  <!ELEMENT martif ANY>\n]>\n"
    + TBX_BODY,
    "tbx-wrong-root.line2.tbx": TBX_HEAD + '<tmx version="1.4"><body/></tmx>\n',
    "tbx-mismatched-tag.line6.tbx": TBX_HEAD
    + TBX_BODY.replace("<tig><term>contract</term></tig>", "<tig><term>contract</tig>"),
    "tbx-undeclared-entity.line6.tbx": TBX_HEAD + TBX_BODY.replace("contract", "&contract;"),
    "tbx-unknown-encoding.line1.tbx": TBX_HEAD.replace("UTF-8", "x-mac-cyrillic") + TBX_BODY,
    "tbx-no-russian.tbx": TBX_HEAD
    + TBX_BODY.replace('langSet xml:lang="ru"', 'langSet xml:lang="de"'),
    "tbx-empty-term.line5.tbx": TBX_HEAD + TBX_BODY.replace("договор", " "),
    "tbx-bad-status.line6.tbx": TBX_HEAD
    + TBX_BODY.replace(
        "<tig><term>contract</term></tig>",
        '<tig><term>contract</term><termNote type="administrativeStatus">approved</termNote></tig>',
    ),
    # -- scores ------------------------------------------------------------------------------
    "ref-fewer-lines.txt": "The protesters gathered.\n",
    "ref-empty.txt": "",
    "hyp-more-lines.txt": "Protesters gathered.\nPower was cut.\nAnd more.\nAnd more again.\n",
    "hyp-binary.txt": PNG,
    "wmt-not-xml.line1.xml": "source\treference\n",
    "wmt-billion-laughs.line2.xml": '<?xml version="1.0"?>\n<!DOCTYPE dataset [\n'
    '  <!ENTITY a "aaaaaaaaaa">\n  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n'
    '<dataset id="x"><collection id="x"><doc id="d" origlang="ru"><src lang="ru"><p>'
    '<seg id="1">&b;</seg></p></src></doc></collection></dataset>\n',
    "wmt-wrong-root.line2.xml": '<?xml version="1.0"?>\n<tmx version="1.4"><body/></tmx>\n',
    # -- the review app's settings -------------------------------------------------------------
    "config-not-toml.line2.toml": 'theme = "textual-dark"\n[keys\naccept-next = "f8"\n',
    "config-unknown-key-id.line2.toml": '[keys]\naccept-and-fly = "f8"\n',
    "config-key-not-a-string.line2.toml": "[keys]\naccept-next = 8\n",
}

# -- issue 15, item 8 and 9 (branch i15-inputs): hostile settings and XML encodings ---------
# Each was a traceback (exit 70) or silently accepted before. Cases that are not a file in a
# folder (SVERKA_CONFIG=/dev/zero, a FIFO, --encoding undefined, --checks '') are in
# tests/reliability/test_hostile_inputs.py.
TBX_DECLARING = TBX_HEAD.replace("UTF-8", "{}")


def damaged_gzip() -> bytes:
    """Two references, gzipped, with two bytes of the deflate stream flipped."""
    data = bytearray(gzip.compress(b"The protesters gathered.\nPower was cut.\n" * 50, mtime=0))
    data[20] ^= 0xFF
    data[30] ^= 0x55
    return bytes(data)


KINDS.update(
    {
        # tomllib recursed once per level: RecursionError
        "config-nested-too-deep.line2.toml": "# the settings\ntheme = "
        + "[" * 20_000
        + "]" * 20_000
        + "\n",
        # was ignored (a notification inside the app at most)
        "config-unknown-theme.line2.toml": '# mine\ntheme = "solarised-dark"\n',
        # Python refuses to convert an integer of over 4,300 digits: ValueError
        "config-number-too-long.line3.toml": "[keys]\n# below\naccept-next = " + "9" * 5000 + "\n",
        "config-not-utf8.line2.toml": b'theme = "textual-dark"\n# \xff\xfe\n',
        # expat's handler of other encodings: "multi-byte encodings are not supported"
        "tbx-utf7-declared.line1.tbx": TBX_DECLARING.format("UTF-7")
        + TBX_BODY.replace("<tig>", "+ADw-tig>"),
        "tbx-utf32-declared.line1.tbx": TBX_DECLARING.format("UTF-32") + TBX_BODY,
        "tbx-shift-jis-declared.line1.tbx": (TBX_DECLARING.format("Shift_JIS") + TBX_BODY)
        .replace("договор", "契約")
        .encode("shift_jis"),
        # idna and punycode: UnicodeError from the codec itself
        "tbx-idna-declared.line1.tbx": TBX_DECLARING.format("idna") + TBX_BODY,
        "tbx-punycode-declared.line1.tbx": TBX_DECLARING.format("punycode") + TBX_BODY,
        "tbx-ebcdic.line1.tbx": (
            TBX_DECLARING.format("cp500") + TBX_BODY.replace("договор", "dogovor")
        ).encode("cp500"),
        # score's references and systems (sacrebleu reads .gz): zlib.error was a traceback, and
        # a 500 KB .gz of one 512 MB line took 2.7 GB and a minute; lines are capped as in texts
        "ref-damaged-gzip.gz": damaged_gzip(),
        "ref-gzip-endless-line.line1.gz": gzip.compress(
            b"a" * 300_000 + b"\nPower was cut.\n", mtime=0
        ),
    }
)
# -- end of issue 15, items 8 and 9 ------------------------------------------------------------

# Hostile-looking but valid: each is read exactly as its clean twin (the test derives the twin).
TOLERATED_KINDS: dict[str, bytes | str] = {
    "text-crlf.txt": RU_TEXT.replace("\n", "\r\n"),
    "text-utf8-bom.txt": "\ufeff" + RU_TEXT,
    "text-cp1251.txt": RU_TEXT.encode("cp1251"),
    "text-utf16-bom.txt": RU_TEXT.encode("utf-16"),
    "po-crlf.po": po(("p001.s01", "Привет", "Hello")).replace("\n", "\r\n"),
    "po-bom.po": "\ufeff" + po(("p001.s01", "Привет", "Hello")),
    "glossary-bom.csv": "\ufeffru,en\nдоговор,contract\n",
    "glossary-crlf.csv": "ru,en\r\nдоговор,contract\r\n",
    "glossary-cp1251.csv": "ru,en\nдоговор,contract\n".encode("cp1251"),
    # doubtful: `glossary lint` exits 1 naming the line (check merges a duplicate term and
    # refuses an unknown part of speech, which decides how a term is matched)
    "glossary-duplicate-term.line3.csv": "ru,en\nдоговор,contract\nДоговор,treaty\n",
    "glossary-unknown-pos.line2.csv": "ru,en,pos\nдоговор,contract,существительное\n",
}


def write(folder: Path, kinds: dict[str, bytes | str]) -> None:
    folder.mkdir(exist_ok=True)
    for name, content in kinds.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(data)


def main() -> None:
    for old in [*HERE.glob("*-*.*"), *TOLERATED.glob("*")]:
        old.unlink()
    write(HERE, KINDS)
    write(TOLERATED, TOLERATED_KINDS)
    print(
        f"{len(KINDS) + 1} kinds refused (one written at test time), {len(TOLERATED_KINDS)} tolerated"
    )


if __name__ == "__main__":
    main()
