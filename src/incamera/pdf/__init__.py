"""What every PDF incamera prints shares: fonts (``fonts.py``), right-to-left text (``shaping.py``
and ``layout.py``) and a deterministic set-up (``document.py``).

Pure: ReportLab, arabic-reshaper and python-bidi, and from incamera only the kernel; no Django.
Signed NDAs (``agreements/pdf.py``), seat cards and catering lists (``service/pdf.py``), PDF
watermarks (``materials/marks/pdf.py``) and the demo's annex build on it.
"""
