from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "members"
    verbose_name = _("会員管理")

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.models import update_last_login
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_delete, post_migrate, post_save

        from aiga.health import failure_source_register
        from aiga.outbox import register_link
        from aiga.personal_data import personal_data_source_register
        from members.middleware import session_remember_roles
        from members.models import MemberListing, Membership, Organisation
        from members.portal import PortalSection, portal_section_register
        from members.public_page import forget_public_page
        from members.roles import ensure_groups
        from members.selectors.bounces import bounce_failures
        from members.selectors.personal_data import register_personal_data
        from members.services import invitations, password_reset
        from members.signals_auth import notify_owner_of_lockout, update_last_login_quietly

        # The company's own details, people and settings: the register's portal section.
        portal_section_register(
            PortalSection(
                slug="profile",
                title=_("会社情報・担当者"),
                urls="members.urls_profile",
                index="members_profile:profile",
                order=10,
            )
        )
        post_migrate.connect(ensure_groups, dispatch_uid="members.ensure_groups")
        # What the register holds about a person or a company (the secretariat's export).
        personal_data_source_register(register_personal_data)
        # A contact whose e-mail bounced for good shows on the admin's index (aiga.health).
        failure_source_register(bounce_failures)
        # The public members' page is drawn again when what it shows changes.
        for model in (MemberListing, Organisation, Membership):
            for signal in (post_save, post_delete):
                signal.connect(
                    forget_public_page, sender=model, dispatch_uid=f"members.page.{model.__name__}"
                )
        # Under Django's own dispatch_uid: whichever app is ready first, only ours is connected.
        user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
        user_logged_in.connect(update_last_login_quietly, dispatch_uid="update_last_login")
        user_logged_in.connect(session_remember_roles, dispatch_uid="members.session_roles")
        user_locked_out.connect(notify_owner_of_lockout, dispatch_uid="members.lockout_notify")
        # Secret links, issued by the outbox when the e-mail carrying one is delivered.
        register_link(invitations.LINK_KIND, invitations.invitation_link_issue)
        register_link(password_reset.LINK_KIND, password_reset.password_reset_link_issue)
        # The register's own portal sections (issue 28: papers).
        portal_section_register(
            PortalSection(
                slug="certificate",
                title=_("会員証明書"),
                urls="members.urls_certificates",
                index="members_certificate:list",
                order=30,
            )
        )
        portal_section_register(
            PortalSection(
                slug="withdrawal",
                title=_("退会届"),
                urls="members.urls_withdrawal",
                index="members_withdrawal:page",
                order=95,
            )
        )
