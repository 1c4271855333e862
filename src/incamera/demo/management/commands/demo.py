"""``incamera demo``: seed a realistic demo (idempotent).

A Chatham House roundtable on critical-minerals supply chains with a dozen participants from
states, international organisations, companies and NGOs, in session now (its NDAs signed, a
speakers list under way, two unattributed notes), and a "three nos" consultation in draft.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import zoneinfo
from argparse import ArgumentParser
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from incamera.accounts import passkeys
from incamera.accounts.models import User
from incamera.demo.softkey import SoftAuthenticator
from incamera.meetings import actions
from incamera.meetings.models import Meeting
from incamera.resolutions.models import Resolution
from incamera.secretariats.models import Secretariat
from incamera.web.commands import DomainCommand

DEMO_PASSWORD = "incamera-demo-2026"  # noqa: S105 - printed on purpose: demo data only
DOMAIN = "demo.incamera.example"
# The demo's software passkeys answer for this relying party (softkey.py).
DEMO_RP = passkeys.RelyingParty(id="localhost", origin="http://localhost")

ORGANIZER = ("secretariat", "Helena Marsh", "Roundtable Secretariat")
# Delegation → (kind, region, DPI, TRC, GPW, credit ratings 2024–2026)
DELEGATIONS = {
    "Chile — Ministry of Mining": ("state", "Latin America", 62, 88, 58, ("A", "A", "A")),
    "Democratic Republic of the Congo": ("state", "Africa", 55, 95, 60, ("B-", "B-", "B")),
    "Indonesia — Ministry of Energy and Mineral Resources": ("state", "Asia-Pacific", 70, 85, 72, ("BBB", "BBB", "BBB")),
    "Germany — Federal Ministry for Economic Affairs": ("state", "Europe", 80, 70, 85, ("AAA", "AAA", "AAA")),
    "China — Ministry of Commerce": ("state", "Asia-Pacific", 90, 80, 95, ("A+", "A+", "A+")),
    "UNCTAD": ("international_organisation", "Global", 45, 75, 50, ()),
    "OECD": ("international_organisation", "Global", 50, 65, 45, ("AA+", "AA+", "AAA")),
    "Andes Lithium Corporation (multinational)": ("company_multinational", "Latin America", 60, 70, 40, ("A-", "A-", "BBB+")),
    "Kivu Artisanal Refiners (SME)": ("company_sme", "Africa", 20, 85, 15, ()),
    "Resource Justice Network (NGO)": ("ngo", "Global", 25, 80, 20, ()),
    "Institute for Mineral Economics": ("academic", "Europe", 30, 75, 25, ()),
}

PEOPLE = [
    # (local part, name, delegation, role)
    ("c.rojas", "Camila Rojas", "Chile — Ministry of Mining", "delegate"),
    ("f.soto", "Felipe Soto", "Chile — Ministry of Mining", "focal_point"),
    ("jp.mbuyi", "Jean-Pierre Mbuyi", "Democratic Republic of the Congo", "delegate"),
    ("s.rahmawati", "Siti Rahmawati", "Indonesia — Ministry of Energy and Mineral Resources", "delegate"),
    ("l.brandt", "Lukas Brandt", "Germany — Federal Ministry for Economic Affairs", "delegate"),
    ("wang.lei", "王磊 (Wang Lei)", "China — Ministry of Commerce", "delegate"),
    ("a.okafor", "Amara Okafor", "UNCTAD", "delegate"),
    ("m.dubois", "Marie Dubois", "OECD", "observer"),
    ("d.fernandez", "Diego Fernández", "Andes Lithium Corporation (multinational)", "delegate"),
    ("g.uwase", "Grace Uwase", "Kivu Artisanal Refiners (SME)", "delegate"),
    ("p.natarajan", "Priya Natarajan", "Resource Justice Network (NGO)", "observer"),
    ("t.silva", "Tomás Silva", "Institute for Mineral Economics", "observer"),
    ("catering", "Lakeside Catering", "", "service"),  # staff of no delegation: the role says who they are
]
AGENDA = [
    ("Opening; the Chatham House Rule and how notes are kept", 20),
    ("Concentration of processing capacity and chokepoints", 75),
    ("Traceability and due diligence from mine to magnet", 75),
    ("Fair value for producing countries and artisanal miners", 60),
    ("What each participant will take home; next steps", 30),
]


OTHER_SECRETARIAT = "Regional Dialogue Secretariat"
OTHER_ORGANIZER = ("r.okafor", "Rita Okafor")


class Command(DomainCommand):
    help = "Seed the demo meetings and accounts (safe to run again)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--quiet-if-present", action="store_true", help="print nothing when the demo is already there")

    def handle(self, *args: Any, **options: Any) -> None:
        from incamera.secretariats.actions import default_secretariat

        secretariat = default_secretariat()
        organizer, created = self._user(*ORGANIZER[:2], organize=True)
        people = {local: self._user(local, name)[0] for local, name, _d, _r in PEOPLE}
        geneva = zoneinfo.ZoneInfo("Europe/Zurich")
        # The roundtable is in session now: it began about an hour ago (on the quarter hour).
        began = dt.datetime.now(geneva) - dt.timedelta(hours=1)
        start = began.replace(minute=began.minute - began.minute % 15, second=0, microsecond=0)

        roundtable = Meeting.objects.filter(created_by=organizer, profile="chatham_house").first()
        if roundtable is None:
            roundtable = actions.do_create_meeting(
                actions.MeetingInput(
                    title="Critical minerals supply chains: resilience, traceability and fair value",
                    description="A closed roundtable of producing and consuming states, international organisations, companies and civil society.",
                    starts_at=start,
                    ends_at=start + dt.timedelta(hours=8),
                    timezone="Europe/Zurich",
                    venue="Palais des Nations, Room XII, Geneva",
                    mode="hybrid",
                    languages=["en", "fr", "zh"],
                    profile="chatham_house",
                ),
                secretariat=secretariat,
                by=organizer,
            )
            for title, minutes in AGENDA:
                actions.do_add_agenda_item(roundtable, title=title, minutes=minutes, by=organizer)
            for local, _name, delegation, role in PEOPLE:
                actions.do_add_member(roundtable, people[local], role=role, delegation=delegation, by=organizer)
            actions.do_transition_meeting(roundtable, "preparing", by=organizer)
            self._vetting(roundtable, organizer)
            for item in roundtable.checklist.filter(key__in=["device_lockers", "interpretation_booths"]):
                actions.do_set_checklist_item(item, done=True, by=organizer)
            self._session(roundtable, organizer, people)
            # Seeded with the roundtable, never on its own: a demo database from an earlier
            # release keeps the meetings it has (tests/test_upgrade.py).
            self._past_meeting(secretariat, organizer, people)

        consultation = Meeting.objects.filter(created_by=organizer, profile="three_nos").first()
        if consultation is None:
            consultation = actions.do_create_meeting(
                actions.MeetingInput(
                    title="Consultation on export-control coordination",
                    starts_at=start + dt.timedelta(days=1),
                    ends_at=start + dt.timedelta(days=1, hours=3),
                    timezone="Europe/Zurich",
                    venue="Villa Moynier, Geneva",
                    languages=["en", "zh"],
                    profile="three_nos",
                ),
                secretariat=secretariat,
                by=organizer,
            )
            actions.do_add_agenda_item(consultation, title="Exchange of views on licensing practice", minutes=90, by=organizer)
            for local in ("l.brandt", "wang.lei", "s.rahmawati"):
                delegation = next(d for lp, _n, d, _r in PEOPLE if lp == local)
                actions.do_add_member(consultation, people[local], role="delegate", delegation=delegation, by=organizer)

        self._other_secretariat()
        if options["quiet_if_present"] and not created:
            return
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        self.stdout.write(f"  organizer   {organizer.email}")
        for local, name, delegation, role in PEOPLE:
            self.stdout.write(f"  {role:<11} {local}@{DOMAIN}  ({', '.join(filter(None, (name, delegation)))})")
        self.stdout.write(f"  organizer of another secretariat (sees none of the above): {OTHER_ORGANIZER[0]}@{DOMAIN}")
        self.stdout.write(
            "The roundtable is in session: its participants signed the NDA with software passkeys the demo held. "
            "To confirm an act yourself (joining the virtual room), register a passkey under Passkeys first."
        )

    def _vetting(self, meeting: Meeting, organizer: User) -> None:
        """Roster, ratings, matrix scores, needs and service codes for the roundtable."""
        from incamera.roster import actions as roster
        from incamera.service import actions as service
        from incamera.vetting import actions as vetting

        rows = ["delegation,kind,region,full_name,email"]
        rows += [
            f'"{d}",{DELEGATIONS[d][0]},{DELEGATIONS[d][1]},"{name}",{local}@{DOMAIN}' for local, name, d, _r in PEOPLE if d in DELEGATIONS
        ]
        roster.do_import_roster("\n".join(rows).encode(), meeting.secretariat, by=organizer)
        ratings = ["delegation,attribute,year,value"]
        ratings += [f'"{d}",credit_rating,{2024 + i},{r}' for d, facts in DELEGATIONS.items() for i, r in enumerate(facts[5])]
        roster.do_import_attributes("\n".join(ratings).encode(), meeting.secretariat, by=organizer)
        scores = ["delegation,DPI,TRC,GPW"] + [f'"{d}",{f[2]},{f[3]},{f[4]}' for d, f in DELEGATIONS.items()]
        vetting.do_import_scores(meeting, "\n".join(scores).encode(), by=organizer)
        for local, dietary, access in (
            ("wang.lei", "vegetarian", ""),
            ("g.uwase", "halal", "step-free seat"),
            ("m.dubois", "no gluten", ""),
        ):
            member = meeting.memberships.get(user__email=f"{local}@{DOMAIN}")
            service.do_set_needs(member, dietary=dietary, access=access, by=organizer)
        service.do_issue_service_codes(meeting, by=organizer)
        self._materials(meeting, organizer)

    def _session(self, meeting: Meeting, organizer: User, people: dict[str, User]) -> None:
        """The roundtable in session (issue 12): every participant has signed the NDA, with a
        software passkey the demo holds for them (``softkey.py``: real keys and signatures, kept in
        memory only); the checklist is complete; the second item's speakers list is under way and
        two unattributed notes are kept."""
        self._sign_ndas(meeting)
        for item in meeting.checklist.filter(required=True, done=False).exclude(key="ndas_signed"):
            actions.do_set_checklist_item(item, done=True, by=organizer)
        actions.do_transition_meeting(meeting, "in_session", by=organizer)
        self._speakers(meeting, organizer, people)
        self._notes(meeting, organizer)

    def _sign_ndas(self, meeting: Meeting) -> dict[int, SoftAuthenticator]:
        """Every participant signs the meeting's NDA with a software passkey the demo holds
        (``softkey.py``: real keys and signatures, in memory only, registered as "demo passkey
        (software)"); returns each one's authenticator by user id."""
        from incamera.agreements import actions as nda
        from incamera.meetings.models import Role

        keys = {}
        for seat in meeting.memberships.exclude(role__in=[Role.ORGANIZER, Role.SERVICE]).select_related("user"):
            user, key = seat.user, SoftAuthenticator(rp_id=DEMO_RP.id, origin=DEMO_RP.origin)
            challenge_id, options = passkeys.begin_registration(user, DEMO_RP)
            passkeys.finish_registration(user, challenge_id, json.dumps(key.register(options)), name="demo passkey (software)")
            confirmation = self._confirm(user, key, nda.digest_of(nda.current_nda(meeting), "en"), "nda")
            nda.do_sign_nda(meeting, user, language="en", full_name=user.display_name, confirmation_id=confirmation)
            keys[user.pk] = key
        return keys

    @staticmethod
    def _confirm(user: User, key: SoftAuthenticator, digest: str, purpose: str) -> int:
        """A passkey confirmation of ``digest`` by the demo's software authenticator."""
        challenge_id, options = passkeys.begin_authentication(DEMO_RP, purpose="confirm", user=user, digest=digest)
        assertion = passkeys.finish_authentication(
            challenge_id, json.dumps(key.get_assertion(options)), purpose="confirm", user=user, confirm_purpose=purpose
        )
        assert assertion.confirmation is not None
        return assertion.confirmation.pk

    def _sign_resolution(self, resolution: Resolution, users: list[User], keys: dict[int, SoftAuthenticator]) -> None:
        """Each of ``users`` signs in both tracks, as signing.js and a passkey would: an Ed25519
        key made here stands for the browser's WebCrypto key (registered with a passkey
        confirmation), and the software passkey confirms the digest."""
        from incamera.resolutions.actions import digests_of
        from incamera.signatures import actions as signing

        digest = digests_of(resolution).whole
        for user in users:
            browser = ed25519.Ed25519PrivateKey.generate()
            spki = browser.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
            registration = self._confirm(user, keys[user.pk], hashlib.sha256(spki).hexdigest(), signing.KEY_PURPOSE)
            signing.do_register_signing_key(
                user, algorithm="Ed25519", public_key=base64.b64encode(spki).decode(), confirmation_id=registration
            )
            signature = base64.b64encode(browser.sign(bytes.fromhex(digest))).decode()
            confirmation = self._confirm(user, keys[user.pk], digest, signing.SIGN_PURPOSE)
            signing.do_sign_resolution(resolution, user, digest=digest, signature=signature, confirmation_id=confirmation)

    def _past_meeting(self, secretariat: Secretariat, organizer: User, people: dict[str, User]) -> Meeting:
        """A ministerial dialogue held five months ago (issue 13): a resolution adopted by named
        roll call, a reservation, and three commitments whose reports put them on different
        statuses (fulfilled, at risk, overdue), computed from today's date."""
        from incamera.commitments.actions import do_create_commitment, do_report
        from incamera.disclosure import actions as disclosure
        from incamera.disclosure.models import Item
        from incamera.resolutions import actions as resolutions

        today = dt.datetime.now(dt.UTC).date()
        start = dt.datetime.combine(today - dt.timedelta(days=150), dt.time(8, 0), tzinfo=dt.UTC)
        meeting = actions.do_create_meeting(
            actions.MeetingInput(
                title="Ministerial dialogue on responsible sourcing, first session",
                starts_at=start,
                ends_at=start + dt.timedelta(hours=6),
                timezone="Europe/Zurich",
                venue="Palais des Nations, Room VII, Geneva",
                languages=["en", "fr", "zh"],
                profile="chatham_house",
            ),
            secretariat=secretariat,
            by=organizer,
        )
        actions.do_add_agenda_item(meeting, title="A shared registry of smelters and refiners", minutes=120, by=organizer)
        members = {
            "c.rojas": "delegate",
            "jp.mbuyi": "delegate",
            "s.rahmawati": "delegate",
            "l.brandt": "delegate",
            "wang.lei": "delegate",
            "m.dubois": "observer",  # the secret ballot's trustees
            "t.silva": "observer",
        }
        for local, role in members.items():
            delegation = next(d for lp, _n, d, _r in PEOPLE if lp == local)
            actions.do_add_member(meeting, people[local], role=role, delegation=delegation, by=organizer)
        actions.do_transition_meeting(meeting, "preparing", by=organizer)
        from incamera.disclosure.actions import do_set_readout_rule

        do_set_readout_rule(meeting, "majority", by=organizer)
        keys = self._sign_ndas(meeting)
        for item in meeting.checklist.filter(required=True, done=False).exclude(key="ndas_signed"):
            actions.do_set_checklist_item(item, done=True, by=organizer)
        actions.do_transition_meeting(meeting, "in_session", by=organizer)
        resolution = resolutions.do_create_resolution(
            meeting,
            title="On a shared registry of smelters and refiners",
            texts={
                "en": "The participants agree to publish, within a year, a shared registry of the smelters and refiners "
                "that process the minerals they trade, and to report every year on the progress made.",
                "fr": "Les participants conviennent de publier, dans un délai d'un an, un registre commun des fonderies et "
                "affineries qui traitent les minerais qu'ils échangent, et de rendre compte chaque année des progrès accomplis.",
                "zh": "与会者同意在一年内公布其所交易矿产的冶炼厂和精炼厂共同名录，并每年报告进展情况。",
            },
            legal_character="political_commitment",
            adoption_method="roll_call",
            agenda_item=meeting.agenda.get(),
            by=organizer,
        )
        resolutions.do_open_adoption(resolution, by=organizer)
        for local, choice in (
            ("c.rojas", "yes"),
            ("jp.mbuyi", "yes"),
            ("s.rahmawati", "yes"),
            ("l.brandt", "abstain"),
            ("wang.lei", "yes"),
        ):
            resolutions.do_cast_vote(resolution, choice=choice, by=people[local])
        resolutions.do_close_adoption(resolution, by=organizer)
        resolutions.do_add_reservation(
            resolution, kind="reservation", text="Subject to domestic ratification by the national assembly.", by=people["s.rahmawati"]
        )
        resolution.refresh_from_db()
        self._sign_resolution(resolution, [people[local] for local in ("c.rojas", "jp.mbuyi", "s.rahmawati", "wang.lei")], keys)
        chile, drc, indonesia = (next(d for lp, _n, d, _r in PEOPLE if lp == local) for local in ("c.rojas", "jp.mbuyi", "s.rahmawati"))
        commitments = [
            (chile, "Publish the national part of the smelter registry", "registry_published", "", 1, today - dt.timedelta(days=30)),
            (drc, "Raise the recycled share of cobalt to 30 %", "recycled_share", "%", 30, today + dt.timedelta(days=200)),
            (indonesia, "Train 200 customs officers in origin checks", "officers_trained", "officers", 200, today - dt.timedelta(days=6)),
        ]
        made = []
        for owner, description, metric, unit, target, by_date in commitments:
            condition = {"metric": metric, "comparison": ">=", "target": target, "by": by_date.isoformat()}
            made.append(
                do_create_commitment(
                    resolution,
                    owner=owner,
                    description=description,
                    due=by_date,
                    metric=metric,
                    unit=unit,
                    condition=condition,
                    by=organizer,
                )
            )
        reports = [
            (made[0], people["c.rojas"], [(1, 60)]),  # published in time: fulfilled
            (made[1], people["jp.mbuyi"], [(10, 150), (12, 60)]),  # too slow a trend: at risk
            (made[2], people["s.rahmawati"], [(120, 50)]),  # the date has passed short of 200: overdue
        ]
        self._secret_ballot(meeting, organizer, people, keys)
        # A readout agreed by a majority (Germany objects), released early (issue 15).
        readout = disclosure.do_propose_readout(
            meeting,
            title="Readout: a shared registry of smelters and refiners",
            text="Ministers discussed a shared registry of the smelters and refiners that process the minerals they trade. "
            "They adopted a political commitment to publish it within a year and to report on progress every year.",
            by=organizer,
        )
        for local, agree in (("c.rojas", True), ("l.brandt", False), ("jp.mbuyi", True), ("wang.lei", True)):
            objection = "" if agree else "Our parliament must be informed before anything is published."
            disclosure.do_answer_readout(readout, people[local], agree=agree, objection=objection)
        disclosure.do_update_schedule(meeting, {"outline": 30, "non_sensitive": 180, "full": 365}, by=organizer)
        sealed_note, document = self._record_to_seal(meeting, organizer)
        actions.do_transition_meeting(meeting, "closed", by=organizer)
        for commitment, reporter, values in reports:
            for value, days_ago in values:
                do_report(commitment, value=value, date=today - dt.timedelta(days=days_ago), by=reporter)
        # Disclosure (issue 15): everything approved; the outline (+30 days) is out, the outcomes
        # (+180) still wait for their date.
        # A document marked public, and a note the organizer sealed: it goes to the sealed record,
        # which only two of its three custodians together can open, once a petition is granted.
        disclosure.do_mark_public(meeting, document.pk, by=organizer)
        disclosure.do_propose_items(meeting, by=organizer)
        self._custodian_quorum(meeting, organizer, people)
        for proposed in Item.objects.filter(meeting=meeting, state="proposed"):
            sealed = proposed.kind == "note" and proposed.ref == str(sealed_note.pk)
            disclosure.do_approve_item(disclosure.do_set_tier(proposed, "sealed", by=organizer) if sealed else proposed, by=organizer)
        disclosure.release_due()
        # The public-interest exception: the secretariat's ethics review panel, and a petition it
        # has yet to decide (its 30-day deadline is public).
        reviewer, _created = self._user("r.mensah", "Ruth Mensah")
        disclosure.do_add_reviewer(meeting.secretariat, reviewer, by=organizer)
        disclosure.do_file_petition(
            meeting,
            text="The registry decision affects artisanal miners who were not in the room. The full record of what was "
            "said about small refiners should be public now, before the national consultations close.",
            by=people["p.natarajan"],
        )
        return meeting

    def _record_to_seal(self, meeting: Meeting, organizer: User) -> tuple[Any, Any]:
        """In session: a public document (the terms of reference) and a note to be sealed."""
        from incamera.materials.actions import do_upload
        from incamera.notes.actions import do_add_note

        terms = (
            "Terms of reference of the ministerial dialogue on responsible sourcing.\n\n"
            "The dialogue meets twice a year under the Chatham House Rule. Participants may use what is said, "
            "but never reveal who said it. Outcomes are published on the schedule the secretariat announces.\n"
        ) * 3
        document = do_upload(meeting, filename="terms-of-reference.txt", title="Terms of reference", data=terms.encode(), by=organizer)
        note = do_add_note(
            meeting,
            text="A producing state described stockpile levels that its government has not made public; participants "
            "agreed this part of the exchange should stay sealed.",
            by=organizer,
        )
        return note, document

    def _custodian_quorum(self, meeting: Meeting, organizer: User, people: dict[str, User]) -> None:
        """Three custodians, any two of whom open the sealed record (issue 15).  Their custody keys
        are made here and forgotten: in a real deployment each custodian makes theirs with
        ``incamera custodian keygen`` and keeps it."""
        from incamera.crypto import hybrid
        from incamera.disclosure import actions as disclosure
        from incamera.materials.actions import do_add_custodian

        seats = []
        for local in ("m.dubois", "t.silva", "a.okafor"):
            user = people[local]
            pair = hybrid.CustodianKeyPair.generate()
            custodian = do_add_custodian(
                meeting, name=user.full_name, public_key_text=hybrid.public_to_text(pair.public_bytes()), by=organizer
            )
            seats.append(disclosure.CustodianSeat(custodian.pk, user.email))
        disclosure.do_create_quorum(meeting, k=2, seats=seats, by=organizer)

    def _secret_ballot(self, meeting: Meeting, organizer: User, people: dict[str, User], keys: dict[int, SoftAuthenticator]) -> None:
        """A finished secret election (issue 14): the rapporteur of the second session.  Nobody is
        here to use a browser, so the demo command does what the voters' and trustees' browsers
        do, with the same protocol code (``incamera.belenios``) and its software passkeys; the
        record verifies with belenios-tool."""
        from incamera.ballots import actions as ballots
        from incamera.belenios.ballot import make_ballot
        from incamera.belenios.election import make_credential, public_credential
        from incamera.belenios.group import BELENIOS_2048
        from incamera.belenios.tally import make_trustee_key, partial_decryption, tally_from_json

        trustees = [people["m.dubois"], people["t.silva"]]
        ballot = ballots.do_create_ballot(
            meeting,
            title="Rapporteur of the second session",
            description="Demo: the votes were cast by the demo command with the protocol code a browser runs and software passkeys.",
            questions=[
                {
                    "question": "Who reports the second session's outcomes?",
                    "answers": ["Camila Rojas", "Siti Rahmawati", "Lukas Brandt"],
                    "min": 1,
                    "max": 1,
                    "blank": True,
                }
            ],
            trustees=trustees,
            by=organizer,
        )
        private = {}
        for user in trustees:
            x, key = make_trustee_key(BELENIOS_2048)
            text = json.dumps(key.to_json())
            confirmation = self._confirm(user, keys[user.pk], ballots.sha256_hex(text), ballots.KEY_PURPOSE)
            ballots.do_register_trustee_key(ballot, user, public_key=text, confirmation_id=confirmation)
            private[user.pk] = x
        votes = {"c.rojas": [0, 1, 0], "jp.mbuyi": [0, 1, 0], "s.rahmawati": [1, 0, 0], "l.brandt": [0, 0, 0], "wang.lei": [0, 1, 0]}
        credentials = {}
        for local in votes:
            user, credential = people[local], make_credential()
            public = str(public_credential(credential, ballot.uuid))
            confirmation = self._confirm(user, keys[user.pk], ballots.sha256_hex(public), ballots.CREDENTIAL_PURPOSE)
            ballots.do_register_credential(ballot, user, public_credential=public, confirmation_id=confirmation)
            credentials[local] = credential
        ballot = ballots.do_open_ballot(ballot, by=organizer)
        election = ballots.election_of(ballot)
        for local, choice in [*votes.items(), ("l.brandt", [0, 0, 1])]:  # Germany votes blank, then changes its mind
            text = make_ballot(election, credentials[local], [choice]).text
            confirmation = self._confirm(people[local], keys[people[local].pk], ballots.sha256_hex(text), ballots.CAST_PURPOSE)
            ballots.do_cast_ballot(ballot, people[local], text=text, confirmation_id=confirmation)
        ballot = ballots.do_close_ballot(ballot, by=organizer)
        tally = tally_from_json(ballot.tally_text, election)
        for user in trustees:
            text = partial_decryption(election, tally, private[user.pk]).to_json()
            confirmation = self._confirm(user, keys[user.pk], ballots.sha256_hex(text), ballots.DECRYPT_PURPOSE)
            ballots.do_submit_decryption(ballot, user, text=text, confirmation_id=confirmation)

    def _notes(self, meeting: Meeting, organizer: User) -> None:
        """Two Chatham House notes: what was said, never who said it (the engine checked them)."""
        from incamera.notes.actions import do_add_note

        first, second = meeting.agenda.order_by("position", "id")[:2]
        do_add_note(
            meeting,
            agenda_item=first,
            text=(
                "Participants agreed that traceability should cover refining as well as mining, and that "
                "requirements should be phased in over five years with technical help for small refiners."
            ),
            by=organizer,
        )
        do_add_note(
            meeting,
            agenda_item=second,
            text=(
                "A producing state argued that price swings hurt small producers most; an international "
                "organisation proposed a joint study of stockpiles, and a company representative asked that "
                "any registry of smelters protect commercially sensitive data."
            ),
            by=organizer,
        )

    def _speakers(self, meeting: Meeting, organizer: User, people: dict[str, User]) -> None:
        """The second item's speakers list in progress (issue 12): a point of order answered, one
        turn over, a budget raised with its reason, Germany speaking, three in the queue."""
        from incamera.conduct import floor
        from incamera.conduct.actions import do_floor_event

        item = meeting.agenda.order_by("position", "id")[1]
        # Seven minutes ago, so that Germany has been speaking for a minute when the demo opens.
        began = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=420)
        chile, drc, indonesia, germany, china = (
            next(d for lp, _n, d, _r in PEOPLE if lp == local) for local in ("c.rojas", "jp.mbuyi", "s.rahmawati", "l.brandt", "wang.lei")
        )

        def at(seconds: int) -> dt.datetime:
            return began + dt.timedelta(seconds=seconds)

        steps: list[tuple[floor.Event, User]] = [
            (floor.FloorRequested(at=at(0), by="", delegation=chile), people["c.rojas"]),
            (floor.FloorRequested(at=at(20), by="", delegation=germany), people["l.brandt"]),
            (floor.FloorRequested(at=at(35), by="", delegation=drc, kind=floor.Kind.POINT_OF_ORDER), people["jp.mbuyi"]),
            (floor.FloorGiven(at=at(60), by=""), organizer),  # the point of order goes first
            (floor.FloorGiven(at=at(105), by=""), organizer),  # then Chile, which had asked first
            (floor.FloorRequested(at=at(200), by="", delegation=indonesia), people["s.rahmawati"]),
            (floor.FloorRequested(at=at(230), by="", delegation=china), people["wang.lei"]),
            (floor.FloorEnded(at=at(345), by=""), organizer),
            (
                floor.BudgetAdjusted(
                    at=at(350), by="", delegation=drc, delta_s=120, reason="Its point of order took the time of its own turn"
                ),
                organizer,
            ),
            (floor.FloorGiven(at=at(360), by=""), organizer),  # Germany
            (floor.FloorRequested(at=at(380), by="", delegation=drc), people["jp.mbuyi"]),
        ]
        for event, by in steps:
            do_floor_event(meeting, item, event, by=by)

    def _materials(self, meeting: Meeting, organizer: User) -> None:
        """A briefing paper (Markdown, a few pages) and a PDF annex, encrypted like any upload."""
        from importlib import resources

        from incamera.materials.actions import do_upload

        briefing = resources.files("incamera.demo.data").joinpath("briefing.md").read_bytes()
        do_upload(
            meeting,
            filename="briefing-paper.md",
            title="Briefing paper: supply chains, traceability, fair value",
            data=briefing,
            by=organizer,
        )
        do_upload(
            meeting,
            filename="annex-processing-capacity.pdf",
            title="Annex: processing capacity by mineral",
            data=_annex_pdf(),
            by=organizer,
        )

    def _other_secretariat(self) -> None:
        """A second secretariat with its own organizer and roster (its own "Chile" among them):
        sign in as its organizer to see that the first one's roster and meetings do not exist."""
        from incamera.roster import actions as roster
        from incamera.secretariats.actions import do_create_secretariat

        if Secretariat.objects.filter(name=OTHER_SECRETARIAT).exists():
            return
        other = do_create_secretariat(OTHER_SECRETARIAT, by=None)
        organizer, _created = self._user(*OTHER_ORGANIZER, organize=True, secretariat=other)
        rows = (
            "delegation,kind,region,full_name,email\n"
            f"Chile,state,Latin America,Ignacio Vera,i.vera@{DOMAIN}\n"
            f"Pacific Islands Forum,international_organisation,Oceania,Losa Tuilagi,l.tuilagi@{DOMAIN}\n"
        )
        roster.do_import_roster(rows.encode(), other, by=organizer)

    def _user(self, local: str, name: str, *, organize: bool = False, secretariat: Secretariat | None = None) -> tuple[User, bool]:
        from incamera.secretariats.actions import default_secretariat, do_grant_role

        user, created = User.objects.get_or_create(email=f"{local}@{DOMAIN}", defaults={"full_name": name})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if organize:
            for role in ("organizer", "roster_manager"):
                do_grant_role(secretariat or default_secretariat(), user, role, by=None)
        return user, created


def _annex_pdf() -> bytes:
    """A two-page annex table, drawn here so the demo needs no binary file."""
    from reportlab.lib import colors
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, Table, TableStyle

    from incamera.pdf.document import document_pdf

    styles = getSampleStyleSheet()
    rows = [["Mineral", "Largest refiner's share", "Top three refiners' share", "Recycled share of supply"]]
    rows += [
        ["Lithium (chemicals)", "about 65 %", "about 90 %", "under 5 %"],
        ["Cobalt (refined)", "about 75 %", "about 85 %", "about 10 %"],
        ["Nickel (class 1)", "about 35 %", "about 65 %", "about 10 %"],
        ["Natural graphite (anode)", "over 90 %", "over 95 %", "negligible"],
        ["Rare earths (separated)", "about 90 %", "about 95 %", "under 1 %"],
        ["Copper (refined)", "about 45 %", "about 60 %", "about 30 %"],
    ]
    table = Table(rows, repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey)]))
    story = [
        Paragraph("Annex: processing capacity by mineral", styles["Title"]),
        Paragraph("Indicative orders of magnitude for discussion; not an official statistic. Chatham House Rule.", styles["Italic"]),
        table,
        PageBreak(),
        Paragraph("Notes", styles["Heading2"]),
        Paragraph(
            "Shares are rounded and refer to refining or separation, not to mining. They change quickly as new "
            "capacity is commissioned; participants are invited to bring more recent figures.",
            styles["BodyText"],
        ),
    ]
    return document_pdf(story, title="Annex: processing capacity by mineral")
