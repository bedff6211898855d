"""Full-text search of the repository's documents.

PostgreSQL: `to_tsvector`/`websearch_to_tsquery` over the title and the extracted words,
ranked, with a GIN index built by the migration. SQLite: an FTS5 table
(`surveys_document_fts`, created by the migration) kept in step by `index_document`; where the
SQLite library lacks FTS5, a word-by-word `icontains` fallback gives the same matches,
unranked.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

FTS_TABLE = "surveys_document_fts"
_WORD = re.compile(r"\w+", re.UNICODE)


def fts5_available() -> bool:
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = %s", [FTS_TABLE]
        )
        row = cursor.fetchone()
    return bool(row and row[0])


def create_index(schema_editor: Any) -> None:
    """Called by the migration: the FTS5 table on SQLite, a GIN index on PostgreSQL."""
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        # Without FTS5 in this SQLite library the word-by-word fallback serves.
        with contextlib.suppress(Exception):
            schema_editor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
                "title, body, document_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')"
            )
    elif vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS surveys_document_search ON surveys_document USING GIN "
            "(to_tsvector('simple', title || ' ' || search_text))"
        )


def drop_index(schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS surveys_document_search")


def index_document(document: Any) -> None:
    if not fts5_available():
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE document_id = %s", [document.pk])  # noqa: S608
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (title, body, document_id) VALUES (%s, %s, %s)",  # noqa: S608
            [document.title, document.search_text, document.pk],
        )


def backend() -> str:
    """Which search serves this database (shown on the search page)."""
    if connection.vendor == "postgresql":
        return "postgresql"
    return "fts5" if fts5_available() else "fallback"


def search(documents: QuerySet[Any], query: str) -> QuerySet[Any]:
    """The documents matching every word of `query`, best first where the backend ranks."""
    words = _WORD.findall(query)[:20]
    if not words:
        return documents.none()
    kind = backend()
    if kind == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("title", "search_text", config="simple")
        # Every word, each as a prefix (as FTS5's "word"*): words are \w+, so no operator
        # characters reach the query syntax.
        wanted = SearchQuery(
            " & ".join(f"{word}:*" for word in words), config="simple", search_type="raw"
        )
        ranked_documents: QuerySet[Any] = (
            documents.annotate(found=vector, rank=SearchRank(vector, wanted))
            .filter(found=wanted)
            .order_by("-rank", "title")
        )
        return ranked_documents
    if kind == "fts5":
        match = " ".join('"' + word.replace('"', "") + '"*' for word in words)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT document_id FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "  # noqa: S608
                "ORDER BY rank LIMIT 500",
                [match],
            )
            ranked = [row[0] for row in cursor.fetchall()]
        order = {pk: position for position, pk in enumerate(ranked)}
        found = list(documents.filter(pk__in=ranked).values_list("pk", flat=True))
        found.sort(key=lambda pk: order[pk])
        if not found:
            return documents.none()
        positioned: QuerySet[Any] = (
            documents.filter(pk__in=found)
            .annotate(
                position=Case(
                    *[When(pk=pk, then=Value(i)) for i, pk in enumerate(found)],
                    default=Value(len(found)),
                    output_field=IntegerField(),
                )
            )
            .order_by("position")
        )
        return positioned
    condition = Q()
    for word in words:
        condition &= Q(title__icontains=word) | Q(search_text__icontains=word)
    return documents.filter(condition).order_by("title")
