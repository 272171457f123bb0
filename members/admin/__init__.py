"""The register's admin, one module per subject."""

from members.admin import certificates, governance, listing, register, withdrawals  # noqa: F401
