"""Every write of the performance module: one transaction each, the actor checked first, the round's step
checked against the declared step machine (``common.ROUND_MOVES``), the audit event in the same transaction, a
DomainError with a Chinese message on bad input. By concept:

- ``schemes``: scheme versions;
- ``rounds``: opening and moving a round on, satisfaction, work reports, delegates;
- ``ballots``: ballot codes, the secret ballot (no actor, no audit: see its docstring), the leaders' scores;
- ``tally``: the tally, calibration, publication, reopening;
- ``grades``: individual grades and appeals;
- ``pay``: pay profiles and their Excel import;
- ``settlement``: closing a quarter's pay (结算) and the corrections of a closed quarter (补发/扣回)."""

from devzone.performance.services.ballots import (
    CODE_ALPHABET,
    CODE_LENGTH,
    ballot_cast,
    ballot_departments,
    code_lookup,
    codes_generate,
    leader_scores_set,
)
from devzone.performance.services.common import (
    RANK_ORDER,
    ROUND_MOVES,
    digest,
    format_code,
    lock_round,
    normalize_code,
    parse_score,
)
from devzone.performance.services.grades import (
    APPEAL_MOVES,
    appeal_decide,
    appeal_deciders,
    appeal_refusal,
    appeal_submit,
    appeal_to_city,
    check_quota,
    grade_appeal_to_city,
    grade_refusal,
    grades_set,
    grading_complete,
    head_staff_ids,
    pay_inputs,
)
from devzone.performance.services.pay import (
    PAY_COLUMNS,
    PAY_EDITORS,
    payprofile_import,
    payprofile_set,
    yuan_to_fen,
)
from devzone.performance.services.rounds import (
    delegate_nominate,
    delegate_remove,
    department_type,
    report_upload,
    round_advance,
    round_open,
    satisfaction_enter,
    satisfaction_pull,
    survey_satisfaction,
)
from devzone.performance.services.schemes import (
    SCHEME_FIELDS,
    current_scheme,
    ensure_scheme,
    scheme_create,
)
from devzone.performance.services.settlement import (
    adjustment_create,
    net_paid_fen,
    not_pay_closed,
    round_close_pay,
)
from devzone.performance.services.tally import (
    RESULT_FIELDS,
    apply_scores,
    calibration_choices,
    compute_results,
    democratic_scores,
    improve_required,
    quota_for,
    result_calibrate,
    round_reopen,
)

__all__ = [
    "APPEAL_MOVES",
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "PAY_COLUMNS",
    "PAY_EDITORS",
    "RANK_ORDER",
    "RESULT_FIELDS",
    "ROUND_MOVES",
    "SCHEME_FIELDS",
    "appeal_decide",
    "appeal_deciders",
    "appeal_refusal",
    "appeal_submit",
    "appeal_to_city",
    "adjustment_create",
    "apply_scores",
    "ballot_cast",
    "ballot_departments",
    "calibration_choices",
    "check_quota",
    "code_lookup",
    "codes_generate",
    "compute_results",
    "democratic_scores",
    "current_scheme",
    "delegate_nominate",
    "delegate_remove",
    "department_type",
    "digest",
    "ensure_scheme",
    "format_code",
    "grade_appeal_to_city",
    "grade_refusal",
    "grades_set",
    "grading_complete",
    "head_staff_ids",
    "improve_required",
    "leader_scores_set",
    "lock_round",
    "net_paid_fen",
    "normalize_code",
    "not_pay_closed",
    "parse_score",
    "pay_inputs",
    "payprofile_import",
    "payprofile_set",
    "quota_for",
    "report_upload",
    "result_calibrate",
    "round_advance",
    "round_close_pay",
    "round_open",
    "round_reopen",
    "satisfaction_enter",
    "satisfaction_pull",
    "scheme_create",
    "survey_satisfaction",
    "yuan_to_fen",
]
