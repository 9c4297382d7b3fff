"""重点项目 in Debian's Chromium, the way its people use it: the agent logs a site visit with a photo and raises
a problem from it for an officer of 经济发展部 → the leader issues the weekly dispatch, where the problem
appears under its owner, and downloads the Word document → the responsible officer records progress and
resolves it → the problem is 已解决 and the project's page shows it. (Rating the service is 好差评's step,
which subscribes to ``devzone.projects.hooks.PROBLEM_RESOLVED``.)

The world (devzone/testing/projects_browser.py) is built with the ORM and committed, so the live server sees
it; everything after that happens on the real pages. Every context fails the test on console errors, uncaught
JavaScript errors or CSP violations. Screenshots go to ``screenshots/projects-*.png`` (gitignored)."""

from __future__ import annotations

from devzone.testing import browser
from devzone.testing import projects_browser as flow
from devzone.testing.browser import assert_no_trouble

# The shared live-server machinery (devzone/testing/browser.py): Chromium, one browser context per person.
chromium, person, person_class = flow.FIXTURES
world = flow.world

pytestmark = browser.MARKS


def test_a_visit_raises_a_problem_that_reaches_the_dispatch_and_is_resolved(
    world, person, chromium, tmp_path
):
    _browser, people = chromium
    flow.visit_problem_dispatch_resolve(world, person, tmp_path)
    assert_no_trouble(people)
