"""The restricted repository: folders open to their groups only, versions, upload checks,
full-text search, audited downloads."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from tests.support.clients import signed_in
from tests.support.factories import BodyFactory, GroupFactory, user_with_role
from tests.support.queries import assert_constant_queries
from tests.support.surveys_factories import folder
from tutela.accounts.roles import Role
from tutela.audit.models import AuditEvent
from tutela.surveys import search, services
from tutela.surveys.models import DocumentVersion

pytestmark = pytest.mark.django_db


def _docx(text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", f"<w:document><w:t>{text}</w:t></w:document>")
    return buffer.getvalue()


@pytest.fixture
def setup() -> dict[str, object]:
    body, group, other_group = BodyFactory(), GroupFactory(), GroupFactory()
    return {
        "folder": folder(body, [group], name="Task Team documents"),
        "other": folder(body, [other_group], name="Other group"),
        "member": user_with_role(Role.GROUP_MEMBER, group=group),
        "outsider": user_with_role(Role.GROUP_MEMBER, group=other_group),
        "secretariat": user_with_role(Role.SECRETARIAT, body=body),
    }


def test_members_upload_versions_and_download_with_an_audit_entry(setup: dict) -> None:
    client = signed_in(setup["member"])
    url = f"/surveys/repository/{setup['folder'].pk}/upload/"
    answer = client.post(
        url,
        {"file": io.BytesIO(b"Bystander empowerment policy"), "title": "Bystander policy"}
        | {"file": _named(b"v1 text", "p.txt")},
    )
    assert answer.status_code == 302
    document = setup["folder"].documents.get()
    client.post(
        url, {"file": _named(b"v2 text", "p.txt"), "document": document.pk, "note": "Revised"}
    )
    document.refresh_from_db()
    assert document.current_version == 2
    page = client.get(f"/surveys/repository/{setup['folder'].pk}/").content.decode()
    assert "Version 2" in page
    assert "Revised" in page
    latest = client.get(f"/surveys/repository/documents/{document.pk}/")
    assert latest.content == b"v2 text"
    first = client.get(f"/surveys/repository/documents/{document.pk}/?version=1")
    assert first.content == b"v1 text"
    assert AuditEvent.objects.filter(action="surveys.document_download").count() == 2


def _named(content: bytes, name: str) -> io.BytesIO:
    handle = io.BytesIO(content)
    handle.name = name
    return handle


def test_other_groups_cannot_see_the_folder_or_its_documents(setup: dict) -> None:
    version = services.document_upload(
        actor=None, folder=setup["folder"], filename="a.txt", content=b"Confidential"
    )
    client = signed_in(setup["outsider"])
    assert client.get(f"/surveys/repository/{setup['folder'].pk}/").status_code == 404
    assert client.get(f"/surveys/repository/documents/{version.document.pk}/").status_code == 404
    assert "Task Team documents" not in client.get("/surveys/repository/").content.decode()
    found = client.get("/surveys/repository/search/?q=Confidential").content.decode()
    assert "0 documents found" in found


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("tool.exe", b"MZ", "not accepted"),
        ("fake.pdf", b"hello", "not a PDF"),
        ("fake.docx", b"PK\x03\x04 broken", "not a valid"),
        ("latin.txt", "é".encode("latin-1"), "UTF-8"),
        ("empty.txt", b"", "empty"),
    ],
)
def test_uploads_are_checked(setup: dict, filename: str, content: bytes, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        services.document_upload(
            actor=None, folder=setup["folder"], filename=filename, content=content
        )


def test_uploads_over_the_size_limit_are_refused(setup: dict, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(services, "MAX_DOCUMENT_BYTES", 10)
    with pytest.raises(ValidationError, match="larger than"):
        services.document_upload(
            actor=None, folder=setup["folder"], filename="a.txt", content=b"x" * 11
        )


def test_full_text_search_finds_words_inside_documents(setup: dict) -> None:
    services.document_upload(
        actor=None,
        folder=setup["folder"],
        filename="guidelines.docx",
        content=_docx("Guidelines for managers on red lines"),
        title="Managers",
    )
    services.document_upload(
        actor=None,
        folder=setup["folder"],
        filename="hotline.md",
        content=b"Joint help lines and hotlines",
        title="Help lines",
    )
    services.document_upload(
        actor=None,
        folder=setup["other"],
        filename="x.md",
        content=b"red lines elsewhere",
        title="Elsewhere",
    )
    client = signed_in(setup["member"])
    page = client.get("/surveys/repository/search/?q=red+lines").content.decode()
    assert "Managers" in page
    assert "Help lines" not in page
    assert "Elsewhere" not in page
    if connection.vendor == "sqlite":
        assert search.backend() == "fts5"
        page = client.get("/surveys/repository/search/?q=hotline").content.decode()
        assert "Help lines" in page  # prefix match


def test_folders_are_created_by_the_secretariat(setup: dict) -> None:
    client = signed_in(setup["secretariat"])
    group = setup["folder"].groups.get()
    answer = client.post(
        "/surveys/repository/new/",
        {"body": setup["folder"].body_id, "name": "Reference Model drafts", "groups": [group.pk]},
    )
    assert answer.status_code == 302
    member = signed_in(setup["member"])
    assert "Reference Model drafts" in member.get("/surveys/repository/").content.decode()


def test_folder_page_keeps_constant_queries(setup: dict) -> None:
    client = signed_in(setup["member"])

    def add_documents(count: int) -> None:
        for index in range(count):
            services.document_upload(
                actor=None, folder=setup["folder"], filename=f"d{index}.txt", content=b"text"
            )

    add_documents(1)
    assert_constant_queries(
        lambda: client.get(f"/surveys/repository/{setup['folder'].pk}/"),
        add_documents,
        expected=8,
    )
    assert DocumentVersion.objects.count() == 21


def test_the_portable_fallback_finds_the_same_words(setup: dict, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    services.document_upload(
        actor=None,
        folder=setup["folder"],
        filename="a.md",
        content=b"Standards of proof",
        title="Reference Model",
    )
    if connection.vendor != "sqlite":
        pytest.skip("the fallback serves SQLite without FTS5")
    monkeypatch.setattr(search, "fts5_available", lambda: False)
    assert search.backend() == "fallback"
    client = signed_in(setup["member"])
    page = client.get("/surveys/repository/search/?q=proof+standards").content.decode()
    assert "Reference Model" in page
    assert (
        "0 documents found" in client.get("/surveys/repository/search/?q=nothing").content.decode()
    )


def test_folder_list_keeps_constant_queries(setup: dict) -> None:
    client = signed_in(setup["secretariat"])
    group = setup["folder"].groups.get()

    def add_folders(count: int) -> None:
        for index in range(count):
            folder(setup["folder"].body, [group, GroupFactory()], name=f"Folder {index}")

    assert_constant_queries(lambda: client.get("/surveys/repository/"), add_folders, expected=6)
