"""Shared set-up of the powers tests."""

from __future__ import annotations

from devzone.powers import services
from devzone.powers.choices import PowerKind


def add_power(actor, draft, department, **extra):
    """A power added to ``draft`` by ``actor`` through the service: 建筑工程施工许可 (a licensing power under the
    Construction Law) unless ``extra`` says otherwise (its kind, name, legal basis, accountability, items)."""
    return services.power_add(
        actor=actor,
        power_list=draft,
        kind=extra.pop("kind", PowerKind.LICENSING),
        name=extra.pop("name", "建筑工程施工许可"),
        legal_basis=extra.pop("legal_basis", "《中华人民共和国建筑法》第八条"),
        department=department,
        accountability=extra.pop("accountability", "超过法定期限不作出决定的，依法追究责任"),
        **extra,
    )
