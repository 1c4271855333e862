"""Archive search on a real database (SQLite, and PostgreSQL in the second pass): the six UN
languages, Chinese words of one, two and three characters, replace and remove, ranking, bad
queries and key prefixes."""

from __future__ import annotations

import random

import pytest
from django.db import IntegrityError

from incamera.kernel.errors import ConflictError, InvalidInputError
from incamera.search.actions import MAX_QUERY_CHARS, Entry, index, index_many, remove, search
from incamera.search.models import Document, Posting

pytestmark = pytest.mark.django_db

ARCHIVE = {
    "item:en": ("en", "Delegates agreed that lithium supply chains need independent audits before 2030."),
    "item:fr": ("fr", "Les délégués ont souligné l'importance d'une économie circulaire des métaux critiques."),
    "item:es": ("es", "La delegación propuso un año de transición para la minería de cobre en los Andes."),
    "item:ru": ("ru", "Делегаты обсудили поставки никеля и кобальта, а также ёмкость аккумуляторов."),
    "item:ar": ("ar", "ناقش الْمُنْدُوبُونَ سلاسل إمداد الليثيوم في الاقتصاد الْعَالَمِيّ."),
    "item:zh": ("zh", "中国代表团强调锂和钴矿的供应链安全，并呼吁加强国际合作。"),
    "item:mixed": ("en", "The Li-ion 电池 market: lithium (锂) prices fell."),
}


def _keys(query: str, *, limit: int = 20, keys_prefix: str | None = None) -> list[str]:
    return [hit.key for hit in search(query, limit=limit, keys_prefix=keys_prefix)]


@pytest.fixture
def archive() -> None:
    for key, (lang, text) in ARCHIVE.items():
        index(key, text, lang=lang)


@pytest.mark.usefixtures("archive")
class TestLanguages:
    def test_english_words_in_any_case(self) -> None:
        assert sorted(_keys("Lithium")) == ["item:en", "item:mixed"]
        assert _keys("independent AUDITS") == ["item:en"]
        assert _keys("2030") == ["item:en"]

    def test_french_with_accents(self) -> None:
        assert _keys("économie") == ["item:fr"]
        assert _keys("DÉLÉGUÉS") == ["item:fr"]
        assert _keys("l'importance métaux") == ["item:fr"]
        assert _keys("e\u0301conomie") == ["item:fr"]  # typed with a combining accent

    def test_spanish(self) -> None:
        assert _keys("año transición") == ["item:es"]
        assert _keys("Minería") == ["item:es"]

    def test_russian(self) -> None:
        assert _keys("кобальта") == ["item:ru"]
        assert _keys("НИКЕЛЯ поставки") == ["item:ru"]
        assert _keys("емкость") == ["item:ru"]  # ё typed as е

    def test_arabic_with_and_without_diacritics(self) -> None:
        assert _keys("المندوبون") == ["item:ar"]  # indexed with harakat, searched without
        assert _keys("الليثيوم") == ["item:ar"]
        assert _keys("اللِّيثْيُوم") == ["item:ar"]  # searched with harakat
        assert _keys("العالمي") == ["item:ar"]
        assert _keys("امداد") == ["item:ar"]  # alef with hamza below typed bare

    def test_chinese_one_character_word(self) -> None:
        assert set(_keys("锂")) == {"item:zh", "item:mixed"}
        assert _keys("钴") == ["item:zh"]

    def test_chinese_two_character_words(self) -> None:
        assert _keys("钴矿") == ["item:zh"]
        assert _keys("中国") == ["item:zh"]
        assert _keys("电池") == ["item:mixed"]
        assert _keys("美国") == []

    def test_chinese_three_character_query(self) -> None:
        assert _keys("代表团") == ["item:zh"]
        assert _keys("供应链") == ["item:zh"]
        assert _keys("代表处") == []

    def test_mixed_scripts_in_one_query(self) -> None:
        assert _keys("lithium 锂") == ["item:mixed"]
        assert _keys("Li-ion 电池") == ["item:mixed"]
        assert _keys("lithium 钴矿") == []

    def test_every_token_must_match(self) -> None:
        assert _keys("lithium audits") == ["item:en"]
        assert _keys("lithium nickel") == []

    def test_a_snippet_is_plain_text_around_the_first_match(self) -> None:
        (hit,) = search("audits")
        assert hit.snippet == ARCHIVE["item:en"][1]
        (hit,) = search("钴矿")
        assert "钴矿" in hit.snippet


def test_a_long_text_gives_a_short_snippet_cut_at_spaces() -> None:
    text = " ".join(f"word{i}" for i in range(200)) + " cobalt " + " ".join(f"tail{i}" for i in range(200))
    index("item:1", text)
    (hit,) = search("COBALT")
    assert "cobalt" in hit.snippet
    assert hit.snippet.startswith("…word")
    assert hit.snippet.endswith("…")
    assert len(hit.snippet) <= 170
    assert all(part.startswith(("word", "tail", "cobalt", "…")) for part in hit.snippet.split())


def test_a_match_only_in_the_title_snippets_the_start_of_the_text() -> None:
    index("item:1", "The meeting discussed supply.", title="Cobalt outlook")
    (hit,) = search("cobalt")
    assert (hit.key, hit.title, hit.snippet) == ("item:1", "Cobalt outlook", "The meeting discussed supply.")


def test_index_replaces_and_is_idempotent() -> None:
    index("item:1", "copper prices")
    index("item:1", "copper prices")
    assert Document.objects.count() == 1
    assert _keys("copper") == ["item:1"]
    index("item:1", "zinc prices")
    assert _keys("copper") == []
    assert _keys("zinc") == ["item:1"]
    assert set(Posting.objects.values_list("token", flat=True)) == {"zinc", "prices"}


def test_remove_takes_a_document_out_and_ignores_an_unknown_key() -> None:
    index("item:1", "copper prices")
    index("item:2", "copper mines")
    remove("item:1")
    remove("item:404")
    assert _keys("copper") == ["item:2"]
    assert not Posting.objects.filter(document__key="item:1").exists()


def test_index_many_keeps_the_last_of_a_repeated_key() -> None:
    assert index_many([Entry("a:1", "tin"), Entry("a:2", "tin lead"), Entry("a:1", "lead")], batch=2) == 3
    assert sorted(_keys("lead")) == ["a:1", "a:2"]
    assert _keys("tin") == ["a:2"]


def test_ranking_prefers_more_occurrences_shorter_texts_and_titles() -> None:
    filler = " ".join(["negotiations"] * 40)
    index("item:once-long", f"graphite {filler}")
    index("item:once-short", "graphite exports")
    index("item:thrice", "graphite graphite graphite exports")
    index("item:title", "exports of a mineral", title="Graphite")
    hits = search("graphite")
    assert [hit.key for hit in hits][-1] == "item:once-long"
    assert hits[0].key in {"item:thrice", "item:title"}
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)
    assert all(hit.score > 0 for hit in hits)


def test_ranking_weighs_a_rare_token_above_a_common_one() -> None:
    for i in range(10):
        index(f"common:{i}", "report on minerals")
    index("item:rare-twice", "report on minerals: antimony antimony")
    index("item:common-twice", "report report on minerals: antimony")
    assert _keys("report antimony") == ["item:rare-twice", "item:common-twice"]


def test_limit_and_keys_prefix() -> None:
    for i in range(5):
        index(f"item:{i}", "tungsten")
        index(f"readout:{i}", "tungsten")
    index("Item:9", "tungsten")  # prefixes are case-sensitive, on SQLite too
    assert len(search("tungsten", limit=3)) == 3
    assert sorted(_keys("tungsten", keys_prefix="item:")) == [f"item:{i}" for i in range(5)]
    assert sorted(_keys("tungsten", keys_prefix="readout:", limit=2)) == ["readout:0", "readout:1"]
    assert _keys("tungsten", keys_prefix="item_") == []  # no LIKE wildcard
    assert len(search("tungsten", keys_prefix="")) == 11


@pytest.mark.parametrize("query", ["", "   ", "?!", "… — «»", "\u0640\u0640", "\x00", "\ud800"])
def test_a_query_without_letter_or_digit_is_refused(query: str) -> None:
    with pytest.raises(InvalidInputError, match="at least one letter or digit") as raised:
        search(query)
    assert raised.value.field == "q"


def test_a_query_too_long_is_refused_with_the_limit_and_the_length() -> None:
    assert search("a" * MAX_QUERY_CHARS) == []
    with pytest.raises(InvalidInputError) as raised:
        search("a" * 250)
    assert raised.value.field == "q"
    assert "200" in raised.value.message
    assert "250" in raised.value.message


def test_a_chinese_query_of_the_longest_length_runs() -> None:
    index("item:1", "锂" * 300)
    assert _keys("锂" * MAX_QUERY_CHARS) == ["item:1"]


def test_a_bad_limit_or_key_is_refused() -> None:
    with pytest.raises(InvalidInputError) as raised:
        search("copper", limit=0)
    assert raised.value.field == "limit"
    with pytest.raises(InvalidInputError) as raised:
        index("", "copper")
    assert raised.value.field == "key"
    with pytest.raises(InvalidInputError) as raised:
        index("item:1", "copper", lang="x" * 17)
    assert raised.value.field == "language"
    assert Document.objects.count() == 0


def test_a_long_title_is_kept_whole() -> None:
    index("item:1", "copper", title="Cobalt " * 200, lang="zh-Hans-CN")
    (hit,) = search("cobalt")
    assert hit.title == "Cobalt " * 200


def test_nul_characters_and_lone_surrogates_are_dropped_not_refused_by_the_database() -> None:
    index("item:1", "cop\x00per \ud800 ore", title="a\x00b\udc80")
    (hit,) = search("copper ore")
    assert (hit.key, hit.snippet, hit.title) == ("item:1", "copper ? ore", "ab?")


@pytest.mark.parametrize("keys_prefix", [None, "item:"])
def test_long_queries_ranked_by_grouping_agree_with_the_join(monkeypatch: pytest.MonkeyPatch, keys_prefix: str | None) -> None:
    words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"]
    rng = random.Random(7)
    for i in range(30):
        picked = rng.sample(words, 8) * rng.randint(1, 3)
        index(f"{'item' if i % 2 else 'readout'}:{i}", " ".join(picked + ["filler"] * rng.randint(0, 30)), title=rng.choice(words))
    for query in ("alpha beta", "alpha beta gamma delta", "gamma delta epsilon zeta eta theta iota kappa"):
        joined = search(query, keys_prefix=keys_prefix)
        monkeypatch.setattr("incamera.search.actions.MAX_JOINED_TOKENS", 1)
        grouped = search(query, keys_prefix=keys_prefix)
        monkeypatch.undo()
        assert joined, query
        assert [hit.key for hit in grouped] == [hit.key for hit in joined]
        assert [hit.score for hit in grouped] == pytest.approx([hit.score for hit in joined])


def test_a_query_of_more_tokens_than_a_join_holds_matches_them_all() -> None:
    words = [f"w{i}" for i in range(12)]
    index("item:all", " ".join(words))
    index("item:most", " ".join(words[:-1]))
    assert _keys(" ".join(words)) == ["item:all"]
    assert _keys("中华人民共和国国务院") == []
    index("item:zh", "中华人民共和国国务院发布公告")
    index("item:zh-part", "中华人民共和国发布公告")
    assert _keys("中华人民共和国国务院") == ["item:zh"]


def test_a_key_indexed_concurrently_is_a_conflict_and_nothing_is_written(monkeypatch: pytest.MonkeyPatch) -> None:
    index("item:1", "copper")

    def collide(rows: object) -> None:
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr("incamera.search.actions._insert_postings", collide)
    with pytest.raises(ConflictError, match="item:1"):
        index("item:1", "zinc")
    monkeypatch.undo()
    assert _keys("copper") == ["item:1"]
