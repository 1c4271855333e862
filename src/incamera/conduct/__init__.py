"""What happens in a session: speaking shares (``speaking.py``) and the inclusion report
(``inclusion.py``); the speakers list, notes and the virtual closed room come here next.
"""
