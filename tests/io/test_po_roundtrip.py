"""A worked review file through the PO ecosystem and back (issue 16, items 1-10, 12-14, 20).

The file (tests/io/worked_review.py) is made by a real ``sverka init`` on the bundled
article and then worked on: corrections, accepts, notes, ignore marks, a cleared English, the
2-1 bead. Each tool (gettext, polib at several widths, translate-toolkit) rewrites it, and
sverka, as a real process, must read back the same scores, findings and exported text.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from lxml import etree
from worked_review import ROOT, SVERKA, make

from sverka.errors import SverkaError
from sverka.io.po import parse_po, read_po

STANDARDS = ROOT.parent / "shared" / "data" / "standards"
GETTEXT = shutil.which("msgcat")


def sverka(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SVERKA), *args], cwd=cwd, capture_output=True, text=True)


def gettext(*args: str, cwd: Path) -> None:
    assert GETTEXT, "gettext is needed (make test installs it)"
    out = subprocess.run(list(args), cwd=cwd, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def read_back(po: Path) -> dict:
    """What a reviewer gets from the file: scores, findings and the exported English."""
    score = sverka("score", po.name, "--format", "json", cwd=po.parent)
    assert score.returncode == 0, score.stderr
    check = sverka("check", po.name, "--format", "json", "-g", "kazakhstan-2022", cwd=po.parent)
    assert check.returncode in (0, 1), check.stderr
    text = sverka("export", po.name, cwd=po.parent)
    assert text.returncode == 0, text.stderr
    corpus = json.loads(score.stdout)["corpus"]
    return {
        "scores": {k: v["score"] for k, v in corpus["scores"].items()},
        "counts": corpus["counts"],
        # the line of a finding moves when a tool rewraps; nothing else may change
        "findings": sorted(
            json.dumps({k: v for k, v in f.items() if k not in ("file", "line")}, sort_keys=True)
            for f in json.loads(check.stdout)["findings"]
        ),
        "text": text.stdout,
    }


@pytest.fixture(scope="module")
def worked(tmp_path_factory) -> Path:
    return make(tmp_path_factory.mktemp("worked"))


@pytest.fixture(scope="module")
def baseline(worked: Path) -> dict:
    got = read_back(worked)
    # The work is there to be lost: HTER of 7 reviewed entries, ignore marks that hide
    # findings, the cleared English not counted as a reviewed deletion.
    assert got["counts"]["scored"] == 6 and got["scores"]["HTER"] > 10
    ids = {(f["id"], f["code"]) for f in map(json.loads, got["findings"])}
    assert ("p003.s01", "cyrillic") not in ids and ("p002.s01", "cyrillic") not in ids
    assert ("p009.s01", "empty") in ids
    return got


def polib_save(width: int):
    def run(src: Path, dst: Path) -> None:
        polib.pofile(str(src), wrapwidth=width).save(str(dst))

    return run


def translate_toolkit(src: Path, dst: Path) -> None:
    from translate.storage import po

    dst.write_bytes(bytes(po.pofile.parsefile(str(src))))


def tool(*argv: str):
    def run(src: Path, dst: Path) -> None:
        gettext(*argv, src.name, "-o", dst.name, cwd=src.parent)

    return run


TOOLS = {
    "msgcat": tool("msgcat"),
    "msgcat --sort-output": tool("msgcat", "--sort-output"),
    "msgattrib": tool("msgattrib"),
    "msguniq": tool("msguniq"),
    "msgcat --width=30": tool("msgcat", "--width=30"),
    "polib 78": polib_save(78),
    "polib 40": polib_save(40),
    "polib 20": polib_save(20),
    "polib 0": polib_save(0),
    "translate-toolkit": translate_toolkit,
}


@pytest.mark.parametrize("name", TOOLS)
def test_a_worked_review_reads_back_the_same_after_each_tool(worked, baseline, name):
    out = worked.with_name("via-" + name.replace(" ", "_").replace("=", "") + ".po")
    TOOLS[name](worked, out)
    assert out.read_bytes() != b""
    assert read_back(out) == baseline


@pytest.mark.parametrize("width", [16, 25, 33, 40, 52, 64, 78])
def test_any_rewrap_of_the_comments_reads_back_exactly(worked, width):
    """Every MT, ignore mark and flag as written, at widths that break after a spaced dash
    ("violations - as a result"), inside "term-missing" and "line-start"."""
    out = worked.with_name(f"wrapped{width}.po")
    polib_save(width)(worked, out)

    def comment_lines(po: Path) -> int:
        return sum(x.startswith("#.") for x in po.read_text().splitlines())

    assert comment_lines(out) > comment_lines(worked)  # the tool did rewrap them
    before, after = read_po(worked), read_po(out)
    assert after.entries == before.entries


def test_a_damaged_comment_is_refused_naming_its_entry(worked, tmp_path):
    text = worked.read_text()
    damaged = text.replace("#. mt: Then it was the turn", "#. mt: Then it was a turn", 1)
    assert damaged != text
    po = tmp_path / "damaged.po"
    po.write_text(damaged)
    with pytest.raises(SverkaError, match="cannot be read back exactly") as err:
        read_po(po)
    assert err.value.line is not None
    assert damaged.splitlines()[err.value.line - 1].startswith("#")


def test_files_written_before_the_checksum_still_read():
    old = (
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n"X-Sverka-MT: en.txt\\n"\n\n'
        "#. mt: Protestants took to the streets of the millionth city and the akimat\n"
        "#. building.\n"
        "#. sverka: confidence=0.42 ignore=term-forbidden:акимат\n"
        '#, fuzzy\nmsgctxt "p001.s01"\nmsgid "Протестующие вышли на улицы."\n'
        'msgstr "Protesters took to the streets."\n'
    ).encode()
    [e] = parse_po(old).entries
    assert e.mt.endswith("and the akimat building.")
    assert e.confidence == 0.42 and e.ignored == ("term-forbidden:акимат",)


def test_a_cleared_english_stays_unreviewed_when_gettext_drops_its_fuzzy(worked):
    out = worked.with_name("attrib.po")
    tool("msgattrib")(worked, out)
    assert "#, fuzzy" not in out.read_text().split('msgctxt "p009.s01"')[0].rsplit("\n\n", 1)[1]
    cleared = read_po(out).entries[read_po(out).index_of("p009.s01")]
    assert cleared.en == "" and not cleared.reviewed


def test_the_2_1_bead_keeps_its_shape_when_gettext_merges_its_references(worked):
    out = worked.with_name("merged-refs.po")
    tool("msgcat")(worked, out)
    assert "ru.txt:43 ru.txt:43" not in out.read_text()
    doc = read_po(out)
    bead = doc.entries[doc.index_of("p021.s01")]
    assert (len(bead.ru_lines), len(bead.en_lines)) == (2, 1)


def test_export_follows_the_beads_after_msgcat_sort_output(worked, baseline):
    out = worked.with_name("sorted.po")
    tool("msgcat", "--sort-output")(worked, out)
    ids = [e.id for e in read_po(out).entries]
    assert ids != sorted(ids, key=lambda i: (int(i[1:4]), i))  # the file is scrambled
    assert sverka("export", out.name, cwd=out.parent).stdout == baseline["text"]


# -- update after the ecosystem ---------------------------------------------------------------


def changed_template(worked: Path) -> Path:
    """A template whose Russian changed in p002.s01 and lost p006.s02 and p013.s05."""
    src = polib.pofile(str(worked))
    pot = polib.POFile()
    pot.metadata = src.metadata
    for e in src:
        if e.msgctxt in ("p006.s02", "p013.s05"):
            continue
        ru = e.msgid + " (изменено)" if e.msgctxt == "p002.s01" else e.msgid
        pot.append(polib.POEntry(msgctxt=e.msgctxt, msgid=ru, msgstr="", occurrences=e.occurrences))
    path = worked.with_name("changed.pot")
    pot.save(str(path))
    return path


@pytest.fixture
def merged(worked, tmp_path) -> Path:
    """The worked file after msgmerge --previous against a changed template."""
    folder = tmp_path / "merged"
    po = make(folder)
    pot = changed_template(po)
    gettext("msgmerge", "--previous", "-q", "-U", "--backup=off", po.name, pot.name, cwd=folder)
    text = po.read_text()
    assert "#| msgid" in text and '#~ msgctxt "p006.s02"' in text
    assert "\n#. mt:" not in text  # msgmerge took the template's (no) "#." comments
    return po


def msgfmt_check(po: Path) -> None:
    gettext("msgfmt", "--check", "-o", "/dev/null", po.name, cwd=po.parent)
    gettext("msgcat", po.name, "-o", "/dev/null", cwd=po.parent)


def test_update_after_msgmerge_previous_passes_msgfmt_check(merged):
    done = sverka("update", merged.name, cwd=merged.parent)
    assert done.returncode == 0, done.stderr
    msgfmt_check(merged)
    text = merged.read_text()
    assert '#~| msgid "Опубликовано 12 января 2022, 09:11"' in text
    assert "\n#| " not in text.split("#~ ", 1)[1]  # no "#|" among the obsolete entries


def test_update_never_takes_the_english_for_a_lost_mt(merged):
    """msgmerge stripped "#. mt:" from the obsolete p006.s02 (a reviewed correction of a
    Cyrillic byline); update revives it with the MT of the English file."""
    done = sverka("update", merged.name, cwd=merged.parent)
    assert done.returncode == 0, done.stderr
    assert "lost their '#. mt:' comment" in done.stderr
    doc = read_po(merged)
    byline = doc.entries[doc.index_of("p006.s02")]
    assert (byline.mt, byline.en, byline.reviewed) == ("Сергей Дуванов", "Sergey Duvanov", True)
    for e in doc.obsolete:  # an obsolete entry with no MT gets none written, not its English
        assert e.mt_known or "#. mt: " + e.en not in merged.read_text()


def test_score_leaves_out_entries_whose_mt_a_tool_dropped(merged):
    got = json.loads(sverka("score", merged.name, "--format", "json", cwd=merged.parent).stdout)
    # the corrections are all there, but no MT to compare them with: nothing is invented
    assert got["corpus"]["counts"]["scored"] == 0


def test_update_keeps_other_tools_comments_flags_references_and_header_comments(worked, tmp_path):
    po = make(tmp_path / "others")
    src = polib.pofile(str(po))
    src.header = "Copyright (C) 2022 the translators\nReviewed by A. Editor"
    for e in src:
        if e.msgctxt == "p001.s01":
            e.flags.append("c-format")
            e.comment += "\nfrom the CMS export"
            e.occurrences.append(("cms/page.html", "12"))
            e.previous_msgid = "Опубликовано 11 января 2022, 09:11"
    src.save(str(po))
    text = po.read_text()
    obsolete = '\n#~| msgid "старое"\n#, fuzzy\n#~ msgctxt "p099.s01"\n#~ msgid "Исчезло."\n#~ msgstr "Gone."\n'
    po.write_text(text + obsolete)
    done = sverka("update", po.name, cwd=po.parent)
    assert done.returncode == 0, done.stderr
    msgfmt_check(po)
    out = po.read_text()
    for kept in (
        "# Copyright (C) 2022 the translators",
        "# Reviewed by A. Editor",
        "#. from the CMS export",
        "cms/page.html:12",
        "c-format",
        '#| msgid "Опубликовано 11 января 2022, 09:11"',
        '#~| msgid "старое"',
    ):
        assert kept in out, kept


def test_update_reports_a_reviewed_bead_whose_mt_changed(tmp_path):
    po = make(tmp_path / "mt-changed")
    en = po.with_name("en.txt")
    en.write_text(en.read_text().replace("Published 12 января", "Published on 12 января", 1))
    done = sverka("update", po.name, cwd=po.parent)
    assert done.returncode == 0, done.stderr
    assert "the MT changed under 1 of them (p002.s01)" in done.stderr
    doc = read_po(po)
    e = doc.entries[doc.index_of("p002.s01")]
    assert e.en == "Published 12 January 2022, 09:11" and e.reviewed
    assert e.mt == "Published 12 января 2022,, 09:11"  # what the correction was made against
    assert "the MT is now: Published on 12 января 2022,, 09:11" in e.note
    msgfmt_check(po)


# -- reading what gettext reads -----------------------------------------------------------------


def test_a_comment_at_the_end_and_us_ascii_are_accepted_as_gettext_does(tmp_path):
    po = tmp_path / "ascii.po"
    po.write_bytes(
        b'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset=US-ASCII\\n"\n\n'
        b'msgctxt "p001.s01"\nmsgid "x"\nmsgstr "The text."\n\n# a comment\n\n'
        b'msgctxt "p001.s02"\nmsgid "y"\nmsgstr "More."\n# the end\n'
    )
    gettext("msgfmt", "--check", "-o", "/dev/null", po.name, cwd=tmp_path)
    doc = read_po(po)
    assert [e.en for e in doc.entries] == ["The text.", "More."]
    assert doc.entries[1].note == "a comment"  # gettext gives it to the next entry


SPANISH = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    'msgid "Протестующие вышли на улицы."\n'
    'msgstr "Los manifestantes salieron a las calles de la ciudad y el gobierno de la región '
    'no dijo nada por la noche, que es lo más raro del caso para los vecinos."\n'
)


def test_a_po_without_language_in_another_language_is_refused_in_one_line(tmp_path):
    po = tmp_path / "es.po"
    po.write_text(SPANISH)
    for command in (["check", "es.po"], ["score", "es.po"], ["export", "es.po"]):
        out = sverka(*command, cwd=tmp_path)
        assert out.returncode == 2
        [line] = out.stderr.splitlines()
        assert line.startswith("sverka: error: es.po") and "Spanish" in line
    english = SPANISH.split("msgstr ")
    english[-1] = (
        '"The protesters took to the streets, and the government of the region said nothing."\n'
    )
    po.write_text("msgstr ".join(english))
    assert sverka("export", "es.po", cwd=tmp_path).returncode == 0


def test_export_and_score_of_a_plain_text_say_it_is_not_a_review_file(worked):
    for command in ("export", "score"):
        out = sverka(command, "en.txt", cwd=worked.parent)
        assert out.returncode == 2
        [line] = out.stderr.splitlines()
        assert line.startswith("sverka: error: en.txt:1: is not a review file (PO)"), line


# -- TMX -------------------------------------------------------------------------------------------


def test_tmx_holds_reviewed_units_unless_asked_and_validates(worked):
    dtd = etree.DTD(str(STANDARDS / "tmx14.dtd"))
    default = sverka("export", worked.name, "--format", "tmx", cwd=worked.parent)
    every = sverka(
        "export", worked.name, "--format", "tmx", "--include-unreviewed", cwd=worked.parent
    )
    reviewed = {e.id for e in read_po(worked).entries if e.reviewed and e.en}
    units = {}
    for name, out in (("default", default), ("every", every)):
        assert out.returncode == 0, out.stderr
        root = etree.fromstring(out.stdout.encode())
        assert dtd.validate(root), dtd.error_log
        units[name] = {
            tu.get("tuid"): tu.findtext("prop[@type='x-sverka-state']") for tu in root.iter("tu")
        }
    assert set(units["default"]) == reviewed
    assert set(units["every"]) > reviewed
    assert {units["every"][i] for i in set(units["every"]) - reviewed} == {"needs-review"}


# -- TBX -------------------------------------------------------------------------------------------


def test_an_empty_tbx_term_is_skipped_with_a_warning_naming_its_line(worked):
    tbx = worked.with_name("multiterm.tbx")
    tbx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<martif type="TBX-Basic" xml:lang="ru"><text><body>\n'
        '<termEntry id="c1">\n'
        '  <langSet xml:lang="ru"><tig><term/></tig></langSet>\n'
        '  <langSet xml:lang="en"><tig><term>anything</term></tig></langSet>\n'
        "</termEntry>\n"
        '<termEntry id="c2">\n'
        '  <descrip type="definition">\n      Kazakh local government office,\n      a city hall.\n  </descrip>\n'
        '  <langSet xml:lang="ru"><tig><term>акимат</term></tig></langSet>\n'
        '  <langSet xml:lang="en"><tig><term>akimats</term>'
        '<termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig></langSet>\n'
        "</termEntry>\n</body></text></martif>\n"
    )
    out = sverka("check", worked.name, "-g", tbx.name, "--format", "json", cwd=worked.parent)
    assert out.returncode == 1, out.stderr
    assert f"sverka: warning: {tbx.name}:4: an empty term, skipped" in out.stderr
    forbidden = [f for f in json.loads(out.stdout)["findings"] if f["code"] == "term-forbidden"]
    assert forbidden and "Kazakh local government office,\na city hall." in forbidden[0]["message"]


# -- encodings -------------------------------------------------------------------------------------


def test_one_encoding_does_not_garble_a_utf8_english_side(tmp_path):
    ru = (ROOT / "corpora" / "kazakhstan-2022" / "ru.txt").read_text()
    en = (ROOT / "corpora" / "kazakhstan-2022" / "en.txt").read_text().replace('"', "\u201c", 2)
    (tmp_path / "ru.txt").write_bytes(ru.encode("cp1251"))
    (tmp_path / "en.txt").write_text(en)
    for args in (["--encoding", "cp1251"], ["--ru-encoding", "cp1251"]):
        po = tmp_path / "en.review.po"
        po.unlink(missing_ok=True)
        out = sverka("init", "ru.txt", "en.txt", *args, cwd=tmp_path)
        assert out.returncode == 0, out.stderr
        doc = read_po(po)
        assert any("\u201c" in e.en for e in doc.entries)
        assert not any("вЂ" in e.en for e in doc.entries)
        assert doc.entries[0].ru.startswith("Опубликовано")
