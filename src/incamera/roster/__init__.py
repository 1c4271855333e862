"""The roster: delegations (states, organisations, companies, NGOs), the people they send and
dated facts about them, imported and exported as CSV or XLSX.  Kept by the secretariat.
"""
