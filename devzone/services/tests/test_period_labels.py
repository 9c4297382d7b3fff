"""A year and a quarter are named as nouns in English wherever they label a field or a column ("Year", "Quarter");
the survey form and the statistics filter read "Annual 2026" and "Quarterly Q4" before."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _label(html: str, field: str) -> str:
    return re.search(rf'<label[^>]*for="{field}"[^>]*>([^<]*)</label>', html).group(1).strip()


@pytest.mark.parametrize(
    ("language", "year", "quarter"), [("en", "Year", "Quarter"), ("zh-hans", "年度", "季度")]
)
def test_the_survey_form_and_the_statistics_filter_name_the_period(
    client_for, zone_a_leader, language, year, quarter
):
    c = client_for(zone_a_leader)
    c.cookies["devzone_language"] = language
    form = c.get(reverse("services:survey_list")).content.decode()
    assert (_label(form, "id_year"), _label(form, "id_quarter")) == (year, quarter)
    stats = c.get(reverse("services:statistics")).content.decode()
    assert (_label(stats, "year"), _label(stats, "quarter")) == (year, quarter)
