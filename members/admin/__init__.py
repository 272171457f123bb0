"""The register's admin, one module per subject."""

from members.admin import governance, listing, register  # noqa: F401
