"""The adopted resolution's sealed record (issue 13): a PDF of every language version, its
signers and reservations, sealed by the secretariat, with the signature bundle attached; from the
page and from ``incamera resolutions record``."""

from __future__ import annotations

import io

import pikepdf
import pytest
from django.core.management import call_command

from incamera.kernel.errors import TransitionError
from incamera.ledger import sequencer
from incamera.pdf.pades import check_sealed
from incamera.resolutions import actions as resolutions
from incamera.resolutions.models import Resolution, ResolutionState
from incamera.resolutions.record import BUNDLE_NAME
from incamera.secretariats.seal import seal_of
from incamera.signatures import actions
from incamera.signatures.bundle import Bundle, verify_bundle
from tests.conftest import Cast, client_for, make_meeting, make_user
from tests.signatures.test_actions import _key, _sign

pytestmark = pytest.mark.django_db


def test_the_record_is_sealed_and_carries_a_bundle_that_verifies(cast: Cast, adopted: Resolution, tmp_path) -> None:  # type: ignore[no-untyped-def]
    browser, authenticator = _key(cast.delegate)
    _sign(adopted, cast.delegate, browser, authenticator)
    sequencer.sequence_pending()
    resolutions.do_add_reservation(adopted, kind="reservation", text="Subject to domestic ratification.", by=cast.delegate)
    response = client_for(cast.delegate).get(f"/meetings/{cast.meeting.pk}/resolutions/{adopted.pk}/record.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    check = check_sealed(pdf, certificate_pem=seal_of(cast.meeting.secretariat).certificate_pem, attachment_name=BUNDLE_NAME)
    bundle = Bundle.from_json(check.attachment)
    verify_bundle(bundle, texts=resolutions.texts_of(adopted.versions.order_by("-number").first()))  # type: ignore[arg-type]
    assert [s.delegation for s in bundle.signers] == ["Delegate Delegation"]
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert document.attachments[BUNDLE_NAME].get_file().read_bytes() == check.attachment
    out = tmp_path / "record.pdf"
    call_command("resolutions", "record", "--id", str(adopted.pk), "--output", str(out), stdout=io.StringIO())
    assert check_sealed(out.read_bytes(), certificate_pem=seal_of(cast.meeting.secretariat).certificate_pem, attachment_name=BUNDLE_NAME)


def test_a_draft_has_no_record(cast: Cast) -> None:
    draft = resolutions.do_create_resolution(cast.meeting, title="T", texts={"en": "Text."}, legal_character="decision", by=cast.organizer)
    with pytest.raises(TransitionError, match="only an adopted resolution"):
        actions.record_of(draft)
    assert client_for(cast.organizer).get(f"/meetings/{cast.meeting.pk}/resolutions/{draft.pk}/record.pdf").status_code == 409


def test_under_the_three_nos_only_the_organizers_get_the_bundle_and_the_record(db: None) -> None:
    from incamera.meetings import actions as meetings
    from tests.conftest import sign_nda

    chair = make_user("chair@example.org", organize=True)
    meeting = make_meeting(chair, profile="three_nos")
    chile = make_user("chile@example.org")
    meetings.do_add_member(meeting, chile, role="delegate", delegation="Chile", by=chair)
    sign_nda(chile, meeting)
    resolution = resolutions.do_create_resolution(meeting, title="T", texts={"en": "Text."}, legal_character="decision", by=chair)
    Resolution.objects.filter(pk=resolution.pk).update(state=ResolutionState.ADOPTED)
    resolution.refresh_from_db()
    assert client_for(chair).get(f"/meetings/{meeting.pk}/resolutions/{resolution.pk}/record.pdf").status_code == 409  # nobody signed
    browser, authenticator = _key(chile)
    _sign(resolution, chile, browser, authenticator)
    sequencer.sequence_pending()
    for path in ("record.pdf", "bundle.json"):
        url = f"/meetings/{meeting.pk}/resolutions/{resolution.pk}/{path}"
        assert client_for(chile).get(url).status_code == 404  # they name every signer and delegation
        assert client_for(chair).get(url).status_code == 200
