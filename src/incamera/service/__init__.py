"""Double-blind service: random per-meeting, per-service codes that stand for participants with
service staff (``codes.py``), their needs, and seat cards and catering lists as PDF (``pdf.py``).
"""
