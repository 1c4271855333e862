"""Commitments on resolutions (issue 13, §5): owner delegation, due date, indicator and a machine-checkable condition; status computed from reports."""
