"""An English reader of 应急保障: the notices reach them in English and the run page shows the rule (a fixed label
of the code) in English, with its known limit; what people typed (names, classes) stays as typed. The notices were
wrapped in an alias of ``gettext_lazy`` that ``makemessages`` does not know, so they never reached the catalog:
the extraction itself is checked here, as ``makemessages`` runs it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.translation import trans_real

from devzone.core.choices import Role
from devzone.emergency import allocation, services, views
from devzone.emergency.tests.conftest import run_on, start_masks_campaign, submit
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db
APP = Path(allocation.__file__).parent
NOTICES = {
    "新的应急保障行动：%(name)s，请组织企业填报物资需求": "New emergency campaign: %(name)s. Please have the "
    "enterprises submit their needs",
    "%(item)s已为贵企业分配%(n)d%(unit)s": "%(n)d %(unit)s of %(item)s have been allocated to your enterprise",
    "贵企业的%(item)s需求已调减为%(n)d%(unit)s": "Your enterprise's need of %(item)s was trimmed to %(n)d %(unit)s",
    "贵企业的%(item)s需求已撤回": "Your enterprise's need of %(item)s was withdrawn",
}
# The keywords ``django-admin makemessages`` hands xgettext for Python files (besides xgettext's own ``_``,
# ``gettext``, ``ngettext``).
KEYWORDS = [
    "gettext_noop",
    "gettext_lazy",
    "ngettext_lazy:1,2",
    "pgettext:1c,2",
    "npgettext:1c,2,3",
    "pgettext_lazy:1c,2",
    "npgettext_lazy:1c,2,3",
]


@pytest.fixture
def english(monkeypatch):
    """The English catalog with these texts added for the test (the project's catalog is compiled separately)."""
    catalog = trans_real.translation("en")._catalog._catalogs[0]

    def add(texts: dict[str, str]) -> None:
        for msgid, text in texts.items():
            monkeypatch.setitem(catalog, msgid, text)

    return add


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext's xgettext is not installed")
def test_makemessages_extracts_the_notices_and_the_rule():
    sources = sorted(str(p) for p in APP.rglob("*.py") if not {"tests", "migrations"} & set(p.parts))
    out = subprocess.run(  # noqa: S603  (xgettext with fixed arguments and the app's own files)
        [
            "xgettext",
            "--language=Python",
            "--from-code=UTF-8",
            "--output=-",
            *(f"--keyword={k}" for k in KEYWORDS),
        ]
        + sources,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.replace('"\n"', "")
    for msgid in [*NOTICES, allocation.RULE]:
        assert f'msgid "{msgid}"' in out, msgid


def test_notices_reach_an_english_reader_in_english(
    english, campaign, firms, enterprise_user, city_officer, zone_a, zone_a_leader
):
    english(NOTICES)
    for user in (enterprise_user, zone_a_leader):
        user.profile.language = "en"
        user.profile.save()
    n = submit(enterprise_user, campaign, quantity=10)
    services.allocate(actor=city_officer, supply_id=campaign.supplies.get().pk, quantity=5)
    services.need_trim(actor=zone_a_leader, need=n, quantity=8)
    n.refresh_from_db()
    services.need_withdraw(actor=zone_a_leader, need=n)
    start_masks_campaign(city_officer, name="第二次行动")
    assert sorted(x.title for x in enterprise_user.notifications.all()) == [
        "5 pcs of 口罩 have been allocated to your enterprise",
        "Your enterprise's need of 口罩 was trimmed to 8 pcs",
        "Your enterprise's need of 口罩 was withdrawn",
    ]
    assert [x.title for x in zone_a_leader.notifications.all()] == [
        "New emergency campaign: 第二次行动. Please have the enterprises submit their needs"
    ]
    chinese = f.user_with_role(Role.ENTERPRISE_USER, enterprise=firms["b"], user__username="ent_b")
    n = submit(chinese, campaign, quantity=10)
    services.need_withdraw(actor=city_officer, need=n)
    assert [x.title for x in chinese.notifications.all()] == ["贵企业的口罩需求已撤回"]


def test_the_run_page_shows_the_rule_in_the_readers_language(
    english, campaign, firms, enterprise_user, city_officer, client_for
):
    english({str(views.RULE_LABELS[allocation.RULE]): "Highest class first (largest remainder)"})
    submit(enterprise_user, campaign, quantity=10)
    run = run_on(services.allocate(actor=city_officer, supply_id=campaign.supplies.get().pk))
    c = client_for(city_officer)
    url = reverse("emergency:run", args=[run.pk])
    page = c.get(url).content.decode()
    assert allocation.RULE in page and "阿拉巴马悖论" in page
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = c.get(url).content.decode()
    assert "Highest class first (largest remainder)" in page and allocation.RULE not in page
    assert "外资企业" not in page.split('data-testid="run"')[1].split("</dl>")[0]  # no class typed there
    # a rule text the code no longer has is shown as it was stored
    type(run).objects.filter(pk=run.pk).update(rule="旧规则：按比例")
    assert "旧规则：按比例" in c.get(url).content.decode()


def test_the_rule_label_is_the_rule_the_runs_store():
    """The label is looked up by the stored text: it must be that text, word for word."""
    assert set(views.RULE_LABELS) == {allocation.RULE}
    assert str(views.RULE_LABELS[allocation.RULE]) == allocation.RULE
