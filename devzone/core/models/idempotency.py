"""Answers kept for API requests that carried an ``Idempotency-Key`` (core.idempotency)."""

from django.db import models


class IdempotentAnswer(models.Model):
    """The first answer to a creating request with an ``Idempotency-Key``: a retry (after a dropped
    connection) gets it again instead of creating a second row. Kept for a day."""

    owner = models.CharField(max_length=64)  # a hash of the credential (token or session) that sent it
    key = models.CharField(max_length=200)
    request_hash = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    content_type = models.CharField(max_length=100)
    body = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "key"], name="idempotent_answer_unique")]

    def __str__(self) -> str:
        return f"{self.key} → {self.status}"
