"""The approvals API's bodies and answers (``<Entity>Out/In``), on the shared types of ``core.schemas``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.urls import reverse
from ninja import Field, ModelSchema, Schema

from devzone.approvals.choices import SpecialKind
from devzone.approvals.models import (
    ITEM_DESCRIPTION,
    SPECIAL_DAYS_CEILING,
    Application,
    ApprovalItem,
    Certificate,
    Intake,
)
from devzone.core.schemas import Day, Flag, Id, Name, Text, Text2000, Version, Versioned, whole

__all__ = [
    "AcceptIn",
    "ApplicationOut",
    "CertificateOut",
    "ApplicationExtendIn",
    "GrantIn",
    "IntakeIn",
    "IntakeOut",
    "ItemOut",
    "ApplicationReasonIn",
    "SpecialIn",
    "SupplementAnswerIn",
    "SupplementIn",
    "Versioned",
]


class ItemOut(ModelSchema):
    class Meta:
        model = ApprovalItem
        fields = [
            "id",
            "code",
            "name",
            "parent",
            *ITEM_DESCRIPTION,
        ]


class ClockOut(Schema):
    colour: str | None
    remaining_workdays: int | None
    due_on: Day | None
    provisional: bool
    paused: bool


class ApplicationOut(ModelSchema):
    clock: ClockOut | None = None  # the promised limit (the zone's commitment)
    legal_clock: ClockOut | None = None  # the statutory limit (legality)
    status_label: str = ""  # the status in the item's own words (准予备案, 予以确认 …; ``wording``)

    class Meta:
        model = Application
        fields = [
            "id",
            "intake",
            "item",
            "project",
            "enterprise",
            "status",
            "reviewer",
            "submitted_on",
            "accepted_on",
            "concluded_on",
            "step",
            "extended",
            "on_commitment",
            "elapsed_workdays",
            "supplements",
            "version",
        ]

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_clock(obj):
        if obj.clock_id is None:
            return None
        return _clock_out(obj.clock, (getattr(obj, "_readings", None) or (None, None))[0])

    @staticmethod
    def resolve_legal_clock(obj):
        if obj.legal_clock_id is None:
            return None
        return _clock_out(obj.legal_clock, (getattr(obj, "_readings", None) or (None, None))[1])


def _clock_out(clock, reading) -> dict:
    return {
        "colour": reading.colour if reading else None,
        "remaining_workdays": reading.remaining if reading else None,
        "due_on": clock.due_on,
        "provisional": clock.due_provisional,
        "paused": clock.status == "paused",
    }


class IntakeOut(ModelSchema):
    applications: list[int]

    class Meta:
        model = Intake
        fields = ["id", "number", "project", "enterprise", "channel", "submitted_on", "applicant_name"]

    @staticmethod
    def resolve_applications(obj):
        return [a.pk for a in obj.applications.all()]


# A telephone number as the intake takes it (services.intake): 7–20 digits and hyphens.
Phone = Annotated[
    Text, Field(min_length=7, max_length=20, json_schema_extra={"pattern": r"^-*[0-9][0-9-]*$"})
]


class IntakeIn(Schema):
    project: Id
    # one or more items, each once (an item the project's zone does not offer, or one already in progress for
    # the project, is refused by the service)
    items: Annotated[list[Id], Field(min_length=1, json_schema_extra={"uniqueItems": True})]
    applicant_name: Name(30)
    applicant_phone: Phone
    construction_site: Text = ""
    construction_scale: Annotated[Text2000, Field(max_length=500)] = ""
    note: Text2000 = ""


class CertificateOut(ModelSchema):
    pdf_url: str
    signature_url: str
    verify_url: str

    class Meta:
        model = Certificate
        fields = [
            "id",
            "application",
            "number",
            "verify_code",
            "holder",
            "holder_credit_code",
            "title",
            "issued_on",
            "valid_until",
            "status",
            "revoked_on",
            "digest_sm3",
        ]

    @staticmethod
    def resolve_pdf_url(obj):
        return reverse("certificates:pdf", args=[obj.pk])

    @staticmethod
    def resolve_signature_url(obj):
        return reverse("certificates:signature", args=[obj.pk])

    @staticmethod
    def resolve_verify_url(obj):
        return reverse("verify:code", args=[obj.verify_code])


# --- the bodies of the moves (every one carries the version the caller saw) -------------------------------
class AcceptIn(Versioned):
    version: Version
    reviewer: Id


class ApplicationReasonIn(Versioned):
    version: Version
    reason: Name(2000)


class ApplicationAssignIn(Versioned):
    """分派 / 改派: the reviewer the file goes to (an active reviewer of its zone)."""

    version: Version
    reviewer: Id


class SupplementIn(Versioned):
    version: Version
    missing: Name(2000)
    approval_reason: Text2000 = ""  # 一次性告知: a leader's reasons for another request in the same step


class SpecialIn(Versioned):
    version: Version
    kind: SpecialKind
    notice: Name(2000)
    # working days: a sanity range; the item's own bound (``ApprovalItem.special_max_days``) and the law's
    # (委托评估 at most 30, ``catalog.law.special_law``) are the service's checks
    limit_days: whole(1, SPECIAL_DAYS_CEILING)


class ApplicationExtendIn(Versioned):
    version: Version
    reason: Name(2000)
    # working days, at most the item's legal maximum (行政许可法第四十二条: 10), which None stands for
    days: whole(1, 2**15 - 1) | None = None


class GrantIn(Versioned):
    version: Version
    on_commitment: Flag = False
    valid_until: Day | None = None
    reason: Text2000 = ""


class VersionIn(Versioned):
    version: Version


class WithdrawIn(Versioned):
    """撤回: the applicant's, or the window's on the applicant's request, which ``note`` then records (required
    of window staff: who asked, when and how)."""

    version: Version
    note: Text2000 = ""


class SupplementAnswerIn(Versioned):
    """The applicant's answer to the open 补正, its materials uploaded before, one by one (``/materials``)."""

    version: Version
    note: Text2000 = ""


# The figures a statistics row (``statistics.Row``) holds under the name the API gives them.
ROW_SAME_NAMES = (
    "count",
    "median",
    "p90",
    "compression",
    "on_time_rate",
    "legal_within",
    "legal_late",
    "withdrawn_late",
    "legal_rate",
    "supplements_per_application",
)


class StatisticsRowOut(Schema):
    """One row of the statistics: the promised clock's on-time figure and, beside it, the statutory one."""

    key: str
    label: str
    count: int
    median: int | None
    p90: int | None
    promised_limit: int | None
    legal_limit: int | None
    compression: float | None
    on_time: int  # within the promised limit (the zone's commitment)
    on_time_rate: float | None
    legal_within: int  # decided within the statutory limit
    legal_late: int  # past the statutory limit: decided after it, or withdrawn after it had run out
    withdrawn_late: int  # of ``legal_late``, withdrawn after the limit had run out (not in ``count``)
    legal_rate: float | None
    supplements_per_application: float | None

    @staticmethod
    def of(r) -> StatisticsRowOut:
        return StatisticsRowOut(
            key=str(r.key),
            label=str(r.label),
            promised_limit=r.promised,
            legal_limit=r.legal,
            on_time=r.hist.on_time,
            **{name: getattr(r, name) for name in ROW_SAME_NAMES},
        )


class ApprovalStatisticsOut(Schema):
    start: dt.date
    end: dt.date
    items: list[StatisticsRowOut]
    departments: list[StatisticsRowOut]
    stages: list[StatisticsRowOut]
