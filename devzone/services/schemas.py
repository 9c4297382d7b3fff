"""The bodies of the moves on a request and on a follow-up (``services.actions``), shared by the API and the
action table: the same field names as the pages' forms."""

from typing import Annotated

from ninja import Schema

from devzone.core.schemas import NOT_BOOL, Day, Id, Name, Text2000, Versioned
from devzone.services.choices import RatingLevel

# One of the five 好差评 levels: 1–5, never a JSON true (which pydantic alone reads as 1, 非常不满意).
Level = Annotated[RatingLevel, NOT_BOOL]


class AssigneeIn(Versioned):
    assignee: Id | None = None


class BodyIn(Versioned):
    body: Name(None)  # a message in the thread (a TextField)


class RequestReasonIn(Versioned):
    reason: Name(None)


class RequestExtendIn(RequestReasonIn):
    due_on: Day


class CallbackIn(Versioned):
    rectification: Name(None)
    callback_on: Day
    callback_contact: Name(60)
    callback_note: Name(None)


class ResultIn(Schema):
    level: Level
    comment: Text2000 = ""  # kept to its first 500 characters
