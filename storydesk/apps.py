from django.apps import AppConfig
from django.db.models.signals import post_migrate


class StorydeskConfig(AppConfig):
    name = "storydesk"
    verbose_name = "storydesk"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from storydesk.actions.staff import ensure_roles

        # After auth has created this app's permissions (its handler is connected first), so a fresh or
        # flushed database always has the role groups with their permissions.
        post_migrate.connect(ensure_roles, sender=self, dispatch_uid="storydesk.ensure_roles")
