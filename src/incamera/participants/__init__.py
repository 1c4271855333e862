"""Participants: invitations bound to one identity (later: roster, matrix, rotation, service codes)."""
