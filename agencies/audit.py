"""Changes to the registry are kept in the audit log (who changed what, when)."""

from auditlog.registry import auditlog

from agencies.models import Agency, Sector, Service

auditlog.register(Agency, exclude_fields=["search_key"])
auditlog.register(Service)
auditlog.register(Sector)
