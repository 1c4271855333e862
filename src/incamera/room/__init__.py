"""The virtual closed room (issue 12, part 3): a Jitsi Meet bridge entered with a short-lived
token (``tokens.py``, pure), issued only after a fresh passkey confirmation of this person, this
meeting and this request; the chair's requests to confirm again; who is in the room.
"""
