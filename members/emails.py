"""The register's e-mails (the portal invitation), and the label filter other apps'
templates use for a membership's category."""

from django import template

from aiga.mail import MailDefault, choice_label
from members.models import Membership

register = template.Library()


@register.filter
def membership_category(code):
    """regular / smb / expert → 正会員（通常枠）… in the language being rendered."""
    return choice_label(Membership.Category, code)


TEMPLATES = [
    MailDefault(
        key="portal_invitation",
        description="会員ポータルへのご招待（パスワード設定用の1回限りのリンク）",
        subject_ja="【AIガバナンス協会】会員ポータルへのご招待",
        body_ja="""{{ organisation }} のご担当者として、
AIガバナンス協会 会員ポータルにご招待いたします。
下記のリンクからパスワードを設定してください。設定後、会員ポータルにログインできます。

{{ invitation_url }}

このリンクは1回限り有効で、{{ expires_at|jdatetime }} まで（{{ days }}日間）ご利用いただけます。
リンクはご本人専用です。第三者に転送しないようご注意ください。
期限が切れた場合は、事務局に新しい招待をご依頼ください。""",
        subject_en="[AIGA] Your invitation to the member portal",
        body_en="""You are invited to the AIGA member portal as a contact of {{ organisation }}.
Set your password with the link below (single use, valid until {{ expires_at|jdatetime }}):

{{ invitation_url }}""",
        variables="addressee, organisation, member_number, invitation_url, expires_at, days",
    ),
]
