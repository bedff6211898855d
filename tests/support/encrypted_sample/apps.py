from django.apps import AppConfig


class EncryptedSampleConfig(AppConfig):
    name = "tests.support.encrypted_sample"
    label = "encrypted_sample"
