"""Tutela's settings with the bench URLconf, which adds the floor view (bench runs only)."""

from tutela.config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.floor_urls"
