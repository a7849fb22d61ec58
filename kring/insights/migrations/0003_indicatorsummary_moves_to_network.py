"""The indicator summary moves to the network app, which stores it (docs/network.md).

Only Django's record of the model moves; the table stays as it is (the network app's model
keeps the name insights_indicatorsummary), so no row is copied or lost.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("insights", "0002_forget_summaries_before_target_sector_rule")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="IndicatorSummary")],
            database_operations=[],
        )
    ]
