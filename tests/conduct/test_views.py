"""The inclusion report page and its CSV."""

import pytest

from tests.conftest import Cast, client_for

pytestmark = pytest.mark.django_db


def test_inclusion_page_charts_alarms_and_csv(scored: Cast) -> None:
    from incamera.meetings.actions import do_add_member
    from tests.conftest import make_user

    for i in range(4):
        do_add_member(scored.meeting, make_user(f"andes{i}@example.org"), role="delegate", delegation="Andes Lithium", by=scored.organizer)
    do_add_member(scored.meeting, make_user("kivu@example.org"), role="delegate", delegation="Kivu Refiners", by=scored.organizer)
    client = client_for(scored.organizer)
    page = client.get(f"/meetings/{scored.meeting.pk}/inclusion/?minutes=60&floor=60&max_ratio=2&max_gini=0.9")
    body = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in body
    assert "4.0×" in body  # four multinational seats against one SME seat
    assert "⚠" in body  # above the bound of 2
    csv_text = client.get(f"/meetings/{scored.meeting.pk}/inclusion.csv?minutes=60&floor=60&max_ratio=2").content.decode()
    assert "multinational_sme_seat_ratio" in csv_text
    bad = client.get(f"/meetings/{scored.meeting.pk}/inclusion/?minutes=x")
    assert bad.status_code == 422


def test_inclusion_charts_name_kinds_by_their_labels_and_say_whether_an_alarm_fired(scored: Cast) -> None:
    from incamera.meetings.actions import do_add_member
    from tests.conftest import make_user

    do_add_member(scored.meeting, make_user("andes@example.org"), role="delegate", delegation="Andes Lithium", by=scored.organizer)
    do_add_member(scored.meeting, make_user("kivu@example.org"), role="delegate", delegation="Kivu Refiners", by=scored.organizer)
    client = client_for(scored.organizer)
    calm = client.get(f"/meetings/{scored.meeting.pk}/inclusion/?max_ratio=5&max_gini=0.99").content.decode()
    charts = calm[calm.index('<div class="charts">') :]
    assert "Company (multinational)" in charts
    assert "Company (SME)" in charts
    assert "company_multinational" not in charts
    assert "company_sme" not in charts
    assert 'id="no-alarm"' in calm
    assert "⚠" not in calm
    assert 'id="gini-meaning"' in calm
    assert " min (" in calm
    alarmed = client.get(f"/meetings/{scored.meeting.pk}/inclusion/?max_ratio=0.5&max_gini=0.99").content.decode()
    assert "⚠" in alarmed
    assert 'id="no-alarm"' not in alarmed
