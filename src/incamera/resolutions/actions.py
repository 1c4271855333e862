"""Drafting resolutions (issue 13): a resolution with its first version (a text per working
language), further versions while it is a draft, and its texts and digests read back.

Texts are sealed under the meeting key, bound to the text's row; the log gets the digests only as
salted commitments (``resolution.drafted``, ``resolution.version_added``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from incamera.kernel.clock import Clock, system_clock
from incamera.kernel.errors import InvalidInputError, TransitionError
from incamera.ledger.events import record_event
from incamera.materials import keyring
from incamera.meetings.actions import check_record_open
from incamera.meetings.models import AgendaItem, Meeting
from incamera.resolutions import digests
from incamera.resolutions.models import AdoptionMethod, LegalCharacter, Resolution, ResolutionState, ResolutionText, ResolutionVersion

if TYPE_CHECKING:
    from incamera.accounts.models import User

__all__ = [
    "MAX_TEXT_CHARS",
    "ResolutionDigests",
    "check_texts",
    "digests_of",
    "do_add_version",
    "do_create_resolution",
    "text_label",
    "texts_of",
]

MAX_TEXT_CHARS = 100_000  # about forty pages, per language


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
    title = digests.normalize_text(title)
    if not title or len(title) > 300 or "\n" in title:
        raise InvalidInputError(_("the title must be one line of 1 to 300 characters"), field="title")
    if legal_character not in LegalCharacter.values:
        raise InvalidInputError(
            _("choose the legal character: %(known)s") % {"known": ", ".join(LegalCharacter.values)}, field="legal_character"
        )
    if adoption_method not in AdoptionMethod.values:
        raise InvalidInputError(
            _("choose how it is adopted: %(known)s") % {"known": ", ".join(AdoptionMethod.values)}, field="adoption_method"
        )
    if weighted and adoption_method != AdoptionMethod.ROLL_CALL:
        raise InvalidInputError(_("only a named roll call can be weighted"), field="weighted")
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


def do_add_version(resolution: Resolution, texts: Mapping[str, str], *, by: User, clock: Clock = system_clock) -> ResolutionVersion:
    """A new version of a draft; refused once the resolution is being adopted (its text frozen)."""
    clean = check_texts(texts)
    with transaction.atomic():
        locked = Resolution.objects.select_for_update().get(pk=resolution.pk)
        check_record_open(locked.meeting)
        if locked.state != ResolutionState.DRAFT:
            raise TransitionError(
                _("the resolution is %(state)s: its text can no longer change") % {"state": locked.get_state_display().lower()}
            )
        number = (locked.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = _store_version(locked, number, clean, by=by, clock=clock)
        whole = digests_of(locked).whole
        payload = {"resolution": str(locked.uuid), "version": number, "digest": whole}
        record_event("resolution.version_added", actor=by, meeting=locked.meeting, payload=payload)
    return version


def texts_of(version: ResolutionVersion) -> dict[str, str]:
    """The version's texts by language, unsealed."""
    rows = list(version.texts.all())
    opened = keyring.open_all_sealed(version.resolution.meeting, [(bytes(row.ciphertext), text_label(row)) for row in rows])
    return {row.language: data.decode() for row, data in zip(rows, opened, strict=True)}


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
