"""Service codes (issue 4 §7): alphabet, uniqueness, unlinkability, and reading typed codes."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from incamera.kernel.errors import InvalidInputError
from incamera.service import codes as service_codes
from incamera.service.codes import ALPHABET, CODE_LENGTH, SERVICES, check_code, issue_codes, normalise_code

CODE = re.compile(rf"^[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}$")
PEOPLE = [f"participant-{i:05d}" for i in range(5000)]
# χ² with 31 degrees of freedom exceeds 90 with probability below 10⁻⁶: a failure means a real
# bias, not bad luck.
CHI2_31_LIMIT = 90.0


def chi_square(counts: Counter[int] | Counter[str], *, bins: int) -> float:
    total = sum(counts.values())
    expected = total / bins
    observed = list(counts.values()) + [0] * (bins - len(counts))
    return sum((o - expected) ** 2 / expected for o in observed)


def value(symbol: str) -> int:
    return ALPHABET.index(symbol)


# --- the alphabet and the shape of codes -----------------------------------------------------------


def test_the_alphabet_is_crockford_base32_without_lookalikes() -> None:
    assert len(ALPHABET) == len(set(ALPHABET)) == 32
    assert not set("ILOU") & set(ALPHABET)
    assert CODE_LENGTH == 8


def test_every_participant_gets_a_grouped_code_in_every_service() -> None:
    codes = issue_codes(PEOPLE[:10])
    assert list(codes) == list(SERVICES)
    for by_person in codes.values():
        assert list(by_person) == PEOPLE[:10]
        assert all(CODE.match(code) for code in by_person.values())


def test_symbols_are_uniformly_distributed() -> None:
    codes = issue_codes(PEOPLE)
    symbols = Counter(s for by_person in codes.values() for code in by_person.values() for s in code.replace("-", ""))
    assert set(symbols) == set(ALPHABET)
    assert chi_square(symbols, bins=32) < CHI2_31_LIMIT


def test_codes_are_unique_across_people_and_services() -> None:
    codes = issue_codes(PEOPLE)
    everything = [code for by_person in codes.values() for code in by_person.values()]
    assert len(everything) == len(set(everything)) == 4 * len(PEOPLE)


def test_codes_already_taken_are_not_issued_again() -> None:
    first = issue_codes(PEOPLE[:100])
    taken = {code for by_person in first.values() for code in by_person.values()}
    late = issue_codes(["late-arrival"], taken={c.lower().replace("-", "") for c in taken})
    assert not {code for by_person in late.values() for code in by_person.values()} & taken


def test_a_repeated_draw_is_drawn_again(monkeypatch: pytest.MonkeyPatch) -> None:
    real = service_codes.token_bytes
    calls: list[int] = []

    def stuck_first(n: int) -> bytes:
        calls.append(n)
        return bytes(n) if len(calls) == 1 else real(n)  # every code of the first round is 0000-0000

    monkeypatch.setattr(service_codes, "token_bytes", stuck_first)
    codes = issue_codes(PEOPLE[:50], services=["seating", "catering"])
    everything = [code for by_person in codes.values() for code in by_person.values()]
    assert len(set(everything)) == 100
    assert everything.count("0000-0000") == 1
    assert len(calls) >= 2


def test_a_broken_random_source_fails_instead_of_looping(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service_codes, "token_bytes", bytes)
    with pytest.raises(RuntimeError, match="CSPRNG"):
        issue_codes(PEOPLE[:2])


def test_an_empty_roster_gets_empty_mappings() -> None:
    assert issue_codes([], services=["catering"]) == {"catering": {}}


# --- unlinkability -------------------------------------------------------------------------------


def test_codes_carry_no_order_of_the_roster() -> None:
    seating = issue_codes(PEOPLE, services=["seating"])["seating"]
    by_code = sorted(seating, key=seating.__getitem__)
    rank = {person: position for position, person in enumerate(by_code)}
    n = len(PEOPLE)
    # Spearman's rank correlation between roster order and code order; its spread is 1/√n ≈ 0.014.
    rho = 1 - 6 * sum((i - rank[p]) ** 2 for i, p in enumerate(PEOPLE)) / (n * (n * n - 1))
    assert abs(rho) < 0.1


def test_one_persons_codes_are_unlinkable_across_services_and_meetings() -> None:
    meeting_a = issue_codes(PEOPLE)
    meeting_b = issue_codes(PEOPLE)
    pairs = {
        "seating vs catering, same meeting": (meeting_a["seating"], meeting_a["catering"]),
        "seating in two meetings": (meeting_a["seating"], meeting_b["seating"]),
        "cloakroom vs interpretation, two meetings": (meeting_a["cloakroom"], meeting_b["interpretation"]),
    }
    for label, (left, right) in pairs.items():
        assert not [p for p in PEOPLE if left[p] == right[p]], label
        # A code derived from the other (a shared seed plus an offset, a shifted counter) makes the
        # difference of their symbols constant; independent codes make it uniform.
        for position in (0, 5):
            differences = Counter((value(left[p][position]) - value(right[p][position])) % 32 for p in PEOPLE)
            assert chi_square(differences, bins=32) < CHI2_31_LIMIT, (label, position)


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("services", "message"),
    [
        (["seating", "parking"], "unknown service 'parking'; expected one of seating, catering, cloakroom, interpretation"),
        (["catering", "catering"], "the service 'catering' is listed twice"),
        ([], "no service was given"),
    ],
)
def test_bad_services_are_refused_precisely(services: list[str], message: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        issue_codes(PEOPLE[:3], services=services)
    assert message in info.value.message
    assert info.value.field == "services"


def test_duplicate_and_empty_participant_ids_are_refused() -> None:
    with pytest.raises(InvalidInputError, match="'p2' appears twice"):
        issue_codes(["p1", "p2", "p2"])
    with pytest.raises(InvalidInputError, match="participant 2 has no id"):
        issue_codes(["p1", ""])


def test_a_bare_string_is_not_a_roster() -> None:
    with pytest.raises(TypeError):
        issue_codes("p1")


# --- reading typed codes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["7K3M-Q9TX", "7k3m-q9tx", "7K3MQ9TX", " 7k3m q9tx ", "7K3M – Q9TX", "7K3M\u2011Q9TX", "７Ｋ３Ｍ－Ｑ９ＴＸ", "7K 3M Q9 TX"],
)
def test_staff_may_type_codes_loosely(typed: str) -> None:
    assert normalise_code(typed) == "7K3M-Q9TX"
    assert check_code(typed) == "7K3M-Q9TX"


def test_lookalike_letters_read_as_digits() -> None:
    assert check_code("oOiI-lL10") == "0011-1110"


def test_normalise_never_raises_and_leaves_non_codes_for_check_to_explain() -> None:
    assert normalise_code("7K3M-Q9T") == "7K3MQ9T"
    assert normalise_code("Wang Wei") == "WANGWE1"
    assert normalise_code("") == ""


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "no service code was typed"),
        ("  - ", "no service code was typed"),
        ("7K3M-Q9T", "a service code has 8 characters, like 7K3M-Q9TX; found 7"),
        ("7K3M-Q9TXX", "found 9"),
        ("7K3M-Q9TU", "character 9, 'U', is not part of any service code"),
        ("7K3M/Q9TX", "character 5, '/', is not part of any service code"),
        ("Wang Wei", "found 7"),
        ("王磊", "character 1, '王', is not part of any service code"),
        ("7" * 65, "the text typed has 65"),
    ],
)
def test_malformed_codes_are_refused_precisely(typed: str, message: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        check_code(typed)
    assert message in info.value.message
    assert info.value.field == "code"
    assert info.value.template is not None
    assert info.value.template % info.value.params == info.value.message


SYMBOLS = st.lists(st.sampled_from(ALPHABET), min_size=CODE_LENGTH, max_size=CODE_LENGTH).map("".join)
LOOKALIKES = {"0": "0Oo", "1": "1IiLl"}


@st.composite
def typed_versions(draw: st.DrawFn, symbols: str) -> str:
    """``symbols`` as someone might type them: any case, lookalikes, spaces and hyphens anywhere."""
    out = []
    for symbol in symbols:
        out.append(draw(st.sampled_from(["", " ", "-", "\u2013", "  "])))
        choices = LOOKALIKES.get(symbol, symbol + symbol.lower())
        out.append(draw(st.sampled_from(choices)))
    out.append(draw(st.sampled_from(["", " ", "\t"])))
    return "".join(out)


@given(st.data())
def test_any_typed_version_of_a_code_reads_back_to_it(data: st.DataObject) -> None:
    symbols = data.draw(SYMBOLS)
    canonical = f"{symbols[:4]}-{symbols[4:]}"
    typed = data.draw(typed_versions(symbols))
    assert check_code(typed) == normalise_code(typed) == canonical
    assert check_code(canonical) == canonical


@given(st.text(max_size=64))
def test_any_text_is_either_a_canonical_code_or_refused(text: str) -> None:
    normalised = normalise_code(text)
    if CODE.match(normalised):
        assert check_code(text) == normalised
        assert check_code(normalised) == normalised
    else:
        with pytest.raises(InvalidInputError) as info:
            check_code(text)
        assert info.value.field == "code"
