"""Static files (``core.staticfiles``): of the npm packages only the files the pages load are found, collected and
served; a collected file is named by its content and served as immutable; a file that was not collected, or has
changed since, is named as it is and served fresh, so a stale collection never serves an old file."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import storages
from django.core.management import call_command
from django.test import Client
from django.utils.functional import empty

STATIC = re.compile(r"""{% static ['"]([^'"]+)['"] %}""")


def test_every_file_a_template_loads_is_found():
    names = set()
    for template in (Path(settings.BASE_DIR) / "devzone").rglob("templates/**/*.html"):
        names |= set(STATIC.findall(template.read_text(encoding="utf-8")))
    assert "vendor/tabler/css/tabler.min.css" in names
    assert sorted(name for name in names if not finders.find(name)) == []


def test_of_the_npm_folders_only_the_listed_files_are_found_or_collected():
    assert finders.find("vendor/echarts/echarts.min.js")
    assert not finders.find("vendor/echarts/echarts.js")
    assert finders.find("vendor/echarts/echarts.js", find_all=True) == []
    assert not finders.find("vendor/tabler/libs/tom-select/dist/css/tom-select.bootstrap5.min.css")
    listed = set()
    for finder in finders.get_finders():
        for path, storage in finder.list(None):
            prefix = getattr(storage, "prefix", None)
            listed.add(f"{prefix}/{path}" if prefix else path)
    assert {path for path in listed if path.startswith("vendor/")} == settings.VENDOR_STATIC_FILES


@pytest.fixture
def collected(tmp_path, settings):
    """A collection into a folder of the test's own (the large npm files and other apps' left out: compressing
    them is most of collectstatic's time and proves nothing more here)."""
    settings.STATIC_ROOT = tmp_path
    ignore = ["admin", "ninja", "django_otp", "echarts.min.js", "tabler.min.*"]
    call_command("collectstatic", "--noinput", "--verbosity", "0", *(f"--ignore={p}" for p in ignore))
    as_a_new_process()
    yield tmp_path
    as_a_new_process()


def as_a_new_process():
    """The storage built again, reading the manifest from the disk as a server starting does (collectstatic's
    own storage holds the names it has just made)."""
    storages._storages.pop("staticfiles", None)
    staticfiles_storage._wrapped = empty


@pytest.mark.django_db
def test_a_collected_file_is_named_by_its_content_and_served_as_immutable(collected):
    client = Client()  # its own handler: WhiteNoise indexes this collection as a starting server does
    url = staticfiles_storage.url("devzone/app.css")
    assert re.fullmatch(r"/static/devzone/app\.[0-9a-f]{12}\.css", url), url
    assert url in client.get("/accounts/login/").content.decode()
    hashed = client.get(url)
    assert hashed.status_code == 200 and "immutable" in hashed["Cache-Control"]
    assert b"".join(hashed.streaming_content) == Path(finders.find("devzone/app.css")).read_bytes()
    # what was not collected is named and served as it is, without the promise
    assert staticfiles_storage.url("vendor/echarts/echarts.min.js") == "/static/vendor/echarts/echarts.min.js"
    plain = client.get("/static/vendor/echarts/echarts.min.js")
    assert plain.status_code == 200 and "immutable" not in plain["Cache-Control"]


def test_a_file_changed_after_the_collection_is_served_as_it_is(collected):
    manifest = collected / "staticfiles.json"
    before = os.path.getmtime(finders.find("devzone/app.css")) - 60
    os.utime(manifest, (before, before))  # the source is now newer than the collection
    as_a_new_process()
    assert staticfiles_storage.url("devzone/app.css") == "/static/devzone/app.css"
