"""A task for the job-fault tests (core/tests/test_job_faults.py), run by a real ``devzone worker`` in a process of
its own: it takes a while, and records its key only when it reaches its end, so a run cut off by a killed worker
leaves no record and a finished one exactly one."""

from __future__ import annotations

import time

from django.conf import settings
from django_tasks import task

FINISHED = "finished.log"


@task()
def slow_step(key: str, seconds: float = 0.25) -> str:
    time.sleep(seconds)
    with open(settings.VAR_DIR / FINISHED, "a", encoding="utf-8") as out:
        out.write(key + "\n")
    return key
