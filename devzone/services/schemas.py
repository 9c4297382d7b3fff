"""The bodies of the moves on a request and on a follow-up (``services.actions``), shared by the API and the
action table: the same field names as the pages' forms."""

import datetime as dt

from ninja import Schema

from devzone.core.schemas import Versioned


class AssigneeIn(Versioned):
    assignee: int | None = None


class BodyIn(Versioned):
    body: str


class RequestReasonIn(Versioned):
    reason: str


class RequestExtendIn(RequestReasonIn):
    due_on: dt.date


class CallbackIn(Versioned):
    rectification: str
    callback_on: dt.date
    callback_contact: str
    callback_note: str


class ResultIn(Schema):
    level: int
    comment: str = ""
