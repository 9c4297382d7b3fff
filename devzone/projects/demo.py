"""Demo data of the key-project module (filled in below)."""

from __future__ import annotations


def load(*, city, zones, zone, rng) -> None:
    from django.contrib.auth import get_user_model

    from devzone.core.models import Project
    from devzone.projects.services import handover_to_build

    leader = get_user_model().objects.get(username="leader")
    for project in Project.objects.filter(zone=zone, is_key=True, signed_on__isnull=False):
        handover_to_build(actor=leader, project=project, on=project.signed_on)
