"""Tutela's benchmark harness: `make bench` (or `python -m bench`) runs its scenarios.

Each scenario starts a production-like server on loopback, puts it under load and writes
`bench/results/<name>.json`; see bench/README.md.
"""
