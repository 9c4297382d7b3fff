"""The merge page's success message counts every kind of row the merge moved, the enterprise users' accounts
(``enterprise_accounts``, which follow their enterprise into the target zone) among them."""

import pytest
from django.contrib.messages import get_messages

from devzone.core.choices import Role
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db


def test_the_merge_message_counts_the_enterprise_accounts_moved(client_for, zone_a, zone_b, city_officer):
    for n, ent in enumerate(f.EnterpriseFactory.create_batch(2, zone=zone_b)):
        f.user_with_role(Role.ENTERPRISE_USER, enterprise=ent, user__username=f"ent_b{n}")
    f.ProjectFactory(zone=zone_b, enterprise=ent)
    resp = client_for(city_officer).post(
        "/core/zone/merge/", {"sources": [zone_b.pk], "target": zone_a.pk, "merged_on": "2019-08-01"}
    )
    assert resp.status_code == 302
    [message] = [str(m) for m in get_messages(resp.wsgi_request)]
    assert message == ("整合完成：迁入片区0个、企业2家、项目1个、企业用户账号2个，撤销部门0个"), message
