from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate


class StorydeskConfig(AppConfig):
    name = "storydesk"
    verbose_name = "storydesk"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here because apps and models aren't ready at module level.
        import storydesk.tasks  # noqa: F401  (registers what does each kind of follow-up work: storydesk/work.py)
        from storydesk.accounts.two_factor import on_logged_in
        from storydesk.actions.staff import ensure_roles
        from storydesk.gallery.listener import on_public_changed
        from storydesk.publishing.public_set import public_changed

        # After auth has created this app's permissions (its handler is connected first), so a fresh or
        # flushed database always has the role groups with their permissions.
        post_migrate.connect(ensure_roles, sender=self, dispatch_uid="storydesk.ensure_roles")
        # The gallery's read model, page caches and static copy follow every publish and withdrawal.
        public_changed.connect(on_public_changed, dispatch_uid="storydesk.gallery")
        # Whoever logs in, however, starts owing their second factor (storydesk/accounts/gate.py).
        user_logged_in.connect(on_logged_in, dispatch_uid="storydesk.second_factor")
