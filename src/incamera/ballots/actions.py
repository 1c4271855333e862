"""Secret ballots (issue 14): set up, opened, cast, closed, decrypted by the trustees, published.

The protocol is ``incamera.belenios`` (pure); this module keeps its public data in rows, in
order, and checks every step as the Belenios specification's server does (§3):

- **setup**: the organizer names the questions, the trustees (people of the meeting) and whether
  the matrix weights count.  Each trustee registers a public key made in their own browser or with
  ``incamera trustee keygen`` (its proof of knowledge checked); each member delegation's delegate
  registers a public credential made in their own browser, whose private half never leaves it.
  Both after a passkey confirmation of what they register.
- **open**: the election's public key is the product of the trustees' keys; the election text is
  fixed (its fingerprint is in every ballot).  Delegations without a credential cannot vote.
- **cast**: a ballot encrypted and signed in the voter's browser, after a passkey confirmation of
  its hash; the server checks its proofs and that it is signed with the voter's own credential,
  and never sees a vote in clear.  A new ballot from the same credential replaces the last one
  (the specification's revote rule); the same ballot twice is a replay, refused.
- **close**: the encrypted tally of the last ballot of each credential, weighted.
- **decrypt**: each trustee's partial decryption of the tally (never of a ballot), its proofs
  checked; with all of them, the result is computed and published.

Every step is logged; a ballot's tracker is public in the transparency log, the rest committed.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from incamera.accounts.actions import fresh_confirmation
from incamera.ballots.models import BallotState, CastBallot, PartialDecryptionRow, SecretBallot, Trustee, Voter
from incamera.belenios.archive import Archive
from incamera.belenios.ballot import Ballot, verify_ballot
from incamera.belenios.election import Election, Question, make_uuid, parse_element, public_credentials_json
from incamera.belenios.errors import BallotRejectedError, MalformedElectionDataError, ProofCheckError
from incamera.belenios.group import BELENIOS_2048
from incamera.belenios.tally import (
    PartialDecryption,
    TrusteeKey,
    combine,
    election_key,
    encrypted_tally,
    last_ballots,
    tally_from_json,
    tally_json,
    trustees_json,
    verify_partial_decryption,
)
from incamera.kernel.clock import Clock, system_clock
from incamera.kernel.errors import ConflictError, InvalidInputError, TransitionError
from incamera.kernel.text import clean_name
from incamera.ledger.events import record_event
from incamera.meetings.actions import check_record_open
from incamera.meetings.models import Meeting
from incamera.resolutions import actions as resolutions
from incamera.resolutions.actions import acting_delegation, delegation_weights
from incamera.resolutions.models import Adoption, Resolution

if TYPE_CHECKING:
    from incamera.accounts.models import User

__all__ = [
    "CAST_PURPOSE",
    "CREDENTIAL_PURPOSE",
    "DECRYPT_PURPOSE",
    "KEY_PURPOSE",
    "MAX_BALLOT_CHARS",
    "archive_of",
    "do_cast_ballot",
    "do_close_ballot",
    "do_create_ballot",
    "do_open_ballot",
    "do_put_to_ballot",
    "do_register_credential",
    "do_register_trustee_key",
    "do_submit_decryption",
    "election_of",
    "integer_weights",
    "sha256_hex",
]

KEY_PURPOSE = "ballot-trustee-key"
CREDENTIAL_PURPOSE = "ballot-credential"
CAST_PURPOSE = "ballot"
DECRYPT_PURPOSE = "ballot-decryption"
MAX_BALLOT_CHARS = 400_000  # a ballot of 10 questions of 10 answers is about 150 kB
MAX_QUESTIONS = 10
STATE_WORDS: dict[str, str] = {
    BallotState.SETUP: gettext_noop("being set up"),
    BallotState.OPEN: gettext_noop("open"),
    BallotState.CLOSED: gettext_noop("closed, being decrypted"),
    BallotState.FINISHED: gettext_noop("finished, its result published"),
}
MAX_ANSWERS = 20


def sha256_hex(text: str) -> str:
    """What a passkey confirms for a key, a credential, a ballot or a decryption: its SHA-256."""
    return hashlib.sha256(text.encode()).hexdigest()


def integer_weights(weights: Mapping[str, float]) -> dict[str, int]:
    """Belenios counts whole weights: the matrix weights as they are when they are whole, else
    scaled by 10 or 100 and rounded (the ratio between delegations kept to two decimals)."""
    for scale in (1, 10, 100):
        if all(math.isclose(w * scale, round(w * scale), abs_tol=1e-9) for w in weights.values()):
            return {name: max(1, round(w * scale)) for name, w in weights.items()}
    return {name: max(1, round(w * 100)) for name, w in weights.items()}


def _questions(raw: Sequence[Mapping[str, Any]]) -> list[Question]:
    if not raw:
        raise InvalidInputError(_("ask at least one question"), field="questions")
    if len(raw) > MAX_QUESTIONS:
        raise InvalidInputError(_("at most %(limit)d questions in one ballot") % {"limit": MAX_QUESTIONS}, field="questions")
    questions = []
    for position, item in enumerate(raw):
        try:
            question = Question.from_json(dict(item), position)
        except MalformedElectionDataError as exc:
            raise InvalidInputError(exc.message, field="questions") from exc
        if len(question.answers) > MAX_ANSWERS or len(set(question.answers)) != len(question.answers):
            msg = _("question %(n)d: at most %(limit)d answers, each different") % {"n": position + 1, "limit": MAX_ANSWERS}
            raise InvalidInputError(msg, field="questions")
        questions.append(question)
    return questions


def _check_trustees(meeting: Meeting, trustees: Sequence[User]) -> None:
    if not trustees:
        raise InvalidInputError(_("name at least one trustee: the tally cannot be decrypted without them"), field="trustees")
    if len({t.pk for t in trustees}) != len(trustees):
        raise InvalidInputError(_("a trustee is named twice"), field="trustees")
    members = set(meeting.memberships.filter(user__in=[t.pk for t in trustees]).values_list("user_id", flat=True))
    strangers = [t.email for t in trustees if t.pk not in members]
    if strangers:
        msg = _("trustees must take part in the meeting; %(who)s does not") % {"who": ", ".join(strangers)}
        raise InvalidInputError(msg, field="trustees")


def _create(
    meeting: Meeting,
    *,
    title: str,
    questions: list[Question],
    trustees: Sequence[User],
    weights: Mapping[str, float],
    weighted: bool,
    adoption: Adoption | None = None,
    description: str = "",
    by: User,
    clock: Clock,
) -> SecretBallot:
    """Inside the caller's transaction: the ballot, its trustees in order, one voter per
    delegation of ``weights`` with its whole weight; logged."""
    now = clock.now()
    ballot = SecretBallot.objects.create(
        meeting=meeting,
        adoption=adoption,
        uuid=make_uuid(),
        title=title,
        description=description.strip()[:2000],
        questions=[q.to_json() for q in questions],
        weighted=weighted,
        timestamp=int(now.timestamp()),
        created_at=now,
        created_by=by,
    )
    for position, user in enumerate(trustees, start=1):
        Trustee.objects.create(ballot=ballot, user=user, position=position)
    for name, weight in sorted(integer_weights(weights).items()):
        Voter.objects.create(ballot=ballot, delegation=name, weight=weight)
    payload = {"ballot": ballot.uuid, "questions": len(questions), "trustees": len(trustees), "weighted": weighted}
    if adoption is not None:
        payload["adoption"] = adoption.pk
    record_event("ballot.created", actor=by, meeting=meeting, payload=payload)
    return ballot


def do_create_ballot(
    meeting: Meeting,
    *,
    title: str,
    questions: Sequence[Mapping[str, Any]],
    trustees: Sequence[User],
    weighted: bool = False,
    description: str = "",
    by: User,
    clock: Clock = system_clock,
) -> SecretBallot:
    """A secret ballot being set up: its questions, its trustees in order, and one voter per
    member delegation of the meeting now, with its weight (1, or its matrix weight)."""
    title = clean_name(title, field="title")
    parsed = _questions(questions)
    _check_trustees(meeting, trustees)
    with transaction.atomic():
        check_record_open(meeting)
        weights = delegation_weights(meeting, weighted=weighted)
        return _create(
            meeting,
            title=title,
            questions=parsed,
            trustees=trustees,
            weights=weights,
            weighted=weighted,
            description=description,
            by=by,
            clock=clock,
        )


def do_put_to_ballot(resolution: Resolution, *, trustees: Sequence[User], by: User, clock: Clock = system_clock) -> SecretBallot:
    """Open the adoption of a resolution whose method is the secret ballot: the attempt freezes
    the text, the member delegations and their weights (ADR 0026), and the ballot asks them yes,
    no or abstain; its published result decides the attempt."""
    _check_trustees(resolution.meeting, trustees)
    with transaction.atomic():
        attempt = resolutions.do_open_adoption(resolution, by=by, clock=clock, ballot=True)
        question = Question(
            question=_("Adopt “%(title)s”, version %(version)d?") % {"title": resolution.title, "version": attempt.version.number},
            answers=(_("Yes"), _("No"), _("Abstain")),
            min=1,
            max=1,
        )
        description = _("Whole digest of the resolution's texts (SHA-256): %(digest)s") % {
            "digest": resolutions.digests_of(resolution).whole
        }
        return _create(
            resolution.meeting,
            title=resolution.title,
            questions=[question],
            trustees=trustees,
            weights=attempt.weights,
            weighted=attempt.weighted,
            adoption=attempt,
            description=description,
            by=by,
            clock=clock,
        )


def _locked(ballot: SecretBallot, *states: BallotState) -> SecretBallot:
    locked = SecretBallot.objects.select_for_update().get(pk=ballot.pk)
    check_record_open(locked.meeting)
    if locked.state not in states:
        msg = _("the secret ballot is %(state)s: this cannot be done now") % {"state": _(STATE_WORDS[locked.state])}
        raise TransitionError(msg)
    return locked


def _trustee(ballot: SecretBallot, user: User) -> Trustee:
    trustee = ballot.trustees.filter(user=user).first()
    if trustee is None:
        raise TransitionError(_("you are not one of this ballot's trustees"))
    return trustee


def do_register_trustee_key(
    ballot: SecretBallot, user: User, *, public_key: str, confirmation_id: int, clock: Clock = system_clock
) -> Trustee:
    """A trustee's public key, with its proof of knowledge, after a passkey confirmation of its
    SHA-256; while the ballot is being set up, once."""
    try:
        data = json.loads(public_key)
        key = TrusteeKey.from_json(data, BELENIOS_2048, "public_key")
    except (ValueError, RecursionError) as exc:
        raise InvalidInputError(_("expected the trustee's public key as JSON"), field="public_key") from exc
    except ProofCheckError as exc:
        raise InvalidInputError(
            _("the key's proof of knowledge does not verify: it was not made with its private key"), field="public_key"
        ) from exc
    except MalformedElectionDataError as exc:
        raise InvalidInputError(exc.message, field="public_key") from exc
    text = json.dumps(key.to_json(), separators=(",", ":"))
    with transaction.atomic():
        locked = _locked(ballot, BallotState.SETUP)
        trustee = _trustee(locked, user)
        if trustee.public_key:
            raise ConflictError(_("your key for this ballot is already registered"))
        if any(t.public_key == text for t in locked.trustees.all()):
            raise ConflictError(_("another trustee registered this very key: make your own"))
        fresh_confirmation(user, confirmation_id, purpose=KEY_PURPOSE, digest=sha256_hex(public_key), clock=clock)
        trustee.public_key, trustee.registered_at = text, clock.now()
        trustee.save(update_fields=["public_key", "registered_at"])
        record_event(
            "ballot.trustee_key",
            actor=user,
            meeting=locked.meeting,
            payload={"ballot": locked.uuid, "trustee": trustee.position, "key": sha256_hex(text)},
        )
    return trustee


def do_register_credential(
    ballot: SecretBallot, user: User, *, public_credential: str, confirmation_id: int, clock: Clock = system_clock
) -> Voter:
    """The public credential a delegate's browser made for their delegation, after a passkey
    confirmation of its SHA-256; while the ballot is being set up, once per delegation."""
    try:
        credential = parse_element(public_credential, BELENIOS_2048, "public_credential")
    except MalformedElectionDataError as exc:
        raise InvalidInputError(_("expected the public credential: a number of the group, in base 10"), field="public_credential") from exc
    with transaction.atomic():
        locked = _locked(ballot, BallotState.SETUP)
        delegation = acting_delegation(locked.meeting, user, act=_("vote"))
        voter = locked.voters.filter(delegation=delegation).first()
        if voter is None:
            raise TransitionError(_("%(delegation)s was not a member delegation when the ballot was set up") % {"delegation": delegation})
        if voter.public_credential:
            raise ConflictError(_("%(delegation)s has already registered its credential") % {"delegation": delegation})
        if locked.voters.filter(public_credential=str(credential)).exists():
            raise ConflictError(_("this credential is already registered"))
        fresh_confirmation(user, confirmation_id, purpose=CREDENTIAL_PURPOSE, digest=sha256_hex(public_credential), clock=clock)
        voter.public_credential, voter.registered_by, voter.registered_at = str(credential), user, clock.now()
        voter.save(update_fields=["public_credential", "registered_by", "registered_at"])
        record_event("ballot.credential_registered", actor=user, meeting=locked.meeting, payload={"ballot": locked.uuid})
    return voter


def _credentials(ballot: SecretBallot) -> dict[int, int]:
    return {int(v.public_credential): v.weight for v in ballot.voters.exclude(public_credential="")}


def do_open_ballot(ballot: SecretBallot, *, by: User, clock: Clock = system_clock) -> SecretBallot:
    """Fix the election (its key from every trustee's) and open the ballot box."""
    with transaction.atomic():
        locked = _locked(ballot, BallotState.SETUP)
        trustees = list(locked.trustees.all())
        waiting = [str(t.user) for t in trustees if not t.public_key]
        if waiting:
            raise TransitionError(_("waiting for the keys of %(who)s: every trustee registers one first") % {"who": ", ".join(waiting)})
        credentials = _credentials(locked)
        if not credentials:
            raise TransitionError(_("no delegation has registered its credential yet, so nobody could vote"))
        keys = [TrusteeKey.from_json(json.loads(t.public_key), BELENIOS_2048) for t in trustees]
        election = Election.build(
            uuid=locked.uuid,
            name=locked.title,
            description=locked.description,
            public_key=election_key(BELENIOS_2048, keys),
            questions=[Question.from_json(q, i) for i, q in enumerate(locked.questions)],
            administrator=locked.meeting.secretariat.name,
            credential_authority=_("the voters' own browsers"),
        )
        now = clock.now()
        locked.election_text, locked.state, locked.opened_at = election.text, BallotState.OPEN, now
        locked.save(update_fields=["election_text", "state", "opened_at"])
        record_event(
            "ballot.opened",
            actor=by,
            meeting=locked.meeting,
            payload={"ballot": locked.uuid, "fingerprint": election.fingerprint, "voters": len(credentials)},
        )
    return locked


@functools.lru_cache(maxsize=32)
def _election(text: str) -> Election:
    return Election.from_json(text)


def election_of(ballot: SecretBallot) -> Election:
    """The election, once open; its key's table of powers kept for the process."""
    if not ballot.election_text:
        raise TransitionError(_("the secret ballot is not open yet"))
    return _election(ballot.election_text)


def do_cast_ballot(ballot: SecretBallot, user: User, *, text: str, confirmation_id: int, clock: Clock = system_clock) -> CastBallot:
    """Accept a ballot made in the voter's browser; nothing is recorded unless every check passes."""
    if not isinstance(text, str) or len(text) > MAX_BALLOT_CHARS:
        raise InvalidInputError(
            _("expected the ballot as JSON of at most %(limit)d characters") % {"limit": MAX_BALLOT_CHARS}, field="ballot"
        )
    election = election_of(ballot)
    try:
        parsed = Ballot.from_json(text, election)
    except MalformedElectionDataError as exc:
        raise InvalidInputError(
            _("this is not a ballot for this election: %(problem)s") % {"problem": exc.message}, field="ballot"
        ) from exc
    # The proofs are checked before the box is locked (its credentials are fixed once it opens):
    # one ballot's arithmetic does not hold up the others.
    try:
        verify_ballot(parsed, election, _credentials(ballot))
    except (ProofCheckError, BallotRejectedError) as exc:
        raise InvalidInputError(_("the ballot does not verify: %(problem)s") % {"problem": exc.message}, field="ballot") from exc
    with transaction.atomic():
        locked = _locked(ballot, BallotState.OPEN)
        delegation = acting_delegation(locked.meeting, user, act=_("vote"))
        voter = locked.voters.filter(delegation=delegation).first()
        if voter is None or not voter.public_credential:
            raise TransitionError(
                _("%(delegation)s registered no credential before the vote opened, so it cannot vote") % {"delegation": delegation}
            )
        if str(parsed.credential) != voter.public_credential:
            raise InvalidInputError(_("the ballot is signed with another credential than your delegation's"), field="ballot")
        if locked.cast.filter(tracker=parsed.tracker).exists():
            raise ConflictError(_("this very ballot is already in the box: a replay is refused"))
        fresh_confirmation(user, confirmation_id, purpose=CAST_PURPOSE, digest=sha256_hex(text), clock=clock)
        try:
            with transaction.atomic():
                row = CastBallot.objects.create(
                    ballot=locked, text=text, tracker=parsed.tracker, credential=voter.public_credential, cast_at=clock.now()
                )
        except IntegrityError as exc:
            raise ConflictError(_("this very ballot is already in the box: a replay is refused")) from exc
        # No actor: the log says a ballot was cast and its tracker, never by whom.
        record_event("ballot.cast", actor=None, meeting=locked.meeting, payload={"ballot": locked.uuid, "tracker": parsed.tracker})
    return row


def _ballots(ballot: SecretBallot) -> list[Ballot]:
    election = election_of(ballot)
    return [Ballot.from_json(row.text, election) for row in ballot.cast.order_by("id")]


def do_close_ballot(ballot: SecretBallot, *, by: User, clock: Clock = system_clock) -> SecretBallot:
    """Close the box and compute the encrypted tally; the trustees then decrypt it."""
    with transaction.atomic():
        locked = _locked(ballot, BallotState.OPEN)
        election = election_of(locked)
        last = last_ballots(_ballots(locked))
        tally, total = encrypted_tally(election, last, _credentials(locked))
        locked.tally_text, locked.num_tallied, locked.total_weight = tally_json(tally), len(last), total
        locked.state, locked.closed_at = BallotState.CLOSED, clock.now()
        locked.save(update_fields=["tally_text", "num_tallied", "total_weight", "state", "closed_at"])
        record_event(
            "ballot.closed",
            actor=by,
            meeting=locked.meeting,
            payload={"ballot": locked.uuid, "tallied": len(last), "total_weight": total, "tally": sha256_hex(locked.tally_text)},
        )
    return locked


def do_submit_decryption(
    ballot: SecretBallot, user: User, *, text: str, confirmation_id: int, clock: Clock = system_clock
) -> PartialDecryptionRow:
    """A trustee's partial decryption of the tally, its proofs checked; the last one publishes
    the result."""
    if not isinstance(text, str) or len(text) > MAX_BALLOT_CHARS:
        raise InvalidInputError(_("expected the partial decryption as JSON"), field="partial_decryption")
    with transaction.atomic():
        locked = _locked(ballot, BallotState.CLOSED)
        trustee = _trustee(locked, user)
        if PartialDecryptionRow.objects.filter(trustee=trustee).exists():
            raise ConflictError(_("your partial decryption is already in"))
        election = election_of(locked)
        tally = tally_from_json(locked.tally_text, election)
        key = TrusteeKey.from_json(json.loads(trustee.public_key), BELENIOS_2048)
        try:
            decryption = PartialDecryption.from_json(text, election, tally)
            verify_partial_decryption(election, tally, key, decryption)
        except MalformedElectionDataError as exc:
            raise InvalidInputError(exc.message, field="partial_decryption") from exc
        except ProofCheckError as exc:
            msg = _("the partial decryption does not verify with your key: %(problem)s") % {"problem": exc.message}
            raise InvalidInputError(msg, field="partial_decryption") from exc
        fresh_confirmation(user, confirmation_id, purpose=DECRYPT_PURPOSE, digest=sha256_hex(text), clock=clock)
        row = PartialDecryptionRow.objects.create(ballot=locked, trustee=trustee, text=decryption.to_json(), submitted_at=clock.now())
        record_event("ballot.decrypted", actor=user, meeting=locked.meeting, payload={"ballot": locked.uuid, "trustee": trustee.position})
        rows = {r.trustee.position: r for r in locked.decryptions.select_related("trustee")}
        if len(rows) == locked.trustees.count():
            decryptions = [PartialDecryption.from_json(rows[p].text, election, tally) for p in sorted(rows)]
            locked.result = combine(election, tally, decryptions, locked.total_weight)
            locked.state, locked.finished_at = BallotState.FINISHED, clock.now()
            locked.save(update_fields=["result", "state", "finished_at"])
            record_event("ballot.result", actor=None, meeting=locked.meeting, payload={"ballot": locked.uuid, "result": locked.result})
            if locked.adoption_id is not None:
                yes, no, abstain = locked.result[0]
                resolution = locked.adoption.resolution  # type: ignore[union-attr]
                resolutions.do_decide_by_ballot(resolution, yes=yes, no=no, abstain=abstain, cast=locked.num_tallied, by=user, clock=clock)
    return row


def archive_of(ballot: SecretBallot) -> bytes:
    """The election's public record (``<uuid>.bel``) as it stands, rebuilt from the rows in order;
    before the vote opens there is no election yet."""
    if not ballot.election_text:
        raise TransitionError(_("the secret ballot is not open yet: its record starts when it opens"))
    archive = Archive(timestamp=ballot.timestamp)
    keys = [TrusteeKey.from_json(json.loads(t.public_key), BELENIOS_2048) for t in ballot.trustees.all()]
    archive.setup(ballot.election_text, trustees_json(keys), public_credentials_json(_credentials(ballot), weighted=ballot.weighted))
    for cast in ballot.cast.order_by("id"):
        archive.ballot(cast.text)
    if ballot.state in (BallotState.CLOSED, BallotState.FINISHED):
        archive.end_ballots()
        archive.encrypted_tally(ballot.tally_text, num_tallied=ballot.num_tallied, total_weight=ballot.total_weight)
        for row in ballot.decryptions.select_related("trustee").order_by("submitted_at", "id"):
            archive.partial_decryption(row.trustee.position, row.text)
        if ballot.result is not None:
            archive.result(ballot.result)
    return archive.to_bytes()
