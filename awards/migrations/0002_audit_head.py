from django.db import migrations


def create_head(apps, schema_editor):
    apps.get_model("awards", "AuditHead").objects.get_or_create(id=1)


def create_organiser_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="organiser")


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(create_head, migrations.RunPython.noop),
        migrations.RunPython(create_organiser_group, migrations.RunPython.noop),
    ]
