"""The search index: one row per document (its key, title and text in clear, for snippets) and a
posting list, one row per (token, document) with the token's weight in that document
(``actions.py`` computes it).  Plain tables and B-tree indexes, so SQLite and PostgreSQL answer a
query with the same plan and the same results.

Only public text belongs here (see the package docstring): embargoed text is never indexed."""

from __future__ import annotations

from django.db import models

__all__ = ["Document", "Posting"]


class Document(models.Model):
    key = models.CharField(max_length=200, unique=True)  # the caller's name for it: "item:42"
    title = models.TextField(blank=True)
    lang = models.CharField(max_length=16, blank=True)  # as the caller says; tokens go by script
    text = models.TextField()

    def __str__(self) -> str:
        return self.key


class Posting(models.Model):
    pk = models.CompositePrimaryKey("document", "token")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+", db_index=False)
    token = models.CharField(max_length=64)
    weight = models.FloatField()

    class Meta:
        # Covering: a query reads the postings of its tokens from this index alone.
        indexes = [models.Index(fields=["token", "document", "weight"], name="search_posting_token")]

    def __str__(self) -> str:
        return f"{self.token} in {self.document_id}"
