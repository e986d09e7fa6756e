#!/usr/bin/env python3
"""Derive data/nationalities.tsv: Arabic country names and nationality adjectives -> ISO3.

Run from the repository root (shared/ is the sibling of the repo):

    python3 scripts/derive_nationalities.py            # writes data/nationalities.tsv
    python3 scripts/derive_nationalities.py -o FILE    # elsewhere

Columns: form_ar, iso3, kind, source.
  kind = country  a name of the country (سوريا، سورية، الولايات المتحدة ...)
         adj      an inflected form of the nationality adjective, stored WITHOUT
                  the article ال (the matcher strips it): سوري سورية سوريان
                  سوريتان سوريتين سوريون سوريين سوريات, plus broken plurals
         group    an ethnic or sectarian group word that is not a nationality
                  (كردي، عربي، تركماني، درزي ...); iso3 is empty.

Inputs (read at derive time only; the output does not depend on them at build time):
  ../shared/data/ling/demonyms_ar.tsv                 ISO2, country_ar, masculine adjective
  ../shared/data/ling/cldr/territories_ar_en_cldr48.tsv  CLDR 48 Arabic territory names (Unicode-3.0)
  /usr/share/iso-codes/json/iso_3166-1.json           Debian iso-codes (LGPL-2.1): alpha-2 -> alpha-3
                                                      (apt-get install -y iso-codes)

Decisions
---------
* ISO3 comes only from iso-codes' alpha-2 -> alpha-3 table. CLDR codes that are
  not ISO 3166-1 countries (001, EU, EZ, UN, XK Kosovo, QO, XA, XB, ZZ, AC, CP,
  DG, EA, IC, TA, CQ) are skipped. Western Sahara stays ESH (its ISO3), although
  PLOVER folds it into Morocco.
* Country names: CLDR's name (diacritics and "(...)" removed; names with " - "
  such as "الكونغو - كينشاسا" are skipped), the demonym file's country name only
  for countries CLDR lacks (its names are less reliable: VA is given as فنزويلا),
  plus the hand-checked variants in CURATED. Country names keep their article
  as written (العراق، الولايات المتحدة).
* Adjectives: the demonym file's masculine adjective, when it is one or two
  Arabic words each ending in ي, is inflected regularly:
  +ة (fem sg), +ان (masc dual nom), +تان / +تين (fem dual), +ون / +ين (masc pl;
  +ين is also the masc dual oblique, identical unvocalised), +ات (fem pl).
  Two-word adjectives (كوري جنوبي) inflect both words.
* CURATED (hand-checked: all Arab League states, Turkey, Iran, Israel, Russia,
  USA, UK, France, Germany, Belgium, Netherlands, China, Afghanistan, Pakistan,
  Ethiopia, Eritrea, Chad, Niger, Nigeria, Mali and other frequent countries)
  replaces the demonym file's adjective for that country, adds spelling
  variants (أمريكي|أميركي، إثيوبي|أثيوبي) and broken plurals by hand
  (أتراك، أفغان، روس، ألمان، أمريكان، إنجليز، مغاربة، هنود ...).
* Errors in demonyms_ar.tsv fixed by CURATED (adjective given there -> used):
  BY روسي -> بيلاروسي; HR كوراتي -> كرواتي; SK سولفاكي -> سلوفاكي;
  SI سولفيني -> سلوفيني; ER إريتيري -> إريتري; LV لاتيفي -> لاتفي;
  BI بورونيدي -> بوروندي; PL بوليني -> بولندي; PE بيري -> بيروفي;
  MD مولديفي -> مولدوفي; TZ تنزانيي -> تنزاني; LT لتوانيي -> ليتواني;
  ID أندونيسيي -> إندونيسي; MR موريتانيي -> موريتاني; RW رواندا -> رواندي;
  ZM زامبياني -> زامبي; EE استوني -> إستوني; SS سوادني جنوبي -> جنوب سوداني;
  NE نيجيري (Nigeria's) -> نيجري; VA (country given as فنزويلا) -> الفاتيكان.
* Ambiguous forms are left out (counted on stderr):
  - a form that two countries claim (غيني GN/GQ/GW, دومينيكي DM/DO, كونغي CG/CD,
    ماريني SM/MP, أفريقي CF/ZA, كوري KP/KR, هولندي NL/AN) unless CURATED
    decides it (غيني -> GIN, هولندي -> NLD, أمريكي -> USA);
  - forms that are ordinary words or common given names: مالي (financial; Mali
    keeps only جمهورية مالي), عمان (Amman as well as Oman: only سلطنة عمان),
    نوري (Nauru; a given name), ماني (Isle of Man), بنين (sons; Benin keeps
    جمهورية بنين), الجبل الأسود (also a mountain name), ني (Niue), and the
    adjective forms of these;
  - demonym "adjectives" that are not adjectives (a country name repeated, an
    English word, empty).
* Alef, hamza, alef maqsura and ta marbuta variants (ايران / إيران) are left
  to the matcher's normalisation; only spelling variants beyond that are listed.
* Groups: a short hand list of ethnic and sectarian words, inflected like the
  adjectives, with their broken plurals; words that are also common nouns are
  left out (سنة = year, فرس = horse, بربري = barbaric).
"""

import argparse
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SHARED = os.path.join(os.path.dirname(REPO), "shared")
DEMONYMS = os.path.join(SHARED, "data", "ling", "demonyms_ar.tsv")
CLDR = os.path.join(SHARED, "data", "ling", "cldr", "territories_ar_en_cldr48.tsv")
ISO_JSON = "/usr/share/iso-codes/json/iso_3166-1.json"

SRC_CLDR = "CLDR 48 territories"
SRC_DEM = "demonyms_ar.tsv"
SRC_DEM_INF = "demonyms_ar.tsv (inflected)"
SRC_CUR = "marsad curated"
SRC_CUR_INF = "marsad curated (inflected)"

# iso3 -> dict(country=[...], adj=[masc sg adjectives, regular], irr=[extra adj forms, as is])
CURATED = {
    # Arab League
    "DZA": dict(country=["الجزائر", "الجمهورية الجزائرية"], adj=["جزائري"]),
    "BHR": dict(country=["البحرين", "مملكة البحرين"], adj=["بحريني"]),
    "COM": dict(country=["جزر القمر", "جمهورية القمر المتحدة"], adj=["قمري"]),
    "DJI": dict(country=["جيبوتي"], adj=["جيبوتي"]),
    "EGY": dict(country=["مصر", "جمهورية مصر العربية"], adj=["مصري"]),
    "IRQ": dict(country=["العراق", "جمهورية العراق"], adj=["عراقي"]),
    "JOR": dict(country=["الأردن", "المملكة الأردنية الهاشمية", "المملكة الأردنية"], adj=["أردني"]),
    "KWT": dict(country=["الكويت", "دولة الكويت"], adj=["كويتي"]),
    "LBN": dict(country=["لبنان"], adj=["لبناني"]),
    "LBY": dict(country=["ليبيا", "دولة ليبيا"], adj=["ليبي"]),
    "MRT": dict(country=["موريتانيا"], adj=["موريتاني"]),
    "MAR": dict(country=["المغرب", "المملكة المغربية"], adj=["مغربي"], irr=["مغاربة"]),
    "OMN": dict(country=["سلطنة عمان"], adj=["عماني"]),
    "PSE": dict(country=["فلسطين", "دولة فلسطين", "الأراضي الفلسطينية", "الأراضي الفلسطينية المحتلة"],
                adj=["فلسطيني"]),
    "QAT": dict(country=["قطر", "دولة قطر"], adj=["قطري"]),
    "SAU": dict(country=["السعودية", "المملكة العربية السعودية", "المملكة السعودية"], adj=["سعودي"]),
    "SOM": dict(country=["الصومال"], adj=["صومالي"]),
    "SDN": dict(country=["السودان", "جمهورية السودان"], adj=["سوداني"]),
    "SYR": dict(country=["سوريا", "سورية", "الجمهورية العربية السورية"], adj=["سوري"]),
    "TUN": dict(country=["تونس", "الجمهورية التونسية"], adj=["تونسي"]),
    "ARE": dict(country=["الإمارات", "الإمارات العربية المتحدة", "دولة الإمارات"], adj=["إماراتي"]),
    "YEM": dict(country=["اليمن", "الجمهورية اليمنية"], adj=["يمني"]),
    # neighbours and powers
    "TUR": dict(country=["تركيا", "الجمهورية التركية"], adj=["تركي"], irr=["أتراك"]),
    "IRN": dict(country=["إيران", "الجمهورية الإسلامية الإيرانية", "الجمهورية الإسلامية في إيران"],
                adj=["إيراني"]),
    "ISR": dict(country=["إسرائيل", "دولة إسرائيل"], adj=["إسرائيلي"]),
    "RUS": dict(country=["روسيا", "روسيا الاتحادية", "الاتحاد الروسي"], adj=["روسي"], irr=["روس"]),
    "USA": dict(country=["الولايات المتحدة", "الولايات المتحدة الأمريكية", "الولايات المتحدة الأميركية",
                         "أمريكا", "أميركا"],
                adj=["أمريكي", "أميركي"], irr=["أمريكان", "أميركان"]),
    "GBR": dict(country=["بريطانيا", "المملكة المتحدة", "بريطانيا العظمى", "إنجلترا", "إنكلترا"],
                adj=["بريطاني", "إنجليزي", "إنكليزي"], irr=["إنجليز", "إنكليز"]),
    "FRA": dict(country=["فرنسا"], adj=["فرنسي"]),
    "DEU": dict(country=["ألمانيا"], adj=["ألماني"], irr=["ألمان"]),
    "BEL": dict(country=["بلجيكا"], adj=["بلجيكي"]),
    "NLD": dict(country=["هولندا"], adj=["هولندي"]),
    "CHN": dict(country=["الصين", "جمهورية الصين الشعبية"], adj=["صيني"]),
    "AFG": dict(country=["أفغانستان"], adj=["أفغاني"], irr=["أفغان"]),
    "PAK": dict(country=["باكستان"], adj=["باكستاني"]),
    "ETH": dict(country=["إثيوبيا", "أثيوبيا"], adj=["إثيوبي", "أثيوبي"]),
    "ERI": dict(country=["إريتريا", "أريتريا"], adj=["إريتري", "أريتري"]),
    "TCD": dict(country=["تشاد"], adj=["تشادي"]),
    "NER": dict(country=["النيجر"], adj=["نيجري"]),
    "NGA": dict(country=["نيجيريا"], adj=["نيجيري"]),
    "MLI": dict(country=["جمهورية مالي"], adj=[]),
    "SSD": dict(country=["جنوب السودان", "دولة جنوب السودان"], adj=["جنوب سوداني"]),
    "KOR": dict(country=["كوريا الجنوبية"], adj=["كوري جنوبي"]),
    "PRK": dict(country=["كوريا الشمالية"], adj=["كوري شمالي"]),
    "ZAF": dict(country=["جنوب أفريقيا", "جنوب إفريقيا"], adj=["جنوب أفريقي"]),
    "IND": dict(country=["الهند"], adj=["هندي"], irr=["هنود"]),
    "ITA": dict(country=["إيطاليا"], adj=["إيطالي"]),
    "ESP": dict(country=["إسبانيا", "أسبانيا"], adj=["إسباني", "أسباني"]),
    "GRC": dict(country=["اليونان"], adj=["يوناني"]),
    "CYP": dict(country=["قبرص"], adj=["قبرصي"]),
    "UKR": dict(country=["أوكرانيا"], adj=["أوكراني"]),
    "BLR": dict(country=["بيلاروسيا", "بيلاروس", "روسيا البيضاء"], adj=["بيلاروسي"]),
    "JPN": dict(country=["اليابان"], adj=["ياباني"]),
    "CAN": dict(country=["كندا"], adj=["كندي"]),
    "AUS": dict(country=["أستراليا"], adj=["أسترالي"]),
    "AUT": dict(country=["النمسا"], adj=["نمساوي"]),
    "CHE": dict(country=["سويسرا"], adj=["سويسري"]),
    "SWE": dict(country=["السويد"], adj=["سويدي"]),
    "NOR": dict(country=["النرويج"], adj=["نرويجي"]),
    "DNK": dict(country=["الدنمارك", "الدانمارك", "الدانمرك"], adj=["دنماركي", "دانماركي"]),
    "POL": dict(country=["بولندا", "بولونيا"], adj=["بولندي"]),
    "AZE": dict(country=["أذربيجان"], adj=["أذربيجاني"]),
    "ARM": dict(country=["أرمينيا"], adj=["أرميني", "أرمني"], irr=["أرمن"]),
    "GEO": dict(country=["جورجيا"], adj=["جورجي"]),
    "IDN": dict(country=["إندونيسيا", "أندونيسيا"], adj=["إندونيسي", "أندونيسي"]),
    "MYS": dict(country=["ماليزيا"], adj=["ماليزي"]),
    "BGD": dict(country=["بنغلاديش", "بنجلاديش"], adj=["بنغالي", "بنغلاديشي"]),
    "KEN": dict(country=["كينيا"], adj=["كيني"]),
    "UGA": dict(country=["أوغندا"], adj=["أوغندي"]),
    "SEN": dict(country=["السنغال"], adj=["سنغالي"]),
    "CMR": dict(country=["الكاميرون"], adj=["كاميروني"]),
    "CAF": dict(country=["جمهورية أفريقيا الوسطى", "أفريقيا الوسطى"], adj=[]),
    "BEN": dict(country=["جمهورية بنين"], adj=[]),
    "GIN": dict(country=["غينيا"], adj=["غيني"]),
    "BRA": dict(country=["البرازيل"], adj=["برازيلي"]),
    "MEX": dict(country=["المكسيك"], adj=["مكسيكي"]),
    "VEN": dict(country=["فنزويلا"], adj=["فنزويلي"]),
    "VAT": dict(country=["الفاتيكان"], adj=["فاتيكاني"]),
    "HRV": dict(country=["كرواتيا"], adj=["كرواتي"]),
    "SVK": dict(country=["سلوفاكيا"], adj=["سلوفاكي"]),
    "SVN": dict(country=["سلوفينيا"], adj=["سلوفيني"]),
    "LVA": dict(country=["لاتفيا"], adj=["لاتفي"]),
    "LTU": dict(country=["ليتوانيا", "لتوانيا"], adj=["ليتواني"]),
    "EST": dict(country=["إستونيا", "استونيا"], adj=["إستوني"]),
    "BDI": dict(country=["بوروندي"], adj=["بوروندي"]),
    "PER": dict(country=["بيرو"], adj=["بيروفي"]),
    "MDA": dict(country=["مولدوفا", "مولدافيا"], adj=["مولدوفي"]),
    "TZA": dict(country=["تنزانيا"], adj=["تنزاني"]),
    "RWA": dict(country=["رواندا"], adj=["رواندي"]),
    "ZMB": dict(country=["زامبيا"], adj=["زامبي"]),
    "BIH": dict(country=["البوسنة والهرسك", "البوسنة"], adj=["بوسني"]),
    "SRB": dict(country=["صربيا"], adj=["صربي"]),
    "UZB": dict(country=["أوزبكستان", "أوزبكستان"], adj=["أوزبكي"]),
    "TJK": dict(country=["طاجيكستان"], adj=["طاجيكي"]),
    "TKM": dict(country=["تركمانستان"], adj=["تركمانستاني"]),
    "KAZ": dict(country=["كازاخستان"], adj=["كازاخستاني", "كازاخي"]),
    "KGZ": dict(country=["قيرغيزستان", "قرغيزستان"], adj=["قيرغيزي", "قرغيزي"]),
    "IRL": dict(country=["أيرلندا", "إيرلندا"], adj=["أيرلندي", "إيرلندي"]),
    "PRT": dict(country=["البرتغال"], adj=["برتغالي"]),
    "ROU": dict(country=["رومانيا"], adj=["روماني"]),
    "BGR": dict(country=["بلغاريا"], adj=["بلغاري"]),
    "HUN": dict(country=["المجر", "هنغاريا"], adj=["مجري", "هنغاري"]),
    "CZE": dict(country=["التشيك", "جمهورية التشيك", "الجمهورية التشيكية"], adj=["تشيكي"]),
    "FIN": dict(country=["فنلندا"], adj=["فنلندي"]),
    "PHL": dict(country=["الفلبين", "الفليبين"], adj=["فلبيني"]),
    "LKA": dict(country=["سريلانكا"], adj=["سريلانكي"]),
    "NPL": dict(country=["نيبال"], adj=["نيبالي"]),
    "ESH": dict(country=["الصحراء الغربية"], adj=[]),
}

# forms never emitted (ambiguous with ordinary words or given names), any kind
EXCLUDE = {
    "مالي", "عمان", "عُمان", "نوري", "ماني", "بنين", "الجبل الأسود", "ني", "نيوي",
    "بيري", "بورتي", "أفريقي", "كوري", "كونغي", "دومينيكي", "ماريني",
}
# adjective stems whose whole paradigm is excluded (inflections too)
EXCLUDE_ADJ_STEMS = {"مالي", "نوري", "ماني", "ني", "بيري", "بورتي", "أفريقي", "كوري",
                     "كونغي", "دومينيكي", "ماريني", "جوامي", "توغي", "أوروبهيني",
                     "ليوسيتي", "بربودي", "مونيكي", "بارغاوي", "بولينيزيي", "مايكرونيزيي",
                     "بوليني", "هيلاني", "أمريكي سامواني"}

# ethnic / sectarian groups: (masc sg adjectives, extra forms)
GROUPS = [
    (["كردي"], ["أكراد", "كرد"]),
    (["عربي"], ["عرب"]),
    (["تركماني"], ["تركمان"]),
    (["آشوري"], []),
    (["سرياني"], []),
    (["كلداني"], []),
    (["إيزيدي", "أيزيدي", "يزيدي"], []),
    (["درزي"], ["دروز"]),
    (["علوي"], []),
    (["شيعي"], ["شيعة"]),
    (["مسيحي"], []),
    (["قبطي"], ["أقباط"]),
    (["ماروني"], ["موارنة"]),
    (["شركسي"], ["شركس"]),
    (["أمازيغي"], ["أمازيغ"]),
    (["بلوشي"], ["بلوش"]),
    (["بشتوني"], ["بشتون"]),
    (["شيشاني"], ["شيشان"]),
    (["زيدي"], []),
    (["إسماعيلي"], []),
    (["يهودي"], ["يهود"]),
    (["طوارقي"], ["طوارق"]),
]

ARABIC_WORD = re.compile(r"^[\u0621-\u064A]+$")
DIACRITICS = re.compile(r"[\u064B-\u0652\u0670\u0640]")  # harakat, dagger alef, tatweel


def clean(s):
    s = DIACRITICS.sub("", s or "")
    s = re.sub(r"\([^)]*\)", "", s)
    return re.sub(r"\s+", " ", s).strip()


SUFFIXES = ["", "ة", "ان", "تان", "تين", "ون", "ين", "ات"]


def inflect(adj):
    """All regular forms of a masculine nisba adjective (one or more words ending in ي)."""
    words = adj.split()
    if not words or not all(ARABIC_WORD.match(w) and w.endswith("ي") and len(w) >= 3 for w in words):
        return None
    out = []
    for suf in SUFFIXES:
        # جنوب سوداني: only words ending in ي inflect; a leading noun (جنوب) stays
        out.append(" ".join(w + suf if w.endswith("ي") else w for w in words))
    return out


def inflect_mixed(adj):
    """Like inflect(), but a leading non-adjective word (جنوب in جنوب سوداني) is kept as is."""
    words = adj.split()
    if len(words) >= 2 and not words[0].endswith("ي") and all(w.endswith("ي") for w in words[1:]):
        head, rest = words[0], " ".join(words[1:])
        forms = inflect(rest)
        return None if forms is None else [head + " " + f for f in forms]
    return inflect(adj)


def load_iso(path):
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)["3166-1"]
    except OSError as e:
        sys.exit("derive_nationalities: cannot read %s (%s); apt-get install -y iso-codes" % (path, e))
    return {d["alpha_2"]: d["alpha_3"] for d in data}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-o", "--output", default=os.path.join(REPO, "data", "nationalities.tsv"))
    ap.add_argument("--iso-json", default=ISO_JSON)
    args = ap.parse_args()

    a2to3 = load_iso(args.iso_json)
    iso3s = set(a2to3.values())
    stats = {}

    def count(reason):
        stats[reason] = stats.get(reason, 0) + 1

    # candidates: (form, iso3, kind) -> source ; curated flags per (form, kind)
    cand = {}
    curated_forms = {}   # (form, kind) -> iso3 decided by hand

    def add(form, iso3, kind, source, curated=False):
        form = clean(form)
        if not form:
            count("empty form")
            return
        if form in EXCLUDE:
            count("excluded ambiguous form")
            return
        key = (form, iso3, kind)
        if key not in cand or curated:
            cand[key] = source
        if curated:
            curated_forms[(form, kind)] = iso3

    # 1. curated
    for iso3, d in CURATED.items():
        assert iso3 in iso3s, iso3
        for c in d.get("country", []):
            add(c, iso3, "country", SRC_CUR, True)
        for a in d.get("adj", []):
            forms = inflect_mixed(a)
            assert forms, a
            for i, f in enumerate(forms):
                add(f, iso3, "adj", SRC_CUR if i == 0 else SRC_CUR_INF, True)
        for f in d.get("irr", []):
            add(f, iso3, "adj", SRC_CUR, True)

    # 2. CLDR country names
    rows_cldr = 0
    cldr_iso3 = set()
    with open(CLDR, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3 or parts[0] == "code":
                continue
            rows_cldr += 1
            code, name_ar = parts[0], parts[1]
            if code not in a2to3:
                count("CLDR code not an ISO 3166-1 country")
                continue
            iso3 = a2to3[code]
            if iso3 in CURATED:
                count("CLDR name superseded by curated list")
                continue
            if " - " in name_ar:
                count("CLDR name with ' - ' (qualified name)")
                continue
            add(name_ar, iso3, "country", SRC_CLDR)
            cldr_iso3.add(iso3)

    # 3. demonyms
    rows_dem = 0
    with open(DEMONYMS, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 5 or parts[0] == "iso2":
                if parts and parts[0] != "iso2":
                    count("demonyms: short row")
                continue
            rows_dem += 1
            iso2, country_ar, adj = parts[0], clean(parts[2]), clean(parts[4])
            if iso2 not in a2to3:
                count("demonyms: ISO2 not in iso-codes")
                continue
            iso3 = a2to3[iso2]
            if iso3 in CURATED:
                count("demonyms: superseded by curated list")
                continue
            if iso3 in cldr_iso3:
                count("demonyms: country name superseded by CLDR")
            elif country_ar and "-" not in country_ar:
                add(country_ar, iso3, "country", SRC_DEM)
            if adj in EXCLUDE_ADJ_STEMS:
                count("demonyms: adjective excluded (ambiguous or wrong)")
                continue
            forms = inflect(adj) if adj else None
            if not forms:
                count("demonyms: adjective missing or not a nisba adjective")
                continue
            for i, form in enumerate(forms):
                add(form, iso3, "adj", SRC_DEM if i == 0 else SRC_DEM_INF)

    # 4. groups
    for adjs, extra in GROUPS:
        for a in adjs:
            for i, form in enumerate(inflect(a)):
                add(form, "", "group", SRC_CUR if i == 0 else SRC_CUR_INF, True)
        for e in extra:
            add(e, "", "group", SRC_CUR, True)

    # 5. resolve conflicts: one (form, kind) must point to one iso3
    by_fk = {}
    for (form, iso3, kind), src in cand.items():
        by_fk.setdefault((form, kind), {})[iso3] = src
    out = []
    for (form, kind), m in by_fk.items():
        if len(m) > 1:
            if (form, kind) in curated_forms:
                iso3 = curated_forms[(form, kind)]
                count("conflict resolved by curated list")
                if os.environ.get("MARSAD_DEBUG"):
                    print("  resolved %s %s -> %s (was %s)" % (kind, form, iso3, ",".join(sorted(m))), file=sys.stderr)
                out.append((form, iso3, kind, m[iso3]))
            else:
                count("ambiguous: form claimed by %d countries" % len(m))
                print("derive_nationalities: ambiguous %s %s -> %s" % (kind, form, ",".join(sorted(m))),
                      file=sys.stderr)
            continue
        (iso3, src), = m.items()
        out.append((form, iso3, kind, src))

    kind_order = {"country": 0, "adj": 1, "group": 2}
    out.sort(key=lambda r: (r[1] or "~", kind_order[r[2]], r[0]))

    with open(args.output, "w", encoding="utf-8", newline="\n") as f:
        f.write("# marsad nationalities: Arabic country names, nationality adjectives and group words.\n")
        f.write("# Generated by scripts/derive_nationalities.py; do not edit by hand (edit CURATED there).\n")
        f.write("# Sources: Unicode CLDR 48 territory names (Unicode-3.0 licence);\n")
        f.write("#   demonyms_ar.tsv (public app constants; facts, no licence stated);\n")
        f.write("#   Debian iso-codes iso_3166-1 alpha-2 -> alpha-3 (LGPL-2.1) used at derive time;\n")
        f.write("#   'marsad curated': hand-checked forms (region countries, broken plurals, groups).\n")
        f.write("# kind: country | adj (nationality adjective, stored without the article ال) |\n")
        f.write("#   group (ethnic/sectarian word, no iso3). Alef/hamza variants are left to the matcher.\n")
        f.write("#form_ar\tiso3\tkind\tsource\n")
        for r in out:
            f.write("\t".join(r) + "\n")

    kinds = {}
    for r in out:
        kinds[r[2]] = kinds.get(r[2], 0) + 1
    print("derive_nationalities: read %d CLDR rows, %d demonym rows; wrote %d rows (%s) to %s" % (
        rows_cldr, rows_dem, len(out), ", ".join("%s %d" % kv for kv in sorted(kinds.items())),
        os.path.relpath(args.output)), file=sys.stderr)
    for reason, n in sorted(stats.items()):
        print("  %-55s %d" % (reason, n), file=sys.stderr)


if __name__ == "__main__":
    main()
