"""Endpoints of this module that need no isolation test, each with the reason (read by
devzone.testing.isolation, which fails the suite for any other page or API operation that no isolation test
requests)."""

EXEMPT: dict[str, str] = {}
