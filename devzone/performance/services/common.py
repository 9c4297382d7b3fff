"""What every write of the performance module shares: the round's step machine (declared once), the round
read in the actor's scope and locked, the score and code parsers."""

from __future__ import annotations

import hashlib
import random
import uuid
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.core.choices import Rank
from devzone.core.errors import DomainError, require_role
from devzone.core.locking import locked
from devzone.core.transitions import Move, Transitions
from devzone.performance import ballot_box
from devzone.performance.choices import RoundStatus as S
from devzone.performance.models import Round

RANK_ORDER = {Rank.DIVISION: 4, Rank.SECTION_CHIEF: 3, Rank.DEPUTY_SECTION: 2, Rank.STAFF: 1}
_sysrand = random.SystemRandom()

PREPARING = frozenset({S.SATISFACTION, S.REPORTS, S.NOMINATION})

# The steps of a round. The tally staff move it forward one step at a time (``round_advance``); the work of a
# step is a move that keeps the step (target None) but bumps the version and leaves an audit line; grading and
# appeals only check the step (``ROUND_MOVES.check``).
ROUND_MOVES = Transitions(
    moves={
        "to_reports": Move({S.SATISFACTION}, S.REPORTS, gettext_lazy("进入部门述职")),
        "to_nomination": Move({S.REPORTS}, S.NOMINATION, gettext_lazy("进入推荐测评代表")),
        "to_voting": Move({S.NOMINATION}, S.VOTING, gettext_lazy("开始民主测评")),
        "close_voting": Move({S.VOTING}, S.LEADER, gettext_lazy("测评截止")),
        # the box opened short of valid ballots: that vote is void, the delegates vote again with new codes
        "void_voting": Move({S.VOTING}, None, gettext_lazy("测评截止（有效票不足，须重新测评）")),
        "tally": Move({S.LEADER}, S.TALLIED, gettext_lazy("计分完成")),
        "publish": Move({S.TALLIED}, S.PUBLISHED, gettext_lazy("公布考核结果")),
        "reopen": Move({S.PUBLISHED}, S.TALLIED, gettext_lazy("重新开启")),
        "pull_satisfaction": Move({S.SATISFACTION}, None, gettext_lazy("汇总企业满意度")),
        "enter_satisfaction": Move({S.SATISFACTION}, None, gettext_lazy("录入企业满意度")),
        "upload_report": Move(PREPARING, None, gettext_lazy("上传述职报告")),
        "nominate": Move(PREPARING, None, gettext_lazy("推荐测评代表")),
        "unnominate": Move(PREPARING, None, gettext_lazy("撤回测评代表")),
        "codes": Move({S.NOMINATION, S.VOTING}, None, gettext_lazy("生成测评码")),
        "leader_scores": Move({S.VOTING, S.LEADER}, None, gettext_lazy("领导评分")),
        "calibrate": Move({S.TALLIED}, None, gettext_lazy("校准部门系数")),
        # checked only: the round does not change
        "grade": Move({S.PUBLISHED}, None, gettext_lazy("评定个人等次（部门系数公布后进行）")),
        "appeal": Move({S.PUBLISHED}, None, gettext_lazy("提出申诉")),
        "decide_appeal": Move({S.PUBLISHED}, None, gettext_lazy("处理申诉（考核结果公布后进行）")),
        # a published quarter's pay is closed once (结算); then only 补发/扣回 (the round keeps its step)
        "close_pay": Move({S.PUBLISHED}, None, gettext_lazy("结算绩效工资")),
        "adjust": Move({S.PUBLISHED}, None, gettext_lazy("登记补发/扣回")),
    }
)
# The forward move out of each step.
ADVANCE = {
    S.SATISFACTION: "to_reports",
    S.REPORTS: "to_nomination",
    S.NOMINATION: "to_voting",
    S.VOTING: "close_voting",
    S.LEADER: "tally",
    S.TALLIED: "publish",
}


def lock_round(round_: Round, actor, expected_version: int | None = None, *, conflict: str = "") -> Round:
    """The round, locked, in the actor's reach (404 otherwise); a stale version is 409 (``conflict`` says why
    when the move has a better sentence). The roles that may act on it are checked by each service (a
    department head and a staff member act on rounds they only view)."""
    return locked(
        Round,
        round_,
        actor=actor,
        action="view",
        version=expected_version,
        conflict=conflict or _("该考核轮次刚被他人处理过，请刷新后查看最新状态"),
    )


def round_for(move: str, round_: Round, actor, *roles: str, doing) -> Round:
    """The opening of a round move: the actor holds one of ``roles``, the round is locked in reach, and
    ``move`` is possible at its step."""
    require_role(actor, *roles, doing=doing)
    r = lock_round(round_, actor)
    ROUND_MOVES.check(r, move)
    return r


def moved(r: Round, name: str, *, actor, note: str = "", fields=()) -> Round:
    """Apply the round move ``name`` (its step checked, the version bumped, the audit line written)."""
    return ROUND_MOVES.apply(r, name, actor=actor, note=str(note), fields=fields)


def not_published(r: Round) -> None:
    if r.status == S.PUBLISHED:
        raise DomainError(_("考核结果已公布，不能再修改；更正须由系统管理员重新开启"))


def parse_score(value, field: str = "score") -> Decimal:
    """A score 0–100 with at most two decimals, else a refusal on ``field``."""
    try:
        d = Decimal(str(value).strip())
    except (InvalidOperation, TypeError, ValueError):
        raise DomainError.on(field, _("分数须为0–100之间的数字")) from None
    if not d.is_finite() or d < 0 or d > 100:
        raise DomainError.on(field, _("分数须在0–100之间"))
    if d != d.quantize(Decimal("0.01")):
        raise DomainError.on(field, _("分数最多两位小数"))
    return d


def parse_keyed(
    values: dict, known, *, field: str, unknown: str, outside: str, parse, skip_blank: bool = True
) -> tuple[dict, dict[str, list[str]]]:
    """A posted ``{"<id>": value}`` read as ``{id: parse(value, "<field>.<id>")}``: a key that is not a number
    is refused on ``field`` (``unknown``), one not in ``known`` on ``<field>.<id>`` (``outside``); blank
    values are skipped when ``skip_blank``. Returns the parsed values and all the problems found."""
    parsed: dict = {}
    errors: dict[str, list[str]] = {}
    for key, value in (values or {}).items():
        try:
            pk = int(key)
        except (TypeError, ValueError):
            errors.setdefault(field, []).append(unknown)
            continue
        if pk not in known:
            errors.setdefault(f"{field}.{pk}", []).append(outside)
        elif skip_blank and value in (None, ""):
            continue
        else:
            try:
                parsed[pk] = parse(value, f"{field}.{pk}")
            except DomainError as e:
                errors.update(e.errors)
    return parsed, errors


def parse_scores(
    scores: dict, departments: set[int], *, outside: str, skip_blank: bool
) -> dict[int, Decimal]:
    """``{department id: score}`` of a ballot or a leader's scores: every key one of ``departments`` (else
    ``outside`` on ``scores.<id>``), every value a score; all problems at once."""
    parsed, errors = parse_keyed(
        scores,
        departments,
        field="scores",
        unknown=_("未知的部门"),
        outside=outside,
        parse=parse_score,
        skip_blank=skip_blank,
    )
    if not skip_blank:
        for dept in departments - set(parsed):
            errors.setdefault(f"scores.{dept}", [_("请为每个部门打分")])
    if errors:
        raise DomainError.of(errors)
    return parsed


def normalize_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def digest(code: str, key: uuid.UUID | None) -> str:
    """A ballot code as stored: HMAC-SHA256 under the round's code key (``Round.code_key``), a key file beside
    the ballot box's, outside the database and its backups. A code has ~50 bits: a plain hash beside its
    department could be searched offline for every unused code by whoever holds a copy of the database.
    ``ballot_box.BoxKeyMissing`` when the key is gone (voting closed)."""
    return ballot_box.mac(key, "ballot-code:" + normalize_code(code))


def plain_digest(code: str) -> str:
    """The unkeyed SHA-256 of a code printed before the keyed digest (a round with no ``code_key``), read only
    to let such a round finish its voting."""
    return hashlib.sha256(normalize_code(code).encode()).hexdigest()


def format_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def department_names(results) -> str:
    return "、".join(x.department.name for x in results)
