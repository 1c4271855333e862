"""Shared fixtures: people in every role around one meeting, and signed-in clients."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from incamera.accounts.models import User
from incamera.meetings import actions
from incamera.meetings.models import Meeting
from incamera.roster.actions import do_import_roster
from incamera.vetting.actions import do_import_scores

PASSWORD = "correct horse battery staple"


def make_user(email: str, *, name: str = "", organize: bool = False, staff: bool = False, secretariat: str = "Secretariat") -> User:
    """An account; with ``organize``, organizer and roster manager of ``secretariat`` (created if
    need be)."""
    from incamera.secretariats.actions import do_grant_role
    from incamera.secretariats.models import Secretariat

    user = User.objects.create_user(email, PASSWORD, full_name=name or email.split("@", maxsplit=1)[0].title(), is_staff=staff)
    if organize:
        home, _created = Secretariat.objects.get_or_create(name=secretariat)
        for role in ("organizer", "roster_manager"):
            do_grant_role(home, user, role, by=None)
    return user


def make_meeting(
    by: User, *, title: str = "Critical minerals roundtable", profile: str = "chatham_house", languages: list[str] | None = None
) -> Meeting:
    from incamera.meetings.access import access_meeting_creation

    start = dt.datetime(2030, 3, 1, 9, 0, tzinfo=dt.UTC)
    return actions.do_create_meeting(
        actions.MeetingInput(
            title=title,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=6),
            timezone="Europe/Zurich",
            profile=profile,
            languages=languages or ["en"],
        ),
        secretariat=access_meeting_creation(by),
        by=by,
    )


@dataclass
class Cast:
    """One meeting and a person in every role, plus outsiders."""

    meeting: Meeting
    other_meeting: Meeting
    organizer: User
    delegate: User
    observer: User
    focal_point: User
    service: User
    outsider: User  # a delegate of another meeting
    admin: User  # platform admin, not in the meeting

    def user(self, role: str) -> User | None:
        return None if role == "anonymous" else getattr(self, role)


ROLES = ("anonymous", "outsider", "service", "observer", "delegate", "focal_point", "organizer", "admin")


@pytest.fixture
def cast(db: None) -> Cast:
    organizer = make_user("organizer@example.org", name="Olga Organizer", organize=True)
    meeting = make_meeting(organizer)
    actions.do_add_agenda_item(meeting, title="Opening", minutes=10, by=organizer)
    people = {}
    for role in ("delegate", "observer", "focal_point", "service"):
        people[role] = make_user(f"{role}@example.org")
        actions.do_add_member(meeting, people[role], role=role, delegation=f"{role.title()} Delegation", by=organizer)
    other_organizer = make_user("other-organizer@example.org", organize=True)
    other_meeting = make_meeting(other_organizer, title="Another meeting")
    outsider = make_user("outsider@example.org")
    actions.do_add_member(other_meeting, outsider, role="delegate", by=other_organizer)
    for role in ("delegate", "observer", "focal_point"):
        sign_nda(people[role], meeting)
    admin = make_user("admin@example.org", staff=True, organize=True)
    admin.is_superuser = True
    admin.save()
    return Cast(meeting=meeting, other_meeting=other_meeting, organizer=organizer, outsider=outsider, admin=admin, **people)


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """The sign-in throttle lives in the cache: no test sees another's failures."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_page_cache() -> None:
    """Rendered pages are kept per process (incamera/web/pagecache.py): none outlives its test."""
    from incamera.web.pagecache import page_cache

    page_cache.clear()


@pytest.fixture(autouse=True)
def _own_key_epochs(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Each test's database starts at key epoch 1: its epoch key files are its own too."""
    settings.INCAMERA_KEK_DIR = tmp_path / "keks"


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """A request in another language leaves it active in the thread (LocaleMiddleware does not
    reset it): every test starts, and leaves, in the default language."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


def sign_nda(user: User, meeting: Meeting, *, language: str = "en") -> None:
    """Sign the meeting's current NDA the real way: a software passkey confirms the digest."""
    from incamera.accounts import passkeys
    from incamera.agreements import actions as nda
    from incamera.demo.softkey import SoftAuthenticator

    rp = passkeys.RelyingParty(id="testserver", origin="http://testserver")
    authenticator = SoftAuthenticator()
    challenge_id, options = passkeys.begin_registration(user, rp)
    passkeys.finish_registration(user, challenge_id, json.dumps(authenticator.register(options)), name="test key")
    digest = nda.digest_of(nda.current_nda(meeting), language)
    challenge_id, options = passkeys.begin_authentication(rp, purpose="confirm", user=user, digest=digest)
    assertion = passkeys.finish_authentication(
        challenge_id, json.dumps(authenticator.get_assertion(options)), purpose="confirm", user=user, confirm_purpose="nda"
    )
    assert assertion.confirmation is not None
    nda.do_sign_nda(meeting, user, language=language, full_name=user.display_name, confirmation_id=assertion.confirmation.pk)


ROSTER = (
    b"delegation,kind,region,full_name,email\n"
    b"Chile,state,Latin America,Camila Rojas,c.rojas@example.org\n"
    b"Kivu Refiners,company_sme,Africa,Grace Uwase,g.uwase@example.org\n"
    b"Andes Lithium,company_multinational,Latin America,Diego Fernandez,d.fernandez@example.org\n"
)


SCORES = b"delegation,DPI,TRC,GPW\nChile,80,70,90\nKivu Refiners,30,80,20\nAndes Lithium,50,40,50\n"


@pytest.fixture
def scored(cast: Cast) -> Cast:
    do_import_roster(ROSTER, cast.meeting.secretariat, by=cast.organizer)
    assert do_import_scores(cast.meeting, SCORES, by=cast.organizer) == 3
    return cast


def end_stream(response: Any) -> None:
    """Close a streaming response that was not read to its end (a live stream), as a server does
    when the client leaves.  Closing sends ``request_finished``, whose handler would close the
    test's own database connection inside its transaction on PostgreSQL; the test client holds it
    back while it closes responses itself, and so does this."""
    from django.core.signals import request_finished
    from django.db import close_old_connections

    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
