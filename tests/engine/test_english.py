"""The English itself (issue 18 items 1-2): spelling and grammar of the entry's current
English, and untranslated that knows scientific English but still catches titushki."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sverka.checks import Checker
from sverka.checks.registry import Given
from sverka.checks.termindex import TermIndex
from sverka.glossary import Glossary, GlossaryEntry
from sverka.model import Entry, Finding


def found(ru: str, en: str, *, mt: str | None = None, glossary: Glossary | None = None):
    checker = Checker([glossary] if glossary else (), codes={"spelling", "grammar", "untranslated"})
    entry = Entry("p001.s01", ru, en if mt is None else mt, en)
    return checker.entry(entry)


def codes(findings: list[Finding], code: str) -> list[str]:
    return [f.message for f in findings if f.code == code]


def spans(en: str, findings: list[Finding], code: str) -> list[str]:
    return [en[slice(*f.en_span)] for f in findings if f.code == code and f.en_span]


def test_a_misspelling_typed_in_the_reviewers_edit_is_flagged_with_its_span_and_a_suggestion():
    mt = "He did not receive the letter."
    en = "He did not recieve the letter in time."  # the reviewer's edit
    out = found("Он не получил письмо вовремя.", en, mt=mt)
    assert spans(en, out, "spelling") == ["recieve"]
    assert "receive?" in codes(out, "spelling")[0]
    # the MT as it was has nothing to say
    assert found("Он не получил письмо вовремя.", mt) == []


def test_common_misspellings_get_the_word_they_were():
    en = "They had to seperate the rooms that occured to be definately too small."
    out = found("Им пришлось разделить комнаты, которые оказались слишком маленькими.", en)
    assert spans(en, out, "spelling") == ["seperate", "occured", "definately"]
    messages = " ".join(codes(out, "spelling"))
    assert "separate?" in messages and "occurred?" in messages and "definitely?" in messages


def test_a_latin_name_standing_in_the_russian_is_no_misspelling():
    en = "The company released the zoomify app yesterday."
    assert codes(found("Вчера компания выпустила приложение zoomify.", en), "spelling") == []
    # the same word with no such source is flagged: the Russian is what excuses it
    assert spans(en, found("Вчера компания выпустила приложение.", en), "spelling") == ["zoomify"]


def test_names_are_no_misspellings():
    en = "We then went on to Uzhgorod by train with Zelenskyy and Yermak."
    assert (
        codes(found("Потом мы поехали поездом в Ужгород с Зеленским и Ермаком.", en), "spelling")
        == []
    )


def test_a_glossary_rendering_is_no_misspelling():
    glossary = Glossary(None, (GlossaryEntry("аким", en=("akim",)),))
    en = "The regional akim resigned."
    assert codes(found("Областной аким ушёл в отставку.", en, glossary=glossary), "spelling") == []
    assert spans(en, found("Глава области ушёл в отставку.", en), "spelling") == ["akim"]


def test_latin_and_greek_scientific_english_is_neither_misspelt_nor_untranslated():
    ru = "Выявлены супратенториальные очаги и микроангиопатия; назначен дипиридамол."
    en = "Supratentorial foci and a microangiopathy were found; dipyridamol was prescribed."
    assert found(ru, en) == []
    en = "MRI showed extracranial and periventricular lesions and signs of ontogenesis."
    assert found("МРТ показала экстракраниальные и перивентрикулярные очаги, онтогенез.", en) == []


def test_a_true_transliteration_is_still_untranslated_and_not_also_a_misspelling():
    ru = "У здания акимата на протестующих напали титушки и силовики."
    en = "The titushki and siloviki attacked protesters near the akimat building."
    out = found(ru, en)
    assert spans(en, out, "untranslated") == ["titushki", "siloviki", "akimat"]
    assert codes(out, "spelling") == []


def test_a_or_an_by_the_next_words_sound():
    wrong = (
        "It was a agreement, an university, an one-time deal, a hour, an European plan, "
        "a umbrella, an uterus and a unusual case."
    )
    out = found("Это было соглашение.", wrong)
    assert spans(wrong, out, "grammar") == ["a", "an", "an", "a", "an", "a", "an", "a"]
    assert '"an agreement"' in codes(out, "grammar")[0]
    assert '"a university"' in codes(out, "grammar")[1]


def test_the_exceptions_english_spells_are_not_flagged():
    right = (
        "An hour later a university, a one-time payment, a European plan, an uninformed "
        "guess, an honest man, a union, an MP, a UN report, an mRNA vaccine, vitamin A is "
        "good, a uterus, an umbrella, a horse, an unusual case, an usher, a useful tool, an onerous duty and a priori reasoning were all there."
    )
    assert codes(found("Через час всё было там.", right), "grammar") == []
    # "an historic" and "a historic" are both English: no rule for h- words that may sound
    assert (
        codes(found("Это было историческое событие.", "It was an historic day."), "grammar") == []
    )


def test_a_word_typed_twice():
    en = "The the minister said that that was the end of of the talks."
    out = found("Министр сказал, что это конец переговоров.", en)
    assert [en[slice(*f.en_span)] for f in out if f.code == "grammar"] == ["the", "of"]
    assert all("typed twice" in m for m in codes(out, "grammar"))


def test_check_as_a_real_process_reports_the_spelling_with_its_span(tmp_path: Path):
    (tmp_path / "ru.txt").write_text("Он не получил письмо.\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("He did not recieve a letter.\n", encoding="utf-8")
    sverka = Path(sys.executable).parent / "sverka"
    result = subprocess.run(
        [str(sverka), "check", "ru.txt", "en.txt", "--format", "json", "--fail-on", "never"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    findings = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "spelling"]
    assert len(findings) == 1
    assert findings[0]["en_span"] == [11, 18]  # "recieve"
    assert "receive" in findings[0]["message"]


def test_the_runner_in_a_given_context_agrees():
    # The check functions take a context like any other: a benchmark can run them by hand.
    from sverka.checks.english import grammar, spelling
    from sverka.checks.registry import CheckContext

    entry = Entry("x", "Он получил письмо.", "", "He did recieve a a letter.")
    ctx = CheckContext(entry, Given(TermIndex()))
    assert [f.code for f in spelling(ctx)] == ["spelling"]
    assert [f.code for f in grammar(ctx)] == ["grammar"]


def test_the_review_session_flags_a_misspelling_the_reviewer_types(tmp_path: Path):
    """The app's live check: the session re-checks a bead when its English changes."""
    from sverka.session import ReviewSession

    (tmp_path / "ru.txt").write_text("Он не получил письмо.\n\nОн ушёл.\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("He did not get the letter.\n\nHe left.\n", encoding="utf-8")
    session = ReviewSession.open(tmp_path / "ru.txt", tmp_path / "en.txt")
    try:
        session.prepare_checks(Checker)
        assert [f.code for f in session.findings(0)] == []
        session.doc.edit(0, "He did not recieve the letter.")
        spelling = [f for f in session.findings(0) if f.code == "spelling"]
        assert [session.doc.entries[0].en[slice(*f.en_span)] for f in spelling] == ["recieve"]
    finally:
        session.close()
