"""The law the catalog and the decisions apply, as data with its source, in one place: the limits of
行政许可法第四十二条 that an item citing it may not exceed, and the remedies a refusal must name
(行政许可法第三十八条第二款). A change of the law is a change of this file, with its source.

What each item's own law says (a longer limit under another law or regulation, 企业投资项目核准's 条例 …) is the
catalog's data (``ApprovalItem.legal_limit_basis``, ``extension_basis``); this module only holds an item to the
article it cites."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.core.notify import Text

LICENSING_LAW = "行政许可法"


# --- 行政许可法第四十二条: the longest limits, in working days (第八十二条: 以工作日计算) ---------------------------
@dataclass(frozen=True)
class DecisionLimits:
    """One paragraph of 第四十二条: the statutory limit and the one extension it allows at most."""

    decide_days: int
    extension_days: int
    source: object  # a lazy text: the citation, in the reader's language


ARTICLE_42 = DecisionLimits(
    # 第一款: 应当自受理行政许可申请之日起二十日内作出行政许可决定。二十日内不能作出决定的，经本行政机关负责人
    # 批准，可以延长十日 …… 但是，法律、法规另有规定的，依照其规定。
    decide_days=20,
    extension_days=10,
    source=gettext_lazy("《中华人民共和国行政许可法》第四十二条第一款"),
)
ARTICLE_42_JOINT = DecisionLimits(
    # 第二款: 统一办理或者联合办理、集中办理的，办理的时间不得超过四十五日；四十五日内不能办结的，经本级人民政府
    # 负责人批准，可以延长十五日
    decide_days=45,
    extension_days=15,
    source=gettext_lazy("《中华人民共和国行政许可法》第四十二条第二款"),
)

_ARTICLE_42 = re.compile(r"第(?:四十二|42)条")
_SECOND_PARAGRAPH = re.compile(r"第(?:四十二|42)条第(?:二|2)款")
_TITLE = re.compile(r"《([^》]*)》")
_OTHER_LAW = re.compile(r"(?:法|条例)第")  # a law or regulation named without its title marks


def article_42(basis: str | None) -> DecisionLimits | None:
    """The limits a basis holds an item to: those of 行政许可法第四十二条 (its second paragraph where cited) when
    the basis cites that article and no other law or regulation — the one that would say otherwise
    (法律、法规另有规定的，依照其规定); None for any other basis."""
    text = basis or ""
    if LICENSING_LAW not in text or not _ARTICLE_42.search(text):
        return None
    if any(LICENSING_LAW not in title for title in _TITLE.findall(text)):
        return None
    if _OTHER_LAW.search(_TITLE.sub("", text).replace(LICENSING_LAW, "")):
        return None
    return ARTICLE_42_JOINT if _SECOND_PARAGRAPH.search(text) else ARTICLE_42


def article_42_errors(
    *,
    legal_limit_days: int | None,
    legal_limit_basis: str | None,
    extension_max_days: int | None,
    extension_basis: str | None,
) -> dict[str, str]:
    """An item's limits against 第四十二条 where its bases cite it alone: field -> message (the model's
    ``clean``, the item page and the catalog import)."""
    errors = {}
    rule = article_42(legal_limit_basis)
    if rule is not None and legal_limit_days is not None and legal_limit_days > rule.decide_days:
        errors["legal_limit_days"] = _(
            "法定时限不能超过%(n)d个工作日（%(s)s）；法律、法规另有规定的，请在法定时限依据中写明该法律、法规"
        ) % {"n": rule.decide_days, "s": rule.source}
    rule = article_42(extension_basis)
    if rule is not None and extension_max_days and extension_max_days > rule.extension_days:
        errors["extension_max_days"] = _(
            "延期上限不能超过%(n)d个工作日（%(s)s）；法律、法规另有规定的，请在延期依据中写明该法律、法规"
        ) % {"n": rule.extension_days, "s": rule.source}
    return errors


# --- 行政许可法第三十二条: 五日内一次告知补正 ----------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    """A period the law sets, in working days (第八十二条), with its source."""

    days: int
    source: object  # a lazy text: the citation, in the reader's language


ARTICLE_32 = Period(
    # 第一款第四项: 申请材料不齐全或者不符合法定形式的，应当当场或者在五日内一次告知申请人需要补正的全部内容，逾期
    # 不告知的，自收到申请材料之日起即为受理
    days=5,
    source=gettext_lazy("《中华人民共和国行政许可法》第三十二条"),
)


# --- 特别程序 (行政许可法第四十五条: its time is not counted in the limit; the article sets no longest time) ----------
ARTICLE_45 = gettext_lazy("《中华人民共和国行政许可法》第四十五条")
ENTRUSTED_EVALUATION = Period(
    # 企业投资项目核准和备案管理条例第十一条: 项目核准机关委托中介服务机构对项目进行评估的，评估时间不得超过30个工作日
    # (not counted in the 核准 limit); the longest 委托评估 of a file in total
    days=30,
    source=gettext_lazy("《企业投资项目核准和备案管理条例》第十一条"),
)


def special_law(kind: str) -> tuple[object, int | None]:
    """(source, longest working days the law itself sets, or None) of a 特别程序 of ``kind``: where the law sets
    none, the item's own bound applies (catalog data with its source: ``ApprovalItem.special_max_days`` and
    ``special_basis``); a limit the law sets holds as well as the item's."""
    if kind == "entrusted_evaluation":
        return ENTRUSTED_EVALUATION.source, ENTRUSTED_EVALUATION.days
    return ARTICLE_45, None


def pre_acceptance_days() -> int:
    """The working days the window has to ask a 补正 (or to accept) before the file counts as accepted: the
    law's 5 days, or a zone's shorter commitment (``settings.DEVZONE_APPROVALS["PRE_ACCEPTANCE_DAYS"]``), never
    more than the law allows."""
    from devzone.approvals import conf

    configured = conf.get("PRE_ACCEPTANCE_DAYS")
    if configured is None:
        return ARTICLE_32.days
    return max(0, min(int(configured), ARTICLE_32.days))


# --- the remedies a refusal names (行政许可法第三十八条第二款: 应当说明理由，并告知申请人享有依法申请行政复议或者
# 提起行政诉讼的权利) ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Remedy:
    period: int
    body: object  # to whom (a lazy text): the catalog names no review body, so the law's words
    source: object  # the article that sets the period (a lazy text)


RECONSIDERATION = Remedy(
    period=60,  # days: 自知道或者应当知道该行政行为之日起六十日内提出行政复议申请
    # the review body is the zone's people's government or the authority above it, by the zone's own set-up
    body=gettext_lazy("有权机关"),
    source=gettext_lazy("《中华人民共和国行政复议法》（2023年修订）第二十条"),
)
LITIGATION = Remedy(
    period=6,  # months: 自知道或者应当知道作出行政行为之日起六个月内提出
    body=gettext_lazy("人民法院"),
    source=gettext_lazy("《中华人民共和国行政诉讼法》第四十六条"),
)
REMEDIES_BASIS = gettext_lazy("《中华人民共和国行政许可法》第三十八条第二款")
REMEDIES = gettext_lazy(
    "申请人如不服本决定，可以自知道或者应当知道该行政行为之日起%(days)d日内依法向%(review_body)s申请行政复议"
    "（%(review_source)s），或者自知道或者应当知道作出行政行为之日起%(months)d个月内依法向%(court)s提起"
    "行政诉讼（%(court_source)s）。"
)


def remedies() -> Text:
    """The sentence that tells the applicant its remedies, in each reader's language (a notice, a page)."""
    return Text(
        REMEDIES,
        days=RECONSIDERATION.period,
        review_body=RECONSIDERATION.body,
        review_source=RECONSIDERATION.source,
        months=LITIGATION.period,
        court=LITIGATION.body,
        court_source=LITIGATION.source,
    )
