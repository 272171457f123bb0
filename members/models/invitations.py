"""One-time links by which a contact sets a password and gets a portal log-in."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PortalInvitation(models.Model):
    """A one-time, expiring link for a contact to set a password. Only the hash is kept."""

    contact = models.ForeignKey(
        "members.Contact",
        verbose_name=_("担当者"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("送付先"))
    # Set when the e-mail carrying the link is delivered (and again on a resend); empty until.
    token_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)
    expires_at = models.DateTimeField(_("有効期限"))
    used_at = models.DateTimeField(_("利用日時"), null=True, blank=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("ポータルへの招待")
        verbose_name_plural = _("ポータルへの招待")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.contact} <{self.email}>"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.used_at is None and self.expires_at > now
