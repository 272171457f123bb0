"""The Navi in the member portal: respondents only, their own company's assessments only
(another company's id is not found), the no-JS form per area with field errors, the htmx
autosave (its fragment, an expired session, a refusal), submitting, the result, and the
portal home's card."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from navi.models import NaviAnswer, NaviAssessment
from navi.services import assessments as services
from tests.factories import ContactFactory, UserFactory
from tests.navi.assessment_helpers import answer_everything, member_company, respondent

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "item-N01-status"}


@pytest.fixture
def company():
    return member_company(ai_role="user")


@pytest.fixture
def user(company):
    return respondent(company, full_name="青木 真理")


@pytest.fixture
def assessment(company, user, published):
    return services.assessment_start(organisation=company, version=published, actor=user)


@pytest.fixture
def member(client, user):
    client.force_login(user)
    return client


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "evidence.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n", "application/pdf"
    )


def test_a_respondent_starts_an_assessment(member, company, published):
    page = member.get("/portal/navi/")
    assert page.status_code == 200
    assert "ver9.0 の自己診断を始める" in page.content.decode()
    response = member.post(f"/portal/navi/start/{published.pk}/")
    assessment = NaviAssessment.objects.get(organisation=company)
    assert response.status_code == 302 and response["Location"] == f"/portal/navi/{assessment.pk}/"
    assert member.get(f"/portal/navi/start/{published.pk}/").status_code == 405


def test_the_area_page_shows_the_items_that_apply_with_their_levels_as_radio_cards(
    member, assessment
):
    page = member.get(f"/portal/navi/{assessment.pk}/areas/rules/")
    body = page.content.decode()
    assert page.status_code == 200
    assert body.count('type="radio" class="btn-check" name="item-N01-level"') == 4
    assert 'name="item-N02-level"' in body  # for users
    assert "AIポリシーを策定し定期的に見直している" in body and "4点" in body
    risks = member.get(f"/portal/navi/{assessment.pk}/areas/risks/").content.decode()
    assert 'name="item-N15-level"' not in risks  # for developers: not asked
    assert "対象外の項目" in risks
    assert member.get(f"/portal/navi/{assessment.pk}/areas/nowhere/").status_code == 404


def test_the_plain_form_saves_an_area_without_javascript(member, assessment, user):
    response = member.post(
        f"/portal/navi/{assessment.pk}/areas/rules/",
        {
            "item-N01-level": "4",
            "item-N01-comment": "取締役会で承認済み",
            "item-N01-evidence_url": "https://example.jp/policy",
            "item-N01-evidence_file": _pdf(),
            "item-N02-level": "",
            "next": "1",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/portal/navi/{assessment.pk}/areas/risks/"
    answer = NaviAnswer.objects.get(item__key="N01")
    assert (answer.level.number, answer.comment, answer.updated_by) == (
        4,
        "取締役会で承認済み",
        user,
    )
    assert answer.evidence_file
    download = member.get(f"/portal/navi/{assessment.pk}/items/N01/evidence/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    page = member.get(f"/portal/navi/{assessment.pk}/areas/rules/").content.decode()
    assert "最終更新：青木 真理" in page


def test_bad_input_gives_field_errors_not_a_server_error(member, assessment):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "PNG")
    response = member.post(
        f"/portal/navi/{assessment.pk}/areas/rules/",
        {
            "item-N01-level": "7",
            "item-N02-level": "3",
            "item-N02-evidence_url": "not a link",
            "item-N02-evidence_file": SimpleUploadedFile("x.pdf", buffer.getvalue()),
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "この項目の段階から選択してください。" in body
    assert "URLを正しく入力してください。" in body
    assert "PDFファイルをアップロードしてください。" in body
    # What was chosen stays on screen, to correct and send again.
    assert re.search(r'id="item-N02-level-3" value="3" autocomplete="off"\s+checked', body)
    assert not NaviAnswer.objects.filter(item__key="N02").exists()


def test_autosave_answers_the_items_status_and_the_progress(member, assessment, user):
    response = member.post(
        f"/portal/navi/{assessment.pk}/items/N01/", {"item-N01-level": "3"}, **HTMX
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="item-N01-status"' in body and "保存しました" in body
    assert "最終更新：青木 真理" in body
    assert 'id="area-progress" hx-swap-oob="true"' in body and "1 / 2 項目回答済み" in body
    assert NaviAnswer.objects.get(item__key="N01").level.number == 3


def test_autosave_says_whose_change_it_replaced(member, assessment, company):
    colleague = respondent(company, full_name="佐々木 健")
    first = member.post(f"/portal/navi/{assessment.pk}/items/N01/", {"item-N01-level": "2"}, **HTMX)
    seen = NaviAnswer.objects.get(item__key="N01").updated_at.isoformat()
    assert first.status_code == 200
    second = Client()
    second.force_login(colleague)
    second.post(
        f"/portal/navi/{assessment.pk}/items/N01/",
        {"item-N01-level": "4", "item-N01-seen_at": seen},
        **HTMX,
    )
    response = member.post(
        f"/portal/navi/{assessment.pk}/items/N01/",
        {"item-N01-level": "1", "item-N01-seen_at": seen},
        **HTMX,
    )
    body = response.content.decode()
    assert "佐々木 健 さんが" in body and "上書きしました" in body
    assert NaviAnswer.objects.get(item__key="N01").level.number == 1  # the later save wins


def test_a_failed_autosave_says_so(client, member, assessment, published):
    bad = member.post(f"/portal/navi/{assessment.pk}/items/N01/", {"item-N01-level": "9"}, **HTMX)
    assert bad.status_code == 422 and "保存できませんでした" in bad.content.decode()
    not_asked = member.post(
        f"/portal/navi/{assessment.pk}/items/N15/", {"item-N15-level": "2"}, **HTMX
    )
    assert not_asked.status_code == 422 and "対象外" in not_asked.content.decode()
    member.logout()
    expired = member.post(
        f"/portal/navi/{assessment.pk}/items/N01/", {"item-N01-level": "3"}, **HTMX
    )
    assert expired.status_code == 401
    body = expired.content.decode()
    assert "ログインの有効期限が切れたため、保存できませんでした。" in body
    assert 'id="item-N01-status"' in body  # the next save still finds its place
    assert not NaviAnswer.objects.exists()
    # Without htmx, an expired session goes to log in as usual.
    plain = member.post(f"/portal/navi/{assessment.pk}/items/N01/", {"item-N01-level": "3"})
    assert plain.status_code == 302 and "/login/" in plain["Location"]


def test_submit_refused_until_complete_then_the_result_shows_score_and_tier(
    member, assessment, user, company
):
    ContactFactory(organisation=company, is_member_representative=True)
    response = member.post(f"/portal/navi/{assessment.pk}/submit/", follow=True)
    assert "未回答の項目が2件あります" in response.content.decode()
    result = member.get(f"/portal/navi/{assessment.pk}/result/").content.decode()
    assert "スコアは自己診断の提出後に表示されます。" in result
    answer_everything(assessment, user, number=3)  # 3 points
    response = member.post(f"/portal/navi/{assessment.pk}/submit/")
    assert response["Location"] == f"/portal/navi/{assessment.pk}/result/"
    result = member.get(response["Location"]).content.decode()
    assert 'id="overall-score">3.00' in result and "リーダー企業" in result
    home = member.get("/portal/").content.decode()
    assert 'id="home-navi-score">3.00' in home and "リーダー企業" in home
    # Submitted: the area page shows the answers, read-only; a POST changes nothing.
    member.post(f"/portal/navi/{assessment.pk}/areas/rules/", {"item-N01-level": "1"})
    assert NaviAnswer.objects.get(item__key="N01").level.number == 3
    reopened = member.post(f"/portal/navi/{assessment.pk}/reopen/")
    assert reopened.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == NaviAssessment.Status.IN_PROGRESS


def test_the_profile_form_validates(member, assessment):
    response = member.post(f"/portal/navi/{assessment.pk}/", {"ai_role": "", "use_cases": ""})
    assert response.status_code == 200
    assert "AIとの関わりを選択してください。" in response.content.decode()
    member.post(
        f"/portal/navi/{assessment.pk}/",
        {"ai_role": "both", "use_cases": "社内向け生成AIチャット\n与信審査モデル"},
    )
    assessment.refresh_from_db()
    assert assessment.ai_role == "both"
    risks = member.get(f"/portal/navi/{assessment.pk}/areas/risks/").content.decode()
    assert "社内向け生成AIチャット" in risks and 'name="item-N15-level"' in risks


def test_a_contact_who_is_not_a_respondent_is_refused(client, company, assessment):
    user = UserFactory()
    ContactFactory(organisation=company, user=user, email=user.email)
    client.force_login(user)
    assert client.get("/portal/navi/").status_code == 200  # says who may answer
    for url in (
        f"/portal/navi/{assessment.pk}/",
        f"/portal/navi/{assessment.pk}/areas/rules/",
        f"/portal/navi/{assessment.pk}/result/",
    ):
        assert client.get(url).status_code == 403, url


def test_an_expert_has_no_assessment(client, published):
    from members.models import Membership

    expert = member_company(category=Membership.Category.EXPERT)
    user = respondent(expert)
    client.force_login(user)
    page = client.get("/portal/navi/").content.decode()
    assert "正会員" in page and "始める" not in page
    assert client.post(f"/portal/navi/start/{published.pk}/").status_code == 403


def test_another_companys_assessment_is_not_found(client, assessment, published):
    other = member_company()
    other_user = respondent(other)
    client.force_login(other_user)
    for url in (
        f"/portal/navi/{assessment.pk}/",
        f"/portal/navi/{assessment.pk}/areas/rules/",
        f"/portal/navi/{assessment.pk}/result/",
        f"/portal/navi/{assessment.pk}/items/N01/evidence/",
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        f"/portal/navi/{assessment.pk}/items/N01/",
        f"/portal/navi/{assessment.pk}/submit/",
        f"/portal/navi/{assessment.pk}/reopen/",
        f"/portal/navi/{assessment.pk}/areas/rules/",
    ):
        assert client.post(url, {"item-N01-level": "4"}).status_code == 404, url
    assert not NaviAnswer.objects.exists()


def test_a_respondent_invites_a_colleague_through_the_register(member, company, user):
    colleague = ContactFactory(organisation=company, is_navi_respondent=True)
    stranger = ContactFactory(is_navi_respondent=True)
    page = member.get("/portal/navi/").content.decode()
    assert colleague.full_name in page
    response = member.post(f"/portal/navi/invite/{colleague.pk}/", follow=True)
    assert "招待メールをお送りしました" in response.content.decode()
    assert colleague.invitations.count() == 1
    assert member.post(f"/portal/navi/invite/{stranger.pk}/").status_code == 404


def test_the_plain_form_says_whose_change_it_replaced(member, assessment, company):
    page = member.get(f"/portal/navi/{assessment.pk}/areas/rules/")
    assert page.status_code == 200
    colleague = respondent(company, full_name="佐々木 健")
    member.post(f"/portal/navi/{assessment.pk}/items/N01/", {"item-N01-level": "2"}, **HTMX)
    seen = NaviAnswer.objects.get(item__key="N01").updated_at.isoformat()
    other = Client()
    other.force_login(colleague)
    other.post(
        f"/portal/navi/{assessment.pk}/areas/rules/",
        {"item-N01-level": "4", "item-N01-seen_at": seen},
    )
    response = member.post(
        f"/portal/navi/{assessment.pk}/areas/rules/",
        {"item-N01-level": "3", "item-N01-seen_at": seen},
        follow=True,
    )
    assert "佐々木 健 さんが" in response.content.decode()
    assert NaviAnswer.objects.get(item__key="N01").level.number == 3


def test_a_plain_save_after_a_colleague_submitted_is_refused_politely(member, assessment, user):
    answer_everything(assessment, user)
    services.assessment_submit(assessment=assessment, actor=user)
    response = member.post(
        f"/portal/navi/{assessment.pk}/areas/rules/", {"item-N01-level": "1"}, follow=True
    )
    assert response.status_code == 200
    assert "提出済みの自己診断は変更できません" in response.content.decode()


def test_the_answering_page_carries_the_draft_mark_of_the_items_we_wrote(client, db):
    """Content the secretariat wrote is marked wherever it is shown, answering included."""
    from navi.models import NaviVersion
    from navi.services import assessments as services
    from tests.navi.assessment_helpers import member_company, respondent

    company = member_company(ai_role="both")  # every item applies
    user = respondent(company)
    version = NaviVersion.objects.get(number="1.1")
    assessment = services.assessment_start(organisation=company, version=version, actor=user)
    client.force_login(user)
    rules = client.get(f"/portal/navi/{assessment.pk}/areas/rules/").content.decode()
    assert rules.count("事務局案（SWG未レビュー）") == 6  # all six items of the area are ours
    risks = client.get(f"/portal/navi/{assessment.pk}/areas/risks/").content.decode()
    # Ten items: eight ours, 15 and 16 the brochure's — but 16's level 2 is ours.
    assert risks.count("事務局案（SWG未レビュー）") == 9
