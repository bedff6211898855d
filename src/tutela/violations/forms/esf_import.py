"""The upload of an ESF JSON file to import (a Tutela export, or a file in its structure)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 5 * 1024 * 1024
JSON_TYPES = {"application/json", "text/json", "text/plain", "application/octet-stream"}


@dataclass
class EventRead:
    """What the file says of one event, shown whatever the import's outcome."""

    number: int
    title: str
    country: str
    start_date: str


class EsfImportForm(forms.Form):
    file = forms.FileField(
        label=_("ESF JSON file"),
        help_text=_("A JSON export of violation events (at most 5 MB)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.document: Any = None

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file has %(size)s bytes; the limit is 5 MB (%(limit)s bytes).")
                % {"size": upload.size, "limit": MAX_BYTES}
            )
        if not upload.name.lower().endswith(".json") or (
            upload.content_type and upload.content_type not in JSON_TYPES
        ):
            raise forms.ValidationError(_("Choose a JSON file (its name ends in .json)."))
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(
                _("The file is not UTF-8 text (byte %(position)s).") % {"position": error.start}
            ) from error
        try:
            self.document = json.loads(text)
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                _("The file is not valid JSON: %(problem)s at line %(line)s, column %(column)s.")
                % {"problem": error.msg, "line": error.lineno, "column": error.colno}
            ) from error
        return upload

    def events_read(self) -> list[EventRead]:
        """Each event the file holds, as read (before any check)."""
        entries = self.document.get("events") if isinstance(self.document, dict) else None
        if not isinstance(entries, list):
            return []
        found = []
        for number, entry in enumerate(entries, start=1):
            entry = entry if isinstance(entry, dict) else {}
            found.append(
                EventRead(
                    number=number,
                    title=str(entry.get("title") or "—"),
                    country=str(entry.get("geographical_term") or "—"),
                    start_date=str(entry.get("initial_date") or "—"),
                )
            )
        return found
