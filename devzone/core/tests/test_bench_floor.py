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


def test_the_home_floor_reads_the_figures_home_shows():
    """``home_floor`` counts what home's cards and chart show for the bench's leader: the zone, its departments,
    staff per employment type, enterprises, projects per phase with their investment, key projects."""
    from devzone.core.bench import bench_user, floor_rows, home_floor
    from devzone.testing.clients import make_client

    made = loadgen(staff=60, enterprises=40, projects=70, zone_name="地板开发区", log=lambda _s: None)
    zone = Zone.objects.get(pk=made.zone_id)
    page = make_client(bench_user(zone)).get("/").context
    rows = floor_rows(*home_floor(zone))
    figures = {(r[0], r[1]): (r[2], r[3]) for r in rows}
    cards, chart = page["cards"], page["chart_data"]
    for name in ("zones", "departments", "enterprises", "key_projects"):
        assert figures[(name, None)][0] == cards[name], name
    staff = {key: n for (figure, key), (n, _sum) in figures.items() if figure == "staff"}
    assert sum(staff.values()) == cards["staff"] > 0
    assert sorted(n for n in staff.values()) == sorted(n for _label, n in page["staff_types"] if n)
    phases = [
        (n, float(total or 0)) for (figure, _key), (n, total) in sorted(figures.items()) if figure == "phase"
    ]
    assert sum(n for n, _ in phases) == cards["projects"] == 70
    assert sorted(n for n, _ in phases) == sorted(chart["counts"])
    # SQLite sums decimals as floats: the same figure to the 万元's cent
    assert sum(total for _, total in phases) == pytest.approx(float(cards["investment"]), abs=0.01)


def test_the_bench_command_measures_every_page_logged_in_with_its_floor(bench_var_dir, tmp_path):
    """End to end on a small zone: every page answers 200 to the bench's leader (a 302 to the second-factor page
    fails the command), and every list carries its floor and the verdict on the target."""
    import json

    from devzone.testing.commands import run_devzone

    made = run_devzone(
        ["loadgen", "--staff", "30", "--enterprises", "30", "--projects", "40"], var=bench_var_dir
    )
    assert made.returncode == 0, made.stderr
    out = tmp_path / "bench.json"
    done = run_devzone(["bench", "--repeat", "1", "--json", str(out)], var=bench_var_dir)
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads(out.read_text())["results"]
    assert {r["status"] for r in results} == {200}
    lists = [r for r in results if r["name"].endswith((" p1", " p2"))]
    assert len(lists) >= 14 and all(
        r["floor_ms"] is not None and r["within_target"] is not None for r in lists
    )
    assert "| page ÷ floor |" in done.stdout
    # the fixed cost of a logged-in request is measured on "who am I", with its own target
    (fixed,) = [r for r in results if r["url"] == "/api/v1/core/me"]
    assert fixed["target_ms"] == 4.0 and fixed["within_target"] is not None and fixed["queries"] <= 3
