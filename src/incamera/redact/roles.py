"""Role words, their placeholders and the courtesy titles used with surnames, in the six UN languages.

A role word carries its grammatical forms under the same slot names as the nationality adjectives
of ``countries`` for that language, so that «китайского министра» or «la ministre chinoise» can be
matched slot by slot:

- en, zh: one slot ``""``; English words are the singular, in lower case except acronyms (CEO);
- fr, es: ``m f mp fp``;
- ru: the twelve ``m.nom`` … ``f.pre``, declined by ``russian.decline_phrase`` (animate accusative);
  a masculine noun fills ``m.*``, a feminine one (журналистка) ``f.*``, and a noun of common
  gender that agrees either way (глава делегации) fills both;
- ar: ``m`` and ``f``, each the indefinite form then the definite one (وزير، الوزير).

Text is in lower case (the caller matches without regard to case); French and Spanish titles
are given as written before a name (le ministre Dupont), Chinese ones after it (王部长).
``RoleWord.title`` says whether the word is used as a title with a surname: "Minister Wang",
"министр Ван", "王部长", but not "journalist Smith".  A word may serve two roles («président»,
"主席": head of state and chair); the engine decides by context or takes the first role listed.

Placeholders are indefinite and, in the languages with gender, the generic masculine («un
ministre»), as in UN editorial practice.  Table notation: ``~`` opens a word that is not a title;
fr and es words are ``m/f/mp/fp``; an ar word is one phrase, the feminine and the definite made
word by word (مدير عام → مديرة عامة، المدير العام), or ``m/the m/f/the f`` written out; a ru word
is a ``decline_phrase`` phrase, opened by ``f:`` if feminine or ``mf:`` if of common gender, or
ends in ``!`` if indeclinable (замминистра).
"""

from __future__ import annotations

from dataclasses import dataclass

from incamera.redact.russian import CASES, decline_phrase

__all__ = ["HONORIFICS", "ROLES", "ROLE_PLACEHOLDERS", "Honorific", "RoleWord"]


@dataclass(frozen=True)
class RoleWord:
    forms: dict[str, tuple[str, ...]]  # grammatical slot -> forms
    title: bool = True  # usable as a title before/after a surname


@dataclass(frozen=True)
class Honorific:
    text: str
    position: str  # "before" or "after" the surname
    gender: str  # "m", "f" or ""
    case_slot: str = ""  # ru only: the case the surname takes after it ("" = any)


ROLE_PLACEHOLDERS: dict[str, dict[str, str]] = {
    "minister": {"ar": "وزير", "en": "a minister", "es": "un ministro", "fr": "un ministre", "ru": "министр", "zh": "一位部长"},
    "deputy_minister": {
        "ar": "نائب وزير",
        "en": "a deputy minister",
        "es": "un viceministro",
        "fr": "un vice-ministre",
        "ru": "заместитель министра",
        "zh": "一位副部长",
    },
    "ambassador": {"ar": "سفير", "en": "an ambassador", "es": "un embajador", "fr": "un ambassadeur", "ru": "посол", "zh": "一位大使"},
    "ceo": {
        "ar": "رئيس تنفيذي",
        "en": "a chief executive",
        "es": "un director ejecutivo",
        "fr": "un dirigeant d'entreprise",
        "ru": "руководитель компании",
        "zh": "一位企业高管",
    },
    "president": {
        "ar": "رئيس دولة",
        "en": "a head of state",
        "es": "un jefe de Estado",
        "fr": "un chef d'État",
        "ru": "глава государства",
        "zh": "一位国家元首",
    },
    "prime_minister": {
        "ar": "رئيس حكومة",
        "en": "a head of government",
        "es": "un jefe de Gobierno",
        "fr": "un chef de gouvernement",
        "ru": "глава правительства",
        "zh": "一位政府首脑",
    },
    "secretary_general": {
        "ar": "أمين عام",
        "en": "a secretary-general",
        "es": "un secretario general",
        "fr": "un secrétaire général",
        "ru": "генеральный секретарь",
        "zh": "一位秘书长",
    },
    "director_general": {
        "ar": "مدير عام",
        "en": "a director-general",
        "es": "un director general",
        "fr": "un directeur général",
        "ru": "генеральный директор",
        "zh": "一位总干事",
    },
    "chair": {
        "ar": "رئيس جلسة",
        "en": "a chair",
        "es": "un presidente",
        "fr": "un président de séance",
        "ru": "председатель",
        "zh": "一位主席",
    },
    "delegate": {"ar": "مندوب", "en": "a delegate", "es": "un delegado", "fr": "un délégué", "ru": "делегат", "zh": "一位代表"},
    "envoy": {"ar": "مبعوث", "en": "an envoy", "es": "un enviado", "fr": "un envoyé", "ru": "посланник", "zh": "一位特使"},
    "governor": {
        "ar": "محافظ بنك مركزي",
        "en": "a central bank governor",
        "es": "un gobernador de banco central",
        "fr": "un gouverneur de banque centrale",
        "ru": "глава центрального банка",
        "zh": "一位央行行长",
    },
    "general": {"ar": "جنرال", "en": "a general", "es": "un general", "fr": "un général", "ru": "генерал", "zh": "一位将军"},
    "professor": {"ar": "أستاذ", "en": "a professor", "es": "un profesor", "fr": "un professeur", "ru": "профессор", "zh": "一位教授"},
    "journalist": {"ar": "صحفي", "en": "a journalist", "es": "un periodista", "fr": "un journaliste", "ru": "журналист", "zh": "一位记者"},
    "adviser": {"ar": "مستشار", "en": "an adviser", "es": "un asesor", "fr": "un conseiller", "ru": "советник", "zh": "一位顾问"},
    "head_of_delegation": {
        "ar": "رئيس وفد",
        "en": "a head of delegation",
        "es": "un jefe de delegación",
        "fr": "un chef de délégation",
        "ru": "глава делегации",
        "zh": "一位代表团团长",
    },
    "senator": {
        "ar": "عضو في مجلس الشيوخ",
        "en": "a senator",
        "es": "un senador",
        "fr": "un sénateur",
        "ru": "сенатор",
        "zh": "一位参议员",
    },
    "mayor": {"ar": "عمدة", "en": "a mayor", "es": "un alcalde", "fr": "un maire", "ru": "мэр", "zh": "一位市长"},
    "permanent_representative": {
        "ar": "ممثل دائم",
        "en": "a permanent representative",
        "es": "un representante permanente",
        "fr": "un représentant permanent",
        "ru": "постоянный представитель",
        "zh": "一位常驻代表",
    },
}

# role | words (;)
_EN = """
minister | minister; secretary of state
deputy_minister | deputy minister; vice minister; vice-minister; minister of state; state secretary; under-secretary; undersecretary
ambassador | ambassador
ceo | CEO; chief executive; chief executive officer; managing director
president | president; ~head of state
prime_minister | prime minister; premier; ~head of government
secretary_general | secretary-general; secretary general
director_general | director-general; director general
chair | chair; chairman; chairwoman; chairperson; ~presiding officer
delegate | ~delegate; ~representative
envoy | envoy; special envoy; special representative; ~emissary
governor | governor; central bank governor; ~governor of the central bank
general | general; lieutenant general; major general; brigadier general; admiral
professor | professor
journalist | ~journalist; ~reporter; ~correspondent
adviser | ~adviser; ~advisor; counsellor; counselor; ~special adviser
head_of_delegation | ~head of delegation; ~head of the delegation
senator | senator
mayor | mayor
permanent_representative | ~permanent representative
"""

_FR = """
minister | ministre/ministre/ministres/ministres
deputy_minister | vice-ministre/vice-ministre/vice-ministres/vice-ministres; ministre délégué/ministre déléguée/ministres délégués/ministres déléguées; ministre adjoint/ministre adjointe/ministres adjoints/ministres adjointes; secrétaire d'État/secrétaire d'État/secrétaires d'État/secrétaires d'État
ambassador | ambassadeur/ambassadrice/ambassadeurs/ambassadrices
ceo | PDG/PDG/PDG/PDG; président-directeur général/présidente-directrice générale/présidents-directeurs généraux/présidentes-directrices générales; directeur général/directrice générale/directeurs généraux/directrices générales; directeur exécutif/directrice exécutive/directeurs exécutifs/directrices exécutives
president | président/présidente/présidents/présidentes; ~chef de l'État/cheffe de l'État/chefs d'État/cheffes d'État; ~chef d'État/cheffe d'État/chefs d'État/cheffes d'État
prime_minister | premier ministre/première ministre/premiers ministres/premières ministres; ~chef du gouvernement/cheffe du gouvernement/chefs de gouvernement/cheffes de gouvernement
secretary_general | secrétaire général/secrétaire générale/secrétaires généraux/secrétaires générales
director_general | directeur général/directrice générale/directeurs généraux/directrices générales
chair | président/présidente/présidents/présidentes; président de séance/présidente de séance/présidents de séance/présidentes de séance
delegate | ~délégué/déléguée/délégués/déléguées; ~représentant/représentante/représentants/représentantes
envoy | envoyé spécial/envoyée spéciale/envoyés spéciaux/envoyées spéciales; ~envoyé/envoyée/envoyés/envoyées
governor | gouverneur/gouverneure/gouverneurs/gouverneures; ~gouverneur de la banque centrale/gouverneure de la banque centrale/gouverneurs de banques centrales/gouverneures de banques centrales
general | général/générale/généraux/générales; amiral/amirale/amiraux/amirales
professor | professeur/professeure/professeurs/professeures
journalist | ~journaliste/journaliste/journalistes/journalistes; ~correspondant/correspondante/correspondants/correspondantes
adviser | conseiller/conseillère/conseillers/conseillères; ~conseiller spécial/conseillère spéciale/conseillers spéciaux/conseillères spéciales
head_of_delegation | ~chef de délégation/cheffe de délégation/chefs de délégation/cheffes de délégation; ~chef de la délégation/cheffe de la délégation/chefs de la délégation/cheffes de la délégation
senator | sénateur/sénatrice/sénateurs/sénatrices
mayor | maire/maire/maires/maires
permanent_representative | ~représentant permanent/représentante permanente/représentants permanents/représentantes permanentes
"""

_ES = """
minister | ministro/ministra/ministros/ministras
deputy_minister | viceministro/viceministra/viceministros/viceministras; secretario de Estado/secretaria de Estado/secretarios de Estado/secretarias de Estado; subsecretario/subsecretaria/subsecretarios/subsecretarias
ambassador | embajador/embajadora/embajadores/embajadoras
ceo | consejero delegado/consejera delegada/consejeros delegados/consejeras delegadas; director ejecutivo/directora ejecutiva/directores ejecutivos/directoras ejecutivas; presidente ejecutivo/presidenta ejecutiva/presidentes ejecutivos/presidentas ejecutivas; CEO/CEO/CEO/CEO
president | presidente/presidenta/presidentes/presidentas; ~jefe de Estado/jefa de Estado/jefes de Estado/jefas de Estado
prime_minister | primer ministro/primera ministra/primeros ministros/primeras ministras; presidente del Gobierno/presidenta del Gobierno/presidentes del Gobierno/presidentas del Gobierno; ~jefe de Gobierno/jefa de Gobierno/jefes de Gobierno/jefas de Gobierno
secretary_general | secretario general/secretaria general/secretarios generales/secretarias generales
director_general | director general/directora general/directores generales/directoras generales
chair | presidente/presidenta/presidentes/presidentas
delegate | ~delegado/delegada/delegados/delegadas; ~representante/representante/representantes/representantes
envoy | enviado especial/enviada especial/enviados especiales/enviadas especiales; ~enviado/enviada/enviados/enviadas
governor | gobernador/gobernadora/gobernadores/gobernadoras; ~gobernador del banco central/gobernadora del banco central/gobernadores de bancos centrales/gobernadoras de bancos centrales
general | general/general/generales/generales; almirante/almirante/almirantes/almirantes
professor | profesor/profesora/profesores/profesoras; catedrático/catedrática/catedráticos/catedráticas
journalist | ~periodista/periodista/periodistas/periodistas; ~corresponsal/corresponsal/corresponsales/corresponsales
adviser | asesor/asesora/asesores/asesoras; consejero/consejera/consejeros/consejeras
head_of_delegation | ~jefe de delegación/jefa de delegación/jefes de delegación/jefas de delegación; ~jefe de la delegación/jefa de la delegación/jefes de la delegación/jefas de la delegación
senator | senador/senadora/senadores/senadoras
mayor | alcalde/alcaldesa/alcaldes/alcaldesas
permanent_representative | ~representante permanente/representante permanente/representantes permanentes/representantes permanentes
"""

_RU = """
minister | министр
deputy_minister | заместитель =министра; замминистра!; вице-министр
ambassador | посол
ceo | генеральный директор; гендиректор; исполнительный директор; ~mf:глава =компании
president | президент; ~mf:глава =государства
prime_minister | премьер-министр; премьер; ~mf:глава =правительства; ~председатель =правительства
secretary_general | генеральный секретарь; генсек
director_general | генеральный директор; гендиректор
chair | председатель; ~председательствующий; ~f:председательствующая
delegate | ~делегат; ~представитель
envoy | посланник; специальный посланник; спецпосланник; ~f:посланница
governor | ~управляющий =центральным =банком; ~председатель =центрального =банка; ~mf:глава =центрального =банка; ~mf:глава =ЦБ
general | генерал; генерал-лейтенант; генерал-майор; генерал-полковник; адмирал
professor | профессор
journalist | ~журналист; ~корреспондент; ~f:журналистка
adviser | советник; ~f:советница
head_of_delegation | ~mf:глава =делегации; ~руководитель =делегации
senator | сенатор
mayor | мэр; ~mf:глава =города
permanent_representative | ~постоянный представитель; ~постпред
"""

_AR = """
minister | وزير; ~وزير خارجية/وزير الخارجية/وزيرة خارجية/وزيرة الخارجية
deputy_minister | نائب وزير/نائب الوزير/نائبة وزير/نائبة الوزير; وكيل وزارة/وكيل الوزارة/وكيلة وزارة/وكيلة الوزارة; وزير دولة/وزير الدولة/وزيرة دولة/وزيرة الدولة
ambassador | سفير
ceo | رئيس تنفيذي; مدير تنفيذي; مدير عام
president | رئيس; ~رئيس دولة/رئيس الدولة/رئيسة دولة/رئيسة الدولة; ~رئيس جمهورية/رئيس الجمهورية/رئيسة جمهورية/رئيسة الجمهورية
prime_minister | رئيس وزراء/رئيس الوزراء/رئيسة وزراء/رئيسة الوزراء; ~رئيس حكومة/رئيس الحكومة/رئيسة حكومة/رئيسة الحكومة
secretary_general | أمين عام
director_general | مدير عام
chair | رئيس; ~رئيس جلسة/رئيس الجلسة/رئيسة جلسة/رئيسة الجلسة; ~رئيس اجتماع/رئيس الاجتماع/رئيسة اجتماع/رئيسة الاجتماع
delegate | ~مندوب; ~ممثل
envoy | مبعوث; مبعوث خاص
governor | محافظ; ~محافظ بنك مركزي/محافظ البنك المركزي/محافظة بنك مركزي/محافظة البنك المركزي
general | جنرال/الجنرال/جنرال/الجنرال; لواء/اللواء/لواء/اللواء; فريق أول/الفريق أول/فريق أول/الفريق أول
professor | أستاذ; بروفيسور/البروفيسور/بروفيسورة/البروفيسورة
journalist | ~صحفي; ~صحافي; ~مراسل
adviser | مستشار
head_of_delegation | ~رئيس وفد/رئيس الوفد/رئيسة وفد/رئيسة الوفد
senator | سيناتور/السيناتور/سيناتورة/السيناتورة; ~عضو مجلس الشيوخ/عضو مجلس الشيوخ/عضوة مجلس الشيوخ/عضوة مجلس الشيوخ
mayor | عمدة/العمدة/عمدة/العمدة; رئيس بلدية/رئيس البلدية/رئيسة بلدية/رئيسة البلدية
permanent_representative | ~ممثل دائم; ~مندوب دائم
"""

_ZH = """
minister | 部长; 外长; 外交部长; 大臣
deputy_minister | 副部长; 副外长; 次长; 国务秘书
ambassador | 大使
ceo | 首席执行官; 总裁; ~企业总裁; 总经理; CEO; 执行长
president | 总统; 国家主席; 主席; ~国家元首
prime_minister | 总理; 首相; ~政府首脑
secretary_general | 秘书长
director_general | 总干事
chair | 主席; ~会议主席
delegate | ~代表
envoy | 特使; 特别代表; ~使节
governor | 行长; ~央行行长; ~中央银行行长
general | 将军; 上将; 中将; 少将
professor | 教授
journalist | 记者; ~新闻记者
adviser | 顾问; ~特别顾问
head_of_delegation | 团长; ~代表团团长
senator | 参议员
mayor | 市长
permanent_representative | ~常驻代表; ~常驻联合国代表
"""

# lang | text | position | gender | case (ru)
_HONORIFICS = """
en | Mr | before | m
en | Mr. | before | m
en | Mrs | before | f
en | Mrs. | before | f
en | Ms | before | f
en | Ms. | before | f
en | Miss | before | f
en | Madam | before | f
en | Sir | before | m
en | Dame | before | f
en | Lord | before | m
en | Lady | before | f
en | Dr | before |
en | Dr. | before |
en | Prof. | before |
en | Prof | before |
en | H.E. | before |
en | HE | before |
en | His Excellency | before | m
en | Her Excellency | before | f
en | Hon. | before |
en | the Honourable | before |
en | the Honorable | before |
fr | M. | before | m
fr | Monsieur | before | m
fr | Mme | before | f
fr | Madame | before | f
fr | Mlle | before | f
fr | Mademoiselle | before | f
fr | Dr | before |
fr | Pr | before |
fr | Me | before |
fr | Maître | before |
fr | Son Excellence | before |
fr | S.E. | before |
fr | S. E. | before |
es | Sr. | before | m
es | Sra. | before | f
es | Srta. | before | f
es | señor | before | m
es | señora | before | f
es | señorita | before | f
es | el señor | before | m
es | la señora | before | f
es | don | before | m
es | doña | before | f
es | D. | before | m
es | Dña. | before | f
es | Dr. | before | m
es | Dra. | before | f
es | Prof. | before | m
es | Profa. | before | f
es | Excmo. Sr. | before | m
es | Excma. Sra. | before | f
es | Su Excelencia | before |
es | S.E. | before |
ru | г-н | before | m | nom
ru | г-на | before | m | gen
ru | г-на | before | m | acc
ru | г-ну | before | m | dat
ru | г-ном | before | m | ins
ru | г-не | before | m | pre
ru | г-жа | before | f | nom
ru | г-жи | before | f | gen
ru | г-же | before | f | dat
ru | г-жу | before | f | acc
ru | г-жой | before | f | ins
ru | г-же | before | f | pre
ru | господин | before | m | nom
ru | господина | before | m | gen
ru | господину | before | m | dat
ru | господина | before | m | acc
ru | господином | before | m | ins
ru | господине | before | m | pre
ru | госпожа | before | f | nom
ru | госпожи | before | f | gen
ru | госпоже | before | f | dat
ru | госпожу | before | f | acc
ru | госпожой | before | f | ins
ru | госпоже | before | f | pre
ru | доктор | before |  | nom
ru | доктора | before |  | gen
ru | доктору | before |  | dat
ru | доктора | before |  | acc
ru | доктором | before |  | ins
ru | докторе | before |  | pre
ru | Его Превосходительство | before | m | nom
ru | Его Превосходительства | before | m | gen
ru | Его Превосходительству | before | m | dat
ru | Его Превосходительство | before | m | acc
ru | Его Превосходительством | before | m | ins
ru | Его Превосходительстве | before | m | pre
ru | Её Превосходительство | before | f | nom
ru | Её Превосходительства | before | f | gen
ru | Её Превосходительству | before | f | dat
ru | Её Превосходительство | before | f | acc
ru | Её Превосходительством | before | f | ins
ru | Её Превосходительстве | before | f | pre
ru | мистер | before | m |
ru | миссис | before | f |
ru | мисс | before | f |
ru | месье | before | m |
ru | мсье | before | m |
ru | мадам | before | f |
ar | السيد | before | m
ar | السيدة | before | f
ar | الآنسة | before | f
ar | الدكتور | before | m
ar | الدكتورة | before | f
ar | د. | before |
ar | الأستاذ | before | m
ar | الأستاذة | before | f
ar | المهندس | before | m
ar | المهندسة | before | f
ar | معالي | before |
ar | سعادة | before |
ar | فخامة | before |
ar | سمو | before |
ar | صاحب السمو | before | m
ar | صاحبة السمو | before | f
ar | الشيخ | before | m
ar | الشيخة | before | f
zh | 先生 | after | m
zh | 女士 | after | f
zh | 小姐 | after | f
zh | 夫人 | after | f
zh | 博士 | after |
zh | 教授 | after |
zh | 老师 | after |
zh | 阁下 | after |
"""


def _entries(table: str) -> dict[str, list[tuple[str, bool]]]:
    """Each role's [(word, title)] from ``role | word; ~word``."""
    rows: dict[str, list[tuple[str, bool]]] = {}
    for line in table.strip().splitlines():
        role, words = (field.strip() for field in line.split("|"))
        rows[role] = [(w.strip().removeprefix("~"), not w.strip().startswith("~")) for w in words.split(";")]
    return rows


def _gendered(word: str, slots: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    forms = word.split("/")
    if len(forms) != len(slots):
        raise ValueError(f"expected {len(slots)} forms separated by '/', found {word!r}")
    return {slot: (form,) for slot, form in zip(slots, forms, strict=True)}


def _with_apostrophes(forms: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    return {slot: tuple(dict.fromkeys(v for f in fs for v in (f, f.replace("'", "’")))) for slot, fs in forms.items()}


def _arabic(word: str) -> dict[str, tuple[str, ...]]:
    parts = word.split("/")
    if len(parts) == 4:
        return {"m": tuple(dict.fromkeys(parts[:2])), "f": tuple(dict.fromkeys(parts[2:]))}
    words = word.split()
    return {
        "m": (word, " ".join("ال" + w for w in words)),
        "f": (" ".join(w + "ة" for w in words), " ".join("ال" + w + "ة" for w in words)),
    }


def _russian(word: str) -> dict[str, tuple[str, ...]]:
    genders, _, phrase = word.rpartition(":")
    forms = dict.fromkeys(CASES, phrase[:-1]) if phrase.endswith("!") else decline_phrase(phrase)
    variants = {case: tuple(dict.fromkeys((form, form.replace("ё", "е")))) for case, form in forms.items()}
    return {f"{gender}.{case}": variants[case] for gender in (genders or "m") for case in CASES}


def _build_roles() -> dict[str, dict[str, tuple[RoleWord, ...]]]:
    def simple(word: str) -> dict[str, tuple[str, ...]]:
        return {"": (word,)}

    builders = {
        "ar": _arabic,
        "en": simple,
        "es": lambda w: _with_apostrophes(_gendered(w, ("m", "f", "mp", "fp"))),
        "fr": lambda w: _with_apostrophes(_gendered(w, ("m", "f", "mp", "fp"))),
        "ru": _russian,
        "zh": simple,
    }
    tables = {"ar": _AR, "en": _EN, "es": _ES, "fr": _FR, "ru": _RU, "zh": _ZH}
    roles: dict[str, dict[str, tuple[RoleWord, ...]]] = {role: {} for role in ROLE_PLACEHOLDERS}
    for lang, table in tables.items():
        for role, words in _entries(table).items():
            if role not in roles:
                raise ValueError(f"expected a role with a placeholder, found {role!r} in the {lang} table")
            roles[role][lang] = tuple(RoleWord(forms=builders[lang](word), title=title) for word, title in words)
    return roles


def _build_honorifics() -> dict[str, tuple[Honorific, ...]]:
    honorifics: dict[str, list[Honorific]] = {}
    for line in _HONORIFICS.strip().splitlines():
        lang, text, position, gender, *case = (field.strip() for field in line.split("|"))
        honorifics.setdefault(lang, []).append(Honorific(text=text, position=position, gender=gender, case_slot=case[0] if case else ""))
        if "Её" in text:
            honorifics[lang].append(Honorific(text=text.replace("Её", "Ее"), position=position, gender=gender, case_slot=case[0]))
    return {lang: tuple(items) for lang, items in honorifics.items()}


ROLES: dict[str, dict[str, tuple[RoleWord, ...]]] = _build_roles()
HONORIFICS: dict[str, tuple[Honorific, ...]] = _build_honorifics()
