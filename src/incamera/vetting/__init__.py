"""Vetting a meeting's candidates: the qualification matrix (``matrix.py``), observer upgrade
rules (``rules.py``) and the rotation of observer seats over years (``rotation.py``), pure modules
with pages on top.
"""
