"""The shared cache's table (config/cache.py): `migrate` makes it, so a new installation needs no extra step.

`createcachetable` makes the table of every database cache in settings.CACHES that is missing and leaves the
others alone; with Redis configured it does nothing. Run it again by hand after adding a database cache.
"""

from django.core.management import call_command
from django.db import migrations


def cache_table_create(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("awards", "0005_outbox")]

    operations = [migrations.RunPython(cache_table_create, migrations.RunPython.noop, elidable=True)]
