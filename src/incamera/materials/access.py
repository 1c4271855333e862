"""Who may see a meeting's documents: participants whose content gates are open (the NDA signed)
and organizers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incamera.materials.models import Document
from incamera.meetings.access import Need, access_meeting
from incamera.web.access import get_or_404

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from incamera.accounts.models import User

__all__ = ["access_document"]


def access_document(user: User | AnonymousUser, meeting_id: int, document_id: int, *, need: Need = Need.CONTENT) -> Document:
    meeting = access_meeting(user, meeting_id, need=need)
    return get_or_404(Document.objects.select_related("meeting"), f"document {document_id}", pk=document_id, meeting=meeting)
