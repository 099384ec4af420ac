"""Entries are numbered per edition: the first entry of 2027 is E-001, not the 78th entry ever made.

Existing entries are numbered in each edition in the order they were made (created_at, then id), so a
reference printed before this migration (CATEGORY-0078, the row id) maps to exactly one new number.
"""

from django.db import migrations, models


def number_per_edition(apps, schema_editor):
    Entry = apps.get_model("awards", "Entry")
    counters: dict[int, int] = {}
    changed = []
    for entry in Entry.objects.select_related("category").order_by("category__edition_id", "created_at", "pk"):
        edition_id = entry.category.edition_id
        counters[edition_id] = counters.get(edition_id, 0) + 1
        entry.number = counters[edition_id]
        changed.append(entry)
    Entry.objects.bulk_update(changed, ["number"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("awards", "0007_entry_figures_plausible_ranges")]

    operations = [
        migrations.AddField(
            model_name="entry",
            name="number",
            field=models.PositiveIntegerField(editable=False, null=True, verbose_name="number"),
        ),
        migrations.RunPython(number_per_edition, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="entry",
            name="number",
            field=models.PositiveIntegerField(editable=False, verbose_name="number"),
        ),
    ]
