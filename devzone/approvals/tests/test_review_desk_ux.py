"""The review desk as a reviewer reads it (UX review, items 2, 3, 10, 15, 16): the decision buttons say what the
click does (not the outcome the file then reads), the 要求补正 button is short with its explanation under it, a
refusal without its reason shows the error on the reason's field, step 1 of a new application shows each error
on its field, and the statutory clock's line is punctuated in the reader's language."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from devzone.approvals import wording
from devzone.approvals.choices import Status
from devzone.testing.approvals import accepted
from devzone.testing.english import catalog_has

pytestmark = pytest.mark.django_db


def _client(client_for, user, english: bool):
    c = client_for(user)
    if english:
        c.cookies["devzone_language"] = "en"
    return c


def _detail(client_for, reviewer, app, english=False) -> str:
    r = _client(client_for, reviewer, english).get(reverse("approvals:application_detail", args=[app.pk]))
    assert r.status_code == 200
    return r.content.decode()


def _deny_empty(client_for, reviewer, app, english=False):
    url = reverse("approvals:application_action", args=[app.pk, "deny"])
    return _client(client_for, reviewer, english).post(
        url, {"version": app.version, "reason": ""}, follow=True
    )


def _button_english() -> None:
    """The catalog's English of the desk's own words (the buttons by their context, apart from the outcomes)."""
    with translation.override("en"):
        assert translation.pgettext("decision button", "准予许可") == "Grant approval"
        assert translation.pgettext("decision button", "不予许可") == "Refuse approval"
    catalog_has({"不予许可理由": "Reason for refusal", "依据：%(b)s": "Basis: %(b)s"})


@pytest.fixture
def in_review(company_user, clerk, reviewer, project_a, item):
    app = accepted(company_user, clerk, reviewer, project_a, item)
    assert app.status == Status.IN_REVIEW
    return app


def test_the_desk_has_action_buttons_and_a_short_supplement_button(client_for, reviewer, in_review):
    html = _detail(client_for, reviewer, in_review)
    assert re.search(r'data-action="grant".*?<button[^>]*>准予许可</button>', html, re.S)
    assert re.search(r">不予许可理由</label>", html)
    assert "不予许可理由</label>" in html and "{{ decision }}" not in html
    assert "要求补正（承诺时限暂停，法定时限不停）" not in html
    assert re.search(r'<button[^>]*aria-describedby="supplement-hint"[^>]*>要求补正</button>', html)
    assert 'id="supplement-hint"' in html and "补正期间承诺时限暂停，法定时限继续计算" in html


def test_in_english_the_buttons_are_actions_and_the_outcome_keeps_its_words(client_for, reviewer, in_review):
    _button_english()
    html = _detail(client_for, reviewer, in_review, english=True)
    assert ">Grant approval</button>" in html and ">Refuse approval</button>" in html
    assert ">Reason for refusal</label>" in html and "Reason (" not in html
    assert ">Request supplement</button>" in html and "promised limit pauses, statutory limit" not in html
    with translation.override("en"):  # the outcome, as the status and the history read it, is not the button
        assert wording.status_label(in_review.item, Status.GRANTED) != "Grant approval"
        assert wording.move_label(in_review.item, "deny") == translation.gettext("不予许可")


def _reason_field(html: str) -> str:
    form = re.search(r'<form[^>]*/deny/"[^>]*>.*?</form>', html, re.S)
    assert form, "no refusal form on the page"
    return form.group(0)


def test_a_refusal_without_its_reason_shows_the_error_on_the_field(client_for, reviewer, in_review):
    r = _deny_empty(client_for, reviewer, in_review)
    assert r.status_code == 200
    html = r.content.decode()
    form = _reason_field(html)
    label = re.search(r'<label[^>]*for="([^"]+)"[^>]*>不予许可理由</label>', form)
    assert label, form
    textarea = re.search(rf'<textarea[^>]*id="{label.group(1)}"[^>]*>', form).group(0)
    assert "is-invalid" in textarea and 'aria-invalid="true"' in textarea
    assert re.search(r'class="invalid-feedback d-block" data-error-for="reason">这个字段是必填项。<', form)
    assert "理由：这个字段是必填项。" not in html  # no banner apart from the field
    assert html.count(f'id="{label.group(1)}"') == 1  # not the grant form's reason
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW


def test_in_english_the_error_sits_under_the_english_label(client_for, reviewer, in_review):
    _button_english()
    html = _deny_empty(client_for, reviewer, in_review, english=True).content.decode()
    form = _reason_field(html)
    assert ">Reason for refusal</label>" in form
    assert 'data-error-for="reason">This field is required.<' in form


def test_step_one_of_a_new_application_names_each_missing_field(client_for, company_user, project_a, item):
    for english, required in ((False, "这个字段是必填项。"), (True, "This field is required.")):
        c = _client(client_for, company_user, english)
        html = c.get(reverse("approvals:intake_new"), {"project": ""}).content.decode()
        assert f'data-error-for="project">{required}<' in html
        assert re.search(rf'data-error-for="items"><div>{re.escape(required)}</div>', html)
        select = re.search(r'<select name="project"[^>]*>', html).group(0)
        assert "is-invalid" in select and 'aria-invalid="true"' in select
        box = re.search(r'<input[^>]*name="items"[^>]*>', html).group(0)
        assert 'aria-invalid="true"' in box and 'aria-describedby="items-error"' in box
        assert 'class="alert alert-danger"' not in html  # the errors are on the fields, not in a list above


def test_the_statutory_clock_line_is_punctuated_in_the_readers_language(client_for, reviewer, in_review):
    basis = in_review.item.legal_limit_basis

    def line(english):
        html = _detail(client_for, reviewer, in_review, english)
        text = re.search(r"<div[^>]*data-legal-basis>(.*?)</div>", html, re.S).group(1)
        return (
            re.sub(r"\{#.*?#\}|<[^>]+>", "", text)
            .replace(basis, "")
            .replace(in_review.item.extension_basis, "")
        )

    assert "依据：" in line(False) and "；" in line(False)
    _button_english()
    english = line(True)
    assert "Basis: " in english and "; " in english
    assert "：" not in english and "；" not in english, english


def test_the_statistics_period_form_wraps_on_a_phone(client_for, zone_a_leader):
    """Two date fields, 统计 and 导出Excel on one unwrapping line made the page 561 px wide on a 390-px phone."""
    html = _client(client_for, zone_a_leader, False).get(reverse("approvals:statistics")).content.decode()
    form = re.search(r'<form method="get" class="([^"]*)"[^>]*>(.*?)</form>', html, re.S)
    assert 'name="start"' in form.group(2) and "导出Excel" in form.group(2)
    assert "flex-wrap" in form.group(1).split()
