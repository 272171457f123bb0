"""The one upload guard (aiga.uploads) and how uploaded files are served (aiga.files)."""

import importlib
import io
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils import timezone
from PIL import Image

from aiga import uploads
from members.models import MemberListing, OrganisationDocument
from tests.factories import MembershipFactory, OrganisationFactory, member_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def image(kind="PNG", size=(30, 20), mode="RGB", **save) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "navy").save(buffer, kind, **save)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "kind,extension,content_type",
    [("PNG", "png", "image/png"), ("JPEG", "jpg", "image/jpeg"), ("WEBP", "webp", "image/webp")],
)
def test_raster_images_are_accepted_and_re_encoded(kind, extension, content_type):
    clean = uploads.clean_image(image(kind))
    assert (clean.extension, clean.content_type) == (extension, content_type)
    with Image.open(io.BytesIO(clean.content)) as decoded:
        assert decoded.format == kind and decoded.size == (30, 20)


def test_a_photo_loses_its_metadata():
    exif = Image.Exif()
    exif[0x010E] = "GPS and secrets"  # ImageDescription
    clean = uploads.clean_image(image("JPEG", exif=exif.tobytes()))
    assert b"secrets" not in clean.content


@pytest.mark.parametrize(
    "content,code",
    [
        (b"", "empty"),
        (image("GIF"), "type"),
        (image("BMP"), "type"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>', "type"),
        (b"<html><script>alert(1)</script></html>", "type"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "broken"),
        (image("PNG", size=(4097, 1), mode="L"), "too_big"),
        (image("PNG", size=(20000, 20000), mode="1"), "too_big"),  # a decompression bomb
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * (2 * 1024 * 1024), "too_large"),
    ],
)
def test_anything_else_is_refused_in_japanese(content, code):
    with pytest.raises(ValidationError) as refused:
        uploads.clean_image(content)
    assert refused.value.code == code
    assert all(any("\u3040" <= ch <= "\u30ff" for ch in m) for m in refused.value.messages)


def test_documents_are_pdf_by_their_content():
    assert uploads.clean_document(PDF).content_type == "application/pdf"
    for content in (b"<html><script>alert(1)</script></html>", b"%PDF-1.4 no end", image()):
        with pytest.raises(ValidationError) as refused:
            uploads.clean_document(content)
        assert "PDF" in refused.value.messages[0]


def test_the_form_fields_give_a_new_file_with_a_random_name():
    field = uploads.ImageUploadField()
    cleaned = field.clean(SimpleUploadedFile("../../evil.png.html", image()))
    assert cleaned.name.endswith(".png") and "evil" not in cleaned.name
    with pytest.raises(ValidationError):
        field.clean(SimpleUploadedFile("evil.png", b"<html><script>x</script></html>"))
    with pytest.raises(ValidationError):
        uploads.DocumentUploadField().clean(SimpleUploadedFile("evil.pdf", b"<html></html>"))


# ---------------------------------------------------------------- nothing can forget them
PROJECT = ("aiga", "members", "billing", "navi", "events")
UPLOAD_FIELDS = (uploads.ImageUpload, uploads.DocumentUpload)


def test_every_file_field_in_the_project_is_an_upload_guard_or_generated():
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith(PROJECT):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                found.append(f"{model.__name__}.{field.name}")
                assert isinstance(field, (*UPLOAD_FIELDS, uploads.GeneratedFile)), found[-1]
                if isinstance(field, uploads.GeneratedFile):
                    assert not field.editable and field.formfield() is None
                else:
                    formfield = field.formfield()
                    assert isinstance(
                        formfield, (uploads.ImageUploadField, uploads.DocumentUploadField)
                    ), found[-1]
    # The ones there are today (a new one is checked above all the same).
    assert {
        "Application.logo",
        "MemberListing.logo",
        "IssuerProfile.seal",
        "OrganisationDocument.file",
        "BoardMeeting.minutes_file",
        "Invoice.pdf",
        "Estimate.pdf",
        "MailingListExport.file",
    } <= set(found)


def _project_forms():
    for package in PROJECT:
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, f"{package}."):
            if ".migrations" in info.name or info.name.endswith((".wsgi", ".asgi")):
                continue
            importlib.import_module(info.name)
    seen, todo = set(), [forms.BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return [cls for cls in seen if cls.__module__.startswith(PROJECT)]


def test_every_upload_on_a_form_goes_through_the_guard():
    checked = []
    for form in _project_forms():
        for name, field in getattr(form, "base_fields", {}).items():
            if isinstance(field, forms.FileField):
                checked.append(f"{form.__name__}.{name}")
                assert isinstance(
                    field,
                    (
                        uploads.ImageUploadField,
                        uploads.DocumentUploadField,
                        uploads.TextFileUploadField,  # a bank's statement
                        uploads.SpreadsheetUploadField,  # the register import
                    ),
                ), checked[-1]
    assert "ApplicationForm.logo" in checked
    assert "BankImportForm.file" in checked
    assert "MemberImportForm.file" in checked


@pytest.mark.parametrize(
    "content,code",
    [
        (b"", "empty"),
        (b"%PDF-1.7\n%%EOF", "type"),
        (b"PK\x03\x04 not really a zip", "type"),
        (b"\xd0\xcf\x11\xe0 an old .xls", "type"),
    ],
)
def test_an_import_file_must_be_csv_or_xlsx(content, code):
    with pytest.raises(ValidationError) as error:
        uploads.clean_spreadsheet(content)
    assert error.value.code == code


def test_a_zip_that_is_not_a_workbook_is_refused():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(ValidationError) as error:
        uploads.clean_spreadsheet(buffer.getvalue())
    assert error.value.code == "type"
    assert uploads.clean_spreadsheet("会員番号\r\n".encode()) == "会員番号\r\n".encode()


@pytest.mark.parametrize(
    "content,code",
    [
        (b"", "empty"),
        (b"%PDF-1.7\n%%EOF", "type"),
        (b"PK\x03\x04xlsx", "type"),
        (b"\xd0\xcf\x11\xe0 an old .xls", "type"),
        (b"1031\x00binary", "type"),
        (b"x" * (uploads.MAX_TEXT_BYTES + 1), "too_large"),
    ],
)
def test_a_bank_file_must_be_text(content, code):
    with pytest.raises(ValidationError) as error:
        uploads.clean_text_file(content)
    assert error.value.code == code
    assert uploads.clean_text_file("日付,入金\r\n".encode("cp932")).startswith(b"\x93")


# ---------------------------------------------------------------- serving
@pytest.mark.django_db
def test_a_listed_logo_is_served_sandboxed_and_never_as_anything_but_an_image(client):
    listing = MemberListing.objects.create(
        organisation=MembershipFactory().organisation,
        display_name="架空",
        is_listed=True,
        listed_at=timezone.now(),
    )
    listing.logo.save("x.png", ContentFile(uploads.clean_image(image()).content))
    response = client.get(f"/members/logo/{listing.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")

    # A file stored before the guard (an SVG, or HTML) is not served at all.
    for name, content in (("old.svg", b"<svg onload='alert(1)'/>"), ("evil.html", b"<p onload=x>")):
        listing.logo.save(name, ContentFile(content))
        response = client.get(f"/members/logo/{listing.pk}/")
        assert response.status_code == 404
        assert b"onload" not in response.content and response["Content-Type"].startswith(
            "text/html"
        )


@pytest.mark.django_db
def test_an_uploaded_document_is_a_sandboxed_download(client):
    document = OrganisationDocument(organisation=OrganisationFactory(), title="議事録")
    document.file.save("minutes.pdf", ContentFile(PDF), save=True)
    client.force_login(member_user(organisation=document.organisation))
    response = client.get(f"/portal/documents/{document.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert response["X-Content-Type-Options"] == "nosniff"
