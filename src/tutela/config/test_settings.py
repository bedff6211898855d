"""Settings for the test suite: development secrets, fast hashing, no throttling surprises."""

import os

os.environ.setdefault("DEBUG", "1")

from tutela.config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only, tests
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}

# A test-only app with encrypted fields (tests/support/encrypted_sample); synced without
# migrations when the test database is created.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.support.encrypted_sample"]  # noqa: F405
