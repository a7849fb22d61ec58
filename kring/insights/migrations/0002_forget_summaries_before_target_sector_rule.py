"""Forget the stored summaries computed before the target-sector rule (docs/analysis.md).

They counted only contacts marked "works in the sector I want", said nobody worked there when
no sector was chosen, and could hold two reasons about the same number. Summaries are derived
data: the next read computes the current one again (services.current_summary) and a moment's
summary again (services.snapshot_summary), so nothing is lost.
"""

from typing import Any

from django.db import migrations


def forget_summaries(apps: Any, schema_editor: Any) -> None:
    apps.get_model("insights", "IndicatorSummary").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("insights", "0001_initial")]

    operations = [migrations.RunPython(forget_summaries, migrations.RunPython.noop)]
