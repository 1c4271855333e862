"""Resolutions (issue 13): drafting (a first version with a text per working language, further
versions and amendments while it is a draft), adoption (``adoption.py`` says the rules of an
attempt; these actions store it), and reservations and explanations of position once adopted.

Texts are sealed under the meeting key, bound to their row; so are the amendments' texts and
reasons, the objections and the reservations.  The log gets digests, delegations and votes only as
salted commitments; its clear facts are version numbers, languages, methods and kinds.

Who acts: the organizers draft, decide amendments and chair the adoption; a *member delegation*
(a delegate's or a focal point's, never an observer's) proposes amendments, objects, votes and
makes reservations, through any of its delegates or its focal point."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from incamera.conduct.actions import presence
from incamera.kernel.clock import Clock, system_clock
from incamera.kernel.errors import ConflictError, InvalidInputError, TransitionError
from incamera.kernel.text import clean_name
from incamera.ledger.events import record_event
from incamera.materials import keyring
from incamera.meetings.actions import check_record_open
from incamera.meetings.models import AgendaItem, Meeting, Membership, Role
from incamera.resolutions import adoption, digests
from incamera.resolutions.models import (
    Adoption,
    AdoptionMethod,
    AdoptionOutcome,
    Amendment,
    AmendmentState,
    LegalCharacter,
    Objection,
    Reservation,
    ReservationKind,
    Resolution,
    ResolutionState,
    ResolutionText,
    ResolutionVersion,
    Vote,
)

if TYPE_CHECKING:
    from incamera.accounts.models import User

__all__ = [
    "MAX_REASON_CHARS",
    "MAX_TEXT_CHARS",
    "MEMBER_ROLES",
    "AmendmentText",
    "ResolutionDigests",
    "SealedStatement",
    "acting_delegation",
    "amendments_of",
    "check_texts",
    "current_adoption",
    "delegation_weights",
    "digests_of",
    "do_add_reservation",
    "do_add_version",
    "do_cast_vote",
    "do_close_adoption",
    "do_close_vote",
    "do_create_resolution",
    "do_decide_amendment",
    "do_decide_by_ballot",
    "do_declare_consensus",
    "do_object",
    "do_open_adoption",
    "do_propose_amendment",
    "do_update_resolution",
    "do_withdraw_objection",
    "member_delegation",
    "member_delegations",
    "objections_of",
    "reservations_of",
    "tally_of",
    "text_label",
    "texts_of",
    "version_texts",
]

MAX_TEXT_CHARS = 100_000  # about forty pages, per language
MAX_REASON_CHARS = 5_000  # a reason, an objection, a reservation: a page or two

# The roles whose delegation is a member delegation: it proposes, objects, votes and reserves.
MEMBER_ROLES = (Role.DELEGATE, Role.FOCAL_POINT)


def text_label(text: ResolutionText) -> str:
    """What a text's ciphertext is bound to: its row, so that texts cannot be swapped."""
    return f"resolution-text {text.pk}"


def check_texts(texts: Mapping[str, str]) -> dict[str, str]:
    """The texts, normalised (``digests.normalize_text``); InvalidInputError names the language at
    fault: none given, a language that is not a working language, an empty or oversized text."""
    if not texts:
        raise InvalidInputError(_("give the text in at least one working language"), field="texts")
    clean: dict[str, str] = {}
    for lang, text in texts.items():
        if lang not in digests.LANGUAGES:
            msg = _("%(found)s is not a working language (%(known)s)") % {"found": repr(lang)[:20], "known": ", ".join(digests.LANGUAGES)}
            raise InvalidInputError(msg, field="language")
        normal = digests.normalize_text(text)
        if not normal:
            raise InvalidInputError(_("the %(language)s text is empty") % {"language": lang}, field="texts")
        if len(normal) > MAX_TEXT_CHARS:
            msg = _("the %(language)s text has %(found)d characters; at most %(limit)d") % {
                "language": lang,
                "found": len(normal),
                "limit": MAX_TEXT_CHARS,
            }
            raise InvalidInputError(msg, field="texts")
        clean[lang] = normal
    return clean


def _check_legal_character(value: str) -> None:
    if value not in LegalCharacter.values:
        raise InvalidInputError(
            _("choose the legal character: %(known)s") % {"known": ", ".join(LegalCharacter.values)}, field="legal_character"
        )


def _check_method(method: str, *, weighted: bool) -> None:
    """Consensus, a named roll call or a secret ballot; only a vote is weighted."""
    if method not in AdoptionMethod.values:
        msg = _("choose how it is adopted: %(known)s") % {"known": "consensus, roll_call, secret_ballot"}
        raise InvalidInputError(msg, field="adoption_method")
    if weighted and method == AdoptionMethod.CONSENSUS:
        raise InvalidInputError(_("only a vote (named roll call or secret ballot) can be weighted"), field="weighted")


def _check_statement(text: str, *, field: str, what: str) -> str:
    """A reason, an objection or a reservation: normalised, 1 to MAX_REASON_CHARS characters."""
    clean = digests.normalize_text(text)
    if not clean:
        raise InvalidInputError(_("give the %(what)s") % {"what": what}, field=field)
    if len(clean) > MAX_REASON_CHARS:
        msg = _("the %(what)s has %(found)d characters; at most %(limit)d") % {"what": what, "found": len(clean), "limit": MAX_REASON_CHARS}
        raise InvalidInputError(msg, field=field)
    return clean


def _lock_draft(resolution: Resolution) -> Resolution:
    """The resolution's row, locked, while it is a draft (inside the caller's transaction)."""
    locked = Resolution.objects.select_for_update().get(pk=resolution.pk)
    check_record_open(locked.meeting)
    if locked.state != ResolutionState.DRAFT:
        raise TransitionError(
            _("the resolution is %(state)s: its text can no longer change") % {"state": locked.get_state_display().lower()}
        )
    return locked


def _sealed(meeting: Meeting, data: bytes, label: str) -> bytes:
    return keyring.seal(meeting, data, label=label)


def _store_version(resolution: Resolution, number: int, texts: dict[str, str], *, by: User, clock: Clock) -> ResolutionVersion:
    version = ResolutionVersion.objects.create(resolution=resolution, number=number, created_at=clock.now(), created_by=by)
    for lang, text in sorted(texts.items()):
        row = ResolutionText.objects.create(version=version, language=lang, digest=digests.text_digest(text), ciphertext=b"")
        row.ciphertext = keyring.seal(resolution.meeting, text.encode(), label=text_label(row))
        row.save(update_fields=["ciphertext"])
    return version


def do_create_resolution(
    meeting: Meeting,
    *,
    title: str,
    texts: Mapping[str, str],
    legal_character: str,
    adoption_method: str = AdoptionMethod.CONSENSUS,
    weighted: bool = False,
    agenda_item: AgendaItem | None = None,
    by: User,
    clock: Clock = system_clock,
) -> Resolution:
    """A draft resolution with its first version."""
    # One line, no invisible or direction-changing characters: the title is part of what is signed.
    title = clean_name(title, field="title")
    _check_legal_character(legal_character)
    _check_method(adoption_method, weighted=weighted)
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise InvalidInputError(_("the agenda item is not this meeting's"), field="agenda_item")
    clean = check_texts(texts)
    with transaction.atomic():
        check_record_open(meeting)
        resolution = Resolution.objects.create(
            meeting=meeting,
            agenda_item=agenda_item,
            title=title,
            legal_character=legal_character,
            adoption_method=adoption_method,
            weighted=weighted,
            created_at=clock.now(),
            created_by=by,
        )
        _store_version(resolution, 1, clean, by=by, clock=clock)
        whole = digests_of(resolution).whole
        record_event(
            "resolution.drafted", actor=by, meeting=meeting, payload={"resolution": str(resolution.uuid), "version": 1, "digest": whole}
        )
    return resolution


def do_add_version(
    resolution: Resolution, texts: Mapping[str, str], *, by: User, clock: Clock = system_clock, amendment: Amendment | None = None
) -> ResolutionVersion:
    """A new version of a draft; refused once the resolution is being adopted (its text frozen).
    ``amendment``: the accepted amendment the version comes from, named in the log event."""
    clean = check_texts(texts)
    with transaction.atomic():
        locked = _lock_draft(resolution)
        number = (locked.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = _store_version(locked, number, clean, by=by, clock=clock)
        whole = digests_of(locked).whole
        payload: dict[str, object] = {"resolution": str(locked.uuid), "version": number, "digest": whole}
        if amendment is not None:
            payload["amendment"] = amendment.pk
        record_event("resolution.version_added", actor=by, meeting=locked.meeting, payload=payload)
    return version


def texts_of(version: ResolutionVersion) -> dict[str, str]:
    """The version's texts by language, unsealed."""
    return {lang: text for lang, (_digest, text) in version_texts(version).items()}


def version_texts(version: ResolutionVersion) -> dict[str, tuple[str, str]]:
    """The version's texts by language, each with its digest: (digest, text)."""
    rows = list(version.texts.all())
    opened = keyring.open_all_sealed(version.resolution.meeting, [(bytes(row.ciphertext), text_label(row)) for row in rows])
    return {row.language: (row.digest, data.decode()) for row, data in zip(rows, opened, strict=True)}


@dataclass(frozen=True)
class ResolutionDigests:
    """Every version's texts' digests, oldest first, and the whole digest (``digests.py``)."""

    versions: tuple[digests.Version, ...]
    whole: str

    @property
    def latest(self) -> digests.Version:
        return self.versions[-1]


def digests_of(resolution: Resolution) -> ResolutionDigests:
    versions: dict[int, dict[str, str]] = {}
    for number, lang, digest in ResolutionText.objects.filter(version__resolution=resolution).values_list(
        "version__number", "language", "digest"
    ):
        versions.setdefault(number, {})[lang] = digest
    ordered = tuple(digests.Version(number, texts) for number, texts in sorted(versions.items()))
    return ResolutionDigests(ordered, digests.whole_digest(str(resolution.uuid), resolution.title, ordered))


# --- who acts for a delegation ------------------------------------------------------------------


def member_delegation(meeting: Meeting, user: User) -> str | None:
    """The member delegation ``user`` acts for in ``meeting`` (a delegate's or a focal point's)."""
    name = Membership.objects.filter(meeting=meeting, user=user, role__in=MEMBER_ROLES).values_list("delegation", flat=True).first()
    return name or None


def member_delegations(meeting: Meeting) -> list[str]:
    """Every member delegation of the meeting, by name."""
    names = Membership.objects.filter(meeting=meeting, role__in=MEMBER_ROLES).exclude(delegation="").values_list("delegation", flat=True)
    return sorted(set(names))


def acting_delegation(meeting: Meeting, user: User, *, act: str) -> str:
    """The member delegation ``user`` does ``act`` for; TransitionError says why there is none."""
    name = member_delegation(meeting, user)
    if name is not None:
        return name
    role = Membership.objects.filter(meeting=meeting, user=user).values_list("role", flat=True).first()
    if role == Role.OBSERVER:
        msg = _("observers do not %(act)s: only a member delegation, through its delegates or focal point, does") % {"act": act}
    else:
        msg = _("you take part in this meeting without a member delegation, so you cannot %(act)s") % {"act": act}
    raise TransitionError(msg)


# --- amendments ---------------------------------------------------------------------------------


def _amendment_label(amendment: Amendment) -> str:
    return f"resolution-amendment {amendment.pk}"


def _decision_label(amendment: Amendment) -> str:
    return f"resolution-amendment-decision {amendment.pk}"


def do_propose_amendment(
    resolution: Resolution, *, version: int, language: str, text: str, reason: str, by: User, clock: Clock = system_clock
) -> Amendment:
    """Replacement text for ``language`` of version ``version``, which must be the latest (an
    amendment to an outdated version is a ConflictError).  An organizer or a member delegation
    proposes it, while the resolution is a draft."""
    clean = check_texts({language: text})[language]
    why = _check_statement(reason, field="reason", what=_("reason"))
    with transaction.atomic():
        locked = _lock_draft(resolution)
        meeting = locked.meeting
        role = Membership.objects.filter(meeting=meeting, user=by).values_list("role", flat=True).first()
        delegation = "" if role == Role.ORGANIZER else acting_delegation(meeting, by, act=_("propose amendments"))
        latest = locked.versions.order_by("-number").first()
        if latest is None or latest.number != version:
            found = latest.number if latest else 0
            msg = _("version %(version)s is not the latest (version %(latest)d): amend the latest version") % {
                "version": version,
                "latest": found,
            }
            raise ConflictError(msg)
        current = texts_of(latest)
        if language not in current and language not in (meeting.languages or []):
            msg = _("%(language)s is neither a language of this version nor a working language of the meeting") % {"language": language}
            raise InvalidInputError(msg, field="language")
        if current.get(language) == clean:
            raise InvalidInputError(_("the amendment changes nothing in the %(language)s text") % {"language": language}, field="text")
        amendment = Amendment.objects.create(
            resolution=locked,
            version=latest,
            language=language,
            digest=digests.text_digest(clean),
            ciphertext=b"",
            delegation=delegation,
            proposed_at=clock.now(),
            proposed_by=by,
        )
        sealed = json.dumps({"text": clean, "reason": why}, ensure_ascii=False).encode()
        amendment.ciphertext = _sealed(meeting, sealed, _amendment_label(amendment))
        amendment.save(update_fields=["ciphertext"])
        payload = {
            "resolution": str(locked.uuid),
            "amendment": amendment.pk,
            "version": version,
            "language": language,
            "digest": amendment.digest,
            "delegation": delegation,
        }
        record_event("resolution.amendment_proposed", actor=by, meeting=meeting, payload=payload)
    return amendment


def do_decide_amendment(amendment: Amendment, *, accept: bool, reason: str = "", by: User, clock: Clock = system_clock) -> Amendment:
    """The organizers accept an amendment (a new version: the latest with the amended language
    replaced) or reject it with a reason.  Refused once decided (ConflictError), and for an
    amendment to a version that is no longer the latest (ConflictError)."""
    why = _check_statement(reason, field="reason", what=_("reason for rejecting it")) if not accept else digests.normalize_text(reason)
    if len(why) > MAX_REASON_CHARS:
        raise InvalidInputError(_("the reason has more than %(limit)d characters") % {"limit": MAX_REASON_CHARS}, field="reason")
    with transaction.atomic():
        locked = _lock_draft(amendment.resolution)
        row = Amendment.objects.select_for_update().get(pk=amendment.pk)
        if row.state != AmendmentState.PROPOSED:
            raise ConflictError(_("amendment %(id)d was already %(state)s") % {"id": row.pk, "state": row.get_state_display().lower()})
        latest = locked.versions.order_by("-number").first()
        assert latest is not None  # a resolution is created with its first version
        if row.version_id != latest.pk:
            msg = _("amendment %(id)d amends version %(version)d, but the latest is version %(latest)d") % {
                "id": row.pk,
                "version": row.version.number,
                "latest": latest.number,
            }
            raise ConflictError(msg)
        row.decided_at = clock.now()
        row.decided_by = by
        payload: dict[str, object] = {"resolution": str(locked.uuid), "amendment": row.pk, "version": latest.number}
        if accept:
            texts = texts_of(latest) | {row.language: amendment_text(row).text}
            row.result = do_add_version(locked, texts, by=by, clock=clock, amendment=row)
            row.state = AmendmentState.ACCEPTED
            payload["version"] = row.result.number
            if why:
                row.decision_ciphertext = _sealed(locked.meeting, why.encode(), _decision_label(row))
            record_event("resolution.amendment_accepted", actor=by, meeting=locked.meeting, payload=payload)
        else:
            row.state = AmendmentState.REJECTED
            row.decision_ciphertext = _sealed(locked.meeting, why.encode(), _decision_label(row))
            record_event("resolution.amendment_rejected", actor=by, meeting=locked.meeting, payload=payload | {"reason": why})
        row.save()
    return row


@dataclass(frozen=True)
class AmendmentText:
    """An amendment's replacement text, its reason, and the reason of its decision ("" if none)."""

    text: str
    reason: str
    decision: str = ""


def amendment_text(amendment: Amendment) -> AmendmentText:
    meeting = amendment.resolution.meeting
    body = json.loads(keyring.open_sealed(meeting, bytes(amendment.ciphertext), label=_amendment_label(amendment)))
    decision = bytes(amendment.decision_ciphertext)
    said = keyring.open_sealed(meeting, decision, label=_decision_label(amendment)).decode() if decision else ""
    return AmendmentText(text=body["text"], reason=body["reason"], decision=said)


def amendments_of(resolution: Resolution) -> list[tuple[Amendment, AmendmentText]]:
    rows = list(resolution.amendments.select_related("version", "result", "resolution__meeting"))
    return [(row, amendment_text(row)) for row in rows]


# --- the resolution's settings ------------------------------------------------------------------


def do_update_resolution(
    resolution: Resolution,
    *,
    legal_character: str | None = None,
    adoption_method: str | None = None,
    weighted: bool | None = None,
    by: User,
) -> Resolution:
    """The organizer's choices, while the resolution is a draft: its legal character, how it is
    adopted, and whether a roll call is weighted (never once the vote is open)."""
    with transaction.atomic():
        locked = _lock_draft(resolution)
        changes: dict[str, object] = {}
        if legal_character is not None:
            _check_legal_character(legal_character)
            changes["legal_character"] = legal_character
        method = adoption_method if adoption_method is not None else locked.adoption_method
        weigh = weighted if weighted is not None else (locked.weighted and method == AdoptionMethod.ROLL_CALL)
        _check_method(method, weighted=weigh)
        changes |= {"adoption_method": method, "weighted": weigh}
        changes = {k: v for k, v in changes.items() if getattr(locked, k) != v}
        if changes:
            for key, value in changes.items():
                setattr(locked, key, value)
            locked.save(update_fields=list(changes))
            payload = {"resolution": str(locked.uuid), **{k: str(v).lower() if isinstance(v, bool) else v for k, v in changes.items()}}
            record_event("resolution.updated", actor=by, meeting=locked.meeting, payload=payload)
    return locked


# --- adoption -----------------------------------------------------------------------------------


def current_adoption(resolution: Resolution) -> Adoption | None:
    """The latest adoption attempt, open or closed (None before the first)."""
    return resolution.adoptions.order_by("-opened_at", "-id").first()


def delegation_weights(meeting: Meeting, *, weighted: bool) -> dict[str, float]:
    """Each member delegation's weight now: 1 each, or its matrix weight when ``weighted``."""
    names = member_delegations(meeting)
    if not names:
        raise TransitionError(_("no member delegation takes part in this meeting, so none could object or vote"))
    if not weighted:
        return dict.fromkeys(names, 1.0)
    matrix = {d.name: d.weight for d in presence(meeting)}
    unweighed = [name for name in names if matrix.get(name, 0.0) <= 0]
    if unweighed:
        msg = _("the qualification matrix gives no weight to %(names)s: score them, or open an unweighted vote") % {
            "names": ", ".join(unweighed)
        }
        raise TransitionError(msg)
    return {name: matrix[name] for name in names}


def do_open_adoption(
    resolution: Resolution, *, minutes: int | None = None, by: User, clock: Clock = system_clock, ballot: bool = False
) -> Adoption:
    """Freeze the latest version and open a silence period of ``minutes`` (consensus), the roll
    call or the secret ballot, for the member delegations of the meeting now, with their weights
    now.  A secret ballot is opened by ``ballots.actions`` (``ballot``), which names its trustees."""
    with transaction.atomic():
        locked = Resolution.objects.select_for_update().get(pk=resolution.pk)
        check_record_open(locked.meeting)
        if locked.state != ResolutionState.DRAFT:
            msg = _("the resolution is %(state)s: only a draft can be put to adoption") % {"state": locked.get_state_display().lower()}
            raise TransitionError(msg)
        method = adoption.check_method(locked.adoption_method)
        if (method is adoption.Method.SECRET_BALLOT) != ballot:
            msg = (
                _("a secret ballot is opened in the Secret ballots section, where its trustees are named")
                if not ballot
                else _("this resolution is not adopted by secret ballot")
            )
            raise TransitionError(msg)
        now = clock.now()
        ends_at = None
        if method is adoption.Method.CONSENSUS:
            if minutes is None:
                raise InvalidInputError(_("say how many minutes the silence period lasts"), field="minutes")
            ends_at = adoption.silence_ends(now, minutes)
        elif minutes is not None:
            raise InvalidInputError(_("a roll call has no silence period: leave the minutes out"), field="minutes")
        weights = delegation_weights(locked.meeting, weighted=locked.weighted)
        latest = locked.versions.order_by("-number").first()
        assert latest is not None
        attempt = Adoption.objects.create(
            resolution=locked,
            version=latest,
            method=method.value,
            weighted=locked.weighted,
            weights=weights,
            opened_at=now,
            opened_by=by,
            ends_at=ends_at,
        )
        locked.state = ResolutionState.ADOPTING
        locked.save(update_fields=["state"])
        payload: dict[str, object] = {
            "resolution": str(locked.uuid),
            "adoption": attempt.pk,
            "version": latest.number,
            "digest": digests_of(locked).whole,
            "delegations": sorted(weights),
        }
        if method is adoption.Method.CONSENSUS:
            assert ends_at is not None
            payload["ends_at"] = ends_at.isoformat()
            record_event("resolution.silence_opened", actor=by, meeting=locked.meeting, payload=payload)
        else:
            payload["weights"] = weights
            record_event("resolution.vote_opened", actor=by, meeting=locked.meeting, payload=payload | {"weighted": locked.weighted})
    return attempt


def _lock_open(resolution: Resolution, method: adoption.Method) -> tuple[Resolution, Adoption]:
    """The resolution and its open attempt by ``method``, locked; TransitionError when none is."""
    locked = Resolution.objects.select_for_update().get(pk=resolution.pk)
    check_record_open(locked.meeting)
    attempt = Adoption.objects.select_for_update().filter(resolution=locked, outcome=AdoptionOutcome.OPEN).first()
    if attempt is None or attempt.method != method:
        if method is adoption.Method.CONSENSUS:
            raise TransitionError(_("no silence period is open on this resolution"))
        raise TransitionError(_("no vote is open on this resolution: it may have closed"))
    return locked, attempt


def _finish(locked: Resolution, attempt: Adoption, outcome: adoption.Outcome, *, by: User | None, now: dt.datetime) -> None:
    attempt.outcome = outcome.value
    attempt.closed_at = now
    attempt.closed_by = by
    attempt.save(update_fields=["outcome", "closed_at", "closed_by"])
    locked.state = {
        adoption.Outcome.ADOPTED: ResolutionState.ADOPTED,
        adoption.Outcome.NOT_ADOPTED: ResolutionState.REJECTED,
        adoption.Outcome.RETURNED: ResolutionState.DRAFT,
    }[outcome]
    locked.adopted_at = now if outcome is adoption.Outcome.ADOPTED else None
    locked.save(update_fields=["state", "adopted_at"])
    payload = {"resolution": str(locked.uuid), "adoption": attempt.pk, "method": attempt.method, "version": attempt.version.number}
    event = {
        adoption.Outcome.ADOPTED: "resolution.adopted",
        adoption.Outcome.NOT_ADOPTED: "resolution.not_adopted",
        adoption.Outcome.RETURNED: "resolution.returned_to_draft",
    }[outcome]
    if outcome is adoption.Outcome.ADOPTED:
        payload["digest"] = digests_of(locked).whole
    record_event(event, actor=by, meeting=locked.meeting, payload=payload)


def _objection_label(objection: Objection) -> str:
    return f"resolution-objection {objection.pk}"


def do_object(resolution: Resolution, *, text: str, by: User, clock: Clock = system_clock) -> Objection:
    """A member delegation objects during the silence period, once, saying why."""
    said = _check_statement(text, field="text", what=_("objection"))
    with transaction.atomic():
        locked, attempt = _lock_open(resolution, adoption.Method.CONSENSUS)
        delegation = acting_delegation(locked.meeting, by, act=_("object"))
        if delegation not in attempt.weights:
            msg = _("%(delegation)s was not a member delegation when the silence period opened") % {"delegation": delegation}
            raise TransitionError(msg)
        assert attempt.ends_at is not None
        now = clock.now()
        objected = attempt.objections.filter(delegation=delegation, withdrawn_at__isnull=True).exists()
        adoption.check_objection(now, attempt.ends_at, delegation=delegation, objected=objected)
        try:
            with transaction.atomic():
                objection = Objection.objects.create(adoption=attempt, delegation=delegation, ciphertext=b"", made_at=now, made_by=by)
        except IntegrityError as exc:
            raise ConflictError(_("%(delegation)s has already objected") % {"delegation": delegation}) from exc
        objection.ciphertext = _sealed(locked.meeting, said.encode(), _objection_label(objection))
        objection.save(update_fields=["ciphertext"])
        payload = {"resolution": str(locked.uuid), "adoption": attempt.pk, "delegation": delegation, "text": said}
        record_event("resolution.objection", actor=by, meeting=locked.meeting, payload=payload)
    return objection


def do_withdraw_objection(resolution: Resolution, *, by: User, clock: Clock = system_clock) -> Objection:
    """The caller's member delegation withdraws its standing objection during the silence period."""
    with transaction.atomic():
        locked, attempt = _lock_open(resolution, adoption.Method.CONSENSUS)
        delegation = acting_delegation(locked.meeting, by, act=_("withdraw an objection"))
        assert attempt.ends_at is not None
        now = clock.now()
        standing = attempt.objections.select_for_update().filter(delegation=delegation, withdrawn_at__isnull=True).first()
        adoption.check_withdrawal(now, attempt.ends_at, delegation=delegation, objected=standing is not None)
        assert standing is not None
        standing.withdrawn_at = now
        standing.save(update_fields=["withdrawn_at"])
        payload = {"resolution": str(locked.uuid), "adoption": attempt.pk, "objection": standing.pk, "delegation": delegation}
        record_event("resolution.objection_withdrawn", actor=by, meeting=locked.meeting, payload=payload)
    return standing


def do_declare_consensus(resolution: Resolution, *, final: bool = False, by: User, clock: Clock = system_clock) -> Adoption:
    """The chair's declaration after the silence period: adopted when no objection stands; else
    back to draft, or not adopted with ``final``."""
    with transaction.atomic():
        locked, attempt = _lock_open(resolution, adoption.Method.CONSENSUS)
        assert attempt.ends_at is not None
        now = clock.now()
        standing = attempt.objections.filter(withdrawn_at__isnull=True).count()
        outcome = adoption.declare_consensus(now, attempt.ends_at, objections=standing, final=final)
        _finish(locked, attempt, outcome, by=by, now=now)
    return attempt


def do_cast_vote(resolution: Resolution, *, choice: str, by: User, clock: Clock = system_clock) -> Vote:
    """The vote of the caller's member delegation in the open roll call: once per delegation."""
    with transaction.atomic():
        locked, attempt = _lock_open(resolution, adoption.Method.ROLL_CALL)
        delegation = acting_delegation(locked.meeting, by, act=_("vote"))
        voted = attempt.votes.filter(delegation=delegation).exists()
        chosen = adoption.check_vote(delegation, choice, weights=attempt.weights, voted=voted)
        try:
            with transaction.atomic():
                vote = Vote.objects.create(
                    adoption=attempt,
                    delegation=delegation,
                    choice=chosen.value,
                    weight=attempt.weights[delegation],
                    cast_at=clock.now(),
                    cast_by=by,
                )
        except IntegrityError as exc:
            raise ConflictError(_("%(delegation)s has already voted") % {"delegation": delegation}) from exc
        payload = {"resolution": str(locked.uuid), "adoption": attempt.pk, "delegation": delegation, "choice": chosen.value}
        record_event("resolution.vote_cast", actor=by, meeting=locked.meeting, payload=payload)
    return vote


def tally_of(attempt: Adoption) -> adoption.Tally:
    votes = {d: adoption.Choice(c) for d, c in attempt.votes.values_list("delegation", "choice")}
    return adoption.tally(votes, attempt.weights)


def do_close_vote(resolution: Resolution, *, by: User, clock: Clock = system_clock) -> Adoption:
    """Close the roll call: adopted when the yes outweigh the no, else not adopted."""
    with transaction.atomic():
        locked, attempt = _lock_open(resolution, adoption.Method.ROLL_CALL)
        result = tally_of(attempt)
        payload = {
            "resolution": str(locked.uuid),
            "adoption": attempt.pk,
            "yes": result.yes,
            "no": result.no,
            "abstain": result.abstain,
            "cast": result.cast,
            "eligible": result.eligible,
        }
        record_event("resolution.vote_closed", actor=by, meeting=locked.meeting, payload=payload)
        outcome = adoption.Outcome.ADOPTED if result.adopted else adoption.Outcome.NOT_ADOPTED
        _finish(locked, attempt, outcome, by=by, now=clock.now())
    return attempt


def do_decide_by_ballot(
    resolution: Resolution, *, yes: float, no: float, abstain: float, cast: int, by: User | None, clock: Clock = system_clock
) -> Adoption:
    """The secret ballot's decrypted tally decides its attempt: adopted when the yes outweigh the
    no, as for a roll call (``ballots.actions`` calls it when the result is published)."""
    with transaction.atomic():
        locked, attempt = _lock_open(resolution, adoption.Method.SECRET_BALLOT)
        payload = {"resolution": str(locked.uuid), "adoption": attempt.pk, "yes": yes, "no": no, "abstain": abstain, "cast": cast}
        record_event("resolution.vote_closed", actor=by, meeting=locked.meeting, payload=payload | {"eligible": len(attempt.weights)})
        outcome = adoption.Outcome.ADOPTED if yes > no else adoption.Outcome.NOT_ADOPTED
        _finish(locked, attempt, outcome, by=by, now=clock.now())
    return attempt


def do_close_adoption(resolution: Resolution, *, final: bool = False, by: User, clock: Clock = system_clock) -> Adoption:
    """The chair ends the open attempt, whichever its method: declares a consensus (``final``:
    objections make it not adopted rather than a draft again) or closes the roll call."""
    attempt = resolution.adoptions.filter(outcome=AdoptionOutcome.OPEN).first()
    if attempt is not None and attempt.method == AdoptionMethod.ROLL_CALL:
        return do_close_vote(resolution, by=by, clock=clock)
    return do_declare_consensus(resolution, final=final, by=by, clock=clock)


@dataclass(frozen=True)
class SealedStatement:
    """An objection or a reservation, its text unsealed."""

    id: int
    delegation: str
    kind: str
    text: str
    at: dt.datetime
    withdrawn_at: dt.datetime | None = None


def objections_of(attempt: Adoption) -> list[SealedStatement]:
    meeting = attempt.resolution.meeting
    rows = list(attempt.objections.all())
    opened = keyring.open_all_sealed(meeting, [(bytes(row.ciphertext), _objection_label(row)) for row in rows])
    return [
        SealedStatement(row.pk, row.delegation, "objection", data.decode(), row.made_at, row.withdrawn_at)
        for row, data in zip(rows, opened, strict=True)
    ]


# --- reservations and explanations of position --------------------------------------------------


def _reservation_label(reservation: Reservation) -> str:
    return f"resolution-reservation {reservation.pk}"


def do_add_reservation(resolution: Resolution, *, kind: str, text: str, by: User, clock: Clock = system_clock) -> Reservation:
    """A member delegation's reservation or explanation of vote, on an adopted resolution."""
    if kind not in ReservationKind.values:
        msg = _("choose a reservation or an explanation of vote: %(known)s") % {"known": ", ".join(ReservationKind.values)}
        raise InvalidInputError(msg, field="kind")
    said = _check_statement(text, field="text", what=_("text"))
    with transaction.atomic():
        locked = Resolution.objects.select_for_update().get(pk=resolution.pk)
        check_record_open(locked.meeting)
        if locked.state != ResolutionState.ADOPTED:
            msg = _("the resolution is %(state)s: reservations and explanations are made on an adopted resolution") % {
                "state": locked.get_state_display().lower()
            }
            raise TransitionError(msg)
        delegation = acting_delegation(locked.meeting, by, act=_("make reservations or explanations of vote"))
        row = Reservation.objects.create(
            resolution=locked, delegation=delegation, kind=kind, ciphertext=b"", made_at=clock.now(), made_by=by
        )
        row.ciphertext = _sealed(locked.meeting, said.encode(), _reservation_label(row))
        row.save(update_fields=["ciphertext"])
        payload = {"resolution": str(locked.uuid), "reservation": row.pk, "kind": kind, "delegation": delegation, "text": said}
        record_event("resolution.reservation_added", actor=by, meeting=locked.meeting, payload=payload)
    return row


def reservations_of(resolution: Resolution) -> list[SealedStatement]:
    rows = list(resolution.reservations.all())
    opened = keyring.open_all_sealed(resolution.meeting, [(bytes(row.ciphertext), _reservation_label(row)) for row in rows])
    return [SealedStatement(row.pk, row.delegation, row.kind, data.decode(), row.made_at) for row, data in zip(rows, opened, strict=True)]
