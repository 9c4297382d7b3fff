"""大招商 on each person's desk (core.desk): the investment officer's leads due for follow-up and in hand; the
leaders' stale leads."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.core import desk
from devzone.core.choices import Role
from devzone.investment import selectors
from devzone.investment.models import Lead


@desk.item(30, Role.INVESTMENT_OFFICER)
@desk.own_work
def leads_due(request, staff_id):
    """Stale leads (no follow-up within the zone's rules, stored by the follow-up scan): the ones to call now."""
    qs = selectors.lead_list(user=request.user).filter(owner_id=staff_id, is_active=True, is_stale=True)
    return desk.listing(
        qs.order_by("last_activity_on", "id"),
        lambda lead: desk.Row(
            lead.company_name,
            lead.get_absolute_url(),
            _("最近跟进%(on)s") % {"on": date_format(lead.last_activity_on, "MONTH_DAY_FORMAT")},
            "yellow",
        ),
        key="investment.due",
        label=_("待跟进的线索"),
        url=reverse("investment:lead_list") + "?view=stale&mine=true",
        tone="yellow",
        hint=_("超过跟进期限未跟进，最久未跟进的在前"),
    )


@desk.item(31, Role.INVESTMENT_OFFICER)
@desk.own_work
@desk.counting(
    "investment.mine", gettext_lazy("我负责的在跟线索"), "investment:lead_list?view=active&mine=true"
)
def leads_mine(request, staff_id):
    return selectors.lead_list(user=request.user).filter(owner_id=staff_id, is_active=True)


@desk.item(30, Role.ZONE_LEADER, Role.CITY_OFFICER)
@desk.reading(Lead)
@desk.counting(
    "investment.stale", gettext_lazy("停滞的招商线索"), "investment:lead_list?view=stale", tone="yellow"
)
def stale_leads(request, qs):
    return qs.filter(is_active=True, is_stale=True)
