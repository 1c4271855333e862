"""The synthetic corpus of bench/redact.py (issue 11): roundtable notes in six languages with gold spans.

    .venv/bin/python bench/redact.py --only-generate [--chars 10000000] [--seed 11]

Independent of the engine (it never imports ``incamera.redact``).  Deterministic for a seed.

- A roster of 62 persons from 31 countries (two per country, distinct roles), each named in Latin,
  Cyrillic, Chinese and Arabic script, with a role, a role title and an organisation in the six
  languages, an e-mail address and a telephone number in the country's own format.
- Notes: sentences from 40 templates per language, filled with mentions of the attendees (full
  name in either order, surname alone, courtesy title + surname, role + surname, country + role,
  role title, alias, Russian cases), their organisation, e-mail, telephone, web page and social
  handle, and topic mentions of countries ("exports to Chile") that must survive.
- Hard cases, about 1 % of name words each: a zero-width space or a soft hyphen inside a name,
  full-width Latin, an upper-case family name, Arabic with harakat or tatweel; and mixed scripts
  (a Latin name in a Russian, Chinese or Arabic note, or "Wang Wei (王伟)" in an English one).

Gold spans are ``[start, end, kind, participant_id]`` with offsets into the line's text (Python
str indices).  Kinds are the engine's: person, role, country_role, organisation, email, phone,
url, handle; plus "topic" (a country as subject matter, participant_id null), which must not be
redacted.  A gold span covers what identifies: "Mr Wang" has the gold span "Wang"; "Minister
Wang", "the Chinese minister" and "le ministre chinois" cover the role words but not the article.
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["KINDS", "LANGS", "Corpus", "Span", "generate", "write"]

LANGS = ("ar", "en", "es", "fr", "ru", "zh")
KINDS = ("person", "role", "country_role", "organisation", "email", "phone", "url", "handle")
HARD_RATE = 0.01  # per name word
MIXED_RATE = 0.03  # per full-name mention

# code|en|en adjective|fr with article|fr adj m|fr adj f|es|es adj m|es adj f|ru nom,gen,acc,prep|ru adjective stem|zh|ar|ar adjective|phone|tld
# "-" marks a country that is only ever a topic.
_COUNTRIES = """
CN|China|Chinese|la Chine|chinois|chinoise|China|chino|china|Китай,Китая,Китай,Китае|китайск|中国|الصين|الصيني|+86 10 6### ####|cn
RU|Russia|Russian|la Russie|russe|russe|Rusia|ruso|rusa|Россия,России,Россию,России|российск|俄罗斯|روسيا|الروسي|+7 495 ###-##-##|ru
US|the United States|American|les États-Unis|américain|américaine|Estados Unidos|estadounidense|estadounidense|США,США,США,США|американск|美国|الولايات المتحدة|الأمريكي|(202) 555-01##|us
FR|France|French|la France|français|française|Francia|francés|francesa|Франция,Франции,Францию,Франции|французск|法国|فرنسا|الفرنسي|+33 1 4# ## ## ##|fr
GB|the United Kingdom|British|le Royaume-Uni|britannique|britannique|Reino Unido|británico|británica|Великобритания,Великобритании,Великобританию,Великобритании|британск|英国|المملكة المتحدة|البريطاني|+44 20 7### ####|uk
ES|Spain|Spanish|l'Espagne|espagnol|espagnole|España|español|española|Испания,Испании,Испанию,Испании|испанск|西班牙|إسبانيا|الإسباني|+34 91 ### ## ##|es
CL|Chile|Chilean|le Chili|chilien|chilienne|Chile|chileno|chilena|Чили,Чили,Чили,Чили|чилийск|智利|تشيلي|التشيلي|+56 2 2### ####|cl
MX|Mexico|Mexican|le Mexique|mexicain|mexicaine|México|mexicano|mexicana|Мексика,Мексики,Мексику,Мексике|мексиканск|墨西哥|المكسيك|المكسيكي|+52 55 5### ####|mx
AR|Argentina|Argentine|l'Argentine|argentin|argentine|Argentina|argentino|argentina|Аргентина,Аргентины,Аргентину,Аргентине|аргентинск|阿根廷|الأرجنتين|الأرجنتيني|+54 11 4###-####|ar
BR|Brazil|Brazilian|le Brésil|brésilien|brésilienne|Brasil|brasileño|brasileña|Бразилия,Бразилии,Бразилию,Бразилии|бразильск|巴西|البرازيل|البرازيلي|+55 61 3###-####|br
CO|Colombia|Colombian|la Colombie|colombien|colombienne|Colombia|colombiano|colombiana|Колумбия,Колумбии,Колумбию,Колумбии|колумбийск|哥伦比亚|كولومبيا|الكولومبي|+57 601 3## ####|co
EG|Egypt|Egyptian|l'Égypte|égyptien|égyptienne|Egipto|egipcio|egipcia|Египет,Египта,Египет,Египте|египетск|埃及|مصر|المصري|+20 2 2### ####|eg
SA|Saudi Arabia|Saudi|l'Arabie saoudite|saoudien|saoudienne|Arabia Saudí|saudí|saudí|Саудовская Аравия,Саудовской Аравии,Саудовскую Аравию,Саудовской Аравии|саудовск|沙特阿拉伯|السعودية|السعودي|+966 11 4## ####|sa
MA|Morocco|Moroccan|le Maroc|marocain|marocaine|Marruecos|marroquí|marroquí|Марокко,Марокко,Марокко,Марокко|марокканск|摩洛哥|المغرب|المغربي|+212 537 ## ## ##|ma
JO|Jordan|Jordanian|la Jordanie|jordanien|jordanienne|Jordania|jordano|jordana|Иордания,Иордании,Иорданию,Иордании|иорданск|约旦|الأردن|الأردني|+962 6 535 ####|jo
AE|the United Arab Emirates|Emirati|les Émirats arabes unis|émirien|émirienne|Emiratos Árabes Unidos|emiratí|emiratí|ОАЭ,ОАЭ,ОАЭ,ОАЭ|эмиратск|阿联酋|الإمارات|الإماراتي|+971 2 6## ####|ae
JP|Japan|Japanese|le Japon|japonais|japonaise|Japón|japonés|japonesa|Япония,Японии,Японию,Японии|японск|日本|اليابان|الياباني|+81 3 3### ####|jp
KR|South Korea|South Korean|la Corée du Sud|sud-coréen|sud-coréenne|Corea del Sur|surcoreano|surcoreana|Южная Корея,Южной Кореи,Южную Корею,Южной Корее|южнокорейск|韩国|كوريا الجنوبية|الكوري الجنوبي|+82 2 2### ####|kr
IN|India|Indian|l'Inde|indien|indienne|India|indio|india|Индия,Индии,Индию,Индии|индийск|印度|الهند|الهندي|+91 11 2### ####|in
ID|Indonesia|Indonesian|l'Indonésie|indonésien|indonésienne|Indonesia|indonesio|indonesia|Индонезия,Индонезии,Индонезию,Индонезии|индонезийск|印度尼西亚|إندونيسيا|الإندونيسي|+62 21 5### ####|id
VN|Vietnam|Vietnamese|le Viêt Nam|vietnamien|vietnamienne|Vietnam|vietnamita|vietnamita|Вьетнам,Вьетнама,Вьетнам,Вьетнаме|вьетнамск|越南|فيتنام|الفيتنامي|+84 24 3### ####|vn
KZ|Kazakhstan|Kazakh|le Kazakhstan|kazakh|kazakhe|Kazajistán|kazajo|kazaja|Казахстан,Казахстана,Казахстан,Казахстане|казахстанск|哈萨克斯坦|كازاخستان|الكازاخستاني|+7 7172 ## ## ##|kz
TR|Turkey|Turkish|la Turquie|turc|turque|Turquía|turco|turca|Турция,Турции,Турцию,Турции|турецк|土耳其|تركيا|التركي|+90 312 4## ## ##|tr
DE|Germany|German|l'Allemagne|allemand|allemande|Alemania|alemán|alemana|Германия,Германии,Германию,Германии|немецк|德国|ألمانيا|الألماني|+49 30 2#######|de
IT|Italy|Italian|l'Italie|italien|italienne|Italia|italiano|italiana|Италия,Италии,Италию,Италии|итальянск|意大利|إيطاليا|الإيطالي|+39 06 4### ####|it
CH|Switzerland|Swiss|la Suisse|suisse|suisse|Suiza|suizo|suiza|Швейцария,Швейцарии,Швейцарию,Швейцарии|швейцарск|瑞士|سويسرا|السويسري|+41 22 7## ## ##|ch
NO|Norway|Norwegian|la Norvège|norvégien|norvégienne|Noruega|noruego|noruega|Норвегия,Норвегии,Норвегию,Норвегии|норвежск|挪威|النرويج|النرويجي|+47 22 ## ## ##|no
KE|Kenya|Kenyan|le Kenya|kényan|kényane|Kenia|keniano|keniana|Кения,Кении,Кению,Кении|кенийск|肯尼亚|كينيا|الكيني|+254 20 2## ####|ke
NG|Nigeria|Nigerian|le Nigeria|nigérian|nigériane|Nigeria|nigeriano|nigeriana|Нигерия,Нигерии,Нигерию,Нигерии|нигерийск|尼日利亚|نيجيريا|النيجيري|+234 803 ### ####|ng
CA|Canada|Canadian|le Canada|canadien|canadienne|Canadá|canadiense|canadiense|Канада,Канады,Канаду,Канаде|канадск|加拿大|كندا|الكندي|+1 613 555 01##|ca
AU|Australia|Australian|l'Australie|australien|australienne|Australia|australiano|australiana|Австралия,Австралии,Австралию,Австралии|австралийск|澳大利亚|أستراليا|الأسترالي|+61 2 9### ####|au
PE|Peru|-|le Pérou|-|-|Perú|-|-|Перу,Перу,Перу,Перу|-|秘鲁|بيرو|-|-|pe
BO|Bolivia|-|la Bolivie|-|-|Bolivia|-|-|Боливия,Боливии,Боливию,Боливии|-|玻利维亚|بوليفيا|-|-|bo
"""

# country|gender|Latin given|Latin family|zh given|zh family|ru given|ru family|ar given|ar family|aliases (;)
_PERSONS = """
CN|m|Wei|Wang|伟|王|Вэй|Ван|وي|وانغ|W. Wang
CN|f|Hua|Li|华|李|Хуа|Ли|هوا|لي|
RU|m|Ivan|Petrov|伊万|彼得罗夫|Иван|Петров|إيفان|بيتروف|Petroff
RU|f|Elena|Smirnova|叶莲娜|斯米尔诺娃|Елена|Смирнова|إيلينا|سميرنوفا|Yelena Smirnova
US|m|John|Smith|约翰|史密斯|Джон|Смит|جون|سميث|Jack Smith
US|f|Sarah|Johnson|萨拉|约翰逊|Сара|Джонсон|سارة|جونسون|
FR|m|François|Dubois|弗朗索瓦|杜布瓦|Франсуа|Дюбуа|فرانسوا|دوبوا|Francois Dubois
FR|f|Hélène|Lefèvre|埃莱娜|勒费弗尔|Элен|Лефевр|هيلين|لوفيفر|Helene Lefevre
GB|m|James|Whitaker|詹姆斯|惠特克|Джеймс|Уитакер|جيمس|ويتاكر|Jim Whitaker
GB|f|Emily|Clarke|埃米莉|克拉克|Эмили|Кларк|إميلي|كلارك|
ES|m|José|García|何塞|加西亚|Хосе|Гарсия|خوسيه|غارسيا|Jose Garcia
ES|f|Lucía|Fernández|露西娅|费尔南德斯|Лусия|Фернандес|لوسيا|فرنانديز|
CL|m|Diego|Rojas|迭戈|罗哈斯|Диего|Рохас|دييغو|روخاس|
CL|f|Camila|Soto|卡米拉|索托|Камила|Сото|كاميلا|سوتو|
MX|m|Alejandro|Hernández|亚历杭德罗|埃尔南德斯|Алехандро|Эрнандес|أليخاندرو|إرنانديز|
MX|f|Gabriela|Morales|加夫列拉|莫拉莱斯|Габриэла|Моралес|غابرييلا|موراليس|
AR|m|Martín|Gómez|马丁|戈麦斯|Мартин|Гомес|مارتن|غوميز|
AR|f|Valentina|Romero|瓦伦蒂娜|罗梅罗|Валентина|Ромеро|فالنتينا|روميرو|
BR|m|João|Silva|若昂|席尔瓦|Жуан|Силва|جواو|سيلفا|Joao Silva
BR|f|Ana|Oliveira|安娜|奥利维拉|Ана|Оливейра|آنا|أوليفيرا|
CO|m|Andrés|Restrepo|安德烈斯|雷斯特雷波|Андрес|Рестрепо|أندريس|ريستريبو|
CO|f|Paula|Vargas|保拉|巴尔加斯|Паула|Варгас|باولا|فارغاس|
EG|m|Ahmed|Mansour|艾哈迈德|曼苏尔|Ахмед|Мансур|أحمد|منصور|Ahmad Mansur
EG|f|Noura|Hassan|努拉|哈桑|Нура|Хасан|نورا|حسن|
SA|m|Khalid|Al-Otaibi|哈立德|奥泰比|Халид|аль-Отейби|خالد|العتيبي|Khaled Alotaibi
SA|f|Reem|Al-Qahtani|丽姆|卡赫塔尼|Рим|аль-Кахтани|ريم|القحطاني|
MA|m|Youssef|Benali|优素福|本阿里|Юсеф|Бенали|يوسف|بنعلي|Youssef Ben Ali
MA|f|Fatima|Alaoui|法蒂玛|阿拉维|Фатима|Алауи|فاطمة|العلوي|
JO|m|Omar|Haddad|奥马尔|哈达德|Омар|Хаддад|عمر|حداد|
JO|f|Layla|Nasser|莱拉|纳赛尔|Лейла|Нассер|ليلى|ناصر|
AE|m|Saeed|Al-Mazrouei|赛义德|马兹鲁伊|Саид|аль-Мазруи|سعيد|المزروعي|
AE|f|Mariam|Al-Hashimi|玛丽亚姆|哈希米|Марьям|аль-Хашими|مريم|الهاشمي|
JP|m|Hiroshi|Tanaka|宏|田中|Хироси|Танака|هيروشي|تاناكا|
JP|f|Yuki|Sato|由纪|佐藤|Юки|Сато|يوكي|ساتو|
KR|m|Min-jun|Kim|敏俊|金|Мин Джун|Ким|مين جون|كيم|
KR|f|Ji-yeon|Park|智妍|朴|Чи Ён|Пак|جي يون|بارك|
IN|m|Rajesh|Sharma|拉杰什|夏尔马|Раджеш|Шарма|راجيش|شارما|
IN|f|Priya|Nair|普丽娅|奈尔|Прия|Наир|بريا|ناير|
ID|m|Budi|Santoso|布迪|桑托索|Буди|Сантосо|بودي|سانتوسو|
ID|f|Siti|Rahayu|西蒂|拉哈尤|Сити|Рахаю|سيتي|راهايو|
VN|m|Van Minh|Nguyen|文明|阮|Ван Минь|Нгуен|فان مينه|نغوين|Nguyễn Văn Minh
VN|f|Thi Lan|Tran|氏兰|陈|Тхи Лан|Чан|ثي لان|تران|Trần Thị Lan
KZ|m|Nurlan|Abenov|努尔兰|阿贝诺夫|Нурлан|Абенов|نورلان|أبينوف|
KZ|f|Aigerim|Suleimenova|艾格林|苏莱梅诺娃|Айгерим|Сулейменова|أيغريم|سليمينوفا|
TR|m|Mehmet|Yılmaz|穆罕默德|耶尔马兹|Мехмет|Йылмаз|محمد|يلماز|Mehmet Yilmaz
TR|f|Ayşe|Demir|阿伊谢|德米尔|Айше|Демир|عائشة|دمير|
DE|m|Klaus|Becker|克劳斯|贝克尔|Клаус|Беккер|كلاوس|بيكر|
DE|f|Anna|Schmidt|安娜|施密特|Анна|Шмидт|آنا|شميت|
IT|m|Marco|Rossi|马可|罗西|Марко|Росси|ماركو|روسي|
IT|f|Giulia|Bianchi|朱莉娅|比安奇|Джулия|Бьянки|جوليا|بيانكي|
CH|m|Lukas|Meier|卢卡斯|迈尔|Лукас|Майер|لوكاس|ماير|
CH|f|Sophie|Favre|索菲|法夫尔|Софи|Фавр|صوفي|فافر|
NO|m|Lars|Hansen|拉尔斯|汉森|Ларс|Хансен|لارس|هانسن|
NO|f|Ingrid|Larsen|英格丽德|拉森|Ингрид|Ларсен|إنغريد|لارسن|
KE|m|David|Otieno|戴维|奥蒂埃诺|Дэвид|Отиено|ديفيد|أوتيينو|
KE|f|Grace|Wanjiru|格蕾丝|万吉鲁|Грейс|Ванджиру|غريس|وانجيرو|
NG|m|Chinedu|Okafor|奇内杜|奥卡福|Чинеду|Окафор|تشينيدو|أوكافور|
NG|f|Ngozi|Adeyemi|恩戈齐|阿德耶米|Нгози|Адейеми|نغوزي|أديمي|
CA|m|Pierre|Tremblay|皮埃尔|特朗布莱|Пьер|Трамбле|بيير|ترمبلاي|
CA|f|Olivia|Campbell|奥利维娅|坎贝尔|Оливия|Кэмпбелл|أوليفيا|كامبل|
AU|m|Daniel|Murphy|丹尼尔|墨菲|Дэниел|Мерфи|دانيال|ميرفي|
AU|f|Chloe|Taylor|克洛伊|泰勒|Хлоя|Тейлор|كلوي|تايلور|
"""

# Invented brands for companies, forums, institutes and media: Latin|ru|zh|ar.
_BRANDS = """
Andes|Андес|安第斯|أنديز
Nordvik|Нордвик|诺德维克|نوردفيك
Atlas|Атлас|阿特拉斯|أطلس
Meridian|Меридиан|梅里迪安|ميريديان
Orion|Орион|奥里昂|أوريون
Sahara|Сахара|撒哈拉|صحارى
Baikal|Байкал|贝加尔|بايكال
Pacifica|Пасифика|帕西菲卡|باسيفيكا
Helix|Хеликс|赫利克斯|هيليكس
Condor|Кондор|康多尔|كوندور
Zenith|Зенит|泽尼特|زينيث
Aurora|Аврора|奥罗拉|أورورا
Borealis|Бореалис|博雷亚利斯|بورياليس
Cedra|Цедра|塞德拉|سيدرا
Delta|Дельта|德尔塔|دلتا
Equinox|Эквинокс|伊奎诺克斯|إكوينوكس
Falco|Фалько|法尔科|فالكو
Granit|Гранит|格拉尼特|غرانيت
Orizon|Оризон|奥里松|أوريزون
Ivora|Ивора|伊沃拉|إيفورا
Kestrel|Кестрел|凯斯特雷尔|كيستريل
Lumen|Люмен|卢门|لومن
Monza|Монца|蒙扎|مونزا
Nimbus|Нимбус|宁巴斯|نيمبوس
Opal|Опал|奥帕尔|أوبال
Polaris|Поларис|波拉里斯|بولاريس
Quasar|Квазар|夸萨尔|كوازار
Riviera|Ривьера|里维埃拉|ريفييرا
Sierra|Сьерра|谢拉|سييرا
Tundra|Тундра|通德拉|توندرا
Vega|Вега|维加|فيغا
"""

# Ministries: slug|en|fr (with de)|es (with de)|ru genitive|zh ministry|ar
_FIELDS = """
energy|Energy|de l'Énergie|de Energía|энергетики|能源部|الطاقة
trade|Trade|du Commerce|de Comercio|торговли|商务部|التجارة
finance|Finance|des Finances|de Hacienda|финансов|财政部|المالية
foreign|Foreign Affairs|des Affaires étrangères|de Relaciones Exteriores|иностранных дел|外交部|الخارجية
mining|Mining|des Mines|de Minería|природных ресурсов|矿业部|التعدين
environment|Environment|de l'Environnement|de Medio Ambiente|экологии|环境部|البيئة
"""

# Company sectors: slug|en|fr|es|ru|zh|ar
_SECTORS = """
energy|Energy|Énergie|Energía|Энерджи|能源|للطاقة
mining|Mining|Mines|Minería|Майнинг|矿业|للتعدين
logistics|Logistics|Logistique|Logística|Логистикс|物流|للخدمات اللوجستية
lithium|Lithium|Lithium|Litio|Литиум|锂业|لليثيوم
"""

Span = list[Any]  # [start, end, kind, participant_id]: JSON

RU_CASES = ("n", "g", "d", "i")

# Role words: en (title before a surname or None, noun), fr (m, f), es (m, f), ru (n, g, d, i), zh, ar (m, f).
_GEN_DIR = ("генеральный директор", "генерального директора", "генеральному директору", "генеральным директором")
ROLE_WORDS: dict[str, dict[str, tuple[str | None, ...]]] = {
    "minister": {
        "en": ("Minister", "minister"),
        "fr": ("ministre", "ministre"),
        "es": ("ministro", "ministra"),
        "ru": ("министр", "министра", "министру", "министром"),
        "zh": ("部长",),
        "ar": ("الوزير", "الوزيرة"),
    },
    "deputy_minister": {
        "en": ("Deputy Minister", "deputy minister"),
        "fr": ("vice-ministre", "vice-ministre"),
        "es": ("viceministro", "viceministra"),
        "ru": ("заместитель министра", "заместителя министра", "заместителю министра", "заместителем министра"),
        "zh": ("副部长",),
        "ar": ("نائب الوزير", "نائبة الوزير"),
    },
    "ambassador": {
        "en": ("Ambassador", "ambassador"),
        "fr": ("ambassadeur", "ambassadrice"),
        "es": ("embajador", "embajadora"),
        "ru": ("посол", "посла", "послу", "послом"),
        "zh": ("大使",),
        "ar": ("السفير", "السفيرة"),
    },
    "ceo": {
        "en": (None, "CEO"),
        "fr": ("PDG", "PDG"),
        "es": ("consejero delegado", "consejera delegada"),
        "ru": _GEN_DIR,
        "zh": ("首席执行官",),
        "ar": ("الرئيس التنفيذي", "الرئيسة التنفيذية"),
    },
    "director_general": {
        "en": ("Director-General", "director-general"),
        "fr": ("directeur général", "directrice générale"),
        "es": ("director general", "directora general"),
        "ru": _GEN_DIR,
        "zh": ("总干事",),
        "ar": ("المدير العام", "المديرة العامة"),
    },
    "secretary_general": {
        "en": ("Secretary-General", "secretary-general"),
        "fr": ("secrétaire général", "secrétaire générale"),
        "es": ("secretario general", "secretaria general"),
        "ru": ("генеральный секретарь", "генерального секретаря", "генеральному секретарю", "генеральным секретарём"),
        "zh": ("秘书长",),
        "ar": ("الأمين العام", "الأمينة العامة"),
    },
    "professor": {
        "en": ("Professor", "professor"),
        "fr": ("professeur", "professeure"),
        "es": ("profesor", "profesora"),
        "ru": ("профессор", "профессора", "профессору", "профессором"),
        "zh": ("教授",),
        "ar": ("الأستاذ", "الأستاذة"),
    },
    "journalist": {
        "en": (None, "journalist"),
        "fr": ("journaliste", "journaliste"),
        "es": ("periodista", "periodista"),
        "ru": ("журналист", "журналиста", "журналисту", "журналистом"),
        "zh": ("记者",),
        "ar": ("الصحفي", "الصحفية"),
    },
}
ROLES = tuple(ROLE_WORDS)
GOVERNMENT_ROLES = ("minister", "deputy_minister", "ambassador")
TITLED_ROLES = frozenset({"minister", "deputy_minister", "ambassador", "director_general", "secretary_general", "professor"})

COURTESY: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {"m": ("Mr", "Mr.", "Dr"), "f": ("Ms", "Mrs", "Dr")},
    "fr": {"m": ("M.", "Monsieur"), "f": ("Mme", "Madame")},
    "es": {"m": ("el señor", "el Sr."), "f": ("la señora", "la Sra.")},
    "zh": {"m": ("先生", "博士"), "f": ("女士", "博士")},
    "ar": {"m": ("السيد", "الدكتور"), "f": ("السيدة", "الدكتورة")},
}
RU_COURTESY = {
    "m": (("г-н", "г-на", "г-ну", "г-ном"), ("господин", "господина", "господину", "господином")),
    "f": (("г-жа", "г-жи", "г-же", "г-жой"), ("госпожа", "госпожи", "госпоже", "госпожой")),
}
EAST_ASIAN = frozenset({"CN", "KR", "VN", "JP"})
NATIVE_SCRIPT = {"CN": "zh", "JP": "zh", "KR": "zh", "RU": "ru", "KZ": "ru", "EG": "ar", "SA": "ar", "MA": "ar", "JO": "ar", "AE": "ar"}
RU_INDECLINABLE = frozenset({"Дюбуа", "Франсуа"})


@dataclass(frozen=True)
class Country:
    code: str
    en: str
    en_adj: str
    fr: str
    fr_adj: tuple[str, str]
    es: str
    es_adj: tuple[str, str]
    ru: dict[str, str]  # n, g, a, p
    ru_adj: str
    zh: str
    ar: str
    ar_adj: str
    phone: str
    tld: str

    def fr_de(self) -> str:
        for article, de in (("le ", "du "), ("la ", "de la "), ("l'", "de l'"), ("les ", "des ")):
            if self.fr.startswith(article):
                return de + self.fr[len(article) :]
        return "de " + self.fr

    def bare(self, lang: str) -> str:
        """The topic span: the country's name without an article that is a word of its own."""
        name = {"en": self.en, "fr": self.fr, "es": self.es, "ru": self.ru["n"], "zh": self.zh, "ar": self.ar}[lang]
        for article in ("the ", "le ", "la ", "l'", "les "):
            if lang in {"en", "fr"} and name.startswith(article):
                return name[len(article) :]
        return name


@dataclass
class Person:
    id: str
    country: Country
    gender: str
    given: dict[str, str]  # by script: latin, ru, zh, ar
    family: dict[str, str]
    aliases: list[str]
    role: str = ""
    field: tuple[str, ...] = ()
    brand: tuple[str, ...] = ()
    role_title: dict[str, str] | None = None
    ru_title: tuple[tuple[str, ...], str] = ((), "")
    organisation: dict[str, str] | None = None
    domain: str = ""
    email: str = ""
    phone: str = ""

    @property
    def female(self) -> bool:
        return self.gender == "f"

    def to_json(self) -> dict[str, object]:
        by_lang = {"en": "latin", "fr": "latin", "es": "latin", "ru": "ru", "zh": "zh", "ar": "ar"}
        return {
            "id": self.id,
            "given_name": {lang: self.given[script] for lang, script in by_lang.items()},
            "family_name": {lang: self.family[script] for lang, script in by_lang.items()},
            "aliases": self.aliases,
            "role": self.role,
            "role_title": self.role_title,
            "organisation": self.organisation,
            "country": self.country.code,
            "email": self.email,
            "phone": self.phone,
        }


def _rows(table: str) -> list[list[str]]:
    return [line.split("|") for line in table.strip().splitlines()]


def load_countries() -> dict[str, Country]:
    countries = {}
    for r in _rows(_COUNTRIES):
        ru = dict(zip("ngap", r[9].split(","), strict=True))
        countries[r[0]] = Country(r[0], r[1], r[2], r[3], (r[4], r[5]), r[6], (r[7], r[8]), ru, r[10], r[11], r[12], r[13], r[14], r[15])
    return countries


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text.replace("ı", "i")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9-]", "", ascii_text.lower().replace(" ", ""))


def fr_de(name: str) -> str:
    return ("d'" if name[0].lower() in "aeiouhéèêâîôû" else "de ") + name


def _fill_digits(pattern: str, rng: random.Random) -> str:
    return re.sub("#", lambda _m: str(rng.randint(0, 9)), pattern)


def build_roster(rng: random.Random) -> list[Person]:
    """Two persons per country: one in government, one not (roles drawn by the seed)."""
    countries = load_countries()
    fields = _rows(_FIELDS)
    sectors = _rows(_SECTORS)
    brands = _rows(_BRANDS)
    rng.shuffle(brands)
    persons: list[Person] = []
    for n, r in enumerate(_rows(_PERSONS)):
        country = countries[r[0]]
        aliases = [a for a in r[10].split(";") if a]
        persons.append(
            Person(
                f"p{n + 1:02d}",
                country,
                r[1],
                {"latin": r[2], "zh": r[4], "ru": r[6], "ar": r[8]},
                {"latin": r[3], "zh": r[5], "ru": r[7], "ar": r[9]},
                aliases,
            )
        )
    for i in range(0, len(persons), 2):
        roles = [rng.choice(GOVERNMENT_ROLES), rng.choice([r for r in ROLES if r not in GOVERNMENT_ROLES])]
        rng.shuffle(roles)
        for person, role in zip(persons[i : i + 2], roles, strict=True):
            person.role = role
            person.field = tuple(rng.choice(fields))
            person.brand = tuple(brands.pop()) if role not in GOVERNMENT_ROLES else ("", "", "", "")
            _titles(person, tuple(rng.choice(sectors)))
            local = f"{slug(person.given['latin'])}.{slug(person.family['latin'])}"
            person.email = f"{local}@{person.domain}"
            person.phone = _fill_digits(person.country.phone, rng)
    return persons


def _titles(p: Person, sector: tuple[str, ...]) -> None:
    """role_title, organisation (six languages), the Russian title's declinable head, the mail domain."""
    c, f, b, role, fem = p.country, p.field, p.brand, p.role, int(p.female)
    w = ROLE_WORDS[role]
    ru_head = w["ru"]
    if role in {"minister", "deputy_minister"}:
        deputy = role == "deputy_minister"
        org = {
            "en": f"Ministry of {f[1]} of {c.en}",
            "fr": f"ministère {f[2]} {c.fr_de()}",
            "es": f"Ministerio {f[3]} de {c.es}",
            "ru": f"Министерство {f[4]} {c.ru['g']}",
            "zh": f"{c.zh}{f[5]}",
            "ar": f"وزارة {f[6]} في {c.ar}",
        }
        title = {
            "en": f"{'Deputy Minister' if deputy else 'Minister'} of {f[1]}",
            "fr": f"{w['fr'][fem]} {f[2]}",
            "es": f"{w['es'][fem]} {f[3]}",
            "zh": f"{f[5]}{'副部长' if deputy else '长'}",
            "ar": f"{('نائب', 'نائبة')[fem]} وزير {f[6]}" if deputy else f"{('وزير', 'وزيرة')[fem]} {f[6]}",
        }
        if deputy:
            ru_head, ru_tail = ("заместитель", "заместителя", "заместителю", "заместителем"), f"министра {f[4]}"
        else:
            ru_tail = f[4]
        p.domain = f"{f[0]}.gov.{c.tld}"
    elif role == "ambassador":
        org = {"en": f"Embassy of {c.en}", "fr": f"ambassade {c.fr_de()}", "es": f"Embajada de {c.es}"}
        org |= {"ru": f"Посольство {c.ru['g']}", "zh": f"{c.zh}大使馆", "ar": f"سفارة {c.ar}"}
        title = {"en": f"Ambassador of {c.en}", "fr": f"{w['fr'][fem]} {c.fr_de()}", "es": f"{w['es'][fem]} de {c.es}"}
        title |= {"zh": f"{c.zh}大使", "ar": f"{('سفير', 'سفيرة')[fem]} {c.ar}"}
        ru_tail = c.ru["g"]
        p.domain = f"embassy.gov.{c.tld}"
    elif role == "ceo":
        org = {"en": f"{b[0]} {sector[1]}", "fr": f"{b[0]} {sector[2]}", "es": f"{b[0]} {sector[3]}"}
        org |= {"ru": f"{b[1]} {sector[4]}", "zh": f"{b[2]}{sector[5]}", "ar": f"{b[3]} {sector[6]}"}
        title = {"en": f"Chief Executive of {org['en']}", "fr": f"PDG {fr_de(org['fr'])}", "es": f"{w['es'][fem]} de {org['es']}"}
        title |= {"zh": f"{org['zh']}首席执行官", "ar": f"{w['ar'][fem]} لشركة {org['ar']}"}
        ru_tail = f"компании «{org['ru']}»"
        p.domain = f"{slug(b[0])}-{sector[0]}.com"
    elif role in {"director_general", "secretary_general"}:
        org = {
            "en": f"{b[0]} Forum",
            "fr": f"Forum {b[0]}",
            "es": f"Foro {b[0]}",
            "ru": f"Форум «{b[1]}»",
            "zh": f"{b[2]}论坛",
            "ar": f"منتدى {b[3]}",
        }
        head = w["en"][0]
        title = {"en": f"{head} of the {org['en']}", "fr": f"{w['fr'][fem]} du {org['fr']}", "es": f"{w['es'][fem]} del {org['es']}"}
        title |= {"zh": f"{org['zh']}{w['zh'][0]}", "ar": f"{w['ar'][fem]} ل{org['ar']}"}
        ru_tail = f"Форума «{b[1]}»"
        p.domain = f"{slug(b[0])}forum.org"
    elif role == "professor":
        org = {
            "en": f"{b[0]} Institute",
            "fr": f"Institut {b[0]}",
            "es": f"Instituto {b[0]}",
            "ru": f"Институт «{b[1]}»",
            "zh": f"{b[2]}研究所",
            "ar": f"معهد {b[3]}",
        }
        title = {"en": f"Professor at the {org['en']}", "fr": f"{w['fr'][fem]} à l'{org['fr']}", "es": f"{w['es'][fem]} del {org['es']}"}
        title |= {"zh": f"{org['zh']}教授", "ar": f"{('أستاذ', 'أستاذة')[fem]} في {org['ar']}"}
        ru_tail = f"Института «{b[1]}»"
        p.domain = f"{slug(b[0])}-institute.edu"
    else:  # journalist
        org = {
            "en": f"{b[0]} News",
            "fr": f"{b[0]} Info",
            "es": f"Noticias {b[0]}",
            "ru": f"{b[1]} Ньюс",
            "zh": f"{b[2]}新闻社",
            "ar": f"أخبار {b[3]}",
        }
        title = {"en": f"correspondent for {org['en']}", "fr": f"journaliste à {org['fr']}", "es": f"periodista de {org['es']}"}
        title |= {"zh": f"{org['zh']}记者", "ar": f"{('مراسل', 'مراسلة')[fem]} {org['ar']}"}
        ru_tail = f"издания «{org['ru']}»"
        p.domain = f"{slug(b[0])}news.com"
    p.ru_title = (tuple(ru_head), ru_tail)  # type: ignore[arg-type]
    title["ru"] = f"{ru_head[0]} {ru_tail}"
    p.role_title = title
    p.organisation = org


# ---------------------------------------------------------------- Russian declension (names)


def ru_decline(word: str, female: bool, case: str) -> str:
    """A name in the nominative, genitive, dative or instrumental (enough for the names above)."""
    if case == "n" or word in RU_INDECLINABLE:
        return word
    k = "gdi".index(case)
    if female:
        if word.endswith(("ова", "ева", "ина", "ына")):
            return word[:-1] + "ой"
        if word.endswith("ия"):
            return word[:-1] + ("и", "и", "ей")[k]
        if word.endswith("я"):
            return word[:-1] + ("и", "е", "ей")[k]
        if word.endswith("а"):
            return word[:-1] + ("ы" if word[-2] not in "гкхжшщч" else "и", "е", "ой")[k]
        return word
    last = word[-1]
    if last in "оиеуыэюё":
        return word
    if word.endswith("ия"):
        return word[:-1] + ("и", "и", "ей")[k]
    if last == "а":
        return word[:-1] + ("ы" if word[-2] not in "гкхжшщч" else "и", "е", "ой")[k]
    if last in "йь":
        return word[:-1] + ("я", "ю", "ем")[k]
    if word.endswith(("ов", "ев", "ин", "ын")):
        return word + ("а", "у", "ым")[k]
    return word + ("а", "у", "ом")[k]


# ---------------------------------------------------------------- hard cases

_FULLWIDTH = {c: chr(ord(c) + 0xFEE0) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"}
_HARAKAT = "\u064e\u064f\u0650\u0651\u0652"
_AR_NONJOINING = set("اأإآدذرزوؤةى ")


def _perturb(word: str, lang: str, rng: random.Random) -> tuple[str, bool]:
    if rng.random() >= HARD_RATE or len(word) < 2:
        return word, False
    choices = ["zwsp", "shy"]
    if word.isascii() and word.replace("-", "").replace(".", "").isalpha():
        choices += ["fullwidth", "fullwidth"] if lang == "zh" else ["fullwidth", "upper"]
    if any("\u0600" <= ch <= "\u06ff" for ch in word):
        choices += ["harakat", "tatweel", "tatweel"]
    how = rng.choice(choices)
    cut = rng.randint(1, len(word) - 1)
    if how == "zwsp":
        return word[:cut] + "\u200b" + word[cut:], True
    if how == "shy":
        return word[:cut] + "\u00ad" + word[cut:], True
    if how == "fullwidth":
        return "".join(_FULLWIDTH.get(ch, ch) for ch in word), True
    if how == "upper":
        return word.upper(), True
    if how == "harakat":
        letters = [i for i, ch in enumerate(word) if "\u0621" <= ch <= "\u064a"] or [0]
        marked = set(rng.sample(letters, max(1, len(letters) // 2)))
        return "".join(ch + (rng.choice(_HARAKAT) if i in marked else "") for i, ch in enumerate(word)), True
    joinable = [i for i in range(1, len(word)) if word[i - 1] not in _AR_NONJOINING and word[i] != " "]
    if not joinable:
        return word[:cut] + "\u200b" + word[cut:], True
    cut = rng.choice(joinable)
    return word[:cut] + "\u0640" * rng.randint(1, 3) + word[cut:], True


# ---------------------------------------------------------------- mentions


class Piece:
    """Text under construction with gold spans relative to its start."""

    __slots__ = ("hard", "spans", "text")

    def __init__(self) -> None:
        self.text = ""
        self.spans: list[tuple[int, int, str, str | None, bool]] = []
        self.hard = False

    def add(self, text: str, kind: str | None = None, pid: str | None = None) -> None:
        if kind:
            self.spans.append((len(self.text), len(self.text) + len(text), kind, pid, self.hard))
            self.hard = False
        self.text += text


SCRIPT = {"en": "latin", "fr": "latin", "es": "latin", "ru": "ru", "zh": "zh", "ar": "ar"}


class Writer:
    """Renders mentions for one language."""

    def __init__(self, lang: str, rng: random.Random) -> None:
        self.lang = lang
        self.rng = rng
        self.hard = False

    def word(self, word: str, script_lang: str | None = None) -> str:
        out, hard = _perturb(word, script_lang or self.lang, self.rng)
        self.hard |= hard
        return out

    def words(self, text: str) -> str:
        return " ".join(self.word(w) for w in text.split(" "))

    def full_name(self, p: Person, case: str, script: str | None = None) -> str:
        script = script or SCRIPT[self.lang]
        given, family = p.given[script], p.family[script]
        if script == "zh":
            if p.country.code in EAST_ASIAN:
                return self.word(family) + self.word(given)
            return self.word(given) + "·" + self.word(family)
        family_first = self.rng.random() < (0.7 if p.country.code in EAST_ASIAN - {"JP"} else 0.25)
        parts = [family, given] if family_first else [given, family]
        if script == "ru" and case != "n":
            if p.country.code in EAST_ASIAN:
                *head, last = " ".join(parts).split(" ")
                parts = [*head, ru_decline(last, p.female, case)]
            else:
                parts = [" ".join(ru_decline(w, p.female, case) for w in part.split(" ")) for part in parts]
        return " ".join(self.words(part) for part in parts)

    def family(self, p: Person, case: str) -> str:
        family = p.family[SCRIPT[self.lang]]
        if self.lang == "ru":
            family = ru_decline(family, p.female, case)
        return self.word(family)

    def mention(self, p: Person, case: str = "n") -> Piece:
        rng, lang, out = self.rng, self.lang, Piece()
        self.hard = False
        how = rng.choices(("full", "family", "courtesy", "role", "country", "title", "alias"), (30, 9, 16, 14, 14, 10, 7))[0]
        if how == "role" and p.role not in TITLED_ROLES:
            how = "full"
        if how == "alias" and (not p.aliases or lang not in {"en", "fr", "es"}):
            how = "full"
        fem = int(p.female)
        w = ROLE_WORDS[p.role]
        if how == "full":
            mixed = lang in {"ru", "zh", "ar"} and rng.random() < MIXED_RATE
            text = self.full_name(p, case, "latin" if mixed else None)
            out.hard = self.hard
            out.add(text, "person", p.id)
            native = NATIVE_SCRIPT.get(p.country.code)
            if lang in {"en", "fr", "es"} and native and rng.random() < MIXED_RATE:
                out.add(" (")
                self.hard = False
                text = self.full_name(p, "n", native)
                out.hard = self.hard
                out.add(text, "person", p.id)
                out.add(")")
        elif how == "family":
            text = self.family(p, case)
            out.hard = self.hard
            out.add(text, "person", p.id)
        elif how == "alias":
            text = self.words(rng.choice(p.aliases))
            out.hard = self.hard
            out.add(text, "person", p.id)
        elif how == "courtesy":
            text = self.family(p, case)
            out.hard = self.hard
            if lang == "zh":
                out.add(text, "person", p.id)
                out.add(rng.choice(COURTESY["zh"][p.gender]))
            elif lang == "ru":
                out.add(rng.choice(RU_COURTESY[p.gender])[RU_CASES.index(case)] + " ")
                out.add(text, "person", p.id)
            else:
                out.add(rng.choice(COURTESY[lang][p.gender]) + " ")
                out.add(text, "person", p.id)
        elif how == "role":
            family = self.family(p, case)
            out.hard = self.hard
            if lang == "zh":
                out.add(family + str(w["zh"][0]), "role", p.id)
            elif lang == "ru":
                out.add(f"{w['ru'][RU_CASES.index(case)]} {family}", "role", p.id)
            elif lang == "en":
                out.add(f"{w['en'][0]} {family}", "role", p.id)
            elif lang == "ar":
                out.add(f"{w['ar'][fem]} {family}", "role", p.id)
            else:
                word = str(w[lang][fem])
                out.add(self.article(word, p.female))
                out.add(f"{word} {family}", "role", p.id)
        elif how == "country":
            c = p.country
            if lang == "en":
                out.add("the ")
                out.add(f"{c.en_adj} {w['en'][1]}", "country_role", p.id)
            elif lang in {"fr", "es"}:
                word = str(w[lang][fem])
                adj = (c.fr_adj if lang == "fr" else c.es_adj)[fem]
                out.add(self.article(word, p.female))
                out.add(f"{word} {adj}", "country_role", p.id)
            elif lang == "ru":
                k = RU_CASES.index(case)
                adj = c.ru_adj + ("ий", "ого", "ому", "им")[k]
                out.add(f"{adj} {w['ru'][k]}", "country_role", p.id)
            elif lang == "zh":
                out.add(c.zh + str(w["zh"][0]), "country_role", p.id)
            else:
                adj = c.ar_adj if not fem else " ".join(x + "ة" if x.endswith("ي") else x for x in c.ar_adj.split(" "))
                out.add(f"{w['ar'][fem]} {adj}", "country_role", p.id)
        else:  # the role title
            assert p.role_title is not None
            if lang == "ru":
                head, tail = p.ru_title
                out.add(f"{head[RU_CASES.index(case)]} {tail}", "role", p.id)
            elif lang == "en":
                out.add("the ")
                out.add(p.role_title["en"], "role", p.id)
            elif lang in {"fr", "es"}:
                title = p.role_title[lang]
                out.add(self.article(title, p.female))
                out.add(title, "role", p.id)
            else:
                out.add(p.role_title[lang], "role", p.id)
        return out

    def article(self, word: str, female: bool) -> str:
        if self.lang == "es":
            return "la " if female else "el "
        if word[0] in "aeiouéâ":
            return "l'"
        return "la " if female else "le "

    def organisation(self, p: Person) -> Piece:
        assert p.organisation is not None
        out = Piece()
        out.add(p.organisation[self.lang], "organisation", p.id)
        return out

    def contact(self, p: Person, what: str) -> Piece:
        rng, out = self.rng, Piece()
        g, f = slug(p.given["latin"]).replace("-", ""), slug(p.family["latin"]).replace("-", "")
        if what == "E":
            out.add(p.email, "email", p.id)
        elif what == "T":
            phone = p.phone
            roll = rng.random()
            if roll < 0.1:
                phone = re.sub(r"[\s().-]", "", phone)
            elif roll < 0.2 and " " in phone:
                phone = phone.replace(" ", ".") if not phone.startswith("(") else phone
            out.add(phone, "phone", p.id)
        elif what == "U":
            url = rng.choice((f"https://{p.domain}/~{f}", f"https://www.{p.domain}/people/{g}-{f}", f"https://{p.domain}/en/team/{g}-{f}"))
            out.add(url, "url", p.id)
        else:
            out.add(rng.choice((f"@{g}{f}", f"@{g}_{f}", f"@{f}_{p.country.tld}")), "handle", p.id)
        return out

    def topic(self, c: Country, form: str) -> Piece:
        out, lang = Piece(), self.lang
        if lang == "ru":
            out.add(c.ru.get(form, c.ru["n"]), "topic")
            return out
        if lang == "fr":
            full = c.fr if form != "d" else c.fr_de()
            bare = c.bare("fr")
            out.add(full[: len(full) - len(bare)])
            out.add(bare, "topic")
            return out
        name = {"en": c.en, "es": c.es, "zh": c.zh, "ar": c.ar}[lang]
        bare = c.bare(lang)
        out.add(name[: len(name) - len(bare)])
        out.add(bare, "topic")
        return out


# ---------------------------------------------------------------- templates
# {P} {Q}: attendees (Russian case after a colon: g, d, i); {C} {D}: topic countries (Russian g, a,
# p; French l with article, d with "de"); {O} {E} {T} {U} {H}: P's organisation, e-mail,
# telephone, web page, handle; {a} {b}: Russian feminine past tense for P, Q; {e}: French
# feminine for P; {o}: Spanish o/a for P; {t} {u}: Arabic feminine verb for P, Q.

TEMPLATES: dict[str, tuple[str, ...]] = {
    "en": (
        "{P} opened the session by stressing that lithium exports to {C} had doubled since 2019.",
        "According to {P}, the negotiations with {C} remain at a delicate stage.",
        "{P} disagreed with {Q} on the pace of tariff reductions for {C}.",
        "Asked about supply chains, {P} said that {C} could not be treated as a single market.",
        "{P} ({O}) presented the draft communiqué on critical minerals.",
        "Participants wishing to follow up may write to {P} at {E}.",
        "{P} can be reached on {T} until the end of the month.",
        "The background paper circulated by {P} is available at {U}.",
        "{P}, who posts as {H}, warned against over-reliance on imports from {C}.",
        "{P} noted that investment flows from {C} had slowed in the second quarter.",
        "In reply, {Q} argued that {C} had already met its commitments.",
        "{P} proposed a working group with representatives of {C} and {D}.",
        "The chair thanked {P} for the candid remarks on the energy transition in {C}.",
        "{P} recalled that the previous roundtable had focused on food security in {C}.",
        "There was broad agreement with {P} that the price of copper from {C} would stay volatile.",
        "{P} cautioned that sanctions on {C} could disrupt shipping routes.",
        "Several participants echoed {P}, pointing to rising fertiliser costs in {C}.",
        "{P} suggested that the next meeting be hosted outside {C}.",
        "{P} and {Q} agreed to circulate a joint note before Friday.",
        "Speaking off the record, {P} described the talks with {C} as difficult but productive.",
        "{P} questioned whether the new rules would apply to firms registered in {C}.",
        "For further details contact {P} ({E}, {T}).",
        "{P} pointed out that {C} accounts for a third of global refining capacity.",
        "A question from {Q} prompted {P} to clarify the position on debt relief for {C}.",
        "{P} welcomed the proposal but asked for more data on emissions in {C}.",
        "The slides shown by {P} will be shared through {U} after the meeting.",
        "{P} observed that public opinion in {C} had shifted on nuclear power.",
        "{P} stressed the need for transparency in contracts signed with {C}.",
        "Responding to {P}, {Q} said the ministry would review the licensing regime.",
        "{P} reminded the room that the Chatham House Rule applies to all remarks.",
        "{P} argued that regional cooperation between {C} and {D} was underestimated.",
        "Questions on the annex should go to {P} at {E} or on {T}.",
        "{P} highlighted the role of development banks in financing grids in {C}.",
        "On the margins, {P} met {Q} to discuss water management in {C}.",
        "{P} (follow: {H}) shared figures on remittances to {C}.",
        "{P} expressed concern about the debt burden of {C}.",
        "{P} said that {O} would publish its assessment of {C} in the autumn.",
        "{P} noted that wheat imports from {C} had fallen by twelve percent.",
        "The rapporteur summarised the views of {P} and {Q} on market access for {C}.",
        "{P} closed by inviting participants to visit {U} for the full dataset on {C}.",
    ),
    "fr": (
        "{P} a ouvert la séance en soulignant que les exportations de lithium vers {C:l} avaient doublé depuis 2019.",
        "Selon {P}, les négociations avec {C:l} restent à un stade délicat.",
        "{P} et {Q} ont divergé sur le rythme des baisses tarifaires pour {C:l}.",
        "Interrogé{e} sur les chaînes d'approvisionnement, {P} a estimé qu'on ne pouvait traiter {C:l} comme un marché unique.",
        "{P} ({O}) a présenté le projet de communiqué sur les minerais critiques.",
        "Les participants qui souhaitent un suivi peuvent écrire à l'adresse {E}, indiquée par {P}.",
        "{P} reste joignable au {T} jusqu'à la fin du mois.",
        "La note de cadrage diffusée par {P} est disponible sur {U}.",
        "{P}, qui publie sous le pseudonyme {H}, a mis en garde contre la dépendance aux importations en provenance {C:d}.",
        "{P} a relevé que les flux d'investissement en provenance {C:d} avaient ralenti au deuxième trimestre.",
        "En réponse, {Q} a fait valoir que {C:l} avait déjà tenu ses engagements.",
        "{P} a proposé un groupe de travail réunissant des représentants {C:d} et {D:d}.",
        "La présidence a remercié {P} pour ses remarques franches sur la transition énergétique {C:d}.",
        "{P} a rappelé que la précédente table ronde portait sur la sécurité alimentaire {C:d}.",
        "Un large accord s'est dégagé avec {P} : le prix du cuivre {C:d} restera volatil.",
        "{P} a averti que des sanctions contre {C:l} pourraient perturber les routes maritimes.",
        "Plusieurs participants, comme {P}, ont évoqué la hausse du coût des engrais importés {C:d}.",
        "{P} a suggéré d'inviter {C:l} à la prochaine réunion.",
        "{P} et {Q} sont convenus de diffuser une note commune avant vendredi.",
        "Sous couvert d'anonymat, {P} a qualifié les pourparlers avec {C:l} de difficiles mais productifs.",
        "{P} s'est demandé si les nouvelles règles viseraient aussi les entreprises {C:d}.",
        "Pour plus de détails, contacter {P} ({E}, {T}).",
        "{P} a souligné que {C:l} représente un tiers des capacités mondiales de raffinage.",
        "Une question posée par {Q} a conduit {P} à préciser sa position sur l'allègement de la dette {C:d}.",
        "{P} a salué la proposition tout en demandant davantage de données sur les émissions {C:d}.",
        "Les diapositives présentées par {P} seront partagées via {U} après la réunion.",
        "{P} a observé que l'opinion publique {C:d} avait évolué sur le nucléaire.",
        "{P} a insisté sur la transparence des contrats signés avec {C:l}.",
        "En réponse, {Q} a indiqué que le ministère réexaminerait le régime des licences.",
        "{P} a rappelé que la règle de Chatham House s'applique à toutes les interventions.",
        "{P} a estimé que la coopération régionale entre {C:l} et {D:l} était sous-estimée.",
        "Pour les questions sur l'annexe, {P} indique l'adresse {E} et le numéro {T}.",
        "{P} a mis en avant le rôle des banques de développement dans le financement des réseaux {C:d}.",
        "En marge de la réunion, {P} s'est entretenu{e} avec {Q} de la gestion de l'eau {C:d}.",
        "{P} (sur les réseaux : {H}) a communiqué des chiffres sur les transferts de fonds vers {C:l}.",
        "{P} s'est dit{e} préoccupé{e} par le poids de la dette {C:d}.",
        "{P} a annoncé que {O} publierait son évaluation {C:d} à l'automne.",
        "{P} a noté que les importations de blé en provenance {C:d} avaient reculé de douze pour cent.",
        "Le rapporteur a résumé les positions exprimées par {P} et {Q} sur l'accès au marché {C:d}.",
        "{P} a conclu en invitant les participants à consulter {U} pour l'ensemble des données sur {C:l}.",
    ),
    "es": (
        "{P} abrió la sesión subrayando que las exportaciones de litio a {C} se habían duplicado desde 2019.",
        "Según {P}, las negociaciones con {C} siguen en una fase delicada.",
        "{P} y {Q} discreparon sobre el ritmo de las rebajas arancelarias para {C}.",
        "Preguntad{o} por las cadenas de suministro, {P} afirmó que {C} no puede tratarse como un mercado único.",
        "{P} ({O}) presentó el borrador de comunicado sobre minerales críticos.",
        "Quienes deseen hacer un seguimiento pueden escribir a {E}, según indicó {P}.",
        "{P} estará localizable en el {T} hasta final de mes.",
        "El documento de referencia distribuido por {P} está disponible en {U}.",
        "{P}, que publica como {H}, advirtió contra la dependencia de las importaciones de {C}.",
        "{P} señaló que los flujos de inversión procedentes de {C} se frenaron en el segundo trimestre.",
        "En respuesta, {Q} sostuvo que {C} ya había cumplido sus compromisos.",
        "{P} propuso un grupo de trabajo con representantes de {C} y {D}.",
        "La presidencia agradeció las francas observaciones de {P} sobre la transición energética en {C}.",
        "{P} recordó que la anterior mesa redonda se había centrado en la seguridad alimentaria de {C}.",
        "Hubo amplio acuerdo con {P} en que el precio del cobre de {C} seguirá siendo volátil.",
        "{P} advirtió que las sanciones contra {C} podrían alterar las rutas marítimas.",
        "Varios participantes coincidieron con {P} y citaron el aumento del coste de los fertilizantes en {C}.",
        "{P} sugirió invitar a {C} a la próxima reunión.",
        "{P} y {Q} acordaron circular una nota conjunta antes del viernes.",
        "En privado, {P} calificó las conversaciones con {C} de difíciles pero productivas.",
        "{P} se preguntó si las nuevas normas se aplicarían a las empresas registradas en {C}.",
        "Para más información, contactar con {P} ({E}, {T}).",
        "{P} destacó que {C} representa un tercio de la capacidad mundial de refinado.",
        "Tras una pregunta planteada por {Q}, {P} aclaró su posición sobre el alivio de la deuda de {C}.",
        "{P} acogió la propuesta, pero pidió más datos sobre las emisiones en {C}.",
        "Las diapositivas mostradas por {P} se compartirán en {U} tras la reunión.",
        "{P} observó que la opinión pública en {C} había cambiado respecto a la energía nuclear.",
        "{P} insistió en la transparencia de los contratos firmados con {C}.",
        "En respuesta, {Q} dijo que el ministerio revisaría el régimen de licencias.",
        "{P} recordó que la regla de Chatham House se aplica a todas las intervenciones.",
        "{P} sostuvo que la cooperación regional entre {C} y {D} está infravalorada.",
        "Las preguntas sobre el anexo pueden dirigirse a {E} o al {T}, indicó {P}.",
        "{P} subrayó el papel de los bancos de desarrollo en la financiación de redes en {C}.",
        "Al margen de la reunión, {P} se reunió con {Q} para tratar la gestión del agua en {C}.",
        "{P} (en redes: {H}) compartió cifras sobre las remesas enviadas a {C}.",
        "{P} se mostró preocupad{o} por la carga de la deuda de {C}.",
        "{P} anunció que {O} publicará su evaluación sobre {C} en otoño.",
        "{P} señaló que las importaciones de trigo procedentes de {C} cayeron un doce por ciento.",
        "El relator resumió las posiciones expresadas por {P} y {Q} sobre el acceso al mercado de {C}.",
        "{P} concluyó invitando a los participantes a consultar {U} para obtener todos los datos sobre {C}.",
    ),
    "ru": (
        "{P} открыл{a} заседание, подчеркнув, что экспорт лития в {C:a} удвоился с 2019 года.",
        "По словам {P:g}, переговоры в {C:p} находятся на деликатной стадии.",
        "{P} и {Q} разошлись во мнениях о темпах снижения пошлин для {C:g}.",
        "Отвечая на вопрос о цепочках поставок, {P} заявил{a}, что {C} нельзя рассматривать как единый рынок.",
        "{P} ({O}) представил{a} проект коммюнике о критически важных минералах.",
        "Участники, желающие продолжить обсуждение, могут написать {P:d} по адресу {E}.",
        "С {P:i} можно связаться по телефону {T} до конца месяца.",
        "Справочный документ, распространённый {P:i}, доступен по ссылке {U}.",
        "{P} предупредил{a} о чрезмерной зависимости от импорта из {C:g}; подробности — в аккаунте {H}.",
        "{P} отметил{a}, что приток инвестиций из {C:g} замедлился во втором квартале.",
        "В ответ {Q} возразил{b}, что обязательства {C:g} уже выполнены.",
        "{P} предложил{a} создать рабочую группу с участием представителей {C:g} и {D:g}.",
        "Председатель выразил благодарность {P:d} за откровенные замечания об энергетическом переходе в {C:p}.",
        "{P} напомнил{a}, что предыдущий круглый стол был посвящён продовольственной безопасности {C:g}.",
        "Большинство участников согласились с {P:i} в том, что цены на медь из {C:g} останутся волатильными.",
        "{P} предупредил{a}, что санкции против {C:g} могут нарушить морские маршруты.",
        "Вслед за {P:i} несколько участников указали на рост цен на удобрения в {C:p}.",
        "{P} предложил{a} пригласить на следующую встречу представителей {C:g}.",
        "{P} и {Q} договорились разослать совместную записку до пятницы.",
        "На условиях анонимности {P} назвал{a} переговоры в {C:p} трудными, но продуктивными.",
        "{P} задал{a} вопрос, будут ли новые правила распространяться на компании из {C:g}.",
        "Для уточнения деталей обращаться к {P:d} ({E}, {T}).",
        "{P} подчеркнул{a}, что на {C:a} приходится треть мировых мощностей по переработке.",
        "После вопроса {Q:g} {P} уточнил{a} позицию по облегчению долгового бремени {C:g}.",
        "{P} поддержал{a} предложение, но попросил{a} больше данных о выбросах в {C:p}.",
        "Слайды, показанные {P:i}, будут опубликованы по адресу {U} после встречи.",
        "{P} заметил{a}, что общественное мнение в {C:p} изменилось в отношении атомной энергетики.",
        "{P} настаивал{a} на прозрачности контрактов, заключённых с партнёрами из {C:g}.",
        "В ответ {Q} сообщил{b}, что министерство пересмотрит режим лицензирования.",
        "{P} напомнил{a}, что ко всем выступлениям применяется правило Chatham House.",
        "По мнению {P:g}, потенциал сотрудничества {C:g} и {D:g} недооценён.",
        "Вопросы по приложению {P} просит направлять на {E} или по телефону {T}.",
        "{P} обратил{a} внимание на роль банков развития в финансировании энергосетей {C:g}.",
        "В кулуарах состоялась беседа {P:g} с {Q:i} об управлении водными ресурсами {C:g}.",
        "{P} (в соцсетях — {H}) представил{a} данные о денежных переводах в {C:a}.",
        "{P} выразил{a} обеспокоенность долговой нагрузкой {C:g}.",
        "{P} сообщил{a}, что {O} опубликует оценку положения {C:g} осенью.",
        "{P} отметил{a}, что импорт пшеницы из {C:g} сократился на двенадцать процентов.",
        "Докладчик обобщил позиции {P:g} и {Q:g} по вопросу доступа на рынок {C:g}.",
        "В завершение {P} предложил{a} участникам ознакомиться с полными данными о {C:p} на сайте {U}.",
    ),
    "zh": (
        "{P}在开幕发言中强调，对{C}的锂出口自2019年以来翻了一番。",
        "{P}表示，与{C}的谈判仍处于微妙阶段。",
        "{P}与{Q}在对{C}降低关税的节奏上存在分歧。",
        "在回答有关供应链的问题时，{P}说{C}不能被视为单一市场。",
        "{P}（{O}）介绍了关键矿产公报草案。",
        "希望跟进的与会者可发送邮件至{E}与{P}联系。",
        "本月底前可拨打{T}联系{P}。",
        "{P}分发的背景文件可在{U}查阅。",
        "{P}（社交媒体账号{H}）提醒不要过度依赖从{C}进口。",
        "{P}指出，来自{C}的投资在第二季度有所放缓。",
        "{Q}回应称，{C}已经履行了承诺。",
        "{P}提议成立由{C}和{D}代表组成的工作组。",
        "主席感谢{P}就{C}能源转型所作的坦率发言。",
        "{P}回顾说，上一次圆桌会议的主题是{C}的粮食安全。",
        "与会者普遍赞同{P}的看法，认为{C}铜价仍将波动。",
        "{P}警告说，对{C}的制裁可能扰乱海运航线。",
        "多位与会者附和{P}，指出{C}化肥成本上升。",
        "{P}建议邀请{C}参加下一次会议。",
        "{P}和{Q}同意在周五前分发一份联合说明。",
        "{P}私下表示，与{C}的会谈艰难但富有成效。",
        "{P}质疑新规则是否适用于在{C}注册的企业。",
        "详情请联系{P}（{E}，{T}）。",
        "{P}指出，{C}占全球炼油能力的三分之一。",
        "在{Q}提问后，{P}澄清了对{C}债务减免的立场。",
        "{P}欢迎这一提议，但要求提供更多关于{C}排放的数据。",
        "{P}展示的幻灯片将在会后通过{U}分享。",
        "{P}注意到，{C}民众对核电的看法已经转变。",
        "{P}强调与{C}签订的合同必须透明。",
        "{Q}回应说，该部将审查许可制度。",
        "{P}提醒大家，所有发言均适用查塔姆宫规则。",
        "{P}认为，{C}与{D}之间的区域合作被低估了。",
        "关于附件的问题，{P}请大家发送至{E}或致电{T}。",
        "{P}强调了开发银行在{C}电网融资中的作用。",
        "会议间隙，{P}与{Q}会面，讨论了{C}的水资源管理。",
        "{P}（{H}）分享了汇往{C}的侨汇数据。",
        "{P}对{C}的债务负担表示担忧。",
        "{P}宣布，{O}将于秋季发布对{C}的评估报告。",
        "{P}指出，从{C}进口的小麦下降了百分之十二。",
        "报告员总结了{P}和{Q}关于{C}市场准入的立场。",
        "{P}最后请与会者访问{U}，获取有关{C}的完整数据。",
    ),
    "ar": (
        "افتتح{t} {P} الجلسة بالتأكيد على أن صادرات الليثيوم إلى {C} تضاعفت منذ عام 2019.",
        "وبحسب {P}، لا تزال المفاوضات مع {C} في مرحلة حساسة.",
        "واختلف {P} و{Q} حول وتيرة خفض الرسوم الجمركية على {C}.",
        "وردًا على سؤال حول سلاسل الإمداد، قال{t} {P} إن {C} لا يمكن اعتبارها سوقًا واحدة.",
        "وقدّم{t} {P} ({O}) مشروع البيان الختامي بشأن المعادن الحيوية.",
        "يمكن للمشاركين الراغبين في المتابعة مراسلة {P} على العنوان {E}.",
        "يمكن التواصل مع {P} على الرقم {T} حتى نهاية الشهر.",
        "الورقة الخلفية المقدمة من {P} متاحة على {U}.",
        "وحذّر{t} {P} (على وسائل التواصل: {H}) من الإفراط في الاعتماد على الواردات من {C}.",
        "وأشار{t} {P} إلى أن تدفقات الاستثمار من {C} تباطأت في الربع الثاني.",
        "وفي ردّ على ذلك، أكّد{u} {Q} أن {C} أوفت بالتزاماتها.",
        "واقترح{t} {P} تشكيل فريق عمل يضم ممثلين عن {C} و{D}.",
        "وشكر رئيس الجلسة {P} على الملاحظات الصريحة بشأن تحول الطاقة في {C}.",
        "وذكّر{t} {P} بأن المائدة المستديرة السابقة ركزت على الأمن الغذائي في {C}.",
        "وأيد عدد كبير من المشاركين رأي {P} بأن أسعار النحاس القادم من {C} ستبقى متقلبة.",
        "وحذّر{t} {P} من أن العقوبات على {C} قد تعطل طرق الشحن البحري.",
        "وأيّد عدة مشاركين {P} مشيرين إلى ارتفاع تكاليف الأسمدة في {C}.",
        "واقترح{t} {P} دعوة {C} إلى الاجتماع المقبل.",
        "واتفق {P} و{Q} على تعميم مذكرة مشتركة قبل يوم الجمعة.",
        "ووصف{t} {P}، بعيدًا عن التسجيل، المحادثات مع {C} بأنها صعبة لكنها مثمرة.",
        "وتساءل{t} {P} عما إذا كانت القواعد الجديدة ستنطبق على الشركات المسجلة في {C}.",
        "لمزيد من التفاصيل يرجى التواصل مع {P} ({E}، {T}).",
        "وأشار{t} {P} إلى أن {C} تستحوذ على ثلث طاقة التكرير العالمية.",
        "وبعد سؤال من {Q}، أوضح{t} {P} الموقف من تخفيف ديون {C}.",
        "ورحّب{t} {P} بالاقتراح مع طلب مزيد من البيانات عن الانبعاثات في {C}.",
        "ستُتاح شرائح عرض {P} عبر {U} بعد الاجتماع.",
        "ولاحظ{t} {P} أن الرأي العام في {C} تغيّر بشأن الطاقة النووية.",
        "وشدّد{t} {P} على ضرورة الشفافية في العقود الموقعة مع {C}.",
        "وردًا على {P}، قال{u} {Q} إن الوزارة ستراجع نظام التراخيص.",
        "وذكّر{t} {P} بأن قاعدة تشاتام هاوس تنطبق على جميع المداخلات.",
        "واعتبر{t} {P} أن التعاون الإقليمي بين {C} و{D} لا يحظى بالتقدير الكافي.",
        "يمكن توجيه الأسئلة المتعلقة بالملحق إلى {P} عبر {E} أو على الرقم {T}.",
        "وسلّط{t} {P} الضوء على دور بنوك التنمية في تمويل شبكات الكهرباء في {C}.",
        "وعلى هامش الاجتماع، التقى {P} و{Q} لبحث إدارة المياه في {C}.",
        "وعرض{t} {P} ({H}) أرقامًا عن التحويلات المالية إلى {C}.",
        "وأعرب{t} {P} عن القلق إزاء عبء ديون {C}.",
        "وأعلن{t} {P} أن {O} ستنشر تقييمها بشأن {C} في الخريف.",
        "وأشار{t} {P} إلى أن واردات القمح من {C} تراجعت بنسبة اثني عشر في المئة.",
        "ولخّص المقرر مواقف {P} و{Q} بشأن النفاذ إلى أسواق {C}.",
        "وختم{t} {P} بدعوة المشاركين إلى زيارة {U} للاطلاع على البيانات الكاملة حول {C}.",
    ),
}

_SLOT = re.compile(r"\{([A-Za-z])(?::([a-z]))?\}")


def _agreement(slot: str, lang: str, p: Person, q: Person) -> str:
    person = q if slot in "bu" else p
    fem = person.female
    if slot in "ab":
        return "а" if fem else ""
    if slot == "e":
        return "e" if fem else ""
    if slot == "o":
        return "a" if fem else "o"
    return "ت" if fem else ""  # t, u


# ---------------------------------------------------------------- the corpus


@dataclass
class Corpus:
    roster: list[Person]
    lines: list[tuple[str, str]]  # (lang, text)
    gold: list[list[Span]]
    hard: list[list[int]]


def _sentence(writer: Writer, template: str, *, p: Person, q: Person, c: Country, d: Country) -> Piece:
    out = Piece()
    pos = 0
    for m in _SLOT.finditer(template):
        out.add(template[pos : m.start()])
        pos = m.end()
        slot, form = m.group(1), m.group(2) or "n"
        if slot in "PQ":
            piece = writer.mention(p if slot == "P" else q, form if form in RU_CASES else "n")
        elif slot in "CD":
            piece = writer.topic(c if slot == "C" else d, form)
        elif slot == "O":
            piece = writer.organisation(p)
        elif slot in "ETUH":
            piece = writer.contact(p, slot)
        else:
            out.add(_agreement(slot, writer.lang, p, q))
            continue
        base = len(out.text)
        out.text += piece.text
        out.spans.extend((s + base, e + base, k, pid, h) for s, e, k, pid, h in piece.spans)
    out.add(template[pos:])
    out.text = out.text[0].upper() + out.text[1:]
    return out


def generate(*, chars: int, seed: int, progress: bool = True) -> Corpus:
    """Lines of 200–2000 characters, balanced over the six languages, until ``chars`` in total."""
    rng = random.Random(seed)
    roster = build_roster(rng)
    countries = list(load_countries().values())
    writers = {lang: Writer(lang, rng) for lang in LANGS}
    budget = {lang: chars // len(LANGS) + (1 if i < chars % len(LANGS) else 0) for i, lang in enumerate(LANGS)}
    done = dict.fromkeys(LANGS, 0)
    corpus = Corpus(roster, [], [], [])
    total, step = 0, max(chars // 10, 1)
    while any(done[lang] < budget[lang] for lang in LANGS):
        for lang in LANGS:
            if done[lang] >= budget[lang]:
                continue
            target = min(rng.randint(200, 2000), max(budget[lang] - done[lang], 200))
            attendees = rng.sample(roster, 8)
            writer, joiner = writers[lang], "" if lang == "zh" else " "
            text, spans = "", list[tuple[int, int, str, str | None, bool]]()
            while len(text) < target:
                p, q = rng.sample(attendees, 2)
                c, d = rng.sample(countries, 2)
                sentence = _sentence(writer, rng.choice(TEMPLATES[lang]), p=p, q=q, c=c, d=d)
                if text and len(text) + len(joiner) + len(sentence.text) > 2000:
                    break
                base = len(text) + (len(joiner) if text else 0)
                text = f"{text}{joiner}{sentence.text}" if text else sentence.text
                spans.extend((s + base, e + base, k, pid, h) for s, e, k, pid, h in sentence.spans)
            corpus.lines.append((lang, text))
            corpus.gold.append([[s, e, k, pid] for s, e, k, pid, _h in spans])
            corpus.hard.append([i for i, span in enumerate(spans) if span[4]])
            done[lang] += len(text)
            before, total = total, total + len(text)
            if progress and total // step > before // step:
                print(f"  generated {total / 1e6:5.1f} M characters, {len(corpus.lines):,} lines", flush=True)
    return corpus


def write(corpus: Corpus, workdir: Path) -> dict[str, Path]:
    """corpus.jsonl (the engine's input), gold.jsonl (one line per corpus line), roster.json."""
    workdir.mkdir(parents=True, exist_ok=True)
    paths = {name: workdir / name for name in ("corpus.jsonl", "gold.jsonl", "roster.json")}
    with paths["corpus.jsonl"].open("w", encoding="utf-8") as out:
        for lang, text in corpus.lines:
            out.write(json.dumps({"text": text, "lang": lang}, ensure_ascii=False) + "\n")
    with paths["gold.jsonl"].open("w", encoding="utf-8") as out:
        for spans, hard in zip(corpus.gold, corpus.hard, strict=True):
            out.write(json.dumps({"spans": spans, "hard": hard}, ensure_ascii=False) + "\n")
    paths["roster.json"].write_text(json.dumps([p.to_json() for p in corpus.roster], ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return paths
