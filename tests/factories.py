import datetime

import factory
from django.utils import timezone

from members import roles
from members.models import Contact, Industry, Membership, Organisation, User

PASSWORD = "demo-pass-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.jp")
    full_name = factory.Sequence(lambda n: f"利用者 {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        self.save()
        if create and extracted:
            roles.grant_groups(self, extracted)


class IndustryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Industry
        django_get_or_create = ("name",)

    name = "情報通信業"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    legal_name = factory.Sequence(lambda n: f"テスト商事{n}株式会社")
    legal_name_kana = factory.Sequence(lambda n: f"テストショウジ{n}")
    name_en = factory.Sequence(lambda n: f"Test Trading {n} Co., Ltd.")
    postal_code = "104-0061"
    prefecture = "東京都"
    address = "中央区銀座1-1-1"
    industry = factory.SubFactory(IndustryFactory)
    share_capital = 500_000_000


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    organisation = factory.SubFactory(OrganisationFactory)
    family_name = "山田"
    given_name = factory.Sequence(lambda n: f"太郎{n}")
    family_name_kana = "ヤマダ"
    given_name_kana = "タロウ"
    email = factory.Sequence(lambda n: f"contact{n}@example.jp")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    category = Membership.Category.REGULAR
    admission_date = datetime.date(2025, 10, 15)
    issued_at = factory.LazyFunction(timezone.now)


def member_user(organisation=None, **kwargs):
    """A user who is a contact of a member organisation."""
    user = UserFactory(**kwargs)
    ContactFactory(organisation=organisation or OrganisationFactory(), user=user, email=user.email)
    return user
