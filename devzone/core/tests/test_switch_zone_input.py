"""core.views.switch_zone checks the posted zone with ``str.isdigit()``, which is True for superscript digits
('²', '³'): ``int()`` refuses them, so the lookup raises ValueError and the page answers 500 instead of 404.
ARCHITECTURE.md: "No path answers 500 to input"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.testing.clients import make_client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["²", "³"])
def test_a_zone_that_is_not_a_plain_number_answers_404(city_officer, zone_a, value):
    c = make_client(city_officer)
    c.raise_request_exception = False
    r = c.post(reverse("core:switch_zone"), {"zone": value})
    assert r.status_code < 500, f"{value!r} -> {r.status_code}"
