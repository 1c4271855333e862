"""Secretariats: the organisations that run meetings.  Each owns its roster, its meetings (and so
their custodians); people belong to one or more with a role (organizer, roster manager), and
what belongs to another secretariat does not exist for you (issue 9, finding 2).
"""
