"""Encrypted meeting materials: per-recipient fingerprints, access log, crypto-shredding (issue 5)."""
