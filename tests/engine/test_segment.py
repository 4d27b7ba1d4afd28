"""Sentence splitting: hand-written expectations for the cases news pages throw at razdel/syntok."""

from __future__ import annotations

import textwrap
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sverka.io.text import normalise, split_paragraphs
from sverka.model import Document, Lang, Segment
from sverka.segment import display_text, split, split_lines, split_text

# CI clones the repo with shared/ beside it, so look next to the repo root, never at /work.
SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEEDS = SHARED / "seeds"
RU_SEED = SEEDS / "kazakhstan-2022.ru.txt"
EN_SEED = SEEDS / "000_0000bb1b301e5826.txt"
WMT = SHARED / "data" / "wmt21" / "newstest2021.ru-en.all.xml"

T = TypeVar("T")


def make_doc(text: str) -> Document:
    return Document(path=None, text=text, encoding="utf-8", paragraphs=split_paragraphs(text))


def read_doc(path: Path) -> Document:
    return make_doc(normalise(path.read_text(encoding="utf-8")))


def timed(fn: Callable[..., T], *args: object) -> tuple[T, float]:
    """Result and CPU seconds: other processes (``pytest -n auto``) do not inflate CPU time."""
    t0 = time.process_time()
    result = fn(*args)
    return result, time.process_time() - t0


def assert_well_formed(doc: Document, segments: list[Segment]) -> None:
    """Offsets round-trip, segments are trimmed, ordered, inside their paragraph, lines right."""
    previous_end = 0
    for s in segments:
        raw = doc.text[s.start : s.end]
        assert raw, s
        assert raw == raw.strip(), s
        assert s.text == display_text(raw)
        assert s.start >= previous_end
        para = doc.paragraphs[s.para]
        assert para.start <= s.start < s.end <= para.end
        assert s.line == doc.text.count("\n", 0, s.start) + 1
        previous_end = s.end


# ---------------------------------------------------------------------------------------------
# Russian

RU_CASES = [
    pytest.param(
        "Похоже, заговорщики понимали, что лозунги вроде «Шал, кет!» и «Долой правительство!» "
        "соберут много сторонников. В первые дни так оно и было.",
        [
            "Похоже, заговорщики понимали, что лозунги вроде «Шал, кет!» и «Долой правительство!» "
            "соберут много сторонников.",
            "В первые дни так оно и было.",
        ],
        id="exclamations-inside-guillemets",
    ),
    pytest.param(
        'Лозунги "Шал, кет!" и "Долой правительство!" соберут многих. Так и было.',
        ['Лозунги "Шал, кет!" и "Долой правительство!" соберут многих.', "Так и было."],
        id="exclamations-inside-straight-quotes",
    ),
    pytest.param(
        "Он крикнул «Стой!» и побежал.",
        ["Он крикнул «Стой!» и побежал."],
        id="exclamation-quote-mid-sentence",
    ),
    pytest.param(
        "Он сказал: «Мы победим!» Толпа закричала.",
        ["Он сказал: «Мы победим!»", "Толпа закричала."],
        id="quote-ends-sentence",
    ),
    pytest.param(
        "«Почему?» — спросил он. Никто не ответил.",
        ["«Почему?» — спросил он.", "Никто не ответил."],
        id="question-quote-then-author",
    ),
    pytest.param(
        "Он спросил: «Почему?» — и ушёл.",
        ["Он спросил: «Почему?» — и ушёл."],
        id="question-quote-then-dash",
    ),
    pytest.param(
        "«Он ушёл. Мы победим», — сказал он.",
        ["«Он ушёл. Мы победим», — сказал он."],
        id="two-sentence-quote-with-author",
    ),
    pytest.param(
        "«Мы пришли. Мы победим!» — кричали они. Полиция молчала.",
        ["«Мы пришли. Мы победим!» — кричали они.", "Полиция молчала."],
        id="two-sentence-shout-with-author",
    ),
    pytest.param(
        "Он сказал: «Я устал. Ухожу». И ушёл.",
        ["Он сказал: «Я устал. Ухожу».", "И ушёл."],
        id="quote-after-colon",
    ),
    pytest.param(
        "Об этом сообщил С. Дуванов. Он журналист.",
        ["Об этом сообщил С. Дуванов.", "Он журналист."],
        id="initial",
    ),
    pytest.param(
        "Это написал А.С. Пушкин. Его читают все.",
        ["Это написал А.С. Пушкин.", "Его читают все."],
        id="initials-no-space",
    ),
    pytest.param(
        "Встреча с В. В. Путиным прошла в Кремле. Итоги подвели позже.",
        ["Встреча с В. В. Путиным прошла в Кремле.", "Итоги подвели позже."],
        id="initials-that-look-like-prepositions",
    ),
    pytest.param(
        "Памятник им. В. И. Ленина снесли. Никто не возражал.",
        ["Памятник им. В. И. Ленина снесли.", "Никто не возражал."],
        id="im-and-initials",
    ),
    pytest.param(
        "Президент РК К.-Ж. Токаев заявил об этом. Позже он уточнил.",
        ["Президент РК К.-Ж. Токаев заявил об этом.", "Позже он уточнил."],
        id="hyphenated-initials",
    ),
    pytest.param(
        "Н. Назарбаев и К. Масимов встречались. Это известно.",
        ["Н. Назарбаев и К. Масимов встречались.", "Это известно."],
        id="initials-at-start",
    ),
    pytest.param(
        "Он любит фрукты, т.е. яблоки и груши. Она — нет.",
        ["Он любит фрукты, т.е. яблоки и груши.", "Она — нет."],
        id="t-e",
    ),
    pytest.param(
        "Привезли яблоки, груши и т.д. Потом всё съели.",
        ["Привезли яблоки, груши и т.д.", "Потом всё съели."],
        id="t-d-ends-sentence",
    ),
    pytest.param(
        "Привезли яблоки, груши и т. п. Потом всё съели.",
        ["Привезли яблоки, груши и т. п.", "Потом всё съели."],
        id="t-p-spaced",
    ),
    pytest.param(
        "Т.к. погода плохая, мы остались. Дома тепло.",
        ["Т.к. погода плохая, мы остались.", "Дома тепло."],
        id="t-k-at-start",
    ),
    pytest.param(
        "Мы приехали в 2021 г. Потом уехали.",
        ["Мы приехали в 2021 г.", "Потом уехали."],
        id="year-g-ends-sentence",
    ),
    pytest.param(
        "В 2021 г. Токаев подписал указ. Его опубликовали.",
        ["В 2021 г. Токаев подписал указ.", "Его опубликовали."],
        id="year-g-before-name",
    ),
    pytest.param(
        "В 1990-х гг. цены росли. Теперь нет.",
        ["В 1990-х гг. цены росли.", "Теперь нет."],
        id="gg",
    ),
    pytest.param(
        "Он живёт в г. Алматы. Там тепло.",
        ["Он живёт в г. Алматы.", "Там тепло."],
        id="g-city",
    ),
    pytest.param(
        "Бюджет составил 5 млн руб. в год. Это много.",
        ["Бюджет составил 5 млн руб. в год.", "Это много."],
        id="mln-rub-mid-sentence",
    ),
    pytest.param(
        "Прибыль составила 10 тыс. руб. Этого мало.",
        ["Прибыль составила 10 тыс. руб.", "Этого мало."],
        id="rub-ends-sentence",
    ),
    pytest.param(
        "Ущерб оценили в 3,5 млрд тенге. Расследование идёт.",
        ["Ущерб оценили в 3,5 млрд тенге.", "Расследование идёт."],
        id="decimal-comma-mlrd",
    ),
    pytest.param(
        "Цена выросла на 2,5%. Это рекорд.",
        ["Цена выросла на 2,5%.", "Это рекорд."],
        id="decimal-percent",
    ),
    pytest.param(
        "Сумма — 5 млрд долл. США. Это много.",
        ["Сумма — 5 млрд долл. США.", "Это много."],
        id="doll-usa",
    ),
    pytest.param(
        "Собрались 1 000 человек. Полиция не вмешивалась.",
        ["Собрались 1 000 человек.", "Полиция не вмешивалась."],
        id="number-with-space",
    ),
    pytest.param(
        "Собрались 12\u00a0000 человек. Полиция не вмешивалась.",
        ["Собрались 12 000 человек.", "Полиция не вмешивалась."],
        id="number-with-nbsp",
    ),
    pytest.param(
        "Он живёт на ул. Абая, д. 10. Там тихо.",
        ["Он живёт на ул. Абая, д. 10.", "Там тихо."],
        id="street-house",
    ),
    pytest.param(
        "Выступил проф. Иванов из МГУ им. Ломоносова. Зал аплодировал.",
        ["Выступил проф. Иванов из МГУ им. Ломоносова.", "Зал аплодировал."],
        id="prof-im",
    ),
    pytest.param(
        "Выступил ген. Иванов. Все слушали.",
        ["Выступил ген. Иванов.", "Все слушали."],
        id="gen-title",
    ),
    pytest.param(
        "Учёные, врачи и др. специалисты приехали. Работа началась.",
        ["Учёные, врачи и др. специалисты приехали.", "Работа началась."],
        id="dr-mid-sentence",
    ),
    pytest.param(
        "См. рис. 5. Там всё видно.",
        ["См. рис. 5.", "Там всё видно."],
        id="sm-ris",
    ),
    pytest.param(
        "Работы завершат в марте с.г. Об этом сообщили в акимате.",
        ["Работы завершат в марте с.г.", "Об этом сообщили в акимате."],
        id="s-g",
    ),
    pytest.param(
        "Родился 5 янв. 1950 г. в Москве. Умер в 2020 г.",
        ["Родился 5 янв. 1950 г. в Москве.", "Умер в 2020 г."],
        id="month-abbreviation-before-year",
    ),
    pytest.param(
        "Он пришёл в 10 ч. утра. Было рано.",
        ["Он пришёл в 10 ч. утра.", "Было рано."],
        id="hours",
    ),
    pytest.param(
        "Это было в XX в. Потом всё изменилось.",
        ["Это было в XX в.", "Потом всё изменилось."],
        id="century",
    ),
    pytest.param(
        "Он ждал… Никто не пришёл.",
        ["Он ждал…", "Никто не пришёл."],
        id="ellipsis-char",
    ),
    pytest.param(
        "Он ждал... Никто не пришёл.",
        ["Он ждал...", "Никто не пришёл."],
        id="ellipsis-dots",
    ),
    pytest.param(
        "Он сказал, что... впрочем, неважно.",
        ["Он сказал, что... впрочем, неважно."],
        id="ellipsis-mid-sentence",
    ),
    pytest.param(
        "Ну и ну!.. Вот это да. Что?.. Не понял.",
        ["Ну и ну!..", "Вот это да.", "Что?..", "Не понял."],
        id="exclamation-and-question-with-dots",
    ),
    pytest.param(
        "Кто виноват?! Неизвестно.",
        ["Кто виноват?!", "Неизвестно."],
        id="interrobang",
    ),
    pytest.param(
        "— Ты придёшь? — спросил он. — Нет, — ответила она.",
        ["— Ты придёшь? — спросил он.", "— Нет, — ответила она."],
        id="dialogue-dashes",
    ),
    pytest.param(
        "Разговор\n\n— Ты придёшь?\n— Нет.",
        ["Разговор", "— Ты придёшь?", "— Нет."],
        id="dialogue-lines",
    ),
    pytest.param(
        "Это ООО «Ромашка». Компания большая.",
        ["Это ООО «Ромашка».", "Компания большая."],
        id="quote-before-full-stop",
    ),
    pytest.param(
        "1. Первый пункт. 2. Второй пункт.",
        ["1. Первый пункт.", "2. Второй пункт."],
        id="numbered-items",
    ),
    pytest.param(
        "Власть. Деньги. Страх.",
        ["Власть.", "Деньги.", "Страх."],
        id="one-word-sentences",
    ),
    pytest.param(
        "Резюме: сегодня я отвечаю так: люди во власти выясняют отношения. При этом страдают все.",
        [
            "Резюме: сегодня я отвечаю так: люди во власти выясняют отношения.",
            "При этом страдают все.",
        ],
        id="colons-do-not-split",
    ),
    pytest.param(
        "Вопрос в том, как далеко могут зайти власти в этом направлении?",
        ["Вопрос в том, как далеко могут зайти власти в этом направлении?"],
        id="single-question",
    ),
    pytest.param(
        "Прави\u00adтельство ушло\u200b. Все рады.",
        ["Правительство ушло.", "Все рады."],
        id="soft-hyphen-and-zero-width",
    ),
    pytest.param(
        "Заголовок\n\n12 января 2022, 09:11\nСергей Дуванов\nПобедители накажут побеждённых, и всё "
        "вернётся на круги своя",
        [
            "Заголовок",
            "12 января 2022, 09:11",
            "Сергей Дуванов",
            "Победители накажут побеждённых, и всё вернётся на круги своя",
        ],
        id="dateline-byline-lead",
    ),
    pytest.param(
        "Заголовок\n\nАлматы, 5 января 2022 г.\nСобытия развивались стремительно.",
        ["Заголовок", "Алматы, 5 января 2022 г.", "События развивались стремительно."],
        id="dateline-ending-in-abbreviation",
    ),
    pytest.param(
        "Сергей Дуванов, журналист, правозащитник (Казахстан)",
        ["Сергей Дуванов, журналист, правозащитник (Казахстан)"],
        id="byline-commas",
    ),
    pytest.param(
        "Опубликовано 12 января 2022, 09:11\n\nОригинал здесь.",
        ["Опубликовано 12 января 2022, 09:11", "Оригинал здесь."],
        id="page-furniture",
    ),
]


@pytest.mark.parametrize(("text", "expected"), RU_CASES)
def test_russian_cases(text: str, expected: list[str]) -> None:
    assert split_text(text, "ru") == expected


# ---------------------------------------------------------------------------------------------
# English

EN_CASES = [
    pytest.param(
        "Mr. Smith met Dr. Jones at the U.S. embassy. They talked.",
        ["Mr. Smith met Dr. Jones at the U.S. embassy.", "They talked."],
        id="titles-and-us",
    ),
    pytest.param(
        "Mrs. Brown arrived. She sat down.",
        ["Mrs. Brown arrived.", "She sat down."],
        id="mrs",
    ),
    pytest.param(
        "The U.N. said so. It was Jan. 5 when it happened.",
        ["The U.N. said so.", "It was Jan. 5 when it happened."],
        id="un-and-month",
    ),
    pytest.param(
        "The company is based in the U.S. It employs many.",
        ["The company is based in the U.S.", "It employs many."],
        id="us-ends-sentence",
    ),
    pytest.param(
        "The U.S. President spoke. Everyone listened.",
        ["The U.S. President spoke.", "Everyone listened."],
        id="us-before-name",
    ),
    pytest.param(
        "We met at 9 a.m. and left at 5 p.m. The next day was quiet.",
        ["We met at 9 a.m. and left at 5 p.m.", "The next day was quiet."],
        id="am-pm",
    ),
    pytest.param(
        "He came at 5 p.m. She came later.",
        ["He came at 5 p.m.", "She came later."],
        id="pm-ends-sentence",
    ),
    pytest.param(
        "It was 5 p.m. Nobody came.",
        ["It was 5 p.m.", "Nobody came."],
        id="pm-before-nobody",
    ),
    pytest.param(
        "At 5 p.m. Moscow time the talks began. They ended late.",
        ["At 5 p.m. Moscow time the talks began.", "They ended late."],
        id="pm-moscow-time",
    ),
    pytest.param(
        "Some fruits, e.g. apples, are red. Others, i.e. bananas, are not.",
        ["Some fruits, e.g. apples, are red.", "Others, i.e. bananas, are not."],
        id="eg-ie",
    ),
    pytest.param(
        "He lives at No. 5 Baker St. in London. It is old.",
        ["He lives at No. 5 Baker St. in London.", "It is old."],
        id="no-and-st",
    ),
    pytest.param(
        "He lives on Main St. He likes it.",
        ["He lives on Main St.", "He likes it."],
        id="st-ends-sentence",
    ),
    pytest.param(
        "The St. Petersburg office closed. Staff left.",
        ["The St. Petersburg office closed.", "Staff left."],
        id="saint",
    ),
    pytest.param(
        "Growth was 3.5 percent. That is high.",
        ["Growth was 3.5 percent.", "That is high."],
        id="decimal",
    ),
    pytest.param(
        "He paid $5.99. Nobody else did.",
        ["He paid $5.99.", "Nobody else did."],
        id="decimal-ends-sentence",
    ),
    pytest.param(
        "It grew to 1,000 people. Police watched.",
        ["It grew to 1,000 people.", "Police watched."],
        id="thousands-comma",
    ),
    pytest.param(
        "It happened in 2021. Then 2022 came.",
        ["It happened in 2021.", "Then 2022 came."],
        id="year-ends-sentence",
    ),
    pytest.param(
        "He waited... Nobody came.",
        ["He waited...", "Nobody came."],
        id="ellipsis-dots",
    ),
    pytest.param(
        "He waited… Nobody came.",
        ["He waited…", "Nobody came."],
        id="ellipsis-char",
    ),
    pytest.param(
        "He said... well, never mind.",
        ["He said... well, never mind."],
        id="ellipsis-mid-sentence",
    ),
    pytest.param(
        '"Are you coming?" he asked. She nodded.',
        ['"Are you coming?" he asked.', "She nodded."],
        id="question-in-quotes",
    ),
    pytest.param(
        "“Down with the government!” they shouted. Police came.",
        ["“Down with the government!” they shouted.", "Police came."],
        id="exclamation-in-curly-quotes",
    ),
    pytest.param(
        'He asked, "Why?" Nobody answered.',
        ['He asked, "Why?"', "Nobody answered."],
        id="quote-ends-sentence",
    ),
    pytest.param(
        'She said "Stop!" and left.',
        ['She said "Stop!" and left.'],
        id="exclamation-quote-mid-sentence",
    ),
    pytest.param(
        '"We came. We will win!" they shouted.',
        ['"We came. We will win!" they shouted.'],
        id="two-sentence-quote-with-author",
    ),
    pytest.param(
        'He said "I left. We won." Then he sat.',
        ['He said "I left. We won."', "Then he sat."],
        id="two-sentence-quote-after-verb",
    ),
    pytest.param(
        "“Well… Maybe,” he said.",
        ["“Well… Maybe,” he said."],
        id="ellipsis-inside-quote",
    ),
    pytest.param(
        "The article was written by S. Duvanov. He is a journalist.",
        ["The article was written by S. Duvanov.", "He is a journalist."],
        id="initial",
    ),
    pytest.param(
        "President V. Putin said so. Then he left.",
        ["President V. Putin said so.", "Then he left."],
        id="initial-after-title",
    ),
    pytest.param(
        "J. R. R. Tolkien wrote it. It sold well.",
        ["J. R. R. Tolkien wrote it.", "It sold well."],
        id="several-initials",
    ),
    pytest.param(
        "Apple Inc. was founded in 1976. It grew fast.",
        ["Apple Inc. was founded in 1976.", "It grew fast."],
        id="inc",
    ),
    pytest.param(
        "He works for Acme Ltd. in London. It pays well.",
        ["He works for Acme Ltd. in London.", "It pays well."],
        id="ltd",
    ),
    pytest.param(
        "Apples, pears, etc. Then came the rest.",
        ["Apples, pears, etc.", "Then came the rest."],
        id="etc-ends-sentence",
    ),
    pytest.param(
        "Apples, pears, etc. are fruits.",
        ["Apples, pears, etc. are fruits."],
        id="etc-mid-sentence",
    ),
    pytest.param(
        "Gov. Smith signed the bill. It became law.",
        ["Gov. Smith signed the bill.", "It became law."],
        id="gov",
    ),
    pytest.param(
        "Rep. Jones and Sen. Smith met. They agreed.",
        ["Rep. Jones and Sen. Smith met.", "They agreed."],
        id="rep-sen",
    ),
    pytest.param(
        "Lt. Col. Jones arrived. He sat.",
        ["Lt. Col. Jones arrived.", "He sat."],
        id="military-ranks",
    ),
    pytest.param(
        "Smith vs. The State was heard. It ended.",
        ["Smith vs. The State was heard.", "It ended."],
        id="versus",
    ),
    pytest.param(
        "The vote was 5 vs. 3. It passed.",
        ["The vote was 5 vs. 3.", "It passed."],
        id="versus-number",
    ),
    pytest.param(
        "See Fig. 3 for details. It is clear.",
        ["See Fig. 3 for details.", "It is clear."],
        id="fig",
    ),
    pytest.param(
        "Smith et al. found it. It was big.",
        ["Smith et al. found it.", "It was big."],
        id="et-al",
    ),
    pytest.param(
        "The Ph.D. student left. She returned.",
        ["The Ph.D. student left.", "She returned."],
        id="phd",
    ),
    pytest.param(
        "Wow! Really?! Yes.",
        ["Wow!", "Really?!", "Yes."],
        id="short-exclamations",
    ),
    pytest.param(
        "1. The first item. 2. The second item.",
        ["1. The first item.", "2. The second item."],
        id="numbered-items",
    ),
    pytest.param(
        "(This is in brackets.) The next sentence follows.",
        ["(This is in brackets.)", "The next sentence follows."],
        id="brackets",
    ),
    pytest.param(
        "Summary: today, when I am asked what happened, I answer as follows. People in power "
        "sort things out.",
        [
            "Summary: today, when I am asked what happened, I answer as follows.",
            "People in power sort things out.",
        ],
        id="colon-does-not-split",
    ),
    pytest.param(
        "The gov\u00adernment left\u200b. All were happy.",
        ["The government left.", "All were happy."],
        id="soft-hyphen-and-zero-width",
    ),
    pytest.param(
        "Headline\n\n12 января 2022, 09:11\nСергей Дуванов\nThe winners will punish the vanquished",
        [
            "Headline",
            "12 января 2022, 09:11",
            "Сергей Дуванов",
            "The winners will punish the vanquished",
        ],
        id="dateline-byline-lead",
    ),
    pytest.param(
        "Posted 12 января 2022,, 09:11\n\nOriginal is here.",
        ["Posted 12 января 2022,, 09:11", "Original is here."],
        id="page-furniture",
    ),
    pytest.param(
        "Sergey Duvanov, journalist, human rights defender (Kazakhstan)",
        ["Sergey Duvanov, journalist, human rights defender (Kazakhstan)"],
        id="byline-commas",
    ),
]


@pytest.mark.parametrize(("text", "expected"), EN_CASES)
def test_english_cases(text: str, expected: list[str]) -> None:
    assert split_text(text, "en") == expected


def test_enough_cases() -> None:
    assert len(RU_CASES) >= 40
    assert len(EN_CASES) >= 40


# ---------------------------------------------------------------------------------------------
# Line breaks inside a paragraph: headers split, hard-wrapped prose does not

WRAPPED = {
    "ru": (
        "Поздно вечером делегацию из Астаны наконец принял посол Казахстана, а\n"
        "после долгого ожидания в коридоре их встретил и сам российский президент\n"
        "Путин, который почти час говорил с ними о ценах на газ и о трубопроводе.\n"
        "Переговоры, последовавшие за этим, оказались короткими.\n"
        "\n"
        "Наутро делегация вернулась в Астану, где её уже ждали журналисты из\n"
        "Алматы и Шымкента.",
        [
            "Поздно вечером делегацию из Астаны наконец принял посол Казахстана, а после долгого "
            "ожидания в коридоре их встретил и сам российский президент Путин, который почти час "
            "говорил с ними о ценах на газ и о трубопроводе.",
            "Переговоры, последовавшие за этим, оказались короткими.",
            "Наутро делегация вернулась в Астану, где её уже ждали журналисты из Алматы и Шымкента.",
        ],
    ),
    "en": (
        "Late in the evening the delegation from Astana was finally received by\n"
        "the Kazakh ambassador and then, after another wait, by Russia's President\n"
        "Putin, who spoke to them for almost an hour about gas prices and the\n"
        "pipeline. The talks that followed were short.\n"
        "\n"
        "Next morning the delegation flew back to Astana, where reporters from\n"
        "Almaty and Shymkent were already waiting.",
        [
            "Late in the evening the delegation from Astana was finally received by the Kazakh "
            "ambassador and then, after another wait, by Russia's President Putin, who spoke to "
            "them for almost an hour about gas prices and the pipeline.",
            "The talks that followed were short.",
            "Next morning the delegation flew back to Astana, where reporters from Almaty and "
            "Shymkent were already waiting.",
        ],
    ),
}


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_hard_wrapped_prose_is_not_split_at_line_breaks(lang: Lang) -> None:
    text, expected = WRAPPED[lang]
    doc = make_doc(text)
    segments = split(doc, lang)
    assert [s.text for s in segments] == expected
    assert [s.para for s in segments] == [0, 0, 1]
    assert [s.line for s in segments] == [1, 4, 6]
    assert_well_formed(doc, segments)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_header_lines_split_above_wrapped_lead(lang: Lang) -> None:
    """A dateline and byline stacked on a hard-wrapped lead: short lines are their own units."""
    lead = {
        "ru": "Победители накажут побеждённых, и всё вернётся на круги своя, и мы\n"
        "снова застрянем во времени с властью, которая продолжает создавать\n"
        "иллюзию реформ и успешного перехода к демократии",
        "en": "The winners will punish the vanquished, and everything will return to\n"
        "normal, and we will again be stuck in time with the power that continues\n"
        "to create the illusion of reforms and a successful transition to democracy",
    }[lang]
    body, _ = WRAPPED[lang]
    text = f"12 января 2022, 09:11\nСергей Дуванов\n{lead}\n\n{body}"
    doc = make_doc(text)
    segments = split(doc, lang)
    assert [s.text for s in segments[:3]] == [
        "12 января 2022, 09:11",
        "Сергей Дуванов",
        " ".join(lead.split("\n")),
    ]
    assert [s.line for s in segments[:3]] == [1, 2, 3]
    assert len(segments) == 6
    assert_well_formed(doc, segments)


@pytest.mark.parametrize(("path", "lang"), [(RU_SEED, "ru"), (EN_SEED, "en")])
@pytest.mark.parametrize("width", [60, 70, 80])
def test_rewrapping_the_seed_changes_nothing(path: Path, lang: Lang, width: int) -> None:
    """The seed hard-wrapped line by line gives the same sentences as the unwrapped file."""
    text = normalise(path.read_text(encoding="utf-8"))
    wrapped = "\n\n".join(
        "\n".join(
            textwrap.fill(line, width, break_on_hyphens=False, break_long_words=False)
            for line in para.split("\n")
        )
        for para in text.split("\n\n")
    )
    assert wrapped.count("\n") > 2 * text.count("\n")
    doc = make_doc(wrapped)
    segments = split(doc, lang)
    assert [s.text for s in segments] == [s.text for s in split(make_doc(text), lang)]
    assert_well_formed(doc, segments)


# ---------------------------------------------------------------------------------------------
# The seed article

# Sentences per blank-line paragraph, by my own reading of both files. They agree with
# kazakhstan-2022.structure.txt except in P6, which that file counts as one unit but which is a
# dateline, a byline and the lead: three segments. Hence 73/75 here, not 71/73.
RU_SEED_COUNTS = [
    1,
    1,
    1,
    1,
    1,
    3,
    1,
    2,
    1,
    2,
    4,
    3,
    6,
    3,
    2,
    3,
    3,
    2,
    1,
    1,
    2,
    1,
    2,
    2,
    2,
    2,
    2,
    2,
]
RU_SEED_COUNTS += [4, 1, 1, 5, 2, 2, 1]
EN_SEED_COUNTS = [
    1,
    1,
    1,
    1,
    1,
    3,
    1,
    2,
    1,
    2,
    4,
    3,
    6,
    3,
    2,
    3,
    3,
    2,
    1,
    1,
    1,
    1,
    2,
    2,
    3,
    2,
    2,
    3,
]
EN_SEED_COUNTS += [4, 2, 1, 5, 2, 2, 1]


@pytest.mark.parametrize(
    ("path", "lang", "counts"),
    [(RU_SEED, "ru", RU_SEED_COUNTS), (EN_SEED, "en", EN_SEED_COUNTS)],
    ids=["ru", "en"],
)
def test_seed_counts_and_offsets(path: Path, lang: Lang, counts: list[int]) -> None:
    doc = read_doc(path)
    segments = split(doc, lang)
    assert_well_formed(doc, segments)
    assert len(doc.paragraphs) == 35
    per_para = Counter(s.para for s in segments)
    assert [per_para[i] for i in range(len(doc.paragraphs))] == counts
    assert len(segments) == sum(counts) == {"ru": 73, "en": 75}[lang]


def test_seed_russian_details() -> None:
    doc = read_doc(RU_SEED)
    segments = split(doc, "ru")
    p6 = [s for s in segments if s.para == 5]
    assert [s.text[:22] for s in p6] == [
        "12 января 2022, 09:11",
        "Сергей Дуванов",
        "Победители накажут поб",
    ]
    assert [s.line for s in p6] == [11, 12, 13]
    p13 = [s.text.split()[0] for s in segments if s.para == 12]
    assert p13 == ["Начали", "Потом", "Затем", "Досталось", "Не", "Короче"]
    p11 = [s.text for s in segments if s.para == 10]
    assert p11[2].endswith("«Шал, кет!» и «Долой правительство!» соберут много сторонников.")
    assert segments[-1].text == "Оригинал здесь."


def test_seed_english_details() -> None:
    doc = read_doc(EN_SEED)
    segments = split(doc, "en")
    p6 = [s for s in segments if s.para == 5]
    assert [s.text[:21] for s in p6] == [
        "12 января 2022, 09:11",
        "Сергей Дуванов",
        "The winners will puni",
    ]
    assert [s.line for s in p6] == [11, 12, 13]
    p28 = [s.text for s in segments if s.para == 27]
    assert p28[0].endswith("I answer as follows.")
    assert p28[1].startswith("People in power")
    assert segments[0].text == "Posted 12 января 2022,, 09:11"
    assert segments[-1].text == "Original is here."
    assert segments[-1].line == doc.text.count("\n", 0, segments[-1].start) + 1


# ---------------------------------------------------------------------------------------------
# Any text: nothing lost, nothing doubled

# Pieces that trip the rules: abbreviations, initials, openers, quotes, stops, odd spaces.
_PIECE_LIST = (
    'Он сказал.|г.|Mr.|p.m.|В.|И|The|«|»|"|“|”|…|...|!|?|3,5|5.99.| |  |\n|\n\n|\u00a0|\u00ad'
    "|\u200b|—|Путин|Putin|слово|word|12 января 2022, 09:11|(|)|т.е.|etc."
)
_PIECES = st.sampled_from(_PIECE_LIST.split("|"))


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(_PIECES, max_size=40), lang=st.sampled_from(["ru", "en"]))
def test_every_visible_character_lands_in_exactly_one_segment(
    pieces: list[str], lang: Lang
) -> None:
    text = normalise(" ".join(pieces))
    doc = make_doc(text)
    segments = split(doc, lang)
    assert_well_formed(doc, segments)
    covered = [0] * len(text)
    for s in segments:
        for i in range(s.start, s.end):
            covered[i] += 1
    assert max(covered, default=0) <= 1
    visible = [i for i, ch in enumerate(text) if not ch.isspace() and ch not in "\u00ad\u200b"]
    assert all(covered[i] == 1 for i in visible)


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="'de'"):
        split(make_doc("Guten Tag."), "de")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# split_lines


def test_split_lines_blank_lines_make_paragraphs() -> None:
    text = "Первое предложение.\nВторое. Третье.\n\n  Четвёртое\u00a0 \n \t\n\n\nПятое\n"
    doc = make_doc(text)
    segments = split_lines(doc)
    assert [s.text for s in segments] == [
        "Первое предложение.",
        "Второе. Третье.",
        "Четвёртое",
        "Пятое",
    ]
    assert [s.para for s in segments] == [0, 0, 1, 2]
    assert [s.line for s in segments] == [1, 2, 4, 8]
    assert [text[s.start : s.end] for s in segments] == [
        "Первое предложение.",
        "Второе. Третье.",
        "Четвёртое",
        "Пятое",
    ]


def test_split_lines_no_trailing_newline_and_empty() -> None:
    assert split_lines(make_doc("")) == []
    assert split_lines(make_doc("\n\n \n")) == []
    (only,) = split_lines(make_doc("\n\nОдна строка"))
    assert (only.text, only.para, only.line, only.start, only.end) == ("Одна строка", 0, 3, 2, 13)


def test_split_lines_is_fast() -> None:
    lines = [f"Sentence number {i} of the corpus." if i % 7 else "" for i in range(100_000)]
    doc = make_doc("\n".join(lines))
    best = min(timed(split_lines, doc)[1] for _ in range(3))
    segments = split_lines(doc)
    print(f"split_lines: 100,000 lines in {best * 1000:.0f} ms")
    assert len(segments) == sum(1 for line in lines if line)
    assert segments[-1].line == 100_000
    assert best < 0.5


# ---------------------------------------------------------------------------------------------
# display_text


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("a  b", "a b"),
        ("a\nb", "a b"),
        ("a \n\t b", "a b"),
        ("1\u00a0000", "1 000"),
        ("1\u202f000", "1 000"),
        ("a\u2009b", "a b"),
        ("Прави\u00adтельство", "Правительство"),
        ("a\u200bb\u200c\u200dc", "abc"),
        ("\ufeffHello", "Hello"),
        ("a \u200b b", "a b"),
        ("  padded\t", "padded"),
        ("\n\u00a0\n", ""),
        ("", ""),
        ("Уже чисто.", "Уже чисто."),
    ],
)
def test_display_text(raw: str, shown: str) -> None:
    assert display_text(raw) == shown


# ---------------------------------------------------------------------------------------------
# Speed on real news text


def _wmt_text(side: str, n: int = 2000) -> str:
    """``n`` WMT21 segments (cycled if the file has fewer), five to a paragraph."""
    root = ET.parse(WMT).getroot()
    segs = [seg.text or "" for doc in root.iter("doc") for seg in doc.find(side).iter("seg")]
    segs = (segs * (n // len(segs) + 1))[:n]
    return "\n\n".join(" ".join(segs[i : i + 5]) for i in range(0, n, 5))


@pytest.mark.parametrize(
    ("lang", "side"), [("ru", "src"), ("en", "hyp[@system='AFRL']")], ids=["ru", "en"]
)
def test_speed_on_2000_real_sentences(lang: Lang, side: str) -> None:
    """sverka's splitter costs little beyond the library it wraps (razdel, syntok), timed on
    the same paragraphs in the same run: a fixed bound in seconds (0.3 s) failed on a slower
    machine (0.34 s) where the library alone took 0.26 s, and a test must not depend on the
    machine's speed. A quadratic rule would cost ten times the library, not 1.1-1.6 times."""
    text = _wmt_text(side)
    doc = make_doc(text)
    paragraphs = text.split("\n\n")
    if lang == "ru":
        import razdel

        def library() -> object:
            return [list(razdel.sentenize(p)) for p in paragraphs]
    else:
        from syntok import segmenter

        def library() -> object:
            return [[list(s) for s in para] for p in paragraphs for para in segmenter.analyze(p)]

    ours, theirs = [], []
    for _ in range(3):  # in turn, so that a slow moment of the machine hits both
        ours.append(timed(split, doc, lang))
        theirs.append(timed(library)[1])
    segments, best = ours[0][0], min(t for _, t in ours)
    base = min(theirs)
    print(
        f"split {lang}: {len(segments)} segments from 2,000 WMT21 sentences in {best * 1000:.0f} "
        f"ms; the library alone {base * 1000:.0f} ms"
    )
    assert_well_formed(doc, segments)
    assert len(segments) > 1800
    assert best < 3 * base + 0.02
