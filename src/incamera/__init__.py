"""incamera: a self-hostable platform for closed-door meetings.

One Django app per domain (accounts, meetings, roster, invitations, vetting, service, agreements,
materials, conduct, ledger), each with the same file names, over shared helpers (web, i18n, pdf,
tables, crypto, tlog) and the kernel.  docs/decisions/0011-one-app-per-domain.md draws the layers.
"""
