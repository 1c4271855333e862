"""Sensitive-term lexicons (issue 15 §6): the built-in ones, and configurations that extend or
replace them, refused with the field at fault when they cannot be used."""

from __future__ import annotations

import json
from typing import Any

import pytest

from incamera.kernel.errors import InvalidInputError
from incamera.redact.roster import LANGS
from incamera.sensitivity import CATEGORIES, Lexicons, score
from incamera.sensitivity.lexicons import MAX_TERMS


def terms(lexicons: Lexicons, lang: str, category: str) -> list[str]:
    return [term.text for term in lexicons.lexicon(lang, category).terms]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("category", CATEGORIES)
def test_every_language_has_dozens_of_terms_in_every_category(lang: str, category: str) -> None:
    assert len(Lexicons.default().lexicon(lang, category).terms) >= 24


def test_the_third_parties_lexicons_hold_the_engines_courtesy_titles() -> None:
    lexicons = Lexicons.default()
    assert "Mr {name}" in terms(lexicons, "en", "third_parties")
    assert "{name}先生" in terms(lexicons, "zh", "third_parties")
    assert "السيد {name}" in terms(lexicons, "ar", "third_parties")


def test_extend_adds_terms_and_keeps_the_defaults() -> None:
    lexicons = Lexicons.from_json({"mode": "extend", "terms": {"en": {"security": ["drone strike", {"term": "weapon*", "weight": 50}]}}})
    found = {
        (r.term_or_kind, r.weight)
        for r in score("A drone strike and new weapons, and a tariff.", lang="en", roster=None, lexicons=lexicons).reasons
    }
    assert found == {("drone strike", 20), ("weapon*", 50), ("tariff*", 15)}


def test_extend_is_the_default_mode() -> None:
    lexicons = Lexicons.from_json('{"terms": {"fr": {"market_moving": ["prix du cuivre"]}}}')
    assert "prix du cuivre" in terms(lexicons, "fr", "market_moving")
    assert "droits de douane" in terms(lexicons, "fr", "market_moving")


def test_replace_replaces_only_the_lexicons_it_names() -> None:
    lexicons = Lexicons.from_json({"mode": "replace", "terms": {"en": {"security": ["drone strike"], "third_parties": []}}})
    assessment = score("A drone strike, new weapons, a tariff, and Mr Smith of Globex Inc.", lang="en", roster=None, lexicons=lexicons)
    assert {(r.category, r.term_or_kind) for r in assessment.reasons} == {("security", "drone strike"), ("market_moving", "tariff*")}
    assert terms(lexicons, "zh", "security") == terms(Lexicons.default(), "zh", "security")


def test_replace_over_an_empty_base_gives_only_the_configured_terms() -> None:
    lexicons = Lexicons.from_json({"mode": "replace", "terms": {"es": {"security": ["misil*"]}}}, base=Lexicons({}))
    assert [lexicon.terms for lexicon in lexicons if lexicon.terms] == [lexicons.lexicon("es", "security").terms]
    assert score("Hablaron de misiles y aranceles.", lang="es", roster=None, lexicons=lexicons).score == 20


def test_a_term_given_twice_keeps_the_later_weight_once() -> None:
    lexicons = Lexicons.from_json({"terms": {"en": {"security": [{"term": "Weapon*", "weight": 30}]}}})
    weights = [t.weight for t in lexicons.lexicon("en", "security").terms if t.text.lower() == "weapon*"]
    assert weights == [30]


def test_to_json_rebuilds_the_same_lexicons() -> None:
    default = Lexicons.default()
    again = Lexicons.from_json(json.dumps(default.to_json()), base=Lexicons({}))
    assert [lexicon.terms for lexicon in again] == [lexicon.terms for lexicon in default]


def test_a_weight_of_zero_hides_the_terms_inside_a_phrase() -> None:
    lexicons = Lexicons.default()
    assert score("Artificial intelligence and machine learning.", lang="en", roster=None, lexicons=lexicons).reasons == ()
    assert score("Intelligence sharing was raised.", lang="en", roster=None, lexicons=lexicons).score == 20
    assert score("Public opinion on nuclear power shifted.", lang="en", roster=None, lexicons=lexicons).reasons == ()
    assert score("الرأي العام بشأن الطاقة النووية", lang="ar", roster=None, lexicons=lexicons).reasons == ()
    assert [r.term_or_kind for r in score("Nuclear weapons.", lang="en", roster=None, lexicons=lexicons).reasons] == ["nuclear weapon*"]


TOO_MANY = [f"term {i}" for i in range(MAX_TERMS + 1)]


@pytest.mark.parametrize(
    ("config", "field", "message"),
    [
        ("{not json", "lexicons", "not JSON"),
        ([], "lexicons", "JSON object"),
        ({"mode": "merge"}, "mode", "'extend' or 'replace'"),
        ({"modes": "extend"}, "modes", "unknown field"),
        ({"terms": []}, "terms", "object of language"),
        ({"terms": {"de": {"security": ["Waffe"]}}}, "terms.de", "unknown language 'de'"),
        ({"terms": {"en": ["weapon"]}}, "terms.en", "object of category"),
        ({"terms": {"en": {"finance": ["bond"]}}}, "terms.en.finance", "unknown category 'finance'"),
        ({"terms": {"en": {"security": "weapon"}}}, "terms.en.security", "list of terms"),
        ({"terms": {"en": {"security": ["weapon", ""]}}}, "terms.en.security[1]", "empty term"),
        ({"terms": {"zh": {"security": ["   "]}}}, "terms.zh.security[0]", "empty term"),
        ({"terms": {"en": {"security": [{"weight": 20}]}}}, "terms.en.security[0]", "must be a string"),
        ({"terms": {"en": {"security": [42]}}}, "terms.en.security[0]", "must be a string"),
        ({"terms": {"en": {"security": [{"term": "x", "colour": 1}]}}}, "terms.en.security[0]", "unknown field 'colour'"),
        ({"terms": {"en": {"security": [{"term": "tank", "weight": 101}]}}}, "terms.en.security[0]", "from 0 to 100"),
        ({"terms": {"en": {"security": [{"term": "tank", "weight": "high"}]}}}, "terms.en.security[0]", "from 0 to 100"),
        ({"terms": {"en": {"security": [{"term": "tank", "weight": True}]}}}, "terms.en.security[0]", "from 0 to 100"),
        ({"terms": {"en": {"security": ["x" * 101]}}}, "terms.en.security[0]", "at most 100"),
        ({"terms": {"en": {"security": ["{name} Arms"]}}}, "terms.en.security[0]", "only in third_parties"),
        ({"terms": {"en": {"third_parties": ["Ltd {name} Co"]}}}, "terms.en.third_parties[0]", "open or close"),
        ({"terms": {"en": {"third_parties": ["{name}"]}}}, "terms.en.third_parties[0]", "nothing to search"),
        ({"terms": {"en": {"security": ["we*apon"]}}}, "terms.en.security[0]", "end a word"),
        ({"terms": {"en": {"security": ["arms *"]}}}, "terms.en.security[0]", "end a word"),
        ({"terms": {"en": {"security": ["ab*"]}}}, "terms.en.security[0]", "at least 3"),
        ({"terms": {"zh": {"security": ["武器*"]}}}, "terms.zh.security[0]", "Han needs no stem"),
        ({"terms": {"en": {"security": TOO_MANY}}}, "terms.en.security", f"at most {MAX_TERMS}"),
        ({"terms": {"en": {"security": TOO_MANY[: MAX_TERMS - 10]}}}, "terms.en.security", f"at most {MAX_TERMS}"),  # with the defaults
    ],
)
def test_a_bad_configuration_names_its_field(config: Any, field: str, message: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        Lexicons.from_json(config)
    assert caught.value.field == field
    assert message in caught.value.message


def test_a_full_lexicon_may_replace_the_defaults() -> None:
    lexicons = Lexicons.from_json({"mode": "replace", "terms": {"en": {"security": TOO_MANY[:MAX_TERMS]}}})
    assert len(lexicons.lexicon("en", "security").terms) == MAX_TERMS


def test_an_unknown_lexicon_is_refused() -> None:
    with pytest.raises(InvalidInputError) as caught:
        Lexicons.default().lexicon("de", "security")
    assert caught.value.field == "lang"
