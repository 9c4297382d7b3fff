"""When the database goes away: a check that could not run is never reported as bad input (a user told
"duplicate" would not retry), and pages answer 503 "try again" instead of a 500 or a validation message."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, OperationalError, connection
from django.urls import reverse

from devzone.core import errors
from devzone.core.errors import DomainError
from devzone.core.models import Department

pytestmark = pytest.mark.django_db


def test_a_validation_that_could_not_ask_the_database_is_retryable_not_bad_input(zone_a):
    Department.objects.create(zone=zone_a, name="经济发展部")
    with pytest.raises(DomainError):  # a real duplicate, while the database answers
        errors.clean(Department(zone=zone_a, name="经济发展部"))
    # the connection drops after the first statement (the zone's check passed; the constraint's query fails,
    # and Django counts a failed constraint query as a violation)
    with connection.execute_wrapper(_drop_after(1)), pytest.raises(DatabaseError) as raised:
        errors.clean(Department(zone=zone_a, name="招商部"))
    assert not isinstance(raised.value, DomainError)


def _drop_after(n: int):
    """An execute wrapper: ``n`` statements run, every later one fails as on a lost connection."""
    ran = []

    def wrapper(execute, sql, params, many, context):
        if len(ran) >= n:
            raise OperationalError("server closed the connection unexpectedly")
        ran.append(sql)
        return execute(sql, params, many, context)

    return wrapper


def test_a_page_whose_database_is_gone_answers_503_try_again(client_for, zone_a_leader, monkeypatch):
    from devzone.core import views

    def gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    c = client_for(zone_a_leader)
    monkeypatch.setattr(views, "render", gone)
    r = c.get(reverse("core:department_list"))
    assert r.status_code == 503 and r["Retry-After"] == "5"
    assert "数据库暂时不可用" in r.content.decode()


@pytest.mark.parametrize("path", ["/core/department/", "/api/v1/core/zones"])
def test_a_connection_cut_before_the_view_answers_503_without_asking_the_database_again(
    client_for, zone_a_leader, path
):
    """The connection is gone from the first statement (a failover ended it): the session cannot even be read,
    in a middleware, before any view. Found under load (``devzone loadtest --fault drop-connections``): the
    answer was a bare 500 with an empty body, because the 500 page's context processors asked the database
    again. Now a 503 "try again", rendered without a query; the API's callers get a problem document."""
    c = client_for(zone_a_leader)
    c.raise_request_exception = False
    with connection.execute_wrapper(_drop_after(0)):
        r = c.get(path)
    assert r.status_code == 503 and r["Retry-After"] == "5"
    if path.startswith("/api/"):
        assert r["Content-Type"].startswith("application/problem+json")
        assert r.json()["status"] == 503
    else:
        assert "数据库暂时不可用" in r.content.decode()


def test_an_oversized_body_is_refused_before_it_is_read(client_for, zone_a_leader, settings):
    settings.DEVZONE_REQUEST_MAX_BYTES = 1024
    c = client_for(zone_a_leader)
    page = c.post(reverse("core:tokens"), {"name": "x" * 2000, "days_valid": 30})
    assert page.status_code == 413 and "提交的内容过大" in page.content.decode()
    api = c.post("/api/v1/core/tokens", '{"name": "' + "x" * 2000 + '"}', content_type="application/json")
    assert api.status_code == 413 and api.json()["status"] == 413
    from devzone.core.models import ApiToken

    assert not ApiToken.objects.exists()


def test_files_the_service_creates_are_its_users_only(tmp_path, settings):
    """The devzone command runs with umask 077: the SQLite database, the secret key and uploads are 0600."""
    import os
    import stat
    import subprocess
    import sys

    env = {**os.environ, "DEVZONE_VAR_DIR": str(tmp_path), "DATABASE_URL": ""}
    env.pop("DATABASE_URL")
    script = (
        "from devzone.cli import main; import sys; sys.argv=['devzone','migrate','core','0001','--noinput','-v','0'];"
        "main()"
    )
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=120)  # noqa: S603
    for name in ("devzone.sqlite3", "secret_key"):
        mode = stat.S_IMODE((tmp_path / name).stat().st_mode)
        assert mode == 0o600, (name, oct(mode))
    # an upload, whatever the process's umask
    from django.core.files.base import ContentFile
    from django.core.files.storage import FileSystemStorage

    storage = FileSystemStorage(location=tmp_path / "media")
    saved = storage.save("materials/a.pdf", ContentFile(b"%PDF-1.4"))
    assert stat.S_IMODE(os.stat(storage.path(saved)).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(tmp_path / "media" / "materials").st_mode) == 0o700


def test_the_calendar_command_on_an_empty_database_says_what_to_do(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "DEVZONE_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    script = "from devzone.cli import main; import sys; sys.argv=['devzone','calendar','add','2025-09-30','1']; main()"
    argv = [sys.executable, "-c", script]
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120)  # noqa: S603
    assert done.returncode != 0
    assert "devzone migrate" in done.stderr and "Traceback" not in done.stderr
