"""The pool a settled quarter was paid from, frozen at 结算 with the decision it rests on, so a pool the city's
assessment publishes later does not move a paid quarter. Quarters settled before this migration keep reading
the pool as before (the pool they were paid from was not recorded)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("performance", "0005_department_result_members"),
    ]

    operations = [
        migrations.AddField(
            model_name="round",
            name="pay_pool_fen",
            field=models.PositiveBigIntegerField(
                blank=True, null=True, verbose_name="结算时的绩效奖金池（分）"
            ),
        ),
        migrations.AddField(
            model_name="round",
            name="pay_pool_reference",
            field=models.CharField(blank=True, max_length=300, verbose_name="结算时奖金池的依据"),
        ),
    ]
