"""The WSGI application that the load tests (``core.httpload``: ``devzone loadtest``, ``devzone personnel_surge``)
start under gunicorn: DevZone itself, plus one bare view (``/__load__/bare/``, inserts one row) to measure the
server's floor in the same run. Used by those commands only:
``devzone serve`` and every deployment run ``devzone.wsgi``, which has no such URL."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devzone.settings")

from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
settings.ROOT_URLCONF = "devzone.core.load_urls"
