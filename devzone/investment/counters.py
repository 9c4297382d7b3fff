"""Keeping the funnel counters (``FunnelCell``) in step with the leads: a change takes the lead's old
contribution away and adds the new one, in the caller's transaction."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import F

from devzone.investment import funnel
from devzone.investment.models import FunnelCell, Lead


def key(lead: Lead) -> tuple:
    return (lead.zone_id, lead.created_on.year, lead.team_id, lead.owner_id or 0, lead.source, lead.section)


def vector(lead: Lead) -> dict:
    return funnel.contribution(
        stage=lead.stage,
        dates=lead.stage_dates(),
        lost=lead.lost_on is not None,
        merged=lead.merged_into_id is not None,
    )


class Snapshot:
    """A lead's place in the counters before a change."""

    def __init__(self, lead: Lead):
        self.key = key(lead)
        self.vector = vector(lead)


def _apply(k: tuple, delta: dict, sign: int) -> None:
    delta = {f: v for f, v in delta.items() if v}
    if not delta:
        return
    zone_id, year, team_id, owner_key, source, section = k
    cell, _created = FunnelCell.objects.get_or_create(
        zone_id=zone_id, year=year, team_id=team_id, owner_key=owner_key, source=source, section=section
    )
    FunnelCell.objects.filter(pk=cell.pk).update(**{f: F(f) + sign * v for f, v in delta.items()})


def added(lead: Lead) -> None:
    _apply(key(lead), vector(lead), 1)


def changed(before: Snapshot, lead: Lead) -> None:
    after_key, after = key(lead), vector(lead)
    if after_key == before.key:
        _apply(after_key, funnel.subtract(after, before.vector), 1)
    else:
        _apply(before.key, before.vector, -1)
        _apply(after_key, after, 1)


def changed_many(changes: list[tuple[Snapshot, Lead]]) -> None:
    """``changed`` for many leads at once (a refit dropping owners): the contributions moved between cells are
    added up per cell first, so each cell is written once, whatever the number of leads."""
    sums: dict[tuple, dict] = defaultdict(lambda: defaultdict(int))
    for before, lead in changes:
        for f, v in before.vector.items():
            sums[before.key][f] -= v
        for f, v in vector(lead).items():
            sums[key(lead)][f] += v
    for k, delta in sums.items():
        _apply(k, dict(delta), 1)


FIELDS = [
    "zone_id",
    "created_on",
    "team_id",
    "owner_id",
    "source",
    "section",
    "stage",
    "lost_on",
    "merged_into_id",
]


def rebuild(zone_id: int, batch: int = 5000) -> int:
    """Recount a zone's cells from its leads (after a bulk load, or to repair). Returns the number of cells."""
    sums: dict[tuple, dict] = defaultdict(lambda: defaultdict(int))
    date_fields = [f"{s}_on" for s in funnel.STAGES]
    qs = Lead.objects.filter(zone_id=zone_id).values_list(*FIELDS, *date_fields).order_by()
    for row in qs.iterator(chunk_size=batch):
        zone, created, team, owner, source, section, stage, lost_on, merged = row[:9]
        if merged is not None:
            continue
        dates = dict(zip(funnel.STAGES, row[9:], strict=True))
        vec = funnel.contribution(stage=stage, dates=dates, lost=lost_on is not None)
        cell = sums[(zone, created.year, team, owner or 0, source, section)]
        for f, v in vec.items():
            cell[f] += v
    FunnelCell.objects.filter(zone_id=zone_id).delete()
    cells = [
        FunnelCell(
            zone_id=k[0], year=k[1], team_id=k[2], owner_key=k[3], source=k[4], section=k[5], **dict(v)
        )
        for k, v in sums.items()
    ]
    FunnelCell.objects.bulk_create(cells, batch_size=1000)
    return len(cells)
