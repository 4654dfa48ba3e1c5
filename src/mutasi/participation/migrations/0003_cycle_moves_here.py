"""The Cycle model moves from plans to participation; its table ``plans_cycle`` and rows stay.

State only: Django's idea of where the model lives changes, the database does not. The content
type row is re-labelled so that permissions and admin history keep pointing at the same model.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def relabel_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label="participation", model="cycle").exists():
        return
    ContentType.objects.filter(app_label="plans", model="cycle").update(app_label="participation")


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label="plans", model="cycle").exists():
        return
    ContentType.objects.filter(app_label="participation", model="cycle").update(app_label="plans")


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("participation", "0002_aspiration_consultation_activation"),
        ("plans", "0002_plan_based_on_plancomment_planreview"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Cycle",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=120, unique=True, verbose_name="nama siklus")),
                        ("policy", models.JSONField(blank=True, default=dict, verbose_name="kebijakan")),
                        ("preference_opens", models.DateTimeField(blank=True, null=True, verbose_name="pengisian preferensi dibuka")),
                        ("preference_closes", models.DateTimeField(blank=True, null=True, verbose_name="pengisian preferensi ditutup")),
                        ("max_preferences", models.PositiveSmallIntegerField(default=5, verbose_name="jumlah pilihan maksimal")),
                        ("freeze_start", models.DateField(blank=True, null=True, verbose_name="awal masa larangan (pilkada)")),
                        ("freeze_end", models.DateField(blank=True, null=True, verbose_name="akhir masa larangan (pilkada)")),
                        ("effective_date", models.DateField(blank=True, null=True, verbose_name="tanggal efektif mutasi")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="dibuat")),
                        ("created_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "verbose_name": "siklus mutasi",
                        "verbose_name_plural": "siklus mutasi",
                        "ordering": ["-created_at"],
                        "db_table": "plans_cycle",
                    },
                ),
                migrations.AlterField(
                    model_name="aspiration",
                    name="cycle",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="aspirations", to="participation.cycle", verbose_name="siklus"),
                ),
                migrations.AlterField(
                    model_name="consultationrequest",
                    name="cycle",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="consultations", to="participation.cycle", verbose_name="siklus"),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel_content_type, restore_content_type),
    ]
