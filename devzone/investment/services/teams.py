"""Teams (招商小分队), their members and their annual targets, and the zone's rules: plain rows, saved through
the core's audited create/update (permission, validation, scope re-checked after the write)."""

from __future__ import annotations

from django.db import models

from devzone.core.services import object_create, object_update
from devzone.investment.models import InvestmentSettings, InvestmentTeam


def team_save(*, actor, team: InvestmentTeam) -> InvestmentTeam:
    """A new team, or an edited one."""
    return (object_create if team.pk is None else object_update)(actor=actor, instance=team)


def team_add(*, actor, row: models.Model) -> models.Model:
    """A member or a year's targets added to a team."""
    return object_create(actor=actor, instance=row)


def settings_save(*, actor, row: InvestmentSettings) -> InvestmentSettings:
    """The zone's follow-up and counting rules, as edited."""
    return object_update(actor=actor, instance=row)
