"""The bodies of the moves on a request and on a follow-up (``services.actions``), shared by the API and the
action table: the same field names as the pages' forms."""

from ninja import Schema

from devzone.core.schemas import Day, Versioned


class AssigneeIn(Versioned):
    assignee: int | None = None


class BodyIn(Versioned):
    body: str


class RequestReasonIn(Versioned):
    reason: str


class RequestExtendIn(RequestReasonIn):
    due_on: Day


class CallbackIn(Versioned):
    rectification: str
    callback_on: Day
    callback_contact: str
    callback_note: str


class ResultIn(Schema):
    level: int
    comment: str = ""
