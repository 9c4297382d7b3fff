from __future__ import annotations

import datetime as dt

from ninja import Schema

from devzone.core.schemas import Day


class EmergencyClassOut(Schema):
    id: int
    rank: int
    name: str
    rule: str


class EmergencySupplyOut(Schema):
    id: int
    name: str
    unit: str
    stock: int
    allocated: int


class EmergencyCampaignOut(Schema):
    id: int
    name: str
    kind: str
    status: str
    starts_on: dt.date
    zone: int | None
    classes: list[EmergencyClassOut]
    supplies: list[EmergencySupplyOut]


class EmergencyNeedIn(Schema):
    campaign: int
    supply: int
    quantity: int
    use: str
    priority: int
    evidence: str = ""
    enterprise: int | None = None  # staff only: the firm they enter the need for


# The query of the needs' and the allocations' lists (``emergency.filters``, as on the campaign's page): ``q``
# searches the enterprise's name or credit code.
class EmergencyRowsFilter(Schema):
    q: str | None = None
    campaign: int | None = None
    supply: int | None = None
    priority: int | None = None


class EmergencyNeedOut(Schema):
    id: int
    campaign: int
    enterprise: int
    enterprise_name: str
    zone: int
    supply: int
    quantity: int
    allocated: int
    priority: int
    use: str
    evidence: str


class EmergencyAllocateIn(Schema):
    quantity: int | None = None


class EmergencyRunOut(Schema):
    id: int
    campaign: int
    supply: int
    quantity: int
    rule: str
    inputs: dict
    run_at: dt.datetime


class EmergencyAllocationOut(Schema):
    id: int
    run: int
    need: int
    enterprise: int
    zone: int
    quantity: int
    delivered: int


class EmergencyDeliveryIn(Schema):
    quantity: int
    delivered_on: Day | None = None
    note: str = ""


class EmergencyDeliveryOut(Schema):
    id: int
    allocation: int
    quantity: int
    delivered_on: dt.date
    note: str


class EmergencyPlanIn(Schema):
    campaign: int
    enterprise: int
    text: str
    contact: str
    status: str = "draft"
    version: int | None = None


class EmergencyPlanOut(Schema):
    id: int
    campaign: int
    enterprise: int
    zone: int
    text: str
    contact: str
    status: str
    version: int
