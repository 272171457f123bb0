"""The register's admin, one module per subject."""

from members.admin import change_notices, governance, listing, register  # noqa: F401
