"""iCalendar invitations (RFC 5545, METHOD:REQUEST per RFC 5546) built with ``icalendar``."""

from __future__ import annotations

import datetime as dt

import icalendar

__all__ = ["all_day_ics", "meeting_ics"]


def meeting_ics(
    *,
    uid: str,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    location: str,
    organizer_email: str | None,
    attendee_email: str | None,
    url: str,
    sequence: int = 0,
) -> bytes:
    """An .ics file with one VEVENT.  Times are written in UTC, which every client converts."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//incamera//closed-door meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST" if attendee_email else "PUBLISH")
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", dt.datetime.now(dt.UTC))
    event.add("dtstart", starts_at.astimezone(dt.UTC))
    event.add("dtend", ends_at.astimezone(dt.UTC))
    event.add("summary", title)
    event.add("sequence", sequence)
    if location:
        event.add("location", location)
    event.add("url", url)
    event.add("class", "CONFIDENTIAL")
    if organizer_email:  # None for those who may not know who organises
        event.add("organizer", icalendar.vCalAddress(f"mailto:{organizer_email}"))
    if attendee_email:
        attendee = icalendar.vCalAddress(f"mailto:{attendee_email}")
        attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = icalendar.vText("NEEDS-ACTION")
        attendee.params["rsvp"] = icalendar.vText("TRUE")
        event.add("attendee", attendee, encode=False)
    calendar.add_component(event)
    return bytes(calendar.to_ical())


def all_day_ics(*, uid: str, title: str, day: dt.date, description: str, url: str) -> bytes:
    """An .ics file (METHOD:PUBLISH) with one all-day VEVENT on ``day`` (RFC 5545 §3.6.1: a DATE
    start, and the next day as its exclusive end), e.g. a commitment's due date."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//incamera//closed-door meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", dt.datetime.now(dt.UTC))
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", title)
    event.add("description", description)
    event.add("url", url)
    event.add("class", "CONFIDENTIAL")
    calendar.add_component(event)
    return bytes(calendar.to_ical())
