"""What every test shares: the named cast and the clients (``devzone.testing.cast``), the isolation
coverage record (``devzone.testing.isolation``), the worker's Chromium (``devzone.testing.browser``), hypothesis's
profile and a clean process state."""

from __future__ import annotations

import gc

import pytest
from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.core.cache import cache
from django.utils import translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from devzone.testing import liveserver

pytest_plugins = [
    "devzone.testing.isolation",
    "devzone.testing.cast",
    "devzone.testing.template_db",
    "devzone.testing.browser",
]

# No example database on disk (tests stay independent of earlier runs); no deadline, because the first
# call into chinesecalendar warms a cache and is slower than the rest.
hypothesis_settings.register_profile(
    "devzone",
    database=None,
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow],
)
hypothesis_settings.load_profile("devzone")

# Passwords stay argon2 (settings.PASSWORD_HASHERS is untouched, and core/tests/test_security.py checks it and
# the hashes), but with the smallest cost argon2 allows: at the production cost (100 MiB, 2 passes, 8 lanes) a
# hash or a login costs a quarter of a CPU second, and the suite logs in through the real form, builds the
# demo's accounts and hashes passwords a few hundred times. The cost parameters are the deployment's choice,
# not behaviour a test guards.
Argon2PasswordHasher.time_cost = 1
Argon2PasswordHasher.memory_cost = 64  # KiB, argon2's minimum for one lane is 8
Argon2PasswordHasher.parallelism = 1

# the browser tests' live server answers without Nagle's 40 ms (devzone.testing.liveserver)
liveserver.install()


def pytest_collection_finish(session):
    """The cyclic garbage collector, tuned for a test run: what exists once the tests are collected (Django, its
    apps and URLs, schemathesis's schema, the collected items) stays for the whole run, so it is frozen out of
    every later collection instead of being walked again at each one; and the youngest generation is collected
    after 50,000 allocations rather than 700, the older ones after 20 of the younger. A worker's heap is large
    (hypothesis, schemathesis, the ORM): with the defaults the collector took about a tenth of a worker's time in
    core's tests (9–11 s in ~9,000 collections), now about half that (docs/development.md). Reference counting
    still frees every object the moment it is unused; only cycles wait longer."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


@pytest.fixture(autouse=True, scope="session")
def _ballot_keys_outside_the_project(tmp_path_factory):
    """The key files of sealed boxes (ballots, survey answers; candidates' data, subscriber secrets) of a test run
    go to temporary folders, never to var/."""
    from django.conf import settings

    settings.DEVZONE_BALLOT_KEY_DIR = tmp_path_factory.mktemp("ballot_keys")
    settings.DEVZONE_DATA_KEY_DIR = tmp_path_factory.mktemp("data_keys")


@pytest.fixture(autouse=True)
def _fresh_process_state():
    """The calendar cache, the local-memory cache and the active language live in the process: start each test
    clean, so a test never sees another test's calendar or language (pytest-xdist or not)."""
    from devzone.core import workdays

    workdays._cache.update({"revision": None, "calendar": None})
    cache.clear()
    # the language a request activated stays active in its thread: each test starts in the default (zh-Hans),
    # as a service called by a job would
    translation.activate(settings.LANGUAGE_CODE)
    yield
    workdays._cache.update({"revision": None, "calendar": None})


# Every test the run collected must report (on the pytest-xdist controller, or in a run without it): a plugin
# whose items a scheduler silently drops fails the run instead of passing it. schemathesis's ``parametrize()``
# items were collected and never run under ``--dist loadgroup``, so the API contract test had not run in
# ``make test`` or CI (359 of 2,151 tests; the run said "1784 passed").
REPORTED: set[str] = set()


def pytest_runtest_logreport(report):
    REPORTED.add(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    if getattr(session.config, "workerinput", None) is not None or exitstatus != pytest.ExitCode.OK:
        return
    missing = session.testscollected - len(REPORTED)
    if missing > 0:
        session.config.get_terminal_writer().line(
            f"\n{missing} of {session.testscollected} collected tests never reported a result", red=True
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
