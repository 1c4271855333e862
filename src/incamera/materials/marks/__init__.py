"""Per-recipient marks on the copies of materials: for text (``text.py``), PDF (``pdf.py``) and
Word (``docx.py``) copies, so that a leaked copy names the recipient it was given to."""
