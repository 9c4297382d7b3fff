"""The moves on a campaign, declared once for the page (``ActionTable.perform``) and the API (``mount``): its
close (结束行动), by the one service ``services.campaign_close``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from devzone.core.actions import Action, ActionTable
from devzone.emergency import forms, services
from devzone.emergency.schemas import EmergencyCampaignCloseIn

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
