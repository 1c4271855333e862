"""A test client that keeps what a web server's access log keeps: the path and query of every
request it sends, redirects followed included (issue 9, finding 9)."""

from __future__ import annotations

from typing import Any

from django.test import Client


class AccessLogClient(Client):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.access_log: list[str] = []

    def request(self, **request: Any) -> Any:
        query = request.get("QUERY_STRING", "")
        self.access_log.append(f"{request.get('REQUEST_METHOD', 'GET')} {request['PATH_INFO']}{'?' + query if query else ''}")
        return super().request(**request)

    def logged(self, secret: str) -> list[str]:
        """The log lines that carry ``secret``."""
        return [line for line in self.access_log if secret in line]
