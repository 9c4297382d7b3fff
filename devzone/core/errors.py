"""Domain errors: services raise them, pages show them as form errors and the API as 4xx JSON."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class DomainError(Exception):
    """Bad input or an illegal move. ``errors`` maps a field (or ``__all__``) to its messages."""

    status = 400

    def __init__(self, message: str, errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}

    @classmethod
    def from_validation(cls, exc: ValidationError) -> DomainError:
        if hasattr(exc, "error_dict"):
            errors = {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
        else:
            errors = {"__all__": [str(m) for m in exc.messages]}
        first = next((msgs[0] for msgs in errors.values() if msgs), "输入有误")
        return cls(str(first), errors)


class PermissionDeniedError(DomainError):
    status = 403


class NotFoundError(DomainError):
    status = 404


class ConflictError(DomainError):
    """Someone else changed the row in between (optimistic concurrency)."""

    status = 409
