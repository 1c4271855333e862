"""Per-recipient text fingerprints (issue 5 §5): marks, layers, Markdown, copy-paste, tracing."""

from __future__ import annotations

import hashlib
import hmac
import random
import re
import textwrap
import unicodedata
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incamera.kernel.errors import InvalidInputError
from incamera.materials.marks.text import (
    LAYERS,
    MARK_BYTES,
    MIN_WORDS,
    NAME_AT,
    fingerprint_text,
    recipient_mark,
    render_variants,
    strip_variant_markup,
    trace,
)

KEY = bytes(range(32))
DOCUMENT = "briefing-7"

BRIEFING = """\
# Critical minerals roundtable: briefing paper

*Prepared for participants. Chatham House Rule applies: use the content, never the attribution.*

## 1. Purpose of the meeting

This roundtable brings together officials, investors and researchers who follow the supply of critical \
minerals closely. The aim is not to negotiate a text but to {{compare notes|exchange views}} frankly on \
where supply chains are fragile, which policies have worked, and which have made matters worse. \
Participants speak for themselves, not for their institutions, and nothing said in the room will be \
attributed to anyone afterwards.

The discussion is organised in three sessions. Each opens with two short interventions of no more than \
five minutes, followed by an open exchange. The chair will keep a speakers list and may ask participants \
to respond directly to one another. Please keep interventions brief so that {{everyone|every participant}} \
who wishes to speak can do so.

## 2. Background

Demand for lithium, cobalt, nickel, graphite and rare earth elements has grown quickly over the past \
decade, driven by batteries, electric motors, wind turbines and electronics. Production of several of \
these materials is concentrated in a small number of countries, and processing is often even more \
concentrated than mining. A disruption at a single refinery can therefore ripple through markets for months.

Prices have been volatile. After a sharp rise, lithium prices fell by more than half within a year, which \
left several new projects without financing. Nickel markets saw a trading suspension on a major exchange \
after an unusual squeeze. Such episodes make long term planning difficult for producers and buyers alike, \
and they {{complicate|make harder}} the case for new investment in places with higher costs but stronger \
environmental and labour standards.

Governments have responded in different ways. Some have introduced export restrictions on unprocessed ore \
in order to capture more of the value chain at home. Others have offered subsidies, tax credits or \
guaranteed purchases to attract processing capacity. A third group has focused on recycling, stockpiles \
and diplomatic agreements with producing countries. Each of these choices has costs, and some of them work \
against one another.

| Material | Main uses | Share of the largest producer |
|---|---|---|
| Lithium | batteries | about one half of mining |
| Cobalt | batteries, alloys | about three quarters of mining |

## 3. Questions for discussion

1. Which bottlenecks matter most over the next five years: mining, processing, or components?
2. Have export restrictions by producing countries achieved their stated goals, and at what cost?
- What would make long term purchase agreements more attractive to both sides?

Participants may wish to read the [summary of the previous meeting](https://example.org/minerals/summary) \
before the discussion. Data in this paper come from public sources; see `minerals data.csv` in the folder.

## 4. Session one: where the risks lie

The first session looks at concentration and its consequences. Speakers will describe how a few \
refineries came to dominate the processing of several minerals and why new entrants have found it hard to \
compete. Costs of energy, access to {{skilled|trained}} workers, permitting times and the scale of existing \
plants all play a part. Some participants argue that concentration is a natural outcome of economies of \
scale; others see it as the result of deliberate industrial policy supported over many years.

A second theme is transparency. Much of the trade in intermediate products takes place under private \
contracts, and reliable data on stocks and flows are scarce. Several participants have suggested that \
better market information would reduce the panic that accompanies each disruption. Others warn that \
publishing detailed data could expose commercial secrets or make it easier to manipulate prices.

## 5. Session two: policies that help and policies that hurt

The second session turns to policy. Export restrictions, local content rules and subsidies have spread \
quickly. Supporters say they allow producing countries to move up the value chain and to keep more of the \
revenue at home. Critics reply that restrictions raise prices for everyone, encourage smuggling, and \
invite retaliation. The evidence so far is mixed, and the session will try to separate the cases where \
such measures worked from those where they clearly failed.

Participants are invited to bring concrete examples. What happened to investment after a restriction was \
introduced? Did local processing actually grow, and did it create the jobs that were promised? Were there \
unintended effects on neighbouring countries or on small producers? Candid accounts of failures are \
{{particularly|especially}} welcome, since they are rarely discussed in public.

```text
Timeline of the main export measures (illustrative)
2014  ban on unprocessed ore exports, with {{one|two}} exceptions
2023  licensing requirement for graphite
```

    an indented code block with plain words in it stays exactly as written

## 6. Session three: cooperation between producers and consumers

The final session asks what cooperation could look like. Options range from information sharing and \
joint stockpiles to common standards for responsible sourcing and long term offtake contracts with price \
floors. Each raises questions of governance: who decides, who pays, and who benefits. Producing countries \
often feel that consumer clubs are designed without them, while consuming countries worry about depending \
on partners whose priorities may change.

The chair will close by asking each participant for one practical suggestion that could be taken forward \
by governments, companies or civil society within the next year. A short, unattributed summary of the \
suggestions will be circulated to participants after the meeting. It will not name speakers or \
institutions, and it will not be published.

Materials distributed for this meeting are confidential. Each copy is prepared for its recipient alone. \
Please do not forward, copy or quote from them, and return or destroy them when the meeting ends. If you \
have questions about these arrangements, write to the organisers before the meeting rather than during it.
"""

RUSSIAN = """\
Круглый стол посвящён поставкам критически важных минералов. Участники выступают от своего имени, а не \
от имени своих организаций, и ничто из сказанного не будет приписано кому-либо после встречи. Обсуждение \
состоит из трёх сессий. Каждая начинается с двух коротких выступлений, после которых следует открытый \
обмен мнениями. Председатель ведёт список выступающих и может попросить участников ответить друг другу \
напрямую. Просим делать выступления краткими, чтобы каждый желающий мог высказаться.

Спрос на литий, кобальт, никель, графит и редкоземельные элементы быстро вырос за последнее десятилетие. \
Производство многих из этих материалов сосредоточено в небольшом числе стран, а переработка часто \
сосредоточена ещё сильнее, чем добыча. Поэтому сбой на одном заводе может влиять на рынки в течение многих \
месяцев. Правительства ответили по-разному: одни ввели ограничения на вывоз руды, другие предложили \
субсидии и налоговые льготы, третьи сосредоточились на переработке отходов, запасах и соглашениях.

Материалы этой встречи конфиденциальны. Каждая копия подготовлена только для своего получателя. \
Пожалуйста, не пересылайте и не цитируйте их, а после окончания встречи верните или уничтожьте.
"""

RECIPIENTS = [f"delegate-{i:04d}@example.org" for i in range(1000)]
ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
CYRILLIC_TWINS = str.maketrans("асеіјорѕхуАВСЕНІЈКМОРЅТХ", "aceijopsxyABCEHIJKMOPSTX")
LATIN_TWINS = str.maketrans("aceijopsxyABCEHIJKMOPSTX", "асеіјорѕхуАВСЕНІЈКМОРЅТХ")


def marks_for(document: str = DOCUMENT, key: bytes = KEY, recipients: list[str] = RECIPIENTS) -> dict[str, bytes]:
    return {r: recipient_mark(key, document, r) for r in recipients}


MARKS = marks_for()
ALICE = RECIPIENTS[17]


# Copy-paste-like transformations.
def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def strip_zero_width(text: str) -> str:
    return ZERO_WIDTH.sub("", text)


def collapse_whitespace(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def nbsp_to_space(text: str) -> str:
    return text.replace("\u00a0", " ")


def rewrap(text: str) -> str:
    return "\n\n".join(textwrap.fill(paragraph, width=52) for paragraph in text.split("\n\n"))


def excerpt(text: str, *, start: float = 0.4, share: float = 0.3) -> str:
    return text[int(len(text) * start) : int(len(text) * (start + share))]


def plain_text_paste(text: str) -> str:
    """What a cautious leaker's "paste as plain text" does: NFKC, no invisibles, one space."""
    return collapse_whitespace(strip_zero_width(nfkc(text)))


def retype(text: str) -> str:
    """Every invisible mark gone and every look-alike letter typed in Latin: only wording is left."""
    return plain_text_paste(text).translate(CYRILLIC_TWINS)


def unmark(text: str) -> str:
    """The copy with its invisible marks removed, for a Latin-script text without NBSPs of its own."""
    return strip_zero_width(nbsp_to_space(text)).translate(CYRILLIC_TWINS)


@pytest.fixture(scope="module")
def alice_copy() -> str:
    return fingerprint_text(BRIEFING, MARKS[ALICE])


# --- marks -------------------------------------------------------------------------------------------


def test_a_mark_is_truncated_hmac_sha256_over_length_prefixed_ids() -> None:
    def prefixed(value: str) -> bytes:
        return len(value.encode()).to_bytes(4, "big") + value.encode()

    message = b"incamera/fingerprint/v1" + prefixed(DOCUMENT) + prefixed(ALICE)
    expected = hmac.new(KEY, message, hashlib.sha256).digest()[:MARK_BYTES]
    assert recipient_mark(KEY, DOCUMENT, ALICE) == expected
    assert len(expected) == MARK_BYTES == 8


def test_marks_differ_by_recipient_document_and_key() -> None:
    assert len(set(MARKS.values())) == len(RECIPIENTS)
    assert recipient_mark(KEY, "other-document", ALICE) != MARKS[ALICE]
    assert recipient_mark(bytes(32), DOCUMENT, ALICE) != MARKS[ALICE]
    # Length prefixes: moving a character from one id to the other changes the mark.
    assert recipient_mark(KEY, "ab", "c") != recipient_mark(KEY, "a", "bc")


def test_a_short_key_or_empty_id_is_refused() -> None:
    with pytest.raises(InvalidInputError, match=r"at least 16 bytes; found 8") as caught:
        recipient_mark(b"12345678", DOCUMENT, ALICE)
    assert caught.value.field == "key"
    with pytest.raises(InvalidInputError, match="recipient_id is empty"):
        recipient_mark(KEY, DOCUMENT, "")


# --- the copy a recipient gets ---------------------------------------------------------------------


def test_a_copy_reads_like_its_rendered_source(alice_copy: str) -> None:
    assert alice_copy != render_variants(BRIEFING, MARKS[ALICE])
    assert unmark(alice_copy) == render_variants(BRIEFING, MARKS[ALICE])
    assert "{{" not in alice_copy.replace("{{one|two}}", "")  # a slot in a code block is code


def test_copies_differ_between_recipients_and_repeat_for_one(alice_copy: str) -> None:
    assert fingerprint_text(BRIEFING, MARKS[ALICE]) == alice_copy
    assert fingerprint_text(BRIEFING, MARKS[RECIPIENTS[18]]) != alice_copy


def test_every_invisible_layer_is_present(alice_copy: str) -> None:
    assert alice_copy.count("\u2060") >= 3 * MARK_BYTES
    assert alice_copy.count("\u00a0") >= 20
    assert len(re.findall("[\u0400-\u04ff]", alice_copy)) >= 20


def test_markdown_structure_code_and_links_are_untouched(alice_copy: str) -> None:
    invisible = re.compile("[\u200b\u200c\u2060\u00a0\u0400-\u04ff]")
    rendered = render_variants(BRIEFING, MARKS[ALICE])
    for verbatim in (
        "```text\nTimeline of the main export measures (illustrative)\n2014  ban on unprocessed ore exports, with {{one|two}} exceptions\n",
        "    an indented code block with plain words in it stays exactly as written\n",
        "[summary of the previous meeting](https://example.org/minerals/summary)",
        "`minerals data.csv`",
    ):
        assert verbatim in alice_copy
    copy_lines, rendered_lines = alice_copy.splitlines(), rendered.splitlines()
    assert len(copy_lines) == len(rendered_lines)
    for copied, original in zip(copy_lines, rendered_lines, strict=True):
        if original.startswith("#") or "](" in original or "`" in original:
            assert copied == original  # headings (their anchors), links, code
        # List markers, table pipes and quote markers: the first word of a line is never marked.
        first = original.split(" ", 1)[0]
        assert copied.split(" ", 1)[0] == first or not first
        assert not invisible.match(copied[len(first) : len(first) + 1] if first else "")


def test_variants_follow_the_mark_and_the_first_wording_is_the_authors() -> None:
    assert strip_variant_markup(BRIEFING).count("compare notes") == 1
    assert "{{" not in strip_variant_markup(BRIEFING).replace("{{one|two}}", "")
    wordings = {render_variants("a {{b|c|d}} e", mark) for mark in list(MARKS.values())[:64]}
    assert wordings == {"a b e", "a c e", "a d e"}
    assert render_variants("no slots here", MARKS[ALICE]) == "no slots here"
    copy = fingerprint_text(BRIEFING, MARKS[ALICE], variants=False)
    assert unmark(copy) == strip_variant_markup(BRIEFING)


def test_slots_inside_code_are_left_alone() -> None:
    text = "Use `{{ value|upper }}` in templates, or {{this|that}}.\n\n```\n{{ x|y }}\n```\n"
    rendered = render_variants(text, MARKS[ALICE])
    assert "`{{ value|upper }}`" in rendered
    assert "{{ x|y }}" in rendered
    assert "{{this|that}}" not in rendered


def test_a_slot_in_an_indented_list_paragraph_is_still_a_slot() -> None:
    text = "1. First point\n\n    which the {{chair|president}} explains.\n"
    assert render_variants(text, MARKS[ALICE]) in {
        "1. First point\n\n    which the chair explains.\n",
        "1. First point\n\n    which the president explains.\n",
    }


def test_a_plain_text_with_indented_paragraphs_is_not_taken_for_code() -> None:
    indented = "\n\n".join("    " + paragraph.replace("\n", "\n    ") for paragraph in RUSSIAN.split("\n\n"))
    copy = fingerprint_text(indented, MARKS[ALICE])
    assert strip_zero_width(nbsp_to_space(copy)).translate(LATIN_TWINS) == indented
    assert trace(copy, MARKS).recipient == ALICE


# --- tracing after copy-paste ------------------------------------------------------------------------

TRANSFORMATIONS: dict[str, Callable[[str], str]] = {
    "unchanged": lambda text: text,
    "NFC": lambda text: unicodedata.normalize("NFC", text),
    "NFD": lambda text: unicodedata.normalize("NFD", text),
    "NFKC": nfkc,
    "zero-width removed": strip_zero_width,
    "whitespace collapsed": collapse_whitespace,
    "NBSP to space": nbsp_to_space,
    "re-wrapped": rewrap,
    "30 % excerpt, start": lambda text: excerpt(text, start=0.0),
    "30 % excerpt, middle": lambda text: excerpt(text, start=0.35),
    "30 % excerpt, end": lambda text: excerpt(text, start=0.7),
    "look-alikes folded to Latin": lambda text: text.translate(CYRILLIC_TWINS),
    "plain-text paste": plain_text_paste,
    "plain-text paste, re-wrapped, 30 % excerpt": lambda text: excerpt(rewrap(plain_text_paste(text)), start=0.35),
}

# Which layers survive which transformation (the table in the module docstring).
SURVIVES = {
    "NFD": set(LAYERS),
    "NFKC": {"zero_width", "homoglyph", "variants"},
    "zero-width removed": {"whitespace", "homoglyph", "variants"},
    "whitespace collapsed": {"zero_width", "homoglyph", "variants"},
    "NBSP to space": {"zero_width", "homoglyph", "variants"},
    "re-wrapped": set(LAYERS),
    "look-alikes folded to Latin": {"zero_width", "whitespace", "variants"},
    "plain-text paste": {"homoglyph", "variants"},
}


@pytest.mark.parametrize("name", TRANSFORMATIONS)
@pytest.mark.parametrize("with_source", [True, False], ids=["with source", "leaked text alone"])
def test_the_recipient_is_named_after_copy_paste(alice_copy: str, name: str, with_source: bool) -> None:
    result = trace(TRANSFORMATIONS[name](alice_copy), MARKS, source=BRIEFING if with_source else None)
    assert result.recipient == ALICE
    assert result.confidence >= NAME_AT
    assert result.candidates[0][0] == ALICE
    assert result.candidates[1][1] < 1e-3
    assert [p for _, p in result.candidates] == sorted((p for _, p in result.candidates), reverse=True)
    assert len(result.candidates) == len(MARKS)


@pytest.mark.parametrize("name", SURVIVES)
def test_each_layer_survives_what_the_table_says(alice_copy: str, name: str) -> None:
    layers = trace(TRANSFORMATIONS[name](alice_copy), MARKS, source=BRIEFING).layers
    assert {layer for layer, bits in layers.items() if bits} == SURVIVES[name]
    assert layers["zero_width"] in {0, 64}  # a zero-width chunk carries a whole byte


def test_retyped_copies_still_trace_by_wording_alone() -> None:
    slots = " ".join(f"Point {i} of the agenda is {{{{short|brief}}}} and, as ever, {{{{clear|plain}}}} for all." for i in range(40))
    source = f"Introduction to the day ahead of us all.\n\n{slots}\n"
    copy = fingerprint_text(source, MARKS[ALICE])
    result = trace(retype(copy), MARKS, source=source)
    assert result.layers == {"zero_width": 0, "whitespace": 0, "homoglyph": 0, "variants": 64}
    assert result.recipient == ALICE
    # Without the source nothing is left to read.
    assert trace(retype(copy), MARKS).recipient is None


def test_a_copy_without_variants_traces_with_or_without_saying_so() -> None:
    copy = retype(fingerprint_text(BRIEFING, MARKS[ALICE], variants=False))
    assert trace(copy, MARKS, source=BRIEFING, variants=False).layers["variants"] == 0
    mixed = excerpt(plain_text_paste(fingerprint_text(BRIEFING, MARKS[ALICE], variants=False)), share=0.5)
    # Claiming variants where there were none feeds the tracer wrong bits: the right name or none.
    assert trace(mixed, MARKS, source=BRIEFING).recipient in {ALICE, None}
    assert trace(mixed, MARKS, source=BRIEFING, variants=False).recipient == ALICE


def test_a_partly_stripped_layer_lowers_the_confidence_but_keeps_the_name(alice_copy: str) -> None:
    only_homoglyphs = strip_zero_width(nbsp_to_space(alice_copy))
    full = trace(only_homoglyphs, MARKS)
    rng = random.Random(5)
    half = "".join(c.translate(CYRILLIC_TWINS) if rng.random() < 0.5 else c for c in only_homoglyphs)
    partial = trace(half, MARKS)
    assert partial.layers["homoglyph"] < full.layers["homoglyph"]
    assert partial.recipient == full.recipient == ALICE
    assert NAME_AT <= partial.confidence < full.confidence


def test_russian_text_carries_latin_look_alikes() -> None:
    copy = fingerprint_text(RUSSIAN, MARKS[ALICE])
    assert re.search(r"[\u0400-\u04ff][a-zA-Z]|[a-zA-Z][\u0400-\u04ff]", copy)
    result = trace(plain_text_paste(copy), MARKS, source=RUSSIAN)
    assert result.layers["homoglyph"] > 0
    assert result.recipient == ALICE


# --- unknown rather than a guess ---------------------------------------------------------------------


def test_an_unfingerprinted_text_is_unknown() -> None:
    for leaked in (BRIEFING, strip_variant_markup(BRIEFING), RUSSIAN):
        result = trace(leaked, MARKS, source=BRIEFING)
        assert result.recipient is None
        assert result.confidence < 0.01
        # The author's own wordings read like some mark's few bits, and prove nothing.
        assert result.layers == {"zero_width": 0, "whitespace": 0, "homoglyph": 0, "variants": result.layers["variants"]}


def test_everything_stripped_is_unknown(alice_copy: str) -> None:
    result = trace(retype(alice_copy), MARKS)
    assert result.recipient is None
    assert sum(result.layers.values()) == 0


def test_a_copy_of_another_document_or_of_nobody_here_is_unknown(alice_copy: str) -> None:
    assert trace(alice_copy, marks_for("another-document"), source=BRIEFING).recipient is None
    others = {r: m for r, m in MARKS.items() if r != ALICE}
    result = trace(alice_copy, others, source=BRIEFING)
    assert result.recipient is None
    assert result.confidence < 0.01
    assert trace(alice_copy, {}).recipient is None


def test_marks_the_source_already_had_are_not_evidence() -> None:
    # French typography puts no-break spaces between words; a name may mix scripts.
    source = BRIEFING.replace("officials, investors", "officials,\u00a0investors").replace("Nickel markets", "Niсkel\u00a0markets")
    result = trace(source, MARKS, source=source)
    assert result.layers == dict.fromkeys(LAYERS, 0)
    assert trace(source, MARKS).recipient is None


def test_two_copies_spliced_together_name_one_of_them_or_nobody() -> None:
    bob = RECIPIENTS[400]
    alice = fingerprint_text(BRIEFING, MARKS[ALICE])
    bob_copy = fingerprint_text(BRIEFING, MARKS[bob])
    for cut in (0.3, 0.5, 0.7):
        spliced = alice[: int(len(alice) * cut)] + bob_copy[int(len(bob_copy) * cut) :]
        assert trace(spliced, MARKS, source=BRIEFING).recipient in {ALICE, bob, None}


def test_few_surviving_bits_never_name_a_stand_in() -> None:
    # Small excerpts of plain-text pastes leave 5 to 40 bits: where a lucky stranger could look
    # like the source if the confidence were not calibrated.
    rng = random.Random(2024)
    named = 0
    for trial in range(150):
        marks = marks_for(key=rng.randbytes(32))
        recipient = rng.choice(RECIPIENTS)
        pasted = plain_text_paste(fingerprint_text(BRIEFING, marks[recipient]))
        share = rng.choice([0.05, 0.1, 0.15, 0.2])
        leaked = excerpt(pasted, start=rng.random() * (1 - share), share=share)
        others = {r: m for r, m in marks.items() if r != recipient}
        assert trace(leaked, others).recipient is None, trial
        named += trace(leaked, marks).recipient == recipient
    assert named > 20  # and the recipient, when present, is often named even so


TRANSFORMATION_LIST = [nfkc, strip_zero_width, collapse_whitespace, nbsp_to_space, rewrap]


@settings(max_examples=40, deadline=None)
@given(
    key=st.binary(min_size=16, max_size=32),
    who=st.integers(0, len(RECIPIENTS) - 1),
    applied=st.lists(st.sampled_from(TRANSFORMATION_LIST), max_size=5),
    share=st.sampled_from([0.05, 0.1, 0.2, 0.3, 1.0]),
    start=st.floats(0, 1),
    with_source=st.booleans(),
)
def test_over_a_thousand_candidates_the_answer_is_right_or_unknown(
    *, key: bytes, who: int, applied: list[Callable[[str], str]], share: float, start: float, with_source: bool
) -> None:
    marks = marks_for(key=key)
    recipient = RECIPIENTS[who]
    leaked = fingerprint_text(BRIEFING, marks[recipient])
    for transform in applied:
        leaked = transform(leaked)
    leaked = excerpt(leaked, start=start * (1 - share), share=share) or "?"
    source = BRIEFING if with_source else None
    assert trace(leaked, marks, source=source).recipient in {recipient, None}
    # The same copy against everyone but its recipient: nobody, never a stand-in.
    others = {r: m for r, m in marks.items() if r != recipient}
    assert trace(leaked, others, source=source).recipient is None


# --- bad input ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_an_empty_text_is_refused(text: str) -> None:
    with pytest.raises(InvalidInputError, match="the text is empty") as caught:
        fingerprint_text(text, MARKS[ALICE])
    assert caught.value.field == "text"


@pytest.mark.parametrize("mark", [b"", b"1234567", b"123456789", bytes(32)])
def test_a_mark_of_the_wrong_length_is_refused(mark: bytes) -> None:
    message = rf"a mark is 8 bytes \(from recipient_mark\); found {len(mark)}$"
    with pytest.raises(InvalidInputError, match=message) as caught:
        fingerprint_text(BRIEFING, mark)
    assert caught.value.field == "mark"
    with pytest.raises(InvalidInputError, match=message):
        render_variants(BRIEFING, mark)
    with pytest.raises(InvalidInputError, match=message) as traced:
        trace(BRIEFING, {"mallory@example.org": mark, **MARKS})
    assert traced.value.field == "candidates[mallory@example.org]"


def test_a_text_too_short_for_a_mark_says_how_many_words_it_needs() -> None:
    # Words that can carry a mark: not the first or last of a line.
    short = " ".join(f"word{chr(97 + i % 26)}" for i in range(MIN_WORDS + 1))
    with pytest.raises(InvalidInputError) as caught:
        fingerprint_text(short, MARKS[ALICE])
    assert caught.value.params == {"needed": MIN_WORDS, "found": MIN_WORDS - 1}
    assert caught.value.message == (
        "the text is too short to carry a fingerprint: it needs at least 80 plain words of running text "
        "(outside code, links and headings), and has 79"
    )
    assert fingerprint_text(short + " wordz", MARKS[ALICE]) != short + " wordz"


def test_words_in_code_do_not_count() -> None:
    code = "```\n" + " ".join(["plain"] * 500) + "\n```\n"
    with pytest.raises(InvalidInputError, match=r"and has 0$"):
        fingerprint_text(code, MARKS[ALICE])


def test_an_empty_leaked_text_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="the leaked text is empty") as caught:
        trace(" \n", MARKS)
    assert caught.value.field == "leaked"
