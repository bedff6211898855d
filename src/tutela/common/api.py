"""What every API router shares: the error shape and pagination."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Schema
from ninja.pagination import PageNumberPagination


class ErrorOut(Schema):
    code: str
    message: str
    details: Any = None


ERROR_RESPONSES: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
}


class PageNumber(PageNumberPagination):
    """Page-numbered lists: `?page=2&page_size=100` (at most 200 a page)."""

    class Input(Schema):
        page: int = 1
        page_size: int = 50

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        pagination.page = max(1, min(pagination.page, 1_000_000))
        pagination.page_size = max(1, min(pagination.page_size, 200))
        self.page_size = pagination.page_size
        offset = (pagination.page - 1) * pagination.page_size
        return {
            "items": queryset[offset : offset + pagination.page_size],
            "count": self._items_count(queryset),
        }


# Largest id a path accepts: bigger numbers are answered 422 rather than overflowing the database.
MAX_ID = 2**63 - 1

# PostgreSQL refuses NUL characters in text: inputs say so up front (422) instead of failing later.
NO_NUL = r"^[^\x00]*$"
