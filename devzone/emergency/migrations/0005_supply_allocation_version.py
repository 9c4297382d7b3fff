from django.db import migrations, models


class Migration(migrations.Migration):
    """A supply's and an allocation's optimistic version: 登记到货, 按规则分配 and 登记送达 carry the one their
    page showed (a double click, a stale page: 409)."""

    dependencies = [
        ("emergency", "0004_need_priority_corrected"),
    ]

    operations = [
        migrations.AddField(
            model_name="supply",
            name="version",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="allocation",
            name="version",
            field=models.PositiveIntegerField(default=0),
        ),
    ]
