"""The approvals API as an integrator uses it: a personal bearer token per person (created with
``token_create``), JSON bodies and multipart uploads, through Django's ``Client`` (middleware, URL routing,
the API's real authentication).

The whole path: an enterprise submits an intake, uploads its materials, the clerk accepts with the version
they read, the reviewer asks for a supplement, the enterprise uploads it, the reviewer grants, and the
certificate verifies through the public API (by code and by the PDF; a changed byte does not). Then the
refusals: a stale version is 409 with a message, an illegal move 400 in Chinese with nothing changed, and bad
input never answers 500."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devzone.approvals.choices import Status
from devzone.approvals.models import Application, ApplicationEvent, Certificate, Intake, Material
from devzone.approvals.services import applications as svc
from devzone.core.choices import Role
from devzone.testing import factories as f
from devzone.testing.approvals import JSON, PDF, ItemFactory, bearer, post_json, submit

pytestmark = pytest.mark.django_db

API = "/api/v1/approvals"
VERIFY = "/api/v1/verify"
PNG_NAMED_PDF = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64  # a PNG header and nothing an image reader can open


def upload(client, app_id: int, data: bytes = PDF, name: str = "材料.pdf", material=None):
    fields = {"file": SimpleUploadedFile(name, data, content_type="application/pdf")}
    if material is not None:
        fields["material"] = material
    return client.post(f"{API}/applications/{app_id}/materials", fields)


def state(app_id: int) -> tuple:
    app = Application.objects.get(pk=app_id)
    return (app.status, app.version, app.events.count(), app.uploads.count(), app.clock_id)


@pytest.fixture
def second_item(zone_a):
    return ItemFactory(zone=zone_a, name="建设工程规划许可", materials=[("设计方案", False, None)])


# --- the whole path -------------------------------------------------------------------------------------------
# Its steps, in order; each asserts what the integrator sees at that step and returns what the next one needs.
def submitted_intake(enterprise, project, items) -> dict:
    """The enterprise submits one intake for the items of its project (materials follow separately)."""
    response = post_json(
        enterprise,
        f"{API}/intakes",
        {
            "project": project.pk,
            "items": [i.pk for i in items],
            "applicant_name": "张经办",
            "applicant_phone": "0531-88886666",
            "construction_site": "智造新城纬三路以北",
            "construction_scale": "总建筑面积42000平方米",
        },
    )
    assert response.status_code == 201, response.content
    intake = response.json()
    assert intake["channel"] == "enterprise" and intake["project"] == project.pk
    assert len(intake["applications"]) == len(items)
    assert enterprise.get(f"{API}/intakes/{intake['id']}").json()["number"] == intake["number"]
    return intake


def materials_uploaded(enterprise, app_id: int, item) -> None:
    """Its materials, one multipart upload each, named by the required material they are."""
    for material in item.materials.all():
        response = upload(enterprise, app_id, name=f"{material.name}.pdf", material=material.pk)
        assert response.status_code == 201, response.content
        assert response.json()["status"] == Status.SUBMITTED
    assert Material.objects.filter(application_id=app_id).count() == item.materials.count()


def accepted_by_the_clerk(window, app_id: int, reviewer, item) -> dict:
    """The clerk sees it waiting for acceptance and accepts it with the version they read: the clock runs."""
    waiting = window.get(f"{API}/applications", {"queue": "true"}).json()["items"]
    assert app_id in [a["id"] for a in waiting]
    seen = window.get(f"{API}/applications/{app_id}").json()
    response = post_json(
        window, f"{API}/applications/{app_id}/accept", {"version": seen["version"], "reviewer": reviewer.pk}
    )
    assert response.status_code == 200, response.content
    accepted = response.json()
    assert accepted["status"] == Status.IN_REVIEW and accepted["reviewer"] == reviewer.pk
    assert accepted["version"] > seen["version"]
    clock = accepted["clock"]
    assert clock["colour"] == "green" and clock["due_on"] and not clock["paused"]
    assert clock["remaining_workdays"] == item.promised_limit_days
    legal = accepted["legal_clock"]  # the statutory clock beside the promised one
    assert legal["remaining_workdays"] == item.legal_limit_days and legal["due_on"] >= clock["due_on"]
    return accepted


def supplement_asked_and_supplied(desk, enterprise, app_id: int, version: int) -> dict:
    """The reviewer finds it in their queue and asks for a supplement (the clock stops); the enterprise uploads
    it (the file keeps waiting for its answer), answers, and review resumes."""
    mine = desk.get(f"{API}/applications", {"queue": "true"}).json()["items"]
    assert [a["id"] for a in mine] == [app_id]
    response = post_json(
        desk,
        f"{API}/applications/{app_id}/supplement",
        {"version": version, "missing": "请补充总平面图（加盖设计单位出图章）"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == Status.REVIEW_SUPPLEMENT
    assert response.json()["clock"]["paused"] is True
    assert response.json()["legal_clock"]["paused"] is False  # the law does not stop for a 补正

    response = upload(enterprise, app_id, name="总平面图.pdf")
    assert response.status_code == 201, response.content
    uploaded = response.json()
    assert uploaded["status"] == Status.REVIEW_SUPPLEMENT and uploaded["clock"]["paused"] is True
    response = post_json(enterprise, f"{API}/applications/{app_id}/answer", {"version": uploaded["version"]})
    assert response.status_code == 200, response.content
    resumed = response.json()
    assert resumed["status"] == Status.IN_REVIEW and resumed["supplements"] == 1
    assert resumed["clock"]["paused"] is False
    return resumed


def granted_with_a_certificate(desk, app_id: int, version: int, project) -> Certificate:
    """The reviewer grants; a certificate is issued under the zone's seal."""
    response = post_json(desk, f"{API}/applications/{app_id}/grant", {"version": version})
    assert response.status_code == 200, response.content
    granted = response.json()
    assert granted["status"] == Status.GRANTED and granted["concluded_on"]
    assert granted["elapsed_workdays"] is not None
    certificate = Certificate.objects.get(application_id=app_id)
    assert certificate.holder == project.enterprise.name
    return certificate


def verified_publicly(client, certificate: Certificate) -> None:
    """Anyone verifies it through the public API, without a token: by its code and by its PDF (a changed byte
    does not verify)."""
    by_code = client.get(f"{VERIFY}/{certificate.verify_code}")
    assert by_code.status_code == 200
    assert (by_code.json()["status"], by_code.json()["number"]) == ("valid", certificate.number)
    with certificate.pdf.open("rb") as fh:
        pdf = fh.read()
    by_file = client.post(
        VERIFY, {"file": SimpleUploadedFile("证照.pdf", pdf, content_type="application/pdf")}
    )
    assert by_file.status_code == 200
    assert (by_file.json()["status"], by_file.json()["label"]) == ("valid", "有效")
    changed = bytearray(pdf)
    changed[len(changed) // 2] ^= 0x01
    forged = client.post(VERIFY, {"file": SimpleUploadedFile("证照.pdf", bytes(changed))})
    assert forged.status_code == 200
    assert (forged.json()["status"], forged.json()["label"]) == ("invalid", "无效")


def test_an_integrator_takes_an_application_from_intake_to_a_verified_certificate(
    company_user, clerk, reviewer, project_a, item, second_item, client
):
    enterprise, window, desk = bearer(company_user), bearer(clerk), bearer(reviewer)

    intake = submitted_intake(enterprise, project_a, [item, second_item])
    app_id = Application.objects.get(intake_id=intake["id"], item=item).pk
    materials_uploaded(enterprise, app_id, item)
    accepted = accepted_by_the_clerk(window, app_id, reviewer, item)
    resumed = supplement_asked_and_supplied(desk, enterprise, app_id, accepted["version"])
    certificate = granted_with_a_certificate(desk, app_id, resumed["version"], project_a)
    verified_publicly(client, certificate)
    # 好差评 of the concluded file is the services module's (devzone/services/tests/test_api.py).

    # The history, as the domain recorded it.
    actions = list(ApplicationEvent.objects.filter(application_id=app_id).values_list("action", flat=True))
    assert actions == [
        "提交",
        "上传材料",
        "上传材料",
        "受理",
        "审查中要求补正",
        "上传补正材料",
        "审查中已补正",
        "准予许可",
    ]
    # The other item of the intake waits for the clerk, untouched.
    other = Application.objects.get(intake_id=intake["id"], item=second_item)
    assert other.status == Status.SUBMITTED


def test_a_window_clerk_submits_on_the_enterprises_behalf(clerk, project_a, item):
    window = bearer(clerk)
    payload = {
        "project": project_a.pk,
        "items": [item.pk],
        "applicant_name": "李经办",
        "applicant_phone": "13800000000",
    }
    response = post_json(window, f"{API}/intakes", payload)
    assert response.status_code == 201, response.content
    assert response.json()["channel"] == "window"
    assert response.json()["enterprise"] == project_a.enterprise_id
    [app_id] = response.json()["applications"]
    for material in item.materials.all():
        assert upload(window, app_id, material=material.pk).status_code == 201


# --- refusals -------------------------------------------------------------------------------------------------
@pytest.fixture
def submitted(company_user, project_a, item) -> Application:
    return submit(company_user, project_a, [item], on=None).applications.get()  # on today


def test_a_stale_version_is_a_409_with_a_message_and_changes_nothing(clerk, reviewer, zone_a, submitted):
    window = bearer(clerk)
    stale = submitted.version
    other_clerk = bearer(f.user_with_role(Role.WINDOW_CLERK, zone=zone_a, user__username="api_clerk2"))
    first = post_json(
        other_clerk, f"{API}/applications/{submitted.pk}/accept", {"version": stale, "reviewer": reviewer.pk}
    )
    assert first.status_code == 200
    before = state(submitted.pk)
    for op, body in [
        ("reject", {"version": stale, "reason": "材料不全"}),
        ("accept", {"version": stale, "reviewer": reviewer.pk}),
    ]:
        response = post_json(window, f"{API}/applications/{submitted.pk}/{op}", body)
        assert response.status_code == 409, response.content
        assert response.json()["title"] == "该办件刚被他人处理过，请刷新后查看最新状态"
    assert state(submitted.pk) == before
    reviewer_client = bearer(reviewer)
    response = post_json(reviewer_client, f"{API}/applications/{submitted.pk}/grant", {"version": stale})
    assert response.status_code == 409
    assert state(submitted.pk) == before


def test_a_withdrawal_on_a_stale_version_is_a_409_and_withdraws_nothing(
    company_user, clerk, reviewer, submitted
):
    """The enterprise read its file before the window accepted it: withdrawing what it saw is refused (409), the
    accepted file stays in review; at the version it now reads, the withdrawal goes through."""
    enterprise = bearer(company_user)
    seen = submitted.version
    svc.application_accept(actor=clerk, application=submitted, reviewer=reviewer)
    before = state(submitted.pk)
    response = post_json(enterprise, f"{API}/applications/{submitted.pk}/withdraw", {"version": seen})
    assert response.status_code == 409, response.content
    assert response.json()["title"] == "该办件刚被他人处理过，请刷新后查看最新状态"
    assert state(submitted.pk) == before and before[0] == Status.IN_REVIEW
    response = post_json(enterprise, f"{API}/applications/{submitted.pk}/withdraw", {"version": before[1]})
    assert response.status_code == 200 and response.json()["status"] == Status.WITHDRAWN


@pytest.mark.parametrize(
    ("who", "op", "body", "words"),
    [
        ("reviewer", "grant", {}, "不能准予许可"),
        ("reviewer", "deny", {"reason": "不符合条件"}, "不能不予许可"),
        ("reviewer", "advance", {}, "不能流转到下一环节"),
        ("reviewer", "end_special", {}, "不能结束特别程序"),
        (
            "reviewer",
            "special",
            {"kind": "expert", "notice": "专家评审", "limit_days": 10},
            "不能启动特别程序",
        ),
        ("leader", "extend", {"reason": "需现场踏勘", "days": 10}, "不能延期"),
        ("company", "materials", None, "不能补正材料"),
    ],
)
def test_an_illegal_transition_is_a_400_in_chinese_and_changes_nothing(
    clerk, reviewer, company_user, zone_a_leader, submitted, who, op, body, words
):
    """Each move from a state it does not apply to: ``end_special`` and an upload on a file in review (no
    special procedure, no supplement asked); the others on a file not yet accepted."""
    app = submitted
    if op in ("end_special", "materials"):
        app = svc.application_accept(actor=clerk, application=app, reviewer=reviewer)
    actor = {"reviewer": reviewer, "company": company_user, "leader": zone_a_leader}[who]
    c = bearer(actor)
    before = state(app.pk)
    if op == "materials":
        response = upload(c, app.pk)
    else:
        response = post_json(c, f"{API}/applications/{app.pk}/{op}", {"version": app.version, **body})
    assert response.status_code == 400, response.content
    title = response.json()["title"]
    assert words in title and "当前状态为" in title, title
    assert state(app.pk) == before


def test_a_withdrawn_application_takes_no_further_moves(company_user, clerk, reviewer, submitted):
    enterprise = bearer(company_user)
    response = post_json(
        enterprise, f"{API}/applications/{submitted.pk}/withdraw", {"version": submitted.version}
    )
    assert response.status_code == 200 and response.json()["status"] == Status.WITHDRAWN
    before = state(submitted.pk)
    accept = post_json(
        bearer(clerk),
        f"{API}/applications/{submitted.pk}/accept",
        {"version": before[1], "reviewer": reviewer.pk},
    )
    assert accept.status_code == 400 and "已撤回" in accept.json()["title"]
    assert upload(enterprise, submitted.pk).status_code == 400
    assert state(submitted.pk) == before


# --- bad input never answers 500 ------------------------------------------------------------------------------
def intake_json(project="{project}", items="[{item}]", name="张", phone="13800000000") -> str:
    """A raw intake body for the table below, the placeholders filled in by the test: only what is bad differs."""
    return f'{{"project": {project}, "items": {items}, "applicant_name": "{name}", "applicant_phone": "{phone}"}}'


@pytest.mark.parametrize(
    ("who", "path", "body", "status"),
    [
        ("clerk", "intakes", "{not json", 400),
        ("clerk", "intakes", "[1, 2, 3]", 400),  # not an object: "请求体须为JSON对象"
        ("clerk", "intakes", '{"project": "甲", "items": "all", "applicant_name": 5}', 422),
        # the schema publishes an intake's shape (a name, a phone number, at least one item): 422
        ("clerk", "intakes", intake_json(project=99999999, items="[1]", phone="1"), 422),
        ("clerk", "intakes", intake_json(items="[]"), 422),
        ("clerk", "intakes", intake_json(name=" ", phone="电话"), 422),
        # rows that do not exist or are out of reach: 400
        ("clerk", "intakes", intake_json(project=99999999, items="[1]"), 400),
        ("clerk", "intakes", intake_json(items="[99999999]"), 400),
        ("clerk", "intakes", intake_json(items="[{item}, {item}]"), 400),
        ("clerk", "applications/{app}/accept", "", 422),
        ("clerk", "applications/{app}/accept", "null", 400),
        ("clerk", "applications/{app}/accept", '{"version": "一", "reviewer": "审查甲"}', 422),
        ("clerk", "applications/{app}/accept", '{"version": {version}, "reviewer": 99999999}', 400),
        ("clerk", "applications/{app}/accept", '{"version": {version}, "reviewer": {clerk}}', 400),
        ("clerk", "applications/{app}/accept", '{"version": 1e400, "reviewer": 1}', 422),
        # a version no row holds (core.schemas.Version: its column's bounds): the schema's 422 on the field
        (
            "clerk",
            "applications/{app}/accept",
            '{"version": 99999999999999999999999, "reviewer": {reviewer}}',
            422,
        ),
        ("clerk", "applications/99999999/accept", '{"version": 1, "reviewer": 1}', 404),
        ("clerk", "applications/99999999999999999999999/accept", '{"version": 1, "reviewer": 1}', 404),
        ("clerk", "applications/{app}/reject", '{"version": {version}, "reason": "   "}', 422),
        ("clerk", "applications/{app}/supplement", '{"version": {version}, "missing": ""}', 422),
        ("clerk", "applications/{app}/nonsense", '{"version": {version}}', 404),
        ("reviewer", "applications/{app}/grant", '{"version": {version}, "valid_until": "明年"}', 422),
        (
            "reviewer",
            "applications/{app}/special",
            '{"version": {version}, "kind": "x", "notice": "n", "limit_days": "ten"}',
            422,
        ),
        ("leader", "applications/{app}/extend", '{"version": {version}, "reason": "r", "days": -3}', 422),
    ],
)
def test_bad_json_input_is_a_4xx_never_500(
    clerk, reviewer, company_user, zone_a_leader, project_a, item, submitted, who, path, body, status
):
    actor = {"clerk": clerk, "reviewer": reviewer, "company": company_user, "leader": zone_a_leader}[who]
    values = {
        "{project}": project_a.pk,
        "{item}": item.pk,
        "{app}": submitted.pk,
        "{version}": submitted.version,
        "{clerk}": clerk.pk,
        "{reviewer}": reviewer.pk,
    }
    for key, value in values.items():
        path, body = path.replace(key, str(value)), body.replace(key, str(value))
    before, intakes = state(submitted.pk), Intake.objects.count()
    response = bearer(actor).post(f"{API}/{path}", body, content_type=JSON)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith((JSON, "application/problem+json"))
    assert response.json()["title"]
    assert state(submitted.pk) == before and Intake.objects.count() == intakes


@pytest.mark.parametrize(
    ("name", "data", "material", "words"),
    [
        ("照片.pdf", PNG_NAMED_PDF, None, "已损坏或无法读取"),
        ("申请表.pdf", b"", None, None),  # empty
        ("说明.pdf", "这不是PDF".encode(), None, "不是可接受的文件类型"),
        ("半个.pdf", PDF[: len(PDF) // 2], None, "已损坏或无法读取"),
        ("申请表.pdf", PDF, "99999999", "材料不属于该事项"),
        ("申请表.pdf", PDF, "申请表", None),
    ],
)
def test_bad_uploads_are_a_4xx_and_store_nothing(company_user, submitted, name, data, material, words):
    enterprise = bearer(company_user)
    before = state(submitted.pk)
    response = upload(enterprise, submitted.pk, data=data, name=name, material=material)
    assert 400 <= response.status_code < 500, response.content
    if words:
        assert words in response.json()["title"]
    assert state(submitted.pk) == before
    assert Material.objects.filter(application=submitted).count() == 2


def test_an_upload_without_a_file_or_as_json_is_a_4xx(company_user, submitted):
    enterprise = bearer(company_user)
    before = state(submitted.pk)
    url = f"{API}/applications/{submitted.pk}/materials"
    for response in (
        enterprise.post(url, {}),
        enterprise.post(url, {"material": "1"}),
        enterprise.post(url, '{"file": "JVBERi0="}', content_type=JSON),
        enterprise.post(url, b"--x\r\nbroken", content_type="multipart/form-data; boundary=x"),
    ):
        assert 400 <= response.status_code < 500, response.content
    assert state(submitted.pk) == before


def test_a_material_of_another_item_is_refused(company_user, submitted, zone_a):
    foreign = ItemFactory(zone=zone_a).materials.first()
    response = upload(bearer(company_user), submitted.pk, material=foreign.pk)
    assert response.status_code == 400 and "材料不属于该事项" in response.json()["title"]


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
BODIES = st.dictionaries(
    st.sampled_from(
        [
            "version",
            "reviewer",
            "reason",
            "missing",
            "kind",
            "notice",
            "limit_days",
            "days",
            "valid_until",
            "level",
        ]
    ),
    JSONISH,
    max_size=4,
)


@pytest.fixture
def window(clerk):
    return bearer(clerk)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    op=st.sampled_from(["accept", "reject", "supplement", "special", "extend", "grant", "deny"]),
    body=BODIES,
)
def test_no_json_body_makes_a_transition_fail(window, submitted, op, body):
    response = window.post(f"{API}/applications/{submitted.pk}/{op}", json.dumps(body), content_type=JSON)
    assert response.status_code < 500, (op, body, response.content)
    assert response["Content-Type"].startswith((JSON, "application/problem+json"))
