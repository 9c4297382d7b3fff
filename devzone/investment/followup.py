"""Follow-up rules (跟进规则): what is due on a lead and when, and whether it is stale. Plain Python; the
working-day arithmetic comes in as a calendar object (``add_workdays``, ``between``) so tests can pass the real
one.

Defaults from practice (configurable per zone): a new lead over 1 亿 gets a named owner within 1 working day
and an assessment (研判) within 3; a referrer (以商招商) hears back within a week (5 working days); progress is
reported every 2 weeks (10 working days); a lead idle past its stage's limit is stale."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy

OWNER, ASSESSMENT, REFERRER, REPORT = "owner", "assessment", "referrer", "report"
# Code labels (the rules' numbers are per zone, the duties are not): lazy, read in the reader's language.
LABELS = {
    OWNER: gettext_lazy("指定负责人"),
    ASSESSMENT: gettext_lazy("项目研判"),
    REFERRER: gettext_lazy("回复推荐人"),
    REPORT: gettext_lazy("进展报告"),
}


@dataclass(frozen=True)
class Rules:
    big_lead_wan: Decimal = Decimal("10000")
    owner_within: int = 1
    assessment_within: int = 3
    referrer_within: int = 5
    report_every: int = 10
    stale_limits: dict = field(
        default_factory=lambda: {
            "unaware": 60,
            "aware": 30,
            "attentive": 20,
            "invited": 15,
            "negotiating": 20,
        }
    )


@dataclass(frozen=True)
class Facts:
    created_on: dt.date
    stage: str
    intended_investment: Decimal | None
    has_owner: bool
    owner_assigned_on: dt.date | None
    assessed_on: dt.date | None
    is_referral: bool
    referrer_replied_on: dt.date | None
    last_report_on: dt.date | None
    last_activity_on: dt.date


@dataclass(frozen=True)
class Duty:
    kind: str
    due_on: dt.date
    done_on: dt.date | None

    @property
    def label(self) -> str:
        return str(LABELS[self.kind])

    def overdue(self, today: dt.date) -> bool:
        return self.done_on is None and today > self.due_on

    def late(self) -> bool:
        return self.done_on is not None and self.done_on > self.due_on


def duties(facts: Facts, rules: Rules, cal) -> list[Duty]:
    """Every duty the rules put on this working lead, with its due date and when it was done."""
    out = []
    big = facts.intended_investment is not None and facts.intended_investment >= rules.big_lead_wan
    if big:
        owner_done = facts.owner_assigned_on if facts.has_owner else None
        out.append(Duty(OWNER, cal.add_workdays(facts.created_on, rules.owner_within), owner_done))
        out.append(
            Duty(ASSESSMENT, cal.add_workdays(facts.created_on, rules.assessment_within), facts.assessed_on)
        )
    if facts.is_referral:
        out.append(
            Duty(
                REFERRER, cal.add_workdays(facts.created_on, rules.referrer_within), facts.referrer_replied_on
            )
        )
    since = facts.last_report_on or facts.created_on
    out.append(Duty(REPORT, cal.add_workdays(since, rules.report_every), None))
    return out


def is_stale(facts: Facts, rules: Rules, today: dt.date, cal) -> bool:
    """Idle (no stage change, activity or record) for more working days than its stage allows."""
    limit = rules.stale_limits.get(facts.stage)
    if limit is None:
        return False
    return cal.between(facts.last_activity_on, today) > int(limit)
