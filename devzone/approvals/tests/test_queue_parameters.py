"""The queue's query string: any parameter is input, never a 500; the search form keeps the others."""

import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["reviewer", "clerk", "company", "leader"])
def test_it_answers_a_parameter_named_items(client_for, side_a, who):
    """``?items=1`` once made the template's ``request.GET.items`` read the parameter instead of the method."""
    side_a.app("in_review")
    r = client_for(getattr(side_a, who)).get("/approvals/queue/", {"items": "1"})
    assert r.status_code == 200


def test_it_keeps_every_other_parameter_in_the_search_form(client_for, side_a):
    """The desk's link (``?overdue=true``) survives a search; the form's own fields and the page are not kept
    twice; a parameter given twice keeps both values."""
    side_a.app("in_review")
    r = client_for(side_a.leader).get(
        "/approvals/queue/?overdue=true&items=x&tag=a&tag=b&q=old&status=in_review&page=1"
    )
    assert r.status_code == 200
    form = re.search(r'<form method="get".*?</form>', r.content.decode(), re.S).group(0)
    hidden = re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)">', form)
    assert hidden == [("overdue", "true"), ("items", "x"), ("tag", "a"), ("tag", "b")]
