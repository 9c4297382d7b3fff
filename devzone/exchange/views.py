"""数据交换's pages, for the city's system administrator: the subscribers with their counts, a subscriber's
settings and delivery log (filters, pager, each attempt), the dead letters, replay."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from devzone.core.access import can, require_right
from devzone.core.forms import VersionedForm, style
from devzone.core.web import form_errors, page_of, refusals, row_post, scoped_or_404
from devzone.exchange import filters, forms, selectors, services, signing
from devzone.exchange.catalog import KINDS
from devzone.exchange.models import Attempt, Delivery, DeliveryStatus, Subscriber


@login_required
def home(request):
    require_right(request.user, "view", Subscriber)
    return render(
        request,
        "exchange/home.html",
        {
            "subscribers": selectors.subscribers(request.user),
            "may_create": can(request.user, "create", Subscriber),
        },
    )


# The pages showing a new or rotated signing secret are never kept by the browser or a proxy (``never_cache``:
# Cache-Control no-store, private, as core's second-factor pages): Back would show it to the next person.
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def subscriber_new(request):
    require_right(request.user, "create", Subscriber)
    form = forms.SubscriberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("active", "version")}
        with refusals(request, form) as outcome:
            sub, secret = services.subscriber_create(actor=request.user, **data)
        if outcome.ok:
            return render(request, "exchange/secret.html", {"sub": sub, "secret": secret})
    return render(request, "exchange/subscriber_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def subscriber_detail(request, pk):
    sub = scoped_or_404(Subscriber.objects, pk, user=request.user)
    may_change = can(request.user, "change", sub)
    initial = {
        "name": sub.name,
        "url": sub.shown_url,  # a credential stored before it was refused is not shown, and must be replaced
        "kinds": sub.kinds,
        "active": sub.active,
        "version": sub.version,
    }
    form = forms.SubscriberForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        if form.is_valid():
            with refusals(request, form) as outcome:
                services.subscriber_update(actor=request.user, subscriber=sub, **form.cleaned_data)
            if outcome.ok:
                messages.success(request, _("已保存"))
                return redirect(sub.get_absolute_url())
    log = selectors.delivery_log(request.user, sub)
    fs = filters.DeliveryFilter(request.GET or None, queryset=log, request=request)
    style(fs.form)
    shown = fs.qs if fs.is_bound and fs.is_valid() else log
    page = page_of(request, shown)
    attempts: dict[int, list] = {}
    for a in (
        Attempt.objects.for_user(request.user).filter(delivery__in=[d.pk for d in page]).order_by("at", "pk")
    ):
        attempts.setdefault(a.delivery_id, []).append(a)
    for d in page:  # each row with its attempts, the kind's name, and whether it may be sent again
        d.attempt_log, d.kind_label = attempts.get(d.pk, []), KINDS.get(d.kind, d.kind)
        d.replayable = d.status != DeliveryStatus.PENDING and sub.wants(d.kind)
    return render(
        request,
        "exchange/subscriber_detail.html",
        {
            "sub": sub,
            "form": form,
            "may_change": may_change,
            "filter": fs,
            "page": page,
        },
    )


@never_cache
@row_post(Subscriber, "change")
def subscriber_rotate(request, sub):
    form = VersionedForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect(sub.get_absolute_url())
    with refusals(request) as outcome:
        sub, secret = services.subscriber_rotate_secret(
            actor=request.user, subscriber=sub, version=form.cleaned_data["version"] or None
        )
    if outcome.ok:
        return render(request, "exchange/secret.html", {"sub": sub, "secret": secret})
    return redirect(sub.get_absolute_url())


@row_post(Delivery, "change")
def delivery_replay(request, delivery):
    with refusals(request) as outcome:
        services.delivery_replay(actor=request.user, delivery=delivery)
    if outcome.ok:
        messages.success(request, _("已重新排入投递"))
    return redirect(delivery.subscriber.get_absolute_url() + "?status=pending")


@csrf_exempt
@require_POST
def sandbox(request, pk):
    """A receiver to try the connection with (``DEVZONE_EXCHANGE_SANDBOX=1``, set by ``make demo``): it checks the
    signature with the subscriber's secret, the timestamp's freshness and that the unsigned ``Idempotency-Key`` and
    ``X-DevZone-Event`` headers are the signed body's ``id`` and ``kind`` (``signing.verify_delivery``, as a
    receiver should) and answers 204, or 401 — and keeps nothing. Off (404) otherwise."""
    if not settings.DEVZONE_EXCHANGE_SANDBOX:
        raise Http404
    secret = selectors.receiver_secret(pk)
    if secret is None:
        raise Http404
    taken = signing.verify_delivery(secret, request.headers, request.body, now=time.time())
    return HttpResponse(status=204 if taken else 401)
