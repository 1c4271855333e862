"""Full-text search over the public archive (issue 15 §7): ``actions.index``, ``actions.remove``
and ``actions.search``, in the six UN languages, on SQLite and PostgreSQL alike
(docs/decisions/0028-archive-search.md).

Only what is public may be indexed.  The index keeps each document's text in clear, so an
embargoed or sealed text must never reach ``index``: the caller (the disclosure app) indexes an
item when it is released and removes it if it is withdrawn.  Nothing here checks an embargo."""
