"""De-attribution (issue 11): remove every mention that identifies a participant, in six
languages, from surface forms derived from the meeting's roster.  Pure code: no Django.

    roster = Roster.from_json(text)
    redactor = Redactor(roster, languages=("en", "zh"))
    result = redactor.redact("Minister Wang said …", lang="en")
    result.text, result.spans  # spans: (start, end, kind, participant_id | None), input offsets
"""

from incamera.redact.engine import Redactor, Result, Span
from incamera.redact.roster import LANGS, Person, Roster, RosterError

__all__ = ["LANGS", "Person", "Redactor", "Result", "Roster", "RosterError", "Span"]
