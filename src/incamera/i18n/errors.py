"""Domain errors in the reader's language, for pages (the API stays English).

Actions translate their messages when they raise them.  The pure modules cannot (they do not import
Django), so ``kernel/text.py`` gives InvalidInputError an English ``template`` and its ``params``,
translated here when the error is shown.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from incamera.kernel.errors import Error, InvalidInputError, RowsInvalidError
from incamera.kernel.messages import Notice

__all__ = ["field_name", "translated", "translated_diagnostics"]

# The names of the fields that messages are about, as diagnostics show them ("title: is required").
# English keeps the identifier itself; other languages translate it.  Every field an error names
# (``field="..."`` anywhere in the source) is here, in alphabetical order; tests/i18n/test_errors.py
# checks it.
FIELD_NAMES: dict[str, Promise] = {
    "access_needs": pgettext_lazy("field name", "access_needs"),
    "account_name": pgettext_lazy("field name", "account_name"),
    "action": pgettext_lazy("field name", "action"),
    "adoption_method": pgettext_lazy("field name", "adoption_method"),
    "agenda_item": pgettext_lazy("field name", "agenda_item"),
    "answers": pgettext_lazy("field name", "answers"),
    "archive": pgettext_lazy("field name", "archive"),
    "assertion_summary": pgettext_lazy("field name", "assertion_summary"),
    "attribute": pgettext_lazy("field name", "attribute"),
    "ballot": pgettext_lazy("field name", "ballot"),
    "body": pgettext_lazy("field name", "body"),
    "bounds": pgettext_lazy("field name", "bounds"),
    "candidates": pgettext_lazy("field name", "candidates"),
    "cards": pgettext_lazy("field name", "cards"),
    "checkpoint": pgettext_lazy("field name", "checkpoint"),
    "choice": pgettext_lazy("field name", "choice"),
    "choices": pgettext_lazy("field name", "choices"),
    "code": pgettext_lazy("field name", "code"),
    "comparison": pgettext_lazy("field name", "comparison"),
    "confirm_unchanged": pgettext_lazy("field name", "confirm_unchanged"),
    "consecutive_years": pgettext_lazy("field name", "consecutive_years"),
    "content": pgettext_lazy("field name", "content"),
    "context": pgettext_lazy("field name", "context"),
    "cosigners": pgettext_lazy("field name", "cosigners"),
    "credential": pgettext_lazy("field name", "credential"),
    "credentials": pgettext_lazy("field name", "credentials"),
    "criteria": pgettext_lazy("field name", "criteria"),
    "custodians": pgettext_lazy("field name", "custodians"),
    "delegation": pgettext_lazy("field name", "delegation"),
    "delegations": pgettext_lazy("field name", "delegations"),
    "delta_s": pgettext_lazy("field name", "delta_s"),
    "description": pgettext_lazy("field name", "description"),
    "dietary_needs": pgettext_lazy("field name", "dietary_needs"),
    "digest": pgettext_lazy("field name", "digest"),
    "dir": pgettext_lazy("field name", "dir"),
    "done": pgettext_lazy("field name", "done"),
    "duration": pgettext_lazy("field name", "duration"),
    "election": pgettext_lazy("field name", "election"),
    "email": pgettext_lazy("field name", "email"),
    "ends_at": pgettext_lazy("field name", "ends_at"),
    "entry": pgettext_lazy("field name", "entry"),
    "fields": pgettext_lazy("field name", "fields"),
    "file": pgettext_lazy("field name", "file"),
    "floor_seconds": pgettext_lazy("field name", "floor_seconds"),
    "full": pgettext_lazy("field name", "full"),
    "full_name": pgettext_lazy("field name", "full_name"),
    "group": pgettext_lazy("field name", "group"),
    "id": pgettext_lazy("field name", "id"),
    "index": pgettext_lazy("field name", "index"),
    "input": pgettext_lazy("field name", "input"),
    "k": pgettext_lazy("field name", "k"),
    "key": pgettext_lazy("field name", "key"),
    "kind": pgettext_lazy("field name", "kind"),
    "label": pgettext_lazy("field name", "label"),
    "lang": pgettext_lazy("field name", "lang"),
    "language": pgettext_lazy("field name", "language"),
    "languages": pgettext_lazy("field name", "languages"),
    "leaf_hash": pgettext_lazy("field name", "leaf_hash"),
    "leaked": pgettext_lazy("field name", "leaked"),
    "legal_character": pgettext_lazy("field name", "legal_character"),
    "level": pgettext_lazy("field name", "level"),
    "lexicons": pgettext_lazy("field name", "lexicons"),
    "limit": pgettext_lazy("field name", "limit"),
    "log2_n": pgettext_lazy("field name", "log2_n"),
    "logs": pgettext_lazy("field name", "logs"),
    "matrix": pgettext_lazy("field name", "matrix"),
    "max_gap": pgettext_lazy("field name", "max_gap"),
    "meeting": pgettext_lazy("field name", "meeting"),
    "member": pgettext_lazy("field name", "member"),
    "minutes": pgettext_lazy("field name", "minutes"),
    "mode": pgettext_lazy("field name", "mode"),
    "name": pgettext_lazy("field name", "name"),
    "needs": pgettext_lazy("field name", "needs"),
    "new_root": pgettext_lazy("field name", "new_root"),
    "new_size": pgettext_lazy("field name", "new_size"),
    "node": pgettext_lazy("field name", "node"),
    "non_sensitive": pgettext_lazy("field name", "non_sensitive"),
    "note": pgettext_lazy("field name", "note"),
    "objection": pgettext_lazy("field name", "objection"),
    "old": pgettext_lazy("field name", "old"),
    "old_size": pgettext_lazy("field name", "old_size"),
    "origin": pgettext_lazy("field name", "origin"),
    "outline": pgettext_lazy("field name", "outline"),
    "output": pgettext_lazy("field name", "output"),
    "partial_decryption": pgettext_lazy("field name", "partial_decryption"),
    "participants": pgettext_lazy("field name", "participants"),
    "passphrase": pgettext_lazy("field name", "passphrase"),
    "password": pgettext_lazy("field name", "password"),
    "plaintext": pgettext_lazy("field name", "plaintext"),
    "private_key": pgettext_lazy("field name", "private_key"),
    "profile": pgettext_lazy("field name", "profile"),
    "proof": pgettext_lazy("field name", "proof"),
    "public_credential": pgettext_lazy("field name", "public_credential"),
    "public_key": pgettext_lazy("field name", "public_key"),
    "q": pgettext_lazy("field name", "q"),
    "questions": pgettext_lazy("field name", "questions"),
    "quota": pgettext_lazy("field name", "quota"),
    "range": pgettext_lazy("field name", "range"),
    "reader": pgettext_lazy("field name", "reader"),
    "readout_rule": pgettext_lazy("field name", "readout_rule"),
    "reason": pgettext_lazy("field name", "reason"),
    "reasons": pgettext_lazy("field name", "reasons"),
    "record": pgettext_lazy("field name", "record"),
    "region": pgettext_lazy("field name", "region"),
    "role": pgettext_lazy("field name", "role"),
    "root_hash": pgettext_lazy("field name", "root_hash"),
    "rules": pgettext_lazy("field name", "rules"),
    "scale": pgettext_lazy("field name", "scale"),
    "scopes": pgettext_lazy("field name", "scopes"),
    "scores": pgettext_lazy("field name", "scores"),
    "seats": pgettext_lazy("field name", "seats"),
    "secretariat": pgettext_lazy("field name", "secretariat"),
    "services": pgettext_lazy("field name", "services"),
    "share": pgettext_lazy("field name", "share"),
    "shares": pgettext_lazy("field name", "shares"),
    "signatory": pgettext_lazy("field name", "signatory"),
    "signature": pgettext_lazy("field name", "signature"),
    "signed_at": pgettext_lazy("field name", "signed_at"),
    "size": pgettext_lazy("field name", "size"),
    "skey": pgettext_lazy("field name", "skey"),
    "start": pgettext_lazy("field name", "start"),
    "start_year": pgettext_lazy("field name", "start_year"),
    "state": pgettext_lazy("field name", "state"),
    "tally": pgettext_lazy("field name", "tally"),
    "template": pgettext_lazy("field name", "template"),
    "terms": pgettext_lazy("field name", "terms"),
    "text": pgettext_lazy("field name", "text"),
    "texts": pgettext_lazy("field name", "texts"),
    "thresholds": pgettext_lazy("field name", "thresholds"),
    "tier": pgettext_lazy("field name", "tier"),
    "tile": pgettext_lazy("field name", "tile"),
    "timestamp": pgettext_lazy("field name", "timestamp"),
    "timezone": pgettext_lazy("field name", "timezone"),
    "title": pgettext_lazy("field name", "title"),
    "trustees": pgettext_lazy("field name", "trustees"),
    "url": pgettext_lazy("field name", "url"),
    "uuid": pgettext_lazy("field name", "uuid"),
    "value": pgettext_lazy("field name", "value"),
    "values": pgettext_lazy("field name", "values"),
    "venue": pgettext_lazy("field name", "venue"),
    "verifiers": pgettext_lazy("field name", "verifiers"),
    "version": pgettext_lazy("field name", "version"),
    "versions": pgettext_lazy("field name", "versions"),
    "vkey": pgettext_lazy("field name", "vkey"),
    "weighted": pgettext_lazy("field name", "weighted"),
    "weights": pgettext_lazy("field name", "weights"),
    "width": pgettext_lazy("field name", "width"),
    "witness_vkey": pgettext_lazy("field name", "witness_vkey"),
    "witness_vkeys": pgettext_lazy("field name", "witness_vkeys"),
    "witnesses_required": pgettext_lazy("field name", "witnesses_required"),
    "wrapped_share": pgettext_lazy("field name", "wrapped_share"),
    "year": pgettext_lazy("field name", "year"),
    "years": pgettext_lazy("field name", "years"),
}


def field_name(field: str) -> str:
    """``field`` as the reader's language names it (an unknown field keeps its identifier)."""
    name = FIELD_NAMES.get(field)
    return str(name) if name is not None else field


def translated(exc: Error) -> str:
    """The message of ``exc`` in the active language."""
    if isinstance(exc, RowsInvalidError):
        count = len(exc.rows)
        message = ngettext("%(count)d row has errors; nothing was imported", "%(count)d rows have errors; nothing was imported", count)
        return message % {"count": count}
    if isinstance(exc, InvalidInputError) and exc.template:
        return _(exc.template) % exc.params
    if isinstance(exc.message, Notice):  # a pure module's message that kept its template
        return _(exc.message.template) % exc.message.params
    return exc.message


def translated_diagnostics(exc: Error) -> str:
    """Like ``exc.diagnostics()``, in the active language."""
    if isinstance(exc, InvalidInputError) and not isinstance(exc, RowsInvalidError) and exc.field:
        return _("%(field)s: %(message)s") % {"field": field_name(exc.field), "message": translated(exc)}
    if isinstance(exc, InvalidInputError) and not isinstance(exc, RowsInvalidError):
        return translated(exc)
    return exc.diagnostics()
