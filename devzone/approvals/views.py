"""Pages of the single window (一窗受理), the review desk and the enterprise portal. Thin: reads come from
selectors, every move from the services, which check the actor and the state."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from devzone.approvals import forms, selectors
from devzone.approvals.choices import OPEN_STATUSES, Stage, Status
from devzone.approvals.models import Application, Intake, Material
from devzone.approvals.services import applications as svc
from devzone.core.access import can, reach_of
from devzone.core.choices import Role
from devzone.core.errors import DomainError, PermissionDeniedError
from devzone.core.models import Project
from devzone.core.zones import narrow

STAGE_ORDER = {stage: n for n, stage in enumerate(Stage.values)}


def _uploads(request, prefix: str) -> list[tuple[int | None, str, bytes]]:
    """Files posted as ``<prefix><material id>`` or ``<prefix>other``: (material id, name, content)."""
    out = []
    for key, files in request.FILES.lists():
        if not key.startswith(prefix):
            continue
        tail = key[len(prefix) :]
        material_id = int(tail) if tail.isdigit() else None
        for f in files:
            if f.size > 20 * 1024 * 1024:
                raise DomainError(_("%(f)s 超过20MB") % {"f": f.name})
            out.append((material_id, f.name, f.read()))
    return out


def _error(request, e: DomainError) -> None:
    msgs = [m for ms in e.errors.values() for m in ms] if e.errors else [e.message]
    for m in dict.fromkeys(msgs):
        messages.error(request, m)


# --- intakes -------------------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def intake_new(request):
    r = reach_of(request.user)
    if r.role not in (Role.ENTERPRISE_USER, Role.WINDOW_CLERK):
        raise PermissionDenied
    projects = narrow(Project.objects.for_user(request.user), request).select_related("enterprise")
    zone_id = r.zone_id
    # grouped by stage in the order of the process (立项用地规划许可 first), not the stored codes' alphabet
    items = sorted(
        selectors.items_for_intake(user=request.user, zone_id=zone_id),
        key=lambda i: (STAGE_ORDER.get(i.stage, len(STAGE_ORDER)), i.code),
    )
    choose = forms.ChooseForm(request.GET or None, projects=projects, items=items)
    if not (request.GET and choose.is_valid()):
        return render(request, "approvals/intake_choose.html", {"form": choose, "items": items})
    chosen_ids = {int(i) for i in choose.cleaned_data["items"]}
    chosen = [i for i in items if i.pk in chosen_ids]
    project = choose.cleaned_data["project"]
    form = forms.IntakeForm(
        request.POST or None,
        initial={
            "applicant_name": getattr(request.user.profile, "display_name", ""),
            "applicant_phone": project.enterprise.contact_phone,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            uploads = {i.pk: _uploads(request, f"f_{i.pk}_") for i in chosen}
            intake = svc.intake_submit(
                actor=request.user, project=project, items=chosen, uploads=uploads, **form.cleaned_data
            )
        except DomainError as e:
            _error(request, e)
        else:
            messages.success(request, _("已提交，受理编号 %(n)s") % {"n": intake.number})
            return redirect(intake.get_absolute_url())
    return render(
        request,
        "approvals/intake_form.html",
        {"form": form, "project": project, "chosen": chosen, "query": request.GET.urlencode()},
    )


@login_required
def intake_list(request):
    if not can(request.user, "view", Intake):
        raise PermissionDenied
    qs = narrow(selectors.intake_list(user=request.user), request)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "approvals/intake_list.html",
        {
            "page": page,
            "can_submit": reach_of(request.user).role in (Role.ENTERPRISE_USER, Role.WINDOW_CLERK),
        },
    )


@login_required
def intake_detail(request, pk):
    intake = get_object_or_404(
        Intake.objects.for_user(request.user).select_related("project", "enterprise"), pk=pk
    )
    apps = selectors.application_list(user=request.user).filter(intake=intake).order_by("id")
    today = timezone.localdate()
    rows = []
    for app, reading in selectors.with_readings(apps, today):
        blocking, tolerable = svc.missing_materials(app)
        rows.append(
            {
                "app": app,
                "reading": reading,
                "blocking": blocking,
                "tolerable": tolerable,
                # one set of forms per application on the page: ids of their own, for the labels
                "accept": forms.AcceptForm(
                    zone_id=app.zone_id, initial={"version": app.version}, auto_id=f"id_{app.pk}_%s"
                ),
                "reject": forms.ReasonForm(initial={"version": app.version}, auto_id=f"id_{app.pk}_%s"),
                "supplement": forms.SupplementForm(
                    initial={"version": app.version}, auto_id=f"id_{app.pk}_%s"
                ),
            }
        )
    return render(
        request,
        "approvals/intake_detail.html",
        {
            "intake": intake,
            "rows": rows,
            "role": reach_of(request.user).role,
        },
    )


# --- applications ---------------------------------------------------------------------------------------
@login_required
def queue(request):
    """The work list: a reviewer's own files by due date, a clerk's files to accept, a leader's open files."""
    if not can(request.user, "view", Application):
        raise PermissionDenied
    qs = narrow(selectors.application_queue(user=request.user), request)
    status = request.GET.get("status")
    if status in Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    rows = selectors.with_readings(page.object_list, timezone.localdate())
    return render(
        request,
        "approvals/queue.html",
        {
            "page": page,
            "rows": rows,
            "statuses": Status.choices,
            "status": status,
            "role": reach_of(request.user).role,
        },
    )


@login_required
def application_detail(request, pk):
    app = get_object_or_404(selectors.application_list(user=request.user), pk=pk)
    today = timezone.localdate()
    [(app, reading)] = selectors.with_readings([app], today)
    r = reach_of(request.user)
    v = {"version": app.version}
    ctx = {
        "app": app,
        "reading": reading,
        "role": r.role,
        "events": app.events.all(),
        "uploads": app.uploads.select_related("required_material"),
        "materials": app.item.materials.all(),
        "tolerated": app.tolerated.select_related("material"),
        "supplements": app.supplement_requests.all(),
        "specials": app.special_procedures.all(),
        "certificate": getattr(app, "certificate", None),
        "post_check": getattr(app, "post_check", None),
        "rating": getattr(app, "rating", None),
        "open": app.status in OPEN_STATUSES,
        "forms": {
            "supplement": forms.SupplementForm(initial=v),
            "special": forms.SpecialForm(initial=v),
            "extend": forms.ExtendForm(initial=v),
            "grant": forms.GrantForm(initial=v),
            "deny": forms.ReasonForm(initial=v),
            "version": forms.VersionedForm(initial=v),
            "upload": forms.UploadForm(),
            "postcheck": forms.PostCheckForm(),
        },
    }
    return render(request, "approvals/application_detail.html", ctx)


def _do(action: str, request, app: Application, data: dict):
    actor = request.user
    version = data.get("version")
    if action == "accept":
        return svc.application_accept(
            actor=actor, application=app, reviewer=data["reviewer"], expected_version=version
        )
    if action == "reject":
        return svc.application_reject(
            actor=actor, application=app, reason=data["reason"], expected_version=version
        )
    if action == "supplement":
        return svc.application_request_supplement(
            actor=actor, application=app, missing=data["missing"], expected_version=version
        )
    if action == "answer":
        return svc.application_answer_supplement(
            actor=actor, application=app, uploads=_uploads(request, "f_"), note=data.get("note", "")
        )
    if action == "special":
        return svc.application_start_special(
            actor=actor,
            application=app,
            kind=data["kind"],
            notice=data["notice"],
            limit_days=data["limit_days"],
            expected_version=version,
        )
    if action == "end_special":
        return svc.application_end_special(actor=actor, application=app, expected_version=version)
    if action == "extend":
        return svc.application_extend(
            actor=actor, application=app, reason=data["reason"], days=data["days"], expected_version=version
        )
    if action == "advance":
        return svc.application_advance_step(actor=actor, application=app, expected_version=version)
    if action == "grant":
        return svc.application_grant(
            actor=actor,
            application=app,
            on_commitment=data["on_commitment"],
            valid_until=data["valid_until"],
            reason=data["reason"],
            expected_version=version,
        )
    if action == "deny":
        return svc.application_deny(
            actor=actor, application=app, reason=data["reason"], expected_version=version
        )
    if action == "withdraw":
        return svc.application_withdraw(actor=actor, application=app, reason=data.get("note", ""))
    if action == "supply":
        files = _uploads(request, "f_")
        if len(files) != 1 or files[0][0] is None:
            raise DomainError(_("请选择要补交的容缺材料文件"))
        material_id, name, content = files[0]
        return svc.tolerated_supply(
            actor=actor, application=app, material_id=material_id, name=name, data=content
        )
    if action == "postcheck":
        return svc.post_check_record(
            actor=actor, application=app, conforms=data["conforms"], finding=data["finding"]
        )
    raise Http404


ACTION_FORMS = {
    "accept": forms.AcceptForm,
    "reject": forms.ReasonForm,
    "supplement": forms.SupplementForm,
    "answer": forms.UploadForm,
    "special": forms.SpecialForm,
    "end_special": forms.VersionedForm,
    "extend": forms.ExtendForm,
    "advance": forms.VersionedForm,
    "grant": forms.GrantForm,
    "deny": forms.ReasonForm,
    "withdraw": forms.UploadForm,
    "supply": forms.UploadForm,
    "postcheck": forms.PostCheckForm,
}
DONE = {
    "accept": gettext_lazy("已受理"),
    "reject": gettext_lazy("已不予受理"),
    "supplement": gettext_lazy("已一次性告知补正"),
    "answer": gettext_lazy("已提交补正材料"),
    "special": gettext_lazy("已启动特别程序，时限暂停"),
    "end_special": gettext_lazy("特别程序结束，时限恢复"),
    "extend": gettext_lazy("已批准延期"),
    "advance": gettext_lazy("已流转到下一环节"),
    "grant": gettext_lazy("已准予许可，电子证照已签发"),
    "deny": gettext_lazy("已作出不予许可决定"),
    "withdraw": gettext_lazy("已撤回"),
    "supply": gettext_lazy("已补交容缺材料"),
    "postcheck": gettext_lazy("已登记核查结果"),
}


@login_required
@require_POST
def application_action(request, pk, action):
    if action not in ACTION_FORMS:
        raise Http404
    app = get_object_or_404(Application.objects.for_user(request.user), pk=pk)
    form_class = ACTION_FORMS[action]
    form = (
        form_class(request.POST, zone_id=app.zone_id)
        if form_class is forms.AcceptForm
        else form_class(request.POST)
    )
    back = request.POST.get("next") or app.get_absolute_url()
    if not back.startswith("/") or back.startswith("//"):
        back = app.get_absolute_url()
    if not form.is_valid():
        for field, errs in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for e in errs:
                messages.error(request, f"{label}：{e}" if label else e)
        return redirect(back)
    try:
        _do(action, request, app, form.cleaned_data)
    except PermissionDeniedError as e:  # in reach without the right: 403, as everywhere else
        raise PermissionDenied(e.message) from e
    except DomainError as e:
        _error(request, e)
    else:
        messages.success(request, DONE[action])
    return redirect(back)


@login_required
def material_download(request, pk):
    m = get_object_or_404(Material.objects.select_related("application"), pk=pk)
    if not Application.objects.for_user(request.user).filter(pk=m.application_id).exists():
        raise Http404
    return FileResponse(
        m.file.open("rb"), as_attachment=True, filename=m.original_name, content_type=m.content_type
    )


@login_required
def home(request):
    """大审批's front door: each role lands on its own work."""
    role = reach_of(request.user).role
    if role == Role.ENTERPRISE_USER:
        return redirect("approvals:intake_list")
    if not can(request.user, "view", Application):
        raise PermissionDenied
    return redirect("approvals:queue")
