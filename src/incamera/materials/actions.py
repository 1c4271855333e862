"""Materials use cases (issue 5 §4–7): upload encrypted, hand each recipient their own
fingerprinted copy and log it, trace a leaked copy, and crypto-shred a meeting's materials."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import cast

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from incamera.accounts.models import User
from incamera.crypto import envelope
from incamera.crypto.keys import load_or_create_key_file
from incamera.crypto.seal import derive_key
from incamera.i18n.errors import translated
from incamera.kernel.clock import Clock, system_clock
from incamera.kernel.errors import ConflictError, InvalidInputError
from incamera.kernel.text import clean_name
from incamera.ledger.events import record_event
from incamera.materials.keyring import lock_epochs, meeting_key, shredding, start_new_epoch
from incamera.materials.models import AccessRecord, Document, MeetingCustodian, MeetingKey
from incamera.materials.screening import screen_docx, screen_pdf
from incamera.meetings.actions import check_record_open
from incamera.meetings.models import Meeting

__all__ = [
    "ACCESS_LOG_ROWS",
    "MAX_BYTES",
    "RecipientCopy",
    "access_records",
    "check_upload",
    "custodian_aad",
    "do_add_custodian",
    "do_rotate_keys",
    "do_shred_materials",
    "do_upload",
    "document_bytes",
    "documents_of",
    "is_shredded",
    "meeting_key",
    "recipient_copy",
    "trace_copy",
]

MAX_BYTES = 20 * 1024 * 1024
_DOCX_MAX_INFLATED = 200 * 1024 * 1024


def _root_secret() -> bytes:
    from django.conf import settings

    return load_or_create_key_file(settings.INCAMERA_KEK_PATH)


def check_upload(filename: str, data: bytes) -> str:
    """The document's kind, from its content (the extension must agree); raise InvalidInputError."""
    name = clean_name(filename, field="file")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if not data:
        raise InvalidInputError(_("the file is empty"), field="file")
    if len(data) > MAX_BYTES:
        raise InvalidInputError(
            _("the file is %(size)s bytes; at most %(limit)s are accepted") % {"size": f"{len(data):,}", "limit": f"{MAX_BYTES:,}"},
            field="file",
        )
    if data.startswith(b"%PDF-"):
        kind = "pdf"
    elif data.startswith(b"PK\x03\x04"):
        kind = _check_docx(data)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InvalidInputError(_("the file is neither PDF, DOCX nor UTF-8 text"), field="file") from exc
        if "\x00" in text:
            raise InvalidInputError(_("the file contains NUL bytes; it is not a text file"), field="file")
        kind = "md" if extension in {"md", "markdown"} else "txt"
    expected = {"pdf": {"pdf"}, "docx": {"docx"}, "md": {"md", "markdown"}, "txt": {"txt", "text"}}[kind]
    if extension not in expected:
        raise InvalidInputError(
            _("the file's content is %(kind)s but its name ends in .%(ext)s") % {"kind": kind.upper(), "ext": extension}, field="file"
        )
    if kind == "pdf":
        screen_pdf(data)
    elif kind == "docx":
        screen_docx(data)
    return kind


def _check_docx(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        inflated = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise InvalidInputError(_("the file looks like a Word document but is damaged"), field="file") from exc
    if inflated > _DOCX_MAX_INFLATED or inflated > 200 * len(data):
        raise InvalidInputError(
            _("the document inflates to %(size)s bytes; it is refused as a possible zip bomb") % {"size": f"{inflated:,}"}, field="file"
        )
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise InvalidInputError(_("the file is a zip archive but not a Word (DOCX) document"), field="file")
    return "docx"


def _check_markable(kind: str, data: bytes) -> None:
    """Text materials must be able to carry a recipient's marks, or no one could be given a copy."""
    if kind not in {"txt", "md"}:
        return
    from incamera.materials.marks.text import fingerprint_text

    try:
        fingerprint_text(data.decode("utf-8-sig"), bytes(8))
    except InvalidInputError as exc:
        msg = _("this text cannot carry recipients' invisible marks (%(why)s); upload it as a PDF, which carries a watermark instead") % {
            "why": translated(exc)
        }
        raise InvalidInputError(msg, field="file") from exc


def do_upload(meeting: Meeting, *, filename: str, title: str, data: bytes, by: User) -> Document:
    kind = check_upload(filename, data)
    _check_markable(kind, data)
    title = clean_name(title or filename, field="title")
    with transaction.atomic():
        check_record_open(meeting)
        key = meeting_key(meeting, create=True)
        document = Document(
            meeting=meeting, title=title, filename=clean_name(filename, field="file")[:200], kind=kind, size=len(data), uploaded_by=by
        )
        document.ciphertext = b""
        document.save()
        document.ciphertext = envelope.encrypt(key, data, aad=_doc_aad(document))
        document.save(update_fields=["ciphertext"])
        record_event("material.uploaded", actor=by, meeting=meeting, payload={"document": document.pk, "kind": kind, "size": len(data)})
    return document


def _doc_aad(document: Document) -> bytes:
    return f"incamera meeting {document.meeting_id} document {document.pk}".encode()


def document_bytes(document: Document) -> bytes:
    """The document as it was uploaded, unmarked: for its public release (disclosure), never for a
    recipient's copy (``recipient_copy``).  ConflictError once the meeting key is shredded."""
    return envelope.decrypt(meeting_key(document.meeting), bytes(document.ciphertext), aad=_doc_aad(document))


def _mark_key(meeting: Meeting) -> bytes:
    return derive_key(_root_secret(), f"fingerprints/meeting/{meeting.pk}")  # outlives key epochs


@dataclass(frozen=True)
class RecipientCopy:
    data: bytes
    content_type: str
    filename: str
    mark: bytes


def recipient_copy(document: Document, user: User, *, action: str = "download", clock: Clock = system_clock) -> RecipientCopy:
    """The copy ``user`` receives: decrypted, marked for them, and logged (who, what, when, which mark)."""
    from incamera.materials.marks.text import fingerprint_text, recipient_mark

    meeting = document.meeting
    plain = envelope.decrypt(meeting_key(meeting), bytes(document.ciphertext), aad=_doc_aad(document))
    mark = recipient_mark(_mark_key(meeting), str(document.pk), str(user.pk))
    visible = f"Copy for {user.display_name} · {clock.now():%Y-%m-%d}"
    if document.kind in {"txt", "md"}:
        # The visible line goes above the marked text, outside it: the marks stay where tracing
        # looks for them, and a reader sees whose copy this is, as the NDA promises.
        body = f"{visible}\n\n{fingerprint_text(plain.decode('utf-8-sig'), mark)}".encode()
        content_type = "text/markdown; charset=utf-8" if document.kind == "md" else "text/plain; charset=utf-8"
    elif document.kind == "pdf":
        from incamera.materials.marks.pdf import watermark_pdf

        body = watermark_pdf(plain, label=f"{user.display_name} · {clock.now():%Y-%m-%d}", mark=mark)
        content_type = "application/pdf"
    else:
        from incamera.materials.marks.docx import watermark_docx

        body = watermark_docx(plain, label=visible, mark=mark)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    with transaction.atomic():
        AccessRecord.objects.create(document=document, user=user, action=action, mark=mark.hex())
        record_event("material.opened", actor=user, meeting=meeting, payload={"document": document.pk, "action": action})
    return RecipientCopy(data=body, content_type=content_type, filename=document.filename, mark=mark)


def trace_copy(meeting: Meeting, leaked: bytes) -> tuple[User | None, float, list[tuple[str, float]]]:
    """Who a leaked copy came from: every recipient who received a copy of any of the meeting's
    documents is a candidate; "unknown" (None) rather than a guess."""
    from incamera.materials.marks.text import trace

    try:
        text = leaked.decode("utf-8-sig")
    except UnicodeDecodeError:
        from incamera.materials.marks.docx import read_docx_mark
        from incamera.materials.marks.pdf import read_mark

        mark = read_docx_mark(leaked) if leaked.startswith(b"PK\x03\x04") else read_mark(leaked)
        record = AccessRecord.objects.filter(document__meeting=meeting, mark=mark.hex() if mark else "-").select_related("user").first()
        return (record.user, 1.0, [(record.user.email, 1.0)]) if record else (None, 0.0, [])
    best: tuple[User | None, float, list[tuple[str, float]]] = (None, 0.0, [])
    for document in Document.objects.filter(meeting=meeting).filter(kind__in=["txt", "md"]):
        records = {r.user_id: r for r in AccessRecord.objects.filter(document=document).select_related("user")}
        if not records:
            continue
        source = envelope.decrypt(meeting_key(meeting), bytes(document.ciphertext), aad=_doc_aad(document)).decode("utf-8-sig")
        result = trace(text, {str(uid): bytes.fromhex(r.mark) for uid, r in records.items()}, source=source)
        if result.recipient is not None and result.confidence > best[1]:
            user = records[int(result.recipient)].user
            best = (user, result.confidence, [(records[int(c)].user.email, s) for c, s in result.candidates[:5]])
    return best


def do_shred_materials(meeting: Meeting, *, by: User, clock: Clock = system_clock) -> int:
    """Destroy the meeting key, so that no one can decrypt the ciphertext that remains.  Its wrap and
    its custodians' wraps are emptied, and so is what other apps sealed under it (the focal
    points' credentials, through ``keyring.shredding``); every other meeting key moves to a new key
    epoch, so that the old epoch's key file, under which every copy of the old wrap was made, is
    destroyed after the commit (``keyring.py``).  The access log and the log's commitments stay."""
    with transaction.atomic():
        lock_epochs()  # before any meeting key's row: the order every shred takes its locks in
        row = MeetingKey.objects.select_for_update().filter(meeting=meeting).first()
        if row is None or row.shredded_at is not None:
            raise ConflictError(_("there is nothing to shred"))
        row.wrapped = b""
        row.shredded_at = clock.now()
        row.save(update_fields=["wrapped", "shredded_at"])
        custodians = MeetingCustodian.objects.filter(meeting=meeting).update(wrapped_key=b"")
        sealed = sum(cast("int", emptied) for _receiver, emptied in shredding.send(sender=MeetingKey, meeting=meeting))
        start_new_epoch(clock=clock)
        count = Document.objects.filter(meeting=meeting).count()
        record_event(
            "materials.shredded",
            actor=by,
            meeting=meeting,
            payload={"documents": count, "other_sealed_items": sealed, "custodian_wraps": custodians},
        )
    return count


def do_rotate_keys(*, by: User | None = None, clock: Clock = system_clock) -> tuple[int, int]:
    """Move every live meeting key to a fresh key epoch and destroy the older epochs' key files
    after the commit (routine rotation, or after upgrading from a release before 0.2).  Returns
    (the new epoch, how many keys moved)."""
    with transaction.atomic():
        number, moved = start_new_epoch(clock=clock)
        record_event("materials.keys_rotated", actor=by, payload={"epoch": number, "keys": moved})
    return number, moved


def custodian_aad(meeting: Meeting, name: str) -> bytes:
    return f"incamera meeting {meeting.pk} custodian {name}".encode()


def do_add_custodian(meeting: Meeting, *, name: str, public_key_text: str, by: User) -> MeetingCustodian:
    """Wrap the meeting key to a named custodian's post-quantum hybrid public key."""
    from incamera.crypto import hybrid

    name = clean_name(name, field="name")
    try:
        public = hybrid.public_from_text(public_key_text)
    except InvalidInputError as exc:
        raise InvalidInputError(exc.message, field="public_key") from exc
    with transaction.atomic():
        key = meeting_key(meeting, create=True)
        wrapped = hybrid.wrap_for_custodian(public.to_bytes(), key, aad=custodian_aad(meeting, name))
        try:
            custodian = MeetingCustodian.objects.create(meeting=meeting, name=name, public_key=public.to_bytes(), wrapped_key=wrapped)
        except IntegrityError as exc:
            raise ConflictError(_("a custodian named %(name)s already holds this meeting's key") % {"name": name}) from exc
        record_event(
            "materials.custodian_added", actor=by, meeting=meeting, payload={"custodian": name, "fingerprint": public.fingerprint()}
        )
    return custodian


ACCESS_LOG_ROWS = 1000


def documents_of(meeting: Meeting) -> QuerySet[Document]:
    """The meeting's documents without their ciphertext (the list page)."""
    return Document.objects.filter(meeting=meeting).defer("ciphertext")


def is_shredded(meeting: Meeting) -> bool:
    return MeetingKey.objects.filter(meeting=meeting, shredded_at__isnull=False).exists()


def access_records(meeting: Meeting, *, document: str = "", person: str = "") -> list[AccessRecord]:
    """The access log, newest first, optionally for one document (its id) or one person (their
    address); at most ACCESS_LOG_ROWS rows.  A malformed document id matches nothing."""
    records = AccessRecord.objects.filter(document__meeting=meeting).select_related("document", "user")
    if document:
        records = records.filter(document_id=int(document)) if document.isdigit() else records.none()
    if person:
        records = records.filter(user__email=person.strip().lower())
    return list(records[:ACCESS_LOG_ROWS])
