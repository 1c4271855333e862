"""NDA use cases: publish a version, edit it (a new version), sign it with a passkey.

A signature covers ``texts.nda_digest`` of the exact version and language; the signer confirms
that digest with a passkey, user verification required (``accounts/passkeys.py``), and the
assertion is kept.  Signing is logged in the transparency log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from incamera.accounts.models import PasskeyConfirmation, User
from incamera.agreements import changes, markup, texts
from incamera.agreements.models import NdaSignature, NdaVersion
from incamera.i18n.languages import NATIVE_NAMES
from incamera.kernel.clock import Clock, system_clock
from incamera.kernel.errors import ConflictError, InvalidInputError, PasskeyError
from incamera.kernel.text import clean_name
from incamera.ledger.events import record_event
from incamera.meetings.actions import check_record_open
from incamera.meetings.gates import ItemProgress
from incamera.meetings.models import Meeting, Membership, Role

__all__ = [
    "CONFIRMATION_MAX_AGE",
    "NdaDraft",
    "ShownNda",
    "check_edit_nda",
    "current_nda",
    "digest_of",
    "do_edit_nda",
    "do_sign_nda",
    "has_signed",
    "latest_signature_of",
    "shown_nda",
    "signature_of",
    "signature_progress",
    "unsigned_members",
]

CONFIRMATION_MAX_AGE = dt.timedelta(minutes=10)
_BLANK = "____________"


DURATION_YEARS = 5


def _fields(meeting: Meeting, language: str) -> dict[str, str]:
    local = meeting.starts_at.strftime("%Y-%m-%d")
    end = meeting.ends_at.strftime("%Y-%m-%d")
    return {
        "meeting_title": meeting.title,
        "meeting_dates": local if local == end else f"{local} – {end}",
        "venue": meeting.venue or "—",
        "organizer": meeting.created_by.display_name,
        "duration": texts.duration_in_years(DURATION_YEARS, language=language),
        "signatory_name": _BLANK,
        "delegation": _BLANK,
    }


def current_nda(meeting: Meeting) -> NdaVersion:
    """The meeting's current NDA, published from the templates on first use."""
    latest = NdaVersion.objects.filter(meeting=meeting).order_by("-version").first()
    if latest is not None:
        return latest
    body = {language: texts.nda_text(language, meeting.profile, _fields(meeting, language)) for language in texts.LANGUAGES}
    try:
        with transaction.atomic():
            version = NdaVersion.objects.create(meeting=meeting, version=1, texts=body, created_by=None)
            record_event("nda.published", actor=None, meeting=meeting, payload={"version": 1})
    except IntegrityError:  # published concurrently
        return NdaVersion.objects.filter(meeting=meeting).order_by("-version").first()  # type: ignore[return-value]
    return version


def digest_of(version: NdaVersion, language: str) -> str:
    if language not in version.texts:
        raise InvalidInputError(_("the NDA is not available in %(language)s") % {"language": language}, field="language")
    return texts.nda_digest(version.texts[language], language=language, version=version.version)


@dataclass(frozen=True)
class ShownNda:
    """One language of a version as the page shows it: the HTML is rendered from the very text
    the digest covers."""

    version: NdaVersion
    language: str
    digest: str
    html: str  # sanitised (markup.py)


def shown_nda(version: NdaVersion, language: str) -> ShownNda:
    digest = digest_of(version, language)
    return ShownNda(version=version, language=language, digest=digest, html=markup.nda_html(version.texts[language]))


@dataclass(frozen=True)
class NdaDraft:
    """Edited texts checked against the version they replace, not yet published."""

    base: NdaVersion
    texts: dict[str, str]  # every language, the edited ones and the others as they were
    changes: tuple[changes.LanguageChange, ...]  # in texts.LANGUAGES order

    @property
    def unchanged(self) -> tuple[str, ...]:
        return tuple(change.language for change in self.changes if not change.changed)

    def side_by_side(self) -> list[tuple[str, ...]]:
        return changes.side_by_side(self.texts, texts.LANGUAGES)


def check_edit_nda(meeting: Meeting, new_texts: dict[str, str]) -> NdaDraft:
    """Validate edited texts and compare them with the current version, language by language."""
    current = current_nda(meeting)
    merged = dict(current.texts)
    for language, text in new_texts.items():
        if language not in texts.LANGUAGES:
            raise InvalidInputError(_("unknown language %(language)s") % {"language": language}, field="language")
        cleaned = text.replace("\r\n", "\n").strip()
        if len(cleaned) < 100:
            raise InvalidInputError(
                _("the %(language)s text is too short to be an agreement") % {"language": language}, field=f"text_{language}"
            )
        merged[language] = cleaned + "\n"
    compared = changes.compare_versions(current.texts, merged, texts.LANGUAGES)
    if not any(change.changed for change in compared):
        raise InvalidInputError(_("nothing changed"), field="texts")
    return NdaDraft(base=current, texts=merged, changes=compared)


def do_edit_nda(
    meeting: Meeting,
    new_texts: dict[str, str],
    *,
    by: User,
    unchanged_confirmed: Collection[str] = (),
    base_version: int | None = None,
    base_url: str = "",
) -> NdaVersion:
    """Store edited texts as a new version; everyone must sign again.

    A language whose text did not change is published only if listed in ``unchanged_confirmed``:
    the organizer has seen that it was left as it was.  With ``base_version``, the edit is refused
    if another version was published since the organizer reviewed it.  Whoever signed an earlier
    version is mailed, after the commit, that the new one awaits their signature.
    """
    draft = check_edit_nda(meeting, new_texts)
    with transaction.atomic():
        check_record_open(meeting)
        number = (NdaVersion.objects.filter(meeting=meeting).aggregate(top=Max("version"))["top"] or 0) + 1
        if base_version is not None and base_version != number - 1:
            raise ConflictError(
                _("version %(found)d was published after the version %(expected)d you reviewed; review the changes again")
                % {"found": number - 1, "expected": base_version}
            )
        unconfirmed = [language for language in draft.unchanged if language not in unchanged_confirmed]
        if unconfirmed:
            raise InvalidInputError(
                _("the text in %(languages)s did not change; confirm that it still says what the changed texts say")
                % {"languages": ", ".join(NATIVE_NAMES[language] for language in unconfirmed)},
                field="confirm_unchanged",
            )
        version = NdaVersion.objects.create(meeting=meeting, version=number, texts=draft.texts, created_by=by)
        record_event(
            "nda.published",
            actor=by,
            meeting=meeting,
            payload={"version": number, "unchanged": list(draft.unchanged)},
        )
        signers = list(
            User.objects.filter(nda_signatures__meeting=meeting, nda_signatures__version__version__lt=number)
            .distinct()
            .values_list("email", flat=True)
        )
        context = {"meeting": meeting, "version": number, "link": base_url.rstrip("/") + reverse("agreements:nda", args=[meeting.pk])}

        def mail_signers() -> None:
            subject = render_to_string("agreements/email/new_version_subject.txt", context).strip()
            body = render_to_string("agreements/email/new_version_body.txt", context)
            for address in signers:
                EmailMessage(subject=subject, body=body, to=[address]).send()

        transaction.on_commit(mail_signers)
    return version


def has_signed(user: User, meeting: Meeting) -> bool:
    version = NdaVersion.objects.filter(meeting=meeting).order_by("-version").values_list("pk", flat=True).first()
    return version is not None and NdaSignature.objects.filter(user=user, version_id=version).exists()


def unsigned_members(meeting: Meeting) -> list[str]:
    """Display names of participants who have not signed the current version (organizers and
    service staff excepted).  Reads only ids and names: the texts are not loaded."""
    version_id = NdaVersion.objects.filter(meeting=meeting).order_by("-version").values_list("pk", flat=True).first()
    if version_id is None:
        version_id = current_nda(meeting).pk
    signed = set(NdaSignature.objects.filter(version_id=version_id).values_list("user_id", flat=True))
    members = meeting.memberships.exclude(role__in=[Role.ORGANIZER, Role.SERVICE]).values_list("user_id", "user__full_name", "user__email")
    return [name or email for user_id, name, email in members if user_id not in signed]


def signature_progress(meeting: Meeting) -> ItemProgress:
    """How many of those who must sign the current version have (organizers and service staff
    excepted): the "All NDAs signed" readiness item, complete only when somebody must sign."""
    version_id = NdaVersion.objects.filter(meeting=meeting).order_by("-version").values_list("pk", flat=True).first()
    if version_id is None:
        version_id = current_nda(meeting).pk
    signers = meeting.memberships.exclude(role__in=[Role.ORGANIZER, Role.SERVICE]).annotate(
        signed=Exists(NdaSignature.objects.filter(version_id=version_id, user_id=OuterRef("user_id")))
    )
    flags = list(signers.values_list("signed", flat=True))  # one query for who must sign and who did
    return ItemProgress(done=sum(flags), total=len(flags))


def do_sign_nda(
    meeting: Meeting, user: User, *, language: str, full_name: str, confirmation_id: int, clock: Clock = system_clock
) -> NdaSignature:
    """Sign the current version in ``language``, with a fresh passkey confirmation of its digest."""
    full_name = clean_name(full_name, field="full_name")
    version = current_nda(meeting)
    digest = digest_of(version, language)
    try:
        confirmation = PasskeyConfirmation.objects.get(pk=confirmation_id, user=user)
    except PasskeyConfirmation.DoesNotExist as exc:
        raise PasskeyError(_("confirm with your passkey first")) from exc
    if confirmation.digest != digest:
        raise PasskeyError(_("the passkey confirmed another text; confirm this version again"))
    if confirmation.purpose != "nda" or clock.now() - confirmation.at > CONFIRMATION_MAX_AGE:
        raise PasskeyError(_("the passkey confirmation is stale; confirm again"))
    try:
        with transaction.atomic():
            signature = NdaSignature.objects.create(
                meeting=meeting,
                user=user,
                version=version,
                language=language,
                digest=digest,
                full_name=full_name,
                account_name=user.full_name,
                delegation=Membership.objects.filter(meeting=meeting, user=user).values_list("delegation", flat=True).first() or "",
                signed_at=clock.now(),
                confirmation=confirmation,
            )
            record_event(
                "nda.signed", actor=user, meeting=meeting, payload={"version": version.version, "language": language, "digest": digest}
            )
    except IntegrityError as exc:
        raise ConflictError(_("you have already signed this version, or this confirmation was used")) from exc
    return signature


def latest_signature_of(user: User, meeting: Meeting) -> NdaSignature | None:
    """``user``'s signature of the meeting's latest version they signed, whichever it is, or None."""
    return NdaSignature.objects.filter(user=user, meeting=meeting).select_related("version").order_by("-version__version").first()


def signature_of(user: User, version: NdaVersion) -> NdaSignature | None:
    """``user``'s signature of ``version``, with its passkey confirmation, or None."""
    return NdaSignature.objects.filter(user=user, version=version).select_related("confirmation").first()
