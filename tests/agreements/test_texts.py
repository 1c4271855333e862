"""NDA texts in six languages (issue 5 §1) and the digest a signer confirms (§2)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from importlib import resources

import pytest

from incamera.agreements.texts import (
    FIELDS,
    LANGUAGES,
    PROFILES,
    RTL,
    canonical_text,
    duration_in_years,
    nda_digest,
    nda_text,
    signature_labels,
)
from incamera.kernel.errors import InvalidInputError

SAMPLE = {
    "ar": ("حوار الأمن المائي الإقليمي", "12–13 آذار/مارس 2026", "جنيف", "أمانة الحوار", "أمينة حداد", "المملكة المغربية"),
    "zh": ("区域水安全对话", "2026年3月12日至13日", "日内瓦", "对话秘书处", "王磊", "中华人民共和国"),
    "en": (
        "Regional Water Security Dialogue",
        "12–13 March 2026",
        "Geneva",
        "Secretariat of the Dialogue",
        "Amina Haddad",
        "Kingdom of Morocco",
    ),
    "fr": (
        "Dialogue régional sur la sécurité de l'eau",
        "12–13 mars 2026",
        "Genève",
        "Secrétariat du Dialogue",
        "Amina Haddad",
        "Royaume du Maroc",
    ),
    "ru": (
        "Региональный диалог по водной безопасности",
        "12–13 марта 2026 г.",
        "Женева",
        "Секретариат Диалога",
        "Иван Петров",
        "Российская Федерация",
    ),
    "es": (
        "Diálogo regional sobre seguridad hídrica",
        "12–13 de marzo de 2026",
        "Ginebra",
        "Secretaría del Diálogo",
        "José Martí",
        "República de Chile",
    ),
}

# The words by which each language's clause names its profile's rule.
RULE_NAMES = {
    "chatham_house": {
        "ar": "قاعدة تشاتام هاوس",
        "zh": "查塔姆研究所规则",
        "en": "Chatham House Rule",
        "fr": "règle de Chatham House",
        "ru": "правилу Чатем-Хауса",
        "es": "regla de Chatham House",
    },
    "three_nos": {
        "ar": "«اللاءات الثلاث»",
        "zh": "“三不”",
        "en": '"three nos"',
        "fr": "« trois non »",
        "ru": "«трёх нет»",
        "es": "«tres noes»",
    },
    "closed_record": {
        "ar": "بسجل مغلق",
        "zh": "封存记录",
        "en": "closed record",
        "fr": "compte rendu scellé",
        "ru": "закрытой записью",
        "es": "registro reservado",
    },
}

# What every text must cover, in each language's own words: a commitment of honour for State
# representatives, privileges and immunities, no recording, destruction of materials, personal
# data, per-recipient marks that trace a leak, breach.
COVERAGE = {
    "ar": ("التزام شرف", "حصانات", "حظر التسجيل", "أتلفها", "البيانات الشخصية", "مصدر أي تسريب", "الإخلال"),
    "zh": ("荣誉承诺", "豁免", "禁止录制", "销毁", "个人数据", "泄露来源", "违约"),
    "en": ("commitment of honour", "immunity", "No recording", "destroy", "Personal data", "source of a leak", "Breach"),
    "fr": (
        "engagement d'honneur",
        "immunité",
        "Aucun enregistrement",
        "détruis",
        "Données personnelles",
        "source d'une fuite",
        "Manquement",
    ),
    "ru": ("обязательством чести", "иммунитетов", "Запрет записи", "уничтожаю", "Персональные данные", "источник утечки", "Нарушение"),
    "es": (
        "compromiso de honor",
        "inmunidad",
        "Ninguna grabación",
        "destruiré",
        "Datos personales",
        "origen de una filtración",
        "Incumplimiento",
    ),
}

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
CJK = re.compile(r"[\u4e00-\u9fff]")


def fields_for(language: str) -> dict[str, str]:
    title, dates, venue, organizer, name, delegation = SAMPLE[language]
    return {
        "meeting_title": title,
        "meeting_dates": dates,
        "venue": venue,
        "organizer": organizer,
        "duration": duration_in_years(5, language=language),
        "signatory_name": name,
        "delegation": delegation,
    }


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_and_profile_renders_with_the_fields_filled(language: str, profile: str) -> None:
    fields = fields_for(language)
    text = nda_text(language, profile, fields)
    assert not PLACEHOLDER.findall(text)
    for value in fields.values():
        assert value in text
    assert RULE_NAMES[profile][language] in text
    for other in set(PROFILES) - {profile}:
        assert RULE_NAMES[other][language] not in text
    for term in COVERAGE[language]:
        assert term in text, term
    assert "passkey" in text
    assert text.startswith("# ")
    assert text == canonical_text(text)


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_is_between_400_and_800_words(language: str, profile: str) -> None:
    text = nda_text(language, profile, fields_for(language))
    if language == "zh":
        # Chinese has no spaces between words: about two characters make an English word's worth.
        assert 800 <= len(CJK.findall(text)) <= 1600
    else:
        assert 400 <= len(text.split()) <= 800


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_three_nos_are_each_stated(language: str) -> None:
    text = nda_text(language, "three_nos", fields_for(language))
    items = [line for line in text.splitlines() if line.startswith("- ")]
    assert len(items) == 6 + 3  # the meeting's fields, then no minutes, no statement, no press


def test_arabic_is_the_right_to_left_language() -> None:
    assert {"ar"} == RTL
    assert LANGUAGES == ("ar", "zh", "en", "fr", "ru", "es")
    text = nda_text("ar", "chatham_house", fields_for("ar"))
    assert sum(unicodedata.bidirectional(c) == "AL" for c in text) > 1000


def test_the_texts_are_package_data_with_the_same_files_in_every_language() -> None:
    root = resources.files("incamera.agreements").joinpath("texts")
    assert sorted(entry.name for entry in root.iterdir() if entry.is_dir()) == sorted(LANGUAGES)
    for language in LANGUAGES:
        names = sorted(entry.name for entry in root.joinpath(language).iterdir())
        assert names == sorted(["nda.md", "signature.json", *(f"{profile}.md" for profile in PROFILES)])
        assert set(signature_labels(language)) == {
            "signed",
            "signatory",
            "signed_at",
            "digest",
            "assertion",
            "note",
            "account",
            "delegation",
            "name_differs",
        }


@pytest.mark.parametrize("language", LANGUAGES)
def test_template_files_use_known_placeholders_and_no_invisible_characters(language: str) -> None:
    folder = resources.files("incamera.agreements").joinpath("texts", language)
    template = folder.joinpath("nda.md").read_text(encoding="utf-8")
    assert PLACEHOLDER.findall(template).count("{profile_rule}") == 1
    assert set(PLACEHOLDER.findall(template)) == {"{profile_rule}", *(f"{{{name}}}" for name in FIELDS)}
    for profile in PROFILES:
        clause = folder.joinpath(f"{profile}.md").read_text(encoding="utf-8")
        assert set(PLACEHOLDER.findall(clause)) <= {f"{{{name}}}" for name in FIELDS}
    for name in ["nda", *PROFILES]:
        raw = folder.joinpath(f"{name}.md").read_text(encoding="utf-8")
        assert raw == unicodedata.normalize("NFC", raw)
        hidden = [c for c in raw if c != "\n" and unicodedata.category(c) in {"Cc", "Cf"}]
        assert not hidden, [f"U+{ord(c):04X}" for c in hidden]


def test_values_are_inserted_once_and_verbatim() -> None:
    fields = fields_for("en") | {"meeting_title": "Talks on {venue} & <b>rules</b>"}
    text = nda_text("en", "chatham_house", fields)
    assert "- Meeting: Talks on {venue} & <b>rules</b>" in text


def test_values_are_trimmed_and_nfc_normalised() -> None:
    fields = fields_for("es") | {"signatory_name": "  Jose\u0301 Marti\u0301 "}
    assert "- Firmante: José Martí\n" in nda_text("es", "three_nos", fields)


def test_unknown_language_is_refused() -> None:
    with pytest.raises(InvalidInputError) as caught:
        nda_text("de", "chatham_house", fields_for("en"))
    assert caught.value.field == "language"
    assert caught.value.message == "language must be one of ar, zh, en, fr, ru, es; found 'de'"


def test_unknown_profile_is_refused() -> None:
    with pytest.raises(InvalidInputError) as caught:
        nda_text("en", "open_door", fields_for("en"))
    assert caught.value.field == "profile"
    assert caught.value.message == "profile must be one of chatham_house, three_nos, closed_record; found 'open_door'"


def test_missing_fields_are_named() -> None:
    fields = fields_for("fr")
    del fields["venue"], fields["duration"]
    with pytest.raises(InvalidInputError) as caught:
        nda_text("fr", "closed_record", fields)
    assert caught.value.field == "fields"
    assert caught.value.message == "missing field(s) venue, duration"


def test_unknown_fields_are_refused() -> None:
    fields = fields_for("en") | {"meeting_tile": "typo"}
    with pytest.raises(InvalidInputError, match=r"unknown field\(s\) meeting_tile; the fields are meeting_title, "):
        nda_text("en", "chatham_house", fields)


def test_the_profile_rule_cannot_be_given_as_a_field() -> None:
    fields = fields_for("en") | {"profile_rule": "Anything goes."}
    with pytest.raises(InvalidInputError) as caught:
        nda_text("en", "chatham_house", fields)
    assert caught.value.field == "profile_rule"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("   ", "must not be blank"),
        ("Geneva\n# Anything goes", "must be one line of visible text; found U+000A (unnamed) at position 7"),
        ("Gen\u202eavene", "must be one line of visible text; found U+202E (RIGHT-TO-LEFT OVERRIDE) at position 4"),
        ("x" * 301, "must be at most 300 characters; found 301"),
    ],
)
def test_bad_values_are_refused_with_the_field_named(value: str, message: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        nda_text("en", "three_nos", fields_for("en") | {"venue": value})
    assert caught.value.field == "venue"
    assert caught.value.message == message


def test_a_value_that_is_not_text_is_refused() -> None:
    fields: dict[str, object] = dict(fields_for("en"))
    fields["duration"] = 5
    with pytest.raises(InvalidInputError, match="must be text; found int"):
        nda_text("en", "three_nos", fields)  # type: ignore[arg-type]


# --- digest ----------------------------------------------------------------------------------


def test_digest_known_answer() -> None:
    # The documented canonical encoding, written out by hand.
    expected = hashlib.sha256(b"incamera-nda-digest-v1\nlanguage: en\nversion: 1\n\nHello, world.\n").hexdigest()
    assert nda_digest("Hello, world.", language="en", version=1) == expected
    assert expected == "bd6e0dc68fda9889c6ec237b090abd34cfe2e988238bfaf46ce5b79f21eb06fe"


def test_digest_is_stable_across_calls_and_renderings() -> None:
    text = nda_text("zh", "three_nos", fields_for("zh"))
    first = nda_digest(text, language="zh", version=3)
    assert re.fullmatch(r"[0-9a-f]{64}", first)
    assert nda_digest(nda_text("zh", "three_nos", fields_for("zh")), language="zh", version=3) == first


def test_digest_ignores_line_endings_normalisation_and_trailing_spaces() -> None:
    text = nda_text("fr", "chatham_house", fields_for("fr"))
    digest = nda_digest(text, language="fr", version=1)
    assert nda_digest(text.replace("\n", "\r\n"), language="fr", version=1) == digest
    assert nda_digest(unicodedata.normalize("NFD", text), language="fr", version=1) == digest
    assert nda_digest(text.replace("\n", "  \n") + "\n\n", language="fr", version=1) == digest


def test_digest_changes_with_one_character() -> None:
    text = nda_text("en", "chatham_house", fields_for("en"))
    digest = nda_digest(text, language="en", version=1)
    assert "5 years" in text
    assert nda_digest(text.replace("5 years", "6 years"), language="en", version=1) != digest
    assert nda_digest(text.replace("Meeting", "Meetinq", 1), language="en", version=1) != digest


def test_digest_changes_with_the_language_and_the_version() -> None:
    text = nda_text("en", "closed_record", fields_for("en"))
    digest = nda_digest(text, language="en", version=1)
    assert nda_digest(text, language="fr", version=1) != digest
    assert nda_digest(text, language="en", version=2) != digest


@pytest.mark.parametrize("version", [0, -1, True, "1", 1.0])
def test_digest_refuses_a_version_that_is_not_a_positive_whole_number(version: object) -> None:
    with pytest.raises(InvalidInputError) as caught:
        nda_digest("Text.", language="en", version=version)  # type: ignore[arg-type]
    assert caught.value.field == "version"


def test_digest_refuses_an_unknown_language_and_a_blank_text() -> None:
    with pytest.raises(InvalidInputError, match="language must be one of"):
        nda_digest("Text.", language="EN", version=1)
    with pytest.raises(InvalidInputError, match="must not be blank"):
        nda_digest(" \n\r\n", language="en", version=1)


# --- duration --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "years", "expected"),
    [
        ("en", 1, "1 year"),
        ("en", 5, "5 years"),
        ("fr", 1, "1 an"),
        ("fr", 10, "10 ans"),
        ("es", 3, "3 años"),
        ("zh", 5, "5年"),
        ("ru", 1, "1 год"),
        ("ru", 3, "3 года"),
        ("ru", 5, "5 лет"),
        ("ru", 11, "11 лет"),
        ("ru", 12, "12 лет"),
        ("ru", 21, "21 год"),
        ("ru", 22, "22 года"),
        ("ar", 1, "سنة واحدة"),
        ("ar", 2, "سنتين"),
        ("ar", 5, "5 سنوات"),
        ("ar", 10, "10 سنوات"),
        ("ar", 15, "15 سنة"),
    ],
)
def test_duration_in_years_agrees_with_the_number(language: str, years: int, expected: str) -> None:
    assert duration_in_years(years, language=language) == expected


@pytest.mark.parametrize("years", [0, 100, True, "5"])
def test_duration_in_years_refuses_out_of_range(years: object) -> None:
    with pytest.raises(InvalidInputError) as caught:
        duration_in_years(years, language="en")  # type: ignore[arg-type]
    assert caught.value.field == "duration"
