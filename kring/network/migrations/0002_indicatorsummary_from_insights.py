"""The indicator summary comes here from the insights app, table and rows untouched.

The table was made by insights 0001 and keeps its name; this migration only tells Django
that the network app now owns the model, once insights 0003 has let go of it.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0001_initial"),
        ("insights", "0003_indicatorsummary_moves_to_network"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="IndicatorSummary",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("computed_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("values", models.JSONField(default=dict)),
                        (
                            "light",
                            models.CharField(
                                choices=[("red", "red"), ("orange", "orange"), ("green", "green")],
                                max_length=8,
                            ),
                        ),
                        ("reasons", models.JSONField(default=list)),
                        ("size", models.PositiveIntegerField(default=0)),
                        ("supportive", models.PositiveIntegerField(default=0)),
                        ("aware_share", models.FloatField(null=True)),
                        (
                            "jobseeker",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="indicator_summaries",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "snapshot",
                            models.OneToOneField(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="indicator_summary",
                                to="network.snapshot",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "insights_indicatorsummary",
                        "indexes": [
                            models.Index(fields=["light"], name="insights_in_light_19ce33_idx")
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("snapshot__isnull", True)),
                                fields=("jobseeker",),
                                name="one_current_summary_per_jobseeker",
                            )
                        ],
                    },
                )
            ],
            database_operations=[],
        )
    ]
