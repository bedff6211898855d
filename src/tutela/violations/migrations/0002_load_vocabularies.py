"""Every database starts with the shipped vocabularies (records cannot be entered without them);
`tutela load_violation_vocabularies` brings them up to date later."""

from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from tutela.violations.thesauri import vocabularies_load

    vocabularies_load(
        vocabulary_model=apps.get_model("violations", "Vocabulary"),
        term_model=apps.get_model("violations", "Term"),
    )


class Migration(migrations.Migration):
    dependencies = [("violations", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
