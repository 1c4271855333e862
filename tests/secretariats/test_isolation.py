"""Issue 9, finding 2: the roster was shared by every organizer.  The attack, replayed over HTTP by
the organizer of another secretariat: export every name and e-mail, import a person into our
delegation (who would then be invited with it), overwrite its credit ratings (changing the
observer-rule outcome).  Each secretariat now owns its roster, meetings and custodians; what
belongs to another does not exist for you."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from incamera.accounts.models import User
from incamera.roster.models import Delegation, DelegationAttribute, RosterPerson
from incamera.vetting.actions import observer_eligibility
from tests.conftest import Cast, client_for, make_user

pytestmark = pytest.mark.django_db

OURS = b"delegation,kind,region,full_name,email\nChile,state,Latin America,Camila Rojas,c.rojas@example.org\n"
RATINGS = b"delegation,attribute,year,value\nChile,credit_rating,2028,AA\nChile,credit_rating,2029,AA\n"
INTRUDER = b"delegation,kind,region,full_name,email\nChile,state,Latin America,Mallory Mole,mallory@evil.example\n"
FORGED = b"delegation,attribute,year,value\nChile,credit_rating,2028,D\nChile,credit_rating,2029,D\n"


def _other_secretariat_organizer() -> User:
    return make_user("rival@other-secretariat.example", organize=True, secretariat="Other secretariat")


def _upload(client, kind: str, data: bytes):  # type: ignore[no-untyped-def]
    return client.post("/roster/", {"import": kind, f"{kind}-file": SimpleUploadedFile(f"{kind}.csv", data, content_type="text/csv")})


def _outcomes(cast: Cast) -> list[tuple[str, bool]]:
    """The observer-rule outcome for our meeting, delegation by delegation."""
    return [(e.delegation.name, e.eligible) for e in observer_eligibility(cast.meeting, as_of=2029)]


def test_another_secretariat_cannot_read_join_or_rewrite_our_roster(cast: Cast) -> None:
    ours = client_for(cast.organizer)
    assert _upload(ours, "people", OURS).status_code == 302
    assert _upload(ours, "attributes", RATINGS).status_code == 302
    observers_before = _outcomes(cast)
    chile = Delegation.objects.get(name="Chile", people__email="c.rojas@example.org")

    rival = client_for(_other_secretariat_organizer())
    exported = rival.get("/roster/export")
    assert b"c.rojas@example.org" not in exported.content
    assert b"Camila" not in rival.get("/roster/").content
    _upload(rival, "people", INTRUDER)
    _upload(rival, "attributes", FORGED)

    assert list(chile.people.values_list("email", flat=True)) == ["c.rojas@example.org"]  # nobody joined our Chile
    assert sorted(DelegationAttribute.objects.filter(delegation=chile).values_list("value", flat=True)) == ["AA", "AA"]
    assert _outcomes(cast) == observers_before
    assert not RosterPerson.objects.filter(delegation=chile, email="mallory@evil.example").exists()
    # Our meeting, its vetting pages and its custodians do not exist for them.
    for path in ("", "matrix/", "observers/", "rotation/", "materials/"):
        assert rival.get(f"/meetings/{cast.meeting.pk}/{path}").status_code == 404, path


def test_an_organizer_invited_from_another_secretariat_runs_the_meeting_but_never_sees_our_roster(cast: Cast) -> None:
    """Found in review: vetting pages authorized by meeting membership alone, so an organizer of
    another secretariat, added to our meeting as an organizer, read our roster through them."""
    from incamera.meetings.actions import do_add_member

    ours = client_for(cast.organizer)
    assert _upload(ours, "people", OURS).status_code == 302
    rival = _other_secretariat_organizer()
    do_add_member(cast.meeting, rival, role="organizer", by=cast.organizer)
    client = client_for(rival)
    assert client.get(f"/meetings/{cast.meeting.pk}/").status_code == 200  # they co-organise the meeting
    for path in ("matrix/", "observers/", "rotation/"):
        response = client.get(f"/meetings/{cast.meeting.pk}/{path}")
        assert response.status_code == 404, path
        assert b"Chile" not in response.content
    assert b"Vetting" not in client.get(f"/meetings/{cast.meeting.pk}/").content  # nor offered in the navigation
    assert ours.get(f"/meetings/{cast.meeting.pk}/matrix/").status_code == 200
