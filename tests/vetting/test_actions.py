"""Vetting through the pages: roster, scores, live tiers, invitations for the tiers, rotation."""

import pytest
from django.core import mail

from incamera.invitations.models import Invitation
from incamera.roster import actions as roster
from incamera.roster.models import Delegation
from incamera.vetting import actions as vetting
from incamera.vetting.matrix import Criterion, Thresholds
from tests.conftest import Cast, client_for

pytestmark = pytest.mark.django_db


def test_matrix_page_shows_tiers_with_explanations(scored: Cast) -> None:
    page = client_for(scored.organizer).get(f"/meetings/{scored.meeting.pk}/matrix/").content.decode()
    assert "Chile" in page
    assert "tier-member" in page
    assert "tier-not_invited" in page
    assert "threshold" in page


def test_the_total_column_and_the_explanation_round_alike(cast: Cast) -> None:
    import re

    roster.do_import_roster(
        b"delegation,kind,region,full_name,email\nLima,state,Latin America,Ana,ana@example.org\n",
        cast.meeting.secretariat,
        by=cast.organizer,
    )
    vetting.do_import_scores(cast.meeting, b"delegation,DPI,TRC,GPW\nLima,0,57,62.5\n", by=cast.organizer)  # total 39.25
    page = client_for(cast.organizer).get(f"/meetings/{cast.meeting.pk}/matrix/").content.decode()
    (row,) = re.findall(r"<tr><td>Lima</td><td>([^<]*)</td>.*?total ([0-9.]+),", page)
    assert row == ("39.2", "39.2")


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
    from incamera.kernel.errors import RowsInvalidError

    with pytest.raises(RowsInvalidError) as info:
        vetting.do_import_scores(
            scored.meeting, b"delegation,DPI,TRC,GPW\nNowhere,1,2,3\nChile,120,1,1\nChile,x,1,1\n", by=scored.organizer
        )
    assert [e.row for e in info.value.rows] == [2, 3, 4]


def test_score_files_name_the_criteria_they_lack_and_their_ragged_lines(scored: Cast) -> None:
    from incamera.kernel.errors import InvalidInputError, RowsInvalidError

    with pytest.raises(InvalidInputError) as missing:
        vetting.do_import_scores(scored.meeting, b"Delegation,dpi\nChile,1\n", by=scored.organizer)
    assert missing.value.message == "the header must name the columns delegation, dpi, trc, gpw; missing: trc, gpw (found: delegation, dpi)"
    with pytest.raises(RowsInvalidError) as info:
        vetting.do_import_scores(scored.meeting, b"delegation,DPI,TRC,GPW\nNowhere,1,2,3\nChile,1,2,3,4\n", by=scored.organizer)
    assert [(e.row, e.field) for e in info.value.rows] == [(2, "delegation"), (3, "row")]


def test_a_score_file_over_the_cap_is_refused_whole_with_its_size(scored: Cast) -> None:
    from incamera.kernel.errors import InvalidInputError

    data = b"delegation,DPI,TRC,GPW\nChile,10,10,10\n" + b"\n" * vetting.SCORE_TABLE.max_bytes
    with pytest.raises(InvalidInputError) as info:
        vetting.do_import_scores(scored.meeting, data, by=scored.organizer)
    assert info.value.message == f"the file is {len(data):,} bytes; at most 5,242,880 are accepted"


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


def test_seed_observer_rule_on_the_page_and_bad_rules_refused(scored: Cast) -> None:
    data = b"delegation,attribute,year,value\n" + b"".join(
        f"{d},credit_rating,{y},{v}\n".encode()
        for d, ratings in (("Chile", ("AA+", "AA+", "AAA")), ("Kivu Refiners", ("AA", "AA+", "AAA")))
        for y, v in zip((2027, 2028, 2029), ratings, strict=True)
    )
    roster.do_import_attributes(data, scored.meeting.secretariat, by=scored.organizer)
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


def test_a_score_file_over_the_cap_is_refused_not_cut(scored: Cast) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from incamera.vetting.models import CandidateScore

    before = dict(CandidateScore.objects.values_list("delegation__name", "scores"))
    padding = (b" " * 1023 + b"\n") * (5 * 1024)  # blank lines: 5 MiB exactly, so Kivu's row lies past the cap
    data = b"delegation,DPI,TRC,GPW\nChile,10,10,10\n" + padding + b"Kivu Refiners,99,99,99\n"
    upload = SimpleUploadedFile("scores.csv", data, content_type="text/csv")
    response = client_for(scored.organizer).post(f"/meetings/{scored.meeting.pk}/matrix/import", {"scores-file": upload})
    assert response.status_code == 422
    assert "larger than 5,242,880 bytes" in response.content.decode()
    assert dict(CandidateScore.objects.values_list("delegation__name", "scores")) == before
