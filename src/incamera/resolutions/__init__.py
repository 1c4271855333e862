"""Outcomes (issue 13): resolutions drafted per working language and versioned, adopted by
consensus or roll call, with reservations; the pure ``digests.py`` says what a signature covers."""
