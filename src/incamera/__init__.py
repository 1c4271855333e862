"""incamera."""
