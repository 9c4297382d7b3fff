"""Pages of 绩效考核, by concept: ``rounds`` (the list, a round and its moves, slips, reports), ``ballot`` (the
public ballot), ``grades`` (grades, my page, appeals), ``pay`` (pay sheets, pay profiles, the year), ``schemes``
(scheme versions, the year's report). Thin: reads come from selectors, every change from the services, which
check actor and step."""

from devzone.performance.views.ballot import vote
from devzone.performance.views.grades import appeal_list, appeal_new, grades, my
from devzone.performance.views.pay import (
    adjustment_export,
    adjustment_list,
    annual,
    pay_export,
    pay_person,
    pay_sheet,
    payprofile_edit,
    payprofile_list,
)
from devzone.performance.views.rounds import (
    ballot_export,
    codes,
    home,
    report_download,
    round_action,
    round_detail,
    round_list,
)
from devzone.performance.views.schemes import report, scheme_detail, scheme_list, scheme_new

__all__ = [
    "vote",
    "adjustment_export",
    "adjustment_list",
    "annual",
    "appeal_list",
    "appeal_new",
    "ballot_export",
    "codes",
    "grades",
    "home",
    "my",
    "pay_export",
    "pay_person",
    "pay_sheet",
    "payprofile_edit",
    "payprofile_list",
    "report",
    "report_download",
    "round_action",
    "round_detail",
    "round_list",
    "scheme_detail",
    "scheme_list",
    "scheme_new",
]
