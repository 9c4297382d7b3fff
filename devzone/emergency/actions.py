"""The moves on a campaign and on a need, declared once for the page (``ActionTable.perform``) and the API
(``mount``): a campaign's close (结束行动, ``services.campaign_close``); a need's withdrawal (撤回), trim (调减),
quantity (调整数量, up or down) and priority class (调整优先级): ``services.need_withdraw``, ``need_trim``,
``need_adjust`` and ``need_reclassify``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from devzone.core.actions import Action, ActionTable
from devzone.core.forms import VersionedForm
from devzone.emergency import forms, services
from devzone.emergency.schemas import (
    EmergencyCampaignCloseIn,
    EmergencyNeedAdjustIn,
    EmergencyNeedReclassifyIn,
    EmergencyNeedTrimIn,
    EmergencyNeedWithdrawIn,
)

CAMPAIGN_ACTIONS = ActionTable(
    Action(
        "close",
        lambda *, actor, row, version=None, ends_on=None: services.campaign_close(
            actor=actor, campaign=row, version=version, ends_on=ends_on
        ),
        schema=EmergencyCampaignCloseIn,
        form=forms.CloseForm,
        done=_("行动已结束"),
        summary="Close a campaign (on ends_on, default today): it takes no new need, plan, stock or allocation",
    ),
)


def _quantity_set(service):
    """A move that sets a need's quantity (``services.need_trim``, ``need_adjust``)."""
    return lambda *, actor, row, quantity, version=None: service(
        actor=actor, need=row, quantity=quantity, version=version
    )


NEED_ACTIONS = ActionTable(
    Action(
        "withdraw",
        lambda *, actor, row, version=None: services.need_withdraw(actor=actor, need=row, version=version),
        schema=EmergencyNeedWithdrawIn,
        form=VersionedForm,
        done=_("需求已撤回"),
        summary="Withdraw a need: its unserved part leaves the next runs (what it was given stays allocated)",
    ),
    Action(
        "trim",
        _quantity_set(services.need_trim),
        schema=EmergencyNeedTrimIn,
        form=forms.TrimForm,
        done=_("需求已调减"),
        summary="Trim a need to fewer units (not fewer than it has been given)",
    ),
    Action(
        "adjust",
        _quantity_set(services.need_adjust),
        schema=EmergencyNeedAdjustIn,
        form=forms.AdjustForm,
        done=_("需求数量已调整"),
        summary="Set a need's quantity, more or fewer units (not fewer than it has been given), while the "
        "campaign collects needs",
    ),
    Action(
        "reclassify",
        lambda *, actor, row, priority, evidence=None, version=None: services.need_reclassify(
            actor=actor, need=row, priority=priority, evidence=evidence, version=version
        ),
        schema=EmergencyNeedReclassifyIn,
        form=forms.ReclassifyForm,
        done=_("优先级已调整"),
        summary="Move a need to another of the campaign's priority classes (evidence: replaced when given), "
        "while the campaign collects needs",
    ),
)
