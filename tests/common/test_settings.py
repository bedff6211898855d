"""Production refuses to start without its secrets; development keeps generated ones."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tutela.config.environment import ConfigurationError, parse_field_keys, required_secrets


def test_production_names_every_missing_secret(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in ("SECRET_KEY", "TUTELA_FIELD_KEYS", "TUTELA_IDENTITY_KEYS"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ConfigurationError) as refused:
        required_secrets(debug=False, var_dir=tmp_path)
    message = str(refused.value)
    for name in ("SECRET_KEY", "TUTELA_FIELD_KEYS", "TUTELA_IDENTITY_KEYS"):
        assert name in message
    assert not (tmp_path / "development-secrets.json").exists()


def test_development_generates_secrets_once_and_keeps_them(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in ("SECRET_KEY", "TUTELA_FIELD_KEYS", "TUTELA_IDENTITY_KEYS"):
        monkeypatch.delenv(name, raising=False)
    first = required_secrets(debug=True, var_dir=tmp_path)
    second = required_secrets(debug=True, var_dir=tmp_path)
    assert first == second
    assert len(parse_field_keys(first["TUTELA_FIELD_KEYS"])) == 1


def test_a_malformed_field_key_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="32 bytes"):
        parse_field_keys("k1:c2hvcnQ=")


def test_the_tutela_command_refuses_to_start_in_production(tmp_path: Path) -> None:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {"SECRET_KEY", "TUTELA_FIELD_KEYS", "TUTELA_IDENTITY_KEYS", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update({"DEBUG": "0", "TUTELA_VAR_DIR": str(tmp_path)})
    result = subprocess.run(
        [sys.executable, "-m", "tutela.manage", "check"],
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode != 0
    assert "will not start in production" in result.stderr
    assert "SECRET_KEY" in result.stderr
