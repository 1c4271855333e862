"""Recipient copies of Word documents (ECMA-376): a visible first line and a custom document property.

The label (such as "Copy for …") becomes the body's first paragraph, and the recipient's mark is
stored as the custom property ``IncameraMark``.  A leaked copy names its source.  Pure: zipfile rewrites the DOCX parts."""

from __future__ import annotations

import io

from incamera.kernel.errors import InvalidInputError

__all__ = ["read_docx_mark", "watermark_docx"]

_CUSTOM = "docProps/custom.xml"
_CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"


def _xml_text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _body_start(xml: str) -> int:
    start = xml.find("<w:body>")
    if start < 0:
        raise ValueError("the document has no body")
    return start


def watermark_docx(data: bytes, *, label: str, mark: bytes) -> bytes:
    """The recipient's copy of a Word document: a first paragraph "Copy for …" and the mark as a
    custom document property (``IncameraMark``)."""
    import zipfile

    try:
        source = zipfile.ZipFile(io.BytesIO(data))
        names = source.namelist()
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
            for name in names:
                if name == _CUSTOM:
                    continue
                body = source.read(name)
                if name == "word/document.xml":
                    text = body.decode("utf-8")
                    start = _body_start(text)
                    line = (
                        f'<w:p><w:r><w:rPr><w:color w:val="993333"/></w:rPr><w:t xml:space="preserve">{_xml_text(label)}</w:t></w:r></w:p>'
                    )
                    body = (text[: start + 8] + line + text[start + 8 :]).encode("utf-8")
                elif name == "[Content_Types].xml" and _CUSTOM_TYPE.encode() not in body:
                    body = body.replace(b"</Types>", f'<Override PartName="/{_CUSTOM}" ContentType="{_CUSTOM_TYPE}"/></Types>'.encode())
                elif name == "_rels/.rels" and _CUSTOM_REL.encode() not in body:
                    body = body.replace(
                        b"</Relationships>",
                        f'<Relationship Id="rIncamera" Type="{_CUSTOM_REL}" Target="{_CUSTOM}"/></Relationships>'.encode(),
                    )
                target.writestr(name, body)
            target.writestr(
                _CUSTOM,
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
                'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
                f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" name="IncameraMark"><vt:lpwstr>{mark.hex()}</vt:lpwstr></property>'
                "</Properties>",
            )
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError, ValueError) as exc:
        raise InvalidInputError(f"the document could not be read to mark it ({type(exc).__name__})", field="file") from exc
    return out.getvalue()


def read_docx_mark(data: bytes) -> bytes | None:
    import re
    import zipfile

    try:
        custom = zipfile.ZipFile(io.BytesIO(data)).read(_CUSTOM).decode("utf-8")
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError):
        return None
    found = re.search(r'name="IncameraMark"><vt:lpwstr>([0-9a-f]{16})<', custom)
    return bytes.fromhex(found.group(1)) if found else None
