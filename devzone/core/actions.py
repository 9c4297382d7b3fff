"""One idiom for state-changing endpoints: a module declares its moves on a row once, as an ``ActionTable``,
and both the page (``perform``) and the API (``mount``) call the same service through it.

    APPLICATION_ACTIONS = ActionTable(
        Action("accept", lambda *, actor, row, version, reviewer: svc.application_accept(
                   actor=actor, application=row, expected_version=version, reviewer=reviewer),
               schema=AcceptIn, form=AcceptForm, done=_("已受理")),
        ...
    )
    # page:  return APPLICATION_ACTIONS.perform(request, action, app, redirect_to=app.get_absolute_url())
    # API:   APPLICATION_ACTIONS.mount(router, path="/applications/{int:pk}", load=_app,
    #                                  response=ApplicationOut, prefix="application")

An action's ``run`` takes the actor, the row and the form's cleaned data (page) or the body's fields (API),
under the same names."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import Http404

from devzone.core.web import post_and_return


@dataclass(frozen=True)
class Action:
    name: str
    run: Callable[..., Any]
    schema: type | None = None  # the API body (a ninja Schema); None: no body
    form: type | None = None  # the page's form; None: a bare button
    done: str | Callable[[Any], str] = ""  # the page's message after success (or a function of the result)
    summary: str = ""  # the API operation's summary
    segment: str = ""  # the API path's last segment, when it is not the action's name
    operation_id: str = ""  # the API operation id, when it is not "<prefix>_<name>"


class ActionTable:
    def __init__(self, *actions: Action):
        self.actions = {a.name: a for a in actions}

    def __getitem__(self, name: str) -> Action:
        try:
            return self.actions[name]
        except KeyError:
            raise Http404 from None

    def __contains__(self, name: str) -> bool:
        return name in self.actions

    def perform(self, request, name: str, row, *, redirect_to: str, form_kwargs: dict | None = None):
        """The page's POST of action ``name`` on ``row``: validate its form, call its service, show the result
        as a message, and redirect (errors too: the buttons live on the row's page)."""
        action = self[name]
        form = None
        if action.form is not None:
            form = action.form(request.POST, request.FILES, **(form_kwargs or {}))
        return post_and_return(
            request,
            form,
            lambda data: action.run(actor=request.user, row=row, **data),
            done=action.done,
            back=redirect_to,
            refused=(lambda: keep_posted(request, row, name, form)) if form is not None else None,
        )

    def mount(
        self,
        router,
        *,
        path: str,
        load: Callable,
        response,
        prefix: str,
        tags=None,
        only: tuple[str, ...] | None = None,
        out: Callable | None = None,
    ) -> None:
        """One API operation per action (or per action named in ``only``, for tables that also hold
        page-only moves): ``POST <path>/<name>`` with the action's schema as body, answering the row as
        ``load(request, pk)`` reads it after the move (passed through ``out`` when the output is mapped)."""
        for action in self.actions.values():
            if only is None or action.name in only:
                _mount_one(
                    router, action, path=path, load=load, response=response, prefix=prefix, tags=tags, out=out
                )


def _kept_key(row, name: str) -> str:
    return f"devzone.kept:{row._meta.label_lower}:{row.pk}:{name}"


def keep_posted(request, row, name: str, form) -> None:
    """A refused action's form as the person filled it (a reviewer chosen, a reason typed), kept for the page
    the refusal redirects to, so nothing has to be chosen again. Not the row's version (the page shows the
    current one), no files, and none of the fields the form names in ``not_kept`` (personal or health data: the
    session is a database row, and secrecy holds there too); only when a refusal happened, so a plain page view
    writes no session."""
    skipped = {"version", *getattr(form, "not_kept", ())}
    # a form with a prefix posts "p-f"
    keys = {f: form.add_prefix(f) for f in form.fields if f not in skipped}
    posted = {
        f: request.POST.getlist(k) if len(request.POST.getlist(k)) > 1 else request.POST.get(k)
        for f, k in keys.items()
        if k in request.POST
    }
    if posted:
        request.session[_kept_key(row, name)] = posted


def kept(request, row, name: str) -> dict:
    """What ``keep_posted`` kept for this row's action (once: it is forgotten as it is read)."""
    key = _kept_key(row, name)
    if key not in request.session:
        return {}
    return request.session.pop(key) or {}


def _mount_one(router, action: Action, *, path, load, response, prefix, tags, out=None) -> None:
    operation_id = action.operation_id or f"{prefix}_{action.name}"
    decorator = router.post(
        f"{path}/{action.segment or action.name}",
        response=response,
        operation_id=operation_id,
        summary=action.summary or f"{prefix}: {action.name}",
        tags=tags,
    )

    def answer(request, pk: int):
        row = load(request, pk)
        return out(row) if out is not None else row

    if action.schema is None:

        def op(request, pk: int):
            action.run(actor=request.auth, row=load(request, pk))
            return answer(request, pk)

    else:
        schema = action.schema

        def op(request, pk: int, payload):
            action.run(actor=request.auth, row=load(request, pk), **payload.dict())
            return answer(request, pk)

        # ninja reads the body's type from the annotations: set the class itself (this module's postponed
        # annotations would otherwise leave the unresolvable string "schema").
        op.__annotations__["payload"] = schema

    op.__name__ = operation_id
    decorator(op)
