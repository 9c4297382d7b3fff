"""The moves of the personnel office, declared once for the page and the API (core.actions): on a
registration (审核、补正后重新提交、撤回、成绩录入、体检/考察/公示), an opening (开考比例核定、面试人选、排名) and a
campaign (发布、结束报名、结束招聘、编排考场). Each ``run`` takes the actor, the row and the form's cleaned data (page) or
the body's fields (API), under the same names."""

from __future__ import annotations

from django import forms as django_forms
from django.utils.translation import gettext_lazy as _

from devzone.core.actions import Action, ActionTable
from devzone.core.forms import VersionedForm
from devzone.core.schemas import Versioned
from devzone.personnel import forms
from devzone.personnel import schemas as s
from devzone.personnel.services import campaigns as campaign_svc
from devzone.personnel.services import exams, hiring
from devzone.personnel.services import registrations as reg_svc

SCORE_OUTCOME = {
    "waiting": _("已录入，等待第二人录入核对"),
    "confirmed": _("两人录入一致，成绩已确认"),
    "mismatch": _("与另一人录入不一致，请核对试卷后更正"),
}


class FinishForm(VersionedForm):
    """结束招聘 on the campaign's page: the version seen, and the reason when an opening is not concluded."""

    reason = django_forms.CharField(
        label=_("原因（尚有岗位未办结时必填）"),
        max_length=campaign_svc.FINISH_REASON_MAX,
        required=False,
        widget=django_forms.Textarea(attrs={"rows": 2}),
    )


def _version(version) -> int | None:
    return int(version or 0) or None


def _versioned(name: str, service, row_name: str, *, done, summary: str) -> Action:
    """A move whose only input is the version the caller saw: ``service(actor=…, <row_name>=row, version=…)``,
    posted from a bare versioned form (page) or a ``Versioned`` body (API)."""
    return Action(
        name,
        lambda *, actor, row, version=None: service(
            actor=actor, **{row_name: row}, version=_version(version)
        ),
        schema=Versioned,
        form=VersionedForm,
        done=done,
        summary=summary,
    )


def _rank_done(hires) -> str:
    done = _("已排名，拟聘用 %(n)d 人") % {"n": len(hires.hired)}
    if hires.undecided:
        done += _("；末位成绩并列 %(n)d 人，须加试确定") % {"n": len(hires.undecided)}
    return done


REGISTRATION_ACTIONS = ActionTable(
    Action(
        "screen",
        lambda *, actor, row, decision, note="", version=None: reg_svc.registration_screen(
            actor=actor, registration=row, decision=decision, note=note, version=version
        ),
        schema=s.ScreenIn,
        form=forms.ScreenForm,
        done=_("已保存审核结论"),
        summary="Screen a registration: qualify, return for correction or reject (a reason when not qualified)",
    ),
    Action(
        "recuse",
        lambda *, actor, row, reason: reg_svc.registration_recuse(
            actor=actor, registration=row, reason=reason
        ),
        schema=s.RecuseIn,
        form=forms.RecuseForm,
        done=_("已声明回避"),
        summary="Declare a conflict with the registration's candidate (回避): its steps refuse the caller from then on",
    ),
    Action(
        "recheck",
        lambda *, actor, row, decision, note="", version=None: reg_svc.registration_recheck(
            actor=actor, registration=row, decision=decision, note=note, version=version
        ),
        form=forms.RecheckForm,
        done=_("已保存复核结论"),
    ),
    _versioned(
        "resubmit",
        reg_svc.registration_resubmit,
        "registration",
        done=_("已重新提交"),
        summary="The candidate resubmits a returned registration before the deadline",
    ),
    _versioned(
        "withdraw",
        reg_svc.registration_withdraw,
        "registration",
        done=_("已撤回报名"),
        summary="The candidate withdraws the registration",
    ),
    Action(
        "scores",
        lambda *, actor, row, stage, score: exams.score_enter(
            actor=actor, registration=row, stage=stage, score=score
        ),
        schema=s.ScoreIn,
        form=forms.ScoreForm,
        done=lambda outcome: str(SCORE_OUTCOME[outcome]),
    ),
    Action(
        "step",
        lambda *, actor, row, kind, outcome, on, note="": hiring.hire_step_record(
            actor=actor, registration=row, kind=kind, outcome=outcome, on=on, note=note
        ),
        schema=s.HireStepIn,
        form=forms.HireStepForm,
        done=lambda step: f"{step.get_kind_display()}：{step.get_outcome_display()}",
        summary="Record the next step of a proposed hire: 体检, 考察, 公示 (start, then its end), each with its date",
    ),
)

OPENING_ACTIONS = ActionTable(
    Action(
        "ratio",
        lambda *, actor, row, note="", version=None: campaign_svc.opening_apply_ratio(
            actor=actor, opening=row, note=note, version=_version(version)
        ),
        schema=s.RatioIn,
        form=forms.RatioForm,
        done=lambda opening: opening.decision_text,
    ),
    Action(
        "shortlist",
        lambda *, actor, row: exams.shortlist_opening(actor=actor, opening=row),
        done=lambda keys: _("已确定面试人选 %(n)d 人") % {"n": len(keys)},
    ),
    Action("rank", lambda *, actor, row: exams.rank_opening(actor=actor, opening=row), done=_rank_done),
)

CAMPAIGN_ACTIONS = ActionTable(
    _versioned(
        "publish",
        campaign_svc.campaign_publish,
        "campaign",
        done=_("公告已发布"),
        summary="Publish the campaign (the city's personnel office)",
    ),
    _versioned(
        "close",
        campaign_svc.campaign_close,
        "campaign",
        done=_("报名已结束"),
        summary="End registration",
    ),
    Action(
        "finish",
        lambda *, actor, row, version=None, reason="": campaign_svc.campaign_finish(
            actor=actor, campaign=row, version=_version(version), reason=reason
        ),
        schema=s.FinishIn,
        form=FinishForm,
        done=_("招聘已结束"),
        summary="Finish the campaign (结束招聘): every opening concluded, or a reason for those that are not",
    ),
    Action(
        "tickets",
        lambda *, actor, row: exams.tickets_assign(actor=actor, campaign=row),
        done=lambda n: _("已编排考场 %(n)d 人") % {"n": n},
        summary="Assign exam rooms, seats and admission tickets to the qualified registrations",
    ),
)
