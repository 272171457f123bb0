"""Factories for the review and board tests (applications in review, meetings)."""

import datetime

import factory
from django.utils import timezone

from members.admissions import workflow
from members.admissions.models import Application, ApplicationContact, ReviewCheck
from members.admissions.services.review import application_forward_to_board
from members.models import BoardMeeting
from members.roles import BOARD, SECRETARIAT
from tests.factories import IndustryFactory, UserFactory


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application
        skip_postgeneration_save = True

    status = workflow.Status.SUBMITTED
    category = workflow.CORPORATE
    legal_name = factory.Sequence(lambda n: f"架空テクノロジー{n}株式会社")
    legal_name_kana = "カクウテクノロジー"
    corporate_number = factory.Sequence(lambda n: f"{9000000000000 + n}")
    postal_code = "100-0001"
    prefecture = "東京都"
    city = "千代田区"
    address_line = "架空町1-2-3"
    share_capital = 300_000_000
    industry = factory.SubFactory(IndustryFactory)
    ai_role = "developer"
    applicant_name = "申込 太郎"
    applicant_email = factory.Sequence(lambda n: f"applicant{n}@example.jp")
    submitted_at = factory.LazyFunction(timezone.now)
    quoted_tier = "regular"
    quoted_total = 600000

    @factory.post_generation
    def with_contact(self, create, extracted, **kwargs):
        if create:
            ApplicationContact.objects.create(
                application=self,
                family_name="申込",
                given_name="太郎",
                email=self.applicant_email,
                is_member_representative=True,
                is_practical_contact=True,
            )


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardMeeting

    kind = BoardMeeting.Kind.HELD
    date = datetime.date(2026, 3, 12)
    status = BoardMeeting.Status.PLANNED


def secretariat(**kwargs):
    return UserFactory(groups=[SECRETARIAT], **kwargs)


def director(**kwargs):
    return UserFactory(groups=[BOARD], **kwargs)


def complete_checklist(application, user, *, today=datetime.date(2026, 3, 1)):
    from members.admissions.selectors.review import required_check_kinds
    from members.admissions.services.review import review_check_record

    for kind in required_check_kinds(application.category):
        review_check_record(
            application_id=application.pk,
            kind=kind,
            result=ReviewCheck.Result.OK,
            checked_on=today,
            actor=user,
            actor_groups=[SECRETARIAT],
            method="新聞記事・データベース検索",
            source="登記簿謄本",
        )


def put_on_agenda(meeting, n=1):
    staff = UserFactory(groups=[SECRETARIAT])
    apps = []
    for _ in range(n):
        app = ApplicationFactory()
        complete_checklist(app, staff)
        application_forward_to_board(
            application_id=app.pk,
            actor=staff,
            actor_groups=[SECRETARIAT],
            today=meeting.date - datetime.timedelta(days=5),
        )
        apps.append(app)
    return apps
