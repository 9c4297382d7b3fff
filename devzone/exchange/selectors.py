"""Reads of 数据交换: the city's subscribers with their delivery counts, and one subscriber's delivery log."""

from django.db.models import Count, Q

from devzone.exchange.models import Delivery, DeliveryStatus, Subscriber


def subscribers(user):
    return Subscriber.objects.for_user(user).annotate(
        pending=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.PENDING)),
        delivered=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.DELIVERED)),
        dead=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.DEAD)),
    )


def delivery_log(user, subscriber):
    return (
        Delivery.objects.for_user(user)
        .filter(subscriber=subscriber)
        .select_related("event")
        .order_by("-event_id")
    )


def receiver_secret(pk: int) -> str | None:
    """The signing secret of subscriber ``pk``, for the test receiver (which has no user: it is called by
    DevZone's own delivery job); None when there is no such subscriber."""
    from devzone.exchange import secrets_box

    box = Subscriber.objects.filter(pk=pk).values_list("secret_box", flat=True).first()
    return None if box is None else secrets_box.unseal(box)
