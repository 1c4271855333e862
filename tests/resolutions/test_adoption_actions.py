"""Amendments, adoption (consensus and named roll call) and reservations, through the actions on
a real database: every rule, and every refusal with nothing recorded."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from incamera.accounts.models import User
from incamera.kernel.clock import FixedClock
from incamera.kernel.errors import ConflictError, InvalidInputError, TransitionError
from incamera.ledger.models import Event, LogEntry
from incamera.meetings.actions import do_add_member
from incamera.meetings.models import Membership
from incamera.resolutions import actions
from incamera.resolutions.models import (
    Adoption,
    Amendment,
    AmendmentState,
    Objection,
    Reservation,
    Resolution,
    ResolutionState,
    Vote,
)
from tests.conftest import Cast, make_user

pytestmark = pytest.mark.django_db

EN = "The participants agree to publish a shared registry of smelters by 2028."
FR = "Les participants conviennent de publier un registre commun des fonderies d'ici 2028."
T0 = dt.datetime(2030, 3, 1, 9, 0, tzinfo=dt.UTC)


def _draft(cast: Cast, *, method: str = "consensus", weighted: bool = False) -> Resolution:
    return actions.do_create_resolution(
        cast.meeting,
        title="On traceability",
        texts={"en": EN, "fr": FR},
        legal_character="recommendation",
        adoption_method=method,
        weighted=weighted,
        by=cast.organizer,
    )


def _events(prefix: str = "resolution.") -> list[str]:
    return list(Event.objects.filter(type__startswith=prefix).order_by("id").values_list("type", flat=True))


def _state(resolution: Resolution) -> str:
    return Resolution.objects.get(pk=resolution.pk).state


# --- amendments ---------------------------------------------------------------------------------


def test_a_member_delegation_amends_and_the_organizer_accepts_into_a_new_version(cast: Cast) -> None:
    resolution = _draft(cast)
    amended = EN.replace("2028", "2027")
    amendment = actions.do_propose_amendment(
        resolution, version=1, language="en", text=amended, reason="Sooner is feasible.", by=cast.delegate
    )
    assert amendment.delegation == "Delegate Delegation"
    assert amended.encode() not in bytes(amendment.ciphertext)
    decided = actions.do_decide_amendment(amendment, accept=True, by=cast.organizer)
    assert decided.state == AmendmentState.ACCEPTED
    assert decided.result is not None
    assert decided.result.number == 2
    assert actions.texts_of(decided.result) == {"en": amended, "fr": FR}  # the other language is kept
    said = actions.amendment_text(decided)
    assert (said.text, said.reason) == (amended, "Sooner is feasible.")
    assert _events()[-3:] == ["resolution.amendment_proposed", "resolution.version_added", "resolution.amendment_accepted"]
    assert Event.objects.get(type="resolution.version_added").payload["amendment"] == amendment.pk


def test_an_amendment_to_an_outdated_version_is_refused_precisely(cast: Cast) -> None:
    resolution = _draft(cast)
    first = actions.do_propose_amendment(resolution, version=1, language="en", text="Another text.", reason="r", by=cast.focal_point)
    actions.do_add_version(resolution, {"en": EN + " Yearly review."}, by=cast.organizer)
    before = _events()
    with pytest.raises(ConflictError, match=r"version 1 is not the latest \(version 2\)"):
        actions.do_propose_amendment(resolution, version=1, language="en", text="Third text.", reason="r", by=cast.delegate)
    # and the one proposed before the new version can no longer be accepted
    with pytest.raises(ConflictError, match="amends version 1, but the latest is version 2"):
        actions.do_decide_amendment(first, accept=True, by=cast.organizer)
    assert Amendment.objects.count() == 1
    assert Amendment.objects.get().state == AmendmentState.PROPOSED
    assert resolution.versions.count() == 2
    assert _events() == before


def test_a_rejection_needs_a_reason_and_a_decision_is_made_once(cast: Cast) -> None:
    resolution = _draft(cast)
    amendment = actions.do_propose_amendment(resolution, version=1, language="fr", text="Texte modifié.", reason="r", by=cast.organizer)
    assert amendment.delegation == ""
    with pytest.raises(InvalidInputError) as info:
        actions.do_decide_amendment(amendment, accept=False, reason="  ", by=cast.organizer)
    assert info.value.field == "reason"
    rejected = actions.do_decide_amendment(amendment, accept=False, reason="Out of scope.", by=cast.organizer)
    assert rejected.state == AmendmentState.REJECTED
    assert actions.amendment_text(rejected).decision == "Out of scope."
    with pytest.raises(ConflictError, match="already rejected"):
        actions.do_decide_amendment(amendment, accept=True, by=cast.organizer)
    assert resolution.versions.count() == 1


@pytest.mark.parametrize(
    ("language", "text", "reason", "field"),
    [("de", "Text", "r", "language"), ("en", EN, "r", "text"), ("en", "New", " ", "reason"), ("en", "", "r", "texts")],
)
def test_bad_amendments_are_refused_and_nothing_is_stored(cast: Cast, language: str, text: str, reason: str, field: str) -> None:
    resolution = _draft(cast)
    with pytest.raises(InvalidInputError) as info:
        actions.do_propose_amendment(resolution, version=1, language=language, text=text, reason=reason, by=cast.delegate)
    assert info.value.field == field
    assert not Amendment.objects.exists()


def test_observers_and_service_staff_do_not_propose_amendments(cast: Cast) -> None:
    resolution = _draft(cast)
    with pytest.raises(TransitionError, match="observers do not propose amendments"):
        actions.do_propose_amendment(resolution, version=1, language="en", text="New.", reason="r", by=cast.observer)
    with pytest.raises(TransitionError, match="without a member delegation"):
        actions.do_propose_amendment(resolution, version=1, language="en", text="New.", reason="r", by=cast.service)
    assert not Amendment.objects.exists()


# --- settings -----------------------------------------------------------------------------------


def test_the_legal_character_and_the_weighting_change_only_while_draft(cast: Cast) -> None:
    resolution = _draft(cast)
    actions.do_update_resolution(resolution, legal_character="decision", adoption_method="roll_call", weighted=False, by=cast.organizer)
    assert Resolution.objects.get(pk=resolution.pk).legal_character == "decision"
    assert _events()[-1] == "resolution.updated"
    actions.do_open_adoption(resolution, by=cast.organizer)
    for change in ({"legal_character": "recommendation"}, {"weighted": True}):
        with pytest.raises(TransitionError, match="being adopted"):
            actions.do_update_resolution(resolution, by=cast.organizer, **change)  # type: ignore[arg-type]
    row = Resolution.objects.get(pk=resolution.pk)
    assert (row.legal_character, row.weighted) == ("decision", False)


def test_a_secret_ballot_is_opened_where_its_trustees_are_named(cast: Cast) -> None:
    with pytest.raises(InvalidInputError, match="choose how it is adopted") as info:
        _draft(cast, method="acclamation")
    assert info.value.field == "adoption_method"
    resolution = _draft(cast, method="secret_ballot")
    with pytest.raises(TransitionError, match="opened in the Secret ballots section"):
        actions.do_open_adoption(resolution, by=cast.organizer)
    with pytest.raises(TransitionError, match="not adopted by secret ballot"):
        actions.do_open_adoption(_draft(cast), minutes=5, by=cast.organizer, ballot=True)
    assert not Adoption.objects.exists()
    assert _state(resolution) == ResolutionState.DRAFT


# --- consensus ----------------------------------------------------------------------------------


def test_consensus_without_objection_is_adopted_after_the_silence_period(cast: Cast) -> None:
    resolution = _draft(cast)
    attempt = actions.do_open_adoption(resolution, minutes=30, by=cast.organizer, clock=FixedClock(T0))
    assert attempt.ends_at == T0 + dt.timedelta(minutes=30)
    assert set(attempt.weights) == {"Delegate Delegation", "Focal_Point Delegation"}  # never the observers'
    assert _state(resolution) == ResolutionState.ADOPTING
    with pytest.raises(TransitionError, match="can no longer change"):
        actions.do_add_version(resolution, {"en": "Changed while silent."}, by=cast.organizer)
    with pytest.raises(TransitionError, match="runs until"):
        actions.do_declare_consensus(resolution, by=cast.organizer, clock=FixedClock(T0 + dt.timedelta(minutes=29)))
    actions.do_declare_consensus(resolution, by=cast.organizer, clock=FixedClock(T0 + dt.timedelta(minutes=30)))
    row = Resolution.objects.get(pk=resolution.pk)
    assert (row.state, row.adopted_at) == (ResolutionState.ADOPTED, T0 + dt.timedelta(minutes=30))
    assert _events()[-2:] == ["resolution.silence_opened", "resolution.adopted"]


def test_an_objection_sends_the_resolution_back_to_draft_or_fails_it(cast: Cast) -> None:
    resolution = _draft(cast)
    actions.do_open_adoption(resolution, minutes=10, by=cast.organizer, clock=FixedClock(T0))
    objection = actions.do_object(resolution, text="We cannot accept 2028.", by=cast.focal_point, clock=FixedClock(T0))
    assert b"2028" not in bytes(objection.ciphertext)
    [shown] = actions.objections_of(objection.adoption)
    assert (shown.delegation, shown.text) == ("Focal_Point Delegation", "We cannot accept 2028.")
    actions.do_declare_consensus(resolution, by=cast.organizer, clock=FixedClock(T0 + dt.timedelta(minutes=10)))
    assert _state(resolution) == ResolutionState.DRAFT
    assert _events()[-1] == "resolution.returned_to_draft"
    # the draft changes and goes back to silence; this time the chair records the objection as final
    actions.do_add_version(resolution, {"en": EN.replace("2028", "2029")}, by=cast.organizer)
    later = T0 + dt.timedelta(hours=1)
    attempt = actions.do_open_adoption(resolution, minutes=10, by=cast.organizer, clock=FixedClock(later))
    assert attempt.version.number == 2
    actions.do_object(resolution, text="Still no.", by=cast.delegate, clock=FixedClock(later))
    actions.do_declare_consensus(resolution, final=True, by=cast.organizer, clock=FixedClock(later + dt.timedelta(minutes=10)))
    assert _state(resolution) == ResolutionState.REJECTED
    assert _events()[-1] == "resolution.not_adopted"


def test_objections_refused_and_nothing_recorded(cast: Cast) -> None:
    resolution = _draft(cast)
    with pytest.raises(TransitionError, match="no silence period is open"):
        actions.do_object(resolution, text="No.", by=cast.delegate)
    actions.do_open_adoption(resolution, minutes=10, by=cast.organizer, clock=FixedClock(T0))
    actions.do_object(resolution, text="No.", by=cast.delegate, clock=FixedClock(T0))
    before = _events()
    with pytest.raises(ConflictError, match="Delegate Delegation has already objected"):
        actions.do_object(resolution, text="No again.", by=cast.delegate, clock=FixedClock(T0))
    with pytest.raises(TransitionError, match="observers do not object"):
        actions.do_object(resolution, text="No.", by=cast.observer, clock=FixedClock(T0))
    with pytest.raises(TransitionError, match="without a member delegation"):
        actions.do_object(resolution, text="No.", by=cast.organizer, clock=FixedClock(T0))
    with pytest.raises(TransitionError, match="can no longer be made"):
        actions.do_object(resolution, text="Late.", by=cast.focal_point, clock=FixedClock(T0 + dt.timedelta(minutes=10)))
    with pytest.raises(InvalidInputError):
        actions.do_object(resolution, text=" ", by=cast.focal_point, clock=FixedClock(T0))
    assert Objection.objects.count() == 1
    assert _events() == before


def test_a_silence_period_needs_its_length(cast: Cast) -> None:
    resolution = _draft(cast)
    for minutes in (None, 0):
        with pytest.raises(InvalidInputError) as info:
            actions.do_open_adoption(resolution, minutes=minutes, by=cast.organizer)
        assert info.value.field == "minutes"
    assert _state(resolution) == ResolutionState.DRAFT
    assert not Adoption.objects.exists()


# --- named roll call ----------------------------------------------------------------------------


def test_a_roll_call_one_vote_per_member_delegation(cast: Cast) -> None:
    resolution = _draft(cast, method="roll_call")
    with pytest.raises(InvalidInputError):
        actions.do_open_adoption(resolution, minutes=5, by=cast.organizer)
    with pytest.raises(TransitionError, match="no vote is open"):
        actions.do_cast_vote(resolution, choice="yes", by=cast.delegate)
    attempt = actions.do_open_adoption(resolution, by=cast.organizer)
    assert attempt.weights == {"Delegate Delegation": 1.0, "Focal_Point Delegation": 1.0}
    actions.do_cast_vote(resolution, choice="yes", by=cast.delegate)
    before = _events()
    with pytest.raises(ConflictError, match="already voted"):
        actions.do_cast_vote(resolution, choice="no", by=cast.delegate)
    with pytest.raises(TransitionError, match="observers do not vote"):
        actions.do_cast_vote(resolution, choice="no", by=cast.observer)
    with pytest.raises(TransitionError, match="without a member delegation"):
        actions.do_cast_vote(resolution, choice="no", by=cast.organizer)
    with pytest.raises(InvalidInputError) as info:
        actions.do_cast_vote(resolution, choice="perhaps", by=cast.focal_point)
    assert info.value.field == "choice"
    assert _events() == before
    assert list(Vote.objects.values_list("delegation", "choice")) == [("Delegate Delegation", "yes")]
    actions.do_cast_vote(resolution, choice="abstain", by=cast.focal_point)
    result = actions.tally_of(attempt)
    assert (result.yes, result.no, result.abstain, result.cast, result.eligible) == (1, 0, 1, 2, 2)
    actions.do_close_vote(resolution, by=cast.organizer)
    assert _state(resolution) == ResolutionState.ADOPTED
    assert _events()[-3:] == ["resolution.vote_cast", "resolution.vote_closed", "resolution.adopted"]


def test_a_vote_after_close_is_refused(cast: Cast) -> None:
    resolution = _draft(cast, method="roll_call")
    actions.do_open_adoption(resolution, by=cast.organizer)
    actions.do_cast_vote(resolution, choice="no", by=cast.delegate)
    actions.do_close_vote(resolution, by=cast.organizer)
    assert _state(resolution) == ResolutionState.REJECTED  # one no, no yes
    with pytest.raises(TransitionError, match="no vote is open"):
        actions.do_cast_vote(resolution, choice="yes", by=cast.focal_point)
    with pytest.raises(TransitionError, match="no vote is open"):
        actions.do_close_vote(resolution, by=cast.organizer)
    assert Vote.objects.count() == 1


def test_a_second_vote_of_the_same_delegation_by_another_person_is_refused(cast: Cast) -> None:
    colleague = make_user("colleague@example.org")
    do_add_member(cast.meeting, colleague, role="delegate", delegation="Delegate Delegation", by=cast.organizer)
    resolution = _draft(cast, method="roll_call")
    actions.do_open_adoption(resolution, by=cast.organizer)
    actions.do_cast_vote(resolution, choice="yes", by=cast.delegate)
    with pytest.raises(ConflictError, match="Delegate Delegation has already voted"):
        actions.do_cast_vote(resolution, choice="no", by=colleague)
    assert Vote.objects.count() == 1


def test_the_roll_is_fixed_when_the_vote_opens(cast: Cast) -> None:
    resolution = _draft(cast, method="roll_call")
    actions.do_open_adoption(resolution, by=cast.organizer)
    latecomer = make_user("late@example.org")
    do_add_member(cast.meeting, latecomer, role="delegate", delegation="Late Delegation", by=cast.organizer)
    with pytest.raises(TransitionError, match="Late Delegation was not a member delegation when the vote opened"):
        actions.do_cast_vote(resolution, choice="yes", by=latecomer)
    assert not Vote.objects.exists()


def test_a_weighted_roll_call_counts_the_matrix_weights_fixed_at_opening(scored: Cast) -> None:
    cast = scored
    Membership.objects.filter(meeting=cast.meeting, user=cast.delegate).update(delegation="Chile")
    Membership.objects.filter(meeting=cast.meeting, user=cast.focal_point).update(delegation="Kivu Refiners")
    resolution = _draft(cast, method="roll_call", weighted=True)
    attempt = actions.do_open_adoption(resolution, by=cast.organizer)
    chile, kivu = attempt.weights["Chile"], attempt.weights["Kivu Refiners"]
    assert chile > kivu > 0
    # a new score after the opening moves nothing
    from incamera.vetting.actions import do_import_scores

    do_import_scores(cast.meeting, b"delegation,DPI,TRC,GPW\nChile,1,1,1\nKivu Refiners,99,99,99\n", by=cast.organizer)
    actions.do_cast_vote(resolution, choice="no", by=cast.delegate)
    actions.do_cast_vote(resolution, choice="yes", by=cast.focal_point)
    result = actions.tally_of(Adoption.objects.get())
    assert (result.yes, result.no) == (pytest.approx(kivu), pytest.approx(chile))
    assert Vote.objects.get(delegation="Chile").weight == chile
    actions.do_close_vote(resolution, by=cast.organizer)
    assert _state(resolution) == ResolutionState.REJECTED  # one yes against one no, but Chile weighs more


def test_a_weighted_vote_needs_a_weight_for_every_member_delegation(cast: Cast) -> None:
    resolution = _draft(cast, method="roll_call", weighted=True)
    with pytest.raises(TransitionError, match="gives no weight to Delegate Delegation, Focal_Point Delegation"):
        actions.do_open_adoption(resolution, by=cast.organizer)
    assert not Adoption.objects.exists()
    assert _state(resolution) == ResolutionState.DRAFT


def test_the_log_names_no_delegation_and_no_vote_in_clear(cast: Cast) -> None:
    resolution = _draft(cast, method="roll_call")
    actions.do_open_adoption(resolution, by=cast.organizer)
    actions.do_cast_vote(resolution, choice="yes", by=cast.delegate)
    actions.do_cast_vote(resolution, choice="abstain", by=cast.focal_point)
    actions.do_close_vote(resolution, by=cast.organizer)
    actions.do_add_reservation(resolution, kind="reservation", text="Subject to domestic ratification.", by=cast.delegate)
    data = b"".join(bytes(e.data) for e in LogEntry.objects.filter(meeting=cast.meeting))
    assert b"resolution.vote_cast" in data
    for secret in (b"Delegate Delegation", b"Focal_Point", b"abstain", b"ratification"):
        assert secret not in data


# --- reservations -------------------------------------------------------------------------------


def test_reservations_and_explanations_on_an_adopted_resolution(cast: Cast) -> None:
    resolution = _draft(cast)
    with pytest.raises(TransitionError, match="on an adopted resolution"):
        actions.do_add_reservation(resolution, kind="reservation", text="Subject to ratification.", by=cast.delegate)
    actions.do_open_adoption(resolution, minutes=1, by=cast.organizer, clock=FixedClock(T0))
    actions.do_declare_consensus(resolution, by=cast.organizer, clock=FixedClock(T0 + dt.timedelta(minutes=1)))
    actions.do_add_reservation(resolution, kind="reservation", text="Subject to domestic ratification.", by=cast.delegate)
    actions.do_add_reservation(resolution, kind="explanation_of_vote", text="We joined for the region.", by=cast.focal_point)
    with pytest.raises(TransitionError, match="observers do not"):
        actions.do_add_reservation(resolution, kind="reservation", text="x", by=cast.observer)
    with pytest.raises(InvalidInputError) as info:
        actions.do_add_reservation(resolution, kind="footnote", text="x", by=cast.delegate)
    assert info.value.field == "kind"
    rows = actions.reservations_of(resolution)
    assert [(r.delegation, r.kind, r.text) for r in rows] == [
        ("Delegate Delegation", "reservation", "Subject to domestic ratification."),
        ("Focal_Point Delegation", "explanation_of_vote", "We joined for the region."),
    ]
    assert all(b"ratification" not in bytes(r.ciphertext) for r in Reservation.objects.all())


def test_a_withdrawn_objection_no_longer_stands(cast: Cast) -> None:
    resolution = _draft(cast)
    actions.do_open_adoption(resolution, minutes=10, by=cast.organizer, clock=FixedClock(T0))
    with pytest.raises(TransitionError, match="no objection standing to withdraw"):
        actions.do_withdraw_objection(resolution, by=cast.delegate, clock=FixedClock(T0))
    actions.do_object(resolution, text="Not yet.", by=cast.delegate, clock=FixedClock(T0))
    actions.do_withdraw_objection(resolution, by=cast.delegate, clock=FixedClock(T0 + dt.timedelta(minutes=1)))
    [shown] = actions.objections_of(Adoption.objects.get())
    assert shown.withdrawn_at == T0 + dt.timedelta(minutes=1)
    # it may object again, and withdraw again, while the period runs
    actions.do_object(resolution, text="On second thought, no.", by=cast.delegate, clock=FixedClock(T0 + dt.timedelta(minutes=2)))
    actions.do_withdraw_objection(resolution, by=cast.delegate, clock=FixedClock(T0 + dt.timedelta(minutes=3)))
    with pytest.raises(TransitionError, match="observers do not withdraw an objection"):
        actions.do_withdraw_objection(resolution, by=cast.observer, clock=FixedClock(T0))
    actions.do_object(resolution, text="Late but in time.", by=cast.focal_point, clock=FixedClock(T0 + dt.timedelta(minutes=4)))
    end = T0 + dt.timedelta(minutes=10)
    with pytest.raises(TransitionError, match="can no longer be withdrawn"):
        actions.do_withdraw_objection(resolution, by=cast.focal_point, clock=FixedClock(end))
    assert _events().count("resolution.objection_withdrawn") == 2
    actions.do_declare_consensus(resolution, by=cast.organizer, clock=FixedClock(end))
    assert _state(resolution) == ResolutionState.DRAFT  # the focal point's objection stands


def test_consensus_is_adopted_once_every_objection_is_withdrawn(cast: Cast) -> None:
    resolution = _draft(cast)
    actions.do_open_adoption(resolution, minutes=10, by=cast.organizer, clock=FixedClock(T0))
    actions.do_object(resolution, text="Not yet.", by=cast.delegate, clock=FixedClock(T0))
    actions.do_withdraw_objection(resolution, by=cast.delegate, clock=FixedClock(T0))
    actions.do_declare_consensus(resolution, by=cast.organizer, clock=FixedClock(T0 + dt.timedelta(minutes=10)))
    assert _state(resolution) == ResolutionState.ADOPTED


def test_the_database_keeps_one_vote_and_one_standing_objection_per_delegation(cast: Cast) -> None:
    from django.db import IntegrityError, transaction

    resolution = _draft(cast, method="roll_call")
    attempt = actions.do_open_adoption(resolution, by=cast.organizer)
    actions.do_cast_vote(resolution, choice="yes", by=cast.delegate)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(adoption=attempt, delegation="Delegate Delegation", choice="no", weight=1, cast_at=T0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Adoption.objects.create(resolution=resolution, version=attempt.version, method="roll_call", opened_at=T0)  # a second open attempt
    Objection.objects.create(adoption=attempt, delegation="X", ciphertext=b"", made_at=T0, withdrawn_at=T0)
    Objection.objects.create(adoption=attempt, delegation="X", ciphertext=b"", made_at=T0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Objection.objects.create(adoption=attempt, delegation="X", ciphertext=b"", made_at=T0)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_people_of_one_delegation_voting_at_once_record_one_vote(cast: Cast) -> None:
    colleague = make_user("colleague@example.org")
    do_add_member(cast.meeting, colleague, role="delegate", delegation="Delegate Delegation", by=cast.organizer)
    resolution = _draft(cast, method="roll_call")
    actions.do_open_adoption(resolution, by=cast.organizer)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def vote(user: User, choice: str) -> None:
        try:
            start.wait(10)
            actions.do_cast_vote(resolution, choice=choice, by=user)
            outcomes.append("recorded")
        except ConflictError:
            outcomes.append("refused")
        except BaseException as exc:  # noqa: BLE001 - reported below
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=vote, args=(cast.delegate, "yes")), threading.Thread(target=vote, args=(colleague, "no"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["recorded", "refused"]
    assert Vote.objects.count() == 1
    assert _events().count("resolution.vote_cast") == 1
