"""The bench's floor of a list page (issue 17): one hand-written query that fetches the very rows the page shows,
in its order, with the total its pager prints — else a page ÷ floor ratio would compare unlike things."""

from __future__ import annotations

import pytest
from django.db import connection

from devzone.core.bench import PAGE_SIZE, floor
from devzone.core.loadgen import loadgen
from devzone.core.models import Zone
from devzone.core.views import SPECS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_the_floor_fetches_the_pages_rows_in_its_order_with_the_total(spec):
    made = loadgen(staff=60, enterprises=40, projects=70, zone_name="地板开发区", log=lambda _s: None)
    zone = Zone.objects.get(pk=made.zone_id)
    rows = Zone.objects.filter(pk=zone.pk) if spec.model is Zone else spec.model.objects.filter(zone=zone)
    ordered = list(rows.order_by(*spec.model._meta.ordering, "pk").values_list("pk", flat=True))
    for page in (1, 2):
        sql, params = floor(spec.model, zone, page)
        with connection.cursor() as cur:
            cur.execute(sql, params)
            fetched = cur.fetchall()
        assert [r[0] for r in fetched] == ordered[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        assert all(r[-1] == len(ordered) for r in fetched)  # the total the pager shows
