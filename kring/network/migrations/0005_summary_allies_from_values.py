"""Fill the new allies column of the stored summaries from the values they already hold."""

from typing import Any

from django.db import migrations

BATCH = 2000


def copy_allies(apps: Any, schema_editor: Any) -> None:
    summary_model = apps.get_model("network", "IndicatorSummary")
    changed = []
    for summary in summary_model.objects.only("id", "values").iterator(chunk_size=BATCH):
        allies = summary.values.get("allies") if isinstance(summary.values, dict) else None
        if isinstance(allies, int) and allies > 0:
            summary.allies = allies
            changed.append(summary)
        if len(changed) >= BATCH:
            summary_model.objects.bulk_update(changed, ["allies"])
            changed = []
    summary_model.objects.bulk_update(changed, ["allies"])


class Migration(migrations.Migration):
    dependencies = [("network", "0004_summary_allies_and_moment_index")]

    operations = [migrations.RunPython(copy_allies, migrations.RunPython.noop)]
