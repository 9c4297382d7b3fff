"""Every write that matters goes through a service: keyword-only, atomic, permission first, audited."""

from devzone.core.services.objects import object_create, object_delete, object_update

__all__ = ["object_create", "object_delete", "object_update", "service_arguments"]


def service_arguments(data: dict, *, ids: tuple[str, ...] = (), **renamed: str) -> dict:
    """Posted fields (a form's cleaned data, an API body's ``dict()``) as their service's keyword arguments:
    the same names, except a field naming a row in ``ids`` (``zone`` becomes ``zone_id``) and those in
    ``renamed`` (``version="expected_version"``). The page and the API of a write then call the service alike."""
    names = {**{f: f"{f}_id" for f in ids}, **renamed}
    return {names.get(field, field): value for field, value in data.items()}
