from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Organizations")

    def ready(self):
        from organizations.accounts import two_factor
        from organizations.audit import trail as audit
        from organizations.signatures import audit as signatures_audit

        audit.register()
        signatures_audit.register()
        two_factor.connect()
