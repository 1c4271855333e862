"""Session notes as the meeting's confidentiality profile allows (issue 12, part 2): unattributed
and checked for identifying mentions under Chatham House, none under the three nos, attributed
and sealed under Closed record.  The rules are one table (``rules.py``); every note is sealed
under the meeting key and enters the log as a salted commitment."""
