"""Index, remove and search the public archive's documents (issue 15 §7).

The caller names each document by a key of its own ("item:42") and gives its public text; a
query returns the best ``limit`` keys with a score and a plain-text snippet around the first
match.  Tokens are ``tokens.py``'s; a document matches when it holds every token of the query.
Ranking is BM25 (Robertson and Zaragoza, "The Probabilistic Relevance Framework", 2009, §3.4)
with ``k1 = 1.2``, ``b = 0.75`` and a fixed reference length instead of the collection's mean, so
a posting's weight is computed once, when its document is indexed; title tokens count thrice.

**Embargoed text is never indexed.**  Nothing here knows about embargoes: the caller indexes a
document only once it is public and removes it if it is withdrawn.  ``search`` returns whatever
was indexed, to anyone.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.db.models import Case, Count, F, FloatField, Q, Sum, Value, When
from django.db.models.functions import Substr

from incamera.kernel.errors import ConflictError
from incamera.kernel.messages import gettext_noop, invalid
from incamera.search import tokens as tokenizer
from incamera.search.models import Document, Posting

__all__ = ["MAX_QUERY_CHARS", "Entry", "Hit", "index", "index_many", "remove", "search"]

MAX_QUERY_CHARS = 200
MAX_KEY_CHARS = 200
MAX_LANG_CHARS = 16
MAX_LIMIT = 1000
MAX_JOINED_TOKENS = 8  # past this a query is ranked by GROUP BY (SQLite joins at most 64 tables)
SNIPPET_CHARS = 160
SNIPPET_LEAD = 60  # characters of context kept before the first match

K1 = 1.2
B = 0.75
REFERENCE_TOKENS = 120  # a typical archive paragraph, in tokens
TITLE_WEIGHT = 3


@dataclass(frozen=True)
class Hit:
    key: str
    score: float
    snippet: str  # plain text, whitespace collapsed, "…" where it was cut
    title: str


@dataclass(frozen=True)
class Entry:
    """One document for ``index_many``."""

    key: str
    text: str
    lang: str | None = None
    title: str = ""


def _check_entry(entry: Entry) -> None:
    if not entry.key or len(entry.key) > MAX_KEY_CHARS:
        template = gettext_noop("A key is 1 to %(limit)d characters; found %(length)d.")
        raise invalid(template, field="key", limit=MAX_KEY_CHARS, length=len(entry.key))
    if entry.lang and len(entry.lang) > MAX_LANG_CHARS:
        template = gettext_noop("A language tag is at most %(limit)d characters; found %(length)d.")
        raise invalid(template, field="language", limit=MAX_LANG_CHARS, length=len(entry.lang))


def _clean(text: str) -> str:
    # PostgreSQL refuses NUL in text and UTF-8 has no lone surrogates; neither is ever part of a
    # token.
    return text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")


def _weights(text: str, title: str) -> dict[str, float]:
    """BM25's term-frequency part of each token of the document (title tokens count thrice)."""
    counts = Counter(tokenizer.document_tokens(text))
    title_tokens = tokenizer.document_tokens(title)
    for token in title_tokens:
        counts[token] += TITLE_WEIGHT
    length = sum(counts.values())
    norm = K1 * (1 - B + B * length / REFERENCE_TOKENS)
    return {token: tf * (K1 + 1) / (tf + norm) for token, tf in counts.items()}


def index(key: str, text: str, *, lang: str | None = None, title: str = "") -> None:
    """Add the document ``key``, or replace what it held: the same call twice leaves one document."""
    index_many([Entry(key, text, lang, title)])


def index_many(entries: Iterable[Entry], *, batch: int = 1000) -> int:
    """``index`` for many documents at once (a backfill): bulk inserts, one transaction per
    ``batch`` documents.  Returns how many were indexed.  Raises ``ConflictError`` when another
    process indexes one of the keys at the same moment (the batch is not written)."""
    done = 0
    pending: list[Entry] = []
    for entry in entries:
        _check_entry(entry)
        pending.append(entry)
        if len(pending) >= batch:
            done += _index_batch(pending)
            pending = []
    if pending:
        done += _index_batch(pending)
    return done


def _index_batch(entries: Sequence[Entry]) -> int:
    latest = {entry.key: entry for entry in entries}  # a key given twice: the last one wins
    try:
        _store(latest)
    except IntegrityError as exc:
        keys = ", ".join(sorted(latest)[:3]) + (", …" if len(latest) > 3 else "")
        message = f"another process was indexing {keys} at the same time; index again"
        raise ConflictError(message) from exc
    return len(latest)


def _store(latest: dict[str, Entry]) -> None:
    with transaction.atomic():
        _delete(Document.objects.filter(key__in=latest).values_list("pk", flat=True))
        documents = Document.objects.bulk_create(
            Document(key=e.key, title=_clean(e.title), lang=e.lang or "", text=_clean(e.text)) for e in latest.values()
        )
        rows = [(document.pk, token, weight) for document in documents for token, weight in _weights(document.text, document.title).items()]
        rows.sort(key=lambda row: row[1])  # in the covering index's order: far fewer pages touched
        _insert_postings(rows)


def _insert_postings(rows: Sequence[tuple[int, str, float]], *, per_statement: int = 500) -> None:
    """Bulk load without model objects: COPY on PostgreSQL, multi-row INSERTs on SQLite (about
    as fast there as ``executemany``; the indexes' upkeep dominates)."""
    table = connection.ops.quote_name(Posting._meta.db_table)
    if connection.vendor == "postgresql":
        # 100,000 archive items: 58 s with COPY, 139 s with multi-row INSERTs.
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} (document_id, token, weight) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            values = ", ".join(["(%s, %s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} (document_id, token, weight) VALUES {values}",  # noqa: S608 - placeholders only
                [value for row in chunk for value in row],
            )


def remove(key: str) -> None:
    """Take the document ``key`` out of the index; nothing happens if it is not there."""
    with transaction.atomic():
        _delete(Document.objects.filter(key=key).values_list("pk", flat=True))


def _delete(ids: Iterable[int]) -> None:
    """Delete documents by id; the cascade deletes their postings by ``document_id``.  (A
    queryset delete of postings filtered through the document's key would compile to a
    correlated EXISTS that scans every posting.)"""
    if ids := list(ids):
        Document.objects.filter(pk__in=ids).delete()


def _query_tokens(query: str) -> list[str]:
    stripped = query.strip()
    if len(stripped) > MAX_QUERY_CHARS:
        raise invalid(
            gettext_noop("A search is at most %(limit)d characters; this one has %(length)d."),
            field="q",
            limit=MAX_QUERY_CHARS,
            length=len(stripped),
        )
    found = tokenizer.query_tokens(stripped)
    if not found:
        raise invalid(gettext_noop("Type at least one letter or digit: the search has none."), field="q")
    return found


def search(query: str, *, limit: int = 20, keys_prefix: str | None = None) -> list[Hit]:
    """The documents holding every token of ``query``, best first (then oldest first), at most
    ``limit``, only those whose key starts with ``keys_prefix`` when it is given."""
    query_tokens = _query_tokens(query)
    if not 1 <= limit <= MAX_LIMIT:
        raise invalid(gettext_noop("The limit is 1 to %(most)d; found %(limit)d."), field="limit", most=MAX_LIMIT, limit=limit)
    frequencies = dict(Posting.objects.filter(token__in=query_tokens).values("token").annotate(n=Count("*")).values_list("token", "n"))
    if len(frequencies) < len(query_tokens):
        return []  # a token no document holds
    total = max(Document.objects.count(), *frequencies.values())  # a removal may run in between
    idf = {token: math.log(1 + (total - n + 0.5) / (n + 0.5)) for token, n in frequencies.items()}

    # Rarest first: the rarest token's postings are the candidates, the others are looked up.
    by_rarity = sorted(query_tokens, key=lambda token: (frequencies[token], token))
    ranked = _joined if len(by_rarity) <= MAX_JOINED_TOKENS else _grouped
    ranking = ranked(by_rarity, idf, limit=limit, keys_prefix=keys_prefix or "")
    documents = Document.objects.in_bulk([pk for pk, _score in ranking])
    wanted = set(query_tokens)
    return [
        Hit(key=document.key, score=score, snippet=snippet(document.text, wanted), title=document.title)
        for pk, score in ranking
        if (document := documents.get(pk)) is not None  # else removed since it was ranked
    ]


def _joined(tokens: list[str], idf: dict[str, float], *, limit: int, keys_prefix: str) -> list[tuple[int, float]]:
    """The ranking as one join: each posting of the rarest token, joined to the same
    document's posting of every other token through the primary key (document, token).  The
    work is one index probe per candidate and token, whatever the other tokens' frequencies."""
    table = connection.ops.quote_name(Posting._meta.db_table)
    joins = "".join(f" JOIN {table} p{i} ON p{i}.document_id = p0.document_id AND p{i}.token = %s" for i in range(1, len(tokens)))
    score = " + ".join(f"p{i}.weight * %s" for i in range(len(tokens)))
    params: list[float | int | str] = [*(idf[token] for token in tokens), *tokens[1:], tokens[0]]
    where = "p0.token = %s"
    if keys_prefix:
        joins += f" JOIN {connection.ops.quote_name(Document._meta.db_table)} d ON d.id = p0.document_id"
        where += " AND SUBSTR(d.key, 1, %s) = %s"
        params += [len(keys_prefix), keys_prefix]
    sql = f"SELECT p0.document_id, {score} AS score FROM {table} p0{joins} WHERE {where} ORDER BY score DESC, p0.document_id LIMIT %s"  # noqa: S608 - placeholders only
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit])
        return [(int(pk), float(score)) for pk, score in cursor.fetchall()]


def _grouped(tokens: list[str], idf: dict[str, float], *, limit: int, keys_prefix: str) -> list[tuple[int, float]]:
    """The ranking for a query of many tokens (a long Chinese phrase), past what a join should
    hold: the postings of every token among the rarest token's documents, grouped by document."""
    candidates = Posting.objects.filter(token=tokens[0]).values("document")
    postings = Posting.objects.filter(token__in=tokens, document__in=candidates)
    if keys_prefix:
        postings = postings.alias(head=Substr("document__key", 1, len(keys_prefix))).filter(head=keys_prefix)
    scored = Case(*[When(token=token, then=Value(idf[token])) for token in tokens], output_field=FloatField())
    ranked = (
        postings.values("document_id")
        .annotate(score=Sum(F("weight") * scored, output_field=FloatField()), held=Count("token"))
        .filter(Q(held=len(tokens)))
        .order_by("-score", "document_id")
        .values_list("document_id", "score")[:limit]
    )
    return [(pk, float(score)) for pk, score in ranked]


def snippet(text: str, wanted: set[str]) -> str:
    """About ``SNIPPET_CHARS`` characters of ``text`` around the first place one of the
    ``wanted`` tokens occurs (the start of the text if none does), cut at spaces where there are
    some, whitespace collapsed."""
    first = next((start for token, start, _end in tokenizer.spans(text) if token in wanted), 0)
    start = max(0, min(first - SNIPPET_LEAD, len(text) - SNIPPET_CHARS))
    if start > 0:
        space = text.find(" ", start, first)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        space = text.rfind(" ", first, end)
        end = space if space > first else end
    excerpt = " ".join(text[start:end].split())
    return ("…" if start > 0 else "") + excerpt + ("…" if end < len(text) else "")
