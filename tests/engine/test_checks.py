"""QA checks as a reviewer relies on them, written from the specification (issue 5 and
design.md, "Glossary" and "Checks"): what must be flagged, what must not, with which code
and severity, and where each finding points. Word forms and equivalences are worked out by
hand from Russian and English usage, never copied from the code's output."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sverka.checks import CHECKS, Checker, is_ignored, select_codes
from sverka.errors import SverkaError
from sverka.glossary import Glossary, GlossaryEntry
from sverka.io.po import read_po, render_po
from sverka.model import Entry, Finding
from sverka.review import FileRef, ReviewDoc

MSGFMT = shutil.which("msgfmt")

SPEC_CODES = {
    "term-forbidden": "error",
    "term-missing": "warning",
    "pitfall": "warning",
    "cyrillic": "error",
    "untranslated": "warning",
    "number": "error",
    "punctuation": "warning",
    "quotes": None,  # the spec gives no severity for these four
    "brackets": None,
    "inconsistent": None,
    "length": None,
    "alignment": None,
    "empty": None,
    "control": "error",  # issue 15: errors for controls, warnings for bidi marks
    "omission": None,  # issue 18 item 4: info or warning, as its precision deserves
    "addition": None,
    "spelling": "warning",  # issue 18: the English itself
    "grammar": "warning",
}


def entry(ru: str, en: str, id: str = "p001.s01", **kw) -> Entry:
    mt = kw.pop("mt", en)
    return Entry(id=id, ru=ru, mt=mt, en=en, **kw)


def terms(*entries: GlossaryEntry) -> Glossary:
    return Glossary(Path("terms.csv"), entries, "terms")


def pitfalls(*entries: GlossaryEntry) -> Glossary:
    return Glossary(Path("pitfalls.csv"), entries, "pitfalls")


def run(e: Entry, glossaries=(), codes=None) -> list[Finding]:
    return Checker(glossaries, codes).entry(e)


def of(code: str, found: list[Finding]) -> list[Finding]:
    return [f for f in found if f.code == code]


def ru_of(e: Entry, f: Finding) -> str:
    assert f.ru_span is not None, f
    return e.ru[f.ru_span[0] : f.ru_span[1]]


def en_of(e: Entry, f: Finding) -> str:
    assert f.en_span is not None, f
    return e.en[f.en_span[0] : f.en_span[1]]


GLOSSARY_CODES = ("term-forbidden", "term-missing", "pitfall")

PROTESTER = GlossaryEntry(
    "протестующий", ("protester", "demonstrator"), ("Protestant",), "не «протестанты»", "participle"
)
POWER = GlossaryEntry("власть", ("authorities",), ("regime",), pos="noun")


# -- the codes ---------------------------------------------------------------------------------


def test_every_code_of_the_spec_exists_with_its_severity():
    assert set(CHECKS) == set(SPEC_CODES)
    for code, severity in SPEC_CODES.items():
        assert CHECKS[code].code == code
        assert CHECKS[code].severity in ("error", "warning", "info")
        if severity:
            assert CHECKS[code].severity == severity, code


OPT_IN = {"omission", "addition"}  # issue 18: asked for by name (--checks), never by default


def test_select_codes_runs_all_but_the_opt_in_by_default_and_honours_checks_and_skip():
    assert select_codes() == frozenset(SPEC_CODES) - OPT_IN
    assert select_codes(["number", "cyrillic"]) == {"number", "cyrillic"}
    assert select_codes(["omission", "number"]) == {"omission", "number"}
    assert select_codes(["+omission"]) == frozenset(SPEC_CODES) - {"addition"}
    with pytest.raises(SverkaError, match=r"\+CODE"):
        select_codes(["+omission", "number"])
    with pytest.raises(SverkaError, match="unknown check omision"):
        select_codes(["+omision"])
    assert select_codes(None, ["length", "alignment"]) == frozenset(SPEC_CODES) - OPT_IN - {
        "length",
        "alignment",
    }


@pytest.mark.parametrize(
    ("checks", "skip"), [(["number", "numbers"], ()), (None, ["speling"]), (["Cyrillic"], ())]
)
def test_an_unknown_code_is_the_users_error_naming_it(checks, skip):
    with pytest.raises(SverkaError) as err:
        select_codes(checks, skip)
    bad = ({*(checks or ()), *skip} - set(SPEC_CODES)).pop()
    assert bad in str(err.value)
    assert "\n" not in str(err.value)


def test_only_the_selected_checks_run():
    e = entry("В 2021 году цены выросли.", "In 2022,, prices rose in Казахстан.")
    assert {f.code for f in run(e)} >= {"number", "punctuation", "cyrillic"}
    assert {f.code for f in run(e, codes=["number"])} == {"number"}


# -- Russian terms by lemma --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ru", "form"),
    [
        ("Власть не ответила протестующим.", "Власть"),  # nominative singular
        ("Протестующие требовали смены власти.", "власти"),  # genitive singular
        ("Люди недовольны властью.", "властью"),  # instrumental singular
        ("Власти ввели режим чрезвычайного положения.", "Власти"),  # nominative plural
        ("Решение властей удивило всех.", "властей"),  # genitive plural
        ("Люди больше не доверяют властям.", "властям"),  # dative plural
        ("Переговоры с властями зашли в тупик.", "властями"),  # instrumental plural
        ("О властях в городе говорили все.", "властях"),  # prepositional plural
    ],
)
def test_a_term_in_dictionary_form_matches_every_case_and_number(ru, form):
    # the glossary checks only: "said nothing" has no negation in the Russian (an addition)
    glossary_codes = ("term-forbidden", "term-missing", "pitfall")
    forbidden = run(entry(ru, "The regime said nothing."), [terms(POWER)], glossary_codes)
    assert [f.code for f in forbidden] == ["term-forbidden"]
    assert ru_of(entry(ru, ""), forbidden[0]) == form

    e = entry(ru, "Nobody said anything.")
    missing = of("term-missing", run(e, [terms(POWER)]))
    assert len(missing) == 1 and ru_of(e, missing[0]) == form

    assert of("term-missing", run(entry(ru, "The authorities said nothing."), [terms(POWER)])) == []


DIRECT = GlossaryEntry(
    "прямая установка", ("direct instruction", "explicit order"), ("direct installation",)
)


@pytest.mark.parametrize(
    ("ru", "en", "ru_words", "en_words"),
    [
        (
            "Он получил прямую установку от руководства.",
            "He received a direct installation from management.",
            "прямую установку",
            "direct installation",
        ),
        (
            "Без прямой установки никто ничего не делал.",
            "Without a direct installation nobody did anything.",
            "прямой установки",
            "direct installation",
        ),
        (
            "Чиновники живут прямыми установками сверху.",
            "Officials live by direct installations from above.",
            "прямыми установками",
            "direct installations",
        ),
    ],
)
def test_a_multi_word_term_matches_with_each_word_inflected(ru, en, ru_words, en_words):
    e = entry(ru, en)
    found = run(e, [terms(DIRECT)], codes=GLOSSARY_CODES)
    assert [f.code for f in found] == ["term-forbidden"]
    assert ru_of(e, found[0]) == ru_words
    assert en_of(e, found[0]) == en_words
    assert found[0].severity == "error"


def test_a_multi_word_term_needs_its_words_together():
    e = entry(
        "Прямая трансляция шла весь день, установка сцены заняла час.",
        "The live broadcast ran all day; setting up the stage took an hour.",
    )
    assert run(e, [terms(DIRECT)], codes=GLOSSARY_CODES) == []


@pytest.mark.parametrize("term", ["протестующий", "протестующие"])
@pytest.mark.parametrize(
    ("ru", "en", "form"),
    [
        ("Протестующие захватили здание акимата.", "Protestants seized the akimat building.",
         "Протестующие"),
        ("Полиция задержала десятки протестующих.", "Police detained dozens of Protestants.",
         "протестующих"),
        ("Власти пообещали протестующим диалог.", "The authorities promised Protestants a dialogue.",
         "протестующим"),
        ("Президент встретился с протестующими.", "The president met with the Protestants.",
         "протестующими"),
    ],
)  # fmt: skip
def test_a_participle_term_matches_its_own_forms(term, ru, en, form):
    glossary = terms(GlossaryEntry(term, ("protester",), ("Protestant",), pos="participle"))
    e = entry(ru, en)
    found = run(e, [glossary], codes=GLOSSARY_CODES)
    assert [f.code for f in found] == ["term-forbidden"]
    assert ru_of(e, found[0]) == form
    assert en_of(e, found[0]).lower().startswith("protestant")


@pytest.mark.parametrize("term", ["протестующий", "протестующие"])
@pytest.mark.parametrize(
    ("ru", "en"),
    [
        ("Жители протестуют против роста цен.", "Residents protest against rising prices."),
        ("Жители протестовали против роста цен.", "Residents protested against rising prices."),
        ("Жители будут протестовать и дальше.", "Residents will go on protesting."),
    ],
)
def test_a_participle_term_does_not_match_its_verb(term, ru, en):
    # Were the verb taken for the term, "protester" would be missing here.
    glossary = terms(GlossaryEntry(term, ("protester",), ("Protestant",), pos="participle"))
    assert run(entry(ru, en), [glossary], codes=GLOSSARY_CODES) == []


VOLUME = GlossaryEntry("объём", ("volume",), ("bulk",))


@pytest.mark.parametrize(
    ("term", "ru", "form"),
    [
        (VOLUME, "Объем торгов вырос вдвое.", "Объем"),
        (VOLUME, "Объём торгов вырос вдвое.", "Объём"),
        (GlossaryEntry("объем", ("volume",), ("bulk",)), "Объёма торгов не хватило.", "Объёма"),
        (GlossaryEntry("объем", ("volume",), ("bulk",)), "Объема торгов не хватило.", "Объема"),
    ],
)
def test_yo_and_ye_spellings_match_each_other(term, ru, form):
    e = entry(ru, "The trading bulk doubled.")
    found = run(e, [terms(term)], codes=GLOSSARY_CODES)
    assert [f.code for f in found] == ["term-forbidden"]
    assert ru_of(e, found[0]) == form


MILLION_CITY = GlossaryEntry(
    "город-миллионник", ("city of a million",), ("millionth city",), "calque", "noun"
)


@pytest.mark.parametrize(
    ("ru", "en", "form"),
    [
        ("Он живёт в городе-миллионнике.", "He lives in a millionth city.", "городе-миллионнике"),
        ("В стране нет других городов-миллионников.", "The country has no other millionth cities.",
         "городов-миллионников"),
    ],
)  # fmt: skip
def test_a_hyphenated_term_matches_inflected(ru, en, form):
    e = entry(ru, en)
    found = run(e, [terms(MILLION_CITY)], codes=GLOSSARY_CODES)
    assert [f.code for f in found] == ["term-forbidden"]
    assert ru_of(e, found[0]) == form
    assert en_of(e, found[0]).startswith("millionth cit")


KNB = GlossaryEntry("КНБ", ("KNB", "National Security Committee"), pos="abbr")
WHO = GlossaryEntry("ВОЗ", ("WHO", "World Health Organization"), pos="abbr")


def test_an_abbreviation_matches_in_capitals():
    e = entry("Сотрудники КНБ задержали его.", "Security officers detained him.")
    found = run(e, [terms(KNB)], codes=GLOSSARY_CODES)
    assert [f.code for f in found] == ["term-missing"]
    assert ru_of(e, found[0]) == "КНБ"
    ok = entry("Сотрудники КНБ задержали его.", "KNB officers detained him.")
    assert run(ok, [terms(KNB)], codes=GLOSSARY_CODES) == []


@pytest.mark.parametrize(
    ("glossary", "ru", "en"),
    [
        (KNB, "Слово кнб ничего не значит.", "The word means nothing."),
        (WHO, "А воз и ныне там.", "And the cart is still there."),  # воз: a cart
        (WHO, "Воз сена стоял у ворот.", "A cartload of hay stood at the gate."),
    ],
)
def test_an_abbreviation_does_not_match_a_lowercase_word(glossary, ru, en):
    assert run(entry(ru, en), [terms(glossary)], codes=GLOSSARY_CODES) == []


def test_a_term_inside_a_longer_term_counts_once():
    bodies = GlossaryEntry("органы власти", ("government bodies",), ("power organs",))
    glossary = terms(POWER, bodies)  # the shorter term first: order must not matter
    e = entry("Решение было принято органами власти.", "The decision was taken by power organs.")
    found = run(e, [glossary], codes=GLOSSARY_CODES)
    assert [f.code for f in found] == ["term-forbidden"]
    assert ru_of(e, found[0]) == "органами власти"
    assert en_of(e, found[0]) == "power organs"
    # власть alone would want "authorities" here; inside органы власти it is not asked for
    ok = entry(
        "Решение было принято органами власти.", "The decision was taken by government bodies."
    )
    assert run(ok, [glossary], codes=GLOSSARY_CODES) == []


def test_two_occurrences_of_a_term_each_point_at_their_words():
    e = entry(
        "Протестующие шли к площади, где их ждали другие протестующие.",
        "Protestants marched to the square, where other Protestants awaited them.",
    )
    found = run(e, [terms(PROTESTER)], codes=GLOSSARY_CODES)
    assert [f.code for f in found] == ["term-forbidden"] * 2, "one finding per wrong word"
    assert {en_of(e, f) for f in found} == {"Protestants"}
    assert {f.en_span for f in found} == {(0, 11), (47, 58)}
    assert {ru_of(e, f) for f in found} == {"Протестующие", "протестующие"}


# -- English renderings by lemma and case rule -------------------------------------------------


def test_a_forbidden_rendering_is_flagged_in_its_plural():
    e = entry("Протестующие захватили здание.", "Protestants seized the building.")
    found = run(e, [terms(PROTESTER)], codes=GLOSSARY_CODES)
    assert len(found) == 1
    f = found[0]
    assert (f.code, f.severity) == ("term-forbidden", "error")
    assert ru_of(e, f) == "Протестующие"
    assert en_of(e, f) == "Protestants"
    assert "protester" in f.message  # says what to write instead


def test_a_forbidden_rendering_is_flagged_whatever_its_case_when_not_in_capitals():
    e = entry("Полиция разогнала протестующих.", "Police dispersed the protestants.")
    found = run(e, [terms(PROTESTER)], codes=GLOSSARY_CODES)
    assert [(f.code, en_of(e, f)) for f in found] == [("term-forbidden", "protestants")]


@pytest.mark.parametrize(
    "en",
    [
        "Protesters seized the building.",
        "The protesters seized the building.",
        "A demonstrator seized the building.",
    ],
)
def test_protesters_is_never_protestants_and_counts_as_approved(en):
    e = entry("Протестующие захватили здание.", en)
    assert run(e, [terms(PROTESTER)], codes=GLOSSARY_CODES) == []


def test_an_approved_rendering_matches_at_the_start_of_a_sentence():
    e = entry("Власти ввели режим чрезвычайного положения.", "Authorities declared an emergency.")
    assert run(e, [terms(POWER)], codes=GLOSSARY_CODES) == []


def test_case_rule_auto_wants_an_all_capitals_rendering_in_capitals():
    ru = "Сотрудники КНБ задержали его."
    assert run(entry(ru, "KNB officers detained him."), [terms(KNB)], codes=GLOSSARY_CODES) == []
    for en in ("Knb officers detained him.", "knb officers detained him."):
        found = run(entry(ru, en), [terms(KNB)], codes=GLOSSARY_CODES)
        assert [f.code for f in found] == ["term-missing"], en


def test_case_rule_exact_wants_the_rendering_as_written():
    akorda = GlossaryEntry("Акорда", ("Akorda",), case="exact")
    ru = "Акорда сообщила об отставке правительства."
    ok = entry(ru, "Akorda announced the government's resignation.")
    assert run(ok, [terms(akorda)], codes=GLOSSARY_CODES) == []
    for en in ("AKORDA announced the government's resignation.",
               "The akorda announced the government's resignation."):  # fmt: skip
        found = run(entry(ru, en), [terms(akorda)], codes=GLOSSARY_CODES)
        assert [f.code for f in found] == ["term-missing"], en


def test_term_missing_is_a_warning_pointing_at_the_russian_and_naming_the_rendering():
    e = entry("Полиция задержала протестующих.", "Police detained the crowd.")
    found = run(e, [terms(PROTESTER)], codes=GLOSSARY_CODES)
    assert len(found) == 1
    f = found[0]
    assert (f.code, f.severity) == ("term-missing", "warning")
    assert ru_of(e, f) == "протестующих"
    assert "protester" in f.message


def test_a_pitfalls_list_yields_pitfall_warnings_and_never_term_missing():
    e = entry("Протестующие захватили здание.", "Protestants seized the building.")
    found = run(e, [pitfalls(PROTESTER)], codes=GLOSSARY_CODES)
    assert [(f.code, f.severity) for f in found] == [("pitfall", "warning")]
    assert ru_of(e, found[0]) == "Протестующие"
    assert en_of(e, found[0]) == "Protestants"
    assert "protester" in found[0].message

    quiet = entry("Протестующие захватили здание.", "The crowd seized the building.")
    assert run(quiet, [pitfalls(PROTESTER)], codes=GLOSSARY_CODES) == []


def test_the_glossary_checks_say_nothing_without_the_term():
    e = entry("Цены на газ выросли вдвое.", "Protestants say gas prices doubled.")
    assert run(e, [terms(PROTESTER, POWER)], codes=GLOSSARY_CODES) == []


# -- Cyrillic in the English -------------------------------------------------------------------


def test_a_russian_word_left_in_the_english_is_an_error():
    e = entry("Протесты начались в Жанаозене.", "The protests began in Жанаозен.")
    found = of("cyrillic", run(e))
    assert len(found) == 1
    assert found[0].severity == "error"
    assert en_of(e, found[0]) == "Жанаозен"


def test_a_single_cyrillic_letter_hidden_in_a_latin_word_is_found_and_named():
    en = "Protests spread across Kaz\u0430khstan."  # Cyrillic а
    e = entry("Протесты охватили Казахстан.", en)
    found = of("cyrillic", run(e))
    assert len(found) == 1
    f = found[0]
    assert f.severity == "error"
    assert en_of(e, f) == "Kaz\u0430khstan"
    assert "Kaz\u0430khstan" in f.message
    assert "hidden" in f.message.lower() or "latin" in f.message.lower(), f.message


def test_clean_english_has_no_cyrillic_finding():
    e = entry("Протесты охватили Казахстан.", "Protests spread across Kazakhstan.")
    assert of("cyrillic", run(e)) == []


# -- untranslated transliterations -------------------------------------------------------------


@pytest.mark.parametrize(
    ("ru", "en", "ru_word", "en_word"),
    [
        ("Власти наняли титушек для провокаций.",
         "The authorities hired titushki for provocations.", "титушек", "titushki"),
        ("Число силовиков на улицах увеличили.",
         "The number of siloviki on the streets was increased.", "силовиков", "siloviki"),
        ("Протестующие захватили акиматы нескольких областей.",
         "Protesters seized the akimats of several regions.", "акиматы", "akimats"),
    ],
)  # fmt: skip
def test_a_transliteration_left_untranslated_is_flagged(ru, en, ru_word, en_word):
    e = entry(ru, en)
    found = of("untranslated", run(e))
    assert len(found) == 1
    f = found[0]
    assert f.severity == "warning"
    assert en_of(e, f) == en_word
    assert ru_of(e, f) == ru_word


def test_a_transliteration_that_begins_the_english_sentence_is_flagged():
    """Capitalised as the first word, not as a name: the Russian has it in lowercase."""
    e = entry("Здание атаковали титушки.", "Titushki attacked the building.")
    found = of("untranslated", run(e))
    assert [(en_of(e, f), ru_of(e, f)) for f in found] == [("Titushki", "титушки")]


@pytest.mark.parametrize(
    ("ru", "en"),
    [
        ("Президент Токаев выступил с обращением.", "President Tokayev gave an address."),
        ("Токаев выступил с обращением.", "Tokayev gave an address."),
        ("Выступил президент страны.", "The country's president spoke."),
        ("Протестующие пришли на митинг.", "Protesters came to the rally."),  # митинг: meeting
        ("Стороны обсудили бюджет и реформы.", "The parties discussed the budget and reforms."),
    ],
)
def test_names_and_real_english_words_are_not_untranslated(ru, en):
    assert of("untranslated", run(entry(ru, en))) == []


@pytest.mark.parametrize(
    ("ru", "en"),
    [
        ("Протестующие захватили здание акимата.", "Protesters seized the akimat building."),
        ("Протестующие захватили акиматы.", "Protesters seized the akimats."),
    ],
)
def test_a_word_the_glossary_approves_is_not_untranslated(ru, en):
    akimat = terms(GlossaryEntry("акимат", ("akimat",), (), "mayor's office", "noun"))
    assert of("untranslated", run(entry(ru, en), [akimat])) == []


# -- numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ru", "en"),
    [
        ("Бюджет составил 1 000,5 тенге.", "The budget was 1,000.5 tenge."),
        ("Бюджет составил 1\u00a0000,5 тенге.", "The budget was 1,000.5 tenge."),
        ("Ущерб оценили в 1,5 млн долларов.", "The damage was estimated at 1.5 million dollars."),
        ("Ущерб оценили в 1,5 млн долларов.", "The damage was estimated at $1.5 million."),
        ("Ущерб оценили в 1,5 млн долларов.", "The damage was estimated at 1,500,000 dollars."),
        ("На площадь вышли 5 тыс. человек.", "5,000 people came out to the square."),
        ("На площадь вышли 5 тыс. человек.", "5 thousand people came out to the square."),
        ("XX век стал веком перемен.", "The 20th century was a century of change."),
        ("Здание построили в XX веке.", "The building was built in the 20th century."),
        ("Митинг прошёл 12 марта.", "The rally took place on March 12."),
        ("Митинг прошёл 12 марта.", "The rally took place on 12 March."),
        ("Цены выросли на 50%.", "Prices rose by 50 percent."),
        ("Цены выросли на 50%.", "Prices rose by 50%."),
        ("Комендантский час начинается в 21:00.", "The curfew starts at 9 p.m."),
        ("Комендантский час начинается в 21:00.", "The curfew starts at 21:00."),
        ("В 2022 году задержали 164 человека.", "In 2022, 164 people were detained."),
        ("Задержаны 2 000 человек.", "2,000 people were detained."),
    ],
)
def test_numbers_equal_under_each_languages_conventions_are_not_flagged(ru, en):
    assert of("number", run(entry(ru, en))) == []


@pytest.mark.parametrize(
    ("ru", "en", "ru_number", "en_number"),
    [
        ("Протесты начались в 2021 году.", "The protests began in 2022.", "2021", "2022"),
        ("Задержаны 164 человека.", "146 people were detained.", "164", "146"),
        ("Бюджет составил 1 000,5 тенге.", "The budget was 1,000.6 tenge.", "1 000,5", "1,000.6"),
        ("Здание построили в XIX веке.", "The building was built in the 20th century.", "XIX",
         "20"),
        ("Митинг прошёл 12 марта.", "The rally took place on March 21.", "12", "21"),
        ("Цены выросли на 50%.", "Prices rose by 15 percent.", "50", "15"),
        ("На площадь вышли 5 тыс. человек.", "500 people came out to the square.", "5", "500"),
        ("Комендантский час начинается в 21:00.", "The curfew starts at 11 p.m.", "21", "11"),
    ],
)  # fmt: skip
def test_numbers_that_differ_are_an_error_pointing_at_both(ru, en, ru_number, en_number):
    e = entry(ru, en)
    found = of("number", run(e))
    assert len(found) == 1
    f = found[0]
    assert f.severity == "error"
    assert ru_number in ru_of(e, f)
    assert en_number in en_of(e, f)


def test_a_different_amount_in_millions_is_flagged():
    e = entry(
        "Ущерб оценили в 1,5 млн долларов.", "The damage was estimated at 1.6 million dollars."
    )
    found = of("number", run(e))
    assert len(found) == 1
    assert "1.6" in en_of(e, found[0])


def test_a_number_dropped_by_the_mt_is_flagged_on_the_russian():
    e = entry(
        "Задержаны 164 человека, ранены 23 полицейских.",
        "164 people were detained and several police officers were injured.",
    )
    found = of("number", run(e))
    assert len(found) == 1
    assert ru_of(e, found[0]) == "23"
    assert "23" in found[0].message


def test_a_number_added_by_the_mt_is_flagged_on_the_english():
    e = entry("Участники акции были задержаны.", "45 participants in the rally were detained.")
    found = of("number", run(e))
    assert len(found) == 1
    assert en_of(e, found[0]) == "45"


# -- punctuation, quotes, brackets -------------------------------------------------------------

RU_PLAIN = "Цены выросли, и люди вышли на протест."


@pytest.mark.parametrize(
    ("en", "mark"),
    [
        ("Prices rose,, and people protested.", ",,"),
        ("Prices rose  and people protested.", "  "),
        ("Prices rose , and people protested.", ","),
    ],
)
def test_doubled_marks_doubled_spaces_and_a_space_before_a_comma_are_flagged(en, mark):
    e = entry(RU_PLAIN, en)
    found = of("punctuation", run(e))
    assert len(found) == 1
    f = found[0]
    assert f.severity == "warning"
    assert mark in en_of(e, f)
    assert f.en_span[1] - f.en_span[0] <= len(mark) + 1


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab .,;:!?.\u2026-'\"", max_size=30))
def test_the_quick_scan_for_slips_never_hides_one(en):
    """punctuation() scans a sentence once with a loose pattern before looking for slips
    (the common sentence has none): every slip the exact patterns find must be reported."""
    from sverka.checks import typography

    exact = [
        m.span()
        for pattern in (typography._DOUBLED, typography._DOUBLE_SPACE, typography._SPACE_BEFORE)
        for m in pattern.finditer(en)
    ]
    found = of("punctuation", run(entry("Цены выросли", en)))  # no final mark to compare
    assert sorted(f.en_span for f in found) == sorted(exact)


def test_the_final_stop_lost_in_a_long_sentence_is_flagged():
    e = entry(
        "Протестующие требовали снизить цены на газ, отправить правительство в отставку "
        "и освободить всех задержанных участников акций.",
        "Protesters demanded lower gas prices, the resignation of the government and the "
        "release of all detained participants in the rallies",
    )
    found = of("punctuation", run(e))
    assert len(found) == 1
    assert found[0].en_span is not None and found[0].en_span[0] >= len(e.en) - 1


@pytest.mark.parametrize(
    ("ru", "en"),
    [
        (RU_PLAIN, "Prices rose, and people protested."),
        (
            "Переговоры начались в 9 утра, как и планировалось.",
            "Talks began at 9 a.m., as planned.",
        ),
        ("Он помолчал... а потом продолжил.", "He paused... and then went on."),
        ("Что будет дальше?", "What happens next?"),
    ],
)
def test_clean_punctuation_is_not_flagged(ru, en):
    assert of("punctuation", run(entry(ru, en))) == []


RU_QUOTED = "Партия «Нур Отан» победила на выборах."


@pytest.mark.parametrize(
    "en",
    ['The "Nur Otan party won the election.', "The “Nur Otan party won the election."],
)
def test_unbalanced_quotes_in_the_english_are_flagged_when_the_russian_is_balanced(en):
    e = entry(RU_QUOTED, en)
    found = of("quotes", run(e))
    assert len(found) == 1
    assert en_of(e, found[0]) in ('"', "“")


@pytest.mark.parametrize(
    "en",
    [
        'The "Nur Otan" party won the election.',
        "The “Nur Otan” party won the election.",
        "The Nur Otan party won the election.",
    ],
)
def test_balanced_quotes_are_not_flagged(en):
    assert of("quotes", run(entry(RU_QUOTED, en))) == []


def test_a_quotation_open_in_both_languages_is_not_flagged():
    # A quotation running over several sentences: the author's, not the translation's.
    e = entry("«Мы не уйдём, пока нас не услышат.", '"We will not leave until we are heard.')
    assert of("quotes", run(e)) == []


RU_BRACKETED = "Комитет национальной безопасности (КНБ) сообщил о задержаниях."


def test_an_unbalanced_bracket_in_the_english_is_flagged():
    e = entry(RU_BRACKETED, "The National Security Committee (KNB reported detentions.")
    found = of("brackets", run(e))
    assert len(found) == 1
    assert en_of(e, found[0]) == "("


@pytest.mark.parametrize(
    ("ru", "en"),
    [
        (RU_BRACKETED, "The National Security Committee (KNB) reported detentions."),
        ("Во-первых, 1) цены; 2) налоги.", "First, 1) prices; 2) taxes."),
    ],
)
def test_brackets_balanced_or_unbalanced_like_the_russian_are_not_flagged(ru, en):
    assert of("brackets", run(entry(ru, en))) == []


# -- checks over the whole document ------------------------------------------------------------

NORMAL = [
    ("Протестующие собрались на центральной площади города.",
     "Protesters gathered on the central square of the city."),
    ("Власти объявили режим чрезвычайного положения.",
     "The authorities declared a state of emergency."),
    ("Цены на сжиженный газ выросли вдвое за неделю.",
     "Prices for liquefied gas doubled in a week."),
    ("Жители региона вышли на улицы в знак протеста.",
     "Residents of the region took to the streets in protest."),
    ("Правительство ушло в отставку в среду вечером.",
     "The government resigned on Wednesday evening."),
    ("В нескольких городах пропал доступ к интернету.",
     "Internet access was lost in several cities."),
    ("Полиция задержала несколько сотен участников акций.",
     "Police detained several hundred participants in the rallies."),
    ("Аэропорт был закрыт для всех рейсов на два дня.",
     "The airport was closed to all flights for two days."),
    ("Банки не работали, а у банкоматов выстроились очереди.",
     "Banks were closed, and queues formed at the cash machines."),
    ("Президент обратился к нации с телевизионным обращением.",
     "The president addressed the nation in a televised speech."),
    ("Министр энергетики пообещал снизить цены на топливо.",
     "The energy minister promised to lower fuel prices."),
    ("Школы перевели на дистанционное обучение до конца месяца.",
     "Schools were moved to remote learning until the end of the month."),
    ("Многие магазины в центре города были разграблены.",
     "Many shops in the city centre were looted."),
    ("Журналисты не могли связаться со своими редакциями.",
     "Journalists could not contact their newsrooms."),
    ("На следующий день в город вошли войска союзников.",
     "The next day, allied troops entered the city."),
    ("Лидеры соседних стран призвали стороны к спокойствию.",
     "Leaders of neighbouring countries called on the sides to stay calm."),
    ("Родственники задержанных собрались у здания суда.",
     "Relatives of the detainees gathered outside the courthouse."),
    ("Правозащитники потребовали провести независимое расследование.",
     "Human rights activists demanded an independent investigation."),
    ("Железнодорожное сообщение было восстановлено через неделю.",
     "Rail services were restored a week later."),
    ("В городе объявили несколько дней траура по погибшим.",
     "Several days of mourning for the dead were declared in the city."),
    ("Депутаты парламента собрались на внеочередное заседание.",
     "Members of parliament met for an extraordinary session."),
    ("Экономисты предупредили о росте инфляции в ближайшие месяцы.",
     "Economists warned of rising inflation in the coming months."),
    ("Водители выстроились в длинные очереди на заправках.",
     "Drivers formed long queues at petrol stations."),
    ("Участники митинга разошлись по домам поздно вечером.",
     "The rally participants went home late in the evening."),
    ("Местные чиновники отказались давать комментарии прессе.",
     "Local officials declined to comment to the press."),
    ("Оппозиция назвала эти события народным восстанием.",
     "The opposition called these events a popular uprising."),
    ("Международные наблюдатели выразили обеспокоенность ситуацией.",
     "International observers expressed concern about the situation."),
    ("После этих событий многие жители уехали из города.",
     "After these events, many residents left the city."),
    ("Комендантский час отменили только в конце месяца.",
     "The curfew was lifted only at the end of the month."),
    ("Власти пообещали выплатить компенсации пострадавшим предпринимателям.",
     "The authorities promised to compensate affected business owners."),
]  # fmt: skip


def numbered(pairs) -> list[Entry]:
    return [entry(ru, en, id=f"p{k + 1:03d}.s01") for k, (ru, en) in enumerate(pairs)]


def test_an_english_four_times_longer_than_the_documents_usual_is_flagged_as_info():
    ru = "Протестующие ворвались в здание городской администрации."
    en = (
        "Protesters stormed the city administration building, which had been guarded by "
        "police for several days, set fire to the ground floor and the archive, and stayed "
        "inside until the morning while crowds filmed everything."
    )
    assert 3.6 <= len(en) / len(ru) <= 4.4
    entries = numbered([*NORMAL[:15], (ru, en), *NORMAL[15:]])
    results = Checker().document(entries)
    flagged = [e.id for e, fs in zip(entries, results, strict=True) if of("length", fs)]
    assert flagged == ["p016.s01"]
    f = of("length", results[15])[0]
    assert f.severity == "info"


def test_a_document_of_ordinary_lengths_has_no_length_finding():
    results = Checker().document(numbered(NORMAL))
    assert [f for fs in results for f in of("length", fs)] == []


def test_the_same_russian_rendered_two_ways_is_inconsistent():
    same = "Протестующие собрались на центральной площади."
    pairs = [
        (same, "Protesters gathered on the central square."),
        *NORMAL[:3],
        (same, "Demonstrators assembled in the main square."),
    ]
    entries = numbered(pairs)
    results = Checker().document(entries)
    flagged = {e.id for e, fs in zip(entries, results, strict=True) if of("inconsistent", fs)}
    assert flagged and flagged <= {"p001.s01", "p005.s01"}


def test_the_same_russian_rendered_the_same_way_is_consistent():
    same = "Протестующие собрались на центральной площади."
    en = "Protesters gathered on the central square."
    results = Checker().document(numbered([(same, en), *NORMAL[:3], (same, en)]))
    assert [f for fs in results for f in of("inconsistent", fs)] == []


def test_one_name_spelled_two_ways_is_inconsistent_and_points_at_the_odd_spelling():
    pairs = [
        ("Президент Токаев выступил с обращением к народу.",
         "President Tokayev addressed the people."),
        ("Об этом заявил Токаев в понедельник.", "This was stated by Tokayev on Monday."),
        *NORMAL[:3],
        ("Позже Токаев отправил правительство в отставку.",
         "Later Tokaev dismissed the government."),
    ]  # fmt: skip
    entries = numbered(pairs)
    results = Checker().document(entries)
    found = [(e, f) for e, fs in zip(entries, results, strict=True) for f in of("inconsistent", fs)]
    assert len(found) == 1
    e, f = found[0]
    assert e.id == "p006.s01"
    assert en_of(e, f) == "Tokaev"
    assert "Tokayev" in f.message


def test_english_with_no_russian_is_an_alignment_finding():
    e = entry("", "Photo: Reuters")
    found = of("alignment", run(e))
    assert len(found) == 1
    assert found[0].ru_span is None


@pytest.mark.parametrize(("confidence", "flagged"), [(0.2, True), (0.95, False)])
def test_a_low_confidence_bead_is_an_alignment_finding(confidence, flagged):
    e = entry(
        "Власти объявили режим чрезвычайного положения.",
        "The airport was closed to all flights.",
        confidence=confidence,
    )
    assert bool(of("alignment", run(e))) is flagged


@pytest.mark.parametrize("mt", ["", "The authorities declared a state of emergency."])
def test_no_english_is_an_empty_finding(mt):
    e = entry("Власти объявили режим чрезвычайного положения.", "", mt=mt)
    found = of("empty", run(e))
    assert len(found) == 1
    assert ru_of(e, found[0]) == e.ru


def test_an_ordinary_bead_has_no_findings_at_all():
    e = entry(
        "Протестующие требовали снизить цены на газ.",
        "Protesters demanded lower gas prices.",
        confidence=0.97,
    )
    assert run(e, [terms(PROTESTER, POWER)]) == []


# -- the reviewer's "not a problem" marks ------------------------------------------------------


def save_and_read(doc: ReviewDoc, path: Path) -> ReviewDoc:
    path.write_text(render_po(doc), encoding="utf-8")
    assert MSGFMT, "gettext's msgfmt is needed (make test installs it)"
    out = subprocess.run(
        [MSGFMT, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return read_po(path)


def review_doc(*entries: Entry) -> ReviewDoc:
    return ReviewDoc(
        list(entries), source=FileRef("ru.txt", "a" * 64), mt=FileRef("en.txt", "b" * 64)
    )


def test_an_ignored_finding_stays_ignored_after_saving_while_the_others_remain(tmp_path):
    glossary = [terms(PROTESTER)]
    doc = review_doc(
        entry("В 2021 году протестующие захватили акимат.", "In 2022, Protestants seized the акимат."),
        entry("Протестующие вышли на улицы.", "Protestants took to the streets,, again.",
              id="p001.s02"),
    )  # fmt: skip
    before = Checker(glossary).entry(doc.entries[0])
    assert {f.code for f in before} >= {"term-forbidden", "cyrillic", "number"}
    cyr = of("cyrillic", before)[0]
    doc.ignore(0, cyr.ignore_key)
    back = save_and_read(doc, tmp_path / "en.review.po")
    assert "ignore=" in (tmp_path / "en.review.po").read_text(encoding="utf-8")

    checker = Checker(glossary)
    after = checker.entry(back.entries[0])
    assert of("cyrillic", after) == []
    assert {f.code for f in after} >= {"term-forbidden", "number"}
    assert is_ignored(back.entries[0], cyr)
    # the other entry is untouched
    assert {f.code for f in checker.entry(back.entries[1])} >= {"term-forbidden", "punctuation"}
    # asked for, the ignored finding is still there
    assert of("cyrillic", checker.entry(back.entries[0], include_ignored=True))


def test_ignoring_one_terms_finding_keeps_the_other_terms_finding(tmp_path):
    bodies = GlossaryEntry("органы власти", ("government bodies",), ("power organs",))
    glossary = [terms(PROTESTER, bodies)]
    doc = review_doc(
        entry("Протестующие потребовали ответа от органов власти.",
              "Protestants demanded an answer from the power organs,, at once.")
    )  # fmt: skip
    found = of("term-forbidden", Checker(glossary).entry(doc.entries[0]))
    assert len(found) == 2
    by_en = {en_of(doc.entries[0], f): f for f in found}
    assert set(by_en) == {"Protestants", "power organs"}
    doc.ignore(0, by_en["power organs"].ignore_key)  # a multi-word term's key
    back = save_and_read(doc, tmp_path / "one.po")
    left = of("term-forbidden", Checker(glossary).entry(back.entries[0]))
    assert [en_of(back.entries[0], f) for f in left] == ["Protestants"]


def test_ignoring_a_code_ignores_all_its_findings_in_that_entry_only(tmp_path):
    bodies = GlossaryEntry("органы власти", ("government bodies",), ("power organs",))
    glossary = [terms(PROTESTER, bodies)]
    doc = review_doc(
        entry("Протестующие потребовали ответа от органов власти.",
              "Protestants demanded an answer from the power organs,, at once."),
        entry("Протестующие вышли на улицы.", "Protestants took to the streets.", id="p001.s02"),
    )  # fmt: skip
    doc.ignore(0, "term-forbidden")
    back = save_and_read(doc, tmp_path / "all.po")
    checker = Checker(glossary)
    first = checker.entry(back.entries[0])
    assert of("term-forbidden", first) == []
    assert of("punctuation", first), "other codes in the same entry are still reported"
    assert len(of("term-forbidden", checker.entry(back.entries[1]))) == 1


def _article_copies(tmp_path: Path, copies: int) -> list:
    """The bundled article's beads, repeated; each copy renders a few beads differently,
    so that "inconsistent" has work to do."""
    from dataclasses import replace

    from sverka import reviewfile

    article = Path(__file__).resolve().parents[2] / "corpora" / "kazakhstan-2022"
    base = reviewfile.create(
        article / "ru.txt", article / "en.txt", tmp_path / "en.review.po"
    ).entries
    return [
        replace(e, id=f"c{c}.{e.id}", en=e.en + (" (edited)" if (i + c) % 7 == 0 else ""))
        for c in range(copies)
        for i, e in enumerate(base)
    ]


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        (("kazakhstan-2022",), {"term-forbidden", "term-missing", "pitfall", "cyrillic"}),
        ((), {"untranslated", "pitfall", "cyrillic", "inconsistent"}),
    ],
    ids=["article-glossary", "pitfalls-only"],
)
def test_the_dictionary_checks_in_a_second_process_give_exactly_the_serial_findings(
    tmp_path, terms, expected
):
    """`sverka check` on a long file runs the dictionary checks (terms, pitfalls,
    untranslated) in a forked process while this one runs the others: the findings, and
    their order, must be the ones a single process finds, and this process must not have
    loaded the glossaries' word forms at all."""
    from sverka.checks.ahead import DictionaryChecks
    from sverka.reviewsetup import load_glossaries

    entries = _article_copies(tmp_path, 4)
    glossaries = load_glossaries(terms, (), True)
    checker = Checker(glossaries)
    with DictionaryChecks(checker) as ahead:
        split = checker.document(entries, ahead)
    assert checker._terms is None, "the parent built the term index it left to the other process"
    serial = Checker(glossaries).document(entries)
    assert split == serial
    assert expected <= {f.code for fs in serial for f in fs}


def test_the_second_process_starts_only_when_there_is_reading_to_overlap():
    from sverka.checks.ahead import MIN_INPUT_BYTES, DictionaryChecks

    assert DictionaryChecks.start(Checker(), MIN_INPUT_BYTES - 1) is None, "a short file"
    assert DictionaryChecks.start(Checker(codes=["number"]), 10**9) is None, "no dictionary check"
    aligning = DictionaryChecks.start(Checker(), 1000, aligning=True)
    assert aligning is not None, "two texts to align: always worth it"
    aligning.stop()
    with DictionaryChecks.start(Checker(), MIN_INPUT_BYTES) as ahead:
        assert ahead is not None
        ahead.send([])
        assert ahead.results() == []


def test_the_second_process_ends_when_this_one_gives_up_before_sending(tmp_path):
    """A file that cannot be read: the process loading the dictionaries must not linger."""
    import os

    from sverka.checks.ahead import DictionaryChecks

    ahead = DictionaryChecks(Checker())
    pid = ahead._process.pid
    ahead.stop()
    with pytest.raises(ProcessLookupError):  # ended and reaped: no zombie either
        os.kill(pid, 0)
    ahead.stop()  # and again, as a `with` block's end would: nothing happens


def test_the_second_process_also_runs_control_and_number_in_the_serial_order(tmp_path):
    """Issue 18 (speed): the forked process runs control and number besides the dictionary
    checks, this one the rest. A bead with a forbidden term, an escape sequence, a bidi
    mark, Cyrillic and a wrong number has errors from both processes: they must come in
    the one-process order, and every other bead's findings too."""
    from dataclasses import replace

    from sverka.checks.ahead import DictionaryChecks
    from sverka.reviewsetup import load_glossaries

    entries = _article_copies(tmp_path, 2)
    k = next(i for i, e in enumerate(entries) if "protesters" in e.en)
    e = entries[k]
    entries[k] = replace(e, en="\x1b[2J Protestants \u202e Кazakhstan 1999 " + e.en)
    glossaries = load_glossaries(("kazakhstan-2022",), (), True)
    checker = Checker(glossaries)
    with DictionaryChecks(checker) as ahead:
        split = checker.document(entries, ahead)
    serial = Checker(glossaries).document(entries)
    assert split == serial
    codes = [f.code for f in split[k]]
    assert {"control", "cyrillic", "number", "term-forbidden"} <= set(codes), codes
    order = [codes.index(c) for c in ("term-forbidden", "control", "cyrillic", "number")]
    assert order == sorted(order), codes
