"""Vetting a meeting's candidates with the qualification matrix (issue 4, §2): settings per
meeting, scores per candidate delegation, and invitations for the tiers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from incamera.accounts.models import User
from incamera.i18n.errors import translated
from incamera.kernel.errors import ConflictError, InvalidInputError, RowError, RowsInvalidError
from incamera.ledger.events import record_event
from incamera.meetings.models import Meeting, Role
from incamera.roster.actions import roster_of
from incamera.roster.models import Delegation
from incamera.tables import TableSpec, read_records
from incamera.vetting.matrix import DEFAULT_CRITERIA, Candidate, Criterion, MatrixResult, Thresholds, Tier, assess
from incamera.vetting.models import CandidateScore, MatrixSettings
from incamera.vetting.rotation import Delegation as RotationDelegation
from incamera.vetting.rotation import RotationPlan, plan_rotation
from incamera.vetting.rules import CREDIT_RATING, SEED_RULE, Rule, RuleOutcome, check_rules, evaluate, granted, parse_rule

__all__ = [
    "SCORE_TABLE",
    "RotationDefaults",
    "RotationGrid",
    "criteria_of",
    "do_import_scores",
    "do_invite_tiers",
    "do_save_matrix",
    "do_save_rules",
    "do_set_score",
    "matrix_for",
    "observer_eligibility",
    "roster_delegation",
    "rotation_defaults",
    "rotation_grid",
    "rules_of",
    "unscored_delegations",
]


# A score file's columns are the meeting's criteria, added to these when a file comes in.
SCORE_TABLE = TableSpec(required=("delegation",))


def criteria_of(meeting: Meeting) -> tuple[list[Criterion], Thresholds]:
    """The meeting's criteria and thresholds (the defaults until an organizer saves others)."""
    settings = MatrixSettings.objects.filter(meeting=meeting).first()
    if settings is None or not settings.criteria:
        return list(DEFAULT_CRITERIA), Thresholds()
    criteria = [Criterion(key=c["key"], label=c.get("label", c["key"]), weight=float(c["weight"])) for c in settings.criteria]
    return criteria, Thresholds(member=settings.member_threshold, observer=settings.observer_threshold)


def _candidates(meeting: Meeting) -> list[Candidate]:
    return [
        Candidate(id=str(row.delegation_id), name=row.delegation.name, scores={k: float(v) for k, v in row.scores.items()})
        for row in meeting.candidates.select_related("delegation")
    ]


def matrix_for(
    meeting: Meeting, *, criteria: Sequence[Criterion] | None = None, thresholds: Thresholds | None = None
) -> MatrixResult | None:
    """The assessed candidates (None when there are none yet)."""
    stored_criteria, stored_thresholds = criteria_of(meeting)
    candidates = _candidates(meeting)
    if not candidates:
        return None
    return assess(candidates, criteria=criteria or stored_criteria, thresholds=thresholds or stored_thresholds)


def do_save_matrix(meeting: Meeting, *, criteria: Sequence[Criterion], thresholds: Thresholds, by: User) -> MatrixSettings:
    """Validate (by assessing a probe candidate) and store the criteria and thresholds."""
    probe = Candidate(id="probe", name="probe", scores={c.key: 50.0 for c in criteria})
    assess([probe], criteria=criteria, thresholds=thresholds)
    with transaction.atomic():
        settings, _created = MatrixSettings.objects.update_or_create(
            meeting=meeting,
            defaults={
                "criteria": [{"key": c.key, "label": c.label, "weight": c.weight} for c in criteria],
                "member_threshold": thresholds.member,
                "observer_threshold": thresholds.observer,
            },
        )
        record_event("matrix.saved", actor=by, meeting=meeting, payload={"criteria": settings.criteria})
    return settings


def do_set_score(meeting: Meeting, delegation: Delegation, scores: dict[str, float], *, by: User) -> CandidateScore:
    if delegation.secretariat_id != meeting.secretariat_id:
        raise InvalidInputError(_("choose a delegation from the roster"), field="delegation")
    criteria, _thresholds = criteria_of(meeting)
    assess([Candidate(id=str(delegation.pk), name=delegation.name, scores=scores)], criteria=criteria)
    with transaction.atomic():
        row, _created = CandidateScore.objects.update_or_create(meeting=meeting, delegation=delegation, defaults={"scores": scores})
        record_event("matrix.scored", actor=by, meeting=meeting, payload={"delegation": delegation.pk})
    return row


def do_import_scores(meeting: Meeting, data: bytes, *, by: User) -> int:
    """A file with a ``delegation`` column and one column per criterion key; all rows or none."""
    criteria, _thresholds = criteria_of(meeting)
    spec = replace(SCORE_TABLE, required=("delegation", *(c.key.lower() for c in criteria)))
    rows: list[tuple[Delegation, dict[str, float]]] = []
    errors: list[RowError] = []
    records = read_records(data, spec, gettext=_, errors=errors)
    delegations = {d.name: d for d in roster_of(meeting.secretariat_id)}
    seen: dict[str, int] = {}
    for line, record in records:
        name = record["delegation"]
        if name not in delegations:
            errors.append(RowError(line, "delegation", _("%(delegation)s is not on the roster") % {"delegation": name}))
            continue
        if name in seen:
            errors.append(
                RowError(line, "delegation", _("%(delegation)s also appears on line %(line)d") % {"delegation": name, "line": seen[name]})
            )
            continue
        try:
            scores = {c.key: float(record[c.key.lower()]) for c in criteria}
            assess([Candidate(id=name, name=name, scores=scores)], criteria=criteria)
        except ValueError:
            errors.append(RowError(line, "score", _("every score must be a number from 0 to 100")))
            continue
        except InvalidInputError as exc:
            errors.append(RowError(line, exc.field or "score", translated(exc)))
            continue
        seen[name] = line
        rows.append((delegations[name], scores))
    if errors:
        raise RowsInvalidError(errors)
    if not rows:
        raise InvalidInputError(_("the file has a header but no scores"), field="file")
    with transaction.atomic():
        for delegation, scores in rows:
            CandidateScore.objects.update_or_create(meeting=meeting, delegation=delegation, defaults={"scores": scores})
        record_event("matrix.scores_imported", actor=by, meeting=meeting, payload={"rows": len(rows)})
    return len(rows)


def do_invite_tiers(meeting: Meeting, *, by: User, base_url: str) -> tuple[int, int]:
    """Invite the roster people of member-tier delegations as delegates and of observer-tier ones as
    observers.  People already invited or taking part are skipped.  Returns (sent, skipped)."""
    from incamera.invitations.actions import InvitationRow, do_invite

    result = matrix_for(meeting)
    if result is None:
        raise InvalidInputError(_("score some candidates first"), field="matrix")
    roles = {Tier.MEMBER: Role.DELEGATE, Tier.OBSERVER: Role.OBSERVER}
    sent = skipped = 0
    for assessment in result.assessments:
        role = roles.get(assessment.tier)
        if role is None:
            continue
        delegation = roster_of(meeting.secretariat_id).get(pk=int(assessment.candidate.id))
        for person in delegation.people.all():
            row = InvitationRow(email=person.email, role=role.value, full_name=person.full_name, delegation=delegation.name)
            try:
                do_invite(meeting, row, by=by, base_url=base_url)
            except ConflictError:
                skipped += 1
            else:
                sent += 1
    return sent, skipped


# --- observer upgrade rules -----------------------------------------------------------------------

SCALES = {CREDIT_RATING.key: CREDIT_RATING}


@dataclass(frozen=True)
class Eligibility:
    delegation: Delegation
    outcomes: tuple[RuleOutcome, ...]
    eligible: bool
    problem: str = ""


def rules_of(meeting: Meeting) -> list[Rule]:
    settings = MatrixSettings.objects.filter(meeting=meeting).first()
    if settings is None or not settings.observer_rules:
        return [SEED_RULE]
    return [parse_rule(data, scales=SCALES) for data in settings.observer_rules]


def observer_eligibility(meeting: Meeting, *, as_of: int) -> list[Eligibility]:
    """Every roster delegation against the meeting's observer rules, explained."""
    rules = rules_of(meeting)
    out = []
    for delegation in roster_of(meeting.secretariat_id).prefetch_related("attributes"):
        history: dict[str, dict[int, str | float]] = {}
        for attribute in delegation.attributes.all():
            history.setdefault(attribute.key, {})[attribute.year] = attribute.value
        try:
            outcomes = tuple(evaluate(rule, history, as_of=as_of) for rule in rules)
        except InvalidInputError as exc:
            out.append(Eligibility(delegation, (), eligible=False, problem=translated(exc)))
            continue
        out.append(Eligibility(delegation, outcomes, eligible="observer" in granted(outcomes)))
    return out


def do_save_rules(meeting: Meeting, text: str, *, by: User) -> list[Rule]:
    """Store the rules given as a JSON list (``Rule.to_json`` items), after checking them together."""
    import json

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInputError(
            _("the rules are not valid JSON (line %(line)d: %(problem)s)") % {"line": exc.lineno, "problem": exc.msg}, field="rules"
        ) from exc
    except RecursionError as exc:  # brackets nested thousands deep
        raise InvalidInputError(_("expected a JSON list of rules"), field="rules") from exc
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise InvalidInputError(_("expected a JSON list of rules"), field="rules")
    try:
        rules = [parse_rule(item, scales=SCALES) for item in data]
        check_rules(rules)
    except InvalidInputError as exc:
        raise InvalidInputError(translated(exc), field="rules") from exc
    with transaction.atomic():
        MatrixSettings.objects.update_or_create(meeting=meeting, defaults={"observer_rules": [r.to_json() for r in rules]})
        record_event("matrix.rules_saved", actor=by, meeting=meeting, payload={"rules": [r.id for r in rules]})
    return rules


# --- what the pages show ------------------------------------------------------------------------


def roster_delegation(meeting: Meeting, delegation_id: int) -> Delegation:
    """The delegation ``delegation_id`` of the roster of the meeting's secretariat; another
    secretariat's delegation is not on it."""
    try:
        return roster_of(meeting.secretariat_id).get(pk=delegation_id)
    except Delegation.DoesNotExist as exc:
        raise InvalidInputError(_("choose a delegation from the roster"), field="delegation") from exc


def unscored_delegations(meeting: Meeting) -> QuerySet[Delegation]:
    """The roster's delegations without a score row in ``meeting``."""
    return roster_of(meeting.secretariat_id).exclude(pk__in=CandidateScore.objects.filter(meeting=meeting).values("delegation_id"))


@dataclass(frozen=True)
class RotationDefaults:
    """What the rotation page proposes: every roster delegation, the observer tier of the matrix
    and those eligible under the observer rules pre-chosen (or all when none is), and settings."""

    delegations: list[Delegation]
    chosen: set[int]
    seats: int = 2
    years: int = 10
    max_gap: int = 5
    start_year: int = 0

    def settings(self) -> dict[str, object]:
        return {"chosen": self.chosen, "seats": self.seats, "years": self.years, "max_gap": self.max_gap, "start_year": self.start_year}


def rotation_defaults(meeting: Meeting) -> RotationDefaults:
    delegations = list(roster_of(meeting.secretariat_id))
    try:
        result: MatrixResult | None = matrix_for(meeting)
    except InvalidInputError:
        result = None
    observers = {int(a.candidate.id) for a in result.assessments if a.tier == Tier.OBSERVER} if result else set()
    observers |= {e.delegation.pk for e in observer_eligibility(meeting, as_of=meeting.starts_at.year - 1) if e.eligible}
    return RotationDefaults(delegations, observers or {d.pk for d in delegations}, start_year=meeting.starts_at.year + 1)


@dataclass(frozen=True)
class RotationGrid:
    """A rotation plan as the page draws it: a row per delegation (by name), a cell per year."""

    plan: RotationPlan
    years: list[int]
    rows: list[tuple[RotationDelegation, list[bool]]]


def rotation_grid(
    delegations: Sequence[Delegation], chosen: set[int], *, seats: int, years: int, max_gap: int, start_year: int
) -> RotationGrid:
    picked = [RotationDelegation(id=str(d.pk), name=d.name, region=d.region) for d in delegations if d.pk in chosen]
    plan = plan_rotation(picked, seats=seats, years=years, max_gap=max_gap, start_year=start_year)
    names = {d.id: d for d in picked}
    plan_years = sorted(plan.plan)
    rows = [(names[i], [i in set(plan.plan[y]) for y in plan_years]) for i in sorted(names, key=lambda k: names[k].name)]
    return RotationGrid(plan, plan_years, rows)
