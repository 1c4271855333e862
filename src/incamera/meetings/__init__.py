"""Meetings, confidentiality profiles, agenda, lifecycle and readiness checklist."""
