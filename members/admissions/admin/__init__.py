"""The joining flow's admin, one module per step."""

from members.admissions.admin import acceptances, applications, onboarding, review  # noqa: F401
