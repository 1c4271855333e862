"""Secretariats (issue 9, finding 2): roles, choosing whose meeting it is, rosters apart, the CLI,
and the platform admin's page; every change is an event."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from incamera.accounts.actions import do_create_api_token
from incamera.accounts.models import ApiToken
from incamera.ledger.models import Event
from incamera.meetings.models import Meeting
from incamera.roster import actions as roster
from incamera.roster.models import Delegation
from incamera.secretariats import actions
from incamera.secretariats.models import Secretariat
from incamera.vetting import actions as vetting
from tests.conftest import Cast, client_for, make_user

pytestmark = pytest.mark.django_db

ROSTER = b"delegation,kind,region,full_name,email\nChile,state,Latin America,Camila Rojas,c.rojas@example.org\n"


def _meeting_form(**extra: object) -> dict[str, object]:
    return {
        "title": "Board",
        "starts_at": "2030-05-01T09:00",
        "ends_at": "2030-05-01T12:00",
        "timezone": "UTC",
        "mode": "in_person",
        "languages": ["en"],
        "profile": "chatham_house",
    } | extra


def test_an_organizer_of_two_secretariats_chooses_whose_meeting_it_is_and_no_other() -> None:
    user = make_user("both@example.org", organize=True, secretariat="Alpha")
    beta = actions.do_create_secretariat("Beta", by=None)
    actions.do_grant_role(beta, user, "organizer", by=None)
    gamma = actions.do_create_secretariat("Gamma", by=None)
    client = client_for(user)
    page = client.get("/meetings/new/").content.decode()
    assert "Alpha" in page
    assert "Beta" in page
    assert "Gamma" not in page
    assert client.post("/meetings/new/", _meeting_form(secretariat=beta.pk)).status_code == 302
    assert Meeting.objects.get().secretariat == beta
    refused = client.post("/meetings/new/", _meeting_form(secretariat=gamma.pk))
    assert refused.status_code == 422  # not a choice offered
    assert Meeting.objects.count() == 1


def test_the_api_creates_a_meeting_only_in_a_secretariat_you_organise(cast: Cast) -> None:
    from django.test import Client

    other = actions.do_create_secretariat("Other", by=None)
    _row, token = do_create_api_token(cast.organizer, name="t", scopes=list(ApiToken.SCOPES))
    auth = {"authorization": f"Bearer {token}"}
    body = {"title": "Board", "starts_at": "2030-05-01T09:00:00Z", "ends_at": "2030-05-01T12:00:00Z"}
    client = Client()
    refused = client.post("/api/v1/meetings", json.dumps(body | {"secretariat": other.pk}), content_type="application/json", headers=auth)
    assert refused.status_code == 404
    made = client.post("/api/v1/meetings", json.dumps(body), content_type="application/json", headers=auth)
    assert made.status_code == 201
    assert Meeting.objects.get(pk=made.json()["id"]).secretariat == cast.meeting.secretariat


def test_each_secretariat_has_its_own_chile_and_scores_only_its_own(cast: Cast) -> None:
    rival = make_user("rival@example.org", organize=True, secretariat="Other")
    other = Secretariat.objects.get(name="Other")
    roster.do_import_roster(ROSTER, cast.meeting.secretariat, by=cast.organizer)
    roster.do_import_roster(ROSTER, other, by=rival)  # the same names and address: another roster
    ours, theirs = Delegation.objects.get(secretariat=cast.meeting.secretariat), Delegation.objects.get(secretariat=other)
    assert ours.pk != theirs.pk
    assert list(vetting.unscored_delegations(cast.meeting)) == [ours]
    with pytest.raises(Exception, match="choose a delegation from the roster"):
        vetting.roster_delegation(cast.meeting, theirs.pk)
    response = client_for(cast.organizer).post(
        f"/meetings/{cast.meeting.pk}/matrix/score", {"delegation": theirs.pk, "score_DPI": 50, "score_TRC": 50, "score_GPW": 50}
    )
    assert response.status_code == 302
    assert not vetting.CandidateScore.objects.filter(delegation=theirs).exists()


def test_a_roster_is_for_its_roster_managers_only(cast: Cast) -> None:
    other = actions.do_create_secretariat("Other", by=None)
    client = client_for(cast.organizer)
    assert client.get(f"/roster/?secretariat={other.pk}").status_code == 404
    assert client.get(f"/roster/export?secretariat={other.pk}").status_code == 404
    assert client.get("/roster/?secretariat=abc").status_code == 404
    upload = SimpleUploadedFile("r.csv", ROSTER, content_type="text/csv")
    assert client.post("/roster/", {"import": "people", "people-file": upload, "secretariat": other.pk}).status_code == 404
    assert not Delegation.objects.exists()
    organizer_only = make_user("organizer.only@example.org")
    actions.do_grant_role(cast.meeting.secretariat, organizer_only, "organizer", by=None)
    assert client_for(organizer_only).get("/roster/").status_code == 404
    assert "Roster" not in client_for(organizer_only).get("/meetings/").content.decode().split("<main", 1)[0]


def test_the_secretariat_command_creates_grants_revokes_and_lists(cast: Cast) -> None:
    out = io.StringIO()
    call_command("secretariat", "create", "Regional forum", stdout=out)
    call_command("secretariat", "grant", cast.delegate.email, "--secretariat", "Regional forum", "--role", "organizer", stdout=out)
    assert Secretariat.objects.get(name="Regional forum").members.get().user == cast.delegate
    call_command("secretariat", "list", "--json", stdout=(listing := io.StringIO()))
    found = {row["name"]: row["members"] for row in json.loads(listing.getvalue())}
    assert found["Regional forum"] == [{"email": cast.delegate.email, "role": "organizer"}]
    call_command("secretariat", "revoke", cast.delegate.email, "--secretariat", "Regional forum", "--role", "organizer", stdout=out)
    with pytest.raises(CommandError, match="is not Organizer of Regional forum"):
        call_command("secretariat", "revoke", cast.delegate.email, "--secretariat", "Regional forum", "--role", "organizer")
    with pytest.raises(CommandError, match="no secretariat named Nowhere"):
        call_command("secretariat", "grant", cast.delegate.email, "--secretariat", "Nowhere", "--role", "organizer")
    with pytest.raises(CommandError, match="exists already"):
        call_command("secretariat", "create", "Regional forum")
    types = set(Event.objects.values_list("type", flat=True))
    assert {"secretariat.created", "secretariat.role_granted", "secretariat.role_revoked"} <= types


def test_the_platform_admin_creates_a_secretariat_and_grants_a_role(cast: Cast) -> None:
    client = client_for(cast.admin)
    response = client.post(
        "/platform/secretariats/secretariat/add/",
        {
            "name": "Forum",
            "members-TOTAL_FORMS": "1",
            "members-INITIAL_FORMS": "0",
            "members-0-user": cast.delegate.pk,
            "members-0-role": "roster_manager",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    forum = Secretariat.objects.get(name="Forum")
    assert forum.members.get().user == cast.delegate
    assert Event.objects.filter(type="secretariat.role_granted", actor=cast.admin).exists()


def test_the_platform_admin_cannot_edit_a_role_in_place(cast: Cast) -> None:
    """Found in review: editing a row granted the new pair and left the old role in place."""
    from django.contrib import admin as django_admin
    from django.test import RequestFactory

    from incamera.secretariats.admin import MemberInline, SecretariatAdmin

    request = RequestFactory().get("/")
    request.user = cast.admin
    inline = MemberInline(Secretariat, django_admin.site)
    assert not inline.has_change_permission(request, cast.meeting.secretariat)
    assert inline.has_add_permission(request, cast.meeting.secretariat)
    assert inline.has_delete_permission(request, cast.meeting.secretariat)
    assert SecretariatAdmin.inlines == (MemberInline,)


def test_a_role_granted_or_revoked_is_seen_at_once_by_the_same_account_object() -> None:
    """The access layer caches a user's roles for the request; the actions that change them clear it."""
    from incamera.kernel.errors import NotFoundError
    from incamera.secretariats.access import access_secretariat, may_organize
    from incamera.secretariats.models import SecretariatRole

    user = make_user("cache@example.org")
    forum = actions.do_create_secretariat("Forum", by=None)
    assert not may_organize(user)  # cached: no roles
    actions.do_grant_role(forum, user, "organizer", by=None)
    assert access_secretariat(user, forum.pk, SecretariatRole.ORGANIZER) == forum
    actions.do_revoke_role(forum, user, "organizer", by=None)
    with pytest.raises(NotFoundError):
        access_secretariat(user, forum.pk, SecretariatRole.ORGANIZER)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_secretariats_of_one_name_created_at_once_give_one_and_a_precise_refusal() -> None:
    import threading

    from incamera.kernel.errors import ConflictError

    outcomes: list[str] = []
    start = threading.Barrier(2)

    def create() -> None:
        try:
            start.wait(10)
            actions.do_create_secretariat("Twin", by=None)
            outcomes.append("created")
        except ConflictError as exc:
            outcomes.append(exc.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=create) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(outcomes) == ["a secretariat named Twin exists already", "created"]
    assert Secretariat.objects.filter(name="Twin").count() == 1
