"""The meeting workspace (issue 10): navigation by phase that shows each role only what it may
see, an overview that puts the next step and its blockers first, and the small things a
secretariat tripped over on these pages."""

from __future__ import annotations

import re

import pytest

from incamera.meetings import actions
from incamera.meetings.forms import MeetingForm, timezone_choices
from incamera.meetings.models import AgendaItem
from tests.conftest import Cast, client_for

pytestmark = pytest.mark.django_db


def _nav(html: str) -> list[str]:
    found = re.search(r'<nav class="workspace-nav".*?</nav>', html, flags=re.DOTALL)
    assert found is not None, "the page has no workspace navigation"
    return [label.strip() for label in re.findall(r"<a href=\"/[^\"]*\"[^>]*>([^<]+)</a>", found.group(0))[1:]]


def test_the_navigation_shows_each_role_only_what_it_may_see(cast: Cast) -> None:
    url = f"/meetings/{cast.meeting.pk}/"
    organizer = _nav(client_for(cast.organizer).get(url).content.decode())
    assert organizer == [
        "Overview",
        "Details",
        "Agenda",
        "Participants",
        "Vetting",
        "Invitations",
        "Confidentiality agreement",
        "Materials",
        "Readiness",
        "Service codes",
        "Speakers list",
        "Speaking time and inclusion",
        "Notes",
        "Virtual room",
        "Resolutions",
        "Secret ballots",
        "Commitments",
        "Schedule and releases",
        "Readouts",
        "Tamper-evident record",
    ]
    delegate = _nav(client_for(cast.delegate).get(url).content.decode())
    assert "Vetting" not in delegate
    assert "Invitations" not in delegate
    assert {"Agenda", "Materials", "Confidentiality agreement", "Virtual room"} <= set(delegate)
    assert _nav(client_for(cast.service).get(url).content.decode()) == ["Overview", "Service codes", "Tamper-evident record"]
    assert "My delegation" in _nav(client_for(cast.focal_point).get(url).content.decode())


def test_the_current_section_is_marked_on_every_page_of_it(cast: Cast) -> None:
    client = client_for(cast.organizer)
    for path, label in (
        ("matrix/", "Vetting"),
        ("observers/", "Vetting"),
        ("nda/edit/", "Confidentiality agreement"),
        ("readiness/", "Readiness"),
    ):
        html = client.get(f"/meetings/{cast.meeting.pk}/{path}").content.decode()
        assert re.search(rf'aria-current="page">{label}</a>', html), path
        assert html.count('aria-current="page"') == 1, path


def test_the_overview_puts_the_next_step_and_its_blockers_first(cast: Cast) -> None:
    client = client_for(cast.organizer)
    html = client.get(f"/meetings/{cast.meeting.pk}/").content.decode()
    assert html.index("Next step") < html.index('<dl class="facts">')
    assert "Start preparing" in html
    assert "Back to" not in html  # a draft has no step back
    actions.do_transition_meeting(cast.meeting, "preparing", by=cast.organizer)
    html = client.get(f"/meetings/{cast.meeting.pk}/").content.decode()
    assert "Open the session" in html
    assert f'href="/meetings/{cast.meeting.pk}/readiness/"' in html
    assert "Back to “Draft”" in html
    assert html.index("Open the session") < html.index("Back to “Draft”")  # the backward move comes last
    # The three cast members who sign have signed: the NDA item shows its count, not a bare tick.
    assert "3 / 3" in html


def test_an_agenda_item_with_negative_minutes_is_refused_with_the_reason(cast: Cast) -> None:
    before = AgendaItem.objects.count()
    response = client_for(cast.organizer).post(
        f"/meetings/{cast.meeting.pk}/agenda/add", {"title": "Coffee", "minutes": "-5"}, follow=True, headers={"HX-Request": "true"}
    )
    assert "Minutes: Ensure this value is greater than or equal to 1." in response.content.decode()
    assert AgendaItem.objects.count() == before


def test_the_time_zones_offered_are_the_regions_with_the_common_ones_first() -> None:
    (_common_label, common), (_all_label, regional) = timezone_choices()
    assert common[0] == ("UTC", "UTC")
    assert ("Europe/Zurich", "Europe/Zurich") in common
    names = {zone for zone, _ in regional}
    assert not names & {"Factory", "localtime", "posixrules", "US/Eastern", "Etc/GMT+5", "Cuba"}
    assert "Asia/Shanghai" not in names  # offered once, among the common ones
    assert MeetingForm(data={"timezone": "Factory"}).errors["timezone"]


def test_the_record_names_events_and_facts_in_words_in_both_languages(cast: Cast) -> None:
    from incamera.ledger import sequencer
    from incamera.ledger.log import LOGGED_EVENTS
    from incamera.meetings.labels import EVENT_LABELS

    assert set(LOGGED_EVENTS) <= set(EVENT_LABELS), "give every logged event a label in meetings/labels.py"
    actions.do_transition_meeting(cast.meeting, "preparing", by=cast.organizer)
    sequencer.sequence_pending()
    html = client_for(cast.organizer).get(f"/meetings/{cast.meeting.pk}/record/").content.decode()
    assert "Lifecycle move" in html
    assert "from Draft · to Preparing" in html
    assert "from=draft" not in html
    chinese = client_for(cast.organizer).get(f"/meetings/{cast.meeting.pk}/record/", headers={"Accept-Language": "zh-hans"})
    assert "生命周期变更" in chinese.content.decode()  # Lifecycle move
    assert "从 草稿 · 到 筹备中" in chinese.content.decode()


def test_a_state_delegation_is_a_country_in_chinese_and_an_invitation_state_a_status(cast: Cast) -> None:
    from django.utils import translation

    from incamera.roster.models import DelegationKind

    with translation.override("zh-hans"):
        assert str(DelegationKind.STATE.label) == "国家"
        assert translation.gettext("State") == "状态"


def test_the_time_zone_select_keeps_the_meetings_zone_and_escapes_nothing_unsafely(cast: Cast) -> None:
    html = client_for(cast.organizer).get(f"/meetings/{cast.meeting.pk}/edit/").content.decode()
    select = re.search(r'<select[^>]*name="timezone"[^>]*>.*?</select>', html, flags=re.DOTALL)
    assert select is not None
    assert 'id="id_timezone"' in select.group(0)
    assert '<option value="Europe/Zurich" selected>Europe/Zurich</option>' in select.group(0)
    assert select.group(0).count(" selected") == 1
    assert '<optgroup label="Common">' in select.group(0)
