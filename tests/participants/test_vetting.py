"""Vetting through the pages: roster, scores, live tiers, invitations for the tiers, rotation."""

import pytest
from django.core import mail

from incamera.participants import roster, vetting
from incamera.participants.matrix import Criterion, Thresholds
from incamera.participants.models import Delegation, Invitation
from tests.conftest import Cast, client_for

pytestmark = pytest.mark.django_db

ROSTER = (
    b"delegation,kind,region,full_name,email\n"
    b"Chile,state,Latin America,Camila Rojas,c.rojas@example.org\n"
    b"Kivu Refiners,company_sme,Africa,Grace Uwase,g.uwase@example.org\n"
    b"Andes Lithium,company_multinational,Latin America,Diego Fernandez,d.fernandez@example.org\n"
)
SCORES = b"delegation,DPI,TRC,GPW\nChile,80,70,90\nKivu Refiners,30,80,20\nAndes Lithium,50,40,50\n"


@pytest.fixture
def scored(cast: Cast) -> Cast:
    roster.do_import_roster(ROSTER, by=cast.organizer)
    assert vetting.do_import_scores(cast.meeting, SCORES, by=cast.organizer) == 3
    return cast


def test_matrix_page_shows_tiers_with_explanations(scored: Cast) -> None:
    page = client_for(scored.organizer).get(f"/meetings/{scored.meeting.pk}/matrix/").content.decode()
    assert "Chile" in page
    assert "tier-member" in page
    assert "tier-not_invited" in page
    assert "threshold" in page


def test_live_recompute_changes_tiers_without_saving(scored: Cast) -> None:
    client = client_for(scored.organizer)
    url = f"/meetings/{scored.meeting.pk}/matrix/preview"
    heavy_trc = client.post(
        url, {"weight_DPI": "0", "weight_TRC": "1", "weight_GPW": "0", "member": "60", "observer": "40"}, headers={"hx-request": "true"}
    )
    body = heavy_trc.content.decode()
    assert body.count("tier-member") == 2  # Chile 70 and Kivu 80 on topic relevance alone
    assert "normalised" not in body
    uneven = client.post(url, {"weight_DPI": "1", "weight_TRC": "1", "weight_GPW": "1", "member": "60", "observer": "40"}).content.decode()
    assert "normalised" in uneven
    bad = client.post(url, {"weight_DPI": "x", "weight_TRC": "1", "weight_GPW": "1", "member": "60", "observer": "40"}).content.decode()
    assert "must be a number" in bad
    # Nothing was saved by previews.
    assert client.get(f"/meetings/{scored.meeting.pk}/matrix/").content.decode().count("tier-member") == 1


def test_saved_weights_and_invitations_for_the_tiers(scored: Cast) -> None:
    vetting.do_save_matrix(
        scored.meeting,
        criteria=[
            Criterion("DPI", "Decision-power index", 0.35),
            Criterion("TRC", "Topic relevance", 0.25),
            Criterion("GPW", "Geopolitical weight", 0.40),
        ],
        thresholds=Thresholds(member=60, observer=40),
        by=scored.organizer,
    )
    sent, skipped = vetting.do_invite_tiers(scored.meeting, by=scored.organizer, base_url="http://testserver/")
    roles = dict(Invitation.objects.values_list("email", "role"))
    assert roles == {"c.rojas@example.org": "delegate", "d.fernandez@example.org": "observer"}
    assert (sent, skipped) == (2, 0)
    assert vetting.do_invite_tiers(scored.meeting, by=scored.organizer, base_url="http://testserver/") == (0, 2)
    assert len(mail.outbox) == 0 or all("invitation" in m.subject.lower() for m in mail.outbox)


def test_bad_score_files_are_reported_by_line(scored: Cast) -> None:
    from incamera.core.errors import RowsInvalidError

    with pytest.raises(RowsInvalidError) as info:
        vetting.do_import_scores(
            scored.meeting, b"delegation,DPI,TRC,GPW\nNowhere,1,2,3\nChile,120,1,1\nChile,x,1,1\n", by=scored.organizer
        )
    assert [e.row for e in info.value.rows] == [2, 3, 4]


def test_rotation_page_plans_or_explains(scored: Cast) -> None:
    client = client_for(scored.organizer)
    ids = [str(pk) for pk in Delegation.objects.values_list("pk", flat=True)]
    ok = client.post(
        f"/meetings/{scored.meeting.pk}/rotation/", {"delegation": ids, "seats": "1", "years": "6", "max_gap": "3", "start_year": "2027"}
    )
    page = ok.content.decode()
    assert ok.status_code == 200
    assert page.count("●") == 6
    impossible = client.post(
        f"/meetings/{scored.meeting.pk}/rotation/", {"delegation": ids, "seats": "1", "years": "6", "max_gap": "2", "start_year": "2027"}
    )
    text = impossible.content.decode()
    assert "No plan is possible." in text
    assert "The smallest maximum gap that works is 3 years." in text


def test_speaking_budgets_follow_the_matrix_and_the_floor(scored: Cast) -> None:
    from incamera.meetings.actions import do_add_member
    from tests.conftest import make_user

    for email, delegation in (("c.rojas@example.org", "Chile"), ("g.uwase@example.org", "Kivu Refiners")):
        do_add_member(scored.meeting, make_user(email), role="delegate", delegation=delegation, by=scored.organizer)
    delegations, budgets = vetting.speaking_for(scored.meeting, session_seconds=3600, floor_seconds=300)
    assert sum(budgets.seconds.values()) == 3600
    assert all(s >= 300 for s in budgets.seconds.values())
    assert budgets.seconds["Chile"] > budgets.seconds["Kivu Refiners"] > 300
    assert {d.name for d in delegations} >= {"Chile", "Kivu Refiners"}


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


def test_speaking_budgets_api(scored: Cast) -> None:
    from django.test import Client

    from incamera.accounts.actions import do_create_api_token

    _row, token = do_create_api_token(scored.delegate, name="t", scopes=["meetings:read"])
    response = Client().get(
        f"/api/v1/meetings/{scored.meeting.pk}/speaking?session_seconds=1800&floor_seconds=60", headers={"authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200
    data = response.json()
    assert sum(b["seconds"] for b in data["budgets"]) == 1800
    impossible = Client().get(
        f"/api/v1/meetings/{scored.meeting.pk}/speaking?session_seconds=10&floor_seconds=60", headers={"authorization": f"Bearer {token}"}
    )
    assert impossible.status_code == 422


def test_seed_observer_rule_on_the_page_and_bad_rules_refused(scored: Cast) -> None:
    data = b"delegation,attribute,year,value\n" + b"".join(
        f"{d},credit_rating,{y},{v}\n".encode()
        for d, ratings in (("Chile", ("AA+", "AA+", "AAA")), ("Kivu Refiners", ("AA", "AA+", "AAA")))
        for y, v in zip((2027, 2028, 2029), ratings, strict=True)
    )
    roster.do_import_attributes(data, by=scored.organizer)
    client = client_for(scored.organizer)
    page = client.get(f"/meetings/{scored.meeting.pk}/observers/").content.decode()  # the meeting starts in 2030: as of 2029
    chile = page.split("Chile", 1)[1].split("</tr>", 1)[0]
    kivu = page.split("Kivu Refiners", 1)[1].split("</tr>", 1)[0]
    assert "✓" in chile
    assert "✗" in kivu
    bad = client.post(
        f"/meetings/{scored.meeting.pk}/observers/",
        {"rules": '[{"id": "x", "attribute": "credit_rating", "comparison": ">=", "value": "ZZZ"}]'},
    )
    assert bad.status_code == 422
    assert "AAA" in bad.content.decode()  # names the valid ratings
    broken = client.post(f"/meetings/{scored.meeting.pk}/observers/", {"rules": "[{"})
    assert "not valid JSON" in broken.content.decode()
