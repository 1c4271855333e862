"""Every download is an attachment with a name that cannot forge a header or mislead the reader."""

import pytest

from incamera.web.responses import MAX_NAME, attachment, safe_filename


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("briefing.pdf", "briefing.pdf"),
        ('a"b;c.pdf', "a_b_c.pdf"),
        ("../../etc/passwd", "_.._etc_passwd"),
        ("report\r\nSet-Cookie: x=1.pdf", "reportSet-Cookie_ x=1.pdf"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),  # a right-to-left override would show "exe.pdf"
        ("zero\u200bwidth.txt", "zerowidth.txt"),
        ("...", "download"),
        ("", "download"),
    ],
)
def test_safe_filename(name: str, expected: str) -> None:
    assert safe_filename(name) == expected


def test_long_names_keep_their_extension() -> None:
    name = safe_filename("x" * 400 + ".docx")
    assert len(name) == MAX_NAME
    assert name.endswith(".docx")


def test_attachment_headers() -> None:
    response = attachment(b"%PDF-", filename='会议 "纪要".pdf', content_type="application/pdf")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert "filename*=utf-8''" in disposition
    assert "%E4%BC%9A%E8%AE%AE" in disposition  # 会议, percent-encoded per RFC 5987
    assert '"' not in disposition.split("''", 1)[1]
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response["Cache-Control"] == "private, no-store"
    ascii_only = attachment(b"x", filename="roster.csv", content_type="text/csv")
    assert ascii_only["Content-Disposition"] == 'attachment; filename="roster.csv"'
