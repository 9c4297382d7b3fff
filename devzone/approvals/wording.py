"""What a decision is called, by the item's legal nature and result type. Plain module.

The stored status stays ``granted`` / ``denied`` / ``revoked`` for every item (the statistics, the clocks and the
API filter on it); only its words change. A 备案 is not a 行政许可 (企业投资项目核准和备案管理条例第十三条、
第十四条: the filing authority records the filing, it grants nothing), a 行政确认 confirms, a technical review
(施工图审查) passes or fails; 企业投资项目核准 (条例第十一条) 予以核准 / 不予核准. Only 行政许可 says 准予许可.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from devzone.approvals.choices import LegalNature, ResultKind, Status

N = LegalNature
APPROVAL = "approval"  # a 行政许可 item whose result is a 核准文件 (企业投资项目核准)

GRANTED = {
    N.LICENSING: _("准予许可"),
    APPROVAL: _("予以核准"),
    N.FILING: _("准予备案"),
    N.CONFIRMATION: _("予以确认"),
    N.TECHNICAL_REVIEW: _("审查通过"),
    N.OTHER: _("准予办理"),
}
DENIED = {
    N.LICENSING: _("不予许可"),
    APPROVAL: _("不予核准"),
    N.FILING: _("不予备案"),
    N.CONFIRMATION: _("不予确认"),
    N.TECHNICAL_REVIEW: _("审查不通过"),
    N.OTHER: _("不予办理"),
}
REVOKED = {
    N.LICENSING: _("已撤销许可"),
    APPROVAL: _("已撤销核准"),
    N.FILING: _("已撤销备案"),
    N.CONFIRMATION: _("已撤销确认"),
    N.TECHNICAL_REVIEW: _("已撤销审查结论"),
    N.OTHER: _("已撤销"),
}
BREACH = {
    N.LICENSING: _("违反承诺，撤销许可"),
    APPROVAL: _("违反承诺，撤销核准"),
    N.FILING: _("违反承诺，撤销备案"),
    N.CONFIRMATION: _("违反承诺，撤销确认"),
    N.TECHNICAL_REVIEW: _("违反承诺，撤销审查结论"),
    N.OTHER: _("违反承诺，撤销"),
}
# The reviewer's buttons say what the click does (an action), not the outcome the file's status then reads: in
# Chinese the same words, in English "Grant approval" for the button and "Granted" for the status. Hence the
# context of their own, and the refusal's reason a label of its own (not "<outcome> + 理由").
GRANT_BUTTON = {
    N.LICENSING: pgettext_lazy("decision button", "准予许可"),
    APPROVAL: pgettext_lazy("decision button", "予以核准"),
    N.FILING: pgettext_lazy("decision button", "准予备案"),
    N.CONFIRMATION: pgettext_lazy("decision button", "予以确认"),
    N.TECHNICAL_REVIEW: pgettext_lazy("decision button", "审查通过"),
    N.OTHER: pgettext_lazy("decision button", "准予办理"),
}
DENY_BUTTON = {
    N.LICENSING: pgettext_lazy("decision button", "不予许可"),
    APPROVAL: pgettext_lazy("decision button", "不予核准"),
    N.FILING: pgettext_lazy("decision button", "不予备案"),
    N.CONFIRMATION: pgettext_lazy("decision button", "不予确认"),
    N.TECHNICAL_REVIEW: pgettext_lazy("decision button", "审查不通过"),
    N.OTHER: pgettext_lazy("decision button", "不予办理"),
}
DENY_REASON = {
    N.LICENSING: _("不予许可理由"),
    APPROVAL: _("不予核准理由"),
    N.FILING: _("不予备案理由"),
    N.CONFIRMATION: _("不予确认理由"),
    N.TECHNICAL_REVIEW: _("审查不通过理由"),
    N.OTHER: _("不予办理理由"),
}
BY_BUTTON = {"grant": GRANT_BUTTON, "deny": DENY_BUTTON, "deny_reason": DENY_REASON}
BY_STATUS = {Status.GRANTED: GRANTED, Status.DENIED: DENIED, Status.REVOKED: REVOKED}
BY_MOVE = {"grant": GRANTED, "deny": DENIED, "post_check_breach": BREACH}
# the words written before the item's nature was taken into account (events keep what they were written with)
LEGACY = {str(GRANTED[N.LICENSING]): GRANTED, "不予许可": DENIED, "违反承诺，撤销许可": BREACH}


def kind_of(item) -> str:
    nature = getattr(item, "legal_nature", "") or N.LICENSING
    if nature == N.LICENSING and getattr(item, "result_kind", "") == ResultKind.APPROVAL_DOCUMENT:
        return APPROVAL
    return nature


def status_label(item, status: str) -> str:
    """The status as the item's law calls it (准予备案, 予以确认, 审查通过 …); other statuses as they are."""
    words = BY_STATUS.get(status)
    if words:
        return str(words.get(kind_of(item), words[N.LICENSING]))
    try:
        return str(Status(status).label)
    except ValueError:  # not a status (Status.values would build its list of values on every call)
        return status


def move_label(item, move: str) -> str | None:
    """The event label of a decision move for this item, or None for a move whose words do not depend on it."""
    words = BY_MOVE.get(move)
    return str(words.get(kind_of(item), words[N.LICENSING])) if words else None


def event_label(item, action: str) -> str:
    """An event's label as shown: events written as 准予许可 on an item that is not a 行政许可 read as its
    own decision (the stored row is left as written)."""
    words = LEGACY.get(action)
    return str(words.get(kind_of(item), action)) if words else action


def button_label(item, what: str) -> str:
    """The review desk's words for this item: the ``grant`` / ``deny`` button, or the ``deny_reason`` field."""
    words = BY_BUTTON[what]
    return str(words.get(kind_of(item), words[N.LICENSING]))
