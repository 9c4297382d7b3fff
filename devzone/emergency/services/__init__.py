"""Writes of 应急保障, each checked, saved and audited in one transaction, by concept: a campaign with its priority
classes and supplies, its close and the stock it receives (``campaigns``); an enterprise's need, one open need per
firm and supply, its trim, quantity, class and withdrawal (``needs``); the allocation run, deliveries and the firm's plan
(``distribution``). Callers use this package's names."""

from devzone.emergency.services.campaigns import (
    CAMPAIGN_MOVES,
    MAX_CLASSES,
    MAX_SUPPLIES,
    campaign_close,
    campaign_start,
    stock_receive,
)
from devzone.emergency.services.common import MAX_STOCK, MAX_UNITS, max_rank
from devzone.emergency.services.distribution import allocate, deliver, plan_set
from devzone.emergency.services.needs import (
    NEED_MOVES,
    need_adjust,
    need_arguments,
    need_put,
    need_reclassify,
    need_submit,
    need_trim,
    need_withdraw,
)

__all__ = [
    "CAMPAIGN_MOVES",
    "MAX_CLASSES",
    "MAX_STOCK",
    "MAX_SUPPLIES",
    "MAX_UNITS",
    "NEED_MOVES",
    "allocate",
    "campaign_close",
    "campaign_start",
    "deliver",
    "max_rank",
    "need_adjust",
    "need_arguments",
    "need_put",
    "need_reclassify",
    "need_submit",
    "need_trim",
    "need_withdraw",
    "plan_set",
    "stock_receive",
]
