"""Shared kernel: errors, clock, events, authorization."""
