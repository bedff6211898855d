from django.db import models

from tutela.common.fields import EncryptedJSONField, EncryptedTextField


class Sample(models.Model):
    narrative = EncryptedTextField(blank=True)
    identity = EncryptedTextField(key_ring="identity", null=True, blank=True)
    details = EncryptedJSONField(null=True, blank=True)

    def __str__(self) -> str:
        return f"sample {self.pk}"
