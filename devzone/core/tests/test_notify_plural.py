"""A ``Text`` (and ``stored``) carries a message with plural forms — ``ngettext_lazy``/``npgettext_lazy`` whose
number names one of its parameters — written in the form its count asks for in the reader's language (1 working
day, 3 working days), when sent and when read again in another language later; before, such a message wrote
an empty text (``str`` of a number-aware lazy message is empty)."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import ngettext_lazy, npgettext_lazy

from devzone.core import models as m
from devzone.core.choices import Role
from devzone.core.notify import Text, notify, plural_of, stored, written
from devzone.testing import factories as f

# an entry with plural forms the catalog has (approvals' clock badge)
OVERDUE = ngettext_lazy("超期%(n)s个工作日", "超期%(n)s个工作日", "n")


@pytest.mark.parametrize(
    ("n", "english", "chinese"),
    [(1, "1 working day overdue", "超期1个工作日"), (3, "3 working days overdue", "超期3个工作日")],
)
def test_a_text_writes_a_plural_message_in_the_form_its_count_asks_for(n, english, chinese):
    with translation.override("en"):
        assert str(Text(OVERDUE, n=n)) == english
    with translation.override("zh-hans"):
        assert str(Text(OVERDUE, n=n)) == chinese
    assert stored(OVERDUE, n=n) == chinese  # the site's language, whoever writes it


def test_it_keeps_what_a_plural_message_is_written_from():
    assert plural_of(OVERDUE) == {"t": "超期%(n)s个工作日", "pl": "超期%(n)s个工作日", "k": "n"}
    assert plural_of(npgettext_lazy("weekly dispatch", "剩余%(n)d天", "剩余%(n)d天", "n")) == {
        "t": "剩余%(n)d天",
        "pl": "剩余%(n)d天",
        "k": "n",
        "c": "weekly dispatch",
    }
    # a number given at once, a plain lazy text: no plural source (written in every language when sent)
    assert plural_of(ngettext_lazy("超期%(n)s个工作日", "超期%(n)s个工作日", 3)) is None
    with translation.override("en"):
        assert (
            str(Text(npgettext_lazy("weekly dispatch", "剩余%(n)d天", "剩余%(n)d天", "n"), n=2)) == "剩余2天"
        )


@pytest.mark.django_db
def test_a_notice_with_a_plural_message_reads_in_the_language_its_reader_reads_now(zone_a):
    reader = f.user_with_role(Role.AGENT, zone=zone_a, language="en")
    notify([reader], kind="projects.visit", title=Text(OVERDUE, n=3), key="plural-1")
    notice = m.Notification.objects.get(user=reader)
    assert notice.title == "3 working days overdue"
    assert notice.source == {
        "title": {"m": {"t": "超期%(n)s个工作日", "pl": "超期%(n)s个工作日", "k": "n"}, "p": {"n": 3}}
    }
    with translation.override("zh-hans"):
        assert written(notice, "title") == "超期3个工作日"
    with translation.override("en"):
        assert written(notice, "title") == "3 working days overdue"
