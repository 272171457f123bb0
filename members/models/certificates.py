"""Membership certificates (会員証明書 / Certificate of Membership), with a code anyone may
check at /verify/<code>/."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aiga.files import get_private_storage
from aiga.uploads import GeneratedFile
from members import choices


def certificate_pdf_path(instance, filename):
    return f"certificates/{instance.issued_at:%Y}/{filename}"


class MembershipCertificate(models.Model):
    """One certificate issued on a member's request. What it certifies is frozen at issue
    (the name, the tier, member since); the code is printed on it with the verification
    address. The code is not a credential (it proves nothing but what the page says) but
    must not be guessed: 192 random bits."""

    class Language(models.TextChoices):
        JA = "ja", _("日本語")
        EN = "en", _("英語")

    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("会員組織"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    membership = models.ForeignKey(
        "members.Membership",
        verbose_name=_("会員資格"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    language = models.CharField(_("言語"), max_length=2, choices=Language.choices)
    code = models.CharField(_("確認コード"), max_length=64, unique=True)
    holder_name = models.CharField(_("会員名称（証明書の表記）"), max_length=200)
    member_number = models.CharField(_("会員番号"), max_length=20, blank=True)
    category = models.CharField(_("会員区分"), max_length=20, choices=choices.Tier.choices)
    member_since = models.DateField(_("入会日"))
    issued_at = models.DateTimeField(_("発行日時"))
    issued_on = models.DateField(_("発行日"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("発行を依頼した人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    pdf = GeneratedFile(
        _("PDF"), storage=get_private_storage, upload_to=certificate_pdf_path, blank=True
    )
    pdf_sha256 = models.CharField(_("PDFのSHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("会員証明書")
        verbose_name_plural = _("会員証明書")
        ordering = ["-issued_at", "-id"]

    def __str__(self):
        return f"{self.holder_name} {self.issued_on}"

    @property
    def pdf_filename(self) -> str:
        return f"AIGA-certificate-{self.issued_on:%Y%m%d}-{self.pk}.pdf"
