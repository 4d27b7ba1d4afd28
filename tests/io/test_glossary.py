"""Glossary files: CSV/TSV, OmegaT and TBX read strictly with file and line in every error,
written atomically, round-tripped byte for byte, TBX cross-checked with translate-toolkit,
hostile XML refused, and lint finding each problem on its line."""

from __future__ import annotations

import dataclasses
import errno
import os
from pathlib import Path

import pytest
from translate.storage import tbx  # GPL: tests only, as an independent TBX reader

from sverka.errors import InputError, SverkaError
from sverka.glossary import POS, Glossary, GlossaryEntry, LintProblem, lint
from sverka.io.glossary import GlossaryError, read_glossary, write_glossary

FIXTURES = Path(__file__).parent / "fixtures" / "glossary"
SMALL = (  # what bom.csv, cp1251.csv, utf16.tsv and crlf.csv hold
    GlossaryEntry("договор", ("contract", "treaty"), ("agreement",), "юридический термин", "noun"),
    GlossaryEntry(
        "протестующие", ("protesters",), ("Protestants",), "не «протестанты»", "participle"
    ),
)


def unlined(entries: tuple[GlossaryEntry, ...] | list[GlossaryEntry]) -> list[GlossaryEntry]:
    return [dataclasses.replace(e, line=0) for e in entries]


def one_line(err: pytest.ExceptionInfo[SverkaError]) -> str:
    message = str(err.value)
    assert "\n" not in message
    return message


# -- round trips -------------------------------------------------------------------------------


def test_csv_round_trips_through_tbx_byte_for_byte(tmp_path: Path):
    original = FIXTURES / "terms.csv"
    glossary = read_glossary(original)
    assert write_glossary(glossary, tmp_path / "terms.tbx") == []
    via_tbx = read_glossary(tmp_path / "terms.tbx")
    assert unlined(via_tbx.entries) == unlined(glossary.entries)
    assert write_glossary(via_tbx, tmp_path / "back.csv") == []
    assert (tmp_path / "back.csv").read_bytes() == original.read_bytes()


def test_csv_round_trips_through_tsv(tmp_path: Path):
    original = FIXTURES / "terms.csv"
    glossary = read_glossary(original)
    write_glossary(glossary, tmp_path / "terms.tsv")
    via_tsv = read_glossary(tmp_path / "terms.tsv")
    assert via_tsv.entries == glossary.entries  # same rows, so the same lines too
    write_glossary(via_tsv, tmp_path / "back.csv")
    assert (tmp_path / "back.csv").read_bytes() == original.read_bytes()


def test_terms_csv_reads_as_written():
    entries = read_glossary(FIXTURES / "terms.csv").entries
    assert [e.line for e in entries] == [2, 3, 5, 6, 7, 8]
    protesters, knb, siloviki, performances = entries[1], entries[2], entries[3], entries[4]
    assert protesters.note == "не путать с «протестанты»\n(MT часто ошибается)"
    assert protesters.en == ("protesters", "demonstrators")
    assert (knb.case, knb.pos, knb.forbidden) == ("exact", "abbr", ("KNB",))
    assert siloviki.note == 'говорят "силовики", а не "силовые структуры"'
    assert siloviki.case == "any"
    assert (performances.en, performances.forbidden) == ((), ("performances",))


def test_the_case_column_is_written_only_when_needed(tmp_path: Path):
    glossary = Glossary(None, (GlossaryEntry("договор", ("contract",)),))
    write_glossary(glossary, tmp_path / "g.csv")
    assert (tmp_path / "g.csv").read_text() == "ru,en,forbidden,note,pos\nдоговор,contract,,,\n"
    exact = Glossary(None, (GlossaryEntry("КНБ", ("NSC",), case="exact"),))
    write_glossary(exact, tmp_path / "g.tsv")
    assert (
        tmp_path / "g.tsv"
    ).read_text() == "ru\ten\tforbidden\tnote\tpos\tcase\nКНБ\tNSC\t\t\t\texact\n"


def test_tsv_columns_in_any_order_extra_columns_ignored_alternatives_stripped():
    entries = read_glossary(FIXTURES / "columns_any_order.tsv").entries
    assert entries == (
        GlossaryEntry("договор", ("contract", "treaty"), line=2),
        GlossaryEntry(
            "протестующие", ("protesters",), note="не «протестанты»,\nа «протестующие»", line=3
        ),
    )


def test_a_pitfalls_file_needs_only_forbidden_and_headers_ignore_case():
    glossary = read_glossary(FIXTURES / "forbidden_only.csv", kind="pitfalls")
    assert glossary.kind == "pitfalls"
    assert glossary.entries == (
        GlossaryEntry("выступления", (), ("performances",), "ложный друг", line=2),
        GlossaryEntry("протестующие", (), ("Protestants", "Protestant"), line=3),
    )


@pytest.mark.parametrize("name", ["bom.csv", "cp1251.csv", "utf16.tsv", "crlf.csv"])
def test_encodings_and_line_ends(name: str):
    entries = read_glossary(FIXTURES / name).entries
    assert unlined(entries) == list(SMALL)
    assert [e.line for e in entries] == [2, 3]


# -- OmegaT ------------------------------------------------------------------------------------


def test_omegat_comments_are_skipped_and_lines_of_one_term_merged():
    assert read_glossary(FIXTURES / "omegat.txt").entries == (
        GlossaryEntry(
            "протестующие", ("protesters", "demonstrators"), note="не «протестанты»", line=4
        ),
        GlossaryEntry("договор", ("contract", "treaty"), note="юридический термин", line=5),
        GlossaryEntry("КНБ", ("NSC",), line=9),
    )


def test_omegat_writes_one_line_per_rendering_and_reads_back(tmp_path: Path):
    glossary = read_glossary(FIXTURES / "omegat.txt")
    out = tmp_path / "glossary.utf8"
    assert write_glossary(glossary, out) == []
    assert out.read_text() == (
        "# Glossary in tab-separated format -*- coding: utf-8 -*-\n"
        "протестующие\tprotesters\tне «протестанты»\n"
        "протестующие\tdemonstrators\n"
        "договор\tcontract\tюридический термин\n"
        "договор\ttreaty\n"
        "КНБ\tNSC\n"
    )
    again = read_glossary(out)
    assert unlined(again.entries) == unlined(glossary.entries)
    write_glossary(again, tmp_path / "again.txt")
    assert (tmp_path / "again.txt").read_bytes() == out.read_bytes()


def test_omegat_warns_about_what_it_cannot_hold(tmp_path: Path):
    glossary = read_glossary(FIXTURES / "terms.csv")
    warnings = write_glossary(glossary, tmp_path / "g.txt")
    assert warnings == [
        "4 forbidden renderings cannot be written to OmegaT format",
        "1 entry has no approved rendering and is left out",
        "parts of speech and case rules of 6 entries cannot be written to OmegaT format",
        "line breaks and tabs in 1 note are written as spaces",
    ]
    back = read_glossary(tmp_path / "g.txt")
    assert [e.ru for e in back.entries] == [
        "договор",
        "протестующие",
        "КНБ",
        "силовики",
        "Нур-Султан",
    ]
    assert all(not e.forbidden for e in back.entries)
    assert back.entries[1].note == "не путать с «протестанты» (MT часто ошибается)"


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        (GlossaryEntry("до\tговор", ("contract",)), "tab or a line break"),
        (GlossaryEntry("договор", ("con\ntract",)), "tab or a line break"),
        (GlossaryEntry("#хэштег", ("hashtag",)), "starts with '#'"),
    ],
)
def test_omegat_refuses_terms_it_cannot_hold(tmp_path: Path, entry: GlossaryEntry, words: str):
    out = tmp_path / "g.txt"
    with pytest.raises(GlossaryError) as err:
        write_glossary(Glossary(None, (entry,)), out)
    assert one_line(err).startswith(f"{out}: «{' '.join(entry.ru.split())}»")
    assert words in str(err.value)
    assert not out.exists()


# -- TBX ---------------------------------------------------------------------------------------


def test_tbx_basic_file_is_read():
    entries = read_glossary(FIXTURES / "tbx_basic.tbx").entries
    protesters = GlossaryEntry(
        "протестующие",
        ("protesters", "demonstrators"),  # the preferred term first
        ("Protestants",),
        "Люди, вышедшие на акцию протеста.\nMT confuses the two",
        "noun",
        line=13,
    )
    assert entries == (
        protesters,
        dataclasses.replace(protesters, ru="демонстранты"),  # one entry per Russian synonym
        GlossaryEntry("казахстанский", ("Kazakhstani",), ("Kazakh",), pos="adj", line=51),
        # the concept with no Russian term (line 67) is another language pair: skipped
        GlossaryEntry(
            "КНБ", ("NSC",), note="Комитет национальной безопасности", pos="abbr", line=76
        ),
        GlossaryEntry("Токаев", ("Tokayev",), ("Tokaev",), pos="name", line=95),
    )


def test_tbx_2019_dca_file_is_read():
    assert read_glossary(FIXTURES / "tbx_v3.tbx").entries == (
        GlossaryEntry(
            "мародёрство",
            ("looting",),
            ("marauding",),
            "Stealing goods during a riot.",
            "noun",
            line=11,
        ),
        GlossaryEntry("силовики", ("security forces",), line=31),
    )


def test_tbx_2019_dct_style_is_read(tmp_path: Path):
    path = tmp_path / "dct.tbx"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<tbx style="dct" type="TBX-Basic" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"\n'
        '     xmlns:basic="http://www.tbxinfo.net/ns/basic">\n'
        "<tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>\n"
        "<text><body>\n"
        '<conceptEntry id="c1">\n'
        '<langSec xml:lang="ru"><termSec><term>беспорядки</term>'
        "<basic:partOfSpeech>noun</basic:partOfSpeech></termSec></langSec>\n"
        '<langSec xml:lang="en">'
        "<termSec><term>unrest</term></termSec>"
        "<termSec><term>disorders</term>"
        "<basic:administrativeStatus>deprecatedTerm-admn-sts</basic:administrativeStatus>"
        "</termSec></langSec>\n"
        "</conceptEntry></body></text></tbx>\n"
    )
    assert read_glossary(path).entries == (
        GlossaryEntry("беспорядки", ("unrest",), ("disorders",), pos="noun", line=6),
    )


def test_a_utf16_tbx_is_read(tmp_path: Path):
    text = (FIXTURES / "tbx_v3.tbx").read_text().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    (tmp_path / "utf16.tbx").write_bytes(text.encode("utf-16"))
    assert (
        read_glossary(tmp_path / "utf16.tbx").entries
        == read_glossary(FIXTURES / "tbx_v3.tbx").entries
    )


def tbx_with(english_tig: str, ru_tig: str = "<term>договор</term>") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<martif type="TBX-Basic" xml:lang="ru"><text><body>\n'
        "<termEntry>\n"
        f'<langSet xml:lang="ru"><tig>{ru_tig}</tig></langSet>\n'
        f'<langSet xml:lang="en"><tig><term>contract</term>{english_tig}</tig></langSet>\n'
        "</termEntry></body></text></martif>\n"
    ).encode()


@pytest.mark.parametrize(
    ("status", "approved"),
    [
        ("", True),
        ('<termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>', True),
        ('<termNote type="administrativeStatus">admittedTerm-admn-sts</termNote>', True),
        ('<termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>', False),
        ('<termNote type="administrativeStatus">supersededTerm-admn-sts</termNote>', False),
        ('<admin type="administrativeStatus">deprecatedTerm-admn-sts</admin>', False),
        ('<termNote type="normativeAuthorization">deprecatedTerm-admn-sts</termNote>', False),
        ('<termNote type="administrativeStatus">deprecatedtermadmnsts</termNote>', False),
    ],
)
def test_administrative_status_decides_approved_or_forbidden(
    tmp_path: Path, status: str, approved: bool
):
    path = tmp_path / "status.tbx"
    path.write_bytes(tbx_with(status))
    (entry,) = read_glossary(path).entries
    assert (entry.en, entry.forbidden) == ((("contract",), ()) if approved else ((), ("contract",)))


@pytest.mark.parametrize("pos", POS)
@pytest.mark.parametrize("case", ["auto", "exact", "any"])
def test_every_pos_and_case_survives_tbx(tmp_path: Path, pos: str, case: str):
    entry = GlossaryEntry("договор", ("contract",), pos=pos, case=case)  # type: ignore[arg-type]
    write_glossary(Glossary(None, (entry,)), tmp_path / "g.tbx")
    assert unlined(read_glossary(tmp_path / "g.tbx").entries) == [entry]


@pytest.mark.parametrize(
    ("tbx_pos", "pos"),
    [("noun", "noun"), ("verb", "verb"), ("adjective", "adj"), ("adverb", "adv"),
     ("properNoun", "name"), ("other", "other"), ("pronoun", "other")],
)  # fmt: skip
def test_tbx_part_of_speech_picklist(tmp_path: Path, tbx_pos: str, pos: str):
    path = tmp_path / "pos.tbx"
    path.write_bytes(
        tbx_with("", f'<term>договор</term><termNote type="partOfSpeech">{tbx_pos}</termNote>')
    )
    assert read_glossary(path).entries[0].pos == pos


def test_translate_toolkit_reads_the_tbx_sverka_writes(tmp_path: Path):
    glossary = read_glossary(FIXTURES / "terms.csv")
    write_glossary(glossary, tmp_path / "terms.tbx")
    store = tbx.tbxfile.parsestring((tmp_path / "terms.tbx").read_bytes(), "ru", "en")
    units = store.units
    assert [u.source for u in units] == [e.ru for e in glossary.entries]
    for unit, entry in zip(units, glossary.entries, strict=True):
        terms = unit.get_target_terms()
        assert [t.text for t in terms if not t.deprecated] == list(entry.en)
        assert [t.text for t in terms if t.deprecated] == list(entry.forbidden)
        assert unit.getnotes() == entry.note


def test_sverka_reads_the_tbx_translate_toolkit_writes(tmp_path: Path):
    store = tbx.tbxfile(sourcelanguage="ru", targetlanguage="en")
    unit = store.addsourceunit("договор")
    unit.settarget("contract")
    unit.addnote("юридический термин", origin="translator")
    path = tmp_path / "tt.tbx"
    path.write_bytes(bytes(store))
    assert b"<!DOCTYPE martif" in path.read_bytes()  # a bare DOCTYPE, never loaded
    assert unlined(read_glossary(path).entries) == [
        GlossaryEntry("договор", ("contract",), note="юридический термин")
    ]


# -- hostile and broken XML --------------------------------------------------------------------


def test_billion_laughs_is_refused_before_expanding():
    path = FIXTURES / "billion_laughs.tbx"
    with pytest.raises(GlossaryError) as err:
        read_glossary(path)
    assert one_line(err).startswith(f"{path}:2: has a DTD with declarations")
    assert "lollol" not in str(err.value)


def test_an_external_entity_is_never_read():
    path = FIXTURES / "external_entity.tbx"
    with pytest.raises(GlossaryError) as err:
        read_glossary(path)
    assert one_line(err).startswith(f"{path}:2:")
    secret = Path("/etc/passwd").read_text().splitlines()[0]
    assert secret not in str(err.value)
    assert "root:" not in str(err.value)


def test_a_bare_doctype_is_accepted_and_never_loaded():
    # SYSTEM "file:///etc/passwd": were it loaded, it would fail as a DTD or leak into the text
    (entry,) = read_glossary(FIXTURES / "external_dtd_not_loaded.tbx").entries
    assert (entry.ru, entry.en) == ("договор", ("contract",))


@pytest.mark.parametrize(
    ("name", "line", "words"),
    [
        ("dtd_subset.tbx", 2, "has a DTD with declarations"),
        ("undeclared_entity_line7.tbx", 7, "undefined entity &contract;"),
        ("not_xml.tbx", 1, "is not well-formed XML"),
        ("mismatched_tag_line7.tbx", 7, "is not well-formed XML: mismatched tag"),
        ("wrong_root.tbx", 2, "not a TBX file (root <tmx>)"),
        ("bad_status_line11.tbx", 11, "unknown administrativeStatus 'approved'; allowed:"),
        ("empty_ru_term_line6.tbx", 6, "the Russian term is empty"),
        ("no_russian.tbx", None, "no entries"),
    ],
)
def test_bad_tbx_files_fail_with_file_and_line(name: str, line: int | None, words: str):
    path = FIXTURES / name
    with pytest.raises(GlossaryError) as err:
        read_glossary(path)
    assert one_line(err).startswith(f"{path}:{line}: " if line else f"{path}: ")
    assert words in str(err.value)


# -- broken CSV, TSV and OmegaT ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "line", "words"),
    [
        ("unclosed_quote_line4.csv", 4, "a quoted cell that starts on this row is never closed"),
        ("quote_then_text_line3.csv", 3, "a closing quote must be followed by a comma"),
        ("wrong_fields_line3.csv", 3, "this row has 3 fields, the header has 5"),
        ("after_multiline_line7.csv", 7, "this row has 6 fields, the header has 5"),
        ("empty_ru_line3.csv", 3, "the ru cell is empty"),
        ("no_rendering_line4.csv", 4, "«КНБ» has no approved (en) and no forbidden rendering"),
        (
            "unknown_pos_line3.csv",
            3,
            "unknown part of speech 'существительное'; allowed: noun, verb, adj",
        ),
        ("unknown_case_line2.csv", 2, "unknown case rule 'upper'; allowed: auto, exact, any"),
        ("missing_column.csv", 1, "the header needs an 'en' or a 'forbidden' column"),
        ("no_ru_column.csv", 1, "the header has no 'ru' column"),
        ("pipe_in_ru_line2.csv", 2, "it holds one term, not alternatives"),
        ("tab_separated.csv", 1, "(looks tab-separated; name it .tsv)"),
        ("omegat_named.csv", 1, "an OmegaT glossary should be named .txt or .utf8"),
        ("semicolon.csv", 1, "looks semicolon-separated"),
        ("comma_separated.tsv", 1, "(looks comma-separated; name it .csv)"),
        ("header_only.csv", None, "no entries"),
        ("omegat_no_tab_line3.txt", 3, "this line has no tab"),
        ("omegat_empty_target_line4.utf8", 4, "«протестующие» has no translation"),
        ("omegat_en_ru.txt", 1, "this looks like an English-Russian glossary"),
    ],
)
def test_bad_delimited_files_fail_with_file_and_line(name: str, line: int | None, words: str):
    path = FIXTURES / name
    with pytest.raises(GlossaryError) as err:
        read_glossary(path)
    assert one_line(err).startswith(f"{path}:{line}: " if line else f"{path}: ")
    assert words in str(err.value)


def test_an_omegat_line_with_too_many_fields_is_refused(tmp_path: Path):
    path = tmp_path / "g.utf8"
    path.write_text("договор\tcontract\n\nКНБ\tNSC\tкомментарий\tлишнее\n")
    with pytest.raises(GlossaryError) as err:
        read_glossary(path)
    assert one_line(err).startswith(f"{path}:3: this line has 4 tab-separated fields, not 2 or 3")


def test_a_header_naming_a_column_twice_is_refused(tmp_path: Path):
    path = tmp_path / "twice.csv"
    path.write_text("ru,en,EN\nдоговор,contract,treaty\n")
    with pytest.raises(GlossaryError) as err:
        read_glossary(path)
    assert one_line(err) == f"{path}:1: the header has two 'en' columns"


@pytest.mark.parametrize(("name", "words"), [("empty.csv", "is empty"), ("binary.csv", "binary")])
def test_empty_and_binary_files_are_refused(name: str, words: str):
    with pytest.raises(InputError) as err:
        read_glossary(FIXTURES / name)
    assert one_line(err).startswith(f"{FIXTURES / name}:")
    assert words in str(err.value)


def test_missing_file_and_folder(tmp_path: Path):
    with pytest.raises(InputError, match="no such file"):
        read_glossary(tmp_path / "nope.csv")
    with pytest.raises(InputError, match="is a folder"):
        read_glossary(tmp_path)


# -- formats -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source", ["terms.csv", "omegat.txt", "columns_any_order.tsv", "tbx_v3.tbx"]
)
def test_an_unknown_extension_is_read_by_content(tmp_path: Path, source: str):
    path = tmp_path / "glossary.dat"
    path.write_bytes((FIXTURES / source).read_bytes())
    assert read_glossary(path).entries == read_glossary(FIXTURES / source).entries


def test_fmt_overrides_the_extension(tmp_path: Path):
    path = tmp_path / "glossary.txt"
    path.write_bytes((FIXTURES / "terms.csv").read_bytes())
    assert read_glossary(path, fmt="csv").entries == read_glossary(FIXTURES / "terms.csv").entries
    write_glossary(read_glossary(path, fmt="csv"), tmp_path / "out.xml", fmt="tbx")
    assert (tmp_path / "out.xml").read_bytes().startswith(b"<?xml")


def test_unknown_formats_are_refused(tmp_path: Path):
    glossary = read_glossary(FIXTURES / "terms.csv")
    with pytest.raises(SverkaError) as err:
        write_glossary(glossary, tmp_path / "g.xlsx")
    assert one_line(err).startswith(f"{tmp_path / 'g.xlsx'}: cannot tell which glossary format")
    assert ".csv, .tsv, .txt or .utf8 (OmegaT) or .tbx" in str(err.value)
    with pytest.raises(SverkaError, match="unknown glossary format 'xlsx'"):
        read_glossary(FIXTURES / "terms.csv", fmt="xlsx")  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


# -- writing safely ----------------------------------------------------------------------------


def test_writing_into_a_read_only_folder_creates_nothing(tmp_path: Path, monkeypatch):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    real_open = os.open

    def refuse(path, *args, **kwargs):  # root ignores chmod: refuse as the kernel would
        if Path(os.fspath(path)).parent == folder:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), os.fspath(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    glossary = read_glossary(FIXTURES / "terms.csv")
    for name in ("g.csv", "g.tsv", "g.txt", "g.tbx"):
        with pytest.raises(SverkaError) as err:
            write_glossary(glossary, folder / name)
        assert one_line(err).startswith(f"{folder / name}: could not save: the folder is read-only")
    monkeypatch.undo()
    folder.chmod(0o755)
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("name", ["g.csv", "g.tsv"])
def test_a_pipe_inside_an_alternative_is_refused_and_the_file_kept(tmp_path: Path, name: str):
    out = tmp_path / name
    out.write_bytes(b"old")
    entry = GlossaryEntry("или", ("either|or",), line=7)
    with pytest.raises(GlossaryError) as err:
        write_glossary(Glossary(None, (GlossaryEntry("и", ("and",)), entry)), out)
    assert one_line(err).startswith(f"{out}: «или» (line 7): 'either|or' contains '|'")
    assert out.read_bytes() == b"old"
    write_glossary(Glossary(None, (entry,)), tmp_path / "g.tbx")  # TBX holds it
    assert read_glossary(tmp_path / "g.tbx").entries[0].en == ("either|or",)


@pytest.mark.parametrize(
    ("entries", "words"),
    [
        ((), "no entries to write"),
        ((GlossaryEntry(" ", ("x",)),), "empty Russian term"),
        ((GlossaryEntry("договор"),), "«договор» has no approved and no forbidden rendering"),
    ],
)
def test_entries_no_file_can_hold_are_refused(tmp_path: Path, entries, words: str):
    for name in ("g.csv", "g.tbx"):
        with pytest.raises(GlossaryError, match=words):
            write_glossary(Glossary(None, entries), tmp_path / name)
    assert list(tmp_path.iterdir()) == []


# -- lint --------------------------------------------------------------------------------------


def test_lint_finds_each_problem_on_its_line():
    problems = lint(read_glossary(FIXTURES / "lint_problems.tsv"))
    assert problems == [
        LintProblem(
            3, "duplicate-rendering", '«протестующие»: "Protesters" is listed twice as approved'
        ),
        LintProblem(4, "duplicate", "«Договор» is already on line 2"),
        LintProblem(5, "whitespace", "« беспорядки» has spaces at the start or end"),
        LintProblem(
            5, "approved-and-forbidden", '« беспорядки»: "Riots" is both approved and forbidden'
        ),
        LintProblem(6, "whitespace", '"looting  spree" has a double space'),
    ]


def test_lint_checks_what_only_code_can_build():
    glossary = Glossary(
        None,
        (
            GlossaryEntry("договор", ("contract", " "), pos="существительное", line=3),
            GlossaryEntry("договор ", ("treaty",), ("pact", "Pact", "line\nbreak"), line=9),
        ),
    )
    assert [(p.line, p.code) for p in lint(glossary)] == [
        (3, "unknown-pos"),
        (3, "empty-rendering"),
        (9, "duplicate"),
        (9, "whitespace"),
        (9, "whitespace"),
        (9, "duplicate-rendering"),
    ]


def test_a_clean_glossary_has_no_lint():
    assert lint(read_glossary(FIXTURES / "terms.csv")) == []
    assert lint(read_glossary(FIXTURES / "tbx_basic.tbx")) == []
