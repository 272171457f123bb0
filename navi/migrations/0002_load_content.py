"""Load the content files under navi/content/ whose versions are not in the database yet.

It calls the same loader as `manage.py navi_load` (with today's models, not the historical
ones: the loader is the one place that knows the format). It is idempotent, and does
nothing while there are no files. If a later migration changes the Navi's tables, the
loading has to move to a migration after it (or run by `navi_load` alone)."""

from django.db import migrations


def load(apps, schema_editor):
    from navi.services.loading import versions_load_files

    versions_load_files(actor=None)


class Migration(migrations.Migration):
    dependencies = [
        ("navi", "0001_initial"),
        ("aiga", "0007_email_template_default"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
