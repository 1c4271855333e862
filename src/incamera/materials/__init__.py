"""Encrypted meeting materials: uploads checked by content, envelope encryption under the meeting
key, per-recipient marks (``marks/``), tracing a leaked copy, the access log, crypto-shredding and
post-quantum custodians.
"""
