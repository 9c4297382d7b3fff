"""The bench's floors under test: a small zone made by the load generator, and the check that a floor
(``core.bench.floor``) fetches the very rows a list page shows, in its order, with the total its pager prints."""

from __future__ import annotations

from devzone.core.bench import PAGE_SIZE, floor_rows
from devzone.core.loadgen import loadgen
from devzone.core.models import Zone


def quiet(_line: str) -> None:
    """A load generator's log, unread."""


def small_zone(*, staff: int = 30, enterprises: int = 20, projects: int = 30) -> Zone:
    made = loadgen(staff=staff, enterprises=enterprises, projects=projects, zone_name="地板开发区", log=quiet)
    return Zone.objects.get(pk=made.zone_id)


def assert_floor_is_the_page(client, url: str, floor: tuple, *, full: bool = True) -> None:
    """``floor`` returns the rows the page at ``url`` lists (their ids first), in order, each with the page's
    total last; ``full``: a whole page of them."""
    shown = client.get(url).context["page"]
    rows = floor_rows(*floor)
    assert rows and [r[0] for r in rows] == [x.pk for x in shown.object_list], url
    assert all(r[-1] == shown.paginator.count for r in rows), url
    assert not full or len(rows) == PAGE_SIZE, (url, len(rows))
