"""Sensitivity scoring (issue 15 §6): every category found in each of the six languages, the
script's rules for what a word is, the roster's participants, and a score whose every point a
reason explains and which no added sensitive term lowers."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incamera.kernel.errors import InvalidInputError
from incamera.redact import Roster
from incamera.redact.normalize import normalize_pattern
from incamera.sensitivity import TIERS, Assessment, Lexicons, Reason, score, suggest_tier
from incamera.sensitivity.score import REPEATS

ROSTER = Roster.from_json(
    [
        {
            "id": "p1",
            "given_name": {"en": "Wei", "zh": "伟"},
            "family_name": {"en": "Wang", "zh": "王"},
            "role": "minister",
            "organisation": {"en": "Ministry of Commerce", "zh": "商务部"},
            "country": "CN",
            "email": "wang.wei@mofcom.example",
            "gender": "m",
        },
        {"id": "p2", "given_name": {"en": "Marie"}, "family_name": {"en": "Dupont", "fr": "Dupont"}, "role": "ambassador", "country": "FR"},
        {"id": "p3", "given_name": {"ar": "أحمد"}, "family_name": {"en": "Mansour", "ar": "منصور"}, "role": "ceo", "country": "EG"},
        {
            "id": "p4",
            "given_name": {"en": "Ann"},
            "family_name": {"en": "Lee"},
            "organisation": {"en": "Ministry of Defence"},
            "country": "GB",
        },
    ]
)


def assess(text: str, lang: str | None = None, roster: Roster | None = None) -> Assessment:
    return score(text, lang=lang, roster=roster, lexicons=Lexicons.default())


def found(assessment: Assessment, text: str) -> set[tuple[str, str, str]]:
    """(category, term or kind, the first example's text) of every reason."""
    return {(r.category, r.term_or_kind, text[slice(*r.example_offsets[0])]) for r in assessment.reasons}


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "The delegates discussed weapons deliveries.", ("security", "weapon*", "weapons")),
        ("en", "A new export ban on gallium was floated.", ("market_moving", "export ban*", "export ban")),
        ("en", "Her passport number was read aloud.", ("personal_data", "passport number*", "passport number")),
        ("en", "Write to ana@example.org for the file.", ("personal_data", "email", "ana@example.org")),
        ("en", "Globex Inc. has offered to mediate.", ("third_parties", "Globex Inc.", "Globex Inc.")),
        ("fr", "Les services de renseignement ont été évoqués.", ("security", "services de renseignement", "services de renseignement")),
        ("fr", "Les droits de douane sur l'acier augmenteront.", ("market_moving", "droits de douane", "droits de douane")),
        ("fr", "Sa date de naissance figure au dossier.", ("personal_data", "date de naissance", "date de naissance")),
        ("fr", "La société Dupuis Industries SAS a répondu.", ("third_parties", "Dupuis Industries SAS", "Dupuis Industries SAS")),
        ("es", "Se habló de ciberataques contra la red eléctrica.", ("security", "ciberataque*", "ciberataques")),
        ("es", "Los aranceles al acero subirán en enero.", ("market_moving", "arancel*", "aranceles")),
        ("es", "Su historial de salud no es público.", ("personal_data", "salud", "salud")),
        ("es", "Grupo Bimbo presentó una oferta.", ("third_parties", "Grupo Bimbo", "Grupo Bimbo")),
        ("ru", "Обсуждались поставки оружия.", ("security", "оружи*", "оружия")),
        ("ru", "Введение пошлин на сталь отложено.", ("market_moving", "пошлин*", "пошлин")),
        ("ru", "Номер паспорта был указан в письме.", ("personal_data", "номер паспорта", "Номер паспорта")),
        ("ru", "ООО «Ромашка» подало жалобу.", ("third_parties", "ООО «Ромашка»", "ООО «Ромашка»")),
        ("ar", "ناقش الوفد صفقة أسلحة جديدة.", ("security", "أسلحة", "أسلحة")),
        ("ar", "فرض رسوم جمركية على الصلب.", ("market_moving", "رسوم جمركية", "رسوم جمركية")),
        ("ar", "رقم جواز السفر مذكور في الرسالة.", ("personal_data", "رقم جواز السفر", "رقم جواز السفر")),
        ("ar", "قدمت شركة أرامكو عرضا جديدا.", ("third_parties", "شركة أرامكو", "شركة أرامكو")),
        ("zh", "双方讨论了军事合作。", ("security", "军事", "军事")),
        ("zh", "将对钢铁加征关税。", ("market_moving", "关税", "关税")),
        ("zh", "他的身份证号码已泄露。", ("personal_data", "身份证号", "身份证号")),
        ("zh", "我们与阿里巴巴集团会谈。", ("third_parties", "阿里巴巴集团", "阿里巴巴集团")),
    ],
)
def test_each_category_is_found_in_each_language(lang: str, text: str, expected: tuple[str, str, str]) -> None:
    assessment = assess(text, lang)
    assert found(assessment, text) == {expected}
    assert assessment.lang == lang
    assert assessment.score == assessment.reasons[0].weight


def test_chinese_without_spaces() -> None:
    text = "会议讨论了出口管制和稀土配额以及网络攻击问题，华为公司的代表未出席。"
    assert found(assess(text, "zh"), text) == {
        ("market_moving", "出口管制", "出口管制"),
        ("market_moving", "稀土", "稀土"),
        ("market_moving", "配额", "配额"),
        ("security", "网络攻击", "网络攻击"),
        ("third_parties", "华为公司", "华为公司"),
    }


def test_han_terms_match_inside_words_and_latin_ones_do_not() -> None:
    assert found(assess("军事化的趋势", "zh"), "军事化的趋势") == {("security", "军事", "军事")}
    assert assess("Coupons, spyware, Tspies and the armistice.", "en").reasons == ()
    assert found(assess("A coup, a spy.", "en"), "A coup, a spy.") == {("security", "coup", "coup"), ("security", "spy", "spy")}


@pytest.mark.parametrize(
    "text",
    ["ناقش الوفد الأسلحة النووية", "ناقش الوفد الأَسْلِحَةُ النَّوَوِيَّةُ", "ناقش الوفد الأسلـــحة النووية", "ناقش الوفد وبالأسلحة النووية"],
)
def test_arabic_with_or_without_diacritics_tatweel_and_proclitics(text: str) -> None:
    assessment = assess(text, "ar")
    [reason] = assessment.reasons
    assert (reason.category, reason.term_or_kind, reason.weight) == ("security", "أسلحة نووية", 40)
    start, end = reason.example_offsets[0]
    assert end == len(text)  # to the end of النووية, its marks included
    assert text[start - 2 : start] in {"ال", "بال"}
    assert assessment.suggested_tier == "sealed"


def test_an_arabic_word_inside_another_word_is_not_a_match() -> None:
    assert assess("قال إن المنصة جاهزة", "ar").reasons == ()  # "منص" is no term; "نصة" inside a word neither


def test_mixed_scripts_search_the_other_scripts_lexicons() -> None:
    text = "The delegates discussed 关税, санкции and weapons, but not the droits de douane."
    assert found(assess(text, "en"), text) == {
        ("market_moving", "关税", "关税"),
        ("market_moving", "санкци*", "санкции"),
        ("security", "weapon*", "weapons"),
    }


def test_the_language_is_guessed_when_not_given() -> None:
    assert assess("将对钢铁加征关税。").lang == "zh"
    assert assess("Обсуждались поставки оружия.").lang == "ru"


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(InvalidInputError) as caught:
        assess("text", "de")
    assert caught.value.field == "lang"


def test_an_empty_text_scores_zero() -> None:
    assert assess("", "en") == Assessment(0, "non_sensitive", (), "en")
    assert assess("", None).score == 0
    assert assess("The weather and lunch were discussed.", "en").suggested_tier == "non_sensitive"


def test_case_width_and_invisible_characters_do_not_hide_a_term() -> None:
    for text in ("WEAPONS were sold", "Ｗｅａｐｏｎｓ were sold", "wea\u200bpons were sold"):
        [reason] = assess(text, "en").reasons
        start, end = reason.example_offsets[0]
        assert normalize_pattern(text[start:end]).replace("\u200b", "") == "weapons"
        assert start == 0
        assert text[end] == " "


def test_repeats_count_up_to_a_limit() -> None:
    [reason] = assess("Tariffs. " * 10, "en").reasons
    assert (reason.count, reason.points, len(reason.example_offsets)) == (10, 15 * REPEATS, 3)


def test_roster_mentions_raise_the_score() -> None:
    text = "Minister Wang said the Chinese minister would reply; write to wang.wei@mofcom.example."
    without = assess(text, "en")
    with_roster = assess(text, "en", ROSTER)
    assert with_roster.score > without.score
    kinds = {r.term_or_kind: r.count for r in with_roster.reasons if r.category == "personal_data"}
    assert kinds == {"person": 1, "country_role": 1, "email": 1}


def test_a_term_inside_a_participants_mention_is_part_of_a_name() -> None:
    text = "The Ministry of Defence sent its regrets."
    assert found(assess(text, "en"), text) == {("security", "ministry of defence", "Ministry of Defence")}
    assert found(assess(text, "en", ROSTER), text) == {("personal_data", "organisation", "Ministry of Defence")}


def test_a_participant_with_a_title_is_no_third_party() -> None:
    text = "Mr Wang agreed with Mr Smith; 王先生和李先生都同意。"
    without = {r.term_or_kind for r in assess(text, "en").reasons if r.category == "third_parties"}
    with_roster = {r.term_or_kind for r in assess(text, "en", ROSTER).reasons if r.category == "third_parties"}
    assert without == {"Mr Wang", "Mr Smith", "王先生", "李先生"}
    assert with_roster == {"Mr Smith", "李先生"}


@pytest.mark.parametrize(
    ("lang", "text", "names"),
    [
        ("en", "Madam Chair, Mr President, thank you.", set()),
        ("en", "Acme Mining Holdings Ltd and Acme Mining Holdings Ltd's board.", {"Acme Mining Holdings Ltd"}),
        ("en", "We met Mr Smith's adviser. Then Dr. Jane Doe spoke.", {"Mr Smith", "Dr. Jane Doe"}),
        ("en", "Acme Ltd Mr Smith Globex Inc. Bank of Mars Inc.", {"Acme Ltd", "Mr Smith Globex Inc.", "Bank of Mars Inc."}),
        ("en", "The company ltd is lowercase; he Said nothing.", set()),
        ("fr", "Il a exposé sa position. Madame la Présidente a conclu.", set()),
        ("ru", "Выступил господин Петров. Затем выступила госпожа Иванова.", {"господин Петров", "госпожа Иванова"}),
        ("zh", "子公司和该公司都没有回应，这家公司也没有。", set()),
        ("zh", "越南教授和李教授都发言了，开发银行和招商银行也来了。", {"李教授", "招商银行"}),
        ("ar", "واقترح الأستاذ الأسترالي تشكيل فريق عمل.", set()),
        ("ar", "أعلنت شركة أرامكو السعودية عن خطة.", {"شركة أرامكو السعودية"}),
    ],
)
def test_third_parties_are_named_beside_a_legal_form_or_title(lang: str, text: str, names: set[str]) -> None:
    assert {r.term_or_kind for r in assess(text, lang).reasons if r.category == "third_parties"} == names


@pytest.mark.parametrize(
    ("points", "reasons", "tier"),
    [
        (0, [], "non_sensitive"),
        (19, [], "non_sensitive"),
        (20, [], "full"),
        (59, [], "full"),
        (60, [], "sealed"),
        (100, [], "sealed"),
        (40, [Reason("security", "classified", 1, 40, ((0, 10),))], "sealed"),
        (39, [Reason("security", "weapon*", 1, 39, ((0, 7),))], "full"),
        (40, [Reason("market_moving", "merger*", 1, 40, ((0, 6),))], "full"),
    ],
)
def test_the_tier_rule(points: int, reasons: list[Reason], tier: str) -> None:
    assert suggest_tier(points, reasons) == tier


def test_the_tier_never_comes_earlier_as_the_score_grows_and_is_never_outline() -> None:
    tiers = [suggest_tier(points) for points in range(101)]
    assert "outline" not in tiers
    assert [TIERS.index(t) for t in tiers] == sorted(TIERS.index(t) for t in tiers)


def test_to_json() -> None:
    text = "Weapons and a tariff."
    data = json.loads(json.dumps(assess(text, "en").to_json()))
    assert data == {
        "score": 35,
        "suggested_tier": "full",
        "lang": "en",
        "reasons": [
            {"category": "security", "term_or_kind": "weapon*", "count": 1, "weight": 20, "points": 20, "example_offsets": [[0, 7]]},
            {"category": "market_moving", "term_or_kind": "tariff*", "count": 1, "weight": 15, "points": 15, "example_offsets": [[14, 20]]},
        ],
    }


# Properties over texts built from sensitive terms of every language, their look-alikes, names,
# legal forms and filler, so that matches sit next to each other and to words that nearly match.
PIECES = [
    "weapons", "tariff", "export ban", "coupon", "coup", "health", "Acme Ltd", "Mr Smith", "Minister Wang", "wang.wei@mofcom.example",
    "+41 22 917 1234", "armistice", "classified", "artificial intelligence", "intelligence", "les droits de douane", "SA", "sa",
    "оружие", "санкции", "ООО «Ромашка»", "الأسلحة", "وبالأسلحة النووية", "شركة أرامكو", "军事", "关税", "华为公司", "子公司",
    "王先生", "the", "and", "of", "weather", "lunch", "。", ",", ".", "de", "Chair", "Madam", "Ministry of Defence", "Lee", "Ann Lee",
]  # fmt: skip
texts = st.lists(st.sampled_from(PIECES), max_size=25).map(" ".join)
additions = st.sampled_from(
    [
        "weapons",
        "nuclear weapons",
        "export ban",
        "passport number",
        "Globex Inc.",
        "Mr Jones",
        "关税",
        "出口禁令",
        "санкции",
        "الأسلحة",
        "ana@example.org",
    ]
)
langs = st.sampled_from(["en", "fr", "es", "ru", "ar", "zh", None])


@settings(max_examples=150, deadline=None)
@given(texts, langs, st.booleans())
def test_every_point_of_the_score_is_explained(text: str, lang: str | None, with_roster: bool) -> None:
    assessment = assess(text, lang, ROSTER if with_roster else None)
    assert assessment.score == min(100, sum(r.points for r in assessment.reasons))
    assert assessment.suggested_tier == suggest_tier(assessment.score, assessment.reasons)
    for reason in assessment.reasons:
        assert reason.points == reason.weight * min(reason.count, REPEATS) > 0
        assert 1 <= len(reason.example_offsets) <= min(reason.count, 3)
        for start, end in reason.example_offsets:
            assert 0 <= start < end <= len(text)
            assert text[start:end].strip() == text[start:end]


@settings(max_examples=150, deadline=None)
@given(st.tuples(texts, additions, st.sampled_from(["\n", " ", ". ", "。"])), langs, st.booleans(), st.booleans())
def test_adding_a_sensitive_term_never_lowers_the_score(
    parts: tuple[str, str, str], lang: str | None, before: bool, with_roster: bool
) -> None:
    text, term, gap = parts
    roster = ROSTER if with_roster else None
    lang = lang or assess(text).lang
    base = assess(text, lang, roster)
    more = assess(f"{term}{gap}{text}" if before else f"{text}{gap}{term}", lang, roster)
    assert more.score >= base.score
    assert TIERS.index(more.suggested_tier) >= TIERS.index(base.suggested_tier)
