"""Tutela: duty of care, conduct and human-rights information system for the UN system."""
