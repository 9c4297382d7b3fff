"""Pages of the agents and their site visits: the workload, the visit list, logging a visit with photos, a
photo (staff of the visit's zone only)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from devzone.core.access import can
from devzone.core.errors import DomainError
from devzone.core.files import download, too_large
from devzone.core.web import page_of, refusals, scoped_or_404, show_error
from devzone.core.zones import narrow
from devzone.projects import filters, forms, selectors
from devzone.projects import services as svc
from devzone.projects.models import SiteVisit, VisitPhoto
from devzone.projects.services.agents import MAX_PHOTOS
from devzone.projects.views_common import is_enterprise, staff_only, tracking_or_404, zone_or_403


@login_required
def agents(request):
    staff_only(request)
    zone = zone_or_403(request)
    today = timezone.localdate()
    rows = selectors.workload(user=request.user, zone_id=zone.pk, on=today)
    unassigned = (
        narrow(selectors.keyproject_list(user=request.user), request).filter(agent__isnull=True).count()
    )
    return render(request, "projects/agents.html", {"rows": rows, "unassigned": unassigned, "today": today})


@login_required
def visit_list(request):
    staff_only(request, SiteVisit)
    found = filters.VisitFilter(
        request.GET, queryset=narrow(selectors.visit_list(user=request.user), request), request=request
    )
    today = timezone.localdate()
    due = (
        narrow(selectors.keyproject_list(user=request.user), request)
        .filter(next_visit_due__lte=today + dt.timedelta(days=7))
        .order_by("next_visit_due")[:20]
    )
    page = page_of(request, found.qs.order_by("-visited_on", "-id"))
    return render(request, "projects/visit_list.html", {"page": page, "due": due, "today": today})


@login_required
@require_http_methods(["GET", "POST"])
def visit_new(request, pk):
    tracking = tracking_or_404(request, pk)
    if is_enterprise(request) or not can(request.user, "create", SiteVisit):
        raise PermissionDenied
    form = forms.VisitForm(request.POST or None, initial={"visited_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        files = request.FILES.getlist("photos")
        # A file over the limit is refused before it is read into memory.
        big = next((f for f in files if too_large(f.size, settings.DEVZONE_PHOTO_MAX_BYTES)), None)
        if big is not None:
            reason = f"{big.name} {too_large(big.size, settings.DEVZONE_PHOTO_MAX_BYTES)}"
            show_error(request, DomainError.on("photos", reason), form)
        else:
            with refusals(request, form) as outcome:
                visit = svc.visit_record(
                    actor=request.user,
                    project=tracking.project,
                    photos=[(f.name, f.read()) for f in files],
                    **form.cleaned_data,
                )
            if outcome.ok:
                messages.success(request, _("走访已登记"))
                if request.POST.get("then") == "problem":
                    return redirect(f"{reverse('projects:problem_new')}?project={pk}&visit={visit.pk}")
                return redirect(tracking.get_absolute_url())
    return render(request, "projects/visit_form.html", {"form": form, "t": tracking, "most": MAX_PHOTOS})


@login_required
def visit_photo(request, pk):
    # An enterprise is not granted the photos: 404, as for another zone's.
    photo = scoped_or_404(VisitPhoto.objects, pk, user=request.user)
    # shown inline in the visit page, as the image type its content was checked to be (never as HTML)
    return download(
        request,
        photo.image,
        filename=photo.original_name,
        content_type=photo.content_type,
        as_attachment=False,
    )
