"""Rights of the personnel module. The city's personnel office (市级管理人员) publishes campaigns and openings and
screens everywhere in its city; a zone's 人事专员 screens and scores the registrations of its zone; a candidate
acts on their own profile and registrations only (reach "self")."""

from django.utils.translation import gettext_lazy as _

from devzone.core import registry
from devzone.core.access import register
from devzone.core.choices import ZONE_STAFF, Role
from devzone.core.notify import kind_label

CAMPAIGN = ("personnel.recruitmentcampaign", "personnel.opening")
REGISTRATION = (
    "personnel.registration",
    "personnel.registrationevent",
    "personnel.scoreentry",
    "personnel.hirestep",
    "personnel.registrationrecusal",  # 回避 declared by staff: the recruitment's staff read them, never the candidate
)

register(Role.CITY_OFFICER, "view", *CAMPAIGN, *REGISTRATION, "personnel.candidate")
register(Role.CITY_OFFICER, "create", *CAMPAIGN)
register(Role.CITY_OFFICER, "change", *CAMPAIGN, "personnel.registration")
# The system administrator keeps accounts, reference data, the calendar and backups: no campaign, opening,
# registration, score or candidate of a recruitment is theirs to read (a candidate's unpublished scores, name,
# education and pre-check are for the recruitment's own staff only).
register(Role.PERSONNEL_OFFICER, "view", *CAMPAIGN, *REGISTRATION)
register(Role.PERSONNEL_OFFICER, "change", "personnel.opening", "personnel.registration")
register(Role.PERSONNEL_OFFICER, "create", "personnel.scoreentry", "personnel.registrationrecusal")
register(Role.CITY_OFFICER, "create", "personnel.registrationrecusal")
register(Role.ZONE_LEADER, "view", *CAMPAIGN, "personnel.registration")
register(
    Role.CANDIDATE,
    "view",
    "personnel.candidate",
    "personnel.registration",
    "personnel.registrationevent",
    "personnel.hirestep",
)
register(Role.CANDIDATE, "change", "personnel.candidate", "personnel.registration")
register(Role.CANDIDATE, "create", "personnel.registration", "personnel.candidatedocument")
register(Role.CANDIDATE, "view", "personnel.candidatedocument")
register(Role.CANDIDATE, "delete", "personnel.candidatedocument")
register(Role.SYSTEM, "view", *CAMPAIGN, *REGISTRATION, "personnel.candidate", "personnel.candidatedocument")
register(Role.SYSTEM, "create", *CAMPAIGN, *REGISTRATION, "personnel.candidate")
register(Role.SYSTEM, "change", *CAMPAIGN, *REGISTRATION, "personnel.candidate")

# How the grouped messages page names this module's notices (core.notify.kind_label: by the exact kind, so each
# kind the services send is named; a candidate's screening result is not one of 其他消息).
kind_label("personnel", _("招聘"))
kind_label("personnel.screened", _("资格审核"))
kind_label("personnel.opening", _("开考比例核定"))
kind_label("personnel.ranked", _("成绩和排名"))
kind_label("personnel.hiring", _("体检、考察和公示"))
kind_label("personnel.withdrawn", _("考生放弃报名"))
kind_label("personnel.corrected", _("考生更正信息待复核"))
kind_label("personnel.case", _("刚性淘汰"))
kind_label("personnel.competition_entry", _("竞聘上岗"))

# The main navigation shows the module to those who may view these rows (core.registry.menu).
registry.menu("personnel", "personnel.recruitmentcampaign", "personnel.registration")

STAFFING = ("personnel.annualreview", "personnel.termtarget", "personnel.eliminationcase")
register(Role.ZONE_LEADER, "view", *STAFFING)
register(Role.ZONE_LEADER, "change", *STAFFING)
register(Role.ZONE_LEADER, "create", *STAFFING)
register(Role.PERSONNEL_OFFICER, "view", *STAFFING)
register(Role.PERSONNEL_OFFICER, "create", *STAFFING)
register(Role.PERSONNEL_OFFICER, "change", "personnel.termtarget")
register(Role.CITY_OFFICER, "view", *STAFFING)
# 刚性淘汰比例: the city's personnel office sets it; its zones read it (core.access: a city-owned row).
register(Role.CITY_OFFICER, "view", "personnel.eliminationshare")
register(Role.CITY_OFFICER, "create", "personnel.eliminationshare")
register(Role.ZONE_LEADER, "view", "personnel.eliminationshare")
register(Role.PERSONNEL_OFFICER, "view", "personnel.eliminationshare")
register(Role.SYSTEM, "view", *STAFFING)
register(Role.SYSTEM, "create", *STAFFING)
register(Role.SYSTEM, "change", *STAFFING)
register(Role.CITY_OFFICER, "view", "personnel.teammember")
register(Role.CITY_OFFICER, "create", "personnel.teammember")
register(Role.CITY_OFFICER, "change", "personnel.teammember")
register(Role.ZONE_LEADER, "view", "personnel.teammember")
register(Role.SYSADMIN, "view", "personnel.teammember")
register(Role.SYSTEM, "create", "personnel.teammember")

COMPETITION = (
    "personnel.competition",
    "personnel.competitionpost",
    "personnel.competitionentry",
    "personnel.tiedecision",  # the leaders decide it (services.competition.tie_decide); the others read it
)
for _role in (Role.ZONE_LEADER, Role.PERSONNEL_OFFICER, Role.SYSTEM):
    for _action in ("view", "create", "change"):
        register(_role, _action, *COMPETITION)
register(Role.CITY_OFFICER, "view", *COMPETITION)

BUDGET = ("personnel.quotareserve", "personnel.hire", "personnel.specialpay")
for _role in (Role.ZONE_LEADER, Role.PERSONNEL_OFFICER, Role.SYSTEM):
    for _action in ("view", "create", "change"):
        register(_role, _action, *BUDGET)
register(Role.CITY_OFFICER, "view", *BUDGET)

# 本人报名竞聘: every staff member of a zone reads the posts its competitions put up (the announcement) and applies
# for or withdraws their own entry (services.competition.entry_self_apply: only the actor's own staff record); the
# entries of others stay the office's. The module's menu opens for them on their own page (我的竞聘).
SELF_APPLICANTS = ZONE_STAFF
for _role in SELF_APPLICANTS:
    register(_role, "view", "personnel.competitionpost")
    register(_role, "create", "personnel.competitionentry")
    register(_role, "delete", "personnel.competitionentry")
registry.menu("personnel", "personnel.competitionpost")
kind_label("personnel.competition_entry", _("竞聘报名"))
