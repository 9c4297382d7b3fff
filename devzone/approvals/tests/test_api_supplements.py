"""补正 and 容缺 through the API, where files come one a request: each upload joins the open supplement (a request
may ask for several materials), ``POST …/answer`` answers it and moves the file on, and a material accepted
missing (容缺) is supplied through ``POST …/supply``. Through Django's ``Client`` with a bearer token, as an
integrator calls it."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from devzone.approvals.choices import Status
from devzone.approvals.models import Application, SupplementRequest
from devzone.approvals.services import applications as svc
from devzone.testing.approvals import PDF, bearer, post_json, submit, tolerable_item

pytestmark = pytest.mark.django_db

API = "/api/v1/approvals"


def upload(client, app: Application, name: str, material=None, op: str = "materials"):
    fields = {"file": SimpleUploadedFile(name, PDF, content_type="application/pdf")}
    if material is not None:
        fields["material"] = material.pk
    return client.post(f"{API}/applications/{app.pk}/{op}", fields)


def answer(client, app: Application, version: int, note: str = ""):
    return post_json(client, f"{API}/applications/{app.pk}/answer", {"version": version, "note": note})


def state(app: Application) -> tuple:
    app = Application.objects.get(pk=app.pk)
    return (app.status, app.version, app.events.count(), app.uploads.count(), app.acceptance_from)


@pytest.fixture
def in_review(company_user, clerk, reviewer, project_a, item) -> Application:
    app = submit(company_user, project_a, [item], on=None).applications.get()  # today, as the API acts
    return svc.application_accept(actor=clerk, application=app, reviewer=reviewer)


def test_a_review_supplement_of_two_materials_takes_both_uploads_before_the_answer(
    company_user, reviewer, in_review, item
):
    app = svc.application_request_supplement(
        actor=reviewer, application=in_review, missing="申请表、营业执照均需重新提交盖章件"
    )
    enterprise = bearer(company_user)
    form, licence = item.materials.order_by("order")
    first = upload(enterprise, app, "申请表（盖章）.pdf", form)
    assert first.status_code == 201, first.content
    assert first.json()["status"] == Status.REVIEW_SUPPLEMENT  # still waiting: the licence is asked for too
    assert first.json()["clock"]["paused"] is True
    second = upload(enterprise, app, "营业执照（盖章）.pdf", licence)
    assert second.status_code == 201, second.content.decode()
    assert second.json()["status"] == Status.REVIEW_SUPPLEMENT

    response = answer(enterprise, app, second.json()["version"], "两份盖章件已上传")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == Status.IN_REVIEW and body["clock"]["paused"] is False
    assert body["supplements"] == 1
    assert {m.original_name for m in app.uploads.all()} >= {"申请表（盖章）.pdf", "营业执照（盖章）.pdf"}
    assert SupplementRequest.objects.get(application=app).answered_on == timezone.localdate()
    actions = list(app.events.order_by("at", "id").values_list("action", flat=True))
    assert actions[-4:] == ["审查中要求补正", "上传补正材料", "上传补正材料", "审查中已补正"]


def test_an_answer_with_nothing_uploaded_since_the_request_is_refused_and_changes_nothing(
    company_user, reviewer, in_review
):
    app = svc.application_request_supplement(actor=reviewer, application=in_review, missing="补充总平面图")
    before = state(app)
    response = answer(bearer(company_user), app, app.version)
    assert response.status_code == 400, response.content
    assert "请先上传补正材料" in response.json()["title"]
    assert state(app) == before


def test_an_answer_on_a_stale_version_is_a_409(company_user, reviewer, in_review, item):
    app = svc.application_request_supplement(actor=reviewer, application=in_review, missing="补充总平面图")
    enterprise = bearer(company_user)
    assert upload(enterprise, app, "总平面图.pdf").status_code == 201
    before = state(app)
    assert answer(enterprise, app, app.version).status_code == 409  # the version before the upload
    assert state(app) == before


def test_an_answer_without_an_open_supplement_is_refused(company_user, in_review):
    response = answer(bearer(company_user), in_review, in_review.version)
    assert response.status_code == 400 and "当前状态为" in response.json()["title"]


def test_a_supplement_before_acceptance_is_answered_the_same_way_and_restarts_the_five_days(
    company_user, clerk, project_a, item
):
    app = submit(company_user, project_a, [item], on=None, with_files=False).applications.get()
    app = svc.application_request_supplement(actor=clerk, application=app, missing="申请表、营业执照")
    enterprise = bearer(company_user)
    version = None
    for material in item.materials.order_by("order"):
        response = upload(enterprise, app, f"{material.name}.pdf", material)
        assert response.status_code == 201 and response.json()["status"] == Status.SUPPLEMENT
        version = response.json()["version"]
    response = answer(enterprise, app, version)
    assert response.status_code == 200 and response.json()["status"] == Status.SUBMITTED
    app.refresh_from_db()
    assert app.acceptance_from == timezone.localdate()
    assert svc.missing_materials(app) == ([], [])  # the clerk can accept it now


def test_a_material_accepted_missing_is_supplied_through_the_api(
    company_user, clerk, reviewer, project_a, zone_a
):
    item = tolerable_item(zone_a)
    form = item.materials.get(tolerable=False)
    only = {item.pk: [(form.pk, "申请表.pdf", PDF)]}
    app = submit(company_user, project_a, [item], on=None, uploads=only).applications.get()
    app = svc.application_accept(actor=clerk, application=app, reviewer=reviewer)
    owed = item.materials.get(tolerable=True)
    enterprise = bearer(company_user)

    before = state(app)
    refused = upload(enterprise, app, "申请表.pdf", form, op="supply")  # not owed
    assert refused.status_code == 400 and "无需补交" in refused.json()["title"]
    assert state(app) == before

    response = upload(enterprise, app, "环评批复.pdf", owed, op="supply")
    assert response.status_code == 201, response.content
    assert response.json()["status"] == Status.IN_REVIEW
    assert app.tolerated.get().supplied_on == timezone.localdate()
    assert upload(enterprise, app, "环评批复.pdf", owed, op="supply").status_code == 400  # supplied already
