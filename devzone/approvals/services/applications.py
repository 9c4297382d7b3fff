"""The life of an application (办件), with the four clock rules of the Administrative Licensing Law kept apart:

1. 补正 before acceptance (``services.intake``): the clerk lists everything missing at once within 5 working
   days of submission, or the file counts as accepted on the day it came (``deemed_acceptance_scan``).
2. 特别程序 (``services.review``): hearing, testing, expert review stop the clock, with a written notice and
   its own limit.
3. 延期 (``services.review``) extends the limit once (+10 working days by default) with a leader's approval.
4. 容缺 (``services.aftercare``): a material accepted missing is owed by a date no later than the promised
   limit; when it is late the application is suspended (``tolerated_scan``) until it is supplied.

This module is the one name the pages, the API, the jobs and the other modules call (``svc.application_…``);
the moves themselves are declared once in ``services.common.MOVES``."""

from devzone.approvals.services.aftercare import (
    add_months,
    application_assign,
    deemed_acceptance_scan,
    post_check_record,
    tolerated_scan,
    tolerated_supply,
)
from devzone.approvals.services.intake import (
    UploadList,
    acceptance_refusals,
    application_accept,
    application_add_materials,
    application_answer_supplement,
    application_reject,
    application_request_supplement,
    application_withdraw,
    intake_submit,
    missing_materials,
)
from devzone.approvals.services.review import (
    STEP_ORDER,
    application_advance_step,
    application_deny,
    application_end_special,
    application_extend,
    application_grant,
    application_start_special,
)
from devzone.approvals.services.supplements import (
    application_supplement_answer,
    application_supplement_upload,
)

__all__ = [
    "STEP_ORDER",
    "UploadList",
    "add_months",
    "application_accept",
    "application_add_materials",
    "application_assign",
    "application_advance_step",
    "application_answer_supplement",
    "application_deny",
    "application_end_special",
    "application_extend",
    "application_grant",
    "application_reject",
    "application_request_supplement",
    "application_start_special",
    "application_supplement_answer",
    "application_supplement_upload",
    "application_withdraw",
    "deemed_acceptance_scan",
    "intake_submit",
    "missing_materials",
    "acceptance_refusals",
    "post_check_record",
    "tolerated_scan",
    "tolerated_supply",
]
