"""One firm, one lead, from the officer's side: the lead page suggests the leads that may be the same firm under
another name (place names aside, or the same phone), finds others by name or credit code, merges them, and an
old link to the merged lead leads to the one it lives on in."""

import pytest
from django.urls import reverse

from devzone.investment import dedupe
from devzone.investment.models import FunnelCell, Lead, LeadLog
from devzone.testing import factories as f
from devzone.testing.investment import new_lead

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "a,b",
    [
        ("上海瑞丰机械有限公司", "瑞丰机械（上海）有限公司"),
        ("深圳市汇智电子科技有限公司", "汇智电子科技（深圳）股份有限公司"),
        ("山东济南鼎盛食品有限公司", "鼎盛食品集团有限公司"),
    ],
)
def test_names_of_one_firm_share_their_stem(a, b):
    sa, sb = dedupe.name_stem(a), dedupe.name_stem(b)
    assert sa in dedupe.name_key(b) or sb in dedupe.name_key(a)


def test_the_lead_page_suggests_the_same_firm_and_merges_it(client_for, officer, team_a):
    keep = new_lead(officer, team_a, name="上海瑞丰机械有限公司", industry="34")
    dup = new_lead(
        officer, team_a, name="瑞丰机械（上海）有限公司", industry="34", credit_code=f.credit_code_for(55)
    )
    unrelated = new_lead(officer, team_a, name="杭州远航食品有限公司")
    c = client_for(officer)
    r = c.get(reverse("investment:lead_detail", args=[keep.pk]))
    options = [o for o, _label in r.context["forms"]["merge"].fields["other"].choices if o]
    assert [o.value for o in options] == [dup.pk]  # the suggestion, not every lead of the zone
    assert unrelated.company_name not in r.content.decode().split("合并重复线索")[1]
    r = c.get(reverse("investment:lead_detail", args=[keep.pk]), {"merge_q": unrelated.credit_code or "远航"})
    assert [o.value for o, _l in r.context["forms"]["merge"].fields["other"].choices if o] == [unrelated.pk]
    r = c.post(reverse("investment:lead_action", args=[keep.pk, "merge"]), {"other": dup.pk}, follow=True)
    assert "已合并线索" in r.content.decode()
    keep.refresh_from_db()
    dup.refresh_from_db()
    assert dup.merged_into_id == keep.pk and keep.credit_code == dup.credit_code
    assert LeadLog.objects.filter(lead=keep, kind="merge").exists()
    assert sum(FunnelCell.objects.filter(zone_id=keep.zone_id).values_list("leads", flat=True)) == 2
    r = c.get(reverse("investment:lead_detail", args=[dup.pk]), follow=True)  # an old link
    assert r.redirect_chain and r.context["lead"].pk == keep.pk
    assert "该线索已合并" in r.content.decode()
    assert not Lead.objects.filter(pk=keep.pk, merged_into__isnull=False).exists()


def test_no_suggestion_says_so(client_for, officer, team_a):
    lead = new_lead(officer, team_a, name="独一无二食品有限公司")
    html = client_for(officer).get(reverse("investment:lead_detail", args=[lead.pk])).content.decode()
    assert "未发现疑似重复的线索" in html
