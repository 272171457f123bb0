"""The joining flow's admin, one module per step."""

from members.admissions.admin import applications, onboarding, review  # noqa: F401
