"""Domain errors: services raise them, pages show them as form errors or messages and the API as 4xx JSON.

The same error has the same status everywhere (``devzone.core.web`` for pages, ``devzone.api`` for JSON):

| error | page | API |
|---|---|---|
| ``DomainError`` (bad input, illegal move) | form errors / message, nothing changed | 400 |
| ``PermissionDeniedError`` (in reach, without the right) | 403 page | 403 |
| ``NotFoundError`` (out of reach or absent) | 404 page | 404 |
| ``ConflictError`` (someone changed the row meanwhile) | message | 409 |
| a database error (connection lost, server gone) | 503 page, "try again" | 503 with ``Retry-After`` |

The helpers below build the errors the services raise most, so that no service spells out
``DomainError(msg, {field: [msg]})`` by hand. Messages are translated where they are raised (``gettext``)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection
from django.utils.translation import gettext as _


class DomainError(Exception):
    """Bad input or an illegal move. ``errors`` maps a field (or ``__all__``) to its messages."""

    status = 400

    def __init__(self, message: str, errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = str(message)
        self.errors = {k: [str(m) for m in v] for k, v in (errors or {}).items()}

    @classmethod
    def on(cls, field: str, message: str) -> DomainError:
        """An error of one field: shown beside that field on a page, under ``errors[field]`` in the API."""
        return cls(message, {field: [message]})

    @classmethod
    def of(cls, errors: dict[str, list[str] | str]) -> DomainError:
        """Several field errors at once (``{field: message or [messages]}``); the first is the headline."""
        errors = {k: [v] if isinstance(v, str) else list(v) for k, v in errors.items() if v}
        first = next((msgs[0] for msgs in errors.values() if msgs), _("输入有误"))
        return cls(first, errors)

    @classmethod
    def from_validation(cls, exc: ValidationError) -> DomainError:
        if hasattr(exc, "error_dict"):
            return cls.of({k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()})
        return cls.of({"__all__": [str(m) for m in exc.messages]})

    def messages(self) -> list[str]:
        """Every message once, the headline first when no field carries it."""
        msgs = [m for ms in self.errors.values() for m in ms] or [self.message]
        return list(dict.fromkeys(msgs))


class PermissionDeniedError(DomainError):
    status = 403


class NotFoundError(DomainError):
    status = 404


class ConflictError(DomainError):
    """Someone else changed the row in between (optimistic concurrency)."""

    status = 409


class DatabaseUnavailable(DatabaseError):
    """The database did not answer a check: the request may succeed when tried again (never a validation
    failure: a user told "duplicate" would not retry)."""


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError:
        return False


def clean(instance) -> None:
    """``instance.full_clean()`` with its messages as a DomainError. Django evaluates a conditional unique
    constraint by a query and counts a database error there as a violation; so a failed check is trusted
    only while the database answers, and is a retryable ``DatabaseUnavailable`` otherwise."""
    try:
        instance.full_clean()
    except ValidationError as e:
        if not database_answers():
            raise DatabaseUnavailable(_("数据库暂时不可用，请稍后重试")) from e
        raise DomainError.from_validation(e) from None


def labelled(label, message) -> str:
    """``message`` headed by the ``label`` of the field it is about (a message away from its field: a flash
    message, a row of an import report), with the colon of the reader's language (“名称：…”, “Name: …”)."""
    return _("%(label)s：%(message)s") % {"label": label, "message": message}


# --- checks the services share ---------------------------------------------------------------------------


def require(condition, message: str, field: str = "__all__") -> None:
    """Refuse with ``message`` (on ``field``) unless ``condition`` holds."""
    if not condition:
        raise DomainError.on(field, message)


# The C0 control characters but tab, newline and carriage return (a text area's line ends): invisible in a page,
# refused by PostgreSQL (NUL) and by a workbook (all of them, openpyxl's IllegalCharacterError), so a text holding
# one could never be exported. Usually pasted from another system.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def control_character_message(text: str) -> str | None:
    """Why ``text`` is refused for a control character it holds (named as ``\\x0b``), or None."""
    found = CONTROL_CHARACTER.search(text)
    if found is None:
        return None
    if found.group() == "\x00":
        return _("不能包含空字符（\\x00）")
    return _("不能包含控制字符（%(char)s），请删除后再保存（常见于从其他系统复制的文字）") % {
        "char": f"\\x{ord(found.group()):02x}"
    }


def require_text(value, field: str, message: str, *, max_length: int | None = None) -> str:
    """A reason, notice or finding that must be written: blank is refused on that field; returns it stripped.
    Text with a control character (NUL, which PostgreSQL refuses, or another that no export can hold) or longer
    than ``max_length`` is refused too."""
    text = clean_text(value, field, max_length=max_length)
    if not text:
        raise DomainError.on(field, message)
    return text


def clean_text(value, field: str, *, max_length: int | None = None) -> str:
    """An optional free text, stripped; refused (on ``field``) when it is not text, holds a control character
    other than tab and line ends (``CONTROL_CHARACTER``) or is longer than ``max_length``."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise DomainError.on(field, _("请填写文字"))
    refused = control_character_message(value)
    if refused:
        raise DomainError.on(field, refused)
    text = value.strip()
    if max_length is not None and len(text) > max_length:
        raise DomainError.on(
            field, _("不能超过%(max)d个字（现有%(n)d个）") % {"max": max_length, "n": len(text)}
        )
    return text


def require_role(actor, *roles: str, doing: str) -> None:
    """The actor's role is one of ``roles``, else 403 ("您的角色不能<doing>")."""
    from devzone.core.access import reach_of

    if reach_of(actor).role not in roles:
        raise PermissionDeniedError(_("您的角色不能%(doing)s") % {"doing": doing})


def check_id(value) -> int | None:
    """A row id from a query string, a path or a JSON body: digits that fit a database integer, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value < 10**18 else None
    text = str(value) if value is not None else ""
    if text.isascii() and text.isdigit() and len(text) <= 18:
        return int(text) or None
    return None
