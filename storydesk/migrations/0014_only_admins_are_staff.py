"""Only admins reach the Django admin: is_staff is taken from everybody else (it was set for every role)."""
from django.db import migrations
from django.db.models import Q


def only_admins_are_staff(apps, schema_editor):
    User = apps.get_model("auth", "User")
    admins = Q(is_superuser=True) | Q(groups__name="admin")
    admin_ids = set(User.objects.filter(admins).values_list("pk", flat=True))
    User.objects.exclude(pk__in=admin_ids).filter(is_staff=True).update(is_staff=False)
    User.objects.filter(pk__in=admin_ids).update(is_staff=True)


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("storydesk", "0013_screening_lease"),
    ]

    operations = [
        migrations.RunPython(only_admins_are_staff, migrations.RunPython.noop),
    ]
