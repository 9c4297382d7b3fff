"""On the demo city, loaded once for the module (``demo``; each test in its own savepoint):

- it reproduces the figures of the reform reports from its own rows;
- every person walks their own pages without meeting a link they may not open, and no form they can reach
  answers a server error to hostile input (issue 17: "a fuzz of every form"; the API is fuzzed from its schema
  by test_api_fuzz).

The walk: one account of each role (the second factor passed where the role needs it) follows its own links
from its home page (``devzone.testing.crawl``: breadth first, a bounded number of pages, at most two of one URL
pattern), collecting every form on the way — filter bars (GET) and the forms that change something (POST).
Each distinct form is then sent with hostile values chosen by its fields' kinds: markup and SQL in text, a NUL
byte, 100,000 characters, numbers out of every range and not numbers at all, dates that do not exist, a choice
that is not offered, a version from nowhere, a ``next`` to another site, a file that is not what it says.
Whatever the form makes of them (an error beside the field, a refusal, a row saved with the text escaped), the
answer must not be 5xx. The default walk is bounded (60 pages a person, two sendings a form); the long one
walks further and sends more: ``DEVZONE_FUZZ_LONG=1 pytest devzone/core/tests/test_demo_city.py``."""

import datetime as dt
import os
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.db.models import Sum

from devzone.core import models as m
from devzone.core.bench import logged_in
from devzone.core.choices import Role
from devzone.core.codes import parse_project_code, validate_credit_code
from devzone.core.demo import facts, loader
from devzone.testing.crawl import crawl, followed, send

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo_city")]
LONG = bool(os.environ.get("DEVZONE_FUZZ_LONG"))
MAX_PAGES = 400 if LONG else 60
SENDINGS = 12 if LONG else 2


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The whole demo city, every module's part included, loaded once in a transaction the module rolls back
    (each test's own transaction is a savepoint inside it, as in Django's ``setUpTestData``)."""
    with django_db_blocker.unblock():
        block = transaction.atomic()
        block.__enter__()
        try:
            yield loader.load(seed=2019)
        finally:
            transaction.set_rollback(True)
            block.__exit__(None, None, None)


def it_reproduces_the_internal_bodies_before_and_after_the_reform(demo):
    reform = dt.date.fromisoformat(facts.REFORM_DATE)
    assert m.Department.objects.active_on(reform - dt.timedelta(days=1)).count() == 109
    assert m.Department.objects.active_on(reform).count() == 64


def it_reproduces_the_half_year_investment_results(demo):
    jibei = demo["zones"]["济北经济开发区"]
    half = m.Project.objects.filter(zone=jibei, signed_on__range=(dt.date(2026, 1, 1), dt.date(2026, 6, 30)))
    assert half.count() == 23
    assert half.aggregate(s=Sum("total_investment"))["s"] == Decimal("7080000")  # 708 亿元 in 万元
    assert half.filter(total_investment__gte=10000).count() == 18
    assert half.filter(total_investment__gte=100000).count() == 7
    assert {"济北智造小镇", "少海汇智慧住居项目", "世茂集团澄波湖综合开发文旅项目"} <= set(
        half.values_list("name", flat=True)
    )


def jibei_is_complete_and_its_identifiers_are_valid(demo):
    jibei = demo["zones"]["济北经济开发区"]
    assert 60 <= m.Staff.objects.filter(zone=jibei).count() <= 100
    assert set(m.Staff.objects.filter(zone=jibei).values_list("employment_type", flat=True)) == {
        "establishment",
        "contract",
        "special_hire",
    }
    assert m.Area.objects.filter(zone=jibei).count() == 9  # 两城三区四园
    for code in m.Enterprise.objects.values_list("credit_code", flat=True):
        validate_credit_code(code)
    for code in m.Project.objects.exclude(project_code="").values_list("project_code", flat=True):
        parse_project_code(code)


def it_keeps_the_laiwu_merger_and_the_company_run_zone(demo):
    laiwu = demo["zones"]["莱芜高新区"]
    assert laiwu.merged_from.count() == 3
    steel = demo["zones"]["钢铁经开区"]
    assert steel.operator == "company" and "山钢" in steel.operating_company


def it_reproduces_three_days_from_the_first_intake_to_the_land_certificate(demo):
    from devzone.approvals.models import Application, Certificate
    from devzone.approvals.statistics import project_path

    town = m.Project.objects.get(name="济北智造小镇")
    leader = m.Profile.objects.get(user__username="leader").user
    first, steps = project_path(user=leader, project_id=town.pk)
    land = next(s for s in steps if s.item.startswith("国有建设用地使用权登记"))
    assert (
        land.days_from_first_intake == 3 and land.status == "予以确认"
    )  # a registration is 行政确认, not a licence
    granted = Application.objects.filter(
        project=town, status="granted", intake__applicant_name="智造小镇项目经办"
    )
    assert Certificate.objects.filter(application__in=granted).count() == granted.count() == 5


def there_is_a_demo_account_for_every_role(demo):
    roles = set(m.Profile.objects.values_list("role", flat=True))
    assert roles == set(Role.values)


def test_the_demo_city_reproduces_the_reform_reports(demo):
    """Each figure of the reports (大审批's example path renders a few signed certificates)."""
    for check in (
        it_reproduces_the_internal_bodies_before_and_after_the_reform,
        it_reproduces_the_half_year_investment_results,
        jibei_is_complete_and_its_identifiers_are_valid,
        it_keeps_the_laiwu_merger_and_the_company_run_zone,
        it_reproduces_three_days_from_the_first_intake_to_the_land_certificate,
        there_is_a_demo_account_for_every_role,
    ):
        check(demo)


def people() -> list:
    """One active account of each role the demo has (the system actor is nobody's desk)."""
    out = []
    for role in Role.values:
        accounts = m.Profile.objects.filter(role=role, user__is_active=True).select_related("user")
        if role != Role.SYSTEM and (first := accounts.order_by("id").first()):
            out.append(first.user)
    return out


def client_of(user):
    """The person's client, answering a server error with the 500 page a person would see (not raising it), so
    that one walk lists every failure."""
    client = logged_in(user)
    client.raise_request_exception = False
    return client


def test_every_person_walks_their_pages_and_no_form_fails_on_hostile_input(demo):
    failures, sent = [], 0
    for user in people():
        client = client_of(user)
        dead, forms = crawl(client, max_pages=MAX_PAGES)
        failures += [f"{user.username}: {d}" for d in dead]
        done = set()
        for form in forms:
            if form.key in done or not followed(urlsplit(form.action).path):
                continue
            done.add(form.key)
            for sending in range(SENDINGS):
                response = send(client, form, sending)
                sent += 1
                if response.status_code >= 500:
                    names = ", ".join(f.name for f in form.fields)
                    failures.append(
                        f"{user.username}: {form.method.upper()} {form.action} (on {form.page}; {names}) "
                        f"sending {sending} -> {response.status_code}"
                    )
                if (
                    "_auth_user_id" not in client.session
                ):  # the form ended the session: the person logs in again
                    client = client_of(user)
    assert sent > 500  # the walk reached the forms (a broken walk must not pass as "no failures")
    assert not failures, "\n".join(failures)
