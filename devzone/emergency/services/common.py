"""What the writes of 应急保障 share: the bounds of a quantity, a day as given, and the checks that a campaign
reaches a firm and still collects needs."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.core.errors import DomainError, NotFoundError, require
from devzone.core.models import Enterprise
from devzone.core.templatetags.devzone import show
from devzone.emergency.choices import CampaignStatus
from devzone.emergency.models import Campaign

MAX_UNITS = 100_000_000  # one need, one arrival of stock, one run, one delivery
# A supply's stock received in all: PostgreSQL's integer column holds 2,147,483,647; a round bound below it
# refuses the arrival that would pass it with a message (else the 21st arrival of 100,000,000 was a 503).
MAX_STOCK = 2_000_000_000


def unit_label(unit: str):
    """A supply's unit as each reader reads it: the default 个 (what the code puts when staff type none) is "pcs"
    to an English reader, as on the enterprise's page; a unit the staff typed is their data and stays. Lazy, so a
    notice (core.notify.Text) writes it in each recipient's language."""
    return gettext_lazy(unit) if unit else unit


def _units(value, field: str) -> int:
    """A whole number of units above 0."""
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        raise DomainError.on(field, _("数量须为正整数")) from None
    require(n > 0, _("数量须大于0"), field)
    require(n <= MAX_UNITS, _("数量过大"), field)
    return n


def _day(value, field: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise DomainError.on(field, _("日期格式应为YYYY-MM-DD")) from None


def _require_open(campaign: Campaign, doing: str) -> None:
    """A closed campaign refuses what would add to it, saying when it ended."""
    if campaign.status == CampaignStatus.OPEN:
        return
    if campaign.ends_on is not None:
        message = _("该行动已于%(day)s结束，不能再%(doing)s") % {
            "day": show(campaign.ends_on),
            "doing": doing,
        }
    else:
        message = _("该行动已结束，不能再%(doing)s") % {"doing": doing}
    raise DomainError.on("__all__", message)


def _open_campaign(actor, campaign_id, *, enterprise: Enterprise, doing: str) -> Campaign:
    """The campaign, if it reaches the enterprise (its city; its zone when it has one), else 404; and if it is
    open, else a refusal saying it has ended."""
    c = Campaign.objects.filter(pk=campaign_id, city_id=enterprise.zone.city_id).first()
    if c is None or (c.zone_id and c.zone_id != enterprise.zone_id):
        raise NotFoundError(_("%(what)s不存在") % {"what": _("应急保障行动")})
    c = _locked_campaign(c.pk)
    _require_open(c, doing)
    return c


def _locked_campaign(campaign_id) -> Campaign:
    """The campaign's row, locked until the transaction ends (``select_for_update``, as ``allocate`` takes it):
    a close committed meanwhile is seen before the open check, and a close that comes later waits for this
    change. Take it before the rows of the campaign's needs (allocate's order: supply, campaign, needs), so that
    two writers do not wait on each other."""
    return Campaign.objects.select_for_update().get(pk=campaign_id)


def max_rank(campaign: Campaign) -> int:
    """The lowest class (the last one) needs no evidence."""
    return max(campaign.classes.values_list("rank", flat=True), default=0)
