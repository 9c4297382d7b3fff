"""The WSGI application that ``devzone personnel_surge`` starts under gunicorn: DevZone itself, plus one bare view
(``/__surge__/bare/``, inserts one row) to measure the server's floor in the same run. Used by that command only:
``devzone serve`` and every deployment run ``devzone.wsgi``, which has no such URL."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devzone.settings")

from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
settings.ROOT_URLCONF = "devzone.personnel.surge_urls"
