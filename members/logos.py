"""Checking an uploaded logo by its content, not its name: PNG, JPEG or a clean SVG."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

from django.utils.translation import gettext as _
from PIL import Image

MAX_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 4096 * 4096
MAX_SIDE = 4096

_SVG_NS = "{http://www.w3.org/2000/svg}"
_FORBIDDEN_TAGS = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}
_HREF_OK = re.compile(r"^(#|data:image/(png|jpeg);base64,)", re.I)


class LogoError(ValueError):
    pass


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def check_svg(data: bytes) -> None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise LogoError(_("SVGファイルの文字コードを読み取れません（UTF-8で保存してください）。"))
    # No DTDs: entity expansion and external entities are refused before parsing.
    if re.search(r"<!(DOCTYPE|ENTITY)", text, re.I):
        raise LogoError(_("DOCTYPE や ENTITY を含むSVGは登録できません。"))
    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        raise LogoError(_("SVGファイルとして読み取れません。"))
    if _local(root.tag) != "svg":
        raise LogoError(_("SVGファイルとして読み取れません。"))
    for element in root.iter():
        if _local(element.tag) in _FORBIDDEN_TAGS:
            raise LogoError(_("スクリプトや埋め込みコンテンツを含むSVGは登録できません。"))
        for name, value in element.attrib.items():
            local = _local(name)
            lowered = (value or "").strip().lower()
            if local.startswith("on"):
                raise LogoError(_("スクリプトを含むSVGは登録できません。"))
            if "javascript:" in lowered.replace(" ", "") or "vbscript:" in lowered:
                raise LogoError(_("スクリプトを含むSVGは登録できません。"))
            if local in ("href", "src") and not _HREF_OK.match(value.strip()):
                raise LogoError(_("外部のファイルを参照するSVGは登録できません。"))
            if local == "style" and ("url(" in lowered or "@import" in lowered):
                raise LogoError(_("外部のファイルを参照するSVGは登録できません。"))
        if _local(element.tag) == "style" and element.text:
            css = element.text.lower()
            if "@import" in css or "url(" in css or "javascript:" in css:
                raise LogoError(_("外部のファイルを参照するSVGは登録できません。"))


def check_logo(data: bytes) -> str:
    """The file's real type ("png", "jpeg" or "svg"), or LogoError with a message."""
    if len(data) > MAX_BYTES:
        raise LogoError(_("ロゴのファイルサイズは2MBまでです。"))
    if not data:
        raise LogoError(_("ファイルが空です。"))
    if data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff"):
        try:
            with Image.open(io.BytesIO(data)) as image:
                kind = (image.format or "").lower()
                width, height = image.size
                if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
                    raise LogoError(_("ロゴの画像は縦横4096ピクセル以内にしてください。"))
                image.verify()
        except LogoError:
            raise
        except Exception:  # noqa: BLE001 - any decoder error means a broken file
            raise LogoError(_("画像ファイルとして読み取れません。"))
        if kind not in ("png", "jpeg"):
            raise LogoError(_("ロゴはPNG、JPEG、SVGのいずれかでアップロードしてください。"))
        return kind
    head = data[:1024].lstrip().lower()
    if head.startswith(b"<?xml") or head.startswith(b"<svg") or b"<svg" in head:
        check_svg(data)
        return "svg"
    raise LogoError(_("ロゴはPNG、JPEG、SVGのいずれかでアップロードしてください。"))


EXTENSIONS = {"png": "png", "jpeg": "jpg", "svg": "svg"}
