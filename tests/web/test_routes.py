"""Every URL pattern against every role (issue 2, §6).

Each route is classified below by who may reach it.  A route that nobody classified fails
``test_every_route_is_classified``; each classified route is then requested as each role, and
what may not be seen must answer 404 (never 403), or 401 / a sign-in redirect for the anonymous.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from incamera.accounts.actions import do_create_api_token
from incamera.accounts.models import ApiToken, Passkey
from incamera.invitations import actions as invitation_actions
from incamera.meetings.models import AgendaItem, ChecklistItem, Meeting, Membership
from tests.conftest import ROLES, Cast, client_for, end_stream

MEMBERS = {"service", "observer", "delegate", "focal_point", "organizer"}
CONTENT = {"observer", "delegate", "focal_point", "organizer"}

# Expected outcome per role: "ok", "login" (redirect to sign-in), "404", "401", "admin-login".
PUBLIC = dict.fromkeys(ROLES, "ok")
SIGNED_IN = {role: ("login" if role == "anonymous" else "ok") for role in ROLES}
OWNER = {role: ("login" if role == "anonymous" else "ok" if role == "organizer" else "404") for role in ROLES}
CREATORS = {role: ("login" if role == "anonymous" else "ok" if role in {"organizer", "admin"} else "404") for role in ROLES}
MEETING_MEMBERS = {role: ("login" if role == "anonymous" else "ok" if role in MEMBERS else "404") for role in ROLES}
ORGANIZERS = OWNER
API_SIGNED_IN = {role: ("401" if role == "anonymous" else "ok") for role in ROLES}
API_MEMBERS = {role: ("401" if role == "anonymous" else "ok" if role in MEMBERS else "404") for role in ROLES}
API_CONTENT = {role: ("401" if role == "anonymous" else "ok" if role in CONTENT else "404") for role in ROLES}
API_ORGANIZERS = {role: ("401" if role == "anonymous" else "ok" if role == "organizer" else "404") for role in ROLES}
# Notes under Chatham House (the cast's meeting): organizers and delegates write, every content reader reads.
NOTE_WRITERS = {role: ("login" if role == "anonymous" else "ok" if role in {"organizer", "delegate"} else "404") for role in ROLES}
API_NOTE_WRITERS = {role: ("401" if role == "anonymous" else "ok" if role in {"organizer", "delegate"} else "404") for role in ROLES}
API_CREATORS = {role: ("401" if role == "anonymous" else "ok" if role in {"organizer", "admin"} else "404") for role in ROLES}
CONTENT_PAGES = {role: ("login" if role == "anonymous" else "ok" if role in CONTENT else "404") for role in ROLES}
SERVICE_DESK = {role: ("login" if role == "anonymous" else "ok" if role in {"service", "organizer"} else "404") for role in ROLES}
STAFF = {role: ("ok" if role == "admin" else "admin-login") for role in ROLES}
# A commitment of the delegate's delegation: its participants and the organizers report on it.
REPORTERS = {role: ("login" if role == "anonymous" else "ok" if role in {"organizer", "delegate"} else "404") for role in ROLES}
API_REPORTERS = {role: ("401" if role == "anonymous" else "ok" if role in {"organizer", "delegate"} else "404") for role in ROLES}


@dataclass
class World:
    cast: Cast
    item: AgendaItem
    check: ChecklistItem
    invitation_id: int
    passkey: Passkey
    token: ApiToken
    receipt_index: int = 0
    membership_id: int = 0
    credential_id: int = 0
    document_id: int = 0
    resolution_id: int = 0
    amendment_id: int = 0
    commitment_id: int = 0
    report_id: int = 0
    signed_resolution_id: int = 0
    signing_key_id: int = 0
    ballot_id: int = 0
    item_id_disclosure: int = 0
    tokens: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Route:
    method: str
    expect: dict[str, str]
    kwargs: Callable[[World], dict[str, Any]] = lambda w: {}
    body: Callable[[World], dict[str, Any]] | None = None
    json: bool = False


def _m(w: World) -> dict[str, Any]:
    return {"meeting_id": w.cast.meeting.pk}


def _item(w: World) -> dict[str, Any]:
    return {"meeting_id": w.cast.meeting.pk, "item_id": w.item.pk}


def _res(w: World) -> dict[str, Any]:
    return {"meeting_id": w.cast.meeting.pk, "resolution_id": w.resolution_id}


def _amendment(w: World) -> dict[str, Any]:
    return {"meeting_id": w.cast.meeting.pk, "resolution_id": w.resolution_id, "amendment_id": w.amendment_id}


def _ballot(w: World) -> dict[str, Any]:
    return {"meeting_id": w.cast.meeting.pk, "ballot_id": w.ballot_id}


def _signed(w: World) -> dict[str, Any]:
    return {"meeting_id": w.cast.meeting.pk, "resolution_id": w.signed_resolution_id}


def _inv(w: World) -> dict[str, Any]:
    return {"meeting_id": w.cast.meeting.pk, "invitation_id": w.invitation_id}


def _commitment(w: World) -> dict[str, Any]:
    return {"meeting_id": w.cast.meeting.pk, "commitment_id": w.commitment_id}


def _meeting_body(w: World) -> dict[str, Any]:
    return {"title": "Renamed", "starts_at": "2030-03-01T09:00:00Z", "ends_at": "2030-03-01T12:00:00Z", "version": w.cast.meeting.version}


ROUTES: dict[str, Route] = {
    "home": Route("get", PUBLIC),
    "healthz": Route("get", PUBLIC),
    "set_language": Route("post", PUBLIC, body=lambda w: {"language": "zh-hans", "next": "/"}),
    "accounts:signin": Route("get", PUBLIC),
    "accounts:signout": Route("post", dict.fromkeys(ROLES, "login")),  # signs out, then shows the sign-in page
    "accounts:password_reset": Route("get", PUBLIC),
    "accounts:password_reset_done": Route("get", PUBLIC),
    "accounts:password_reset_open": Route("get", PUBLIC),  # the mailed link, its token in the fragment
    "accounts:password_reset_confirm": Route("get", PUBLIC, kwargs=lambda w: {"uidb64": "MQ", "token": "set-password"}),
    "accounts:password_reset_complete": Route("get", PUBLIC),
    "accounts:passkeys": Route("get", SIGNED_IN),
    "accounts:passkey_register_begin": Route("post", SIGNED_IN),
    "accounts:passkey_register_finish": Route("post", SIGNED_IN, json=True),
    "accounts:passkey_delete": Route("post", OWNER, kwargs=lambda w: {"passkey_id": w.passkey.pk}),
    "accounts:passkey_signin_begin": Route("post", PUBLIC),
    "accounts:passkey_signin_finish": Route("post", PUBLIC, json=True),
    "accounts:passkey_confirm_begin": Route("post", SIGNED_IN, json=True),
    "accounts:passkey_confirm_finish": Route("post", SIGNED_IN, json=True),
    "accounts:tokens": Route("get", SIGNED_IN),
    "accounts:token_revoke": Route("post", OWNER, kwargs=lambda w: {"token_id": w.token.pk}),
    "meetings:dashboard": Route("get", SIGNED_IN),
    "meetings:create": Route("get", CREATORS),
    "meetings:detail": Route("get", MEETING_MEMBERS, kwargs=_m),
    "meetings:agenda": Route("get", CONTENT_PAGES, kwargs=_m),
    "meetings:participants": Route("get", CONTENT_PAGES, kwargs=_m),
    "meetings:readiness": Route("get", CONTENT_PAGES, kwargs=_m),
    "meetings:ics": Route("get", MEETING_MEMBERS, kwargs=_m),
    "meetings:edit": Route("get", ORGANIZERS, kwargs=_m),
    "meetings:transition": Route("post", ORGANIZERS, kwargs=_m, body=lambda w: {"to": "preparing"}),
    "meetings:agenda_add": Route("post", ORGANIZERS, kwargs=_m, body=lambda w: {"title": "Any other business"}),
    "meetings:agenda_edit": Route("get", ORGANIZERS, kwargs=_item),
    "meetings:agenda_delete": Route("post", ORGANIZERS, kwargs=_item),
    "meetings:agenda_move": Route("post", ORGANIZERS, kwargs=_item, body=lambda w: {"direction": "down"}),
    "meetings:checklist_add": Route("post", ORGANIZERS, kwargs=_m, body=lambda w: {"label": "Badges", "required": "on"}),
    "meetings:checklist_toggle": Route(
        "post", ORGANIZERS, kwargs=lambda w: {"meeting_id": w.cast.meeting.pk, "item_id": w.check.pk}, body=lambda w: {"done": "1"}
    ),
    # An old bearer link (the token in the path): anyone may open it; a bogus token is 404 for everybody.
    "invitations:invitation": Route("get", dict.fromkeys(ROLES, "404"), kwargs=lambda w: {"token": "bogus-token"}),
    # The mailed link's page (the token in its fragment) and the invitation's own page: public;
    # without an opened invitation the latter leads back to the former.
    "invitations:open": Route("get", PUBLIC),
    "invitations:accept": Route("get", PUBLIC),
    "invitations:invitations": Route("get", ORGANIZERS, kwargs=_m),
    "invitations:invitations_import": Route("post", ORGANIZERS, kwargs=_m),
    "invitations:invitations_export": Route("get", ORGANIZERS, kwargs=_m),
    "invitations:invitation_revoke": Route("post", ORGANIZERS, kwargs=_inv),
    "invitations:invitation_resend": Route("post", ORGANIZERS, kwargs=_inv),
    "ledger:checkpoint": Route("get", PUBLIC),
    "roster:page": Route("get", CREATORS),
    "vetting:matrix": Route("get", ORGANIZERS, kwargs=_m),
    "vetting:matrix_preview": Route(
        "post",
        ORGANIZERS,
        kwargs=_m,
        body=lambda w: {"weight_DPI": "1", "weight_TRC": "1", "weight_GPW": "1", "member": "60", "observer": "40"},
    ),
    "vetting:matrix_score": Route("post", ORGANIZERS, kwargs=_m),
    "vetting:matrix_import": Route("post", ORGANIZERS, kwargs=_m),
    "vetting:matrix_invite": Route("post", ORGANIZERS, kwargs=_m),
    "vetting:rotation": Route("get", ORGANIZERS, kwargs=_m),
    "conduct:inclusion": Route("get", ORGANIZERS, kwargs=_m),
    "vetting:observers": Route("get", ORGANIZERS, kwargs=_m),
    # Those who sign the NDA or edit it; service staff never see it (it names the organizer).
    "agreements:nda": Route("get", CONTENT_PAGES, kwargs=_m),
    "materials:list": Route("get", CONTENT_PAGES, kwargs=_m),
    "materials:download": Route("get", CONTENT_PAGES, kwargs=lambda w: {"meeting_id": w.cast.meeting.pk, "document_id": w.document_id}),
    "materials:access": Route("get", ORGANIZERS, kwargs=_m),
    "materials:trace": Route("get", ORGANIZERS, kwargs=_m),
    "materials:shred": Route("post", ORGANIZERS, kwargs=_m, body=lambda w: {"confirm_title": "not the title"}),
    "agreements:edit": Route("get", ORGANIZERS, kwargs=_m),
    # Your own signed NDA: only those who signed (the cast's delegate, observer and focal point).
    "agreements:pdf": Route(
        "get",
        {r: ("login" if r == "anonymous" else "ok" if r in {"delegate", "observer", "focal_point"} else "404") for r in ROLES},
        kwargs=_m,
    ),
    # The focal point's page: that seat only (anonymous are asked to sign in).
    "invitations:delegation": Route(
        "get", {role: ("login" if role == "anonymous" else "ok" if role == "focal_point" else "404") for role in ROLES}, kwargs=_m
    ),
    "invitations:credentials": Route("get", ORGANIZERS, kwargs=_m),
    "invitations:credential": Route(
        "get", ORGANIZERS, kwargs=lambda w: {"meeting_id": w.cast.meeting.pk, "credential_id": w.credential_id}
    ),
    "conduct:inclusion_csv": Route("get", ORGANIZERS, kwargs=_m),
    # The speakers list: everyone who reads the content; the statistics name the delegations, so
    # they follow the participant list (the cast's profile shows it to participants).
    "conduct:speakers": Route("get", CONTENT_PAGES, kwargs=_m),
    "conduct:speakers_csv": Route("get", CONTENT_PAGES, kwargs=_m),
    "conduct:projector": Route("get", CONTENT_PAGES, kwargs=_item),
    "conduct:speakers_state": Route("get", CONTENT_PAGES, kwargs=_item),
    "conduct:speakers_events": Route("get", CONTENT_PAGES, kwargs=_item),
    # Asking for the floor for one's delegation: the organizer has none, and is refused with a
    # message (a redirect back), which is an answer, not a 404.
    "conduct:speakers_act": Route("post", CONTENT_PAGES, kwargs=_item, body=lambda w: {"action": "ask", "kind": "reply"}),
    # The virtual room: everyone who reads the content; the world's meeting is not in session, so
    # the acts answer 409 (an answer, not a 404); only organizers ask everyone to confirm again.
    "room:page": Route("get", CONTENT_PAGES, kwargs=_m),
    "room:status": Route("get", CONTENT_PAGES, kwargs=_m),
    "room:request": Route("post", CONTENT_PAGES, kwargs=_m, json=True),
    "room:join": Route("post", CONTENT_PAGES, kwargs=_m, body=lambda w: {"confirmation": 1, "nonce": "0" * 32}, json=True),
    "room:reconfirm": Route("post", CONTENT_PAGES, kwargs=_m, body=lambda w: {"confirmation": 1, "nonce": "0" * 32}, json=True),
    "room:leave": Route("post", CONTENT_PAGES, kwargs=_m, json=True),
    "room:require_reconfirmation": Route("post", ORGANIZERS, kwargs=_m),
    "api:speaking": Route("get", API_CONTENT, kwargs=_m),
    "service:page": Route("get", SERVICE_DESK, kwargs=_m),
    "service:seat_cards": Route("get", SERVICE_DESK, kwargs=_m),
    "service:catering": Route("get", SERVICE_DESK, kwargs=_m),
    "service:people": Route("get", ORGANIZERS, kwargs=_m),
    "service:issue": Route("post", ORGANIZERS, kwargs=_m),
    "service:needs": Route(
        "post",
        ORGANIZERS,
        kwargs=lambda w: {"meeting_id": w.cast.meeting.pk, "membership_id": w.membership_id},
        body=lambda w: {"dietary": "vegan"},
    ),
    "roster:export": Route("get", CREATORS),
    "meetings:record": Route("get", MEETING_MEMBERS, kwargs=_m),
    # Receipts: your own events only (none of the others acted here); organizers take any.
    "meetings:receipt": Route("get", ORGANIZERS, kwargs=lambda w: {"meeting_id": w.cast.meeting.pk, "index": w.receipt_index}),
    "record:verify": Route("get", PUBLIC),
    "signatures:verify": Route("get", PUBLIC),
    "disclosure:schedule": Route("get", ORGANIZERS, kwargs=_m),
    "disclosure:item_act": Route(
        "post", ORGANIZERS, kwargs=lambda w: _m(w) | {"item_id": w.item_id_disclosure}, body=lambda w: {"act": "nothing"}
    ),
    "disclosure:quorum": Route("get", ORGANIZERS, kwargs=_m),
    # Only a custodian of the sealed record holds a share: no role of the cast does.
    "disclosure:quorum_share": Route("get", {**dict.fromkeys(ROLES, "404"), "anonymous": "login"}, kwargs=_m),
    "disclosure:review": Route("get", ORGANIZERS, kwargs=lambda w: _m(w) | {"item_id": w.item_id_disclosure}),
    "disclosure:readouts": Route("get", CONTENT_PAGES, kwargs=_m),
    "disclosure:archive": Route("get", PUBLIC),
    "disclosure:petitions": Route("get", PUBLIC),
    "disclosure:confirm_petition": Route("get", PUBLIC),
    "disclosure:review_petitions": Route("get", SIGNED_IN),
    "disclosure:panel": Route("get", CREATORS),
    "disclosure:status": Route("get", CREATORS),
    "disclosure:petition": Route("get", CONTENT_PAGES, kwargs=_m),  # nothing released: only its participants know of it
    "disclosure:verify": Route("get", PUBLIC),
    "disclosure:feed_json": Route("get", PUBLIC),
    "disclosure:feed_atom": Route("get", PUBLIC),
    "disclosure:item": Route("get", dict.fromkeys(ROLES, "404"), kwargs=lambda w: {"item_id": w.item_id_disclosure}),  # not released
    "disclosure:item_file": Route("get", dict.fromkeys(ROLES, "404"), kwargs=lambda w: {"item_id": w.item_id_disclosure}),
    "disclosure:item_json": Route("get", dict.fromkeys(ROLES, "404"), kwargs=lambda w: {"item_id": w.item_id_disclosure}),
    "ballots:list": Route("get", CONTENT_PAGES, kwargs=_m),
    "ballots:detail": Route("get", CONTENT_PAGES, kwargs=_ballot),
    "ballots:act": Route("post", ORGANIZERS, kwargs=_ballot, body=lambda w: {"act": "nothing"}),
    "ballots:trustee_key": Route("post", CONTENT_PAGES, kwargs=_ballot, body=lambda w: {"public_key": "{}"}, json=True),
    "ballots:credential": Route("post", CONTENT_PAGES, kwargs=_ballot, body=lambda w: {"public_credential": "1"}, json=True),
    "ballots:cast": Route("post", CONTENT_PAGES, kwargs=_ballot, body=lambda w: {"ballot": "{}"}, json=True),
    "ballots:decryption": Route("post", CONTENT_PAGES, kwargs=_ballot, body=lambda w: {"partial_decryption": "{}"}, json=True),
    "ballots:election": Route("get", CONTENT_PAGES, kwargs=_ballot),
    "ballots:tally": Route("get", CONTENT_PAGES, kwargs=_ballot),
    "ballots:record": Route("get", CONTENT_PAGES, kwargs=_ballot),
    "ledger:tile": Route("get", PUBLIC, kwargs=lambda w: {"path": "0/000.p/1"}),
    "api:api-root": Route("get", dict.fromkeys(ROLES, "404")),
    "api:list_ballots": Route("get", API_CONTENT, kwargs=_m),
    "api:create_ballot": Route(
        "post",
        API_ORGANIZERS,
        kwargs=_m,
        body=lambda w: {
            "title": "T",
            "questions": [{"question": "Q", "answers": ["A"], "min": 1, "max": 1}],
            "trustees": ["x@example.org"],
        },
        json=True,
    ),
    "api:get_ballot": Route("get", API_CONTENT, kwargs=_ballot),
    "api:open_ballot": Route("post", API_ORGANIZERS, kwargs=_ballot, json=True),
    "api:close_ballot": Route("post", API_ORGANIZERS, kwargs=_ballot, json=True),
    "api:ballot_record": Route("get", API_CONTENT, kwargs=_ballot),
    "api:openapi-json": Route("get", PUBLIC),
    "api:list_meetings": Route("get", API_SIGNED_IN),
    "api:create_meeting": Route("post", API_CREATORS, body=_meeting_body, json=True),
    "api:get_meeting": Route("get", API_MEMBERS, kwargs=_m),
    "api:update_meeting": Route("patch", API_ORGANIZERS, kwargs=_m, body=_meeting_body, json=True),
    "api:transition_meeting": Route("post", API_ORGANIZERS, kwargs=_m, body=lambda w: {"to": "preparing"}, json=True),
    "api:list_agenda": Route("get", API_CONTENT, kwargs=_m),
    "api:add_agenda_item": Route("post", API_ORGANIZERS, kwargs=_m, body=lambda w: {"title": "AOB"}, json=True),
    "api:update_agenda_item": Route("put", API_ORGANIZERS, kwargs=_item, body=lambda w: {"title": "AOB"}, json=True),
    "api:delete_agenda_item": Route("delete", API_ORGANIZERS, kwargs=_item),
    "api:list_invitations": Route("get", API_ORGANIZERS, kwargs=_m),
    "api:create_invitation": Route("post", API_ORGANIZERS, kwargs=_m, body=lambda w: {"email": "new@example.org"}, json=True),
    "api:revoke_invitation": Route("post", API_ORGANIZERS, kwargs=_inv),
    "api:resend_invitation": Route("post", API_ORGANIZERS, kwargs=_inv),
    # The speakers list: participants ask and withdraw (the world's three delegations have asked);
    # the organizer, without a delegation, is refused with 409, which is an answer, not a 404.
    "api:speakers": Route("get", API_CONTENT, kwargs=_m),
    "api:ask_floor": Route("post", API_CONTENT, kwargs=_m, body=lambda w: {"kind": "reply"}, json=True),
    "api:withdraw_request": Route("delete", API_CONTENT, kwargs=_m, body=lambda w: {"kind": "speak"}, json=True),
    "api:give_floor": Route("post", API_ORGANIZERS, kwargs=_m, body=lambda w: {}, json=True),
    "api:end_turn": Route("post", API_ORGANIZERS, kwargs=_m),
    "api:pause_timer": Route("post", API_ORGANIZERS, kwargs=_m),
    "api:resume_timer": Route("post", API_ORGANIZERS, kwargs=_m),
    "api:adjust_budget": Route(
        "post", API_ORGANIZERS, kwargs=_m, body=lambda w: {"delegation": "Delegate Delegation", "delta_s": 30, "reason": "x"}, json=True
    ),
    "api:reorder_queue": Route(
        "post",
        API_ORGANIZERS,
        kwargs=_m,
        body=lambda w: {"order": ["Focal_Point Delegation", "Observer Delegation", "Delegate Delegation"]},
        json=True,
    ),
    "api:grant_observer_right": Route("post", API_ORGANIZERS, kwargs=_m, body=lambda w: {"delegation": "Observer Delegation"}, json=True),
    # Session notes (Chatham House): the attributed routes answer the writers and readers 409
    # (no speaker is stored under this profile), which is an answer, not a 404.
    "notes:notes": Route("get", CONTENT_PAGES, kwargs=_m),
    "notes:csv": Route("get", CONTENT_PAGES, kwargs=_m),
    "notes:add": Route("post", NOTE_WRITERS, kwargs=_m, body=lambda w: {"text": "Prices will rise.", "action": "save"}),
    "notes:check": Route("post", NOTE_WRITERS, kwargs=_m, body=lambda w: {"text": "Prices will rise."}, json=True),
    "api:add_note": Route("post", API_NOTE_WRITERS, kwargs=_m, body=lambda w: {"text": "Prices will rise."}, json=True),
    "api:check_note": Route("post", API_NOTE_WRITERS, kwargs=_m, body=lambda w: {"text": "Prices will rise."}, json=True),
    "api:list_notes": Route("get", API_CONTENT, kwargs=_m),
    "api:add_attributed_note": Route("post", API_NOTE_WRITERS, kwargs=_m, body=lambda w: {"text": "Prices will rise."}, json=True),
    "api:list_attributed_notes": Route("get", API_CONTENT, kwargs=_m),
    "resolutions:list": Route("get", CONTENT_PAGES, kwargs=_m),
    "resolutions:create": Route("get", ORGANIZERS, kwargs=_m),
    "resolutions:detail": Route("get", CONTENT_PAGES, kwargs=_res),
    "resolutions:close": Route("get", ORGANIZERS, kwargs=_res),
    # A member delegation's act; the others are refused with a message (a redirect back).
    "resolutions:act": Route("post", CONTENT_PAGES, kwargs=_res, body=lambda w: {"action": "vote", "choice": "yes"}),
    # Resolutions: every content reader reads them; the organizers draft, decide and chair.  A
    # member delegation's acts answer the others (an observer, an organizer without a delegation)
    # 409, as they do when nothing is open to object or vote on: an answer, not a 404.
    "api:list_resolutions": Route("get", API_CONTENT, kwargs=_m),
    "api:create_resolution": Route(
        "post",
        API_ORGANIZERS,
        kwargs=_m,
        body=lambda w: {"title": "On X", "legal_character": "decision", "texts": {"en": "The text."}},
        json=True,
    ),
    "api:get_resolution": Route("get", API_CONTENT, kwargs=_res),
    "api:update_resolution": Route("patch", API_ORGANIZERS, kwargs=_res, body=lambda w: {"legal_character": "decision"}, json=True),
    "api:add_version": Route("post", API_ORGANIZERS, kwargs=_res, body=lambda w: {"texts": {"en": "A new text."}}, json=True),
    "api:propose_amendment": Route(
        "post", API_CONTENT, kwargs=_res, body=lambda w: {"version": 1, "language": "en", "text": "Amended.", "reason": "Why."}, json=True
    ),
    "api:decide_amendment": Route("post", API_ORGANIZERS, kwargs=_amendment, body=lambda w: {"accept": False, "reason": "No."}, json=True),
    "api:open_adoption": Route("post", API_ORGANIZERS, kwargs=_res, body=lambda w: {"minutes": 10}, json=True),
    "api:close_adoption": Route("post", API_ORGANIZERS, kwargs=_res, body=lambda w: {}, json=True),
    "api:object_to": Route("post", API_CONTENT, kwargs=_res, body=lambda w: {"text": "No."}, json=True),
    "api:withdraw_objection": Route("delete", API_CONTENT, kwargs=_res),
    "api:cast_vote": Route("post", API_CONTENT, kwargs=_res, body=lambda w: {"choice": "yes"}, json=True),
    "api:add_reservation": Route(
        "post", API_CONTENT, kwargs=_res, body=lambda w: {"kind": "reservation", "text": "Subject to ratification."}, json=True
    ),
    # Commitments: every content reader reads them; the owner delegation and the organizers report.
    "commitments:dashboard": Route("get", CONTENT_PAGES, kwargs=_m),
    "commitments:export": Route("get", CONTENT_PAGES, kwargs=_m),
    "commitments:import": Route("post", CONTENT_PAGES, kwargs=_m),  # no file: the form's answer, not a 404
    "commitments:create": Route("post", ORGANIZERS, kwargs=_m, body=lambda w: {"commitment-description": "x"}),
    "commitments:commitment": Route("get", CONTENT_PAGES, kwargs=_commitment),
    "commitments:report": Route("post", REPORTERS, kwargs=_commitment, body=lambda w: {"report-value": "5", "report-date": "2026-02-01"}),
    "commitments:evidence": Route("get", REPORTERS, kwargs=lambda w: _commitment(w) | {"report_id": w.report_id}),
    "api:list_commitments": Route("get", API_CONTENT, kwargs=_m),
    "api:get_commitment": Route("get", API_CONTENT, kwargs=lambda w: {"commitment_id": w.commitment_id}),
    "api:add_report": Route(
        "post",
        API_REPORTERS,
        kwargs=lambda w: {"commitment_id": w.commitment_id},
        body=lambda w: {"value": 5, "date": "2026-02-01"},
        json=True,
    ),
    # Signing keys are their owner's: the world's delegate holds one.
    "signatures:key": Route("get", SIGNED_IN),
    "signatures:key_register": Route("post", SIGNED_IN, json=True),
    "signatures:key_revoke": Route(
        "post",
        {r: ("login" if r == "anonymous" else "ok" if r == "delegate" else "404") for r in ROLES},
        kwargs=lambda w: {"key_id": w.signing_key_id},
    ),
    # An adopted resolution's signatures are content: those who read it see the panel and the
    # bundle (the delegate signed it); signing is refused with 409 to those who do not sign.
    "signatures:sign": Route("get", CONTENT_PAGES, kwargs=_signed),
    "signatures:sign_submit": Route("post", CONTENT_PAGES, kwargs=_signed, body=lambda w: {"digest": "0" * 64}, json=True),
    "signatures:bundle": Route("get", CONTENT_PAGES, kwargs=_signed),
    # The sealed record names every signer: for those who see the participant list (here, everyone).
    "signatures:record": Route("get", CONTENT_PAGES, kwargs=_signed),
}
# The back office: every admin route is for platform admins only; two stand for the rest.
ADMIN_SAMPLES = {"admin:index": Route("get", STAFF), "admin:accounts_user_changelist": Route("get", STAFF)}


def _walk(patterns: list[Any], namespace: str = "") -> list[str]:
    names = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace or namespace
            names.extend(_walk(pattern.url_patterns, inner or ""))
        elif isinstance(pattern, URLPattern):
            names.append(f"{namespace}:{pattern.name}" if namespace else str(pattern.name))
    return names


def test_every_route_is_classified() -> None:
    unclassified = sorted({n for n in _walk(get_resolver().url_patterns) if n not in ROUTES and not n.startswith("admin:")})
    assert unclassified == [], f"classify these routes in tests/test_routes.py: {unclassified}"


def test_admin_shows_no_meeting_content() -> None:
    registered = set(admin.site._registry)
    assert not registered & {Meeting, Membership, AgendaItem, ChecklistItem}


@pytest.fixture
def world(cast: Cast) -> World:
    from incamera.meetings import actions

    item = cast.meeting.agenda.get()
    check = cast.meeting.checklist.first()
    assert check is not None
    invitation = invitation_actions.do_invite(
        cast.meeting, invitation_actions.InvitationRow(email="invitee@example.org"), by=cast.organizer, base_url="http://testserver/"
    )
    passkey = Passkey.objects.create(user=cast.organizer, name="k", credential_id=b"x" * 16, public_key=b"y", rp_id="testserver")
    token, _ = do_create_api_token(cast.organizer, name="t", scopes=["meetings:read"])
    tokens = {}
    for role in ROLES[1:]:
        user = cast.user(role)
        assert user is not None
        _row, tokens[role] = do_create_api_token(user, name="all", scopes=list(ApiToken.SCOPES))
    actions.do_add_agenda_item(cast.meeting, title="Second", by=cast.organizer)
    from incamera.conduct.actions import do_floor_event
    from incamera.conduct.floor import FloorRequested

    for role in ("delegate", "observer", "focal_point"):
        asker = cast.user(role)
        assert asker is not None
        do_floor_event(
            cast.meeting, item, FloorRequested(at=dt.datetime.now(dt.UTC), by="", delegation=f"{role.title()} Delegation"), by=asker
        )
    from incamera.ledger.sequencer import sequence_pending

    sequence_pending()
    from incamera.ledger.models import LogEntry

    created = LogEntry.objects.get(meeting=cast.meeting, event__type="meeting.created")
    from incamera.service.actions import do_issue_service_codes

    do_issue_service_codes(cast.meeting, by=cast.organizer)
    membership_id = cast.meeting.memberships.get(user=cast.delegate).pk
    from incamera.invitations.actions import do_approve_representative
    from incamera.materials.actions import do_upload

    document = do_upload(
        cast.meeting, filename="brief.md", title="Brief", data=b"# Brief\n\n" + b"Words of the brief. " * 200, by=cast.organizer
    )
    focal_seat = cast.meeting.memberships.get(user=cast.focal_point)
    approved = do_approve_representative(
        focal_seat,
        email="rep@example.org",
        full_name="Rep",
        filename="nv.pdf",
        credential=b"%PDF-1.4 note verbale",
        base_url="http://testserver/",
    )
    from incamera.resolutions.actions import do_create_resolution, do_propose_amendment

    resolution = do_create_resolution(
        cast.meeting, title="On traceability", texts={"en": "The text."}, legal_character="recommendation", by=cast.organizer
    )
    amendment = do_propose_amendment(resolution, version=1, language="en", text="Amended.", reason="Why.", by=cast.delegate)
    from incamera.commitments.actions import do_create_commitment, do_report

    cobalt = do_create_resolution(cast.meeting, title="On cobalt", texts={"en": "Recycle."}, legal_character="decision", by=cast.organizer)
    commitment = do_create_commitment(
        cobalt,
        owner="Delegate Delegation",
        description="Recycle cobalt.",
        due=dt.date(2030, 12, 31),
        metric="recycled_share",
        condition={"metric": "recycled_share", "comparison": ">=", "target": 60, "by": "2030-12-31"},
        by=cast.organizer,
    )
    report, _verdict = do_report(commitment, value=1, date=dt.date(2026, 1, 1), evidence=("a.pdf", b"%PDF"), by=cast.delegate)
    signed_resolution_id, signing_key_id = _signed_resolution(cast)
    from incamera.ballots.actions import do_create_ballot

    question = {"answers": ["Yes", "No"], "min": 1, "max": 1, "question": "Adopt?"}
    ballot = do_create_ballot(cast.meeting, title="Bureau", questions=[question], trustees=[cast.organizer], by=cast.organizer)
    from incamera.disclosure.actions import do_propose_items

    disclosure_item = do_propose_items(cast.meeting, by=cast.organizer)[0]
    return World(
        ballot_id=ballot.pk,
        item_id_disclosure=disclosure_item.pk,
        resolution_id=resolution.pk,
        amendment_id=amendment.pk,
        cast=cast,
        commitment_id=commitment.pk,
        report_id=report.pk,
        item=item,
        check=check,
        invitation_id=invitation.pk,
        passkey=passkey,
        token=token,
        tokens=tokens,
        receipt_index=created.index or 0,
        membership_id=membership_id,
        credential_id=approved.credential.pk,
        document_id=document.pk,
        signed_resolution_id=signed_resolution_id,
        signing_key_id=signing_key_id,
    )


def _signed_resolution(cast: Cast) -> tuple[int, int]:
    """An adopted resolution the delegate signed (its entry sequenced), and the delegate's key."""
    from incamera.ledger.sequencer import sequence_pending
    from incamera.resolutions.actions import digests_of, do_create_resolution
    from incamera.resolutions.models import Resolution
    from incamera.signatures import actions as signing
    from tests.signatures.helpers import BrowserKey, confirmed, registered

    resolution = do_create_resolution(
        cast.meeting, title="On traceability", texts={"en": "The registry is shared."}, legal_character="decision", by=cast.organizer
    )
    Resolution.objects.filter(pk=resolution.pk).update(state="adopted")
    resolution.refresh_from_db()
    authenticator, browser = registered(cast.delegate), BrowserKey()
    key = signing.do_register_signing_key(
        cast.delegate,
        algorithm="Ed25519",
        public_key=browser.spki_b64,
        confirmation_id=confirmed(cast.delegate, authenticator, browser.fingerprint, signing.KEY_PURPOSE),
    )
    digest = digests_of(resolution).whole
    signing.do_sign_resolution(
        resolution,
        cast.delegate,
        digest=digest,
        signature=browser.sign_b64(digest),
        confirmation_id=confirmed(cast.delegate, authenticator, digest, signing.SIGN_PURPOSE),
    )
    sequence_pending()
    return resolution.pk, key.pk


def _outcome(response: Any) -> str:
    status = response.status_code
    if status >= 500:
        return f"server error {status}"
    if status in {401, 404}:
        return str(status)
    if status == 403:
        return "403 (should be 404)"
    if status in {301, 302}:
        location = response["Location"]
        if "/platform/login/" in location:
            return "admin-login"
        if "/accounts/signin/" in location:
            return "login"
    return "ok"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ROUTES) + sorted(ADMIN_SAMPLES))
def test_route_answers_each_role_as_classified(world: World, name: str) -> None:
    route = ROUTES.get(name) or ADMIN_SAMPLES[name]
    url = reverse(name, kwargs=route.kwargs(world))
    outcomes = {}
    # The organizer goes last: its requests may change or delete what the others asked for.
    for role in sorted(ROLES, key=lambda r: r == "organizer"):
        user = world.cast.user(role)
        client = Client() if name.startswith("api:") else client_for(user)
        headers = {"authorization": f"Bearer {world.tokens[role]}"} if name.startswith("api:") and role != "anonymous" else {}
        body = route.body(world) if route.body else {}
        if route.json:
            response = getattr(client, route.method)(url, json.dumps(body), content_type="application/json", headers=headers)
        else:
            response = getattr(client, route.method)(url, body, headers=headers)
        outcomes[role] = _outcome(response)
        if response.streaming:
            end_stream(response)
    assert outcomes == route.expect


# Every GET route answers HEAD as it answers GET (RFC 9110 §9.3.2: link checkers, monitors and
# some proxies ask HEAD first).  Routes of areas whose views this change did not touch are listed
# here, each an expected failure until its area allows HEAD (``require_safe``); strict, so that
# the fix there fails this list and the name is taken off it.
HEAD_NOT_YET: set[str] = set()  # every GET page answers HEAD (issue 10)


# GET routes that refuse HEAD on purpose.
GET_ONLY = {
    "materials:download": "each answer makes the reader's marked copy and logs it as received",
}


def _head_cases() -> list[Any]:
    cases = []
    gets = (n for n, route in ROUTES.items() if route.method == "get" and not n.startswith("api:") and n not in GET_ONLY)
    for name in sorted(gets):
        marks = [pytest.mark.xfail(strict=True, reason="this area's views allow GET only")] if name in HEAD_NOT_YET else []
        cases.append(pytest.param(name, marks=marks))
    return cases


@pytest.mark.django_db
@pytest.mark.parametrize("name", _head_cases())
def test_every_get_page_answers_head_as_it_answers_get(world: World, name: str) -> None:
    route = ROUTES[name]
    url = reverse(name, kwargs=route.kwargs(world))
    role = next((r for r in ROLES if route.expect[r] == "ok"), "anonymous")
    client = client_for(world.cast.user(role))
    head, get = client.head(url), client.get(url)
    if get.streaming:
        end_stream(get)
    assert (head.status_code, head.get("Content-Type")) == (get.status_code, get.get("Content-Type"))


@pytest.mark.django_db
def test_a_download_that_logs_a_copy_refuses_head(world: World) -> None:
    from incamera.materials.models import AccessRecord

    url = reverse("materials:download", kwargs={"meeting_id": world.cast.meeting.pk, "document_id": world.document_id})
    assert client_for(world.cast.delegate).head(url).status_code == 405
    assert not AccessRecord.objects.filter(user=world.cast.delegate).exists()
