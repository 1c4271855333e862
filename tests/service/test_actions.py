"""Double-blind service through the pages: staff see codes and needs, never names."""

import pytest

from incamera.service.actions import do_issue_service_codes, do_set_needs
from incamera.service.models import ServiceCode
from tests.conftest import Cast, client_for

pytestmark = pytest.mark.django_db


def test_staff_see_codes_and_needs_but_no_names(cast: Cast) -> None:
    delegate = cast.meeting.memberships.get(user=cast.delegate)
    do_set_needs(delegate, dietary="素食 (vegetarian)", access="step-free seat", by=cast.organizer)
    count = do_issue_service_codes(cast.meeting, by=cast.organizer)
    assert count == 4  # organizer, delegate, observer, focal point; not the service staff themselves
    code = ServiceCode.objects.get(membership=delegate, service="catering").code
    staff = client_for(cast.service)
    page = staff.get(f"/meetings/{cast.meeting.pk}/service/?service=catering").content.decode()
    assert code in page
    assert "素食 (vegetarian)" in page
    for person in (cast.delegate, cast.observer, cast.organizer):
        assert person.display_name not in page
        assert person.email not in page
    pdf = staff.get(f"/meetings/{cast.meeting.pk}/service/catering.pdf")
    assert pdf.content.startswith(b"%PDF")
    cards = staff.get(f"/meetings/{cast.meeting.pk}/service/seat-cards.pdf")
    assert cards.status_code == 200
    assert staff.get(f"/meetings/{cast.meeting.pk}/service/people/").status_code == 404
    mapping = client_for(cast.organizer).get(f"/meetings/{cast.meeting.pk}/service/people/").content.decode()
    assert code in mapping
    assert cast.delegate.display_name in mapping


def test_codes_are_unlinkable_across_services_and_reissues(cast: Cast) -> None:
    do_issue_service_codes(cast.meeting, by=cast.organizer)
    first = dict(ServiceCode.objects.filter(service="seating").values_list("membership_id", "code"))
    catering = dict(ServiceCode.objects.filter(service="catering").values_list("membership_id", "code"))
    assert all(first[m] != catering[m] for m in first)
    do_issue_service_codes(cast.meeting, by=cast.organizer)
    again = dict(ServiceCode.objects.filter(service="seating").values_list("membership_id", "code"))
    assert set(again) == set(first)
    assert all(again[m] != first[m] for m in first)


def test_delegates_and_observers_cannot_reach_the_service_desk(cast: Cast) -> None:
    for person in (cast.delegate, cast.observer, cast.outsider):
        assert client_for(person).get(f"/meetings/{cast.meeting.pk}/service/").status_code == 404


def test_printed_cards_and_lists_name_the_meeting_and_its_day(cast: Cast) -> None:
    import io

    from pypdf import PdfReader

    do_issue_service_codes(cast.meeting, by=cast.organizer)
    staff = client_for(cast.service)
    for path in ("seat-cards.pdf", "catering.pdf"):
        pdf = staff.get(f"/meetings/{cast.meeting.pk}/service/{path}").content
        text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
        assert "Critical minerals roundtable · 2030-03-01" in text, path


def test_the_who_is_who_page_stays_reachable_once_codes_exist_and_saving_needs_is_confirmed(cast: Cast) -> None:
    """Issue 10: once codes were issued, nothing led the organizers back to who is who."""
    do_issue_service_codes(cast.meeting, by=cast.organizer)
    people_url = f"/meetings/{cast.meeting.pk}/service/people/"
    assert people_url in client_for(cast.organizer).get(f"/meetings/{cast.meeting.pk}/service/").content.decode()
    assert people_url not in client_for(cast.service).get(f"/meetings/{cast.meeting.pk}/service/").content.decode()
    delegate = cast.meeting.memberships.get(user=cast.delegate)
    saved = client_for(cast.organizer).post(
        f"/meetings/{cast.meeting.pk}/service/people/{delegate.pk}/needs", {"dietary": "halal", "access": ""}, follow=True
    )
    assert f"Needs saved for {cast.delegate.display_name}." in saved.content.decode()


def test_printed_cards_and_lists_speak_the_staffs_language(cast: Cast) -> None:
    """Issue 10: the PDFs carried fixed English words ("SEAT", "Dietary needs") in every language."""
    import io

    from pypdf import PdfReader

    do_issue_service_codes(cast.meeting, by=cast.organizer)
    staff = client_for(cast.service)

    def text(path: str, language: str) -> str:
        pdf = staff.get(f"/meetings/{cast.meeting.pk}/service/{path}", headers={"Accept-Language": language}).content
        return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())

    assert "SEAT" in text("seat-cards.pdf", "en")
    assert "Dietary needs" in text("catering.pdf", "en")
    chinese_cards, chinese_list = text("seat-cards.pdf", "zh-hans"), text("catering.pdf", "zh-hans")
    assert "座位" in chinese_cards
    assert "SEAT" not in chinese_cards
    assert "饮食需求" in chinese_list
    assert "Dietary needs" not in chinese_list
