"""The Simplified Chinese interface: language negotiation, the language switch, and the catalog."""

from __future__ import annotations

import datetime as dt
import gettext
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from incamera.invitations.actions import InvitationRow
from incamera.invitations.actions import do_invite as invite
from incamera.invitations.actions import do_revoke_invitation as revoke
from incamera.invitations.models import Invitation
from tests.conftest import Cast, client_for, make_user

CATALOG_DIR = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"
PO_FILE = CATALOG_DIR / "django.po"
MO_FILE = CATALOG_DIR / "django.mo"
ZH = {"accept-language": "zh-CN,zh;q=0.9"}


@pytest.fixture(autouse=True)
def _back_to_english() -> Iterator[None]:
    """Requests activate a language for the thread; leave English behind for other tests."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _html(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


# --- language negotiation ------------------------------------------------------------------


def test_signin_is_english_by_default(db: None) -> None:
    html = _html(Client().get("/accounts/signin/"))
    assert '<html lang="en"' in html
    assert "Sign in with a passkey" in html


def test_signin_follows_accept_language_zh_cn(db: None) -> None:
    response = Client().get("/accounts/signin/", headers=ZH)
    assert response.status_code == 200
    html = _html(response)
    assert '<html lang="zh-hans"' in html
    assert "<h1>登录</h1>" in html
    assert "使用通行密钥登录" in html  # Sign in with a passkey
    assert "电子邮件" in html  # the form's label, from forms.py
    assert "Sign in with a passkey" not in html


def test_setlang_switches_later_pages_to_chinese(db: None) -> None:
    client = Client()
    assert "<h1>Sign in</h1>" in _html(client.get("/accounts/signin/"))
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/accounts/signin/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/signin/"
    html = _html(client.get("/accounts/signin/"))  # no Accept-Language: the choice is remembered
    assert '<html lang="zh-hans"' in html
    assert "<h1>登录</h1>" in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/signin/"})
    assert "<h1>Sign in</h1>" in _html(client.get("/accounts/signin/"))


def test_meeting_page_translates_labels_from_python(cast: Cast) -> None:
    """State, role and profile labels come from gettext_noop/gettext_lazy in Python code."""
    client = client_for(cast.organizer)
    html = _html(client.get(reverse("meetings:detail", args=[cast.meeting.pk]), headers=ZH))
    assert '<html lang="zh-hans"' in html
    assert "我的会议" in html  # My meetings
    assert "草稿" in html  # Draft
    assert "组织方" in html  # Organizer
    assert "代表" in _html(client.get(reverse("meetings:participants", args=[cast.meeting.pk]), headers=ZH))  # Delegate
    assert "议程" in _html(client.get(reverse("meetings:agenda", args=[cast.meeting.pk]), headers=ZH))  # Agenda
    readiness = _html(client.get(reverse("meetings:readiness", args=[cast.meeting.pk]), headers=ZH))
    assert "准备清单" in readiness  # Readiness checklist
    assert "所有保密协议均已签署" in readiness  # All NDAs signed (a stored checklist label)


# --- domain errors -----------------------------------------------------------------------------


def test_sign_in_error_is_translated(db: None) -> None:
    make_user("ana@example.org")
    response = Client().post("/accounts/signin/", {"email": "ana@example.org", "password": "wrong password"}, headers=ZH)
    assert response.status_code == 401
    html = _html(response)
    assert "电子邮件地址或密码不正确" in html  # the e-mail address or the password is not right
    assert "not right" not in html


def test_unusable_invitation_pages_are_translated(cast: Cast, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(cast.meeting, InvitationRow(email="nora@example.org"), by=cast.organizer, base_url="http://testserver/")
    match = re.search(r"/invitations/#([A-Za-z0-9_-]+)", mail.outbox[-1].body)
    assert match
    url = reverse("invitations:invitation", args=[match.group(1)])
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=dt.datetime(2020, 1, 2, 3, 4, tzinfo=dt.UTC))
    expired = Client().get(url, headers=ZH)
    assert expired.status_code == 410
    assert "此邀请已于 2020-01-02 03:04 UTC 过期；请联系组织方重新发送" in _html(expired)
    revoke(invitation, by=cast.organizer)
    revoked = Client().get(url, headers=ZH)
    assert revoked.status_code == 410
    assert "组织方已撤回此邀请" in _html(revoked)  # the organizer withdrew this invitation
    assert "withdrew" not in _html(revoked)


def test_lifecycle_refusals_and_text_errors_are_translated(cast: Cast) -> None:
    """Messages from the pure modules (lifecycle.py, text.py) are translated where they are shown."""
    organizer = client_for(cast.organizer)
    detail = reverse("meetings:detail", args=[cast.meeting.pk])
    organizer.post(reverse("meetings:transition", args=[cast.meeting.pk]), {"to": "preparing"}, headers=ZH)
    html = _html(organizer.get(detail, headers=ZH))
    assert "已安排纸质文件的碎纸销毁" in html  # a blocker of the next step: Shredding arranged (the NDA item ticks itself)
    assert "Shredding arranged" not in html
    moved = organizer.post(reverse("meetings:transition", args=[cast.meeting.pk]), {"to": "in_session"}, headers=ZH, follow=True)
    assert "无法将会议转入“进行中”" in _html(moved)  # cannot move the meeting to 'in_session'
    assert "准备事项尚未勾选：已安排纸质文件的碎纸销毁" in _html(moved)  # readiness item not ticked: Shredding arranged
    added = organizer.post(
        reverse("meetings:agenda_add", args=[cast.meeting.pk]), {"title": "Open\u200bing", "minutes": "10"}, headers=ZH, follow=True
    )
    # title: contains the invisible character U+200B (ZERO WIDTH SPACE) at position 5; ...
    assert "“标题”一栏：第 5 个字符是不可见字符 U+200B（ZERO WIDTH SPACE）；请将其删除后重新输入" in _html(added)


# --- the catalog -----------------------------------------------------------------------------


@dataclass
class Entry:
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0


_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$')


def _unquote(text: str) -> str:
    text = text.strip()
    assert text.startswith('"'), text
    assert text.endswith('"'), text
    return re.sub(r"\\(.)", lambda m: _ESCAPES[m.group(1)], text[1:-1])


def read_po(path: Path) -> list[Entry]:
    """A minimal reader for the .po files makemessages writes (obsolete entries are skipped)."""
    entries: list[Entry] = []
    entry = Entry()
    target: tuple[str, int] | None = None

    def store(value: str) -> None:
        assert target is not None
        kind, index = target
        if kind == "msgstr":
            entry.msgstr[index] = entry.msgstr.get(index, "") + value
        elif kind == "msgid_plural":
            entry.msgid_plural = (entry.msgid_plural or "") + value
        elif kind == "msgctxt":
            entry.msgctxt = (entry.msgctxt or "") + value
        elif kind == "msgid":
            entry.msgid += value

    for number, raw in enumerate([*path.read_text(encoding="utf-8").splitlines(), ""], start=1):
        line = raw.strip()
        if not line:
            if target is not None:
                entries.append(entry)
            entry, target = Entry(), None
        elif line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif match := _KEYWORD.match(line):
            keyword, index, value = match.groups()
            if not entry.line:
                entry.line = number
            target = ("msgstr", int(index or 0)) if keyword.startswith("msgstr") else (keyword, 0)
            store(_unquote(value))
        else:
            store(_unquote(line))
    return entries


_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{.*?\}\}|</?\w+>")


def _placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


@pytest.fixture(scope="module")
def catalog() -> list[Entry]:
    entries = read_po(PO_FILE)
    assert entries[0].msgid == "", "the header comes first"
    return entries


def test_catalog_header_declares_chinese_plural_forms(catalog: list[Entry]) -> None:
    header = catalog[0].msgstr[0]
    assert "Plural-Forms: nplurals=1; plural=0;" in header
    assert "Language: zh_Hans" in header
    assert "charset=UTF-8" in header


def test_catalog_has_no_untranslated_or_fuzzy_entries(catalog: list[Entry]) -> None:
    assert len(catalog) > 200
    fuzzy = [e.msgid for e in catalog if "fuzzy" in e.flags]
    untranslated = [e.msgid for e in catalog[1:] if not e.msgstr or not all(e.msgstr.values())]
    assert fuzzy == []
    assert untranslated == []


def test_catalog_plurals_have_exactly_one_form(catalog: list[Entry]) -> None:
    plurals = [e for e in catalog if e.msgid_plural is not None]
    assert plurals, "the agenda's minutes are a plural"
    assert all(list(e.msgstr) == [0] for e in plurals), [e.msgid for e in plurals]


def test_catalog_keeps_every_placeholder(catalog: list[Entry]) -> None:
    wrong = [
        (e.line, e.msgid, text)
        for e in catalog[1:]
        for text in e.msgstr.values()
        if _placeholders(text) != _placeholders(e.msgid_plural or e.msgid)
    ]
    assert wrong == []


def test_catalog_translations_are_chinese(catalog: list[Entry]) -> None:
    han = re.compile(r"[\u4e00-\u9fff]")
    assert [e.msgid for e in catalog[1:] if not all(han.search(s) for s in e.msgstr.values())] == []


def test_compiled_catalog_matches_the_po_file(catalog: list[Entry]) -> None:
    """django.mo is committed: it must be compiled from the current django.po."""
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for e in catalog[1:]:
        if e.msgctxt is not None:
            got = (
                compiled.pgettext(e.msgctxt, e.msgid)
                if e.msgid_plural is None
                else compiled.npgettext(e.msgctxt, e.msgid, e.msgid_plural, 1)
            )
        else:
            got = compiled.gettext(e.msgid) if e.msgid_plural is None else compiled.ngettext(e.msgid, e.msgid_plural, 1)
        if got != e.msgstr[0]:
            stale.append(e.msgid)
    assert stale == []
