"""The process's in-memory index of live listings, rebuilt when the listings' version moves."""

from __future__ import annotations

import threading
import uuid

from django.db import transaction
from django.db.models import F

from tutela.screening.engine import ListingIndex
from tutela.screening.models import Listing, ListingStatus, ListingVersion

_lock = threading.Lock()
_index: ListingIndex | None = None


def current_version() -> str:
    row = ListingVersion.objects.values_list("number", "stamp").first()
    return f"{row[0]}:{row[1]}" if row else ""


def bump_version() -> None:
    """Called inside the transaction that changes listings: other processes rebuild after it."""
    stamp = uuid.uuid4().hex
    with transaction.atomic():
        if not ListingVersion.objects.filter(pk=1).update(number=F("number") + 1, stamp=stamp):
            ListingVersion.objects.create(pk=1, number=1, stamp=stamp)


def current_index() -> ListingIndex:
    """The index at the current version: active listings with their encodings. Expiry is applied
    when matches are read back, so an expired listing never answers even before a rebuild."""
    global _index
    version = current_version()
    with _lock:
        if _index is None or _index.version != version:
            rows = Listing.objects.filter(status=ListingStatus.ACTIVE).values_list("pk", "encoding")
            ids: list[int] = []
            filters: list[bytes] = []
            for pk, encoding in rows.iterator(chunk_size=10_000):
                ids.append(pk)
                filters.append(bytes(encoding))
            _index = ListingIndex.from_filters(ids, filters, version)
        return _index
