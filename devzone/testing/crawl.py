"""A bounded crawler over the site as one person sees it (Django's test client, no browser): the pages their
links reach from the home page, the forms on those pages with their fields, and hostile values to send them
(core/tests/test_demo_city.py walks the demo city with it)."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, resolve

# Never followed: leaving (logout), other languages and zones (set by POST anyway), downloads (files, not
# pages), the admin (Django's own), the API (fuzzed from its schema by test_api_fuzz) and static files.
SKIPPED_PREFIXES = ("/accounts/logout", "/i18n/", "/admin/", "/api/", "/static/", "/media/", "/__load__/")
SKIPPED_SUFFIXES = (".xlsx", ".pdf", ".docx", ".zip", ".png", ".svg", ".csv", ".json", ".ofd")


@dataclass
class Field:
    name: str
    kind: str  # the input's type ("text", "number", "date", "file", "checkbox", …), "select" or "textarea"
    options: list[str] = field(default_factory=list)
    value: str = ""


@dataclass
class Form:
    page: str  # the path of the page the form is on
    action: str  # the path it is sent to
    method: str  # "get" or "post"
    fields: list[Field] = field(default_factory=list)

    @property
    def key(self) -> tuple:
        """Forms with the same target pattern, method and fields are the same form (a row's page per row)."""
        return (route_of(self.action), self.method, tuple(sorted(f.name for f in self.fields)))


def route_of(path: str) -> str:
    try:
        match = resolve(path)
    except Resolver404:
        return path
    return f"{match.namespace}:{match.url_name}" if match.namespace else str(match.url_name)


class _Parser(HTMLParser):
    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            action = urljoin(self.page, a.get("action") or self.page)
            self._form = Form(self.page, action, (a.get("method") or "get").lower())
            self.forms.append(self._form)
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input" and a.get("type", "text") not in ("submit", "button", "reset", "image"):
            self._form.fields.append(Field(a["name"], a.get("type", "text"), value=a.get("value", "")))
        elif tag == "select":
            self._select = Field(a["name"], "select")
            self._form.fields.append(self._select)
        elif tag == "textarea":
            self._textarea = Field(a["name"], "textarea")
            self._form.fields.append(self._textarea)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data


def parse(page: str, html: str) -> tuple[list[str], list[Form]]:
    """The site paths a page links to and the forms it holds."""
    parser = _Parser(page)
    parser.feed(html)
    links = []
    for href in parser.links:
        url = urldefrag(urljoin(page, href))[0]
        parts = urlsplit(url)
        if parts.scheme in ("", "http", "https") and parts.netloc in ("", "testserver"):
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            links.append(path)
    return links, parser.forms


def followed(path: str) -> bool:
    bare = urlsplit(path).path
    return not bare.startswith(SKIPPED_PREFIXES) and not bare.endswith(SKIPPED_SUFFIXES)


def crawl(
    client, *, start: str = "/", max_pages: int = 60, per_route: int = 2
) -> tuple[list[str], list[Form]]:
    """The pages a person's links reach from ``start`` (breadth first; at most ``per_route`` pages of one URL
    pattern, so a list of 500 rows does not fill the budget with one kind of page) and every form on them.
    The first list names the links that did not lead to a page: ``"403 GET /x/ (from /y/)"`` for every answer
    of 403, 404 or 5xx (a person's pages link only to what they may open)."""
    seen, per, queue = {start}, {}, deque([(start, "")])
    pages, forms, broken = 0, [], []
    while queue and pages < max_pages:
        path, referrer = queue.popleft()
        route = route_of(urlsplit(path).path)
        if per.get(route, 0) >= per_route:
            continue
        per[route] = per.get(route, 0) + 1
        response = client.get(path)
        pages += 1
        if response.status_code in (403, 404) or response.status_code >= 500:
            broken.append(f"{response.status_code} GET {path} (from {referrer or 'the start'})")
            continue
        if response.status_code in (301, 302):  # a page that sends the person on (home to their desk)
            links, found = parse(path, f'<a href="{response["Location"]}">')
        elif response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        else:
            links, found = parse(path, response.content.decode())
        forms += found
        for link in links:
            if link not in seen and followed(link):
                seen.add(link)
                queue.append((link, path))
    return broken, forms


# --- hostile values, by the kind of field ---------------------------------------------------------------------
TEXT = [
    "<script>alert('x')</script>",
    "' OR '1'='1'; --",
    "a\x00b",
    "🀄" * 300,
    "x" * 100_000,
    "-1",
    "1e309",
    "NaN",
    "２０２６年１３月４５日",
    "../../etc/passwd",
    "\u202eevil",
    " ",
]
NUMBER = ["-1", "1e309", "NaN", "99999999999999999999999999", "1,000", "abc", "0x10", "-0", "", "9" * 400]
DATE = ["2026-02-30", "0000-00-00", "9999-12-31", "1900-01-01", "2026-13-01", "昨天", "", "2026/12/04"]
CHOICE = ["999999999", "-1", "<x>", "", "0", "1e309", "None"]
HIDDEN = {"next": "//evil.example/", "version": "-1"}


def hostile(f: Field, sending: int, position: int):
    """The value a field gets in one sending: by its kind, a different hostile value each time."""
    pick = sending + position
    if f.kind == "file":
        return SimpleUploadedFile("台账.xlsx", b"PK\x03\x04 not a workbook \x00" * 8, "application/pdf")
    if f.kind == "hidden":
        if f.name == "csrfmiddlewaretoken":
            return f.value
        return HIDDEN.get(f.name, f.value if sending % 2 == 0 else TEXT[pick % len(TEXT)])
    if f.kind == "checkbox":
        return ["on", "maybe"][pick % 2]
    if f.kind == "number":
        return NUMBER[pick % len(NUMBER)]
    if f.kind in ("date", "datetime-local", "month", "time"):
        return DATE[pick % len(DATE)]
    if f.kind == "select":
        offered = [o for o in f.options if o]
        return (
            (offered + CHOICE)[pick % (len(offered) + len(CHOICE))]
            if sending % 2
            else CHOICE[pick % len(CHOICE)]
        )
    return TEXT[pick % len(TEXT)]


def send(client, form: Form, sending: int):
    """One sending of ``form`` with hostile values (files left out of a GET)."""
    data = {f.name: hostile(f, sending, i) for i, f in enumerate(form.fields)}
    if form.method == "post":
        return client.post(form.action, data)
    return client.get(form.action, {k: v for k, v in data.items() if not hasattr(v, "read")})
