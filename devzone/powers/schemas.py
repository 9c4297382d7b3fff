"""API shapes of 职能目录与权责清单 (class names prefixed: one OpenAPI name per class project-wide)."""

import datetime as dt

from ninja import Schema

from devzone.core.schemas import Version


class PowersFunctionOut(Schema):
    id: int
    zone: int
    name: str
    disposition: str
    receiver: str
    decided_on: dt.date
    decision_no: str


class PowersPowerOut(Schema):
    id: int
    kind: str
    name: str
    legal_basis: str
    department: str
    accountability: str
    approval_items: list[str]  # the item codes


class PowersListOut(Schema):
    id: int
    zone: int
    number: int
    status: str
    published_on: dt.date | None
    version: int


class PowersListDetailOut(PowersListOut):
    powers: list[PowersPowerOut]


class PowersPublishIn(Schema):
    version: Version  # the draft's version the caller read: required (a draft changed since: 409)
