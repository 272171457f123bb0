"""A member's acceptance of a new version of a document members must agree to."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberAcceptance(models.Model):
    """The organisation (through its 会員代表者) accepted this version. One per organisation
    and version; never changed."""

    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("会員組織"),
        on_delete=models.PROTECT,
        related_name="document_acceptances",
    )
    document = models.ForeignKey(
        "admissions.AgreementDocument",
        verbose_name=_("文書"),
        on_delete=models.PROTECT,
        related_name="member_acceptances",
    )
    accepted_at = models.DateTimeField(_("同意日時"))
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("同意した方"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    accepted_by_name = models.CharField(_("同意した方の氏名"), max_length=100)
    document_sha256 = models.CharField(_("同意した全文のSHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("会員の同意記録")
        verbose_name_plural = _("会員の同意記録")
        ordering = ["-accepted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "document"], name="member_acceptance_once_per_version"
            )
        ]

    def __str__(self):
        return f"{self.document} — {self.organisation}"
