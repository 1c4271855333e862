"""Publishing a new NDA version: the review of what changed, the warning about languages left as
they were, the earlier signatures kept in view, and the mail to earlier signers."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from incamera.agreements import actions as nda
from incamera.agreements.changes import compare_versions, side_by_side
from incamera.agreements.models import NdaVersion
from incamera.agreements.texts import LANGUAGES
from incamera.kernel.errors import ConflictError, InvalidInputError
from incamera.ledger.models import LogEntry
from tests.conftest import Cast, client_for

OTHERS = ["ar", "zh", "fr", "ru", "es"]
ADDENDUM = "\nAddendum: no photographs of the venue.\n"


def test_compare_versions_names_the_changed_languages_and_diffs_them() -> None:
    before = {"en": "# Title\n\nOne.\nTwo.\nThree.\n", "fr": "# Titre\n\nUn.\n"}
    after = {"en": "# Title\n\nOne.\nTwo!\nThree.\n", "fr": "# Titre  \r\n\r\nUn.\n"}  # fr: only spacing
    en, fr = compare_versions(before, after, ["en", "fr"])
    assert (en.changed, fr.changed) == (True, False)
    assert [(line.kind, line.text) for line in en.lines if line.kind in {"added", "removed"}] == [("removed", "Two."), ("added", "Two!")]
    assert fr.lines == ()


def test_side_by_side_sets_block_n_of_every_language_in_row_n() -> None:
    rows = side_by_side({"en": "# A\n\nPara.\n\n- x\n- y\n", "fr": "# B\n\nParagraphe.\n"}, ["en", "fr"])
    assert rows == [("# A", "# B"), ("Para.", "Paragraphe."), ("- x\n- y", "")]


@pytest.mark.django_db
def test_publishing_with_other_languages_unchanged_needs_their_confirmation(cast: Cast) -> None:
    current = nda.current_nda(cast.meeting)
    edited = {"en": current.texts["en"] + ADDENDUM}
    with pytest.raises(InvalidInputError, match="did not change") as refused:
        nda.do_edit_nda(cast.meeting, edited, by=cast.organizer, unchanged_confirmed=["ar", "zh"])
    assert refused.value.field == "confirm_unchanged"
    assert "Français" in str(refused.value)
    assert "العربية" not in str(refused.value)  # confirmed
    assert NdaVersion.objects.filter(meeting=cast.meeting).count() == 1
    version = nda.do_edit_nda(cast.meeting, edited, by=cast.organizer, unchanged_confirmed=OTHERS)
    assert version.version == 2
    assert LogEntry.objects.filter(event__type="nda.published", event__payload__unchanged=OTHERS).exists()


@pytest.mark.django_db
def test_a_version_published_since_the_review_is_a_conflict(cast: Cast) -> None:
    current = nda.current_nda(cast.meeting)
    nda.do_edit_nda(cast.meeting, {code: text + ADDENDUM for code, text in current.texts.items()}, by=cast.organizer)
    with pytest.raises(ConflictError, match="version 2 was published after the version 1 you reviewed"):
        nda.do_edit_nda(
            cast.meeting, {"en": current.texts["en"] + "\nOther.\n"}, by=cast.organizer, unchanged_confirmed=LANGUAGES, base_version=1
        )


@pytest.mark.django_db(transaction=True)
def test_earlier_signers_are_mailed_after_the_commit(cast: Cast) -> None:
    current = nda.current_nda(cast.meeting)
    nda.do_edit_nda(
        cast.meeting, {"en": current.texts["en"] + ADDENDUM}, by=cast.organizer, unchanged_confirmed=OTHERS, base_url="https://nda.example/"
    )
    mailed = sorted(address for message in mail.outbox for address in message.to)
    assert mailed == sorted(user.email for user in (cast.delegate, cast.observer, cast.focal_point))
    message = mail.outbox[0]
    assert cast.meeting.title in message.subject
    assert "version 2" in message.body
    assert f"https://nda.example/meetings/{cast.meeting.pk}/nda/" in message.body


@pytest.mark.django_db(transaction=True)
def test_a_refused_publication_mails_nobody(cast: Cast) -> None:
    current = nda.current_nda(cast.meeting)
    with pytest.raises(InvalidInputError):
        nda.do_edit_nda(cast.meeting, {"en": current.texts["en"] + ADDENDUM}, by=cast.organizer)
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_review_shows_the_unchanged_languages_the_diffs_and_the_texts_side_by_side(cast: Cast) -> None:
    current = nda.current_nda(cast.meeting)
    client = client_for(cast.organizer)
    url = f"/meetings/{cast.meeting.pk}/nda/edit/"
    posted = {f"text_{code}": text for code, text in current.texts.items()}
    posted["text_en"] = current.texts["en"] + ADDENDUM
    review = client.post(url, {**posted, "step": "review"})
    assert review.status_code == 200
    page = review.content.decode()
    warning = re.search(r'<div class="notice" role="status" id="unchanged-languages">(.*?)</div>', page, re.DOTALL)
    assert warning is not None
    assert re.findall(r'<li lang="(\w+)">', warning.group(1)) == OTHERS
    assert '<ins><span aria-hidden="true">+ </span>Addendum: no photographs of the venue.</ins>' in page
    assert page.count("· unchanged</h3>") == 5
    assert page.count("· changed</h3>") == 1
    table = re.search(r'<table class="side-by-side">(.*?)</table>', page, re.DOTALL)
    assert table is not None
    first_row = re.search(r"<tbody><tr>(.*?)</tr>", table.group(1), re.DOTALL)
    assert first_row is not None
    assert re.findall(r'<td lang="(\w+)" dir="(\w+)">', first_row.group(1)) == [
        (code, "rtl" if code == "ar" else "ltr") for code in LANGUAGES
    ]
    assert 'name="confirm_unchanged" value="ar zh fr ru es" required' in page
    assert NdaVersion.objects.filter(meeting=cast.meeting).count() == 1  # a review publishes nothing

    # Publishing without ticking the confirmation is refused, on the review page.
    refused = client.post(url, {**posted, "step": "publish", "base_version": "1"})
    assert refused.status_code == 422
    assert "did not change" in refused.content.decode()
    assert NdaVersion.objects.filter(meeting=cast.meeting).count() == 1

    published = client.post(url, {**posted, "step": "publish", "base_version": "1", "confirm_unchanged": "ar zh fr ru es"})
    assert published.status_code == 302
    assert nda.current_nda(cast.meeting).version == 2


@pytest.mark.django_db
def test_earlier_signatures_stay_visible_after_a_new_version(cast: Cast) -> None:
    current = nda.current_nda(cast.meeting)
    nda.do_edit_nda(cast.meeting, {"en": current.texts["en"] + ADDENDUM}, by=cast.organizer, unchanged_confirmed=OTHERS)
    listing = client_for(cast.organizer).get(f"/meetings/{cast.meeting.pk}/nda/edit/").content.decode()
    assert "Signatures of every version" in listing
    for user in (cast.delegate, cast.observer, cast.focal_point):
        assert re.search(rf'<td>{re.escape(user.email)}</td><td><bdi dir="ltr">1</bdi> <small>\(an earlier version\)</small></td>', listing)
    page = client_for(cast.delegate).get(f"/meetings/{cast.meeting.pk}/nda/?language=en").content.decode()
    assert 'You signed version <bdi dir="ltr">1</bdi> in <bdi lang="en">English</bdi> on ' in page
    assert "Version 2 replaces it: read it and sign again." in page
