"""Labels for the codes pages show: meeting states, confidentiality profiles (name and summary) and
the readiness items each profile starts a meeting with.

Each label is English, marked with ``gettext_noop`` so that ``makemessages`` extracts it, and
translated where a page shows it (the filters in ``meetings/templatetags/incamera.py``; a stored checklist
item through ``{% translate item.label %}``).  The marking only works on literals, so the profile
and checklist texts of ``meetings/profiles.py`` are written out again here;
tests/i18n/test_labels.py checks that both say the same.

Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from incamera.kernel.messages import gettext_noop
from incamera.meetings.lifecycle import State
from incamera.meetings.profiles import ProfileKey

__all__ = ["CHECKLIST_LABELS", "PROFILE_LABELS", "PROFILE_SUMMARIES", "STATE_LABELS"]

STATE_LABELS: Mapping[str, str] = MappingProxyType(
    {
        State.DRAFT.value: gettext_noop("Draft"),
        State.PREPARING.value: gettext_noop("Preparing"),
        State.IN_SESSION.value: gettext_noop("In session"),
        State.CLOSED.value: gettext_noop("Closed"),
        State.ARCHIVED.value: gettext_noop("Archived"),
    }
)

PROFILE_LABELS: Mapping[str, str] = MappingProxyType(
    {
        ProfileKey.CHATHAM_HOUSE.value: gettext_noop("Chatham House"),
        ProfileKey.THREE_NOS.value: gettext_noop("Three nos"),
        ProfileKey.CLOSED_RECORD.value: gettext_noop("Closed record"),
    }
)

PROFILE_SUMMARIES: Mapping[str, str] = MappingProxyType(
    {
        ProfileKey.CHATHAM_HOUSE.value: gettext_noop("Participants may use what is said, but never reveal who said it."),
        ProfileKey.THREE_NOS.value: gettext_noop("No minute-taker, no official statement, no press. Only outcomes are kept."),
        ProfileKey.CLOSED_RECORD.value: gettext_noop("An attributed record is kept and sealed; only a custodian quorum can open it."),
    }
)

# By checklist key.  A meeting stores the English label of each item (organizers may add their
# own items, which stay as typed), so pages translate the stored label itself.
CHECKLIST_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "ndas_signed": gettext_noop("All NDAs signed"),
        "interpretation_booths": gettext_noop("Interpretation booths isolated"),
        "device_lockers": gettext_noop("Device lockers at the door"),
        "shredding": gettext_noop("Shredding arranged for paper copies"),
        "shielded_room": gettext_noop("Shielded room checked"),
        "no_minute_taker": gettext_noop("No minute-taker or recording device in the room"),
        "custodians_named": gettext_noop("Record custodians named"),
    }
)

# What the record page calls each logged event (ledger/log.py LOGGED_EVENTS), and its public facts.
EVENT_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "meeting.created": gettext_noop("Meeting created"),
        "meeting.state_changed": gettext_noop("Lifecycle move"),
        "meeting.updated": gettext_noop("Meeting details changed"),
        "invitation.accepted": gettext_noop("Invitation accepted"),
        "nda.signed": gettext_noop("Confidentiality agreement signed"),
        "nda.published": gettext_noop("Confidentiality agreement published"),
        "agenda.item_added": gettext_noop("Agenda item added"),
        "agenda.item_updated": gettext_noop("Agenda item changed"),
        "agenda.item_deleted": gettext_noop("Agenda item removed"),
        "agenda.item_moved": gettext_noop("Agenda reordered"),
        "checklist.item_added": gettext_noop("Readiness item added"),
        "checklist.ticked": gettext_noop("Readiness item ticked"),
        "checklist.unticked": gettext_noop("Readiness item unticked"),
        "membership.added": gettext_noop("Participant added"),
        "material.uploaded": gettext_noop("Material uploaded"),
        "materials.shredded": gettext_noop("Materials shredded"),
        "note.added": gettext_noop("Note added"),
        "account.admin_changed": gettext_noop("Account changed by a platform administrator"),
        "room.joined": gettext_noop("Virtual room entered"),
        "room.confirmed": gettext_noop("Passkey confirmed in the virtual room"),
        "room.left": gettext_noop("Virtual room left"),
        "room.reconfirmation_required": gettext_noop("Everyone in the virtual room asked to confirm again"),
        "resolution.drafted": gettext_noop("Resolution drafted"),
        "resolution.version_added": gettext_noop("New version of a resolution"),
        "resolution.updated": gettext_noop("Resolution's legal character or adoption method changed"),
        "resolution.amendment_proposed": gettext_noop("Amendment proposed"),
        "resolution.amendment_accepted": gettext_noop("Amendment accepted"),
        "resolution.amendment_rejected": gettext_noop("Amendment rejected"),
        "resolution.silence_opened": gettext_noop("Silence period opened"),
        "resolution.objection": gettext_noop("Objection made"),
        "resolution.objection_withdrawn": gettext_noop("Objection withdrawn"),
        "resolution.vote_opened": gettext_noop("Roll call opened"),
        "resolution.vote_cast": gettext_noop("Vote cast"),
        "resolution.vote_closed": gettext_noop("Roll call closed"),
        "resolution.adopted": gettext_noop("Resolution adopted"),
        "resolution.not_adopted": gettext_noop("Resolution not adopted"),
        "resolution.returned_to_draft": gettext_noop("Resolution returned to draft after objections"),
        "resolution.reservation_added": gettext_noop("Reservation or explanation of position made"),
        "commitment.created": gettext_noop("Commitment recorded"),
        "commitment.reported": gettext_noop("Commitment indicator reported"),
        "commitment.status_changed": gettext_noop("Commitment status changed"),
        "resolution.signed": gettext_noop("Resolution signed"),
        "signing_key.registered": gettext_noop("Signing key registered"),
        "signing_key.revoked": gettext_noop("Signing key revoked"),
        "ballot.created": gettext_noop("Secret ballot set up"),
        "ballot.trustee_key": gettext_noop("Trustee's key registered for a secret ballot"),
        "ballot.credential_registered": gettext_noop("Voting credential registered"),
        "ballot.opened": gettext_noop("Secret ballot opened"),
        "ballot.cast": gettext_noop("Secret ballot cast"),
        "ballot.closed": gettext_noop("Secret ballot closed"),
        "ballot.decrypted": gettext_noop("Tally partly decrypted by a trustee"),
        "ballot.result": gettext_noop("Secret ballot result published"),
        "disclosure.schedule_changed": gettext_noop("Disclosure schedule changed"),
        "disclosure.items_proposed": gettext_noop("Items proposed for disclosure"),
        "disclosure.tier_set": gettext_noop("Disclosure tier chosen"),
        "disclosure.item_withdrawn": gettext_noop("Item withdrawn from disclosure"),
        "disclosure.approved": gettext_noop("Release approved and committed"),
        "disclosure.released": gettext_noop("Item released to the public archive"),
        "disclosure.readout_rule_set": gettext_noop("Readout consent rule set"),
        "disclosure.readout_proposed": gettext_noop("Readout proposed"),
        "disclosure.readout_answered": gettext_noop("Delegation answered a readout"),
        "disclosure.reviewer_added": gettext_noop("Ethics reviewer seated"),
        "disclosure.reviewer_removed": gettext_noop("Ethics reviewer unseated"),
        "disclosure.petition_filed": gettext_noop("Petition for early disclosure filed"),
        "disclosure.petition_decided": gettext_noop("Petition decided by the ethics review panel"),
        "disclosure.quorum_created": gettext_noop("Custodian quorum made for the sealed record"),
        "disclosure.share_submitted": gettext_noop("Custodian submitted a share"),
        "disclosure.share_refused": gettext_noop("Custodian's share refused"),
        "disclosure.record_unsealed": gettext_noop("Sealed record opened by the custodian quorum"),
        "disclosure.unsealing_failed": gettext_noop("Opening the sealed record failed"),
    }
)
FACT_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "from": gettext_noop("from"),
        "to": gettext_noop("to"),
        "role": gettext_noop("role"),
        "profile": gettext_noop("profile"),
        "version": gettext_noop("version"),
        "language": gettext_noop("language"),
        "method": gettext_noop("method"),
        "kind": gettext_noop("kind"),
        "algorithm": gettext_noop("algorithm"),
        "tracker": gettext_noop("ballot tracker"),
        "tier": gettext_noop("tier"),
        "commitment": gettext_noop("commitment"),
        "rule": gettext_noop("rule"),
        "decision": gettext_noop("decision"),
        "k": gettext_noop("custodians needed"),
        "n": gettext_noop("custodians"),
        "quorum": gettext_noop("quorum"),
        "index": gettext_noop("share"),
        "progress": gettext_noop("progress"),
        "indices": gettext_noop("shares combined"),
    }
)
# The words for a public fact's coded values, where a code is not a word ("roll_call").  The codes
# are those of the apps that log them (resolutions: AdoptionMethod, ReservationKind).
FACT_VALUE_LABELS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "method": MappingProxyType(
            {
                "consensus": gettext_noop("Consensus"),
                "roll_call": gettext_noop("Named roll call"),
                "secret_ballot": gettext_noop("Secret ballot"),
            }
        ),
        "kind": MappingProxyType({"reservation": gettext_noop("Reservation"), "explanation_of_vote": gettext_noop("Explanation of vote")}),
    }
)
