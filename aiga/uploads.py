"""Every file a person uploads goes through here: checked by its content, never its name.

Images (logos, the issuer's seal, later the Navi's evidence and events' pictures) must be
PNG, JPEG or WebP. They are decoded with Pillow, kept within size and pixel limits, and
re-encoded, so what is stored is pixels this code wrote: no scripts, no metadata, no
polyglot tails. SVG is refused: a list of banned patterns cannot make it safe.

Documents (minutes, an organisation's papers, materials) must be PDF and are served only
as downloads (`aiga.files.serve_user_file`).

Upload fields use these through the model fields `ImageUpload` and `DocumentUpload` (the
admin gets the checks from their form fields) or the form fields directly. Files the
system writes itself (invoices, exports) are `GeneratedFile`, which no form can edit.
A test lists every file field in the project and checks it is one of the three.
"""

from __future__ import annotations

import io
import uuid
import warnings
import zipfile
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.db import models
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_IMAGE_SIDE = 4096
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024

# Pillow's format → (extension, content type, save options).
IMAGE_FORMATS = {
    "PNG": ("png", "image/png", {"optimize": True}),
    "JPEG": ("jpg", "image/jpeg", {"quality": 90}),
    "WEBP": ("webp", "image/webp", {"quality": 90}),
}
CONTENT_TYPES = {ext: content_type for ext, content_type, _opts in IMAGE_FORMATS.values()}
CONTENT_TYPES["pdf"] = "application/pdf"
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


@dataclass(frozen=True)
class CleanFile:
    content: bytes
    extension: str
    content_type: str

    def as_upload(self, stem: str = "") -> SimpleUploadedFile:
        name = f"{stem or uuid.uuid4().hex}.{self.extension}"
        return SimpleUploadedFile(name, self.content, content_type=self.content_type)


def clean_image(
    data: bytes, *, max_bytes: int = MAX_IMAGE_BYTES, max_side: int = MAX_IMAGE_SIDE
) -> CleanFile:
    """PNG, JPEG or WebP, re-encoded; ValidationError with a Japanese message otherwise."""
    if not data:
        raise ValidationError(_("ファイルが空です。"), code="empty")
    if len(data) > max_bytes:
        raise ValidationError(
            _("画像のファイルサイズは%(mb)sMBまでです。"),
            params={"mb": max_bytes // (1024 * 1024)},
            code="too_large",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                kind = image.format
                if kind not in IMAGE_FORMATS:
                    raise ValidationError(_only_images(), code="type")
                width, height = image.size
                if max(width, height) > max_side:
                    raise ValidationError(_too_big(), params={"px": max_side}, code="too_big")
                image.load()
                pixels = _without_metadata(image, kind)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("画像は縦横%(px)sピクセル以内にしてください。"),
            params={"px": max_side},
            code="too_big",
        )
    except UnidentifiedImageError:
        if data.startswith(_IMAGE_MAGIC) or data[8:12] == b"WEBP":
            raise ValidationError(_("画像ファイルとして読み取れません。"), code="broken")
        raise ValidationError(_only_images(), code="type")
    except Exception:  # noqa: BLE001 - any decoder error means a broken or hostile file
        raise ValidationError(_("画像ファイルとして読み取れません。"), code="broken")
    extension, content_type, options = IMAGE_FORMATS[kind]
    out = io.BytesIO()
    pixels.save(out, format=kind, **options)
    return CleanFile(out.getvalue(), extension, content_type)


def _too_big():
    return _("画像は縦横%(px)sピクセル以内にしてください。")


def _only_images():
    return _("画像はPNG、JPEG、WebPのいずれかでアップロードしてください（SVGは使えません）。")


def _without_metadata(image: Image.Image, kind: str) -> Image.Image:
    """A fresh image of the same pixels (no EXIF, no text chunks, no trailing bytes)."""
    if kind == "JPEG":
        mode = "RGB" if image.mode not in ("L", "RGB", "CMYK") else image.mode
    else:
        mode = "RGBA" if image.mode in ("P", "LA", "PA", "RGBA", "1", "I;16") else image.mode
        if mode not in ("RGB", "RGBA", "L"):
            mode = "RGBA"
    return image.convert(mode)


def clean_document(data: bytes, *, max_bytes: int = MAX_DOCUMENT_BYTES) -> CleanFile:
    """A PDF, by its content; ValidationError with a Japanese message otherwise."""
    if not data:
        raise ValidationError(_("ファイルが空です。"), code="empty")
    if len(data) > max_bytes:
        raise ValidationError(
            _("ファイルサイズは%(mb)sMBまでです。"),
            params={"mb": max_bytes // (1024 * 1024)},
            code="too_large",
        )
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-2048:]:
        raise ValidationError(_("PDFファイルをアップロードしてください。"), code="type")
    return CleanFile(data, "pdf", "application/pdf")


MAX_TEXT_BYTES = 5 * 1024 * 1024
# Files that are not text whatever their name says: PDF, ZIP (an .xlsx), images, OLE (an .xls).
_BINARY_MAGIC = (b"%PDF-", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"\xd0\xcf\x11\xe0", b"GIF8")


def clean_text_file(data: bytes, *, max_bytes: int = MAX_TEXT_BYTES) -> bytes:
    """A plain text or CSV file (a bank's statement), by its content: not empty, within
    the size, and no binary file renamed .txt or .csv. The reading is the caller's."""
    if not data:
        raise ValidationError(_("ファイルが空です。"), code="empty")
    if len(data) > max_bytes:
        raise ValidationError(
            _("ファイルサイズは%(mb)sMBまでです。"),
            params={"mb": max_bytes // (1024 * 1024)},
            code="too_large",
        )
    if data.startswith(_BINARY_MAGIC) or b"\x00" in data[:8192]:
        raise ValidationError(
            _("テキスト形式（.txt・.csv）のファイルをアップロードしてください。"), code="type"
        )
    return data


class SizeLimitUploadHandler(FileUploadHandler):
    """The first of FILE_UPLOAD_HANDLERS: counts the bytes of each uploaded file as they
    stream in and stops the request (RequestDataTooBig, answered 413 by aiga.views) as soon as
    one file is larger than any field accepts (MAX_DOCUMENT_BYTES) or the files together
    are larger than MAX_REQUEST_BYTES, whatever the part's own Content-Length claims.

    The rest of the body is then never read: nothing of it reaches a temporary file, and the
    view never sees a form with its file missing. A request whose whole body is declared
    too large is refused before the first byte (also by aiga.middleware, earlier)."""

    def __init__(self, request=None):
        super().__init__(request)
        self.request_limit = settings.MAX_REQUEST_BYTES
        self.file_limit = min(MAX_DOCUMENT_BYTES, self.request_limit)
        self.total = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > self.request_limit:
            raise RequestDataTooBig("Request body exceeded settings.MAX_REQUEST_BYTES.")
        return None

    def new_file(self, field_name, file_name, content_type, content_length, *args, **kwargs):
        super().new_file(field_name, file_name, content_type, content_length, *args, **kwargs)
        if content_length is not None and content_length > self.file_limit:
            raise RequestDataTooBig("Uploaded file exceeded MAX_DOCUMENT_BYTES.")

    def receive_data_chunk(self, raw_data, start):
        self.total += len(raw_data)
        if start + len(raw_data) > self.file_limit:
            raise RequestDataTooBig("Uploaded file exceeded MAX_DOCUMENT_BYTES.")
        if self.total > self.request_limit:
            raise RequestDataTooBig("Uploaded files exceeded settings.MAX_REQUEST_BYTES.")
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) keeps the file


def _read(upload) -> bytes:
    upload.seek(0)
    return upload.read()


class ImageUploadField(forms.FileField):
    """A form's image: the cleaned value is a new, re-encoded file with a random name."""

    def __init__(self, *, max_bytes: int = MAX_IMAGE_BYTES, **kwargs):
        kwargs.setdefault(
            "widget", forms.ClearableFileInput(attrs={"accept": ".png,.jpg,.jpeg,.webp"})
        )
        kwargs.pop("max_length", None)
        super().__init__(**kwargs)
        self.max_bytes = max_bytes

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value is None or value is False or value is initial or not hasattr(value, "read"):
            return value
        if getattr(value, "size", 0) > self.max_bytes:  # before reading it all
            raise ValidationError(
                _("画像のファイルサイズは%(mb)sMBまでです。"),
                params={"mb": self.max_bytes // (1024 * 1024)},
                code="too_large",
            )
        return clean_image(_read(value), max_bytes=self.max_bytes).as_upload()


class DocumentUploadField(forms.FileField):
    """A form's document (PDF): checked by its content, stored under a random name."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ".pdf"}))
        kwargs.pop("max_length", None)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value is None or value is False or value is initial or not hasattr(value, "read"):
            return value
        if getattr(value, "size", 0) > MAX_DOCUMENT_BYTES:  # before reading it all
            raise ValidationError(
                _("ファイルサイズは%(mb)sMBまでです。"),
                params={"mb": MAX_DOCUMENT_BYTES // (1024 * 1024)},
                code="too_large",
            )
        return clean_document(_read(value)).as_upload()


class _CheckedBytesUploadField(forms.FileField):
    """A form's file whose cleaned value is its checked bytes, with the name it was uploaded
    under (`name`) for the record. `check` is the content's check (bytes → bytes)."""

    accept = ""
    content_type = "application/octet-stream"

    def __init__(self, *, accept: str = "", **kwargs):
        kwargs.setdefault(
            "widget", forms.ClearableFileInput(attrs={"accept": accept or self.accept})
        )
        kwargs.pop("max_length", None)
        super().__init__(**kwargs)

    @staticmethod
    def check(data: bytes) -> bytes:
        raise NotImplementedError

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value is None or value is False or value is initial or not hasattr(value, "read"):
            return value
        if getattr(value, "size", 0) > MAX_TEXT_BYTES:  # before reading it all
            raise ValidationError(
                _("ファイルサイズは%(mb)sMBまでです。"),
                params={"mb": MAX_TEXT_BYTES // (1024 * 1024)},
                code="too_large",
            )
        content = type(self).check(_read(value))
        return SimpleUploadedFile(value.name, content, content_type=self.content_type)


class TextFileUploadField(_CheckedBytesUploadField):
    """A form's text or CSV file (a bank statement)."""

    accept = ".txt,.csv,.dat"
    content_type = "text/plain"

    @staticmethod
    def check(data: bytes) -> bytes:
        return clean_text_file(data)


def decode_csv(data: bytes) -> str:
    """A CSV as Excel and online-meeting tools write it in Japan: UTF-8 (with or without its
    byte-order mark), else Shift_JIS (CP932). UnicodeDecodeError when it is neither."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp932")


# An .xlsx is a ZIP: what its parts may add up to once unpacked (a ZIP bomb is refused
# before openpyxl sees it).
MAX_SPREADSHEET_UNPACKED_BYTES = 50 * 1024 * 1024


def clean_spreadsheet(data: bytes, *, max_bytes: int = MAX_TEXT_BYTES) -> bytes:
    """A CSV (text) or an Excel workbook (.xlsx), by its content: a CSV as `clean_text_file`
    checks it; an .xlsx a ZIP holding a workbook, within the size once unpacked."""
    if not data.startswith(b"PK\x03\x04"):
        try:
            return clean_text_file(data, max_bytes=max_bytes)
        except ValidationError as exc:
            if exc.code != "type":
                raise
            raise ValidationError(
                _("CSV または Excel（.xlsx）のファイルを選んでください。"), code="type"
            ) from exc
    if len(data) > max_bytes:
        raise ValidationError(
            _("ファイルサイズは%(mb)sMBまでです。"),
            params={"mb": max_bytes // (1024 * 1024)},
            code="too_large",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise ValidationError(_("Excelファイルを読み込めませんでした。"), code="type") from exc
    if "xl/workbook.xml" not in names:
        raise ValidationError(
            _("CSV または Excel（.xlsx）のファイルを選んでください。"), code="type"
        )
    if unpacked > MAX_SPREADSHEET_UNPACKED_BYTES:
        raise ValidationError(_("Excelファイルが大きすぎます。"), code="too_large")
    return data


class SpreadsheetUploadField(_CheckedBytesUploadField):
    """A form's CSV or Excel (.xlsx) file (an import)."""

    accept = ".csv,.xlsx"

    @staticmethod
    def check(data: bytes) -> bytes:
        return clean_spreadsheet(data)


class GuardedFieldFile(FieldFile):
    """A file field's value. A private file's URL is the admin's download, which checks that
    whoever asks may view the record (aiga.views.private_file), so the admin's widgets and
    read-only fields link to it instead of failing."""

    @property
    def url(self):
        if not getattr(self.storage, "is_private", False):
            return super().url
        self._require_file()
        meta = self.instance._meta
        return reverse(
            "private_file",
            args=[meta.app_label, meta.model_name, self.instance.pk, self.field.name],
        )


class ImageUpload(models.FileField):
    """A model's uploaded image (PNG, JPEG or WebP, re-encoded)."""

    attr_class = GuardedFieldFile

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadField, **kwargs})


class DocumentUpload(models.FileField):
    """A model's uploaded document (PDF), served only as a download."""

    attr_class = GuardedFieldFile

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": DocumentUploadField, **kwargs})


class GeneratedFile(models.FileField):
    """A file the system writes (an invoice's PDF, an export); no form uploads one."""

    attr_class = GuardedFieldFile

    def __init__(self, *args, **kwargs):
        kwargs["editable"] = False
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("editable", None)
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return None
