"""What 企业服务 does when the projects module reports something (``devzone.projects.hooks``; projects never
imports services): a resolved problem of a key project invites the enterprise to rate the agency service; what
it hears from core: a request's and a follow-up's deadlines follow their clock when the calendar changes. And
what it tells approvals (``devzone.approvals.hooks``; approvals never imports services): whether a file's page
offers its rating, whether its reader may read the rating's level (who may know the enterprise behind it), and
its comment in the reader's language (the automatic rating's, ``Rating.shown_comment``)."""

from __future__ import annotations

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from devzone.approvals.hooks import offers_rating, reads_rating, words_of_rating
from devzone.core.models import Clock
from devzone.core.services.clocks import deadline_moved
from devzone.projects.hooks import on_problem_resolved


@on_problem_resolved
def invite_agency_rating(*, problem, actor) -> None:
    """Runs inside the transaction that resolves the problem: the enterprise's users are told once per
    project (not once per problem: an enterprise with five resolved problems was asked five times), unless
    the agency service is rated already or the project has no agent."""
    from devzone.core.notify import Text, enterprise_users, notify
    from devzone.services.models import Rating
    from devzone.services.services.ratings import key_project_agent

    project = problem.project
    if Rating.objects.filter(kind="agency", project=project).exists() or key_project_agent(project) is None:
        return
    notify(
        enterprise_users(project.enterprise_id),
        zone_id=project.zone_id,
        kind="services.rate",
        # in each enterprise user's own language, not the resolver's (core.notify.Text)
        title=Text(_("问题“%(p)s”已解决，请评价%(n)s的全程代办服务"), p=problem.title, n=project.name),
        url=reverse("services:rate", args=["agency", project.pk]),
        key=f"agency-rate-{project.pk}",  # once per project, however many of its problems are resolved
    )


@receiver(deadline_moved, sender=Clock, dispatch_uid="services.deadlines_follow_their_clock")
def _deadlines_follow_their_clock(sender, clock, **kwargs) -> None:
    """A calendar correction moved a clock's due date: a request's deadline and a follow-up's call-back
    deadline are copies of it (lists, the page and the reminders read them without a join), which follow."""
    from devzone.services.services.followups import followup_follow_clock
    from devzone.services.services.requests import request_follow_clock

    request_follow_clock(clock)
    followup_follow_clock(clock)


@offers_rating
def application_rateable(*, user, application) -> bool:
    """The file's page offers "去评价" only for a file ``rate`` would take (``selectors.rateable_applications``)."""
    from devzone.services.selectors import rateable_applications

    return rateable_applications(user=user).filter(pk=application.pk).exists()


@reads_rating
def application_rating_in_full(*, user, rating) -> bool:
    """The file's page names the enterprise: the rating's level, comment and link only for who may know the
    enterprise behind it (``selectors.may_see_enterprise``; never the reviewer rated)."""
    from devzone.services.selectors import may_see_enterprise

    return may_see_enterprise(user, rating)


@words_of_rating
def application_rating_comment(*, rating) -> str:
    """The file's page reads the rating's comment as the rating's own pages do: the automatic rating's (the
    system's words, stored in Chinese) in the reader's language, an enterprise's as typed."""
    return rating.shown_comment
