import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from incamera.invitations import actions as focal
from incamera.invitations.models import Credential, Invitation
from incamera.kernel.errors import ConflictError, InvalidInputError
from tests.conftest import Cast, client_for, make_user

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% note verbale\n"


def test_focal_point_approves_within_the_quota(cast: Cast) -> None:
    seat = cast.meeting.memberships.get(user=cast.focal_point)
    focal.do_set_quota(cast.meeting, delegation=seat.delegation, quota=2, by=cast.organizer)
    assert focal.used_places(seat) == 0
    for i in range(2):
        focal.do_approve_representative(
            seat, email=f"rep{i}@example.org", full_name=f"Rep {i}", filename="nv.pdf", credential=PDF, base_url="http://t/"
        )
    with pytest.raises(ConflictError, match="used all 2 places"):
        focal.do_approve_representative(
            seat, email="rep9@example.org", full_name="Rep", filename="nv.pdf", credential=PDF, base_url="http://t/"
        )
    assert Invitation.objects.filter(delegation=seat.delegation, role="delegate").count() == 2
    assert Credential.objects.count() == 2


@pytest.mark.parametrize(
    ("data", "message"), [(b"", "attach the credential"), (b"MZ\x90\x00", "not a PDF"), (b"%PDF-" + b"x" * (5 * 1024 * 1024), "at most")]
)
def test_credentials_must_be_real_pdfs(cast: Cast, data: bytes, message: str) -> None:
    seat = cast.meeting.memberships.get(user=cast.focal_point)
    with pytest.raises(InvalidInputError, match=message):
        focal.do_approve_representative(
            seat, email="rep@example.org", full_name="Rep", filename="x.exe", credential=data, base_url="http://t/"
        )
    assert not Invitation.objects.exists()


def test_only_the_focal_point_reaches_the_page_and_organizers_see_credentials(cast: Cast) -> None:
    client = client_for(cast.focal_point)
    upload = SimpleUploadedFile("nv.pdf", PDF, content_type="application/pdf")
    response = client.post(
        f"/meetings/{cast.meeting.pk}/delegation/", {"full_name": "Ana", "email": "ana@example.org", "credential": upload}
    )
    assert response.status_code == 302
    assert client_for(cast.delegate).get(f"/meetings/{cast.meeting.pk}/delegation/").status_code == 404
    organizer = client_for(cast.organizer)
    page = organizer.get(f"/meetings/{cast.meeting.pk}/credentials/").content.decode()
    assert "ana@example.org" in page
    credential = Credential.objects.get()
    download = organizer.get(f"/meetings/{cast.meeting.pk}/credentials/{credential.pk}.pdf")
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert bytes(download.content) == PDF


def test_the_delegations_invitations_show_only_once_the_focal_point_has_signed(cast: Cast) -> None:
    """Issue 9, finding 9: they are content (Need.CONTENT); before the NDA, the page shows the
    places and the approval form (logistics) but not who was invited."""
    from incamera.meetings.actions import do_add_member

    seat = cast.meeting.memberships.get(user=cast.focal_point)
    focal.do_approve_representative(seat, email="rep@example.org", full_name="Rep", filename="nv.pdf", credential=PDF, base_url="http://t/")
    url = f"/meetings/{cast.meeting.pk}/delegation/"
    assert "rep@example.org" in client_for(cast.focal_point).get(url).content.decode()  # signed
    unsigned = make_user("second.focal@example.org")
    do_add_member(cast.meeting, unsigned, role="focal_point", delegation=seat.delegation, by=cast.organizer)
    page = client_for(unsigned).get(url)
    assert page.status_code == 200
    assert "rep@example.org" not in page.content.decode()
    assert "Sign the confidentiality agreement to see your delegation" in page.content.decode()
    assert "Approve a representative" in page.content.decode()
