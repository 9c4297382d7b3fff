"""A rate limit's window is the one it names, on the embedded default's database cache as on Redis: it opens at
the first counted event and closes ``window_seconds`` later. Django's database cache rewrites an incremented
entry with its default timeout (five minutes from the last event), which made "60 in 10 minutes" a count that
lapsed five minutes after the last guess."""

import datetime as dt

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from devzone.core.ratelimit import Limit

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        "DatabaseCache" not in settings.CACHES["shared"]["BACKEND"], reason="reads the database cache's table"
    ),
]


def expiry_of_count(limit: Limit, value: str) -> dt.datetime:
    key = limit._key(value)
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, expires FROM devzone_cache")
        (expires,) = [at for name, at in cursor.fetchall() if name.endswith(key)]
    return expires if timezone.is_aware(expires) else timezone.make_aware(expires, dt.UTC)


def test_the_count_lasts_the_whole_window_not_five_minutes_after_the_last_event():
    limit = Limit("window-test", 5, 3600)
    for expected in (1, 2, 3):
        assert limit.hit("198.51.100.7") == expected
    left = expiry_of_count(limit, "198.51.100.7") - timezone.now()
    assert dt.timedelta(minutes=55) < left <= dt.timedelta(hours=1)
    assert limit.count("198.51.100.7") == 3 and limit.count("198.51.100.8") == 0


def test_a_later_event_does_not_stretch_the_window():
    limit = Limit("window-test-2", 5, 60)
    limit.hit("a")
    first = expiry_of_count(limit, "a")
    limit.hit("a")
    assert expiry_of_count(limit, "a") <= first + dt.timedelta(seconds=1)


def test_a_reset_forgets_what_was_counted_for_that_key_only():
    limit = Limit("window-test-3", 2, 600)
    for _ in range(2):
        limit.hit("a")
        limit.hit("b")
    assert limit.exceeded("a") and limit.exceeded("b")
    limit.reset("a")
    assert limit.count("a") == 0 and limit.exceeded("b")
    assert limit.hit("a") == 1
