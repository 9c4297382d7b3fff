"""The activity calendar's heading names its month in the reader's language (it was written 2026年12月 by hand)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "heading"), [("zh-hans", "2026年11月"), ("en", "November 2026")])
def test_the_month_is_named_in_the_readers_language(client_for, zone_a_leader, language, heading):
    c = client_for(zone_a_leader)
    c.cookies["devzone_language"] = language
    html = c.get(reverse("investment:activity_list") + "?month=2026-11").content.decode()
    assert f'<h2 class="page-title mb-0">{heading}</h2>' in html
