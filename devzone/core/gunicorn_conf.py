"""gunicorn's settings for every DevZone web server: ``devzone serve``, the systemd unit and the container in
``deploy/``, and the load tests (``core.httpload``). Each passes ``--config python:devzone.core.gunicorn_conf``;
the command line adds the address, the workers and the logs.

**The application is loaded once, in the master process** (``preload_app``), with its URLs and translations
(``when_ready``), and every worker is a fork of it. A worker that dies, is killed or is recycled
(``--max-requests``) answers again at once. Without this, each new worker spent ~1.5 s of CPU importing Django,
the apps and the URL configuration (measured on this project's 2-core machine), while the others carried its
requests. Code is read when the server starts: deploy new code with a restart, not a reload (``HUP``)."""

preload_app = True


def when_ready(server):
    """In the master, after the application is loaded and before the first worker starts: import every URL module and
    the translation catalogues. This opens no database connection; ``close_all`` makes sure that no worker starts with one."""
    from django.db import connections
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().reverse_dict  # noqa: B018  (imports the URL modules and builds the reverse lookup)
    for language in ("zh-hans", "en"):
        with translation.override(language):
            translation.gettext("开发区")
    connections.close_all()
