import os

from django.core.wsgi import get_wsgi_application

os.umask(0o077)  # files created by the web server are the service user's only (as with the devzone command)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devzone.settings")
application = get_wsgi_application()
