"""The follow-up of a bad rating, as the person rated reads it (docs/services.md, Confidentiality): its call-back
record (回访记录) is the handler's note of what the enterprise said, and names it as often as not; the enterprise's
comment on the rectification is its own words. Both were shown to the person rated (page) and the comment given
to them in the API. They read the outcome — the status, the call-back's day and lateness, the level of the
rectification — and nothing of the enterprise (nor the rectification itself: test_rating_words_secrecy.py); who may know the enterprise reads all of it. The test
failed before its fix."""

from __future__ import annotations

import pytest

from devzone.services.services import followups as follow_svc

pytestmark = pytest.mark.django_db
API = "/api/v1/services"
NOTE = "甲侧食品王经理表示认可，感谢综合服务部"
COMMENT = "我们王经理很满意这次整改"


def _rated_and_followed_up(side):
    rating = side.rating(1, "故意刁难", "三号车间用电增容")
    follow = side.call_back(rating, "已重新协调供电公司", "王经理 13900000000", NOTE)
    follow = follow_svc.followup_rate(actor=side.company, follow_up=follow, level=4, comment=COMMENT)
    return rating, follow


@pytest.mark.parametrize("who", ["officer", "clerk"])  # the person rated; staff who may not know the rater
def test_the_follow_up_gives_who_may_not_know_the_enterprise_its_outcome_only(client_for, side_a, who):
    _rating, follow = _rated_and_followed_up(side_a)
    c = client_for(getattr(side_a, who))
    page = c.get(follow.get_absolute_url()).content.decode()
    assert NOTE not in page and COMMENT not in page and "13900000000" not in page
    assert side_a.enterprise.name not in page
    # the outcome: that it was rectified, how the enterprise rated it; not the rectification itself, the
    # department's account of the enterprise's case (test_rating_words_secrecy.py)
    assert "已重新协调供电公司" not in page and "data-rectification" in page and "data-result" in page
    one = c.get(f"{API}/followups/{follow.pk}").json()
    assert one["result_comment"] is None and one["result_level"] == 4 and one["status"] == "closed"
    assert one["rectification"] is None
    assert [f["result_comment"] for f in c.get(f"{API}/followups").json()["items"]] == [None]
    assert NOTE not in str(one) and COMMENT not in c.get(f"{API}/followups").content.decode()
    for url in (f"{API}/ratings", f"{API}/requests"):  # nor anywhere else the rated person reads
        assert NOTE not in c.get(url).content.decode() and COMMENT not in c.get(url).content.decode()


@pytest.mark.parametrize("who", ["head", "leader", "company"])  # the handler; a leader; the enterprise itself
def test_who_may_know_the_enterprise_reads_the_whole_follow_up(client_for, side_a, who):
    _rating, follow = _rated_and_followed_up(side_a)
    c = client_for(getattr(side_a, who))
    page = c.get(follow.get_absolute_url()).content.decode()
    assert NOTE in page and COMMENT in page and "已重新协调供电公司" in page
    assert c.get(f"{API}/followups/{follow.pk}").json()["result_comment"] == COMMENT
