"""Database sessions that treat a malformed session cookie as no session at all.

Django only checks a session key's length; a key with a NUL byte reaches the database, and
PostgreSQL refuses it with an error. Keys Django makes are lowercase letters and digits.
"""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key: str | None) -> bool:
        if not key:
            return False
        return 8 <= len(key) <= 40 and key.isascii() and key.isalnum()
