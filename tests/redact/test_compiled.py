"""The compiled engine (``_fast.c``) gives exactly what the pure-Python path gives: the same text,
spans and placeholders, on random notes built from a roster's own forms and on the benchmark's
generated corpus; and the two bugs found while writing it stay fixed on both paths."""

from __future__ import annotations

import gc
import json
import random
import re
import sys
import weakref
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import ahocorasick
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incamera.redact import Redactor, Roster, _fast, pii, surface
from incamera.redact.engine import Span, _leftmost_longest
from incamera.redact.normalize import fold_char, normalize
from incamera.redact.roster import LANGS
from tests.redact.test_engine import ROSTER

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from redact_corpus import generate

PURE = Redactor(Roster.from_json(ROSTER), compiled=False)
COMPILED = Redactor(Roster.from_json(ROSTER), compiled=True)


def _pieces() -> list[str]:
    """What a note is made of here: every surface form of the roster as written, upper-cased,
    titles, words that hold a name, characters that move offsets, personal data."""
    forms = sorted({form.text for form in surface.derive(Roster.from_json(ROSTER), LANGS)})
    titles = surface.titles()
    return [
        *forms,
        *(form.upper() for form in forms[::7]),
        *sorted(titles.before)[::5],
        *sorted(titles.after),
        *" ,.;:!?()'’\n\t\u00a0。，、（）：“”",
        *["the", "le", "du", "el", "del", "wangs", "bolivia", "王国", "说", "澄清了", "и", "و", "ب", "ال"],
        *[
            "\u200b",
            "\u00ad",
            "\u200f",
            "\ufeff",
            "\u0640",
            "\u064e",
            "\u0651",
            "\u0654",
            "ｗ",
            "Ｗａｎｇ",
            "\u3000",
            "ｱｲｳ ﾝ",
            "￦",
            "ﾡ",
            "･",
        ],
        *['"', "\\", "\b", "\f", "\r", "\x00", "\x1f", "\x7f", "\ud800"],
        *["ß", "e\u0301", "ﬁ", "İ", "ǅ", "𝐖", "ς"],
        *[
            "a@b.org",
            "wang.wei@mofcom.example",
            "@wang_wei",
            "x@y",
            "marie.dupont.ambassade.de.france.a.pekin@diplomatie.example",
            "a" * 70 + "@x.org",
            "https://x.org/~w.",
            "www.example.org/a?b=c,",
            "http://",
        ],
        *["+86 10 6512 3456", "+41 22 917 12 34", "(212) 555-0199", "2020-2030", "1 500 000", "٠١٢٣٤٥٦٧٨٩", "12345678"],
    ]


PIECES = _pieces()
JSON = json.JSONEncoder(ensure_ascii=False)
SURROGATE = re.compile("[\ud800-\udfff]")


def assert_same(text: str, lang: str | None) -> None:
    expected = PURE.redact(text, lang)
    got = COMPILED.redact(text, lang)
    assert got == expected, (text, lang)
    assert got.placeholders == expected.placeholders
    line = COMPILED.jsonl_line(text, lang)
    assert line == PURE.jsonl_line(text, lang)
    if not SURROGATE.search(text):
        assert line == (JSON.encode({"text": expected.text, "spans": expected.spans}) + "\n").encode()
    assert json.loads(line) == {"text": expected.text, "spans": [list(span) for span in expected.spans]}


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join), st.sampled_from([*LANGS, None]))
def test_random_notes_give_the_same_result(text: str, lang: str | None) -> None:
    assert_same(text, lang)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map(" ".join), st.sampled_from(LANGS))
def test_random_notes_with_spaces_give_the_same_result(text: str, lang: str) -> None:
    assert_same(text, lang)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60), st.sampled_from(LANGS))
def test_any_characters_give_the_same_result(text: str, lang: str) -> None:
    assert_same(text, lang)


def test_every_piece_in_every_context_gives_the_same_result() -> None:
    for index, piece in enumerate(PIECES):
        after = PIECES[(index * 7 + 3) % len(PIECES)]
        for text in (piece, f"Mr {piece}. {after}", f"x{piece}y", f"说{piece}说", f"{piece}{after}", f"و{piece} {after}"):
            assert_same(text, LANGS[index % len(LANGS)])


def test_many_seeded_random_notes_give_the_same_result() -> None:
    rng = random.Random(11)
    notes = []
    for _ in range(3000):
        pieces = rng.choices(PIECES, k=rng.randint(1, 25))
        notes.append((rng.choice(["", " ", ""]).join(pieces), rng.choice([*LANGS, None])))
        assert_same(*notes[-1])
    # Many at once (some with characters only the pure path does): the same lines.
    assert COMPILED.jsonl_lines(notes) == [PURE.jsonl_line(text, lang) for text, lang in notes]


def test_the_generated_corpus_gives_the_same_result() -> None:
    corpus = generate(chars=300_000, seed=7, progress=False)
    roster = Roster.from_json([person.to_json() for person in corpus.roster])
    pure, compiled = Redactor(roster, compiled=False), Redactor(roster, compiled=True)
    differing = [
        text
        for lang, text in corpus.lines
        if pure.redact(text, lang) != compiled.redact(text, lang) or pure.jsonl_line(text, lang) != compiled.jsonl_line(text, lang)
    ]
    assert not differing, differing[:1]
    assert len(corpus.lines) > 200


def test_threads_redacting_at_once_get_what_one_thread_gets() -> None:
    """The compiled engine lets go of the GIL while it matches: notes redacted by four threads at
    once (new characters and placeholders met by several) come out as one thread makes them."""
    corpus = generate(chars=200_000, seed=3, progress=False)
    roster = Roster.from_json([person.to_json() for person in corpus.roster])
    serial = Redactor(roster, compiled=False)
    expected = [serial.jsonl_line(text, lang) for lang, text in corpus.lines]
    shared = Redactor(roster, compiled=True)  # fresh: its caches fill while the threads run
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda line: shared.jsonl_line(line[1], line[0]), corpus.lines * 3))
    assert got == expected * 3


def test_an_empty_roster_gives_the_same_result() -> None:
    pure, compiled = Redactor(Roster.from_json([]), compiled=False), Redactor(Roster.from_json([]), compiled=True)
    for text in ["", "write to a@b.org or +41 22 917 12 34", "www.x.org/@name"]:
        assert compiled.redact(text, "en") == pure.redact(text, "en")


def test_a_shorter_form_inside_a_longer_partial_match_is_found() -> None:
    """pyahocorasick's ``iter_long`` skips a form that starts inside a longer form's partial match
    ("ana" in "wang ana", while "wang ana ma" is a form); leftmost-longest finds it."""
    automaton = ahocorasick.Automaton()
    for key in ("wang ana ma", "ana"):
        automaton.add_word(key, (len(key), key))
    automaton.make_automaton()
    assert list(automaton.iter_long("wang ana")) == []  # the library's miss, kept as a witness
    assert [value[1] for _end, value in _leftmost_longest(automaton, "wang ana")] == ["ana"]


def test_a_mark_that_composes_with_its_letter_does_not_shift_offsets() -> None:
    """Alef + hamza above (ا + ٔ) composes under NFKC into one character: taken whole-text, every
    offset after it moved by one; it now goes by cluster, and the span still covers the name."""
    text = "\u0627\u0654\u0644 Minister Wang spoke"
    norm = normalize(text)
    assert norm.span(len(norm.text) - 5, len(norm.text)) == (len(text) - 5, len(text))
    for redactor in (PURE, COMPILED):
        result = redactor.redact(text, "en")
        assert [text[span.start : span.end] for span in result.spans] == ["Minister Wang"]


@pytest.mark.parametrize("text", ["ｶﾞ Wang Wei spoke", "ﾊﾟ Mr Wang"])
def test_a_half_width_sound_mark_does_not_shift_offsets(text: str) -> None:
    """NFKC joins ﾞ and ﾟ to the kana before them: found by the review of the compiled engine,
    where the pure path put every later span one character early."""
    for redactor in (PURE, COMPILED):
        result = redactor.redact(text, "en")
        assert [text[span.start : span.end] for span in result.spans] == [text[3:].removesuffix(" spoke")]


def test_an_unknown_language_takes_the_pure_path() -> None:
    assert COMPILED.redact("Mr Wang", "de") == PURE.redact("Mr Wang", "de")


def test_a_dropped_redactor_is_freed() -> None:
    """The compiled engine holds functions of the forms, not the Redactor: no cycle through C."""
    redactor = Redactor(Roster.from_json(ROSTER), compiled=True)
    redactor.redact("Mr Wang", "en")
    ref = weakref.ref(redactor)
    del redactor
    gc.collect()
    assert ref() is None


def _engine_arguments(**changes: object) -> dict[str, object]:
    """A small engine, as engine.py builds one, with some arguments changed."""
    arguments: dict[str, object] = {
        "keys": ["mr wang", "wang"],  # sorted, as engine.py passes them
        "flags": [16, 16],
        "kinds": ["person", "person"],
        "persons": ["p1", "p1"],
        "after_titles": [],
        "before": ["mr"],
        "title_counts": {"mr": (1,)},
        "after_han": (),
        "clause_start": "",
        "pair": lambda _index, _lang: ("Participant ", "Participant "),
        "pii_pair": lambda _kind, _lang: ("[x]", "[x]"),
        "is_phone": pii.is_phone,
        "fold_char": fold_char,
        "span_type": Span,
    }
    return arguments | changes


def test_an_engine_not_built_refuses_to_redact() -> None:
    """Found by review: an engine whose __init__ failed, or never ran, read null tables."""
    bare = _fast.Engine.__new__(_fast.Engine)
    with pytest.raises(RuntimeError, match="not built"):
        bare.redact("é +41 22 917 12 34", 0)
    failed = _fast.Engine.__new__(_fast.Engine)
    with pytest.raises(TypeError):
        failed.__init__(**_engine_arguments(keys=["mr wang", 5]))
    with pytest.raises(RuntimeError, match="built once"):
        failed.__init__(**_engine_arguments())
    with pytest.raises(RuntimeError, match="not built"):
        failed.jsonl_lines(["wang"], [0])


def test_the_engine_keeps_its_own_copies_of_what_it_was_given() -> None:
    """Found by review: emptying the caller's lists after building freed the kinds the forms used."""
    kinds, persons = ["per" + "son", "per" + "son"], ["p" + "1", "p" + "1"]
    engine = _fast.Engine(**_engine_arguments(kinds=kinds, persons=persons))
    kinds.clear()
    persons.clear()
    text, spans, _placeholders = engine.redact("hello mr wang", 1)
    assert (text, [tuple(span) for span in spans]) == ("hello Participant A", [(6, 13, "person", "p1")])


def test_the_engine_refuses_arguments_that_would_break_it() -> None:
    for keys in (["wang", "mr wang"], ["wang", "wang"]):
        with pytest.raises(ValueError, match="distinct and sorted"):
            _fast.Engine(**_engine_arguments(keys=keys))
    with pytest.raises(TypeError, match="tuple subclass"):
        _fast.Engine(**_engine_arguments(span_type=object))
    # A title count of 0 (never made by engine.py) is ignored, not read before its array.
    engine = _fast.Engine(**_engine_arguments(before=["mr", ""], title_counts={"mr": (0,)}))
    assert engine.redact("a mr wang", 1) is not None
    # An empty placeholder at the very start.
    engine = _fast.Engine(**_engine_arguments(kinds=["role", "role"], persons=[None, None], pair=lambda _i, _l: ("", "")))
    assert engine.redact("wang spoke", 1)[0] == " spoke"


def test_many_notes_at_once_give_each_ones_line_and_refuse_a_bad_list() -> None:
    engine = COMPILED._fast
    assert engine is not None
    assert engine.jsonl_lines(["Mr Wang spoke", "ｶﾞ Wang"], [1, 1]) == [COMPILED.jsonl_line("Mr Wang spoke", "en"), None]
    with pytest.raises(ValueError, match="as many languages"):
        engine.jsonl_lines(["Mr Wang"], [])
    with pytest.raises(ValueError, match="one of the six"):
        engine.jsonl_lines(["Mr Wang", b"bytes"], [1, 1])  # type: ignore[list-item]


def test_the_compiled_engine_refuses_what_is_not_a_note() -> None:
    with pytest.raises(TypeError):
        COMPILED._fast.redact(b"bytes", 0)  # type: ignore[union-attr,arg-type]
    with pytest.raises(ValueError, match="unknown language"):
        COMPILED._fast.redact("text", 9)  # type: ignore[union-attr]
