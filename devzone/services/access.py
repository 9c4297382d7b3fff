"""Rights of the roles on the enterprise-service module (added to the core table). The services check the
finer rules (the routed department, the follow-up's handler, a leader's decision)."""

from django.utils.translation import gettext_lazy as _

from devzone.core.access import register
from devzone.core.choices import ZONE_STAFF, Role
from devzone.core.notify import kind_label
from devzone.core.secrecy import no_trace

READ = [
    "services.servicerequest",
    "services.rating",
    "services.followup",
    "services.appeal",
    "services.survey",
    "services.supportplan",
    "services.routingrule",
    "services.servicesettings",
    "services.requestattachment",  # read as its request is
    "services.supportmeasure",  # read as its plan is
]
# Everyone of the zone's staff handles requests, follow-ups and plans, except the tally staff (计票).
HANDLERS = tuple(role for role in ZONE_STAFF if role != Role.TALLY_STAFF)

for role in (*ZONE_STAFF, Role.CITY_OFFICER, Role.SYSADMIN):
    register(role, "view", *READ)
for role in HANDLERS:
    # requests routed to their department; follow-ups they handle; plans of the enterprises they serve
    register(role, "change", "services.servicerequest", "services.followup", "services.supportplan")
    register(role, "create", "services.appeal", "services.supportplan")
register(
    Role.ZONE_LEADER,
    "change",
    "services.appeal",
    "services.survey",
    "services.routingrule",
    "services.servicesettings",
)
register(Role.ZONE_LEADER, "create", "services.survey", "services.routingrule")
# Enterprises: their own requests, ratings, follow-ups and plan.
register(
    Role.ENTERPRISE_USER,
    "view",
    "services.servicerequest",
    "services.rating",
    "services.followup",
    "services.supportplan",
    "services.requestattachment",
    "services.supportmeasure",
)
register(Role.ENTERPRISE_USER, "create", "services.servicerequest", "services.rating")
# The system actor (core.actors): the automatic 基本满意 rating (it reads the services, marks an answered request
# rated and opens the follow-up of a rating), the reminders, and closing surveys past their day. Nothing else.
register(Role.SYSTEM, "view", *READ)
register(Role.SYSTEM, "create", "services.rating", "services.followup")
register(Role.SYSTEM, "change", "services.servicerequest", "services.survey")

# The anonymous survey answer leaves no trace: no session read or write, no log line (core.secrecy).
no_trace("services:survey_answer", "api:services_survey_answer")


# How the grouped messages page names this module's notices (core.notify.kind_label).
kind_label("services.request", _("企业诉求"))
kind_label("services.overdue", _("诉求办理超期"))
kind_label("services.rate", _("待评价的服务"))
kind_label("services.rated_bad", _("差评"))
kind_label("services.followup", _("差评整改"))
kind_label("services.followup_due", _("整改回访到期"), digest=True)
kind_label("services.followup_overdue", _("整改回访超期"))
kind_label("services.appeal", _("差评申诉"))
kind_label("services.survey_due", _("满意度测评发起提醒"), digest=True)
kind_label("services.survey_link", _("满意度测评"))
