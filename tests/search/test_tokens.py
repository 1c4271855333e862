"""The archive search tokenizer (pure): normalisation, words, Han unigrams and bigrams, offsets."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from incamera.search.tokens import MAX_TOKEN_CHARS, document_tokens, query_tokens, spans


def test_words_are_case_folded_and_nfkc_normalised() -> None:
    assert document_tokens("ÉLÈVE Élève e\u0301le\u0300ve ＡＢＣ ﬁne") == ["élève", "élève", "élève", "abc", "fine"]


def test_punctuation_and_apostrophes_separate_words() -> None:
    assert document_tokens("l'économie, c'est «la» vie; snake_case") == ["l", "économie", "c", "est", "la", "vie", "snake", "case"]


def test_arabic_harakat_tatweel_and_alef_forms_are_folded() -> None:
    bare = document_tokens("العربية")
    assert document_tokens("الْعَرَبِيَّة") == bare
    assert document_tokens("العـــربيـة") == bare
    assert document_tokens("أحمد") == document_tokens("احمد") == ["احمد"]


def test_russian_yo_is_ye() -> None:
    assert document_tokens("Ёлка") == document_tokens("елка") == ["елка"]


def test_a_han_run_gives_its_unigrams_and_bigrams() -> None:
    assert sorted(document_tokens("中国锂矿")) == sorted(["中", "中国", "国", "国锂", "锂", "锂矿", "矿"])
    assert sorted(document_tokens("中\u0640国")) == sorted(["中", "中国", "国"])  # a tatweel between Han is dropped


def test_han_and_latin_digits_split_where_the_script_changes() -> None:
    assert sorted(document_tokens("2030年Li锂")) == sorted(["2030", "年", "li", "锂"])


def test_a_han_query_is_its_bigrams_and_a_single_character_its_unigram() -> None:
    assert query_tokens("锂") == ["锂"]
    assert query_tokens("钴矿") == ["钴矿"]
    assert query_tokens("锂矿石") == ["锂矿", "矿石"]
    assert query_tokens("中国 lithium 中国") == ["中国", "lithium"]


def test_a_query_of_punctuation_has_no_token() -> None:
    assert query_tokens(" ,;!? … «» ـــ ") == []


def test_long_tokens_are_cut_alike_on_both_sides() -> None:
    word = "x" * 300
    assert document_tokens(word) == query_tokens(word) == ["x" * MAX_TOKEN_CHARS]


def test_spans_of_vocalised_arabic_cover_the_marks() -> None:
    text = "في الْعَالَمِيّ."
    assert [(token, text[start:end]) for token, start, end in spans(text)] == [("في", "في"), ("العالمي", "الْعَالَمِيّ")]


def test_a_span_covers_the_marks_of_its_last_character() -> None:
    text = "Ü三\u0335 ß"
    assert [(token, text[start:end]) for token, start, end in spans(text) if token in {"三", "ss"}] == [("三", "三\u0335"), ("ss", "ß")]


def test_spans_point_into_the_text_as_given() -> None:
    text = "ﬁne ÉLÈVE e\u0301te 锂矿"
    found = list(spans(text))
    assert [token for token, _start, _end in found] == ["fine", "élève", "éte", "锂", "锂矿", "矿"]
    assert [text[start:end] for _token, start, end in found] == ["ﬁne", "ÉLÈVE", "e\u0301te", "锂", "锂矿", "矿"]


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60))
def test_spans_and_document_tokens_agree(text: str) -> None:
    # Hangul conjoining jamo compose across clusters; the archive's languages have none.
    text = "".join(c for c in text if not 0x1100 <= ord(c) <= 0x11FF)
    found = list(spans(text))
    assert sorted(token for token, _start, _end in found) == sorted(document_tokens(text))
    assert all(0 <= start < end <= len(text) for _token, start, end in found)


@given(st.text(max_size=80))
def test_every_query_token_is_a_document_token_of_the_query(query: str) -> None:
    assert set(query_tokens(query)) <= set(document_tokens(query))
