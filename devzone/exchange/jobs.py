"""The delivery of the outbox, every minute (exchange.delivery)."""

from django_tasks import task

from devzone.core import registry


@task()
def deliver() -> dict[str, int]:
    from devzone.exchange.delivery import deliver_due, fan_out

    fanned = fan_out()
    return {"fanned_out": fanned, **deliver_due()}


registry.job("exchange.deliver", "devzone.exchange.jobs.deliver", 60)
