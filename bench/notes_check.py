"""Notes flagging (issue 12): the identifying-mentions check of a 2,000-character note against a
500-person meeting roster, through the real API, beside baselines measured in the same run.

    .venv/bin/python bench/notes_check.py [--people 500] [--runs 300] [--chars 2000]

In a fresh SQLite data directory: a Chatham House meeting in English, Chinese and French whose
PEOPLE participants have names in Latin, Chinese, Cyrillic and Arabic script and sit for states
(on the secretariat's roster) or organisations.  A 2,000-character note mixing English, French and
Chinese, with a dozen identifying mentions (names, a zero-width space inside one, "the Chilean
delegate", an organisation, an e-mail), is checked RUNS times:

- **API**: ``POST /api/v1/meetings/{id}/notes/check`` through Django's test client (token
  authentication, access, the roster's rows read and fingerprinted, the cached engine, JSON):
  the figure the goal is about, **p95 ≤ 20 ms**;
- **page**: the workspace form's live check, ``POST /meetings/{id}/notes/check`` (session, CSRF);
- baselines: the bare ``Redactor.redact`` call on the same engine; reading and fingerprinting the
  roster's rows (what every check pays to know the engine is current); and building the engine
  uncached (what every check would pay without the cache; three builds).

Asserts nothing; numbers on shared 2-core machines are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

GOAL_P95_MS = 20.0
GIVEN = ["Wei", "Camila", "Diego", "Grace", "Ivan", "Marie", "Ahmed", "Olga", "Kofi", "Lucía", "Jean-Pierre", "Aiko", "Tomás", "Nadia"]
FAMILY = ["Wang", "Rojas", "Fernandez", "Uwase", "Petrov", "Dupont", "Mansour", "Smirnova", "Mensah", "Quispe", "Lefèvre", "Sato"]
ZH = ["王伟", "李娜", "张敏", "刘洋", "陈静", "杨帆", "赵磊", "黄丽", "周杰", "吴芳"]
RU = ["Иван Петров", "Ольга Смирнова", "Анна Кузнецова", "Дмитрий Волков"]
AR = ["أحمد منصور", "ليلى حداد", "يوسف خليل"]
STATES = ["Chile", "China", "France", "Kenya", "Peru", "Brazil", "Egypt", "Japan", "Ghana", "Canada", "Norway", "India"]
ORGS = ["Kivu Refiners", "Andes Lithium", "Nordic Mining Institute", "Sahel Solar Cooperative", "Pacific Ore Alliance"]


def _note(chars: int) -> str:
    parts = [
        "The discussion on critical minerals turned to export quotas and price floors. ",
        "Wei Wa\u200bng argued that processing capacity matters more than extraction. ",
        "Le délégué a rappelé que les prix du lithium ont chuté de moitié en deux ans. ",
        "The Chilean delegate asked whether stockpiles would be shared. ",
        "会议讨论了关键矿产的供应链安全问题，王伟说价格会继续波动。 ",
        "Kivu Refiners proposed a traceability pilot; write to c.rojas@example.org for the data. ",
        "Several participants stressed recycling targets and the cost of compliance for small firms. ",
        "Camila Rojas and Mr Petrov disagreed on the timeline for the review. ",
        "Un participant a souligné que les petites entreprises manquent de financement. ",
        "有与会者指出，回收利用可以减少对新矿的依赖。 ",
    ]
    text = ""
    while len(text) < chars:
        text += "".join(parts)
    return text[:chars]


def _stats(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000


def _timed(call: Callable[[], object], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--chars", type=int, default=2000)
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="incamera-bench-notes-"))
    os.environ["INCAMERA_DATA_DIR"] = str(data)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "incamera.settings")
    import django

    django.setup()
    import datetime as dt

    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.test import Client

    from incamera.accounts.actions import do_create_api_token
    from incamera.accounts.models import User
    from incamera.meetings import actions as meetings
    from incamera.meetings.models import Membership
    from incamera.notes.actions import meeting_redactors, person_rows
    from incamera.notes.mentions import engine_languages, fingerprint, mentions_in, roster_entries
    from incamera.redact import Redactor, Roster
    from incamera.roster.models import Delegation
    from incamera.secretariats.actions import do_grant_role
    from incamera.secretariats.models import Secretariat

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    organizer = User.objects.create_user("chair@example.org", "correct horse battery staple", full_name="Chair Person")
    home = Secretariat.objects.create(name="Secretariat")
    do_grant_role(home, organizer, "organizer", by=None)
    start = dt.datetime(2030, 3, 1, 9, tzinfo=dt.UTC)
    meeting = meetings.do_create_meeting(
        meetings.MeetingInput(
            title="Critical minerals",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=6),
            profile="chatham_house",
            languages=["en", "zh", "fr"],
        ),
        secretariat=home,
        by=organizer,
    )
    Delegation.objects.bulk_create([Delegation(secretariat=home, name=name, kind="state", region="") for name in STATES])
    rng = random.Random(12)
    password = make_password(None)
    names = [
        "Camila Rojas"
        if i == 0
        else "Wei Wang"
        if i == 1
        else rng.choice([*ZH, *RU, *AR])
        if i % 5 == 0
        else f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
        for i in range(args.people - 1)
    ]
    users = User.objects.bulk_create(
        [User(email=f"p{i}@example.org" if i else "c.rojas@example.org", full_name=name, password=password) for i, name in enumerate(names)]
    )
    Membership.objects.bulk_create(
        [Membership(meeting=meeting, user=user, role="delegate", delegation=rng.choice([*STATES, *ORGS])) for user in users]
    )
    _row, token = do_create_api_token(organizer, name="bench", scopes=["meetings:read", "meetings:write"])
    note = _note(args.chars)
    api, page = Client(), Client()
    page.force_login(organizer)
    headers = {"authorization": f"Bearer {token}"}
    body = json.dumps({"text": note})
    api_url, page_url = f"/api/v1/meetings/{meeting.pk}/notes/check", f"/meetings/{meeting.pk}/notes/check"

    def via_api() -> None:
        response = api.post(api_url, body, content_type="application/json", headers=headers)
        assert response.status_code == 200, response.content

    def via_page() -> None:
        response = page.post(page_url, body, content_type="application/json")
        assert response.status_code == 200, response.content

    rows = person_rows(meeting)
    languages = engine_languages(meeting.languages)
    print(
        f"roster: {len(rows)} people ({len(roster_entries(rows))} entries); note: {len(note)} characters; languages {', '.join(languages)}"
    )

    builds = []
    for _ in range(3):
        began = time.perf_counter()
        redactor = Redactor(Roster.from_json(roster_entries(rows)), languages=languages)
        builds.append(time.perf_counter() - began)
    mentions = mentions_in(redactor, note)
    print(f"mentions in the note: {len(mentions)} ({', '.join(sorted({m.kind for m in mentions}))})")

    meeting_redactors.clear()
    began = time.perf_counter()
    via_api()
    first = time.perf_counter() - began
    for _ in range(10):  # warm-up
        via_api()
        via_page()
    bare = _timed(lambda: redactor.redact(note), args.runs)
    rows_only = _timed(lambda: fingerprint(person_rows(meeting), languages), args.runs)
    measured_api = _timed(via_api, args.runs)
    measured_page = _timed(via_page, args.runs)
    print(f"\n{'':44} {'p50 ms':>8} {'p95 ms':>8}")
    for label, samples in (
        ("baseline: bare redact() on the built engine", bare),
        ("baseline: read + fingerprint the roster rows", rows_only),
        ("API  POST …/notes/check (cached engine)", measured_api),
        ("page POST …/notes/check (cached engine)", measured_page),
    ):
        p50, p95 = _stats(samples)
        print(f"{label:44} {p50:8.2f} {p95:8.2f}")
    print(f"{'baseline: build the engine (uncached), 3 runs':44} {statistics.median(builds) * 1000:8.0f} {max(builds) * 1000:8.0f}")
    print(f"{'first API check (builds the engine)':44} {first * 1000:8.0f}")
    api_p95 = _stats(measured_api)[1]
    print(f"\nengine builds during the run: {meeting_redactors.builds} (1 expected: the first check)")
    print(f"goal: API p95 ≤ {GOAL_P95_MS:.0f} ms: {'met' if api_p95 <= GOAL_P95_MS else 'NOT met'} ({api_p95:.2f} ms)")
    print(f"the API check costs {api_p95 / max(_stats(bare)[1], 1e-9):.1f}× the bare redact() at p95")


if __name__ == "__main__":
    main()
