"""What a city's published reports printed (报道数) for the reform bulletin's figures: data, not code. Read from
``data/printed_figures.json``, keyed by the city's administrative division code and the figure's key
(``core.registry.Figure.key``), each with the document it comes from. Only the city a report is about has its
figures: another city's bulletin and institutions page show none — Jinan's 42 %, 26.3 % and 莱芜 merge were once
printed on every city's bulletin and in every city's API."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("data") / "printed_figures.json"


@dataclass(frozen=True)
class Printed:
    key: str
    text: str  # as the report printed it, a quotation (not translated)
    source: str  # the document it was printed in
    zone: str = ""  # the zone the printed figure is about, when it is one zone's (its name or short name)

    def about(self, zone) -> bool:
        """Whether it is printed about ``zone`` (a figure of the whole city is about any of its zones; None: a
        figure of no one zone, such as the merge figure of a city whose merges are not recorded yet)."""
        return not self.zone or zone is None or self.zone in (zone.name, zone.short_name)


@lru_cache(maxsize=1)
def _cities() -> dict[str, dict[str, Printed]]:
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    return {
        code: {
            key: Printed(key, f["printed"], city["sources"][f["source"]], f.get("zone", ""))
            for key, f in city["figures"].items()
        }
        for code, city in raw["cities"].items()
    }


def for_city(city) -> dict[str, Printed]:
    """The printed figures of ``city`` (a ``core.City``; None: none) by figure key."""
    return _cities().get(getattr(city, "code", None) or "", {})


def for_user(user) -> dict[str, Printed]:
    """Those of the user's own city (a city officer's, a zone's people's); none for a reach of no one city
    (the system actor, a system administrator)."""
    from devzone.core.access import reach_of
    from devzone.core.models import City

    city_id = reach_of(user).city_id
    if city_id is None:
        return {}
    code = City.objects.filter(pk=city_id).values_list("code", flat=True).first()
    return _cities().get(code or "", {})


def text(printed: dict[str, Printed], key: str, zone=None) -> str:
    """The printed text of ``key`` ("" when the city's reports printed none, or printed it about another zone
    than ``zone``)."""
    p = printed.get(key)
    return p.text if p is not None and p.about(zone) else ""


def source(printed: dict[str, Printed], key: str) -> str:
    p = printed.get(key)
    return p.source if p is not None else ""
