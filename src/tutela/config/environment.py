"""Reads Tutela's settings from the environment and refuses unsafe production setups."""

from __future__ import annotations

import base64
import json
import os
import secrets
from pathlib import Path


class ConfigurationError(RuntimeError):
    """Raised when production settings are missing something they need."""


def flag(name: str, *, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def listing(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


def parse_field_keys(raw: str) -> dict[str, bytes]:
    """Parse `id:base64key,id:base64key`; the first key is the one new values are written with."""
    keys: dict[str, bytes] = {}
    for entry in raw.split(","):
        entry = entry.strip()
        if not entry:
            continue
        key_id, _, encoded = entry.partition(":")
        key = base64.urlsafe_b64decode(encoded.encode())
        if not key_id or len(key) != 32:
            raise ConfigurationError(
                f"TUTELA_FIELD_KEYS entry {key_id!r} must be 'id:<32 bytes, urlsafe base64>'."
            )
        keys[key_id] = key
    return keys


def development_secrets(var_dir: Path) -> dict[str, str]:
    """Secrets a development machine generates once and keeps under var/."""
    var_dir.mkdir(parents=True, exist_ok=True)
    path = var_dir / "development-secrets.json"
    if path.exists():
        stored: dict[str, str] = json.loads(path.read_text())
        return stored
    generated = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "TUTELA_FIELD_KEYS": "dev1:" + base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "TUTELA_IDENTITY_KEYS": "idev1:"
        + base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
    }
    path.write_text(json.dumps(generated, indent=2))
    path.chmod(0o600)
    return generated


def required_secrets(*, debug: bool, var_dir: Path) -> dict[str, str]:
    names = ("SECRET_KEY", "TUTELA_FIELD_KEYS", "TUTELA_IDENTITY_KEYS")
    given = {name: os.environ.get(name, "") for name in names}
    missing = [name for name, value in given.items() if not value]
    if not missing:
        return given
    if not debug:
        raise ConfigurationError(
            "Tutela will not start in production (DEBUG off) without "
            + ", ".join(missing)
            + ". Set them in the environment (see .env.example); "
            'generate a field key with: python -c "import base64,os;'
            "print('k1:'+base64.urlsafe_b64encode(os.urandom(32)).decode())\""
        )
    generated = development_secrets(var_dir)
    return {name: given[name] or generated[name] for name in names}


def read_dotenv(path: Path) -> None:
    """Fill unset environment variables from a `.env` file (KEY=value lines), if there is one."""
    if not path.exists():
        return
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        name, _, value = line.partition("=")
        os.environ.setdefault(name.strip(), value.strip().strip('"').strip("'"))
