"""``devzone serve``'s supervisor, with real processes: a helper that dies is started again and the web server
keeps running; when the web server exits, everything stops."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

from devzone.core.supervise import Child, Supervisor

SLEEPER = [sys.executable, "-c", "import time; time.sleep(120)"]


def wait_for(condition, seconds: float = 10.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_a_dead_worker_is_restarted_and_the_web_server_keeps_running():
    web, worker = Child("web", SLEEPER), Child("worker", SLEEPER)
    sup = Supervisor(web, [worker], pause=0.1, poll=0.05)
    runner = threading.Thread(target=sup.run)
    runner.start()
    try:
        assert wait_for(lambda: worker.alive() and web.alive())
        first = worker.process.pid
        os.kill(first, signal.SIGKILL)  # the task worker is killed
        assert wait_for(lambda: worker.alive() and worker.process.pid != first)
        assert web.alive() and len(web.started) == 1  # the web server never stopped
        os.kill(worker.process.pid, signal.SIGKILL)  # killed again: restarted again, after a longer pause
        assert wait_for(lambda: len(worker.started) == 3 and worker.alive())
    finally:
        sup.stop()
        runner.join(20)
    assert not web.alive() and not worker.alive()


def test_when_the_web_server_exits_everything_stops_with_its_status():
    web = Child("web", [sys.executable, "-c", "import sys, time; time.sleep(0.3); sys.exit(3)"])
    worker = Child("worker", SLEEPER)
    assert Supervisor(web, [worker], pause=0.1, poll=0.05).run() == 3
    assert not worker.alive()
