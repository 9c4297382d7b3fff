"""Rights on 数据交换: the city's system administrator configures the subscribers and replays deliveries; the
system actor (the delivery job) works on deliveries. The scoping (core.access, ``scope_city_path``) keeps each
city to its own."""

from django.utils.translation import gettext_lazy as _

from devzone.core.access import register
from devzone.core.choices import Role
from devzone.core.notify import kind_label

ALL = ["exchange.subscriber", "exchange.delivery", "exchange.attempt"]

for action in ("view", "create", "change"):
    register(Role.SYSADMIN, action, *ALL)
    register(Role.SYSTEM, action, *ALL)

kind_label("exchange", _("数据交换"))
