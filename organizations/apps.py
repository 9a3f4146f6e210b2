from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Organizations")

    def ready(self):
        from . import audit, two_factor
        from .signatures import audit as signatures_audit

        audit.register()
        signatures_audit.register()
        two_factor.connect()
