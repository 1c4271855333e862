"""Archive search (issue 15 §7): 100,000 items in the six UN languages, queried through
``incamera.search.actions.search``, beside a ``LIKE '%q%'`` scan of the same texts in the same run.

    .venv/bin/python bench/archive_search.py [--items 100000] [--queries 200] [--postgres]

In a throw-away SQLite file (or, with ``--postgres``, a throw-away database on the local
PostgreSQL at 127.0.0.1:5432, dropped at the end): the app's migrations, then ITEMS synthetic
archive items, a sixth per language, each two to five sentences built from word lists (subjects,
verbs, objects, places and years, words drawn with a Zipf-like skew so some are in a third of the
items and some in a few), indexed with ``index_many``.  Then, for QUERIES English queries (one to
three words, drawn with the same skew) and QUERIES two-character Chinese queries (words of the
lexicon):

- **search**: ``search(q)`` — the tokens' frequencies, the ranked AND over the posting table, the
  20 best documents read and their snippets cut: what the archive page will call;
- **LIKE, first 20**: ``SELECT key … WHERE text LIKE '%w1%' AND text LIKE '%w2%' … LIMIT 20``,
  unranked: the cheapest scan a page could make (it stops at the 20th match);
- **LIKE, all**: the same condition counted over every item: what ranking by a scan would cost.

Goal: search p95 ≤ 50 ms for both query sets; indexing well under two minutes.  Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

GOAL_P95_MS = 50.0
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"

EN = {
    "subject": [
        "The delegation of {place}",
        "Several participants",
        "The secretariat",
        "One delegate",
        "The chair",
        "An observer from {place}",
        "The working group",
        "Industry representatives",
        "The expert panel",
        "Most delegations",
    ],
    "verb": [
        "proposed",
        "questioned",
        "welcomed",
        "rejected",
        "supported",
        "reviewed",
        "criticised",
        "endorsed",
        "postponed",
        "discussed",
        "recommended",
        "opposed",
    ],
    "adjective": [
        "critical",
        "independent",
        "regional",
        "binding",
        "voluntary",
        "transparent",
        "sustainable",
        "strategic",
        "fair",
        "joint",
        "national",
        "global",
        "artisanal",
        "responsible",
    ],
    "mineral": [
        "lithium",
        "cobalt",
        "nickel",
        "copper",
        "graphite",
        "manganese",
        "platinum",
        "tungsten",
        "antimony",
        "gallium",
        "germanium",
        "vanadium",
        "zinc",
        "tin",
        "bauxite",
        "uranium",
    ],
    "noun": [
        "export quotas",
        "price floors",
        "supply chains",
        "audits",
        "stockpiles",
        "tariffs",
        "recycling targets",
        "mining licences",
        "royalties",
        "traceability",
        "smelters",
        "refineries",
        "investment",
        "due diligence",
        "environmental standards",
        "labour rights",
        "processing capacity",
        "reserves",
        "subsidies",
        "certification",
    ],
    "complement": [
        "before {year}",
        "by the end of {year}",
        "for small producers",
        "in the {place} region",
        "subject to a review in {year}",
        "as a matter of urgency",
        "without further consultation",
        "with the support of {place}",
    ],
}
EN_PLACES = ["Chile", "Peru", "Kenya", "Norway", "Canada", "Ghana", "Brazil", "Indonesia", "Congo", "Bolivia", "Zambia", "Australia"]

FR = (
    ["La délégation", "Plusieurs participants", "Le secrétariat", "Un délégué", "La présidence", "Le groupe d'experts"],
    ["a proposé", "a contesté", "a salué", "a rejeté", "a soutenu", "a examiné", "a critiqué", "a reporté"],
    ["des quotas d'exportation", "un prix plancher", "la chaîne d'approvisionnement", "des audits indépendants", "les stocks"],
    ["du lithium", "du cobalt", "du nickel", "du cuivre", "du graphite", "des terres rares", "du manganèse"],
    ["avant {year}", "pour les petits producteurs", "dans la région", "d'ici la fin de l'année", "à titre prioritaire"],
)
ES = (
    ["La delegación", "Varios participantes", "La secretaría", "Un delegado", "La presidencia", "El grupo de expertos"],
    ["propuso", "cuestionó", "acogió", "rechazó", "apoyó", "examinó", "criticó", "aplazó"],
    ["cuotas de exportación", "un precio mínimo", "la cadena de suministro", "auditorías independientes", "las reservas"],
    ["del litio", "del cobalto", "del níquel", "del cobre", "del grafito", "de las tierras raras", "del manganeso"],
    ["antes de {year}", "para los pequeños productores", "en la región andina", "durante el próximo año", "con carácter urgente"],
)
RU = (
    ["Делегация", "Несколько участников", "Секретариат", "Один из делегатов", "Председатель", "Группа экспертов"],
    ["предложила", "оспорила", "приветствовала", "отклонила", "поддержала", "рассмотрела", "раскритиковала", "отложила"],
    ["экспортные квоты", "минимальную цену", "цепочку поставок", "независимый аудит", "стратегические запасы"],
    ["лития", "кобальта", "никеля", "меди", "графита", "редкоземельных металлов", "марганца"],
    ["до {year} года", "для малых производителей", "в регионе", "в течение следующего года", "в срочном порядке"],
)
AR = (
    ["الْوَفْد", "عدد من المشاركين", "الأمانة", "أحد المندوبين", "الرئاسة", "فريق الخبراء"],
    ["اقترح", "انتقد", "رحّب بـ", "رفض", "أيّد", "ناقش", "أجّل", "درس"],
    ["حصص التصدير", "سعرًا أدنى", "سلاسل الإمداد", "تدقيقًا مستقلًا", "المخزونات الاستراتيجية"],
    ["لِلِّيثْيُوم", "للكوبالت", "للنيكل", "للنحاس", "للغرافيت", "للمعادن النادرة", "للمنغنيز"],
    ["قبل عام {year}", "لصغار المنتجين", "في المنطقة", "خلال العام المقبل", "بصورة عاجلة"],
)
ZH_SUBJECTS = ["中国代表团", "一位代表", "秘书处", "多个国家", "主席", "专家组", "观察员", "工作组", "与会者", "智利代表团"]
ZH_VERBS = ["提出", "强调", "呼吁", "反对", "支持", "讨论", "审议", "推迟", "批评", "欢迎", "建议"]
ZH_MINERALS = ["锂", "钴", "镍", "铜", "稀土", "石墨", "锰", "铂", "钨", "锑", "镓", "锗", "钒", "锌", "锡", "铝土矿"]
ZH_NOUNS = [
    "出口配额",
    "价格下限",
    "供应链安全",
    "独立审计",
    "战略储备",
    "关税",
    "回收目标",
    "采矿许可",
    "特许权使用费",
    "可追溯性",
    "冶炼厂",
    "加工能力",
    "投资",
    "尽职调查",
    "环境标准",
    "劳工权利",
    "补贴",
    "认证",
]
ZH_COMPLEMENTS = ["在{year}年之前", "以减少对新矿的依赖", "为小型生产商", "在区域层面", "作为紧急事项", "并加强国际合作", "需要进一步磋商"]
ZH_QUERIES = [
    "中国",
    "代表",
    "出口",
    "配额",
    "价格",
    "下限",
    "供应",
    "安全",
    "独立",
    "审计",
    "战略",
    "储备",
    "关税",
    "回收",
    "目标",
    "采矿",
    "许可",
    "冶炼",
    "加工",
    "能力",
    "投资",
    "调查",
    "环境",
    "标准",
    "劳工",
    "权利",
    "补贴",
    "认证",
    "稀土",
    "石墨",
    "国际",
    "合作",
    "秘书",
    "主席",
    "专家",
    "国家",
    "智利",
    "磋商",
    "区域",
    "新矿",
    "依赖",
    "紧急",
]


def _skewed(rng: random.Random, words: list[str]) -> str:
    """A word drawn with a Zipf-like skew: the first of the list far more often than the last."""
    return words[min(len(words) - 1, int(rng.paretovariate(1.2)) - 1)] if rng.random() < 0.7 else rng.choice(words)


def _fill(rng: random.Random, text: str) -> str:
    return text.format(year=rng.randint(2024, 2040), place=rng.choice(EN_PLACES))


def _english(rng: random.Random) -> str:
    def pick(slot: str) -> str:
        return _fill(rng, _skewed(rng, EN[slot]))

    return (
        f"{pick('subject')} {pick('verb')} {pick('adjective')} {pick('noun')} for {pick('mineral')} "
        f"and {pick('mineral')} {pick('complement')}, citing {rng.randint(2, 900)} tonnes of {pick('noun')}."
    )


def _romance(rng: random.Random, lexicon: tuple[list[str], ...]) -> str:
    subject, verb, obj, mineral, complement = (_fill(rng, _skewed(rng, words)) for words in lexicon)
    return f"{subject} {verb} {obj} {mineral} {complement} ({rng.randint(2, 900)} t)."


def _chinese(rng: random.Random) -> str:
    return (
        f"{_skewed(rng, ZH_SUBJECTS)}{_skewed(rng, ZH_VERBS)}{_skewed(rng, ZH_MINERALS)}和{_skewed(rng, ZH_MINERALS)}的"
        f"{_skewed(rng, ZH_NOUNS)}，{_fill(rng, _skewed(rng, ZH_COMPLEMENTS))}，涉及{rng.randint(2, 900)}吨{_skewed(rng, ZH_NOUNS)}。"
    )


LANGUAGES: dict[str, Callable[[random.Random], str]] = {
    "en": _english,
    "fr": lambda rng: _romance(rng, FR),
    "es": lambda rng: _romance(rng, ES),
    "ru": lambda rng: _romance(rng, RU),
    "ar": lambda rng: _romance(rng, AR),
    "zh": _chinese,
}


def _items(count: int, rng: random.Random) -> Iterator[tuple[str, str, str]]:
    languages = list(LANGUAGES)
    for i in range(count):
        lang = languages[i % len(languages)]
        sentences = [LANGUAGES[lang](rng) for _ in range(rng.randint(2, 5))]
        yield f"item:{i}", lang, ("" if lang == "zh" else " ").join(sentences)


def _english_queries(count: int, rng: random.Random) -> list[str]:
    content = [*EN["mineral"], *EN["adjective"], *[w for noun in EN["noun"] for w in noun.split()], *EN["verb"], *EN_PLACES]
    queries = []
    for _ in range(count):
        words: dict[str, None] = {}
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            words[_skewed(rng, content)] = None
        queries.append(" ".join(words))
    return queries


def _stats(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000


def _timed(call: Callable[[str], object], queries: list[str]) -> tuple[list[float], list[object]]:
    samples, results = [], []
    for query in queries:
        start = time.perf_counter()
        results.append(call(query))
        samples.append(time.perf_counter() - start)
    return samples, results


def _postgres_database() -> str:
    import psycopg

    name = f"incamera_bench_search_{os.getpid()}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name


def _drop_postgres(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--postgres", action="store_true", help="run on a throw-away database of the local PostgreSQL")
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="incamera-bench-search-")
    os.environ["INCAMERA_DATA_DIR"] = data_dir
    os.environ.pop("INCAMERA_DATABASE_URL", None)
    pg_name = _postgres_database() if args.postgres else None
    if pg_name:
        os.environ["INCAMERA_DATABASE_URL"] = f"postgresql://postgres@127.0.0.1:5432/{pg_name}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "incamera.settings"
    try:
        _run(args.items, args.queries)
    finally:
        from django.db import connections

        connections.close_all()
        if pg_name:
            _drop_postgres(pg_name)
        shutil.rmtree(data_dir, ignore_errors=True)


def _run(items: int, queries: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from incamera.search.actions import Entry, index_many, search
    from incamera.search.models import Document, Posting

    call_command("migrate", verbosity=0)
    print(
        f"database: {connection.vendor} {'.'.join(map(str, connection.Database.sqlite_version_info)) if connection.vendor == 'sqlite' else connection.pg_version}"
    )  # type: ignore[attr-defined]
    rng = random.Random(15)
    started = time.perf_counter()
    indexed = index_many(Entry(key, text, lang) for key, lang, text in _items(items, rng))
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE search_document")
            cursor.execute("VACUUM ANALYZE search_posting")
        else:
            cursor.execute("ANALYZE")
    postings = Posting.objects.count()
    characters = sum(len(text) for text in Document.objects.values_list("text", flat=True).iterator())
    print(f"indexed {indexed:,} items ({characters / 1e6:.1f} M characters, {postings / 1e6:.2f} M postings) in {seconds:.1f} s")

    def like(condition_words: list[str], *, first: bool) -> int:
        where = " AND ".join(["text LIKE %s"] * len(condition_words))
        params = [f"%{word}%" for word in condition_words]
        sql = f"SELECT key FROM search_document WHERE {where} LIMIT 20" if first else f"SELECT COUNT(*) FROM search_document WHERE {where}"
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return len(rows) if first else int(rows[0][0])

    sets = {"English": _english_queries(queries, rng), "Chinese (2 characters)": [rng.choice(ZH_QUERIES) for _ in range(queries)]}
    met = True
    for label, batch in sets.items():
        for query in batch[:10]:  # warm the caches, as a running server would be
            search(query)
        search_samples, hits = _timed(search, batch)
        first_samples, _ = _timed(lambda q: like(q.split(), first=True), batch)
        all_samples, counts = _timed(lambda q: like(q.split(), first=False), batch)
        print(f"\n{label}: {len(batch)} queries, e.g. {', '.join(repr(q) for q in batch[:4])}")
        print(
            f"  items LIKE matches per query (substrings: tin in citing): median {statistics.median(counts):,.0f}, max {max(counts):,}"  # type: ignore[type-var, arg-type]
            f"; queries with no hit: {sum(1 for h in hits if not h)}"  # type: ignore[arg-type]
        )
        print(f"  {'':24} {'p50 ms':>8} {'p95 ms':>8}")
        for name, samples in (
            ("search (ranked, top 20)", search_samples),
            ("LIKE, first 20", first_samples),
            ("LIKE, all (COUNT)", all_samples),
        ):
            p50, p95 = _stats(samples)
            print(f"  {name:24} {p50:8.2f} {p95:8.2f}")
        p95 = _stats(search_samples)[1]
        ok = p95 <= GOAL_P95_MS
        met = met and ok
        print(f"  goal p95 ≤ {GOAL_P95_MS:.0f} ms: {'met' if ok else 'NOT met'} ({p95:.1f} ms)")
    print(f"\nall goals {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
