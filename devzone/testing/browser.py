"""The live-server browser harness every module's ``test_browser.py`` shares: Debian's Chromium driven by
Playwright's sync API, one browser context per person (their own computer, their own session), and everything
the pages complained about — console errors, uncaught JavaScript errors, ``securitypolicyviolation`` events.

One Chromium serves all the browser tests of a pytest-xdist worker (``worker_chromium``: launching it costs about
a second); each test opens its own contexts, which share nothing (cookies, storage, cache), and closes them. A
person comes in already logged in (``Person.log_in``: the session a login leaves, in their cookie); the login page
itself is driven by the tests whose subject it is (core's test_browser, test_otp_browser, test_people_browser,
test_sso_browser).

A test module takes its marks and fixtures from here (``pytestmark = browser.MARKS``; ``chromium, person,
person_class = browser.fixtures_for("prefix")``, or ``fixtures_for(MyPerson)`` for a ``Person`` subclass with
helper methods) and defines a ``world`` fixture that commits its rows (``chromium`` depends on it, so the rows
exist before the browser starts and the browser is gone before the database is flushed); ``jibei_zone()`` is
the zone most worlds start from. Screenshots go to
``screenshots/<prefix>-<step>.png`` (gitignored) for a person to look at."""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connections
from playwright.sync_api import Browser as Chromium
from playwright.sync_api import Page, expect, sync_playwright

from devzone.core.httpload import mint_session
from devzone.testing import factories as f
from devzone.testing.otp import authenticator_for, code_of

# Debian's Chromium as its headless shell (package chromium-headless-shell), the build Playwright itself runs
# for headless tests: the same Blink and V8 without the browser's window machinery. The browser tests took
# 156 s on two workers with the full ``chromium`` (its new headless mode) and 92 s with the shell, and the
# machine's CPU for them fell from about 306 to 173 core-seconds.
CHROMIUM = "/usr/bin/chromium-headless-shell"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SCREENSHOTS = Path(settings.BASE_DIR) / "screenshots"
# Pictures are taken on request only (``make screenshots``: DEVZONE_SCREENSHOTS=1; DEVZONE_DOCS_SCREENSHOTS=1 also
# refreshes the ones the docs show): a plain test run does not spend its time drawing full pages.
TAKE_SHOTS = bool(os.environ.get("DEVZONE_SCREENSHOTS") or os.environ.get("DEVZONE_DOCS_SCREENSHOTS"))


def screenshot(page: Page, path: Path) -> None:
    """The whole page as a PNG at ``path``, when pictures are asked for (``TAKE_SHOTS``)."""
    if TAKE_SHOTS:
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=True)


# Reports the page's CSP violations to the test. Injected by Playwright through the DevTools protocol, so the
# listener itself is not subject to the page's policy (and the page's policy is not bypassed).
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__devzoneCsp({page: location.href, directive: e.violatedDirective, blocked: e.blockedURI,
                       source: e.sourceFile, line: e.lineNumber, sample: e.sample});
});
"""


@dataclass
class Person:
    """One person's browser context on the live server, with everything the pages complained about."""

    shot_prefix: ClassVar[str] = "browser"

    who: str
    page: Page
    base: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    csp_violations: list[dict] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path

    def goto(self, path: str) -> None:
        self.page.goto(self.base + path)

    def shot(self, step: str) -> None:
        screenshot(self.page, SCREENSHOTS / f"{self.shot_prefix}-{step}.png")

    def log_in(self, username: str, display_name: str) -> None:
        """Come in as ``username``, just logged in: the session the login page and the second factor leave
        (``core.httpload.mint_session``) in this context's cookie, then the home page, which greets them by
        ``display_name``. An OTP role has its authenticator, as after a login through the form, for the codes a
        test enters later. Tests of the login itself use ``submit_password`` and ``pass_second_factor``."""
        authenticator_for(username)
        key = mint_session(get_user_model().objects.get(username=username))
        self.page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": key, "url": self.base}]
        )
        self.goto("/")
        expect(self.page.locator("header.navbar")).to_contain_text(display_name)

    def submit_password(self, username: str) -> None:
        """Open the site, land on the login page and submit ``username`` with the factories' password."""
        self.goto("/")
        expect(self.page).to_have_url(re.compile(r"/accounts/login/"))
        self.page.get_by_label("用户名").fill(username)
        self.page.get_by_label("密码").fill(f.PASSWORD)
        self.page.get_by_role("button", name="登录").click()

    def pass_second_factor(self, device) -> None:
        """After the password, a user of an OTP role enters the authenticator's code (core.otp)."""
        if device is None:
            return
        expect(self.page).to_have_url(re.compile(r"/core/otp/verify/"))
        self.page.get_by_label("验证码或恢复码").fill(code_of(device))
        self.page.get_by_role("button", name="验证").click()

    def expect_message(self, text: str) -> None:
        expect(self.page.get_by_role("alert").filter(has_text=text)).to_be_visible()

    def fits(self) -> None:
        """The page needs no sideways scroll at this context's width (a 390-px phone: every page an enterprise
        or a candidate uses)."""
        width = self.page.evaluate("document.documentElement.scrollWidth")
        assert width <= self.page.evaluate("window.innerWidth"), f"{self.page.url} is {width}px wide"


# The marks of a browser test module: the live server's thread sees only committed rows (transaction=True), and
# the serialized copy puts back the tables the flush empties (content types …) for this test and the ones after.
MARKS = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def fixtures_for(people: str | type[Person]):
    """What a browser test module takes from the harness, ``chromium, person, person_class =
    browser.fixtures_for("otp")``: the people are ``Person`` (or the given subclass), and their screenshots
    ``screenshots/<prefix>-<step>.png``."""
    cls = people if isinstance(people, type) else type("Person", (Person,), {"shot_prefix": people})

    @pytest.fixture(name="person_class")
    def module_person_class() -> type[Person]:
        """The module's ``Person``."""
        return cls

    return chromium, person, module_person_class


def jibei_zone(**kwargs):
    """济南市 and its 济北经济开发区, where the browser tests' worlds live."""
    city = f.CityFactory(name="济南市", code="370100")
    return f.ZoneFactory(city=city, name="济南济北经济开发区", short_name="济北经济开发区", **kwargs)


@pytest.fixture
def person_class() -> type[Person]:
    """The ``Person`` the ``person`` factory builds; a module overrides it with its subclass."""
    return Person


class WorkerChromium:
    """The worker's Playwright and Chromium, started by the first browser test and stopped at the end of the run.

    Playwright's sync API marks its asyncio event loop as this thread's running loop after each call, so Django
    sees "an async context" and refuses ORM calls (SynchronousOnlyOperation). A browser test holds the mark
    (``enter``) and gives it up after (``leave``), so the tests between browser tests run as in a thread
    without a loop, as they did when each browser test started and stopped Playwright."""

    def __init__(self) -> None:
        self.manager = self.browser = self.loop = None

    def enter(self) -> Chromium:
        if self.browser is not None and not self.browser.is_connected():  # it crashed: a new one
            self.stop()
        if self.browser is None:
            self.manager = sync_playwright()
            self.browser = self.manager.start().chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            self.loop = asyncio.get_running_loop()  # Playwright's, marked running by the calls above
        asyncio._set_running_loop(self.loop)
        return self.browser

    def leave(self) -> None:
        """Close what the test left open and give up the loop's mark."""
        try:
            for context in self.browser.contexts:
                context.close()
        finally:
            asyncio._set_running_loop(None)

    def stop(self) -> None:
        if self.manager is not None:
            asyncio._set_running_loop(self.loop)
            try:
                if self.browser.is_connected():
                    self.browser.close()
                self.manager.__exit__()
            finally:
                asyncio._set_running_loop(None)
        self.manager = self.browser = self.loop = None


@pytest.fixture(scope="session")
def worker_chromium() -> Iterator[WorkerChromium]:
    chromium = WorkerChromium()
    try:
        yield chromium
    finally:
        chromium.stop()


@pytest.fixture
def bare_chromium(worker_chromium, monkeypatch) -> Iterator[Chromium]:
    """The worker's Chromium for one test: the contexts the test opens are closed after it."""
    # The tests make their ORM calls strictly between browser steps, never concurrently with the loop's work,
    # which is what the escape hatch is for. monkeypatch undoes it after the test, so no other test runs with it.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    browser = worker_chromium.enter()
    try:
        yield browser
    finally:
        worker_chromium.leave()


@pytest.fixture
def chromium(live_server, world, bare_chromium) -> Iterator[tuple[Chromium, list[Person]]]:
    people: list[Person] = []
    try:
        yield bare_chromium, people
    finally:
        # While Playwright's loop runs, asgiref's Local hands the ORM a connection of its own (keyed by
        # context, not by thread): close it here, in that context, or it outlives the test and PostgreSQL
        # refuses to drop the test database at the end of the run.
        connections.close_all()


@pytest.fixture
def person(chromium, live_server, person_class) -> Callable[..., Person]:
    """``person(who)`` opens a new browser context for ``who``; ``person.people`` lists them all."""
    browser, people = chromium

    def open_context(
        who: str, *, viewport: tuple[int, int] = (1366, 900), locale: str = "zh-CN", timeout: int = 30_000
    ) -> Person:
        context = browser.new_context(
            viewport={"width": viewport[0], "height": viewport[1]},
            locale=locale,
            accept_downloads=True,
            reduced_motion="reduce",
        )
        context.set_default_timeout(timeout)
        p = person_class(who=who, page=context.new_page(), base=live_server.url)
        context.expose_binding("__devzoneCsp", lambda _source, info: p.csp_violations.append(info))
        context.add_init_script(CSP_LISTENER)
        p.page.on("console", lambda msg: p.console_errors.append(msg.text) if msg.type == "error" else None)
        p.page.on("pageerror", lambda exc: p.page_errors.append(str(exc)))
        people.append(p)
        return p

    open_context.people = people
    return open_context


def assert_no_trouble(people: list[Person]) -> None:
    for p in people:
        assert not p.csp_violations, f"{p.who}: pages broke the Content-Security-Policy: {p.csp_violations}"
        assert not p.page_errors, f"{p.who}: uncaught JavaScript errors: {p.page_errors}"
        assert not p.console_errors, f"{p.who}: console errors: {p.console_errors}"


# axe-core (npm, a development package: never served) checks a page against WCAG 2.1 AA, the level GB/T 37668
# asks of government sites. It is evaluated through the DevTools protocol, so the page's CSP is neither weakened
# nor bypassed for the page's own scripts.
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def accessibility_violations(page: Page, *, seen: set[str] | None = None) -> list[dict]:
    """axe-core's WCAG 2.1 AA violations on the page as it is now: ``[{id, impact, help, nodes: [selector…]}]``.

    With ``seen`` (a set the caller keeps across pages), a page whose every part (``layout_of``) is already in it
    is not checked again and answers ``[]``: a walk that opens the same list for nine roles checks the list once
    per different markup and each role's menu once, not nine times each (axe is most of such a walk's time)."""
    if seen is not None:
        parts = layout_of(page)
        if seen.issuperset(parts):
            return []
        seen.update(parts)
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    # Only the violations cross the DevTools protocol (axe's passes and inapplicable rules, with every node they
    # looked at, are most of its result and are not read); ``resultTypes`` spares axe collecting them too.
    return page.evaluate(AXE_RUN, AXE_TAGS)


AXE_RUN = """(tags) => axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
  .then((r) => r.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => (Array.isArray(n.target) ? n.target.join(" ") : n.target)),
  })))"""


def layout_of(page: Page) -> list[str]:
    """The layout of each part of the page (each outermost ``header``, ``nav``, ``main``, ``footer`` and dialog,
    and the frame around them), its markup without its words: every element with its tag, id, classes, role, the
    names of its attributes and whether it holds text of its own. Two parts with the same layout differ only in
    text and attribute values, which axe's WCAG rules read only to find them missing (an empty name or label), and
    emptiness is part of the layout. Which menu item is the current one (``active``, ``aria-current``) is left
    out, so a role's menu bar is one layout on all its pages."""
    return page.evaluate(LAYOUT)


LAYOUT = """() => {
  const landmarks = "header, nav, main, footer, [role=dialog]";
  const parts = Array.from(document.querySelectorAll(landmarks)).filter((e) => !e.parentElement.closest(landmarks));
  const describe = (e) => [
    e.tagName, e.id, e.className && e.className.baseVal === undefined ? e.className.replace(/\\bactive\\b/, "") : "",
    e.getAttribute("role") || "",
    Array.from(e.attributes, (a) => a.name === "aria-current" ? "" : a.name + (a.value.trim() ? "" : "=")).sort().join(" "),
    Array.from(e.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim()) ? "t" : "",
  ].join("|");
  const frame = Array.from(document.body.querySelectorAll("*"))
    .filter((e) => !parts.some((part) => part.contains(e) && part !== e)).map(describe);
  return [frame.join("\\n"), ...parts.map((part) => [part, ...part.querySelectorAll("*")].map(describe).join("\\n"))];
}"""
