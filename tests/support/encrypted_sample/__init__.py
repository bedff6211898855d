"""A test-only app with encrypted fields, to exercise the field type and key rotation."""
