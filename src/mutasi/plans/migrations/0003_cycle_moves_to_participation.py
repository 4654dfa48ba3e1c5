"""Plans and pins now point at ``participation.Cycle`` (same table); the plans app forgets Cycle.

State only: the foreign keys keep their columns and constraints on ``plans_cycle``.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("participation", "0003_cycle_moves_here"),
        ("plans", "0002_plan_based_on_plancomment_planreview"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="plan",
                    name="cycle",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="plans", to="participation.cycle", verbose_name="siklus"),
                ),
                migrations.AlterField(
                    model_name="pin",
                    name="cycle",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="pins", to="participation.cycle"),
                ),
                migrations.DeleteModel(name="Cycle"),
            ],
            database_operations=[],
        ),
    ]
