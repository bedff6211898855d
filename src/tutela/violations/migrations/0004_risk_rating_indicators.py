"""The indicators of the risk factors observed with a rating, and the indicators themselves
loaded into databases made before they were shipped (the reload is idempotent)."""

from typing import Any

from django.db import migrations, models


def load(apps: Any, schema_editor: Any) -> None:
    from tutela.violations.thesauri import vocabularies_load

    vocabularies_load(
        vocabulary_model=apps.get_model("violations", "Vocabulary"),
        term_model=apps.get_model("violations", "Term"),
    )


class Migration(migrations.Migration):
    dependencies = [("violations", "0003_violation_tallies")]

    operations = [
        migrations.AddField(
            model_name="riskrating",
            name="indicators",
            field=models.ManyToManyField(
                blank=True,
                related_name="+",
                to="violations.term",
                verbose_name="indicators observed",
            ),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
