"""The de-attribution tables: every country and role in every language and slot, spot checks a
native speaker would make, and the Russian declension rules."""

from __future__ import annotations

import pytest

from incamera.redact.countries import COUNTRIES, ISO_CODES, LANGS, REGIONS, USER_ASSIGNED_CODES
from incamera.redact.roles import HONORIFICS, ROLE_PLACEHOLDERS, ROLES
from incamera.redact.russian import ADJECTIVE_SLOTS, CASES, decline_adjective, decline_name, decline_noun, decline_phrase

# The 193 members of the United Nations, written here from the UN's list, not from the table.
UN_MEMBERS = [
    "AF",
    "AL",
    "DZ",
    "AD",
    "AO",
    "AG",
    "AR",
    "AM",
    "AU",
    "AT",
    "AZ",
    "BS",
    "BH",
    "BD",
    "BB",
    "BY",
    "BE",
    "BZ",
    "BJ",
    "BT",
    "BO",
    "BA",
    "BW",
    "BR",
    "BN",
    "BG",
    "BF",
    "BI",
    "CV",
    "KH",
    "CM",
    "CA",
    "CF",
    "TD",
    "CL",
    "CN",
    "CO",
    "KM",
    "CG",
    "CR",
    "CI",
    "HR",
    "CU",
    "CY",
    "CZ",
    "KP",
    "CD",
    "DK",
    "DJ",
    "DM",
    "DO",
    "EC",
    "EG",
    "SV",
    "GQ",
    "ER",
    "EE",
    "SZ",
    "ET",
    "FJ",
    "FI",
    "FR",
    "GA",
    "GM",
    "GE",
    "DE",
    "GH",
    "GR",
    "GD",
    "GT",
    "GN",
    "GW",
    "GY",
    "HT",
    "HN",
    "HU",
    "IS",
    "IN",
    "ID",
    "IR",
    "IQ",
    "IE",
    "IL",
    "IT",
    "JM",
    "JP",
    "JO",
    "KZ",
    "KE",
    "KI",
    "KW",
    "KG",
    "LA",
    "LV",
    "LB",
    "LS",
    "LR",
    "LY",
    "LI",
    "LT",
    "LU",
    "MG",
    "MW",
    "MY",
    "MV",
    "ML",
    "MT",
    "MH",
    "MR",
    "MU",
    "MX",
    "FM",
    "MC",
    "MN",
    "ME",
    "MA",
    "MZ",
    "MM",
    "NA",
    "NR",
    "NP",
    "NL",
    "NZ",
    "NI",
    "NE",
    "NG",
    "MK",
    "NO",
    "OM",
    "PK",
    "PW",
    "PA",
    "PG",
    "PY",
    "PE",
    "PH",
    "PL",
    "PT",
    "QA",
    "KR",
    "MD",
    "RO",
    "RU",
    "RW",
    "KN",
    "LC",
    "VC",
    "WS",
    "SM",
    "ST",
    "SA",
    "SN",
    "RS",
    "SC",
    "SL",
    "SG",
    "SK",
    "SI",
    "SB",
    "SO",
    "ZA",
    "SS",
    "ES",
    "LK",
    "SD",
    "SR",
    "SE",
    "CH",
    "SY",
    "TJ",
    "TH",
    "TL",
    "TG",
    "TO",
    "TT",
    "TN",
    "TR",
    "TM",
    "TV",
    "UG",
    "UA",
    "AE",
    "GB",
    "TZ",
    "US",
    "UY",
    "UZ",
    "VU",
    "VE",
    "VN",
    "YE",
    "ZM",
    "ZW",
]
OTHERS = ["VA", "PS", "TW", "XK", "HK", "MO"]

SLOTS = {
    "ar": {"m", "f"},
    "en": {""},
    "es": {"m", "f", "mp", "fp"},
    "fr": {"m", "f", "mp", "fp"},
    "ru": set(ADJECTIVE_SLOTS),
    "zh": {""},
}
INVISIBLE = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad")


def _clean(text: str) -> bool:
    return bool(text) and text == text.strip() and "  " not in text and not any(c in text for c in INVISIBLE)


def test_the_un_list_in_this_test_has_193_distinct_members() -> None:
    assert len(UN_MEMBERS) == len(set(UN_MEMBERS)) == 193


def test_every_un_member_and_the_six_others_are_in_the_table_and_nothing_else() -> None:
    assert set(COUNTRIES) == set(UN_MEMBERS) | set(OTHERS)


def test_iso_codes_are_the_249_assigned_and_cover_every_country_but_kosovo() -> None:
    assert len(ISO_CODES) == 249
    assert all(len(code) == 2 and code.isupper() for code in ISO_CODES)
    assert set(COUNTRIES) - ISO_CODES == USER_ASSIGNED_CODES == {"XK"}
    assert {"AQ", "EH", "GL", "PR", "RE"} <= ISO_CODES


@pytest.mark.parametrize("code", sorted(set(UN_MEMBERS) | set(OTHERS)))
def test_every_country_fills_every_language_and_slot_with_clean_text(code: str) -> None:
    country = COUNTRIES[code]
    assert country.code == code
    assert country.region in REGIONS
    assert set(country.names) == set(LANGS) == set(country.adjectives)
    for lang in LANGS:
        assert country.names[lang], lang
        assert all(_clean(name) for name in country.names[lang]), (lang, country.names[lang])
        assert set(country.adjectives[lang]) == SLOTS[lang], lang
        for slot, forms in country.adjectives[lang].items():
            assert forms, (lang, slot)
            assert all(_clean(form) for form in forms), (lang, slot, forms)
            assert len(forms) == len(set(forms)), (lang, slot, forms)


def test_every_region_has_a_placeholder_in_every_language_and_a_member() -> None:
    assert set(REGIONS) == {"africa", "asia", "europe", "latin_america", "north_america", "middle_east", "oceania"}
    for region, phrases in REGIONS.items():
        assert set(phrases) == set(LANGS)
        assert all(_clean(p) for p in phrases.values())
        assert any(c.region == region for c in COUNTRIES.values())


@pytest.mark.parametrize(
    ("code", "region"),
    [
        ("EG", "africa"),
        ("MA", "africa"),
        ("TR", "europe"),
        ("RU", "europe"),
        ("IR", "middle_east"),
        ("IL", "middle_east"),
        ("PS", "middle_east"),
        ("US", "north_america"),
        ("MX", "latin_america"),
        ("JM", "latin_america"),
        ("AF", "asia"),
        ("KZ", "asia"),
        ("FJ", "oceania"),
        ("GE", "europe"),
    ],
)
def test_regions_as_documented(code: str, region: str) -> None:
    assert COUNTRIES[code].region == region


def _name(code: str, lang: str, name: str) -> bool:
    return name in COUNTRIES[code].names[lang]


def _adj(code: str, lang: str, slot: str, form: str) -> bool:
    return form in COUNTRIES[code].adjectives[lang][slot]


def test_names_spot_checks() -> None:
    assert COUNTRIES["CN"].names["en"][:2] == ("China", "People's Republic of China")
    assert COUNTRIES["CN"].names["zh"][:2] == ("中国", "中华人民共和国")
    assert COUNTRIES["CN"].names["ru"][:5] == ("Китай", "Китая", "Китаю", "Китаем", "Китае")
    assert COUNTRIES["CN"].names["ar"][0] == "الصين"
    assert _name("CN", "ar", "صين")  # للصين
    assert _name("FR", "ru", "Францию")
    assert _name("FR", "ru", "Францией")
    assert _name("DE", "fr", "Allemagne")
    assert _name("DE", "es", "Alemania")
    assert _name("DE", "zh", "德国")
    assert _name("GB", "en", "United Kingdom")
    assert _name("GB", "ru", "Соединённого Королевства")
    assert _name("GB", "ru", "Соединенного Королевства")
    assert _name("US", "ru", "Соединённых Штатов")
    assert _name("US", "es", "Estados Unidos")
    assert _name("US", "ar", "الولايات المتحدة")
    assert _name("RU", "ru", "Российской Федерации")
    assert _name("RU", "fr", "Fédération de Russie")
    assert _name("EG", "ru", "Египта")
    assert "Египета" not in COUNTRIES["EG"].names["ru"]
    assert _name("SA", "ar", "المملكة العربية السعودية")
    assert _name("SA", "zh", "沙特")
    assert _name("CI", "en", "Côte d’Ivoire")
    assert _name("CI", "ru", "Кот-д'Ивуара")
    assert _name("KR", "ru", "Республики Корея")
    assert _name("KP", "ru", "КНДР")
    assert _name("PH", "ru", "Филиппин")
    assert _name("NL", "ru", "Нидерландов")
    assert _name("PE", "ru", "Перу")
    assert len(COUNTRIES["PE"].names["ru"]) == 1
    assert _name("MU", "ru", "Маврикии")


def test_adjective_spot_checks() -> None:
    assert COUNTRIES["CN"].adjectives["fr"] == {"m": ("chinois",), "f": ("chinoise",), "mp": ("chinois",), "fp": ("chinoises",)}
    assert COUNTRIES["CN"].adjectives["es"] == {"m": ("chino",), "f": ("china",), "mp": ("chinos",), "fp": ("chinas",)}
    assert COUNTRIES["CN"].adjectives["ar"] == {"m": ("صيني", "الصيني"), "f": ("صينية", "الصينية")}
    assert COUNTRIES["CN"].adjectives["zh"] == {"": ("中国",)}
    assert COUNTRIES["CN"].adjectives["ru"]["m.acc"] == ("китайского",)
    assert _adj("GB", "en", "", "British")
    assert _adj("CI", "en", "", "Ivorian")
    assert _adj("AE", "en", "", "Emirati")
    assert _adj("DE", "fr", "f", "allemande")
    assert _adj("DE", "es", "m", "alemán")
    assert _adj("DE", "es", "fp", "alemanas")
    assert _adj("DE", "ru", "f.ins", "немецкой")
    assert _adj("FR", "es", "f", "francesa")
    assert _adj("FR", "es", "mp", "franceses")
    assert _adj("JP", "es", "f", "japonesa")
    assert _adj("JP", "fr", "fp", "japonaises")
    assert _adj("GR", "fr", "f", "grecque")
    assert _adj("TR", "fr", "fp", "turques")
    assert _adj("LV", "fr", "f", "lettone")
    assert _adj("KR", "fr", "f", "sud-coréenne")
    assert _adj("KR", "ar", "f", "الكورية الجنوبية")
    assert _adj("KP", "ru", "m.gen", "северокорейского")
    assert _adj("KP", "zh", "", "朝鲜")
    assert _adj("IN", "fr", "f", "indienne")
    assert _adj("IN", "ar", "m", "الهندي")
    assert _adj("BR", "es", "fp", "brasileñas")
    assert _adj("MX", "ru", "m.pre", "мексиканском")
    assert _adj("IR", "es", "mp", "iraníes")
    assert _adj("SA", "es", "f", "saudí")
    assert _adj("EG", "ar", "f", "مصرية")
    assert _adj("SA", "ar", "m", "السعودي")
    assert _adj("US", "ar", "m", "الأميركي")
    assert _adj("US", "ar", "m", "الأمريكي")
    assert _adj("BF", "fr", "fp", "burkinabè")
    assert _adj("RU", "ru", "f.acc", "российскую")
    assert _adj("RU", "ru", "m.dat", "русскому")


def test_the_russian_adjective_of_every_country_is_one_declension() -> None:
    for country in COUNTRIES.values():
        forms = country.adjectives["ru"]
        for nominative in forms["m.nom"]:
            assert decline_adjective(nominative)["f.nom"] in forms["f.nom"]


# Russian adjectives: hard, stressed, velar, hushing and soft stems.
@pytest.mark.parametrize(
    ("word", "expected"),
    [
        (
            "китайский",
            "китайский китайского китайскому китайского китайским китайском китайская китайской китайской китайскую китайской китайской",
        ),
        ("немецкий", "немецкий немецкого немецкому немецкого немецким немецком немецкая немецкой немецкой немецкую немецкой немецкой"),
        ("новый", "новый нового новому нового новым новом новая новой новой новую новой новой"),
        ("молодой", "молодой молодого молодому молодого молодым молодом молодая молодой молодой молодую молодой молодой"),
        ("большой", "большой большого большому большого большим большом большая большой большой большую большой большой"),
        ("строгий", "строгий строгого строгому строгого строгим строгом строгая строгой строгой строгую строгой строгой"),
        ("хороший", "хороший хорошего хорошему хорошего хорошим хорошем хорошая хорошей хорошей хорошую хорошей хорошей"),
        ("горячий", "горячий горячего горячему горячего горячим горячем горячая горячей горячей горячую горячей горячей"),
        ("синий", "синий синего синему синего синим синем синяя синей синей синюю синей синей"),
    ],
)
def test_decline_adjective(word: str, expected: str) -> None:
    assert list(decline_adjective(word).values()) == expected.split()
    assert tuple(decline_adjective(word)) == ADJECTIVE_SLOTS


@pytest.mark.parametrize("word", ["Китай", "синее", "лисий", "третий", "ий", "", "министр"])
def test_decline_adjective_refuses_what_it_does_not_know(word: str) -> None:
    with pytest.raises(ValueError, match="adjective"):
        decline_adjective(word)


@pytest.mark.parametrize(
    ("name", "gender", "expected"),
    [
        ("Ван", "m", "Ван Вана Вану Вана Ваном Ване"),
        ("Иванов", "m", "Иванов Иванова Иванову Иванова Ивановым Иванове"),
        ("Лавров", "m", "Лавров Лаврова Лаврову Лаврова Лавровым Лаврове"),
        ("Соловьёв", "m", "Соловьёв Соловьёва Соловьёву Соловьёва Соловьёвым Соловьёве"),
        ("Иванова", "f", "Иванова Ивановой Ивановой Иванову Ивановой Ивановой"),
        ("Достоевский", "m", "Достоевский Достоевского Достоевскому Достоевского Достоевским Достоевском"),
        ("Достоевская", "f", "Достоевская Достоевской Достоевской Достоевскую Достоевской Достоевской"),
        ("Троцкий", "m", "Троцкий Троцкого Троцкому Троцкого Троцким Троцком"),
        ("Толстой", "m", "Толстой Толстого Толстому Толстого Толстым Толстом"),
        ("Горький", "m", "Горький Горького Горькому Горького Горьким Горьком"),
        ("Никита", "m", "Никита Никиты Никите Никиту Никитой Никите"),
        ("Илья", "m", "Илья Ильи Илье Илью Ильёй Илье"),
        ("Мария", "f", "Мария Марии Марии Марию Марией Марии"),
        ("Ольга", "f", "Ольга Ольги Ольге Ольгу Ольгой Ольге"),
        ("Марина", "f", "Марина Марины Марине Марину Мариной Марине"),
        ("Саша", "f", "Саша Саши Саше Сашу Сашей Саше"),
        ("Дмитрий", "m", "Дмитрий Дмитрия Дмитрию Дмитрия Дмитрием Дмитрии"),
        ("Николай", "m", "Николай Николая Николаю Николая Николаем Николае"),
        ("Игорь", "m", "Игорь Игоря Игорю Игоря Игорем Игоре"),
        ("Павел", "m", "Павел Павла Павлу Павла Павлом Павле"),
        ("Лев", "m", "Лев Льва Льву Льва Львом Льве"),
        ("Абрамович", "m", "Абрамович Абрамовича Абрамовичу Абрамовича Абрамовичем Абрамовиче"),
        ("Ким", "m", "Ким Кима Киму Кима Кимом Киме"),
        ("Жан-Поль", "m", "Жан-Поль Жан-Поля Жан-Полю Жан-Поля Жан-Полем Жан-Поле"),
        ("Любовь", "f", "Любовь Любови Любови Любовь Любовью Любови"),
    ],
)
def test_decline_name(name: str, gender: str, expected: str) -> None:
    forms = decline_name(name, gender)  # type: ignore[arg-type]
    assert tuple(forms) == CASES
    assert [variants[0] for variants in forms.values()] == expected.split()


@pytest.mark.parametrize(
    ("name", "gender"),
    [
        ("Шарло", "m"),
        ("Шевченко", "m"),
        ("Гёте", "m"),
        ("Пуччини", "m"),
        ("Ху", "m"),
        ("Ким", "f"),
        ("Браун", "f"),
        ("Меркель", "f"),
        ("Черных", "m"),
        ("Черных", "f"),
        ("Седых", "m"),
        ("Дюваль", "f"),
    ],
)
def test_indeclinable_names_keep_one_form_in_every_slot(name: str, gender: str) -> None:
    assert decline_name(name, gender) == dict.fromkeys(CASES, (name,))  # type: ignore[arg-type]


def test_ambiguous_endings_give_both_variants() -> None:
    assert decline_name("Пушкин", "m")["ins"] == ("Пушкиным", "Пушкином")
    assert decline_name("Путина", "f")["gen"] == ("Путиной", "Путины")


def test_decline_name_refuses_two_words_and_unknown_genders() -> None:
    with pytest.raises(ValueError, match="one Cyrillic name"):
        decline_name("Иван Иванов", "m")
    with pytest.raises(ValueError, match="gender"):
        decline_name("Иванов", "x")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("noun", "expected"),
    [
        ("министр", "министр министра министру министра министром министре"),
        ("посол", "посол посла послу посла послом после"),
        ("председатель", "председатель председателя председателю председателя председателем председателе"),
        ("секретарь", "секретарь секретаря секретарю секретаря секретарём секретаре"),
        ("премьер-министр", "премьер-министр премьер-министра премьер-министру премьер-министра премьер-министром премьер-министре"),
        ("глава", "глава главы главе главу главой главе"),
        ("делегация", "делегация делегации делегации делегацию делегацией делегации"),
        ("журналистка", "журналистка журналистки журналистке журналистку журналисткой журналистке"),
        ("советница", "советница советницы советнице советницу советницей советнице"),
    ],
)
def test_decline_noun(noun: str, expected: str) -> None:
    assert list(decline_noun(noun).values()) == expected.split()


def test_places_are_inanimate_and_foreign_ones_indeclinable() -> None:
    assert decline_noun("Китай", animate=False)["acc"] == "Китай"
    assert decline_noun("Египет", animate=False)["gen"] == "Египта"
    assert set(decline_noun("Конго", animate=False).values()) == {"Конго"}
    assert set(decline_noun("Самоа", animate=False).values()) == {"Самоа"}
    assert decline_phrase("Сент-Китс и Невис", animate=False)["gen"] == "Сент-Китса и Невиса"
    assert decline_phrase("Папуа =— Новая Гвинея", animate=False)["ins"] == "Папуа — Новой Гвинеей"
    with pytest.raises(ValueError, match="one word"):
        decline_noun("Южная Корея")


def test_decline_phrase_agrees_and_keeps_marked_words() -> None:
    assert decline_phrase("генеральный директор")["gen"] == "генерального директора"
    assert decline_phrase("заместитель =министра")["ins"] == "заместителем министра"
    assert decline_phrase("Республика =Корея", animate=False)["dat"] == "Республике Корея"


def test_every_role_has_six_languages_and_a_placeholder_in_each() -> None:
    required = {
        "minister", "deputy_minister", "ambassador", "ceo", "president", "prime_minister", "secretary_general", "director_general",
        "chair", "delegate", "envoy", "governor", "general", "professor", "journalist", "adviser", "head_of_delegation", "senator",
        "mayor", "permanent_representative",
    }  # fmt: skip
    assert required <= set(ROLES) == set(ROLE_PLACEHOLDERS)
    for role, words in ROLES.items():
        assert set(words) == set(LANGS), role
        assert set(ROLE_PLACEHOLDERS[role]) == set(LANGS), role
        assert all(_clean(p) for p in ROLE_PLACEHOLDERS[role].values()), role


def test_every_role_word_fills_its_slots_with_clean_text() -> None:
    m_slots = {s for s in ADJECTIVE_SLOTS if s.startswith("m.")}
    f_slots = {s for s in ADJECTIVE_SLOTS if s.startswith("f.")}
    for role, by_lang in ROLES.items():
        for lang, words in by_lang.items():
            assert words, (role, lang)
            for word in words:
                slots = set(word.forms)
                if lang == "ru":
                    assert slots in (m_slots, f_slots, m_slots | f_slots), (role, word)
                else:
                    assert slots == SLOTS[lang], (role, lang, word)
                assert all(forms and all(_clean(f) for f in forms) for forms in word.forms.values()), (role, lang, word)


def test_role_spot_checks() -> None:
    def has(role: str, lang: str, slot: str, form: str) -> bool:
        return any(form in w.forms.get(slot, ()) for w in ROLES[role][lang])

    assert has("ceo", "en", "", "chief executive officer")
    assert has("ceo", "zh", "", "首席执行官")
    assert has("ceo", "fr", "m", "PDG")
    assert has("ceo", "fr", "f", "directrice générale")
    assert has("ceo", "es", "f", "consejera delegada")
    assert has("ceo", "ru", "m.gen", "генерального директора")
    assert has("ceo", "ar", "f", "الرئيسة التنفيذية")
    assert has("ambassador", "ru", "m.gen", "посла")
    assert has("ambassador", "fr", "f", "ambassadrice")
    assert has("minister", "ar", "f", "الوزيرة")
    assert has("deputy_minister", "ar", "m", "نائب الوزير")
    assert has("head_of_delegation", "ru", "f.ins", "главой делегации")
    assert has("mayor", "es", "f", "alcaldesa")
    assert has("secretary_general", "fr", "mp", "secrétaires généraux")
    journalist = next(w for w in ROLES["journalist"]["en"] if w.forms[""] == ("journalist",))
    assert not journalist.title
    assert next(w for w in ROLES["minister"]["zh"] if w.forms[""] == ("部长",)).title


def test_honorifics() -> None:
    assert set(HONORIFICS) == set(LANGS)
    texts = {lang: {h.text for h in items} for lang, items in HONORIFICS.items()}
    assert {"Mr", "Mr.", "Mrs", "Ms", "Dr", "Dr.", "Prof.", "Sir", "Dame", "H.E.", "His Excellency", "Her Excellency"} <= texts["en"]
    assert {"M.", "Mme", "Monsieur", "Madame", "Dr", "Pr", "Son Excellence"} <= texts["fr"]
    assert {"Sr.", "Sra.", "señor", "señora", "el señor", "la señora", "don", "doña", "Dr.", "Dra."} <= texts["es"]
    assert {"г-н", "г-жа", "доктор"} <= texts["ru"]
    assert {"السيد", "السيدة", "الدكتور", "الدكتورة", "معالي", "سعادة", "الأستاذ"} <= texts["ar"]
    assert {"先生", "女士", "博士", "教授", "阁下"} <= texts["zh"]
    for lang, items in HONORIFICS.items():
        for h in items:
            assert _clean(h.text)
            assert h.position == ("after" if lang == "zh" else "before")
            assert h.gender in {"m", "f", ""}
            assert h.case_slot in ({*CASES, ""} if lang == "ru" else {""})
    for word in ("господин", "госпожа"):
        cases = {h.case_slot for h in HONORIFICS["ru"] if h.text.startswith(word[:-2]) and h.gender == ("m" if word == "господин" else "f")}
        assert cases == set(CASES), word
    assert any(h.text == "господина" and h.case_slot == "gen" for h in HONORIFICS["ru"])
