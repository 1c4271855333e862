"""Meetings: confidentiality profiles, the lifecycle and its guard, agenda, readiness checklist,
participants, the meeting page and its tamper-evident record; and the authorization every other
domain builds on (``access.py``), with extension points for them (``gates.py``).
"""
