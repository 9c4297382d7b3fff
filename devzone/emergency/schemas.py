from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import Field

from devzone.core.schemas import Day, Id, Name, Search, Text, Version, whole
from devzone.emergency.choices import CampaignKind, NeedStatus, PlanStatus

# A number of units: a whole number above 0, at most MAX_UNITS (emergency.services.common).
Units = whole(1, 100_000_000)
# A supply's stock when the campaign starts: 0 (nothing received yet) up to MAX_UNITS.
Stock = whole(0, 100_000_000)


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
    version: int  # rises with each arrival and run: what ``POST supplies/{id}/allocate`` may send back


class EmergencyCampaignOut(Schema):
    id: int
    name: str
    kind: str
    status: str
    starts_on: dt.date
    ends_on: dt.date | None
    zone: int | None
    classes: list[EmergencyClassOut]
    supplies: list[EmergencySupplyOut]


class EmergencyClassIn(Schema):
    name: Name(40)  # unique within the campaign
    rule: Text = ""


class EmergencySupplyIn(Schema):
    name: Name(40)  # unique within the campaign
    unit: Name(10) = "个"
    stock: Stock = 0


class EmergencyCampaignStartIn(Schema):
    name: Name(80)  # no other open campaign of the city has it
    kind: CampaignKind
    starts_on: Day | None = None  # None: today; never later than today
    zone: Id | None = None  # one zone of the caller's city; None: the whole city
    basis: Text = ""
    # highest first (rank 0 is served first; the last class needs no evidence)
    classes: Annotated[list[EmergencyClassIn], Field(min_length=1, max_length=10)]
    supplies: Annotated[list[EmergencySupplyIn], Field(min_length=1, max_length=50)]


class EmergencyCampaignCloseIn(Schema):
    version: Version | None = (
        None  # the campaign's version the caller read (a stale one is 409); None: not checked
    )
    ends_on: Day | None = None  # None: today


class EmergencyNeedIn(Schema):
    campaign: Id
    supply: Id
    quantity: Units
    use: Name(200)
    priority: Id
    evidence: Text = ""  # required for every class but the last (the service says so on the field)
    enterprise: Id | None = None  # staff only (and required of them): the firm they enter the need for
    # One open need per firm and supply: a repeat submission changes it. The version of that need the caller read
    # (0: they saw none); a stale one is 409. None: not checked. The same need sent twice changes nothing.
    version: Version | None = None


# The query of the needs' and the allocations' lists (``emergency.filters``, as on the campaign's page): ``q``
# searches the enterprise's name or credit code.
class EmergencyRowsFilter(Schema):
    q: Search | None = None
    campaign: Id | None = None
    supply: Id | None = None
    priority: Id | None = None


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
    # True once staff moved the need to another class (调整优先级): the firm can no longer change its class
    priority_corrected: bool = Field(
        description="The class was corrected by staff: the enterprise's change of it is refused (400 on priority)"
    )
    use: str
    evidence: str
    status: NeedStatus
    version: int


class EmergencyNeedWithdrawIn(Schema):
    version: Version | None = None  # the need's version the caller read (stale: 409); None: not checked


class EmergencyNeedTrimIn(Schema):
    quantity: Units  # fewer than the need asks, not fewer than it has been given
    version: Version | None = None  # the need's version the caller read (stale: 409); None: not checked


class EmergencyNeedAdjustIn(Schema):
    quantity: Units  # more or fewer than the need asks, not fewer than it has been given
    version: Version | None = None  # the need's version the caller read (stale: 409); None: not checked


class EmergencyNeedReclassifyIn(Schema):
    priority: Id  # one of the campaign's priority classes
    evidence: Text | None = (
        None  # replaces the need's evidence; None: kept (every class but the last needs some)
    )
    version: Version | None = None  # the need's version the caller read (stale: 409); None: not checked


class EmergencyAllocateIn(Schema):
    quantity: Units | None = None  # None: all the stock not yet allocated
    # the supply's version the caller read (``GET campaigns``); a stale one is 409 (a run sent twice); None: not
    # checked
    version: Version | None = None


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
    version: int  # rises with each delivery: what ``POST allocations/{id}/deliveries`` may send back


class EmergencyDeliveryIn(Schema):
    quantity: Units
    delivered_on: Day | None = None
    note: Text = ""
    # the allocation's version the caller read (``GET allocations``); a stale one is 409 (the same delivery sent
    # twice); None: not checked
    version: Version | None = None


class EmergencyDeliveryOut(Schema):
    id: int
    allocation: int
    quantity: int
    delivered_on: dt.date
    note: str


class EmergencyPlanIn(Schema):
    campaign: Id
    enterprise: Id
    text: Name(4000)
    contact: Name(60)
    status: PlanStatus = PlanStatus.DRAFT
    version: Version | None = None


class EmergencyPlanOut(Schema):
    id: int
    campaign: int
    enterprise: int
    zone: int
    text: str
    contact: str
    status: str
    version: int
