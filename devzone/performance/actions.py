"""The moves on a round, declared once (``core.actions``): the page's buttons perform them
(``views.rounds.round_action``) and the API mounts those that take a body of their own (``api.rounds``,
``API_MOVES``); both call the same service through ``run(actor=, row=, **data)``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from devzone.core.actions import Action, ActionTable
from devzone.core.errors import NotFoundError
from devzone.performance import forms, schemas
from devzone.performance import services as svc


def _row_of(qs, pk, what: str):
    row = qs.filter(pk=pk).first()
    if row is None:
        raise NotFoundError(_("%(w)s不存在") % {"w": what})
    return row


def enter_satisfaction(*, actor, row, department, value):
    return svc.satisfaction_enter(actor=actor, round=row, department_id=department, value=value)


def _on_round(name: str, service, form=None, **options) -> Action:
    """A move whose service takes the round and the form's (or body's) fields as they are."""
    return Action(
        name, lambda *, actor, row, **data: service(actor=actor, round=row, **data), form=form, **options
    )


def _versioned(name: str, service, version_keyword: str, *, summary: str, done) -> Action:
    """A move whose only input is the version of the round the person saw (the page's ``AdvanceForm``, the
    API's ``VersionRequired`` body), passed to ``service`` as ``version_keyword``. The version is required: a
    retry of the same request is refused as stale instead of moving the round twice."""
    return Action(
        name,
        lambda *, actor, row, version: service(actor=actor, round=row, **{version_keyword: version}),
        form=forms.AdvanceForm,
        schema=schemas.VersionRequired,
        summary=summary,
        done=done,
    )


ROUND_ACTIONS = ActionTable(
    _versioned(
        "advance",
        svc.round_advance,
        "expected_version",
        summary="Advance the round to its next step",
        done=lambda r: (
            _("测评已截止：有效票少于方案规定的最少%(m)s张，本次测评作废，请重新生成测评码、重新测评")
            % {"m": r.scheme.min_ballots}
            if r.revote_required
            else _("已进入“%(s)s”") % {"s": r.get_status_display()}
        ),
    ),
    _on_round("pull", svc.satisfaction_pull, done=lambda n: _("已汇总%(n)s个部门的满意度") % {"n": n}),
    Action(
        "satisfaction",
        enter_satisfaction,
        form=forms.SatisfactionForm,
        schema=schemas.SatisfactionIn,
        summary="Enter a department's satisfaction score",
        done=_("已录入"),
    ),
    Action(
        "report",
        lambda *, actor, row, department, file: svc.report_upload(
            actor=actor, round=row, department_id=department, name=file.name, data=file.read()
        ),
        form=forms.ReportForm,
        done=_("述职报告已上传"),
    ),
    _on_round(
        "nominate",
        svc.delegate_nominate,
        forms.NominateForm,
        done=lambda d: _("已推荐%(n)s") % {"n": d.staff.name},
    ),
    Action(
        "unnominate",
        lambda *, actor, row, delegate: svc.delegate_remove(
            actor=actor, delegate=_row_of(row.delegates.select_related("staff"), delegate, _("测评代表"))
        ),
        form=forms.UnnominateForm,
        done=_("已撤回"),
    ),
    _on_round(
        "leader",
        svc.leader_scores_set,
        forms.PrefixedForm,
        done=lambda n: _("已保存%(n)s个部门的评分") % {"n": n},
    ),
    Action(
        "calibrate",
        lambda *, actor, row, result, coefficient, reason: svc.result_calibrate(
            actor=actor,
            result=_row_of(row.results.all(), result, _("部门")),
            coefficient=coefficient,
            reason=reason,
        ),
        form=forms.CalibrateForm,
        done=_("已校准，理由已记录"),
    ),
    _on_round(
        "reopen",
        svc.round_reopen,
        forms.ReasonForm,
        schema=schemas.RoundReasonIn,
        summary="Reopen the round, with the reason",
        done=_("已重新开启"),
    ),
    _versioned(
        "close_pay",
        svc.round_close_pay,
        "version",
        summary="Close the quarter's pay (grades and pay locked from then on)",
        done=_("已结算：等次和绩效工资已锁定，更正请登记补发/扣回"),
    ),
    _on_round(
        "adjust",
        svc.adjustment_create,
        forms.AdjustmentForm,
        schema=schemas.AdjustmentIn,
        summary="Record a 补发/扣回 on a closed quarter, paid in a later payroll",
        done=lambda a: _("已登记%(k)s：%(n)s") % {"k": a.get_kind_display(), "n": a.staff.name},
    ),
)


# POST /api/v1/performance/rounds/{pk}/<name> (operation ids performance_round_<name>), answering the round.
API_MOVES = ActionTable(*(ROUND_ACTIONS[name] for name in ("advance", "satisfaction", "reopen", "close_pay")))
