"""The single window (一窗受理): an intake for several items, the materials, 补正 before acceptance, acceptance
(受理, 容缺受理, deemed acceptance), rejection and withdrawal.

Rule 1 of the Administrative Licensing Law kept here: the clerk lists everything missing at once within 5
working days of submission, or the file counts as accepted on the day it came (``deemed_acceptance_scan``)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.approvals.catalog.law import ARTICLE_32, pre_acceptance_days
from devzone.approvals.choices import IntakeChannel, Status, StepName
from devzone.approvals.models import Application, ApprovalItem, Intake, Material, ToleratedMaterial
from devzone.approvals.services.common import (
    OPEN,
    check,
    count_in_bucket,
    follow_deadline,
    is_zone_reviewer,
    lock,
    move,
    pause_clocks,
    release_legal_clock,
    require_reviewer,
    resume_clocks,
    stop_clocks,
    take_for_owner,
)
from devzone.core.access import reach_of
from devzone.core.actors import is_system
from devzone.core.choices import Role
from devzone.core.errors import (
    DomainError,
    PermissionDeniedError,
    clean_text,
    require,
    require_role,
    require_text,
)
from devzone.core.files import DOCUMENTS, check_upload
from devzone.core.models import Project
from devzone.core.notify import reader_day, stored
from devzone.core.sequences import next_number
from devzone.core.services import clocks
from devzone.core.templatetags.devzone import show
from devzone.core.workdays import get_calendar

UploadList = list[tuple[int | None, str, bytes]]  # (required material id or None, file name, content)


def _next_intake_number(zone_id: int, on: dt.date) -> str:
    """YC + date + zone + a four-digit serial of the day, race-free (``core.sequences``)."""
    return next_number(Intake, f"YC{on:%Y%m%d}{zone_id:03d}", key="approvals.intake", width=4)


def store_uploads(app: Application, actor, uploads: UploadList) -> list[Material]:
    """Check (``core.files``: type by content, size, readability) and store each upload of ``app``."""
    allowed = {m.pk for m in app.item.materials.all()}
    stored = []
    for material_id, name, data in uploads:
        require(
            material_id is None or material_id in allowed,
            _("材料不属于该事项：%(f)s") % {"f": name},
            "files",
        )
        checked = check_upload(name, data, kinds=DOCUMENTS, field="files")
        m = Material.of(checked, application=app, required_material_id=material_id, uploaded_by=actor)
        m.save()
        stored.append(m)
    return stored


def _channel(actor, project: Project) -> str:
    r = reach_of(actor)
    if r.role == Role.ENTERPRISE_USER:
        if project.enterprise_id != r.enterprise_id:
            raise PermissionDeniedError(_("只能为本企业的项目申报"))
        return IntakeChannel.ENTERPRISE
    if r.role == Role.WINDOW_CLERK and r.zone_id == project.zone_id:
        return IntakeChannel.WINDOW
    raise PermissionDeniedError(_("只有企业用户或窗口人员可以提交申请"))


def _intake_errors(
    project: Project, items: list[ApprovalItem], name: str, phone: str
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not items:
        errors["items"] = [_("请至少选择一个审批事项")]
    if len({i.pk for i in items}) != len(items):
        errors["items"] = [_("事项重复")]
    for item in items:
        if item.zone_id != project.zone_id or not item.is_active:
            errors.setdefault("items", []).append(_("事项“%(i)s”不可申请") % {"i": item.name})
        elif item.children.exists():
            errors.setdefault("items", []).append(
                _("“%(i)s”是主项，请选择具体的子项或办理项") % {"i": item.name}
            )
    open_same = Application.objects.filter(project=project, item__in=items, status__in=OPEN)
    for a in open_same.select_related("item"):
        errors.setdefault("items", []).append(_("“%(i)s”已有在办的申请") % {"i": a.item.name})
    if not name.strip():
        errors["applicant_name"] = [_("请填写经办人")]
    if not (phone.replace("-", "").isdigit() and 7 <= len(phone) <= 20):
        errors["applicant_phone"] = [_("请填写有效的联系电话")]
    return errors


@transaction.atomic
def intake_submit(
    *,
    actor,
    project: Project,
    items: list[ApprovalItem],
    applicant_name: str,
    applicant_phone: str,
    construction_site: str = "",
    construction_scale: str = "",
    note: str = "",
    uploads: dict[int, UploadList] | None = None,
    on: dt.date | None = None,
) -> Intake:
    """One intake (一张表单) for several items of one project; one application per item, and at most one open
    application of an item for a project (``approvals_one_open_application_per_item``)."""
    on = on or timezone.localdate()
    channel = _channel(actor, project)
    phone = applicant_phone.strip()
    # Two intakes of the project at once (a double click, the enterprise and the window clerk) take turns from
    # here, so the second sees the first's applications in the check below. ``no_key``: writes that merely
    # refer to the project (its other modules' rows) are not held up.
    Project.objects.select_for_update(no_key=True).filter(pk=project.pk).first()
    if errors := _intake_errors(project, items, applicant_name, phone):
        raise DomainError.of(errors)
    intake = Intake.objects.create(
        zone_id=project.zone_id,
        number=_next_intake_number(project.zone_id, on),
        project=project,
        enterprise_id=project.enterprise_id,
        channel=channel,
        submitted_by=actor,
        submitted_on=on,
        applicant_name=applicant_name.strip()[:30],
        applicant_phone=phone[:20],
        construction_site=construction_site[:200],
        construction_scale=construction_scale[:500],
        note=note,
    )
    for item in items:
        app = _open_application(intake, item, project, on)
        store_uploads(app, actor, (uploads or {}).get(item.pk, []))
        move(app, "submit", actor=actor, on=on)
    return intake


def _open_application(intake: Intake, item: ApprovalItem, project: Project, on: dt.date) -> Application:
    """The intake's application of ``item``. Should a file of the item have been opened for the project since
    the check (a writer that took no lock), the database's constraint refuses it: the applicant reads the
    check's own message, never a server error (in a savepoint, so the refusal is all that happens)."""
    try:
        with transaction.atomic():
            return Application.objects.create(
                zone_id=project.zone_id,
                intake=intake,
                item=item,
                project=project,
                enterprise_id=project.enterprise_id,
                submitted_on=on,
                acceptance_from=on,
            )
    except IntegrityError:
        if not Application.objects.filter(project=project, item=item, status__in=OPEN).exists():
            raise
        raise DomainError.on("items", _("“%(i)s”已有在办的申请") % {"i": item.name}) from None


# --- before acceptance --------------------------------------------------------------------------------
def missing_materials(app: Application) -> tuple[list, list]:
    """Required materials without an upload: (those that block acceptance, those 容缺 may let through)."""
    uploaded = set(app.uploads.exclude(required_material=None).values_list("required_material_id", flat=True))
    blocking, tolerable = [], []
    for m in app.item.materials.filter(required=True):
        if m.pk not in uploaded:
            (tolerable if m.tolerable else blocking).append(m)
    return blocking, tolerable


@transaction.atomic
def application_request_supplement(
    *,
    actor,
    application: Application,
    missing: str,
    expected_version: int | None = None,
    on: dt.date | None = None,
    approval_reason: str = "",
) -> Application:
    """补正: list everything missing at once (一次性告知). Before acceptance the clerk does it, once, within 5
    working days of submission (行政许可法第三十二条); in review the reviewer does it once per review step, and
    another request in the same step needs a zone leader's approval with reasons (``approval_reason``, the
    leader acting). The promised clock stops until the enterprise answers; the statutory one does not (the law
    leaves out only the time of 特别程序, 第四十五条)."""
    from devzone.approvals.models import SupplementRequest

    on = on or timezone.localdate()
    app = lock(application, actor, expected_version, "change")
    missing = require_text(missing, "missing", _("请一次性列明需要补正的全部材料"))
    during_review = app.status != Status.SUBMITTED
    if not during_review:
        require_role(actor, Role.WINDOW_CLERK, doing=_("要求补正"))
        require(
            not app.supplement_requests.filter(during_review=False).exists(),
            _("受理前的补正须一次性告知，不能再次要求补正"),
        )
        days = pre_acceptance_days()
        limit = get_calendar().add_workdays(app.submitted_on, days)
        require(
            on <= limit,
            _("已超过%(n)d个工作日的补正告知期限（%(d)s，%(b)s），依法自收到申请材料之日起即为受理")
            % {"n": days, "d": show(limit), "b": ARTICLE_32.source},
        )
    approved_by = None
    if during_review:
        check(app, "review_supplement", _("要求补正"))
        # as every other move of the review: the file's own reviewer (the first to act on one nobody was given
        # takes it, 认领), a leader
        require_reviewer(actor, app, _("要求补正"), on=on)
        earlier = app.supplement_requests.filter(during_review=True, step=app.step).exists()
        if earlier:
            require(
                reach_of(actor).role == Role.ZONE_LEADER,
                _(
                    "一次性告知：本环节（%(s)s）已要求过一次补正，应一次性告知申请人需补正的全部内容；"
                    "确需再次补正的，须经开发区领导批准并说明理由"
                )
                % {"s": app.get_step_display()},
            )
            approval_reason = require_text(
                approval_reason, "approval_reason", _("再次要求补正须写明批准理由")
            )
            approved_by = actor
        pause_clocks(app, on=on, reason=_("审查中补正"), statutory=False)
    SupplementRequest.objects.create(
        application=app,
        requested_by=actor,
        requested_on=on,
        missing=missing,
        during_review=during_review,
        step=app.step if during_review else "",
        approved_by=approved_by,
        approval_reason=approval_reason.strip() if approved_by else "",
    )
    app.supplements += 1
    name = "review_supplement" if during_review else "request_supplement"
    note = missing
    if approved_by is not None:
        note = stored(
            gettext_lazy("%(m)s（经领导批准再次补正，理由：%(r)s）"), m=missing, r=approval_reason.strip()
        )
    return move(app, name, actor=actor, on=on, note=note, fields=("supplements",))


@transaction.atomic
def application_answer_supplement(
    *, actor, application: Application, uploads: UploadList, note: str = "", on: dt.date | None = None
) -> Application:
    on = on or timezone.localdate()
    app = take_for_owner(application, actor, None, answer_move, _("补正材料"))
    require(uploads, _("请上传补正材料"), "files")
    store_uploads(app, actor, uploads)
    return supplement_answered(app, actor=actor, on=on, note=note)


def answer_move(app: Application) -> str:
    """The move that answers the open 补正: at the window, or in review."""
    return "answer_review_supplement" if app.status == Status.REVIEW_SUPPLEMENT else "answer_supplement"


def supplement_answered(app: Application, *, actor, on: dt.date, note: str) -> Application:
    """The open 补正 answered (its materials stored): before acceptance the 5 working days of 第三十二条 count
    again from the day the supplement arrives; in review the promised clock runs again."""
    app.supplement_requests.filter(answered_on__isnull=True).update(answered_on=on)
    if app.status == Status.SUPPLEMENT:
        app.acceptance_from = on
        return move(app, "answer_supplement", actor=actor, on=on, note=note, fields=("acceptance_from",))
    resume_clocks(app, on=on)
    return move(app, "answer_review_supplement", actor=actor, on=on, note=note)


@transaction.atomic
def application_add_materials(
    *, actor, application: Application, uploads: UploadList, on: dt.date | None = None
) -> Application:
    """Materials added to a file not yet accepted (the API uploads them one by one after the intake); the
    clerk's acceptance then sees them. Not a supplement: the status stays, the version moves on."""
    return add_uploads(
        application, actor, uploads, on=on, name="add_materials", what=_("上传材料"), empty=_("请上传材料")
    )


def add_uploads(
    application, actor, uploads: UploadList, *, on, name: str, what: str, empty: str
) -> Application:
    """Materials added by the applicant by ``name``, a move that leaves the state as it is (the version moves
    on); the event names the files."""
    on = on or timezone.localdate()
    app = take_for_owner(application, actor, None, name, what)
    require(uploads, empty, "files")
    stored = store_uploads(app, actor, uploads)
    return move(app, name, actor=actor, on=on, note="、".join(m.original_name for m in stored))


def prerequisites_concluded(app: Application) -> bool:
    needed = set(app.item.prerequisites.values_list("pk", flat=True))
    if not needed:
        return True
    granted = set(
        Application.objects.filter(project=app.project, item__in=needed, status=Status.GRANTED).values_list(
            "item_id", flat=True
        )
    )
    return needed <= granted


def start_statutory_clock(app: Application, *, on: dt.date) -> None:
    """The statutory limit in working days from ``on``, the day of 受理 (行政许可法第四十二条: 自受理行政许可申请
    之日起): started once, at acceptance, also for a file that waits for its prerequisite (waiting for another
    item is not a period 第四十五条 leaves out)."""
    if app.legal_clock_id is not None:
        return
    app.legal_clock = clocks.clock_start(
        zone=app.zone,
        purpose="approvals.application.legal",
        started_on=on,
        budget_workdays=app.item.legal_limit_days,
        subject=app,
    )


def open_review(app: Application, *, on: dt.date, reviewer=None) -> None:
    """Start the review and the promised clock (the zone's commitment) from ``on``, and the statutory clock
    unless it already runs from the file's acceptance (a file that waited for its prerequisite)."""
    app.clock = clocks.clock_start(
        zone=app.zone,
        purpose="approvals.application",
        started_on=on,
        budget_workdays=app.item.promised_limit_days,
        subject=app,
    )
    start_statutory_clock(app, on=on)
    app.step = StepName.REVIEW
    app.step_started_on = on
    if reviewer is not None:
        app.reviewer = reviewer
    follow_deadline(app)  # 容缺 materials: owed no later than the promised limit


def accepted_by_law_on(app: Application) -> dt.date:
    """The day a file left past its acceptance deadline counts as accepted (逾期不告知的，自收到申请材料之日起即为
    受理, 行政许可法第三十二条): the day it came, or the day an answered 补正 arrived."""
    return app.acceptance_from or app.submitted_on


def acceptance_deadline(app: Application, cal=None) -> dt.date:
    """The last day to accept, reject or ask a 补正 before the file is deemed accepted: 5 working days after
    the submission, or after the day an answered 补正 arrived (行政许可法第三十二条)."""
    cal = cal or get_calendar()
    return cal.add_workdays(accepted_by_law_on(app), pre_acceptance_days())


def accepted_by_law(app: Application, on: dt.date, cal=None) -> bool:
    """Whether a file waiting for acceptance (not for a 补正 answer) is already accepted by law on ``on``: the
    deemed-acceptance scan accepts it, a clerk's acceptance dates from the day it came, 不予受理 is too late."""
    return app.status == Status.SUBMITTED and on > acceptance_deadline(app, cal)


def _acceptance_errors(app: Application, reviewer, deemed: bool) -> tuple[list[str], list]:
    errors: list[str] = []
    # Acceptance by operation of law (逾期视为受理) happens whatever the file lacks, the project code included.
    if not deemed and not app.project.has_verified_code:
        errors.append(_("项目“%(p)s”尚无有效的投资项目代码，不能受理") % {"p": app.project.name})
    blocking, tolerable = missing_materials(app)
    if blocking and not deemed:
        errors.append(_("缺少必需材料：%(m)s") % {"m": "、".join(m.name for m in blocking)})
    if reviewer is not None and not is_zone_reviewer(reviewer, app.zone_id):
        errors.append(_("所选审批人员无效"))
    return errors, tolerable


def acceptance_refusals(app: Application) -> list[str]:
    """What 受理 would refuse now (the project's code, required materials), shown before the clerk tries."""
    return _acceptance_errors(app, None, False)[0]


@transaction.atomic
def application_accept(
    *,
    actor,
    application: Application,
    reviewer=None,
    expected_version: int | None = None,
    on: dt.date | None = None,
    deemed: bool = False,
) -> Application:
    """受理: needs the project's verified code and every required material (容缺 ones may be owed). ``deemed``
    (逾期视为受理) is the system's act in the deemed-acceptance scan, never a person's."""
    on = on or timezone.localdate()
    app = lock(application, actor, expected_version, "change")
    if deemed:
        if not is_system(actor):
            raise PermissionDeniedError(_("逾期视为受理只能由系统作出"))
    else:
        require_role(actor, Role.WINDOW_CLERK, doing=_("受理"))
    check(app, "accept", _("受理"))
    errors, tolerable = _acceptance_errors(app, reviewer, deemed)
    if errors:
        raise DomainError.of({"__all__": errors})
    # A clerk acting after the deadline records an acceptance the law has already made: it dates, as the
    # scan's, from the day the file came and is deemed (the clerk still chooses the reviewer).
    late = not deemed and accepted_by_law(app, on)
    if deemed or late:
        # 逾期不告知补正：自收到申请材料之日起即为受理 (the submission, or the day the supplement arrived)
        deadline, on = acceptance_deadline(app), accepted_by_law_on(app)
        app.deemed_accepted = True
    app.accepted_on = on
    for m in tolerable:
        ToleratedMaterial.objects.get_or_create(application=app, material=m, defaults={"due_on": on})
    if prerequisites_concluded(app):
        open_review(app, on=on, reviewer=reviewer)
        name = "deem_accepted" if deemed or late else "accept"
    else:
        # accepted (受理) now: the law's 20 days run from today; the review and the zone's promise start when
        # the prerequisite is granted (services.review opens the file)
        start_statutory_clock(app, on=on)
        app.reviewer = reviewer
        name = "accept_waiting"
    # the event's note kept in the site's language, whoever accepts (core.notify.stored)
    note = (
        stored(gettext_lazy("容缺受理：%(m)s"), m="、".join(m.name for m in tolerable)) if tolerable else ""
    )
    if late:
        # kept in the site's language, its dates as readers write them (2025年3月10日), whoever's request
        late_note = stored(
            gettext_lazy("受理期限（%(d)s）已过，依法自收到申请材料之日（%(on)s）起即为受理（%(b)s）"),
            d=reader_day(deadline),
            on=reader_day(on),
            b=ARTICLE_32.source,
        )
        note = "；".join(filter(None, [late_note, note]))
    if deemed and not app.project.has_verified_code:
        note = "；".join(filter(None, [note, stored(gettext_lazy("项目尚无有效的投资项目代码，请尽快补办"))]))
    return move(
        app,
        name,
        actor=actor,
        on=on,
        note=note,
        fields=(
            "accepted_on",
            "deemed_accepted",
            "clock",
            "legal_clock",
            "step",
            "step_started_on",
            "reviewer",
        ),
    )


@transaction.atomic
def application_reject(
    *,
    actor,
    application: Application,
    reason: str,
    expected_version: int | None = None,
    on: dt.date | None = None,
) -> Application:
    on = on or timezone.localdate()
    app = lock(application, actor, expected_version, "change")
    require_role(actor, Role.WINDOW_CLERK, doing=_("不予受理"))
    check(app, "reject", _("不予受理"))
    if accepted_by_law(app, on):
        msg = _("已过受理期限（%(d)s，%(b)s），依法自收到申请材料之日起即为受理，不能不予受理") % {
            "d": show(acceptance_deadline(app)),
            "b": ARTICLE_32.source,
        }
        raise DomainError.on("__all__", msg)
    app.decision_reason = require_text(reason, "reason", _("请写明不予受理的理由"))
    app.concluded_on = on
    return move(
        app,
        "reject",
        actor=actor,
        on=on,
        note=app.decision_reason,
        fields=("decision_reason", "concluded_on"),
    )


@transaction.atomic
def application_withdraw(
    *,
    actor,
    application: Application,
    reason: str = "",
    expected_version: int | None = None,
    on: dt.date | None = None,
):
    """撤回: the applicant withdraws an open file; its clocks stop. ``expected_version`` is the one the applicant
    saw: a file changed since (accepted, asked a 补正) is refused (409) rather than withdrawn unseen.

    撤回 is the applicant's act: the window records it only on the applicant's request, which ``reason`` then
    states (required, kept as the event's note). The enterprise is told either way. A file withdrawn after its
    statutory limit ran out still counts as late in law (``ElapsedBucket.legal_late``, ``withdrawn_late``):
    the withdrawal ends the file, not the breach."""
    on = on or timezone.localdate()
    app = take_for_owner(application, actor, expected_version, "withdraw", _("撤回申请"), _("撤回"))
    note = clean_text(reason, "note", max_length=2000)
    if reach_of(actor).role != Role.ENTERPRISE_USER:  # the window, on the applicant's behalf
        request = require_text(
            reason,
            "note",
            _("窗口代为撤回须写明申请人的撤回申请（何人、何时、以何种方式申请撤回）"),
            max_length=2000,
        )
        note = stored(gettext_lazy("窗口依申请人的撤回申请代为撤回：%(request)s"), request=request)
    release_legal_clock(app, on=on)  # a 特别程序 past its limit left out no more than its limit (第四十五条)
    stop_clocks(app, on=on)
    app.special_procedures.filter(ended_on__isnull=True).update(ended_on=on)  # its limit no longer runs
    app.concluded_on = on
    if app.legal_clock_id:
        legal = clocks.clock_state(app.legal_clock, on)
        if legal["overdue"]:
            count_in_bucket(app, on, legal["elapsed"], decided=False, legal_late=True)
    return move(app, "withdraw", actor=actor, on=on, note=note, fields=("concluded_on",))
