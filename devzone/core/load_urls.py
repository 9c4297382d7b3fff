"""DevZone's URLs plus the load tests' bare view, for ``core.load_wsgi`` only (never the site's ROOT_URLCONF)."""

import time

from django.db import connection, transaction
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from devzone.urls import handler400, handler403, handler404, handler500  # noqa: F401
from devzone.urls import urlpatterns as site

PROBE_TABLE = (
    "devzone_load_probe"  # made by core.httpload.ensure_probe_table on a bench database, not a model
)


@csrf_exempt
@require_POST
def bare(request):
    """The floor: through the same middleware, one row inserted in a transaction, no template."""
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"INSERT INTO {PROBE_TABLE} (at) VALUES (%s)", [time.time()])  # noqa: S608
    return HttpResponse("ok", status=201, content_type="text/plain")


urlpatterns = [path("__load__/bare/", bare), *site]
