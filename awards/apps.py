from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "awards"
    verbose_name = _("Awards programme")

    def ready(self):
        from awards import site_address  # noqa: F401 - registers the DJANGO_SITE_URL system check
