from django.apps import AppConfig


class StorydeskConfig(AppConfig):
    name = "storydesk"
    verbose_name = "storydesk"
    default_auto_field = "django.db.models.BigAutoField"
