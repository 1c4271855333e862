"""Country names, nationality adjectives and regional placeholders in the six UN languages.

Covers the 193 UN member states, the two observer states (VA Holy See, PS Palestine) and TW, XK,
HK, MO; codes are ISO 3166-1 alpha-2, except XK, the user-assigned code the EU and others use for
Kosovo (so it is not in ``ISO_CODES``, which lists the 249 codes ISO has assigned).  The short
names follow the UN terminology database (UNTERM) where it has one, with the common variants.

Regions, for the placeholder that replaces a country («a European country»):
- ``middle_east``: the Gulf, the Levant, Iran, Iraq, Israel, Palestine, Yemen;
- ``africa``: the whole continent, Egypt, Sudan and the Maghreb included;
- ``europe``: also Russia, Türkiye, Cyprus and the South Caucasus (Armenia, Azerbaijan, Georgia),
  as in the UN's regional groups and the Council of Europe;
- ``asia``: Central, South, South-East and East Asia, Afghanistan included;
- ``north_america``: Canada and the United States; ``latin_america``: Mexico, Central and South
  America and the Caribbean; ``oceania``: Australia, New Zealand and the Pacific islands.

The tables are written one line per country and language and parsed once at import, which keeps
them short enough to read and review (the source-size rule of ``tests/test_architecture.py``).
What is derived by rule, rather than written out:
- fr, es: the feminine and plural adjectives from the masculine singular (chinois → chinoise,
  chinois, chinoises; chino → china, chinos, chinas); irregular ones are written ``m/f`` or
  ``m/f/mp/fp``;
- ru: the case forms of names by ``russian.decline_phrase`` (inanimate: accusative Китай, Францию);
  a name ending in ``!`` is indeclinable, and ``nom/gen/dat/acc/ins/pre`` writes the forms out
  (plurals: Нидерланды, Филиппины); every form with ё also comes spelt with е;
- ar: adjectives take ة in the feminine and ال in the definite, word by word (كوري جنوبي →
  الكورية الجنوبية); a name with the article also comes without it, as it stands after the
  preposition لـ (للصين = لـ + الصين);
- en, fr, es: a name with an apostrophe also comes with the typographic one (Côte d’Ivoire).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from incamera.redact.russian import CASES, decline_adjective, decline_phrase

__all__ = ["COUNTRIES", "ISO_CODES", "LANGS", "REGIONS", "USER_ASSIGNED_CODES", "Country"]

LANGS = ("ar", "en", "es", "fr", "ru", "zh")


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    region: str  # key of REGIONS
    names: dict[str, tuple[str, ...]]  # lang -> names, the usual short name first
    adjectives: dict[str, dict[str, tuple[str, ...]]]  # lang -> grammatical slot -> adjective forms


REGIONS: dict[str, dict[str, str]] = {
    "africa": {
        "ar": "دولة أفريقية",
        "en": "an African country",
        "es": "un país africano",
        "fr": "un pays africain",
        "ru": "африканская страна",
        "zh": "一个非洲国家",
    },
    "asia": {
        "ar": "دولة آسيوية",
        "en": "an Asian country",
        "es": "un país asiático",
        "fr": "un pays asiatique",
        "ru": "азиатская страна",
        "zh": "一个亚洲国家",
    },
    "europe": {
        "ar": "دولة أوروبية",
        "en": "a European country",
        "es": "un país europeo",
        "fr": "un pays européen",
        "ru": "европейская страна",
        "zh": "一个欧洲国家",
    },
    "latin_america": {
        "ar": "دولة من أمريكا اللاتينية والبحر الكاريبي",
        "en": "a Latin American or Caribbean country",
        "es": "un país de América Latina y el Caribe",
        "fr": "un pays d'Amérique latine et des Caraïbes",
        "ru": "страна Латинской Америки и Карибского бассейна",
        "zh": "一个拉丁美洲和加勒比国家",
    },
    "north_america": {
        "ar": "دولة من أمريكا الشمالية",
        "en": "a North American country",
        "es": "un país de América del Norte",
        "fr": "un pays d'Amérique du Nord",
        "ru": "североамериканская страна",
        "zh": "一个北美国家",
    },
    "middle_east": {
        "ar": "دولة من الشرق الأوسط",
        "en": "a Middle Eastern country",
        "es": "un país de Oriente Medio",
        "fr": "un pays du Moyen-Orient",
        "ru": "ближневосточная страна",
        "zh": "一个中东国家",
    },
    "oceania": {
        "ar": "دولة من أوقيانوسيا",
        "en": "a country of Oceania",
        "es": "un país de Oceanía",
        "fr": "un pays d'Océanie",
        "ru": "страна Океании",
        "zh": "一个大洋洲国家",
    },
}

_REGION_MEMBERS = """
africa: AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG ER ET GA GH GM GN GQ GW KE KM LR LS LY MA MG ML MR MU MW MZ NA NE NG RW SC SD SL SN SO SS ST SZ TD TG TN TZ UG ZA ZM ZW
asia: AF BD BN BT CN HK ID IN JP KG KH KP KR KZ LA LK MM MN MO MV MY NP PH PK SG TH TJ TL TM TW UZ VN
europe: AD AL AM AT AZ BA BE BG BY CH CY CZ DE DK EE ES FI FR GB GE GR HR HU IE IS IT LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SK SM TR UA VA XK
latin_america: AG AR BB BO BR BS BZ CL CO CR CU DM DO EC GD GT GY HN HT JM KN LC MX NI PA PE PY SR SV TT UY VC VE
north_america: CA US
middle_east: AE BH IL IQ IR JO KW LB OM PS QA SA SY YE
oceania: AU FJ FM KI MH NR NZ PG PW SB TO TV VU WS
"""

_ISO_ASSIGNED = """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
    CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR
    GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP
    KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT
    MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
    SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG
    UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
"""
ISO_CODES = frozenset(_ISO_ASSIGNED.split())
USER_ASSIGNED_CODES = frozenset({"XK"})

# code | names (;) | adjectives (;)
_EN = """
AD | Andorra; Principality of Andorra | Andorran
AE | United Arab Emirates; UAE; the Emirates | Emirati
AF | Afghanistan | Afghan
AG | Antigua and Barbuda | Antiguan; Barbudan
AL | Albania | Albanian
AM | Armenia | Armenian
AO | Angola | Angolan
AR | Argentina | Argentine; Argentinian
AT | Austria | Austrian
AU | Australia | Australian
AZ | Azerbaijan | Azerbaijani; Azeri
BA | Bosnia and Herzegovina; Bosnia | Bosnian; Herzegovinian
BB | Barbados | Barbadian; Bajan
BD | Bangladesh | Bangladeshi
BE | Belgium | Belgian
BF | Burkina Faso | Burkinabe; Burkinabè
BG | Bulgaria | Bulgarian
BH | Bahrain; Kingdom of Bahrain | Bahraini
BI | Burundi | Burundian
BJ | Benin | Beninese
BN | Brunei; Brunei Darussalam | Bruneian
BO | Bolivia; Plurinational State of Bolivia | Bolivian
BR | Brazil; Federative Republic of Brazil | Brazilian
BS | Bahamas; the Bahamas | Bahamian
BT | Bhutan | Bhutanese
BW | Botswana | Botswanan; Motswana
BY | Belarus | Belarusian
BZ | Belize | Belizean
CA | Canada | Canadian
CD | Democratic Republic of the Congo; DR Congo; DRC; Congo-Kinshasa | Congolese
CF | Central African Republic | Central African
CG | Congo; Republic of the Congo; Congo-Brazzaville | Congolese
CH | Switzerland; Swiss Confederation | Swiss
CI | Côte d'Ivoire; Ivory Coast | Ivorian
CL | Chile | Chilean
CM | Cameroon | Cameroonian
CN | China; People's Republic of China; PRC | Chinese
CO | Colombia | Colombian
CR | Costa Rica | Costa Rican
CU | Cuba | Cuban
CV | Cabo Verde; Cape Verde | Cabo Verdean; Cape Verdean
CY | Cyprus | Cypriot
CZ | Czechia; Czech Republic | Czech
DE | Germany; Federal Republic of Germany | German
DJ | Djibouti | Djiboutian
DK | Denmark | Danish
DM | Dominica; Commonwealth of Dominica | Dominican
DO | Dominican Republic | Dominican
DZ | Algeria | Algerian
EC | Ecuador | Ecuadorian
EE | Estonia | Estonian
EG | Egypt; Arab Republic of Egypt | Egyptian
ER | Eritrea | Eritrean
ES | Spain; Kingdom of Spain | Spanish
ET | Ethiopia | Ethiopian
FI | Finland | Finnish
FJ | Fiji | Fijian
FM | Micronesia; Federated States of Micronesia | Micronesian
FR | France; French Republic | French
GA | Gabon | Gabonese
GB | United Kingdom; UK; Britain; Great Britain; United Kingdom of Great Britain and Northern Ireland | British
GD | Grenada | Grenadian
GE | Georgia | Georgian
GH | Ghana | Ghanaian
GM | Gambia; the Gambia | Gambian
GN | Guinea | Guinean
GQ | Equatorial Guinea | Equatorial Guinean; Equatoguinean
GR | Greece; Hellenic Republic | Greek; Hellenic
GT | Guatemala | Guatemalan
GW | Guinea-Bissau | Bissau-Guinean
GY | Guyana | Guyanese
HK | Hong Kong; Hong Kong SAR; Hong Kong, China | Hong Kong
HN | Honduras | Honduran
HR | Croatia | Croatian; Croat
HT | Haiti | Haitian
HU | Hungary | Hungarian
ID | Indonesia | Indonesian
IE | Ireland | Irish
IL | Israel; State of Israel | Israeli
IN | India; Republic of India | Indian
IQ | Iraq | Iraqi
IR | Iran; Islamic Republic of Iran | Iranian
IS | Iceland | Icelandic
IT | Italy; Italian Republic | Italian
JM | Jamaica | Jamaican
JO | Jordan; Hashemite Kingdom of Jordan | Jordanian
JP | Japan | Japanese
KE | Kenya | Kenyan
KG | Kyrgyzstan; Kyrgyz Republic | Kyrgyz; Kyrgyzstani
KH | Cambodia | Cambodian
KI | Kiribati | I-Kiribati; Kiribati
KM | Comoros; the Comoros | Comorian
KN | Saint Kitts and Nevis; St Kitts and Nevis | Kittitian; Nevisian
KP | North Korea; Democratic People's Republic of Korea; DPRK | North Korean
KR | South Korea; Republic of Korea; ROK | South Korean
KW | Kuwait | Kuwaiti
KZ | Kazakhstan | Kazakhstani; Kazakh
LA | Laos; Lao People's Democratic Republic; Lao PDR | Lao; Laotian
LB | Lebanon | Lebanese
LC | Saint Lucia; St Lucia | Saint Lucian
LI | Liechtenstein | Liechtenstein; Liechtensteiner
LK | Sri Lanka | Sri Lankan
LR | Liberia | Liberian
LS | Lesotho | Basotho; Lesothan
LT | Lithuania | Lithuanian
LU | Luxembourg | Luxembourgish; Luxembourg
LV | Latvia | Latvian
LY | Libya | Libyan
MA | Morocco | Moroccan
MC | Monaco | Monegasque; Monégasque
MD | Moldova; Republic of Moldova | Moldovan
ME | Montenegro | Montenegrin
MG | Madagascar | Malagasy
MH | Marshall Islands | Marshallese
MK | North Macedonia | North Macedonian; Macedonian
ML | Mali | Malian
MM | Myanmar; Burma | Myanmar; Burmese
MN | Mongolia | Mongolian
MO | Macao; Macau; Macao SAR; Macao, China | Macanese; Macao
MR | Mauritania | Mauritanian
MT | Malta | Maltese
MU | Mauritius | Mauritian
MV | Maldives; the Maldives | Maldivian
MW | Malawi | Malawian
MX | Mexico; United Mexican States | Mexican
MY | Malaysia | Malaysian
MZ | Mozambique | Mozambican
NA | Namibia | Namibian
NE | Niger; the Niger | Nigerien
NG | Nigeria | Nigerian
NI | Nicaragua | Nicaraguan
NL | Netherlands; the Netherlands; Holland; Kingdom of the Netherlands | Dutch; Netherlands
NO | Norway | Norwegian
NP | Nepal | Nepali; Nepalese
NR | Nauru | Nauruan
NZ | New Zealand; Aotearoa | New Zealand
OM | Oman; Sultanate of Oman | Omani
PA | Panama | Panamanian
PE | Peru | Peruvian
PG | Papua New Guinea; PNG | Papua New Guinean
PH | Philippines; the Philippines | Philippine; Filipino
PK | Pakistan | Pakistani
PL | Poland | Polish
PS | Palestine; State of Palestine | Palestinian
PT | Portugal | Portuguese
PW | Palau | Palauan
PY | Paraguay | Paraguayan
QA | Qatar; State of Qatar | Qatari
RO | Romania | Romanian
RS | Serbia | Serbian
RU | Russia; Russian Federation | Russian
RW | Rwanda | Rwandan
SA | Saudi Arabia; Kingdom of Saudi Arabia; KSA | Saudi; Saudi Arabian
SB | Solomon Islands; the Solomons | Solomon Islands; Solomon Islander
SC | Seychelles | Seychellois
SD | Sudan; the Sudan | Sudanese
SE | Sweden | Swedish
SG | Singapore | Singaporean
SI | Slovenia | Slovenian; Slovene
SK | Slovakia | Slovak; Slovakian
SL | Sierra Leone | Sierra Leonean
SM | San Marino | Sammarinese
SN | Senegal | Senegalese
SO | Somalia | Somali
SR | Suriname | Surinamese
SS | South Sudan | South Sudanese
ST | Sao Tome and Principe; São Tomé and Príncipe | Santomean; São Toméan
SV | El Salvador | Salvadoran; Salvadorian
SY | Syria; Syrian Arab Republic | Syrian
SZ | Eswatini; Swaziland | Eswatini; Swazi
TD | Chad | Chadian
TG | Togo | Togolese
TH | Thailand | Thai
TJ | Tajikistan | Tajik; Tajikistani
TL | Timor-Leste; East Timor | Timorese
TM | Turkmenistan | Turkmen
TN | Tunisia | Tunisian
TO | Tonga | Tongan
TR | Türkiye; Turkey | Turkish
TT | Trinidad and Tobago | Trinidadian; Tobagonian
TV | Tuvalu | Tuvaluan
TW | Taiwan; Chinese Taipei; Taiwan, Province of China | Taiwanese
TZ | Tanzania; United Republic of Tanzania | Tanzanian
UA | Ukraine | Ukrainian
UG | Uganda | Ugandan
US | United States; United States of America; USA; US; U.S.; America | American; US; U.S.
UY | Uruguay | Uruguayan
UZ | Uzbekistan | Uzbek; Uzbekistani
VA | Holy See; Vatican; Vatican City | Vatican
VC | Saint Vincent and the Grenadines; St Vincent and the Grenadines | Vincentian
VE | Venezuela; Bolivarian Republic of Venezuela | Venezuelan
VN | Viet Nam; Vietnam | Vietnamese
VU | Vanuatu | Ni-Vanuatu; Vanuatuan
WS | Samoa | Samoan
XK | Kosovo | Kosovan; Kosovar
YE | Yemen | Yemeni
ZA | South Africa | South African
ZM | Zambia | Zambian
ZW | Zimbabwe | Zimbabwean
"""

_FR = """
AD | Andorre | andorran
AE | Émirats arabes unis; EAU; Émirats | émirien; émirati
AF | Afghanistan | afghan
AG | Antigua-et-Barbuda | antiguais
AL | Albanie | albanais
AM | Arménie | arménien
AO | Angola | angolais
AR | Argentine | argentin
AT | Autriche | autrichien
AU | Australie | australien
AZ | Azerbaïdjan | azerbaïdjanais
BA | Bosnie-Herzégovine; Bosnie | bosnien; bosniaque
BB | Barbade | barbadien
BD | Bangladesh | bangladais
BE | Belgique | belge
BF | Burkina Faso; Burkina | burkinabè/burkinabè/burkinabè/burkinabè; burkinabé
BG | Bulgarie | bulgare
BH | Bahreïn | bahreïnien
BI | Burundi | burundais
BJ | Bénin | béninois
BN | Brunéi Darussalam; Brunéi; Brunei | brunéien
BO | Bolivie; État plurinational de Bolivie | bolivien
BR | Brésil | brésilien
BS | Bahamas | bahaméen; bahamien
BT | Bhoutan | bhoutanais
BW | Botswana | botswanais
BY | Bélarus; Biélorussie | bélarussien; biélorusse
BZ | Belize | bélizien
CA | Canada | canadien
CD | République démocratique du Congo; RDC; Congo-Kinshasa | congolais
CF | République centrafricaine; Centrafrique | centrafricain
CG | Congo; République du Congo; Congo-Brazzaville | congolais
CH | Suisse; Confédération suisse | suisse
CI | Côte d'Ivoire | ivoirien
CL | Chili | chilien
CM | Cameroun | camerounais
CN | Chine; République populaire de Chine; RPC | chinois
CO | Colombie | colombien
CR | Costa Rica | costaricien; costaricain
CU | Cuba | cubain
CV | Cabo Verde; Cap-Vert | cap-verdien
CY | Chypre | chypriote; cypriote
CZ | Tchéquie; République tchèque | tchèque
DE | Allemagne; République fédérale d'Allemagne | allemand
DJ | Djibouti | djiboutien
DK | Danemark | danois
DM | Dominique | dominiquais
DO | République dominicaine | dominicain
DZ | Algérie | algérien
EC | Équateur | équatorien
EE | Estonie | estonien
EG | Égypte | égyptien
ER | Érythrée | érythréen
ES | Espagne | espagnol
ET | Éthiopie | éthiopien
FI | Finlande | finlandais
FJ | Fidji | fidjien
FM | Micronésie; États fédérés de Micronésie | micronésien
FR | France; République française | français
GA | Gabon | gabonais
GB | Royaume-Uni; Grande-Bretagne; Royaume-Uni de Grande-Bretagne et d'Irlande du Nord | britannique
GD | Grenade | grenadien
GE | Géorgie | géorgien
GH | Ghana | ghanéen
GM | Gambie | gambien
GN | Guinée | guinéen
GQ | Guinée équatoriale | équato-guinéen
GR | Grèce | grec/grecque
GT | Guatemala | guatémaltèque
GW | Guinée-Bissau | bissau-guinéen
GY | Guyana | guyanien
HK | Hong Kong; Hong Kong (Chine) | hongkongais
HN | Honduras | hondurien
HR | Croatie | croate
HT | Haïti | haïtien
HU | Hongrie | hongrois
ID | Indonésie | indonésien
IE | Irlande | irlandais
IL | Israël; État d'Israël | israélien
IN | Inde | indien
IQ | Iraq; Irak | iraquien; irakien
IR | Iran; République islamique d'Iran | iranien
IS | Islande | islandais
IT | Italie | italien
JM | Jamaïque | jamaïcain
JO | Jordanie | jordanien
JP | Japon | japonais
KE | Kenya | kényan; kenyan
KG | Kirghizistan | kirghiz/kirghize
KH | Cambodge | cambodgien
KI | Kiribati | kiribatien
KM | Comores | comorien
KN | Saint-Kitts-et-Nevis | kittitien
KP | Corée du Nord; République populaire démocratique de Corée; RPDC | nord-coréen
KR | Corée du Sud; République de Corée | sud-coréen
KW | Koweït | koweïtien
KZ | Kazakhstan | kazakhstanais; kazakh
LA | Laos; République démocratique populaire lao | laotien; lao/lao/lao/lao
LB | Liban | libanais
LC | Sainte-Lucie | saint-lucien
LI | Liechtenstein | liechtensteinois
LK | Sri Lanka | sri-lankais
LR | Libéria; Liberia | libérien
LS | Lesotho | lésothien
LT | Lituanie | lituanien
LU | Luxembourg | luxembourgeois
LV | Lettonie | letton/lettone
LY | Libye | libyen
MA | Maroc | marocain
MC | Monaco | monégasque
MD | Moldavie; République de Moldova | moldave
ME | Monténégro | monténégrin
MG | Madagascar | malgache
MH | Îles Marshall | marshallais
MK | Macédoine du Nord | macédonien; nord-macédonien
ML | Mali | malien
MM | Myanmar; Birmanie | birman; myanmarais
MN | Mongolie | mongol
MO | Macao; Macao (Chine) | macanais
MR | Mauritanie | mauritanien
MT | Malte | maltais
MU | Maurice; île Maurice | mauricien
MV | Maldives | maldivien
MW | Malawi | malawien
MX | Mexique | mexicain
MY | Malaisie | malaisien
MZ | Mozambique | mozambicain
NA | Namibie | namibien
NE | Niger | nigérien
NG | Nigéria; Nigeria | nigérian
NI | Nicaragua | nicaraguayen
NL | Pays-Bas; Hollande | néerlandais; hollandais
NO | Norvège | norvégien
NP | Népal | népalais
NR | Nauru | nauruan
NZ | Nouvelle-Zélande | néo-zélandais
OM | Oman | omanais
PA | Panama | panaméen
PE | Pérou | péruvien
PG | Papouasie-Nouvelle-Guinée | papouan-néo-guinéen/papouane-néo-guinéenne/papouans-néo-guinéens/papouanes-néo-guinéennes
PH | Philippines | philippin
PK | Pakistan | pakistanais
PL | Pologne | polonais
PS | Palestine; État de Palestine | palestinien
PT | Portugal | portugais
PW | Palaos; Palau | palaosien
PY | Paraguay | paraguayen
QA | Qatar | qatarien; qatari
RO | Roumanie | roumain
RS | Serbie | serbe
RU | Russie; Fédération de Russie | russe
RW | Rwanda | rwandais
SA | Arabie saoudite | saoudien
SB | Îles Salomon | salomonais
SC | Seychelles | seychellois
SD | Soudan | soudanais
SE | Suède | suédois
SG | Singapour | singapourien
SI | Slovénie | slovène
SK | Slovaquie | slovaque
SL | Sierra Leone | sierra-léonais
SM | Saint-Marin | saint-marinais
SN | Sénégal | sénégalais
SO | Somalie | somalien
SR | Suriname | surinamais
SS | Soudan du Sud | sud-soudanais
ST | Sao Tomé-et-Principe | santoméen
SV | El Salvador; Salvador | salvadorien
SY | Syrie; République arabe syrienne | syrien
SZ | Eswatini; Swaziland | swazi; eswatinien
TD | Tchad | tchadien
TG | Togo | togolais
TH | Thaïlande | thaïlandais; thaï
TJ | Tadjikistan | tadjik
TL | Timor-Leste; Timor oriental | timorais; est-timorais
TM | Turkménistan | turkmène
TN | Tunisie | tunisien
TO | Tonga | tongien
TR | Türkiye; Turquie | turc/turque
TT | Trinité-et-Tobago | trinidadien
TV | Tuvalu | tuvaluan
TW | Taïwan; Taipei chinois | taïwanais
TZ | Tanzanie; République-Unie de Tanzanie | tanzanien
UA | Ukraine | ukrainien
UG | Ouganda | ougandais
US | États-Unis; États-Unis d'Amérique; USA; Amérique | américain; états-unien
UY | Uruguay | uruguayen
UZ | Ouzbékistan | ouzbek/ouzbèke
VA | Saint-Siège; Vatican | vatican
VC | Saint-Vincent-et-les-Grenadines | saint-vincentais
VE | Venezuela; République bolivarienne du Venezuela | vénézuélien
VN | Viet Nam; Vietnam | vietnamien
VU | Vanuatu | vanuatais
WS | Samoa | samoan
XK | Kosovo | kosovar
YE | Yémen | yéménite
ZA | Afrique du Sud | sud-africain
ZM | Zambie | zambien
ZW | Zimbabwe | zimbabwéen
"""

_ES = """
AD | Andorra | andorrano
AE | Emiratos Árabes Unidos; EAU; Emiratos | emiratí
AF | Afganistán | afgano
AG | Antigua y Barbuda | antiguano
AL | Albania | albanés
AM | Armenia | armenio
AO | Angola | angoleño
AR | Argentina | argentino
AT | Austria | austriaco; austríaco
AU | Australia | australiano
AZ | Azerbaiyán | azerbaiyano
BA | Bosnia y Herzegovina; Bosnia | bosnio
BB | Barbados | barbadense
BD | Bangladés; Bangladesh | bangladesí
BE | Bélgica | belga
BF | Burkina Faso | burkinés
BG | Bulgaria | búlgaro
BH | Baréin; Bahréin | bareiní; bahreiní
BI | Burundi | burundés
BJ | Benín | beninés
BN | Brunéi Darussalam; Brunéi | bruneano
BO | Bolivia; Estado Plurinacional de Bolivia | boliviano
BR | Brasil | brasileño
BS | Bahamas | bahameño
BT | Bután | butanés
BW | Botsuana; Botswana | botsuano
BY | Belarús; Bielorrusia | bielorruso
BZ | Belice | beliceño
CA | Canadá | canadiense
CD | República Democrática del Congo; RDC | congoleño
CF | República Centroafricana | centroafricano
CG | Congo; República del Congo | congoleño
CH | Suiza | suizo
CI | Côte d'Ivoire; Costa de Marfil | marfileño
CL | Chile | chileno
CM | Camerún | camerunés
CN | China; República Popular China | chino
CO | Colombia | colombiano
CR | Costa Rica | costarricense
CU | Cuba | cubano
CV | Cabo Verde | caboverdiano
CY | Chipre | chipriota
CZ | Chequia; República Checa | checo
DE | Alemania; República Federal de Alemania | alemán
DJ | Yibuti | yibutiano
DK | Dinamarca | danés
DM | Dominica | dominiqués
DO | República Dominicana | dominicano
DZ | Argelia | argelino
EC | Ecuador | ecuatoriano
EE | Estonia | estonio
EG | Egipto | egipcio
ER | Eritrea | eritreo
ES | España; Reino de España | español
ET | Etiopía | etíope
FI | Finlandia | finlandés
FJ | Fiyi | fiyiano
FM | Micronesia; Estados Federados de Micronesia | micronesio
FR | Francia; República Francesa | francés
GA | Gabón | gabonés
GB | Reino Unido; Gran Bretaña; Reino Unido de Gran Bretaña e Irlanda del Norte | británico
GD | Granada | granadino
GE | Georgia | georgiano
GH | Ghana | ghanés
GM | Gambia | gambiano
GN | Guinea | guineano
GQ | Guinea Ecuatorial | ecuatoguineano
GR | Grecia | griego
GT | Guatemala | guatemalteco
GW | Guinea-Bisáu; Guinea-Bissau | bisauguineano
GY | Guyana | guyanés
HK | Hong Kong; Hong Kong (China) | hongkonés
HN | Honduras | hondureño
HR | Croacia | croata
HT | Haití | haitiano
HU | Hungría | húngaro
ID | Indonesia | indonesio
IE | Irlanda | irlandés
IL | Israel; Estado de Israel | israelí
IN | India | indio
IQ | Irak; Iraq | iraquí
IR | Irán; República Islámica del Irán | iraní
IS | Islandia | islandés
IT | Italia | italiano
JM | Jamaica | jamaicano; jamaiquino
JO | Jordania | jordano
JP | Japón | japonés
KE | Kenia; Kenya | keniano; keniata
KG | Kirguistán | kirguís; kirguiso
KH | Camboya | camboyano
KI | Kiribati | kiribatiano
KM | Comoras | comorense
KN | San Cristóbal y Nieves | sancristobaleño
KP | Corea del Norte; República Popular Democrática de Corea | norcoreano
KR | Corea del Sur; República de Corea | surcoreano
KW | Kuwait | kuwaití
KZ | Kazajistán | kazajo
LA | Laos; República Democrática Popular Lao | laosiano
LB | Líbano | libanés
LC | Santa Lucía | santalucense
LI | Liechtenstein | liechtensteiniano
LK | Sri Lanka | ceilandés; esrilanqués
LR | Liberia | liberiano
LS | Lesoto; Lesotho | lesotense
LT | Lituania | lituano
LU | Luxemburgo | luxemburgués
LV | Letonia | letón
LY | Libia | libio
MA | Marruecos | marroquí
MC | Mónaco | monegasco
MD | Moldavia; República de Moldova | moldavo
ME | Montenegro | montenegrino
MG | Madagascar | malgache
MH | Islas Marshall | marshalés
MK | Macedonia del Norte | macedonio; normacedonio
ML | Malí | maliense
MM | Myanmar; Birmania | birmano
MN | Mongolia | mongol
MO | Macao; Macao (China) | macaense
MR | Mauritania | mauritano
MT | Malta | maltés
MU | Mauricio | mauriciano
MV | Maldivas | maldivo
MW | Malaui; Malawi | malauí
MX | México; Estados Unidos Mexicanos | mexicano
MY | Malasia | malasio
MZ | Mozambique | mozambiqueño
NA | Namibia | namibio
NE | Níger | nigerino
NG | Nigeria | nigeriano
NI | Nicaragua | nicaragüense
NL | Países Bajos; Holanda; Reino de los Países Bajos | neerlandés; holandés
NO | Noruega | noruego
NP | Nepal | nepalí
NR | Nauru | nauruano
NZ | Nueva Zelanda; Nueva Zelandia | neozelandés
OM | Omán | omaní
PA | Panamá | panameño
PE | Perú | peruano
PG | Papúa Nueva Guinea | papú; papuano
PH | Filipinas | filipino
PK | Pakistán | pakistaní; paquistaní
PL | Polonia | polaco
PS | Palestina; Estado de Palestina | palestino
PT | Portugal | portugués
PW | Palaos; Palau | palauano
PY | Paraguay | paraguayo
QA | Catar; Qatar | catarí; qatarí
RO | Rumania; Rumanía | rumano
RS | Serbia | serbio
RU | Rusia; Federación de Rusia | ruso
RW | Ruanda; Rwanda | ruandés
SA | Arabia Saudí; Arabia Saudita | saudí; saudita
SB | Islas Salomón | salomonense
SC | Seychelles | seychellense
SD | Sudán | sudanés
SE | Suecia | sueco
SG | Singapur | singapurense
SI | Eslovenia | esloveno
SK | Eslovaquia | eslovaco
SL | Sierra Leona | sierraleonés
SM | San Marino | sanmarinense
SN | Senegal | senegalés
SO | Somalia | somalí
SR | Surinam; Suriname | surinamés
SS | Sudán del Sur | sursudanés
ST | Santo Tomé y Príncipe | santotomense
SV | El Salvador | salvadoreño
SY | Siria; República Árabe Siria | sirio
SZ | Esuatini; Eswatini; Suazilandia | suazi
TD | Chad | chadiano
TG | Togo | togolés
TH | Tailandia | tailandés
TJ | Tayikistán | tayiko
TL | Timor-Leste; Timor Oriental | timorense
TM | Turkmenistán | turcomano; turkmeno
TN | Túnez | tunecino
TO | Tonga | tongano
TR | Türkiye; Turquía | turco
TT | Trinidad y Tobago | trinitense
TV | Tuvalu | tuvaluano
TW | Taiwán; Taipéi Chino | taiwanés
TZ | Tanzania; República Unida de Tanzania | tanzano
UA | Ucrania | ucraniano
UG | Uganda | ugandés
US | Estados Unidos; Estados Unidos de América; EE. UU.; EEUU; EE.UU. | estadounidense; norteamericano
UY | Uruguay | uruguayo
UZ | Uzbekistán | uzbeko
VA | Santa Sede; Vaticano; Ciudad del Vaticano | vaticano
VC | San Vicente y las Granadinas | sanvicentino
VE | Venezuela; República Bolivariana de Venezuela | venezolano
VN | Vietnam; Viet Nam | vietnamita
VU | Vanuatu | vanuatuense
WS | Samoa | samoano
XK | Kosovo | kosovar
YE | Yemen | yemení
ZA | Sudáfrica | sudafricano
ZM | Zambia | zambiano
ZW | Zimbabue; Zimbabwe | zimbabuense
"""

_RU = """
AD | Андорра | андоррский
AE | ОАЭ; Объединённые Арабские Эмираты/Объединённых Арабских Эмиратов/Объединённым Арабским Эмиратам/Объединённые Арабские Эмираты/Объединёнными Арабскими Эмиратами/Объединённых Арабских Эмиратах; Эмираты/Эмиратов/Эмиратам/Эмираты/Эмиратами/Эмиратах | эмиратский
AF | Афганистан | афганский
AG | Антигуа и Барбуда | антигуанский
AL | Албания | албанский
AM | Армения | армянский
AO | Ангола | ангольский
AR | Аргентина | аргентинский
AT | Австрия | австрийский
AU | Австралия | австралийский
AZ | Азербайджан | азербайджанский
BA | Босния и Герцеговина; Босния | боснийский
BB | Барбадос | барбадосский
BD | Бангладеш! | бангладешский
BE | Бельгия | бельгийский
BF | Буркина-Фасо | буркинийский
BG | Болгария | болгарский
BH | Бахрейн | бахрейнский
BI | Бурунди | бурундийский
BJ | Бенин | бенинский
BN | Бруней; Бруней-Даруссалам! | брунейский
BO | Боливия | боливийский
BR | Бразилия | бразильский
BS | Багамы/Багам/Багамам/Багамы/Багамами/Багамах; Багамские Острова/Багамских Островов/Багамским Островам/Багамские Острова/Багамскими Островами/Багамских Островах | багамский
BT | Бутан | бутанский
BW | Ботсвана | ботсванский
BY | Беларусь/Беларуси/Беларуси/Беларусь/Беларусью/Беларуси; Белоруссия; Республика =Беларусь | белорусский
BZ | Белиз | белизский
CA | Канада | канадский
CD | ДРК; Демократическая Республика =Конго | конголезский
CF | ЦАР; Центральноафриканская Республика | центральноафриканский
CG | Конго; Республика =Конго | конголезский
CH | Швейцария | швейцарский
CI | Кот-д'Ивуар | ивуарийский
CL | Чили | чилийский
CM | Камерун | камерунский
CN | Китай; КНР; Китайская Народная Республика | китайский
CO | Колумбия | колумбийский
CR | Коста-Рика | костариканский
CU | Куба | кубинский
CV | Кабо-Верде | кабовердианский
CY | Кипр | кипрский
CZ | Чехия; Чешская Республика | чешский
DE | Германия; ФРГ; Федеративная Республика =Германия | немецкий; германский
DJ | Джибути | джибутийский
DK | Дания | датский
DM | Доминика | доминикский
DO | Доминиканская Республика | доминиканский
DZ | Алжир | алжирский
EC | Эквадор | эквадорский
EE | Эстония | эстонский
EG | Египет; Арабская Республика =Египет | египетский
ER | Эритрея | эритрейский
ES | Испания | испанский
ET | Эфиопия | эфиопский
FI | Финляндия | финляндский; финский
FJ | Фиджи | фиджийский
FM | Микронезия; Федеративные Штаты Микронезии/Федеративных Штатов Микронезии/Федеративным Штатам Микронезии/Федеративные Штаты Микронезии/Федеративными Штатами Микронезии/Федеративных Штатах Микронезии | микронезийский
FR | Франция; Французская Республика | французский
GA | Габон | габонский
GB | Великобритания; Соединённое Королевство/Соединённого Королевства/Соединённому Королевству/Соединённое Королевство/Соединённым Королевством/Соединённом Королевстве; Англия | британский
GD | Гренада | гренадский
GE | Грузия | грузинский
GH | Гана | ганский
GM | Гамбия | гамбийский
GN | Гвинея | гвинейский
GQ | Экваториальная Гвинея | экваториальногвинейский
GR | Греция | греческий
GT | Гватемала | гватемальский
GW | Гвинея-Бисау/Гвинеи-Бисау/Гвинее-Бисау/Гвинею-Бисау/Гвинеей-Бисау/Гвинее-Бисау | бисау-гвинейский
GY | Гайана | гайанский
HK | Гонконг; Сянган | гонконгский; сянганский
HN | Гондурас | гондурасский
HR | Хорватия | хорватский
HT | Гаити | гаитянский
HU | Венгрия | венгерский
ID | Индонезия | индонезийский
IE | Ирландия | ирландский
IL | Израиль | израильский
IN | Индия | индийский
IQ | Ирак | иракский
IR | Иран; Исламская Республика =Иран | иранский
IS | Исландия | исландский
IT | Италия | итальянский
JM | Ямайка | ямайский
JO | Иордания | иорданский
JP | Япония | японский
KE | Кения | кенийский
KG | Киргизия; Кыргызстан | киргизский; кыргызский
KH | Камбоджа | камбоджийский
KI | Кирибати | кирибатийский
KM | Коморы/Комор/Коморам/Коморы/Коморами/Коморах; Коморские Острова/Коморских Островов/Коморским Островам/Коморские Острова/Коморскими Островами/Коморских Островах | коморский
KN | Сент-Китс и Невис | сент-китсский
KP | КНДР; Северная Корея; Корейская Народно-Демократическая Республика | северокорейский
KR | Южная Корея; Республика =Корея | южнокорейский
KW | Кувейт | кувейтский
KZ | Казахстан | казахстанский; казахский
LA | Лаос; Лаосская Народно-Демократическая Республика | лаосский
LB | Ливан | ливанский
LC | Сент-Люсия | сент-люсийский
LI | Лихтенштейн | лихтенштейнский
LK | Шри-Ланка | шри-ланкийский
LR | Либерия | либерийский
LS | Лесото | лесотский
LT | Литва | литовский
LU | Люксембург | люксембургский
LV | Латвия | латвийский
LY | Ливия | ливийский
MA | Марокко | марокканский
MC | Монако | монакский; монегасский
MD | Молдавия; Молдова; Республика =Молдова | молдавский; молдовский
ME | Черногория | черногорский
MG | Мадагаскар | мадагаскарский; малагасийский
MH | Маршалловы Острова/Маршалловых Островов/Маршалловым Островам/Маршалловы Острова/Маршалловыми Островами/Маршалловых Островах | маршалльский
MK | Северная Македония; Македония | северомакедонский; македонский
ML | Мали | малийский
MM | Мьянма; Бирма | мьянманский; бирманский
MN | Монголия | монгольский
MO | Макао; Аомынь | макаоский; аомыньский
MR | Мавритания | мавританский
MT | Мальта | мальтийский
MU | Маврикий/Маврикия/Маврикию/Маврикий/Маврикием/Маврикии | маврикийский
MV | Мальдивы/Мальдив/Мальдивам/Мальдивы/Мальдивами/Мальдивах | мальдивский
MW | Малави | малавийский
MX | Мексика | мексиканский
MY | Малайзия | малайзийский
MZ | Мозамбик | мозамбикский
NA | Намибия | намибийский
NE | Нигер | нигерский
NG | Нигерия | нигерийский
NI | Никарагуа | никарагуанский
NL | Нидерланды/Нидерландов/Нидерландам/Нидерланды/Нидерландами/Нидерландах; Голландия | нидерландский; голландский
NO | Норвегия | норвежский
NP | Непал | непальский
NR | Науру | науруанский
NZ | Новая Зеландия | новозеландский
OM | Оман | оманский
PA | Панама | панамский
PE | Перу | перуанский
PG | Папуа =— Новая Гвинея; Папуа-Новая Гвинея/Папуа-Новой Гвинеи/Папуа-Новой Гвинее/Папуа-Новую Гвинею/Папуа-Новой Гвинеей/Папуа-Новой Гвинее | папуа-новогвинейский
PH | Филиппины/Филиппин/Филиппинам/Филиппины/Филиппинами/Филиппинах | филиппинский
PK | Пакистан | пакистанский
PL | Польша | польский
PS | Палестина; Государство Палестина/Государства Палестина/Государству Палестина/Государство Палестина/Государством Палестина/Государстве Палестина | палестинский
PT | Португалия | португальский
PW | Палау | палауский
PY | Парагвай | парагвайский
QA | Катар | катарский
RO | Румыния | румынский
RS | Сербия | сербский
RU | Россия; Российская Федерация; РФ | российский; русский
RW | Руанда | руандийский
SA | Саудовская Аравия | саудовский
SB | Соломоновы Острова/Соломоновых Островов/Соломоновым Островам/Соломоновы Острова/Соломоновыми Островами/Соломоновых Островах | соломонский
SC | Сейшелы/Сейшел/Сейшелам/Сейшелы/Сейшелами/Сейшелах; Сейшельские Острова/Сейшельских Островов/Сейшельским Островам/Сейшельские Острова/Сейшельскими Островами/Сейшельских Островах | сейшельский
SD | Судан | суданский
SE | Швеция | шведский
SG | Сингапур | сингапурский
SI | Словения | словенский
SK | Словакия | словацкий
SL | Сьерра-Леоне | сьерра-леонский
SM | Сан-Марино | сан-маринский
SN | Сенегал | сенегальский
SO | Сомали | сомалийский
SR | Суринам | суринамский
SS | Южный Судан | южносуданский
ST | Сан-Томе и Принсипи! | сан-томийский
SV | Сальвадор; Эль-Сальвадор | сальвадорский
SY | Сирия; Сирийская Арабская Республика | сирийский
SZ | Эсватини; Свазиленд | эсватинийский; свазилендский
TD | Чад | чадский
TG | Того | тоголезский
TH | Таиланд; Тайланд | таиландский; тайский
TJ | Таджикистан | таджикистанский; таджикский
TL | Тимор-Лешти; Восточный Тимор | восточнотиморский; тиморский
TM | Туркмения; Туркменистан | туркменский
TN | Тунис | тунисский
TO | Тонга | тонганский
TR | Турция; Турецкая Республика | турецкий
TT | Тринидад =и =Тобаго | тринидадский
TV | Тувалу | тувалуанский
TW | Тайвань | тайваньский
TZ | Танзания; Объединённая Республика =Танзания | танзанийский
UA | Украина | украинский
UG | Уганда | угандийский
US | США; Соединённые Штаты/Соединённых Штатов/Соединённым Штатам/Соединённые Штаты/Соединёнными Штатами/Соединённых Штатах; Соединённые Штаты Америки/Соединённых Штатов Америки/Соединённым Штатам Америки/Соединённые Штаты Америки/Соединёнными Штатами Америки/Соединённых Штатах Америки; Штаты/Штатов/Штатам/Штаты/Штатами/Штатах; Америка | американский
UY | Уругвай | уругвайский
UZ | Узбекистан | узбекистанский; узбекский
VA | Ватикан; Святой Престол | ватиканский
VC | Сент-Винсент и Гренадины/Сент-Винсента и Гренадин/Сент-Винсенту и Гренадинам/Сент-Винсент и Гренадины/Сент-Винсентом и Гренадинами/Сент-Винсенте и Гренадинах | сент-винсентский
VE | Венесуэла | венесуэльский
VN | Вьетнам | вьетнамский
VU | Вануату | вануатский
WS | Самоа | самоанский
XK | Косово | косовский
YE | Йемен | йеменский
ZA | ЮАР; Южная Африка; Южно-Африканская Республика | южноафриканский
ZM | Замбия | замбийский
ZW | Зимбабве | зимбабвийский
"""

_AR = """
AD | أندورا | أندوري
AE | الإمارات; الإمارات العربية المتحدة | إماراتي
AF | أفغانستان | أفغاني
AG | أنتيغوا وبربودا | أنتيغوي
AL | ألبانيا | ألباني
AM | أرمينيا | أرميني
AO | أنغولا | أنغولي
AR | الأرجنتين | أرجنتيني
AT | النمسا | نمساوي
AU | أستراليا | أسترالي
AZ | أذربيجان | أذربيجاني
BA | البوسنة والهرسك; البوسنة | بوسني
BB | بربادوس | بربادوسي
BD | بنغلاديش | بنغلاديشي
BE | بلجيكا | بلجيكي
BF | بوركينا فاسو | بوركيني
BG | بلغاريا | بلغاري
BH | البحرين; مملكة البحرين | بحريني
BI | بوروندي | بوروندي
BJ | بنن; بنين | بنيني
BN | بروني دار السلام; بروناي | بروناوي; بروني
BO | بوليفيا | بوليفي
BR | البرازيل | برازيلي
BS | جزر البهاما; البهاما | بهامي
BT | بوتان | بوتاني
BW | بوتسوانا | بوتسواني
BY | بيلاروس; روسيا البيضاء | بيلاروسي
BZ | بليز | بليزي
CA | كندا | كندي
CD | جمهورية الكونغو الديمقراطية; الكونغو الديمقراطية | كونغولي
CF | جمهورية أفريقيا الوسطى; أفريقيا الوسطى | أفريقي أوسطي
CG | الكونغو; جمهورية الكونغو | كونغولي
CH | سويسرا | سويسري
CI | كوت ديفوار; ساحل العاج | إيفواري
CL | شيلي; تشيلي | شيلي; تشيلي
CM | الكاميرون | كاميروني
CN | الصين; جمهورية الصين الشعبية | صيني
CO | كولومبيا | كولومبي
CR | كوستاريكا | كوستاريكي
CU | كوبا | كوبي
CV | كابو فيردي; الرأس الأخضر | كابوفيردي
CY | قبرص | قبرصي
CZ | التشيك; تشيكيا; الجمهورية التشيكية | تشيكي
DE | ألمانيا | ألماني
DJ | جيبوتي | جيبوتي
DK | الدانمرك; الدنمارك | دانمركي; دنماركي
DM | دومينيكا | دومينيكي
DO | الجمهورية الدومينيكية; الدومينيكان | دومينيكاني
DZ | الجزائر | جزائري
EC | إكوادور; الإكوادور | إكوادوري
EE | إستونيا | إستوني
EG | مصر; جمهورية مصر العربية | مصري
ER | إريتريا | إريتري
ES | إسبانيا | إسباني
ET | إثيوبيا | إثيوبي
FI | فنلندا | فنلندي
FJ | فيجي | فيجي
FM | ميكرونيزيا; ولايات ميكرونيزيا الموحدة | ميكرونيزي
FR | فرنسا | فرنسي
GA | غابون; الغابون | غابوني
GB | المملكة المتحدة; بريطانيا; المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية | بريطاني
GD | غرينادا | غرينادي
GE | جورجيا | جورجي
GH | غانا | غاني
GM | غامبيا | غامبي
GN | غينيا | غيني
GQ | غينيا الاستوائية | غيني استوائي
GW | غينيا بيساو | بيساوي
GR | اليونان | يوناني
GT | غواتيمالا | غواتيمالي
GY | غيانا | غياني
HK | هونغ كونغ | هونغ كونغي/هونغ كونغية/الهونغ كونغي/الهونغ كونغية
HN | هندوراس | هندوراسي
HR | كرواتيا | كرواتي
HT | هايتي | هايتي
HU | هنغاريا; المجر | هنغاري; مجري
ID | إندونيسيا | إندونيسي
IE | أيرلندا; آيرلندا | أيرلندي
IL | إسرائيل | إسرائيلي
IN | الهند | هندي
IQ | العراق | عراقي
IR | إيران; جمهورية إيران الإسلامية | إيراني
IS | آيسلندا; أيسلندا | آيسلندي; أيسلندي
IT | إيطاليا | إيطالي
JM | جامايكا | جامايكي
JO | الأردن; المملكة الأردنية الهاشمية | أردني
JP | اليابان | ياباني
KE | كينيا | كيني
KG | قيرغيزستان | قيرغيزي; قرغيزي
KH | كمبوديا | كمبودي
KI | كيريباتي | كيريباتي
KM | جزر القمر | قمري
KN | سانت كيتس ونيفس; سانت كيتس ونيفيس | كيتسي
KP | كوريا الشمالية; جمهورية كوريا الشعبية الديمقراطية | كوري شمالي
KR | كوريا الجنوبية; جمهورية كوريا | كوري جنوبي
KW | الكويت | كويتي
KZ | كازاخستان | كازاخستاني; كازاخي
LA | لاوس; جمهورية لاو الديمقراطية الشعبية | لاوسي
LB | لبنان | لبناني
LC | سانت لوسيا | لوسياني
LI | ليختنشتاين | ليختنشتايني
LK | سري لانكا; سريلانكا | سريلانكي
LR | ليبيريا | ليبيري
LS | ليسوتو | ليسوتي
LT | ليتوانيا | ليتواني
LU | لكسمبرغ; لوكسمبورغ | لكسمبرغي; لوكسمبورغي
LV | لاتفيا | لاتفي
LY | ليبيا | ليبي
MA | المغرب; المملكة المغربية | مغربي
MC | موناكو | موناكي
MD | مولدوفا; جمهورية مولدوفا | مولدوفي
ME | الجبل الأسود | مونتينيغري
MG | مدغشقر | مدغشقري
MH | جزر مارشال | مارشالي
MK | مقدونيا الشمالية | مقدوني
ML | مالي | مالي
MM | ميانمار | ميانماري
MN | منغوليا | منغولي
MO | ماكاو | ماكاوي
MR | موريتانيا | موريتاني
MT | مالطة; مالطا | مالطي
MU | موريشيوس | موريشيوسي
MV | ملديف; جزر المالديف; المالديف | مالديفي
MW | ملاوي | ملاوي
MX | المكسيك | مكسيكي
MY | ماليزيا | ماليزي
MZ | موزامبيق; موزمبيق | موزامبيقي
NA | ناميبيا | ناميبي
NE | النيجر | نيجري
NG | نيجيريا | نيجيري
NI | نيكاراغوا | نيكاراغوي
NL | هولندا; مملكة هولندا | هولندي
NO | النرويج | نرويجي
NP | نيبال | نيبالي
NR | ناورو | ناوروي
NZ | نيوزيلندا | نيوزيلندي
OM | عمان; سلطنة عمان | عماني
PA | بنما | بنمي
PE | بيرو | بيروفي
PG | بابوا غينيا الجديدة | بابوي
PH | الفلبين | فلبيني
PK | باكستان | باكستاني
PL | بولندا | بولندي
PS | فلسطين; دولة فلسطين | فلسطيني
PT | البرتغال | برتغالي
PW | بالاو | بالاوي
PY | باراغواي | باراغواياني; باراغوياني
QA | قطر; دولة قطر | قطري
RO | رومانيا | روماني
RS | صربيا | صربي
RU | روسيا; الاتحاد الروسي | روسي
RW | رواندا | رواندي
SA | السعودية; المملكة العربية السعودية | سعودي
SB | جزر سليمان | سليماني
SC | سيشيل; سيشل | سيشيلي
SD | السودان | سوداني
SE | السويد | سويدي
SG | سنغافورة | سنغافوري
SI | سلوفينيا | سلوفيني
SK | سلوفاكيا | سلوفاكي
SL | سيراليون | سيراليوني
SM | سان مارينو | سانماريني
SN | السنغال | سنغالي
SO | الصومال | صومالي
SR | سورينام | سورينامي
SS | جنوب السودان | جنوب سوداني/جنوب سودانية/الجنوب سوداني/الجنوب سودانية
ST | سان تومي وبرينسيبي | ساوتومي
SV | السلفادور | سلفادوري
SY | سوريا; سورية; الجمهورية العربية السورية | سوري
SZ | إسواتيني; سوازيلند | إسواتيني; سوازيلندي
TD | تشاد | تشادي
TG | توغو | توغولي
TH | تايلند; تايلاند | تايلندي; تايلاندي
TJ | طاجيكستان | طاجيكي; طاجيكستاني
TL | تيمور - ليشتي; تيمور الشرقية | تيموري
TM | تركمانستان | تركماني
TN | تونس | تونسي
TO | تونغا | تونغي
TR | تركيا | تركي
TT | ترينيداد وتوباغو | ترينيدادي
TV | توفالو | توفالي
TW | تايوان | تايواني
TZ | تنزانيا; جمهورية تنزانيا المتحدة | تنزاني
UA | أوكرانيا | أوكراني
UG | أوغندا | أوغندي
US | الولايات المتحدة; الولايات المتحدة الأمريكية; الولايات المتحدة الأميركية; أمريكا; أميركا | أمريكي; أميركي
UY | أوروغواي; الأوروغواي | أوروغواياني; أوروغوياني
UZ | أوزبكستان | أوزبكي; أوزبكستاني
VA | الكرسي الرسولي; الفاتيكان | فاتيكاني
VC | سانت فنسنت وجزر غرينادين | فنسنتي
VE | فنزويلا | فنزويلي
VN | فييت نام; فيتنام | فيتنامي
VU | فانواتو | فانواتي
WS | ساموا | ساموي
XK | كوسوفو | كوسوفي
YE | اليمن | يمني
ZA | جنوب أفريقيا; جنوب إفريقيا | جنوب أفريقي/جنوب أفريقية/الجنوب أفريقي/الجنوب أفريقية; جنوب إفريقي/جنوب إفريقية/الجنوب إفريقي/الجنوب إفريقية
ZM | زامبيا | زامبي
ZW | زمبابوي; زيمبابوي | زمبابوي; زيمبابوي
"""

_ZH = """
AD | 安道尔 | 安道尔
AE | 阿联酋; 阿拉伯联合酋长国 | 阿联酋
AF | 阿富汗 | 阿富汗
AG | 安提瓜和巴布达 | 安提瓜和巴布达
AL | 阿尔巴尼亚 | 阿尔巴尼亚
AM | 亚美尼亚 | 亚美尼亚
AO | 安哥拉 | 安哥拉
AR | 阿根廷 | 阿根廷
AT | 奥地利 | 奥地利
AU | 澳大利亚; 澳洲 | 澳大利亚; 澳洲
AZ | 阿塞拜疆 | 阿塞拜疆
BA | 波斯尼亚和黑塞哥维那; 波黑 | 波黑
BB | 巴巴多斯 | 巴巴多斯
BD | 孟加拉国; 孟加拉 | 孟加拉国; 孟加拉
BE | 比利时 | 比利时
BF | 布基纳法索 | 布基纳法索
BG | 保加利亚 | 保加利亚
BH | 巴林 | 巴林
BI | 布隆迪 | 布隆迪
BJ | 贝宁 | 贝宁
BN | 文莱; 文莱达鲁萨兰国 | 文莱
BO | 玻利维亚; 多民族玻利维亚国 | 玻利维亚
BR | 巴西 | 巴西
BS | 巴哈马 | 巴哈马
BT | 不丹 | 不丹
BW | 博茨瓦纳 | 博茨瓦纳
BY | 白俄罗斯 | 白俄罗斯
BZ | 伯利兹 | 伯利兹
CA | 加拿大 | 加拿大
CD | 刚果民主共和国; 刚果（金）; 刚果(金); 民主刚果 | 刚果（金）; 刚果(金)
CF | 中非; 中非共和国 | 中非
CG | 刚果共和国; 刚果（布）; 刚果(布); 刚果 | 刚果（布）; 刚果(布); 刚果
CH | 瑞士 | 瑞士
CI | 科特迪瓦 | 科特迪瓦
CL | 智利 | 智利
CM | 喀麦隆 | 喀麦隆
CN | 中国; 中华人民共和国; 中方 | 中国
CO | 哥伦比亚 | 哥伦比亚
CR | 哥斯达黎加 | 哥斯达黎加
CU | 古巴 | 古巴
CV | 佛得角 | 佛得角
CY | 塞浦路斯 | 塞浦路斯
CZ | 捷克; 捷克共和国 | 捷克
DE | 德国; 德意志联邦共和国; 德方 | 德国
DJ | 吉布提 | 吉布提
DK | 丹麦 | 丹麦
DM | 多米尼克 | 多米尼克
DO | 多米尼加; 多米尼加共和国 | 多米尼加
DZ | 阿尔及利亚 | 阿尔及利亚
EC | 厄瓜多尔 | 厄瓜多尔
EE | 爱沙尼亚 | 爱沙尼亚
EG | 埃及; 阿拉伯埃及共和国 | 埃及
ER | 厄立特里亚 | 厄立特里亚
ES | 西班牙 | 西班牙
ET | 埃塞俄比亚 | 埃塞俄比亚
FI | 芬兰 | 芬兰
FJ | 斐济 | 斐济
FM | 密克罗尼西亚; 密克罗尼西亚联邦 | 密克罗尼西亚
FR | 法国; 法兰西共和国; 法方 | 法国
GA | 加蓬 | 加蓬
GB | 英国; 联合王国; 大不列颠及北爱尔兰联合王国; 英方 | 英国
GD | 格林纳达 | 格林纳达
GE | 格鲁吉亚 | 格鲁吉亚
GH | 加纳 | 加纳
GM | 冈比亚 | 冈比亚
GN | 几内亚 | 几内亚
GQ | 赤道几内亚 | 赤道几内亚
GR | 希腊 | 希腊
GT | 危地马拉 | 危地马拉
GW | 几内亚比绍 | 几内亚比绍
GY | 圭亚那 | 圭亚那
HK | 香港; 中国香港; 香港特别行政区; 香港特区 | 香港
HN | 洪都拉斯 | 洪都拉斯
HR | 克罗地亚 | 克罗地亚
HT | 海地 | 海地
HU | 匈牙利 | 匈牙利
ID | 印度尼西亚; 印尼 | 印度尼西亚; 印尼
IE | 爱尔兰 | 爱尔兰
IL | 以色列 | 以色列
IN | 印度; 印方 | 印度
IQ | 伊拉克 | 伊拉克
IR | 伊朗; 伊朗伊斯兰共和国 | 伊朗
IS | 冰岛 | 冰岛
IT | 意大利 | 意大利
JM | 牙买加 | 牙买加
JO | 约旦 | 约旦
JP | 日本; 日方 | 日本
KE | 肯尼亚 | 肯尼亚
KG | 吉尔吉斯斯坦; 吉尔吉斯 | 吉尔吉斯斯坦; 吉尔吉斯
KH | 柬埔寨 | 柬埔寨
KI | 基里巴斯 | 基里巴斯
KM | 科摩罗 | 科摩罗
KN | 圣基茨和尼维斯 | 圣基茨和尼维斯
KP | 朝鲜; 朝鲜民主主义人民共和国; 北韩; 朝方 | 朝鲜; 北韩
KR | 韩国; 大韩民国; 南韩; 韩方 | 韩国; 南韩
KW | 科威特 | 科威特
KZ | 哈萨克斯坦 | 哈萨克斯坦
LA | 老挝; 老挝人民民主共和国 | 老挝
LB | 黎巴嫩 | 黎巴嫩
LC | 圣卢西亚 | 圣卢西亚
LI | 列支敦士登 | 列支敦士登
LK | 斯里兰卡 | 斯里兰卡
LR | 利比里亚 | 利比里亚
LS | 莱索托 | 莱索托
LT | 立陶宛 | 立陶宛
LU | 卢森堡 | 卢森堡
LV | 拉脱维亚 | 拉脱维亚
LY | 利比亚 | 利比亚
MA | 摩洛哥 | 摩洛哥
MC | 摩纳哥 | 摩纳哥
MD | 摩尔多瓦; 摩尔多瓦共和国 | 摩尔多瓦
ME | 黑山 | 黑山
MG | 马达加斯加 | 马达加斯加
MH | 马绍尔群岛 | 马绍尔群岛
MK | 北马其顿 | 北马其顿
ML | 马里 | 马里
MM | 缅甸 | 缅甸
MN | 蒙古国; 蒙古 | 蒙古国; 蒙古
MO | 澳门; 中国澳门; 澳门特别行政区; 澳门特区 | 澳门
MR | 毛里塔尼亚 | 毛里塔尼亚
MT | 马耳他 | 马耳他
MU | 毛里求斯 | 毛里求斯
MV | 马尔代夫 | 马尔代夫
MW | 马拉维 | 马拉维
MX | 墨西哥 | 墨西哥
MY | 马来西亚 | 马来西亚
MZ | 莫桑比克 | 莫桑比克
NA | 纳米比亚 | 纳米比亚
NE | 尼日尔 | 尼日尔
NG | 尼日利亚 | 尼日利亚
NI | 尼加拉瓜 | 尼加拉瓜
NL | 荷兰; 荷兰王国 | 荷兰
NO | 挪威 | 挪威
NP | 尼泊尔 | 尼泊尔
NR | 瑙鲁 | 瑙鲁
NZ | 新西兰 | 新西兰
OM | 阿曼 | 阿曼
PA | 巴拿马 | 巴拿马
PE | 秘鲁 | 秘鲁
PG | 巴布亚新几内亚 | 巴布亚新几内亚
PH | 菲律宾 | 菲律宾
PK | 巴基斯坦 | 巴基斯坦
PL | 波兰 | 波兰
PS | 巴勒斯坦; 巴勒斯坦国 | 巴勒斯坦
PT | 葡萄牙 | 葡萄牙
PW | 帕劳 | 帕劳
PY | 巴拉圭 | 巴拉圭
QA | 卡塔尔 | 卡塔尔
RO | 罗马尼亚 | 罗马尼亚
RS | 塞尔维亚 | 塞尔维亚
RU | 俄罗斯; 俄罗斯联邦; 俄国; 俄方 | 俄罗斯; 俄国
RW | 卢旺达 | 卢旺达
SA | 沙特阿拉伯; 沙特 | 沙特阿拉伯; 沙特
SB | 所罗门群岛 | 所罗门群岛
SC | 塞舌尔 | 塞舌尔
SD | 苏丹 | 苏丹
SE | 瑞典 | 瑞典
SG | 新加坡 | 新加坡
SI | 斯洛文尼亚 | 斯洛文尼亚
SK | 斯洛伐克 | 斯洛伐克
SL | 塞拉利昂 | 塞拉利昂
SM | 圣马力诺 | 圣马力诺
SN | 塞内加尔 | 塞内加尔
SO | 索马里 | 索马里
SR | 苏里南 | 苏里南
SS | 南苏丹 | 南苏丹
ST | 圣多美和普林西比 | 圣多美和普林西比
SV | 萨尔瓦多 | 萨尔瓦多
SY | 叙利亚; 阿拉伯叙利亚共和国 | 叙利亚
SZ | 斯威士兰; 埃斯瓦蒂尼 | 斯威士兰; 埃斯瓦蒂尼
TD | 乍得 | 乍得
TG | 多哥 | 多哥
TH | 泰国 | 泰国
TJ | 塔吉克斯坦 | 塔吉克斯坦
TL | 东帝汶 | 东帝汶
TM | 土库曼斯坦 | 土库曼斯坦
TN | 突尼斯 | 突尼斯
TO | 汤加 | 汤加
TR | 土耳其; 土耳其共和国 | 土耳其
TT | 特立尼达和多巴哥 | 特立尼达和多巴哥
TV | 图瓦卢 | 图瓦卢
TW | 台湾; 中国台湾; 台湾地区; 中华民国; 中华台北 | 台湾
TZ | 坦桑尼亚; 坦桑尼亚联合共和国 | 坦桑尼亚
UA | 乌克兰 | 乌克兰
UG | 乌干达 | 乌干达
US | 美国; 美利坚合众国; 美方 | 美国
UY | 乌拉圭 | 乌拉圭
UZ | 乌兹别克斯坦 | 乌兹别克斯坦
VA | 梵蒂冈; 教廷; 罗马教廷; 梵蒂冈城国 | 梵蒂冈; 教廷
VC | 圣文森特和格林纳丁斯 | 圣文森特和格林纳丁斯
VE | 委内瑞拉; 委内瑞拉玻利瓦尔共和国 | 委内瑞拉
VN | 越南 | 越南
VU | 瓦努阿图 | 瓦努阿图
WS | 萨摩亚 | 萨摩亚
XK | 科索沃 | 科索沃
YE | 也门 | 也门
ZA | 南非 | 南非
ZM | 赞比亚 | 赞比亚
ZW | 津巴布韦 | 津巴布韦
"""


def _rows(table: str) -> dict[str, tuple[list[str], list[str]]]:
    rows: dict[str, tuple[list[str], list[str]]] = {}
    for line in table.strip().splitlines():
        code, names, adjectives = (field.strip() for field in line.split("|"))
        if code in rows:
            raise ValueError(f"expected one line per country, found {code} twice")
        rows[code] = ([n.strip() for n in names.split(";")], [a.strip() for a in adjectives.split(";")])
    return rows


def _unique(forms: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(forms))


def _with_apostrophes(names: list[str]) -> tuple[str, ...]:
    return _unique([variant for name in names for variant in (name, name.replace("'", "’"))])


def _fr_forms(entry: str) -> tuple[str, str, str, str]:
    parts = entry.split("/")
    if len(parts) == 4:
        return parts[0], parts[1], parts[2], parts[3]
    masculine = parts[0]
    if len(parts) == 2:
        feminine = parts[1]
    elif masculine.endswith("e"):
        feminine = masculine
    elif masculine.endswith("en"):
        feminine = masculine + "ne"
    else:
        feminine = masculine + "e"
    plural = masculine if masculine.endswith(("s", "x", "z")) else masculine + "s"
    return masculine, feminine, plural, feminine if feminine.endswith("s") else feminine + "s"


_ES_ACCENTED = str.maketrans("áéíóú", "aeiou")


def _es_forms(entry: str) -> tuple[str, ...]:
    """Masculine chino → china, chinos, chinas; francés → francesa; iraní → iraní, iraníes/iranís."""
    m = entry
    if m.endswith("o"):
        return m, m[:-1] + "a", m + "s", m[:-1] + "as"
    if m[-2:] in ("és", "án", "ón", "ín", "ís"):
        stem = m[:-2] + m[-2].translate(_ES_ACCENTED) + m[-1]
        return m, stem + "a", stem + "es", stem + "as"
    if m.endswith("ol"):
        return m, m + "a", m + "es", m + "as"
    if m.endswith(("í", "ú")):
        return m, m, m + "es", m + "es"
    if m.endswith(("e", "a", "i")):
        return m, m, m + "s", m + "s"
    return m, m, m + "es", m + "es"


def _ar_adjective(entry: str) -> tuple[tuple[str, str], tuple[str, str]]:
    """(masculine indefinite, definite), (feminine indefinite, definite), word by word."""
    parts = entry.split("/")
    if len(parts) == 4:
        return (parts[0], parts[2]), (parts[1], parts[3])
    words = entry.split()
    return (entry, " ".join("ال" + w for w in words)), (" ".join(w + "ة" for w in words), " ".join("ال" + w + "ة" for w in words))


def _ar_names(names: list[str]) -> tuple[str, ...]:
    return _unique([variant for name in names for variant in ((name, name[2:]) if name.startswith("ال") else (name,))])


def _ru_name(entry: str) -> list[str]:
    if entry.endswith("!"):
        return [entry[:-1]]
    parts = entry.split("/")
    if len(parts) == len(CASES):
        return parts
    if len(parts) != 1:
        raise ValueError(f"expected a name or its {len(CASES)} case forms, found {entry!r}")
    return list(decline_phrase(entry, animate=False).values())


def _with_yo_variants(forms: list[str]) -> tuple[str, ...]:
    return _unique([variant for form in forms for variant in (form, form.replace("ё", "е"))])


class _Countries(Mapping[str, Country]):
    """The countries by code, each built from its table rows when first asked for: a roster
    names a few dozen countries, and building all 199 (Russian cases included) at import costs
    more than the rest of the engine's start."""

    def __init__(self) -> None:
        self._tables: dict[str, dict[str, tuple[list[str], list[str]]]] | None = None
        self._regions: dict[str, str] = {}
        self._built: dict[str, Country] = {}

    def _read(self) -> dict[str, dict[str, tuple[list[str], list[str]]]]:
        if self._tables is None:
            regions = {
                code: region.strip()
                for region, codes in (line.split(":") for line in _REGION_MEMBERS.strip().splitlines())
                for code in codes.split()
            }
            tables = {lang: _rows(table) for lang, table in (("ar", _AR), ("en", _EN), ("es", _ES), ("fr", _FR), ("ru", _RU), ("zh", _ZH))}
            for lang, table in tables.items():
                if set(table) != set(regions):
                    raise ValueError(
                        f"expected the {lang} table to list the same countries as the regions, found {sorted(set(table) ^ set(regions))}"
                    )
            self._regions = dict(sorted(regions.items()))
            self._tables = tables
        return self._tables

    def __getitem__(self, code: str) -> Country:
        country = self._built.get(code)
        if country is None:
            tables = self._read()
            if code not in self._regions:
                raise KeyError(code)
            country = self._built[code] = _build(code, self._regions[code], {lang: table[code] for lang, table in tables.items()})
        return country

    def __iter__(self) -> Iterator[str]:
        self._read()
        return iter(self._regions)

    def __len__(self) -> int:
        self._read()
        return len(self._regions)

    def __contains__(self, code: object) -> bool:
        self._read()
        return code in self._regions


def _build(code: str, region: str, row: dict[str, tuple[list[str], list[str]]]) -> Country:
    names: dict[str, tuple[str, ...]] = {}
    adjectives: dict[str, dict[str, tuple[str, ...]]] = {}

    ar_names, ar_adjectives = row["ar"]
    names["ar"] = _ar_names(ar_names)
    ar_forms = [_ar_adjective(a) for a in ar_adjectives]
    adjectives["ar"] = {"m": _unique([f for m, _ in ar_forms for f in m]), "f": _unique([f for _, fem in ar_forms for f in fem])}

    en_names, en_adjectives = row["en"]
    names["en"] = _with_apostrophes(en_names)
    adjectives["en"] = {"": _unique(en_adjectives)}

    es_names, es_adjectives = row["es"]
    names["es"] = _with_apostrophes(es_names)
    es_forms = [_es_forms(a) for a in es_adjectives]
    adjectives["es"] = {"m": _unique([f[0] for f in es_forms]), "f": _unique([f[1] for f in es_forms])}
    adjectives["es"]["mp"] = _unique([f[2] for f in es_forms] + [f[0] + "s" for f in es_forms if f[0].endswith(("í", "ú"))])
    adjectives["es"]["fp"] = _unique([f[3] for f in es_forms] + [f[1] + "s" for f in es_forms if f[1].endswith(("í", "ú"))])

    fr_names, fr_adjectives = row["fr"]
    names["fr"] = _with_apostrophes(fr_names)
    fr_forms = [_fr_forms(a) for a in fr_adjectives]
    adjectives["fr"] = {slot: _unique([f[i] for f in fr_forms]) for i, slot in enumerate(("m", "f", "mp", "fp"))}

    ru_names, ru_adjectives = row["ru"]
    names["ru"] = _with_yo_variants([form for name in ru_names for form in _ru_name(name)])
    ru_forms = [decline_adjective(a) for a in ru_adjectives]
    adjectives["ru"] = {slot: _unique([f[slot] for f in ru_forms]) for slot in ru_forms[0]}

    zh_names, zh_adjectives = row["zh"]
    names["zh"] = _unique(zh_names)
    adjectives["zh"] = {"": _unique(zh_adjectives)}

    return Country(code=code, region=region, names=names, adjectives=adjectives)


COUNTRIES: Mapping[str, Country] = _Countries()
