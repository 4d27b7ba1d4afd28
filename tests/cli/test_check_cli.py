"""`sverka check` and `sverka glossary` as a user runs them, on a short review file made with
`sverka init` from texts with planted problems: output formats, exit codes, bad input."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sverka.checks import CHECKS
from sverka.cli import main
from sverka.io.glossary import read_glossary
from sverka.io.po import read_po, render_po

REPO = Path(__file__).resolve().parents[2]

RU = """Протесты в Казахстане

В январе 2022 года в Казахстане начались массовые протесты. Протестующие требовали снизить цены на газ.

Власти ввели режим чрезвычайного положения. По данным МВД, задержаны 164 человека.

В Алматы протестующие захватили здание акимата. Президент Токаев выступил с обращением к народу.
"""

# Planted: Protestants (twice), a doubled comma, 146 for 164, a Russian word left as is.
EN = """Protests in Kazakhstan

In January 2022, mass protests began in Kazakhstan. Protestants demanded lower gas prices.

The authorities introduced a state of emergency,, in the country. According to the Interior Ministry, 146 people were detained.

In Almaty, Protestants seized the акимат building. President Tokayev addressed the nation.
"""

TERMS = """ru,en,forbidden,note,pos
протестующий,protester|demonstrator,Protestant,не «протестанты»,participle
власть,authorities,regime,,noun
"""

LINE = re.compile(
    r"^(?P<file>[^:]+):(?P<line>\d+): (?P<id>p\d{3}\.s\d{2}): "
    r"(?P<severity>error|warning|info) (?P<code>[a-z-]+): (?P<message>\S.*)$"
)


def sverka(*args: str | Path):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "ru.txt").write_text(RU, encoding="utf-8")
    (tmp_path / "en.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "terms.csv").write_text(TERMS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    made = sverka("init", "ru.txt", "en.txt")
    assert made.exit_code == 0, made.output
    assert (tmp_path / "en.review.po").exists()
    return tmp_path


def entry_with(po: Path, text: str):
    return next(e for e in read_po(po).entries if text in e.en)


def findings(result) -> list[dict]:
    return json.loads(result.stdout)["findings"]


# -- text ---------------------------------------------------------------------------------------


def test_text_output_is_one_compiler_style_line_per_finding_at_the_entrys_po_line(work):
    result = sverka("check", "en.review.po", "-g", "terms.csv", "--no-pitfalls")
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert lines, result.output
    po_lines = (work / "en.review.po").read_text(encoding="utf-8").split("\n")
    seen = set()
    for line in lines:
        m = LINE.match(line)
        assert m, f"not FILE.po:LINE: ID: severity code: message -> {line!r}"
        assert m["file"] == "en.review.po"
        assert m["code"] in CHECKS
        # LINE is where the entry is: its msgctxt is on that line or below it, same block
        k = int(m["line"]) - 1
        while po_lines[k].strip() and po_lines[k] != f'msgctxt "{m["id"]}"':
            k += 1
        assert po_lines[k] == f'msgctxt "{m["id"]}"', (line, po_lines[int(m["line"]) - 1])
        seen.add((m["id"], m["severity"], m["code"]))

    protestants = entry_with(work / "en.review.po", "Protestants demanded").id
    detained = entry_with(work / "en.review.po", "146 people").id
    akimat = entry_with(work / "en.review.po", "акимат").id
    emergency = entry_with(work / "en.review.po", "emergency,,").id
    assert (protestants, "error", "term-forbidden") in seen
    assert (akimat, "error", "term-forbidden") in seen
    assert (akimat, "error", "cyrillic") in seen
    assert (detained, "error", "number") in seen
    assert (emergency, "warning", "punctuation") in seen
    forbidden = [x for x in lines if f": {protestants}: error term-forbidden: " in x]
    assert len(forbidden) == 1 and "Protestants" in forbidden[0]


def test_a_clean_review_file_prints_nothing_and_exits_0(work):
    result = sverka("check", "en.review.po", "--checks", "quotes,brackets,empty", "--no-pitfalls")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""


# -- json and csv -------------------------------------------------------------------------------


def test_json_has_the_documented_shape_and_spans_into_the_entry(work):
    result = sverka("check", "en.review.po", "-g", "terms.csv", "--no-pitfalls", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert set(data) == {"findings", "risk"}  # risk: issue 18
    assert data["findings"]
    ids = {e.id: e for e in read_po(work / "en.review.po").entries}
    for item in data["findings"]:
        assert {"id", "code", "severity", "ru_span", "en_span", "message"} <= set(item)
        assert item["id"] in ids
        assert item["code"] in CHECKS
        assert item["severity"] in ("error", "warning", "info")
        assert isinstance(item["message"], str) and item["message"]
        for side in ("ru_span", "en_span"):
            span = item[side]
            assert span is None or (
                isinstance(span, list) and len(span) == 2 and all(isinstance(x, int) for x in span)
            ), item
    akimat = entry_with(work / "en.review.po", "акимат")
    cyr = [x for x in data["findings"] if x["code"] == "cyrillic"]
    assert len(cyr) == 1 and cyr[0]["id"] == akimat.id
    start, end = cyr[0]["en_span"]
    assert akimat.en[start:end] == "акимат"
    term = [x for x in data["findings"] if x["code"] == "term-forbidden" and x["id"] == akimat.id]
    assert len(term) == 1
    assert akimat.ru[slice(*term[0]["ru_span"])] == "протестующие"
    assert akimat.en[slice(*term[0]["en_span"])] == "Protestants"


def test_csv_has_a_header_and_one_row_per_finding(work):
    as_json = findings(sverka("check", "en.review.po", "--no-pitfalls", "--format", "json"))
    result = sverka("check", "en.review.po", "--no-pitfalls", "--format", "csv")
    assert result.exit_code == 1
    rows = list(csv.reader(io.StringIO(result.stdout)))
    header = rows[0]
    assert {"id", "code", "severity", "message"} <= set(header)
    body = [dict(zip(header, r, strict=True)) for r in rows[1:]]
    assert len(body) == len(as_json)
    assert [(r["id"], r["code"]) for r in body] == [(x["id"], x["code"]) for x in as_json]


# -- exit status --------------------------------------------------------------------------------


def test_exit_1_when_an_error_is_found_with_the_default_fail_on(work):
    assert sverka("check", "en.review.po", "--no-pitfalls").exit_code == 1


def test_exit_0_with_fail_on_never_and_the_findings_still_shown(work):
    result = sverka("check", "en.review.po", "--no-pitfalls", "--fail-on", "never")
    assert result.exit_code == 0
    assert " error cyrillic: " in result.stdout


def test_warnings_only_exit_0_with_fail_on_error_and_1_with_fail_on_warning(work):
    only_warnings = ("check", "en.review.po", "--no-pitfalls", "--checks", "punctuation")
    result = sverka(*only_warnings)
    assert result.exit_code == 0, result.output
    assert " warning punctuation: " in result.stdout
    assert sverka(*only_warnings, "--fail-on", "error").exit_code == 0
    assert sverka(*only_warnings, "--fail-on", "warning").exit_code == 1


def test_skip_leaves_out_a_code(work):
    result = sverka("check", "en.review.po", "--no-pitfalls", "--format", "json",
                    "--skip", "cyrillic,number")  # fmt: skip
    codes = {x["code"] for x in findings(result)}
    assert "cyrillic" not in codes and "number" not in codes
    assert "punctuation" in codes


@pytest.mark.parametrize("option", ["--checks", "--skip"])
def test_an_unknown_check_code_is_exit_2_naming_it(work, option):
    result = sverka("check", "en.review.po", "--no-pitfalls", option, "number,spellling")
    assert result.exit_code == 2
    assert "spellling" in result.stderr
    assert result.stdout == ""


# -- bad input: exit 2 and one line naming the file (and line) ----------------------------------


@pytest.mark.parametrize(
    ("rows", "line"),
    [
        ("власть,authorities\n", 3),  # two fields, the header has five
        ('власть,"authorities,regime,,noun\n', 3),  # a quote never closed
    ],
)
def test_a_glossary_row_that_cannot_be_read_is_exit_2_naming_file_and_line(work, rows, line):
    bad = work / "bad.csv"
    bad.write_text(TERMS.splitlines(keepends=True)[0] + TERMS.splitlines(keepends=True)[1] + rows,
                   encoding="utf-8")  # fmt: skip
    result = sverka("check", "en.review.po", "-g", bad, "--no-pitfalls")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert f"bad.csv:{line}" in result.stderr


def test_a_missing_review_file_is_exit_2_naming_it(work):
    result = sverka("check", "nothere.review.po", "--no-pitfalls")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "nothere.review.po" in result.stderr


def test_a_missing_glossary_is_exit_2_naming_it(work):
    result = sverka("check", "en.review.po", "-g", "nothere.csv", "--no-pitfalls")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "nothere.csv" in result.stderr


def test_a_malformed_review_file_is_exit_2_naming_file_and_line(work):
    lines = (work / "en.review.po").read_text(encoding="utf-8").split("\n")
    k = next(i for i, x in enumerate(lines) if x.startswith('msgstr "In Almaty'))
    lines[k] = 'msgstr "In Almaty, the quote is never closed'
    (work / "bad.po").write_text("\n".join(lines), encoding="utf-8")
    result = sverka("check", "bad.po", "--no-pitfalls")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert f"bad.po:{k + 1}" in result.stderr


# -- RU EN mode ---------------------------------------------------------------------------------


def test_ru_en_mode_checks_without_writing_any_file(tmp_path, monkeypatch):
    (tmp_path / "ru.txt").write_text(RU, encoding="utf-8")
    (tmp_path / "en.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "terms.csv").write_text(TERMS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    before = sorted(os.listdir(tmp_path))
    result = sverka("check", "ru.txt", "en.txt", "-g", "terms.csv", "--no-pitfalls")
    assert result.exit_code == 1, result.output
    assert sorted(os.listdir(tmp_path)) == before
    lines = result.stdout.splitlines()
    assert any(" error cyrillic: " in x for x in lines)
    assert any(" error term-forbidden: " in x for x in lines)
    assert any(" error number: " in x for x in lines)
    for line in lines:
        assert re.match(r"^[^:]+(:\d+)?: p\d{3}\.s\d{2}: (error|warning|info) [a-z-]+: \S", line)


def test_ru_en_mode_with_a_missing_text_is_exit_2_naming_it(tmp_path, monkeypatch):
    (tmp_path / "ru.txt").write_text(RU, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = sverka("check", "ru.txt", "gone.txt", "--no-pitfalls")
    assert result.exit_code == 2
    assert "gone.txt" in result.stderr
    assert sorted(os.listdir(tmp_path)) == ["ru.txt"]


# -- ignore marks, bundled glossaries, --list ---------------------------------------------------


def test_a_finding_marked_as_no_problem_is_not_reported_by_later_runs(work):
    po = work / "en.review.po"
    doc = read_po(po)
    k = next(i for i, e in enumerate(doc.entries) if "акимат" in e.en)
    doc.ignore(k, "cyrillic")
    po.write_text(render_po(doc), encoding="utf-8")
    result = sverka("check", "en.review.po", "-g", "terms.csv", "--no-pitfalls", "--format", "json")
    found = findings(result)
    assert not [x for x in found if x["code"] == "cyrillic"]
    assert [x for x in found if x["code"] == "term-forbidden" and x["id"] == doc.entries[k].id]
    assert result.exit_code == 1  # the term and the number are still errors


def test_the_default_run_uses_the_bundled_pitfalls_list(work):
    assert (REPO / "glossary" / "ru-en-mt-pitfalls.csv").exists(), "bundled pitfalls missing"
    result = sverka("check", "en.review.po", "--format", "json")
    assert result.exit_code == 1, result.output
    pitfall = [x for x in findings(result) if x["code"] == "pitfall"]
    en = {e.id: e.en for e in read_po(work / "en.review.po").entries}
    on_protestants = {
        x["id"] for x in pitfall if en[x["id"]][slice(*x["en_span"])] == "Protestants"
    }
    assert on_protestants == {
        entry_with(work / "en.review.po", "Protestants demanded").id,
        entry_with(work / "en.review.po", "Protestants seized").id,
    }
    assert all(x["severity"] == "warning" for x in pitfall)


def test_the_bundled_article_glossary_is_accepted_by_name(work):
    assert (REPO / "glossary" / "kazakhstan-2022.csv").exists(), "glossary not written yet"
    result = sverka("check", "en.review.po", "-g", "kazakhstan-2022", "--no-pitfalls",
                    "--format", "json")  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    en = {e.id: e.en for e in read_po(work / "en.review.po").entries}
    forbidden = [x for x in findings(result) if x["code"] == "term-forbidden"]
    assert "Protestants" in {en[x["id"]][slice(*x["en_span"])] for x in forbidden}


def test_list_prints_every_code():
    result = sverka("check", "--list")
    assert result.exit_code == 0
    listed = {line.split()[0] for line in result.stdout.splitlines() if line.strip()}
    assert listed == {
        "term-forbidden", "term-missing", "pitfall", "cyrillic", "untranslated", "number",
        "punctuation", "quotes", "brackets", "inconsistent", "length", "alignment", "empty",
        "control",
        "omission", "addition",  # issue 18 item 4
        "spelling", "grammar",  # issue 18
    }  # fmt: skip


# -- sverka glossary ----------------------------------------------------------------------------


def test_glossary_lint_reports_a_duplicate_on_its_line_and_exits_1(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dup.csv").write_text(TERMS + "власть,government,,,noun\n", encoding="utf-8")
    result = sverka("glossary", "lint", "dup.csv")
    assert result.exit_code == 1
    assert re.search(r"dup\.csv:4: duplicate", result.stdout), result.output


def test_glossary_lint_reports_a_rendering_both_approved_and_forbidden(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "both.csv").write_text(
        TERMS + "акимат,akimat|mayor's office,akimat,,noun\n", encoding="utf-8"
    )
    result = sverka("glossary", "lint", "both.csv")
    assert result.exit_code == 1
    assert "both.csv:4:" in result.stdout


def test_glossary_lint_reports_an_unknown_part_of_speech(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pos.csv").write_text(TERMS + "акимат,akimat,,,nounish\n", encoding="utf-8")
    result = sverka("glossary", "lint", "pos.csv")
    assert result.exit_code == 1, result.output
    assert "pos.csv:4:" in result.stdout and "nounish" in result.stdout


def test_glossary_lint_of_a_clean_glossary_exits_0(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "terms.csv").write_text(TERMS, encoding="utf-8")
    result = sverka("glossary", "lint", "terms.csv")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""


def test_glossary_convert_round_trips_csv_through_tbx(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.csv").write_text(TERMS, encoding="utf-8")
    first = sverka("glossary", "convert", "a.csv", "b.tbx")
    assert first.exit_code == 0, first.output
    assert (tmp_path / "b.tbx").read_text(encoding="utf-8").lstrip().startswith("<")
    second = sverka("glossary", "convert", "b.tbx", "c.csv")
    assert second.exit_code == 0, second.output

    def plain(path):
        return [
            (e.ru, e.en, e.forbidden, e.note, e.pos, e.case) for e in read_glossary(path).entries
        ]

    assert plain(tmp_path / "c.csv") == plain(tmp_path / "a.csv")
    assert plain(tmp_path / "a.csv") == [
        ("протестующий", ("protester", "demonstrator"), ("Protestant",), "не «протестанты»",
         "participle", "auto"),
        ("власть", ("authorities",), ("regime",), "", "noun", "auto"),
    ]  # fmt: skip


def test_glossary_convert_refuses_to_overwrite_without_force(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.csv").write_text(TERMS, encoding="utf-8")
    (tmp_path / "b.tsv").write_text("keep me\n", encoding="utf-8")
    refused = sverka("glossary", "convert", "a.csv", "b.tsv")
    assert refused.exit_code == 2
    assert "b.tsv" in refused.stderr and "--force" in refused.stderr
    assert (tmp_path / "b.tsv").read_text(encoding="utf-8") == "keep me\n"
    forced = sverka("glossary", "convert", "a.csv", "b.tsv", "--force")
    assert forced.exit_code == 0, forced.output
    assert [e.ru for e in read_glossary(tmp_path / "b.tsv").entries] == ["протестующий", "власть"]


# -- a long file: the dictionary checks run in a second process ---------------------------------


def _long_review_file(tmp_path: Path, min_bytes: int = 0) -> Path:
    """The bundled article's review file, repeated past the size at which `sverka check`
    starts the second process, or past min_bytes (each copy with its own ids, a few beads
    edited)."""
    from dataclasses import replace

    from sverka import reviewfile
    from sverka.checks.ahead import MIN_INPUT_BYTES
    from sverka.review import ReviewDoc

    article = REPO / "corpora" / "kazakhstan-2022"
    base = reviewfile.create(article / "ru.txt", article / "en.txt", tmp_path / "one.po")
    copies = -(-max(MIN_INPUT_BYTES, min_bytes) // len(render_po(base).encode())) + 1
    entries = [
        replace(e, id=f"c{c}.{e.id}", en=e.en + (" (edited)" if (i + c) % 7 == 0 else ""))
        for c in range(copies)
        for i, e in enumerate(base.entries)
    ]
    po = tmp_path / "long.po"
    po.write_text(render_po(ReviewDoc(entries, base.source, base.mt)), encoding="utf-8")
    assert po.stat().st_size >= MIN_INPUT_BYTES
    return po


def _run_sverka(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [Path(sys.executable).parent / "sverka", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _processes_naming(text: str) -> list[str]:
    """Live processes whose command line holds text (a forked child keeps its parent's)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if text in cmdline.read_bytes().decode(errors="replace"):
                found.append(cmdline.parent.name)
        except OSError:
            pass  # ended while we looked
    return found


def test_a_long_file_gets_the_findings_one_process_finds(tmp_path):
    """Past MIN_INPUT_BYTES a real `sverka check` loads the dictionaries in a second process
    while it reads: the JSON must hold exactly the findings of a one-process run, in order."""
    from sverka.checks import Checker
    from sverka.reviewsetup import load_glossaries

    po = _long_review_file(tmp_path)
    result = _run_sverka("check", po, "-g", "kazakhstan-2022", "--format", "json")
    assert result.returncode == 1, result.stderr  # the article has errors
    got = [(f["id"], f["code"], f["en_span"], f["message"]) for f in findings(result)]
    entries = read_po(po).entries
    serial = Checker(load_glossaries(("kazakhstan-2022",), (), True)).document(entries)
    want = [
        (e.id, f.code, list(f.en_span) if f.en_span else None, f.message)
        for e, fs in zip(entries, serial, strict=True)
        for f in fs
    ]
    assert got == want
    assert {"term-forbidden", "pitfall", "cyrillic", "inconsistent"} <= {g[1] for g in got}
    assert not _processes_naming(str(po)), "a process of the run outlived it"


def test_a_long_file_broken_at_its_end_is_one_line_and_leaves_no_process(tmp_path):
    """The second process is already loading when the read fails: the user still gets one
    line naming the file and line, exit 2, and nothing keeps running."""
    po = _long_review_file(tmp_path)
    lines = po.read_text(encoding="utf-8").split("\n")
    k = max(i for i, x in enumerate(lines) if x.startswith('msgstr "'))
    lines[k] = 'msgstr "the quote is never closed'
    po.write_text("\n".join(lines), encoding="utf-8")
    result = _run_sverka("check", po)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip() and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert f"{po}:{k + 1}:" in result.stderr
    assert not _processes_naming(str(po)), "the dictionary process outlived a failed read"


def test_ctrl_c_mid_check_is_exit_130_in_one_line_and_leaves_no_process(tmp_path):
    """Ctrl+C reaches the whole process group, the dictionary process too: one line, no
    traceback from either process, and an exit status no script takes for "findings" (1)."""
    import signal
    import time

    po = _long_review_file(tmp_path)
    sverka = Path(sys.executable).parent / "sverka"
    proc = subprocess.Popen(
        [sverka, "check", po, "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own group, as a terminal's foreground job
    )
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    deadline = time.monotonic() + 30
    while proc.poll() is None and not children.read_text().split():
        assert time.monotonic() < deadline, "the dictionary process never started"
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGINT)  # mid-run: the second process is loading
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err.strip().splitlines() == ["sverka: interrupted"]
    assert out == ""
    assert not _processes_naming(str(po)), "a process of the run outlived the interrupt"


def test_sverka_failing_itself_exits_70_with_its_traceback_never_1():
    """1 means "findings reached --fail-on" to a script: a failure of sverka's own (a bug, a
    dictionary process that died) must not look like that."""
    code = (
        "import sys, sverka.cli as cli\n"
        "@cli.main.command()\n"
        "def explode():\n"
        "    raise RuntimeError('the dictionary checks failed in their process')\n"
        "sys.argv = ['sverka', 'explode']\n"
        "cli.run()\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 70
    assert "Traceback" in run.stderr and run.stderr.strip().endswith(
        "RuntimeError: the dictionary checks failed in their process"
    )


def test_the_parent_killed_mid_send_leaves_no_traceback_and_no_process(tmp_path):
    """Only the parent is killed (a supervisor, the OOM killer) while it is handing 3 MB of
    entries to a process still loading a cold dictionary cache: that process finds half a
    message, and must end quietly, not print a traceback into the user's terminal."""
    import signal
    import time

    po = _long_review_file(tmp_path, min_bytes=3_000_000)
    err_path = tmp_path / "stderr.txt"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cold-cache")}
    with err_path.open("w") as err:
        proc = subprocess.Popen(
            [Path(sys.executable).parent / "sverka", "check", po, "--format", "json"],
            stdout=subprocess.DEVNULL,
            stderr=err,
            env=env,
        )
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    deadline = time.monotonic() + 30
    while not (kids := children.read_text().split()):
        assert proc.poll() is None and time.monotonic() < deadline, "no second process"
        time.sleep(0.002)
    time.sleep(0.15)  # the parent has read the file and is sending; the child still loads
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    child = Path(f"/proc/{kids[0]}")
    while child.exists() and "Z" not in (child / "stat").read_text().split()[2]:
        assert time.monotonic() < deadline, "the second process outlived its parent"
        time.sleep(0.01)
    assert "Traceback" not in err_path.read_text(), err_path.read_text()
