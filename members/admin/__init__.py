"""The register's admin, one module per subject."""

from members.admin import (  # noqa: F401
    assembly,
    certificates,
    change_notices,
    governance,
    listing,
    register,
    withdrawals,
)
