"""What every page and API endpoint shares, below the domains: the one lookup that answers 404
(``access.get_or_404``), the download response (``responses.attachment``), the API's error body
(``api``), and the middleware that maps domain errors to statuses and sets security headers.

It imports no domain (import contracts in pyproject.toml).
"""
