#!/usr/bin/env python3
"""Derive data/actors.tsv, marsad's actor dictionary (Arabic aliases -> actor codes).

    python3 scripts/derive_actors.py             # writes data/actors.tsv, summary on stderr
    python3 scripts/derive_actors.py -o FILE -v  # elsewhere; -v lists every skipped entry

Columns: code, name_en, sector, country, aliases_ar, date_from, date_to, source.

Sources, in order of precedence
-------------------------------
1. ../shared/eval/ACTOR_CODES.tsv (the project's canonical list; read relative to the
   repository root). Every row comes through unchanged in code, name_en, sector, country
   and aliases; its codes are never forked or renamed. source "ACTOR_CODES.tsv".
2. IGOS below: international organisations and NGOs, hand-written Arabic names
   (marsad curated; the Phoenix code they correspond to is named in the source column).
3. LEADERS below: people whose code is the code of the role they stand for in a date
   range (a president 2014-2022 -> EGYGOV 2014-06-08..). Arabic names and dates are
   hand-checked; where Phoenix/PETRARCH's Countries/International/MilNonState dictionaries
   (openeventdata/petrarch2, MIT) have the person, the source names the Phoenix entry and
   the script reports on stderr whether Phoenix's ranges agree (Phoenix has known errors:
   Qaddafi LBYGOV 1969-1979 only, Morsi EGYGOV from 2012-10-30, Haniyeh PSEGOV to 2007 ...,
   so the hand-checked dates are the ones written).
4. UniversalPetrarch's Arabic actor dictionary actor_dict_ar_v4.txt
   (openeventdata/UniversalPetrarch, MIT): ~5.7k entries, CAMEO codes, date ranges.
   source "UniversalPetrarch actor_dict_ar_v4.txt:LINE".

Date semantics (as in TABARI/PETRARCH): date_from/date_to are inclusive, empty = open.
A row with both empty applies at any date unless a dated row with the same alias covers
the date: dated rows take precedence over undated rows of the same alias.

Code mapping decisions (CAMEO -> marsad)
---------------------------------------
* A CAMEO code is read in 3-letter chunks: country (ISO3) then sector chunks.
* marsad code = ISO3 + one PLOVER sector (USAGOV -> USAGOV, USAMIL -> USAMIL).
* Sector chunk conversions: CAMEO MED (media) -> JRN; HLH (health) -> MED;
  INS, SEP (insurgents, separatists) -> REB (PLOVER note 3); MUS CHR JEW BUD HIN CTH ORT
  (religions) -> REL when they come first; HRI DEV ENV (rights, development, environment
  bodies) -> SOC; RAD MOD (radical, moderate) are qualifiers and are dropped. GOV MIL COP
  JUD LEG SPY PRM PTY REB UAF CVL BUS EDU REF OPP LAB AGR CRM ELI stay as they are.
* Several sectors: the first one counts, except that a state organ after GOV wins
  (GOVMIL -> MIL, GOVLEG -> LEG, GOVJUD -> JUD, GOVCOP -> COP, GOVSPY -> SPY: so
  SYRGOVMIL -> SYRMIL, USAGOVLEG -> USALEG, LBNGOVLEG -> LBNLEG) and SPY after MIL wins
  (MILSPY -> SPY, military intelligence). GOV + a non-state chunk stays GOV (GOVBUS,
  GOVMED, GOVEDU -> GOV).
* ELI (former officials, elites) is kept: it is a PLOVER sector (Table 5.2), and the
  date ranges of a leader's ELI years are as informative as his GOV years.
* IGO, NGO, IMG (transnational militarised group) codes carry no identity in CAMEO
  (IGOUNO is not "the UN Security Council"). Such entries are kept only when their name
  matches IGOS or a canonical row (UN, ARABLEAGUE, AQ, ISIS ...); the row then takes that
  code. Otherwise they are skipped. IGO codes: the canonical UN and ARABLEAGUE; every UN
  body (Security Council, UNHCR, UNICEF, WFP, WHO, UNRWA, OCHA, IAEA, ICJ, UNESCO, UNDP,
  Human Rights Council, envoys and the Secretary-General) -> UN, as PLOVER's UNO groups
  them; other IGOs get a stable short code: EU, NATO, AU, GCC, OIC, OPEC, IMF, WORLDBANK,
  ICC, OPCW, INTERPOL; NGOs: ICRC (canonical), AMNESTY, HRW, MSF, IFRC. These new codes
  should be added to ACTOR_CODES.tsv by its maintainers.
* Skipped CAMEO codes: a bare ISO3 (a country, city or region name: nationalities.tsv
  and the gazetteer cover these), a bare sector (a generic role noun: agents.tsv covers
  these), regional and non-ISO country codes (MEA, AFR, WST, EUR, KSV, INT ...), MNC,
  codes with '?', malformed codes.
* Named groups that UniversalPetrarch codes ISO3+REB (جند الله -> IRNREB) keep the
  convention code: ACTOR_CODES.tsv's header allows a code built by the convention, and
  named groups get a code of their own only in ACTOR_CODES.tsv.

Date decisions (UniversalPetrarch)
---------------------------------
* Dates are YYYYMMDD (Phoenix also YYMMDD: 00-20 -> 20xx, else 19xx); "<d" = to d,
  ">d" = from d, "a-b" = from a to b.
* An end before the start (19840502-18000101, 19990207-19640922, 20110130-20110129) is
  the dictionary's placeholder for an open end: date_to is left empty ("repaired").
* The dictionary's editor carried the last date range on to the following, unrelated
  entries (قبرص، شيكاغو، وزير get 19990101-20100101). A range on an institution-like
  entry -- all of whose words are common nouns, adjectives or nationality words, none a
  personal name (قوة أمن مصري، شرطة إسرائيلي) -- is therefore dropped: the row is undated.
  Person names keep their ranges.

Alias normalisation
-------------------
* Diacritics, dagger alef and tatweel removed (اللٰه -> الله, أصـــدقاءهــــا ->
  أصدقاءها); a lone tatweel used as a hyphen (سيستان_ـ_بلوشستان) is dropped; UDPipe's
  "_" joins become spaces; spaces collapsed.
* Leading clitics: a first word that starts with و ف ب ل ك where the rest (or ال + rest)
  is a word the dictionary knows and the whole word is not (لرياض -> رياض) loses it.
  Entries that UDPipe split into a lone clitic word (أمين_عام_ل_أمة_المتحدة, ال_تحلية)
  are lemmatised beyond repair and are skipped.
* UniversalPetrarch's names are UDPipe lemmas: adjectives lose their feminine ending
  (جامعة_عربي_ for الجامعة العربية). When the first word ends in ة and every following
  word is a nisba adjective (nationality adjectives and common ones: دولي، عربي، إسلامي
  ...), the adjectives get ة back (جامعة عربية، حكومة عراقية، محكمة جنائية دولية).
  Idafa chains (وزارة دفاع أميركي) are left as they are. Lemmas keep no article; the
  matcher compares aliases with ال stripped from each word.
* Skipped aliases: those with Latin letters or digits; one-word aliases that are common
  given names or ordinary words (محمد، سلمان، مبارك = blessed, الأسد = the lion ...);
  one-word aliases that are agent terms or nationality forms (وزير، إيراني); aliases
  already owned by a canonical row (ACTOR_CODES.tsv) or by IGOS/LEADERS; aliases that
  UniversalPetrarch gives to codes of two different countries, or one-word aliases with
  two codes (ambiguous); one-word aliases that are not a surname of at least 5 letters
  ending a longer alias of the same country (keeps السنيورة، علاوي; drops بحر، قطاع، صدام);
  aliases equal to or ending in a curated person's name, or a title + a distinctive
  surname of the same country (رئيس نجاد): the curated row has the right dates.
* One alias with several date ranges of the same country (the same person in several
  entries, often overlapping after the carried-over ranges): narrower ranges win and wider
  ones keep only the days left; several undated codes: the most frequent one is kept.
"""

import argparse
import datetime
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SHARED = os.path.join(os.path.dirname(REPO), "shared")
ACTOR_CODES = os.path.join(SHARED, "eval", "ACTOR_CODES.tsv")
UP_DICT = os.path.join(SHARED, "data", "actors", "universal_petrarch_ar", "actor_dict_ar_v4.txt")
PHX_DIR = os.path.join(SHARED, "data", "actors", "phoenix")
PHX_FILES = ["Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
             "Phoenix.MilNonState.actors.txt"]
ISO_JSON = "/usr/share/iso-codes/json/iso_3166-1.json"
NATIONALITIES = os.path.join(REPO, "data", "nationalities.tsv")
AGENTS = os.path.join(REPO, "data", "agents.tsv")

PLOVER = set("COP GOV JUD LEG MIL PRM PTY REB SPY UAF UNK AGR BUS CRM CVL EDU ELI JRN LAB MED "
             "REF OPP PRE REL SOC".split())
CAMEO_SECTOR = {"MED": "JRN", "HLH": "MED", "INS": "REB", "SEP": "REB",
                "MUS": "REL", "CHR": "REL", "JEW": "REL", "BUD": "REL", "HIN": "REL",
                "CTH": "REL", "ORT": "REL", "HRI": "SOC", "DEV": "SOC", "ENV": "SOC"}
CAMEO_QUALIFIERS = {"RAD", "MOD", "SHI", "SUN", "ALQ", "SFI", "DRZ", "ITH", "KUR", "ARB"}
STATE_ORGANS = {"MIL", "COP", "JUD", "LEG", "SPY"}
CAMEO_REGIONS = set("AFR ASA BLK BFR CAS CAU CFR CRB EAF EEU EIN EUR LAM MEA MDT NAF NMR PGS "
                    "SAF SAM SAS SEA SCN WAF WST WEU NAM CEU AUS".split()) - {"AUS"}
SECTOR_NAME = {
    "GOV": "Government of %s", "MIL": "Military forces of %s", "COP": "Police forces of %s",
    "JUD": "Judiciary of %s", "LEG": "Legislature of %s", "SPY": "Intelligence services of %s",
    "PRM": "Paramilitary forces (%s)", "PTY": "Political party (%s)", "REB": "Rebel group (%s)",
    "UAF": "Unidentified armed group (%s)", "UNK": "Unidentified actor (%s)",
    "AGR": "Agriculture (%s)", "BUS": "Business (%s)", "CRM": "Criminals (%s)",
    "CVL": "Civilians (%s)", "EDU": "Education (%s)", "ELI": "Elites and former officials (%s)",
    "JRN": "Media (%s)", "LAB": "Labour (%s)", "MED": "Health sector (%s)", "REF": "Refugees (%s)",
    "OPP": "Political opposition (%s)", "PRE": "Partially recognised entity (%s)",
    "REL": "Religious figures and bodies (%s)", "SOC": "Civil society (%s)",
}

# ---------------------------------------------------------------------------------------
# International organisations and NGOs: code, name_en, sector, country, aliases, phoenix code
# Curated aliases of canonical codes (written after the code's ACTOR_CODES.tsv row): names the
# press uses that ACTOR_CODES.tsv does not list. Source: marsad curated.
CURATED_ALIASES = {
    "SALEHFORCES": (["فلول صالح", "ميليشيات صالح", "مليشيات صالح", "ميليشيا صالح", "مليشيا صالح",
                     "قوات الرئيس المخلوع صالح", "المخلوع صالح", "قوات علي صالح", "القوات الموالية لصالح",
                     "القوات الموالية للرئيس السابق", "القوات الموالية للرئيس المخلوع",
                     "القوات الموالية للمخلوع"],
                    "Yemeni news usage for the forces of ACTOR_CODES.tsv's SALEHFORCES; every alias names "
                    "Saleh, or the former or deposed president, as the Yemeni press of the war calls him"),
}

IGOS = [
    ("UN", "UN Security Council", "IGO", "", ["مجلس الأمن الدولي", "مجلس الأمن التابع للأمم المتحدة"], "IGOUNO"),
    ("UN", "UN Secretary-General", "IGO", "", ["الأمين العام للأمم المتحدة", "أمين عام الأمم المتحدة"], "IGOUNO"),
    ("UN", "UN General Assembly", "IGO", "", ["الجمعية العامة للأمم المتحدة"], "IGOUNO"),
    ("UN", "UNHCR", "IGO", "", ["المفوضية السامية للأمم المتحدة لشؤون اللاجئين",
                                 "مفوضية الأمم المتحدة لشؤون اللاجئين", "مفوضية اللاجئين",
                                 "المفوضية السامية لشؤون اللاجئين"], "IGOUNOREFHCR"),
    ("UN", "UNICEF", "IGO", "", ["اليونيسف", "يونيسف", "منظمة الأمم المتحدة للطفولة"], "IGOUNOKID"),
    ("UN", "World Food Programme", "IGO", "", ["برنامج الأغذية العالمي"], "IGOUNOAGRWFP"),
    ("UN", "World Health Organization", "IGO", "", ["منظمة الصحة العالمية"], "IGOUNOHLHWHO"),
    ("UN", "UNRWA", "IGO", "", ["الأونروا", "وكالة غوث وتشغيل اللاجئين الفلسطينيين",
                                 "وكالة الأمم المتحدة لإغاثة وتشغيل اللاجئين الفلسطينيين"], "IGOUNO"),
    ("UN", "UN OCHA", "IGO", "", ["مكتب الأمم المتحدة لتنسيق الشؤون الإنسانية",
                                   "مكتب تنسيق الشؤون الإنسانية"], "IGOUNO"),
    ("UN", "International Atomic Energy Agency", "IGO", "", ["الوكالة الدولية للطاقة الذرية"], "IGOUNOIAE"),
    ("UN", "International Court of Justice", "IGO", "", ["محكمة العدل الدولية"], "IGOUNOJUDICJ"),
    ("UN", "UNESCO", "IGO", "", ["اليونسكو", "منظمة الأمم المتحدة للتربية والعلم والثقافة"], "IGOUNOEDU"),
    ("UN", "UN Development Programme", "IGO", "", ["برنامج الأمم المتحدة الإنمائي"], "IGOUNODEV"),
    ("UN", "UN Human Rights Council", "IGO", "", ["مجلس حقوق الإنسان", "مجلس حقوق الإنسان التابع للأمم المتحدة"], "IGOUNOHRI"),
    ("UN", "UN High Commissioner for Human Rights", "IGO", "", ["المفوضية السامية لحقوق الإنسان",
                                                                  "مفوضية الأمم المتحدة لحقوق الإنسان"], "IGOUNOHRIHCH"),
    ("UN", "UN peacekeepers", "IGO", "", ["قوات حفظ السلام الدولية", "قوات الأمم المتحدة لحفظ السلام",
                                           "قوات اليونيفيل", "اليونيفيل"], "IGOUNO"),
    ("EU", "European Union", "IGO", "", ["الاتحاد الأوروبي", "الاتحاد الاوروبي", "المفوضية الأوروبية",
                                          "البرلمان الأوروبي"], "IGOEUREEC"),
    ("NATO", "North Atlantic Treaty Organization", "IGO", "", ["حلف شمال الأطلسي", "حلف الناتو", "الناتو",
                                                                 "حلف الأطلسي", "حلف شمال الاطلسي"], "IGOWSTNAT"),
    ("AU", "African Union", "IGO", "", ["الاتحاد الأفريقي", "الاتحاد الإفريقي"], "IGOAFRAFU"),
    ("GCC", "Gulf Cooperation Council", "IGO", "", ["مجلس التعاون الخليجي", "مجلس التعاون لدول الخليج العربية",
                                                     "دول مجلس التعاون الخليجي"], "IGOGCC"),
    ("OIC", "Organisation of Islamic Cooperation", "IGO", "", ["منظمة التعاون الإسلامي",
                                                               "منظمة المؤتمر الإسلامي"], "IGOMOSOIC"),
    ("OPEC", "OPEC", "IGO", "", ["أوبك", "منظمة الدول المصدرة للنفط", "منظمة أوبك"], "IGOBUSOPC"),
    ("IMF", "International Monetary Fund", "IGO", "", ["صندوق النقد الدولي"], "IGOUNOBUSIMF"),
    ("WORLDBANK", "World Bank", "IGO", "", ["البنك الدولي"], "IGOUNOBUSWBK"),
    ("ICC", "International Criminal Court", "IGO", "", ["المحكمة الجنائية الدولية"], "IGOJUDICC"),
    ("OPCW", "Organisation for the Prohibition of Chemical Weapons", "IGO", "",
     ["منظمة حظر الأسلحة الكيميائية", "منظمة حظر الأسلحة الكيماوية"], "IGO"),
    ("INTERPOL", "Interpol", "IGO", "", ["الإنتربول", "الانتربول", "الشرطة الدولية"], "IGOCOPITP"),
    ("ARABLEAGUE", "Arab League Secretary-General", "IGO", "", ["الأمين العام لجامعة الدول العربية",
                                                               "أمين عام جامعة الدول العربية"], "IGOARBALL"),
    ("AMNESTY", "Amnesty International", "NGO", "", ["منظمة العفو الدولية", "العفو الدولية"], "NGOHRIAMN"),
    ("HRW", "Human Rights Watch", "NGO", "", ["هيومن رايتس ووتش", "منظمة هيومن رايتس ووتش"], "NGOHRIHRW"),
    ("MSF", "Médecins Sans Frontières", "NGO", "", ["أطباء بلا حدود", "منظمة أطباء بلا حدود"], "NGOHLHMSF"),
    ("IFRC", "International Federation of Red Cross and Red Crescent Societies", "NGO", "",
     ["الاتحاد الدولي لجمعيات الصليب الأحمر والهلال الأحمر"], "NGOHLHIRC"),
]

# ---------------------------------------------------------------------------------------
# People: (phoenix key or "", name_en, aliases, [(code, date_from, date_to), ...])
# Dates hand-checked (term of office; YYYY-MM-DD; "" = open).
LEADERS = [
    # Syria
    ("BASHAR_AL_ASSAD_", "Bashar al-Assad", ["بشار الأسد", "بشار حافظ الأسد", "الرئيس بشار الأسد"],
     [("SYRGOV", "2000-07-17", "2024-12-08")]),
    ("", "Walid al-Muallem", ["وليد المعلم"], [("SYRGOV", "2006-02-11", "2020-11-16")]),
    ("ABU_MOHAMMAD_AL_JAWLANI_", "Abu Mohammad al-Julani", ["أبو محمد الجولاني"],
     [("NUSRA", "", "2024-12-07"), ("SYRGOV", "2024-12-08", "")]),
    ("", "Ahmed al-Sharaa", ["أحمد الشرع"], [("SYRGOV", "2024-12-08", "")]),
    ("", "Mazloum Abdi", ["مظلوم عبدي", "مظلوم كوباني"], [("SDF", "", "")]),
    # Iraq
    ("NURI_AL_MALIKI_", "Nouri al-Maliki", ["نوري المالكي"], [("IRQGOV", "2006-05-20", "2015-08-11")]),
    ("HAIDAR_AL_ABADI", "Haider al-Abadi", ["حيدر العبادي"], [("IRQGOV", "2014-09-08", "2018-10-25")]),
    ("", "Adil Abdul-Mahdi", ["عادل عبد المهدي"], [("IRQGOV", "2018-10-25", "2020-05-07")]),
    ("", "Mustafa al-Kadhimi", ["مصطفى الكاظمي"], [("IRQGOV", "2020-05-07", "2022-10-27")]),
    ("", "Mohammed Shia al-Sudani", ["محمد شياع السوداني"], [("IRQGOV", "2022-10-27", "")]),
    ("", "Abu Mahdi al-Muhandis", ["أبو مهدي المهندس"], [("PMF", "", "2020-01-03")]),
    ("ISLAMIC_STATE_OF_IRAQ_AND_THE_LEVANT_", "Abu Bakr al-Baghdadi", ["أبو بكر البغدادي"],
     [("ISIS", "", "2019-10-27")]),
    # Yemen
    ("ALI_ABDULLAH_SALEH_", "Ali Abdullah Saleh", ["علي عبد الله صالح", "علي عبدالله صالح"],
     [("YEMGOV", "1978-07-17", "2012-02-25"), ("SALEHFORCES", "2014-09-21", "2017-12-04")]),
    ("", "Abd Rabbuh Mansur Hadi", ["عبد ربه منصور هادي", "عبدربه منصور هادي", "الرئيس هادي"],
     [("YEMGOV", "2012-02-25", "2022-04-07")]),
    ("", "Abdul-Malik al-Houthi", ["عبد الملك الحوثي", "عبدالملك الحوثي"], [("HOUTHIS", "", "")]),
    # Egypt
    ("HOSNI_MUBARAK_", "Hosni Mubarak", ["حسني مبارك", "محمد حسني مبارك"], [("EGYGOV", "1981-10-14", "2011-02-11")]),
    ("MOHAMED_MORSI_", "Mohamed Morsi", ["محمد مرسي"], [("EGYGOV", "2012-06-30", "2013-07-03")]),
    ("ABDEL_FATTAH_EL_SISI", "Abdel Fattah el-Sisi", ["عبد الفتاح السيسي", "عبدالفتاح السيسي"],
     [("EGYMIL", "2012-08-12", "2014-03-26"), ("EGYGOV", "2014-06-08", "")]),
    # Libya, Tunisia, Algeria, Morocco, Sudan
    ("MUAMMAR_AL_QADDAFI_", "Muammar Gaddafi", ["معمر القذافي"], [("LBYGOV", "1969-09-01", "2011-10-20")]),
    ("", "Khalifa Haftar", ["خليفة حفتر", "المشير خليفة حفتر", "اللواء خليفة حفتر"], [("LNA", "2014-05-16", "")]),
    ("", "Fayez al-Sarraj", ["فايز السراج"], [("LBYGOV", "2016-03-30", "2021-03-15")]),
    ("ZINE_EL_ABIDINE_BEN_ALI_", "Zine El Abidine Ben Ali", ["زين العابدين بن علي"], [("TUNGOV", "1987-11-07", "2011-01-14")]),
    ("", "Beji Caid Essebsi", ["الباجي قائد السبسي", "الباجي قايد السبسي"], [("TUNGOV", "2014-12-31", "2019-07-25")]),
    ("", "Kais Saied", ["قيس سعيد"], [("TUNGOV", "2019-10-23", "")]),
    ("ABDELAZIZ_BOUTEFLIKA_", "Abdelaziz Bouteflika", ["عبد العزيز بوتفليقة", "عبدالعزيز بوتفليقة"],
     [("DZAGOV", "1999-04-27", "2019-04-02")]),
    ("MOHAMMED_VI_", "Mohammed VI of Morocco", ["الملك محمد السادس", "محمد السادس"], [("MARGOV", "1999-07-23", "")]),
    ("", "Omar al-Bashir", ["عمر البشير", "عمر حسن البشير"], [("SDNGOV", "1989-06-30", "2019-04-11")]),
    ("", "Mohamed Hamdan Dagalo (Hemedti)", ["محمد حمدان دقلو", "حميدتي"], [("RSF", "", "")]),
    # Gulf, Jordan
    ("", "King Abdullah bin Abdulaziz", ["الملك عبد الله بن عبد العزيز", "عبد الله بن عبد العزيز"],
     [("SAUGOV", "2005-08-01", "2015-01-23")]),
    ("", "King Salman bin Abdulaziz", ["الملك سلمان", "الملك سلمان بن عبد العزيز", "سلمان بن عبد العزيز",
                                       "خادم الحرمين الشريفين الملك سلمان"], [("SAUGOV", "2011-11-05", "")]),
    ("", "Mohammed bin Salman", ["محمد بن سلمان", "الأمير محمد بن سلمان"], [("SAUGOV", "2015-01-23", "")]),
    ("", "Tamim bin Hamad Al Thani", ["تميم بن حمد", "تميم بن حمد آل ثاني", "الشيخ تميم بن حمد آل ثاني"],
     [("QATGOV", "2013-06-25", "")]),
    ("", "Mohammed bin Zayed", ["محمد بن زايد", "محمد بن زايد آل نهيان", "الشيخ محمد بن زايد"],
     [("AREGOV", "2004-11-03", "")]),
    ("", "Sabah Al-Ahmad Al-Jaber Al-Sabah", ["صباح الأحمد الجابر الصباح", "الشيخ صباح الأحمد"],
     [("KWTGOV", "2006-01-29", "2020-09-29")]),
    ("ABDULLAH_II_", "Abdullah II of Jordan", ["الملك عبد الله الثاني", "عبد الله الثاني", "الملك عبدالله الثاني"],
     [("JORGOV", "1999-02-07", "")]),
    # Lebanon, Palestine, non-state leaders
    ("HEZBOLLAH_", "Hassan Nasrallah", ["حسن نصر الله", "حسن نصرالله", "السيد حسن نصر الله", "نصر الله"],
     [("HEZBOLLAH", "1992-02-16", "2024-09-27")]),
    ("MAHMOUD_ABBAS_", "Mahmoud Abbas", ["محمود عباس", "أبو مازن"], [("PSEGOV", "2005-01-15", "")]),
    ("ISMAIL_HANIYA_", "Ismail Haniyeh", ["إسماعيل هنية", "اسماعيل هنية"],
     [("PSEGOV", "2006-03-29", "2014-06-01"), ("HAMAS", "2014-06-02", "2024-07-31")]),
    ("", "Khaled Meshaal", ["خالد مشعل"], [("HAMAS", "", "")]),
    ("OSAMA_BIN_LADEN_", "Osama bin Laden", ["أسامة بن لادن", "أسامه بن لادن"], [("AQ", "", "2011-05-02")]),
    ("AYMAN_AL_ZAWAHIRI", "Ayman al-Zawahiri", ["أيمن الظواهري"], [("AQ", "", "2022-07-31")]),
    # Turkey, Iran, Israel
    ("RECEP_TAYYIP_ERDOGAN_", "Recep Tayyip Erdogan", ["رجب طيب أردوغان", "رجب طيب أردغان", "أردوغان"],
     [("TURGOV", "2003-03-14", "")]),
    ("AHMET_DAVUTOGLU_", "Ahmet Davutoglu", ["أحمد داود أوغلو"], [("TURGOV", "2009-05-01", "2016-05-24")]),
    ("HOJATOLISLAM_SAYYED_ALI_KHAMENEI_", "Ali Khamenei", ["علي خامنئي", "آية الله علي خامنئي", "خامنئي"],
     [("IRNGOV", "1981-10-13", "")]),
    ("MAHMOUD_AHMADINEJAD_", "Mahmoud Ahmadinejad", ["محمود أحمدي نجاد", "أحمدي نجاد"],
     [("IRNGOV", "2005-08-03", "2013-08-03")]),
    ("HASSAN_ROUHANI_", "Hassan Rouhani", ["حسن روحاني"], [("IRNGOV", "2013-08-03", "2021-08-03")]),
    ("", "Ebrahim Raisi", ["إبراهيم رئيسي"], [("IRNGOV", "2021-08-03", "2024-05-19")]),
    ("MOHAMMAD_ZARIF_KHONSARI_", "Mohammad Javad Zarif", ["محمد جواد ظريف"], [("IRNGOV", "2013-08-15", "2021-08-25")]),
    ("", "Qasem Soleimani", ["قاسم سليماني"], [("IRNMIL", "", "2020-01-03")]),
    ("BENJAMIN_NETANYAHU_", "Benjamin Netanyahu", ["بنيامين نتنياهو", "نتنياهو"],
     [("ISRGOV", "1996-06-18", "1999-07-06"), ("ISRGOV", "2009-03-31", "2021-06-13"), ("ISRGOV", "2022-12-29", "")]),
    # Russia, USA, Europe
    ("VLADIMIR_PUTIN_", "Vladimir Putin", ["فلاديمير بوتين", "بوتين"], [("RUSGOV", "1999-08-16", "")]),
    ("SERGEY_LAVROV_", "Sergey Lavrov", ["سيرغي لافروف", "سيرجي لافروف", "لافروف"], [("RUSGOV", "2004-03-09", "")]),
    ("DMITRY_MEDVEDEV_", "Dmitry Medvedev", ["ديمتري ميدفيديف", "دميتري ميدفيديف"], [("RUSGOV", "2008-05-07", "2020-01-16")]),
    ("GEORGE_W._BUSH_", "George W. Bush", ["جورج دبليو بوش", "جورج بوش الابن", "جورج بوش"], [("USAGOV", "2001-01-20", "2009-01-20")]),
    ("BARACK_OBAMA", "Barack Obama", ["باراك أوباما", "أوباما"], [("USAGOV", "2009-01-20", "2017-01-20")]),
    ("", "Donald Trump", ["دونالد ترامب", "ترامب"], [("USAGOV", "2017-01-20", "2021-01-20"), ("USAGOV", "2025-01-20", "")]),
    ("", "Joe Biden", ["جو بايدن", "بايدن"], [("USAGOV", "2009-01-20", "2017-01-20"), ("USAGOV", "2021-01-20", "2025-01-20")]),
    ("HILLARY_CLINTON_", "Hillary Clinton", ["هيلاري كلينتون"], [("USAGOV", "2009-01-21", "2013-02-01")]),
    ("JOHN_KERRY_", "John Kerry", ["جون كيري"], [("USAGOV", "2013-02-01", "2017-01-20")]),
    ("DAVID_CAMERON_", "David Cameron", ["ديفيد كاميرون"], [("GBRGOV", "2010-05-11", "2016-07-13")]),
    ("FRANCOIS_HOLLANDE", "François Hollande", ["فرانسوا هولاند"], [("FRAGOV", "2012-05-15", "2017-05-14")]),
    ("", "Emmanuel Macron", ["إيمانويل ماكرون", "ايمانويل ماكرون", "ماكرون"], [("FRAGOV", "2017-05-14", "")]),
    ("ANGELA_MERKEL_", "Angela Merkel", ["أنجيلا ميركل", "انجيلا ميركل", "ميركل"], [("DEUGOV", "2005-11-22", "2021-12-08")]),
    # UN and Arab League
    ("KOFI_ANNAN_", "Kofi Annan", ["كوفي عنان"], [("UN", "1997-01-01", "2006-12-31")]),
    ("SECRETARY-GENERAL_BAN_KI-MOON", "Ban Ki-moon", ["بان كي مون"], [("UN", "2007-01-01", "2016-12-31")]),
    ("", "António Guterres", ["أنطونيو غوتيريش", "أنطونيو غوتيريس", "غوتيريش"], [("UN", "2017-01-01", "")]),
    ("", "Lakhdar Brahimi", ["الأخضر الإبراهيمي"], [("UN", "2012-08-17", "2014-05-31")]),
    ("", "Staffan de Mistura", ["ستافان دي ميستورا", "دي ميستورا"], [("UN", "2014-07-10", "2019-01-07")]),
    ("", "Ismail Ould Cheikh Ahmed", ["إسماعيل ولد الشيخ أحمد", "اسماعيل ولد الشيخ أحمد", "ولد الشيخ أحمد"],
     [("UN", "2015-04-25", "2018-02-16")]),
    ("", "Nabil Elaraby", ["نبيل العربي"], [("ARABLEAGUE", "2011-07-01", "2016-07-01")]),
    ("", "Ahmed Aboul Gheit", ["أحمد أبو الغيط"], [("EGYGOV", "2004-07-14", "2011-03-06"), ("ARABLEAGUE", "2016-07-01", "")]),
]

# distinctive surnames of LEADERS, by country (not given names, not ordinary words)
LEADER_SURNAMES = {
    "IRN": ["نجاد", "روحاني", "خامنئي", "ظريف", "سليماني", "رئيسي"],
    "IRQ": ["المالكي", "العبادي", "الكاظمي"],
    "EGY": ["مرسي", "السيسي"],
    "LBY": ["القذافي", "حفتر", "السراج"],
    "TUN": ["السبسي"], "DZA": ["بوتفليقة"], "SDN": ["البشير"], "TUR": ["أردوغان"],
    "ISR": ["نتنياهو"], "RUS": ["بوتين", "لافروف", "ميدفيديف"],
    "USA": ["أوباما", "ترامب", "بايدن", "كلينتون", "كيري", "بوش"],
    "GBR": ["كاميرون"], "FRA": ["هولاند", "ماكرون"], "DEU": ["ميركل"], "PSE": ["هنية", "مشعل"],
}

# one-word aliases that are given names or ordinary words
COMMON_WORDS = set("""محمد أحمد احمد علي حسن حسين عمر عثمان خالد سلمان عبدالله سعد سعيد فهد فيصل نايف
عادل محمود مصطفى إبراهيم ابراهيم يوسف صالح ناصر حمد طارق جمال كمال رياض سمير وليد عباس مبارك الأسد
أسد بشار صدام حافظ هادي جعفر زيد زياد مشعل سليمان عيسى موسى داود يحيى زكريا إسماعيل اسماعيل منصور
نبيل أمين جميل كريم رحمن سلام وائل عامر فارس ماجد بدر تركي سلطان نواف متعب مقرن خليفة زايد راشد
مكتوم حمدان تميم جاسم ثاني صباح جابر قابوس هيثم كيري أمير الأمير ملك الملك الشيخ شيخ رئيس الرئيس
الله عبد بن ابن أبو ابو آل""".split())

NISBA = set("""دولي عربي إسلامي اسلامي وطني شعبي أمني عسكري جوي بحري ثوري مركزي اتحادي جنائي سياسي
رسمي حكومي ملكي جمهوري إقليمي اقليمي أوروبي اوروبي أفريقي إفريقي افريقي خليجي أممي نووي إنساني
دستوري تشريعي قضائي شرعي عالمي مدني أهلي شيعي سني كردي ديمقراطي اشتراكي شيوعي قومي انتقالي
أمريكي أميركي امريكي اميركي فلسطيني إسرائيلي اسرائيلي مصري سوري عراقي لبناني أردني سعودي يمني ليبي
تونسي جزائري مغربي سوداني قطري كويتي بحريني إماراتي عماني إيراني ايراني تركي روسي صيني فرنسي بريطاني
ألماني الماني أفغاني باكستاني هندي ياباني""".split())

ARABIC_ONLY = re.compile(r"^[\u0621-\u064A ]+$")
DIACRITICS = re.compile(r"[\u064B-\u0652\u0670\u0640]")
CLITICS = "وفبلك"


def norm_alias(s):
    """Normalise an Arabic alias: no diacritics/tatweel, '_' -> space, collapsed spaces."""
    s = s.replace("_", " ")
    s = " ".join(w for w in s.split() if w.strip("\u0640"))  # lone tatweel used as a hyphen
    s = DIACRITICS.sub("", s)
    return re.sub(r"\s+", " ", s).strip()


def key(alias):
    """Comparison key: alef/ya/ta-marbuta folded, ال stripped from each word."""
    s = re.sub("[أإآ]", "ا", alias).replace("ى", "ي").replace("ة", "ه")
    out = []
    for w in s.split():
        if w.startswith("ال") and len(w) > 4:
            w = w[2:]
        out.append(w)
    return " ".join(out)


class Stats:
    def __init__(self, verbose):
        self.c = {}
        self.verbose = verbose

    def skip(self, reason, what=""):
        self.c[reason] = self.c.get(reason, 0) + 1
        if self.verbose and what:
            print("skip: %s: %s" % (reason, what), file=sys.stderr)


def load_iso(path):
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)["3166-1"]
    except OSError as e:
        sys.exit("derive_actors: cannot read %s (%s); apt-get install -y iso-codes" % (path, e))
    return {d["alpha_3"]: d.get("common_name", d["name"]) for d in data}


def parse_date(s):
    """YYYYMMDD or YYMMDD -> 'YYYY-MM-DD' or None."""
    s = s.strip()
    if re.fullmatch(r"\d{6}", s):
        yy = int(s[:2])
        s = ("20" if yy <= 20 else "19") + s
    if not re.fullmatch(r"\d{8}", s):
        return None
    try:
        return datetime.date(int(s[:4]), int(s[4:6]), int(s[6:])).isoformat()
    except ValueError:
        return None


def parse_restriction(text):
    """'[CODE 19990101-20100101]' -> (code, from, to, repaired) or (code, None...) on error."""
    m = re.match(r"^\[\s*([^\s\]]+)\s*(.*?)\s*\]", text.strip())
    if not m:
        return None
    code, rng = m.group(1), m.group(2).replace(" ", "")
    if not rng:
        return code, "", "", False, True
    if rng.startswith("<"):
        d = parse_date(rng[1:])
        return code, "", d or "", False, d is not None
    if rng.startswith(">"):
        d = parse_date(rng[1:])
        return code, d or "", "", False, d is not None
    parts = rng.split("-")
    if len(parts) != 2:
        return code, "", "", False, False
    a, b = parse_date(parts[0]), parse_date(parts[1])
    if not a or not b:
        return code, "", "", False, False
    if b < a:
        return code, a, "", True, True
    return code, a, b, False, True


def convert_cameo(code, iso3s):
    """CAMEO code -> (marsad code or None, sector, country, reason)."""
    if "?" in code or "~" in code:
        return None, None, None, "uncertain CAMEO code ('?')"
    if not re.fullmatch(r"[A-Z]+", code) or len(code) % 3:
        return None, None, None, "malformed CAMEO code"
    chunks = [code[i:i + 3] for i in range(0, len(code), 3)]
    head, rest = chunks[0], chunks[1:]
    if head in ("IGO", "NGO", "IMG"):
        return None, head, "", "identity needed"
    if head == "MNC":
        return None, None, None, "multinational corporation (MNC)"
    if head in iso3s:
        country = head
    elif head in PLOVER or head in CAMEO_SECTOR:
        return None, None, None, "generic role noun without country (agents.tsv covers these)"
    elif head in CAMEO_REGIONS or head == "INT":
        return None, None, None, "regional or international CAMEO code, no country"
    else:
        return None, None, None, "non-ISO country code"
    sectors = []
    for c in rest:
        if c in CAMEO_QUALIFIERS:
            continue
        s = CAMEO_SECTOR.get(c, c)
        if s not in PLOVER:
            return None, None, None, "unknown CAMEO sector %s" % c
        sectors.append(s)
    if not sectors:
        return None, None, None, "country or place name only (nationalities.tsv and the gazetteer cover these)"
    sector = sectors[0]
    if len(sectors) > 1 and sector == "GOV" and sectors[1] in STATE_ORGANS:
        sector = sectors[1]
    elif len(sectors) > 1 and sector == "MIL" and sectors[1] == "SPY":
        sector = "SPY"
    return country + sector, sector, country, ""


def read_actor_codes(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.startswith("#") or not line.strip():
                continue
            p = line.rstrip("\n").split("\t")
            p += [""] * (6 - len(p))
            rows.append(dict(code=p[0], name_en=p[1], sector=p[2], country=p[3],
                             aliases=[a for a in p[4].split("|") if a], line=n))
    return rows


def read_phoenix():
    """Phoenix phrase (primary or synonym, trailing '_' removed) -> (file, line, primary, restrictions)."""
    index = {}
    for fn in PHX_FILES:
        path = os.path.join(PHX_DIR, fn)
        entry = None
        with open(path, encoding="utf-8", errors="replace") as f:
            for n, raw in enumerate(f, 1):
                line = raw.split("#")[0].rstrip()
                if not line.strip():
                    continue
                if raw[0] in "\t " and line.strip().startswith("["):
                    if entry:
                        for r in re.findall(r"\[[^\]]*\]", line):
                            entry[3].append(r)
                    continue
                phrase = line.split("[")[0].strip().lstrip("+").strip().rstrip("_")
                if not line.startswith("+"):
                    entry = (fn, n, phrase, [])
                    index.setdefault(phrase, entry)
                    for r in re.findall(r"\[[^\]]*\]", line):
                        entry[3].append(r)
                elif entry:
                    index.setdefault(phrase, entry)
    return index


def read_up(path):
    """UniversalPetrarch dictionary -> list of (line, raw name, [restriction strings])."""
    entries = []
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if line[0] == "\t" and line.strip().startswith("["):
                if entries:
                    entries[-1][2].append(line.strip())
                continue
            name = line.split("[")[0].strip()
            codes = re.findall(r"\[[^\]]*\]", line)
            entries.append((n, name, codes))
    return entries


def load_vocab():
    """Common-noun vocabulary: agent terms and nationality forms (one word each)."""
    words = set()
    for path, col in ((AGENTS, 0), (NATIONALITIES, 0)):
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#"):
                    continue
                form = line.split("\t")[col]
                for w in form.split():
                    words.add(key(w))
    return words


INSTITUTION_WORDS = set(key(w) for w in """قوة قوات شرطة جيش حكومة وزارة وزير سلطة مجلس منظمة حزب حركة
جامعة اتحاد هيئة نقابة وكالة جمعية صندوق برنامج بنك مؤسسة شركة لجنة محكمة دائرة مكتب ولاية إدارة أمن
دفاع داخلية خارجية عدل مالية نائب رئيس رئاسة أمين عام مدير قائد قيادة مدعي نيابة قاض قاضي سفير سفارة
قنصلية بعثة وفد مندوب متحدث ناطق جهاز أجهزة استخبار استخبارات مخابرات حرس دولة جمهورية مملكة إمارة
سلطنة برلمان نواب شعب شورى ديوان تحالف جبهة كتيبة لواء فرقة سرية جماعة تنظيم فصيل ميليشيا خاص عام
أعلى وطني مستقل متحدة متحد جديد قوى عليا أعلى أركان بحرية جوية مسلحة مسلح تلفزيون إذاعة صحيفة قناة
وكالة نبأ أنباء مجلة مركز معهد كلية مستشفى عمليات عملية جهادي إرهابي""".split())


def is_institution_like(alias, vocab):
    ws = alias.split()
    return all(key(w) in vocab or key(w) in INSTITUTION_WORDS or key(w) in NISBA_KEYS for w in ws)


NISBA_KEYS = set(key(w) for w in NISBA)


def fix_feminine(alias, nisba_forms):
    """جامعة عربي -> جامعة عربية when every word after a ة-final first word is a nisba adjective."""
    ws = alias.split()
    if len(ws) < 2 or not ws[0].endswith("ة"):
        return alias
    if not all(key(w) in nisba_forms and w.endswith("ي") for w in ws[1:]):
        return alias
    return " ".join([ws[0]] + [w + "ة" for w in ws[1:]])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-o", "--output", default=os.path.join(REPO, "data", "actors.tsv"))
    ap.add_argument("-v", "--verbose", action="store_true", help="list every skipped entry")
    ap.add_argument("--iso-json", default=ISO_JSON)
    args = ap.parse_args()
    st = Stats(args.verbose)
    iso = load_iso(args.iso_json)
    vocab = load_vocab()
    nisba_forms = set(NISBA_KEYS)
    if os.path.exists(NATIONALITIES):
        with open(NATIONALITIES, encoding="utf-8") as f:
            for line in f:
                p = line.rstrip("\n").split("\t")
                if len(p) >= 3 and not line.startswith("#") and p[2] in ("adj", "group") and p[0].endswith("ي"):
                    nisba_forms.add(key(p[0]))

    out = []  # dicts: code name_en sector country aliases date_from date_to source
    owned = {}  # alias key -> (code, source) for canonical and curated rows

    # 1. canonical, each followed by the curated aliases of its code
    canon = read_actor_codes(ACTOR_CODES)
    canon_by_code = {}
    for r in canon:
        out.append(dict(code=r["code"], name_en=r["name_en"], sector=r["sector"], country=r["country"],
                        aliases=r["aliases"], date_from="", date_to="", source="ACTOR_CODES.tsv"))
        canon_by_code.setdefault(r["code"], r)
        for a in r["aliases"]:
            owned.setdefault(key(a), r["code"])
        extra = CURATED_ALIASES.get(r["code"]) if r["code"] not in canon_by_code or canon_by_code[r["code"]] is r else None
        if extra:
            aliases, note = extra
            keep = [norm_alias(a) for a in aliases if key(norm_alias(a)) not in owned]
            for a in keep:
                owned[key(a)] = r["code"]
            out.append(dict(code=r["code"], name_en=r["name_en"], sector=r["sector"], country=r["country"],
                            aliases=keep, date_from="", date_to="", source="marsad curated (%s)" % note))

    def code_info(code):
        """(name_en, sector, country) for a code: canonical, IGO table, or built by the convention."""
        if code in canon_by_code:
            r = canon_by_code[code]
            return r["name_en"], r["sector"], r["country"]
        for c, name, sector, country, _, _ in IGOS:
            if c == code:
                return name, sector, country
        if len(code) == 6 and code[:3] in iso and code[3:] in SECTOR_NAME:
            return SECTOR_NAME[code[3:]] % iso[code[:3]], code[3:], code[:3]
        raise KeyError(code)

    # 2. IGOs and NGOs (the Phoenix code is named only when Phoenix really uses it)
    phx_codes = set()
    for fn in PHX_FILES:
        with open(os.path.join(PHX_DIR, fn), encoding="utf-8", errors="replace") as f:
            phx_codes.update(re.findall(r"\[([A-Z]{3,})[\s\]]", f.read()))
    igo_by_key = {}
    for code, name, sector, country, aliases, phx in IGOS:
        aliases = [norm_alias(a) for a in aliases]
        keep = []
        for a in aliases:
            if key(a) in owned and owned[key(a)] != code:
                st.skip("curated alias owned by another canonical code", a)
                continue
            if key(a) in owned:
                continue
            keep.append(a)
            owned[key(a)] = code
            igo_by_key[key(a)] = code
        for a in aliases:
            igo_by_key.setdefault(key(a), code)
        if keep:
            out.append(dict(code=code, name_en=name, sector=sector, country=country, aliases=keep,
                            date_from="", date_to="",
                            source=("marsad curated (Phoenix code %s)" % phx) if phx in phx_codes
                            else "marsad curated"))
    # canonical aliases resolve identity too
    for r in canon:
        for a in r["aliases"]:
            igo_by_key.setdefault(key(a), r["code"])

    # 3. leaders
    phx = read_phoenix()
    n_leader_rows = 0
    for pkey, name, aliases, ranges in LEADERS:
        aliases = [norm_alias(a) for a in aliases]
        src = "marsad curated"
        if pkey:
            e = phx.get(pkey.rstrip("_"))
            if e is None:
                print("derive_actors: Phoenix entry %s not found" % pkey, file=sys.stderr)
            else:
                src = "%s:%d %s; dates marsad curated" % (e[0], e[1], e[2])
                conv = []
                for rs in e[3]:
                    pr = parse_restriction(rs)
                    if pr and pr[4]:
                        mc = convert_cameo(pr[0], iso)[0] or ("UN" if pr[0].startswith("IGOUNO") else pr[0])
                        conv.append((mc, pr[1], pr[2]))
                agree = all(any(c == code and f == df for c, f, _ in conv) for code, df, _ in ranges if df)
                if args.verbose or not agree:
                    print("derive_actors: %s: Phoenix %s %s" % (name, "agrees" if agree else "differs:",
                                                                 "" if agree else conv), file=sys.stderr)
        for a in aliases:
            if key(a) in owned and owned[key(a)] not in [r[0] for r in ranges]:
                sys.exit("derive_actors: leader alias %s already owned by %s" % (a, owned[key(a)]))
            owned.setdefault(key(a), ranges[0][0])
        for code, df, dt in ranges:
            n_ = name
            cname, sector, country = code_info(code)
            out.append(dict(code=code, name_en="%s (%s)" % (n_, cname), sector=sector, country=country,
                            aliases=aliases, date_from=df, date_to=dt, source=src))
            n_leader_rows += 1

    # curated people: UP aliases equal to or ending in a curated name (رئيس وزير فلسطيني
    # اسماعيل هنية), or title + a distinctive surname of the same country (رئيس نجاد), are theirs
    leader_names = [key(norm_alias(a)) for _, _, aliases, _ in LEADERS for a in aliases
                    if len(a.split()) >= 2]
    leader_tails = {(c, key(w)) for c, ws in LEADER_SURNAMES.items() for w in ws}

    # 4. UniversalPetrarch
    up = read_up(UP_DICT)
    up_tails = {}  # country -> last words (>= 5 letters) of multiword aliases

    first_words = set()
    for n, name, codes in up:
        ws = norm_alias(name).split()
        if ws:
            first_words.add(ws[0])
    first_words |= {w for w in vocab}
    up_rows = []
    n_up_restr = 0
    for n, raw, restrs in up:
        where = "line %d %s" % (n, raw)
        alias = norm_alias(raw)
        if not alias:
            st.skip("empty name", where)
            continue
        if not ARABIC_ONLY.match(alias):
            st.skip("name with Latin letters, digits or punctuation", where)
            continue
        ws = alias.split()
        if any(len(w) == 1 for w in ws) or "ال" in ws:
            st.skip("lemmatised with a detached clitic (ل، و، ب، ال as a word)", where)
            continue
        w0 = ws[0]
        if w0[0] in CLITICS and len(w0) > 3 and w0 not in first_words:
            rest = w0[1:]
            if rest in first_words or "ال" + rest in first_words or (rest.startswith("ل") and "ا" + rest in first_words):
                ws[0] = rest if not rest.startswith("ل") or rest in first_words else "ا" + rest
                alias = " ".join(ws)
                st.skip("(repaired) leading clitic removed")
        alias = fix_feminine(alias, nisba_forms) if len(ws) > 1 else alias
        if alias != " ".join(ws):
            st.skip("(repaired) feminine agreement restored")
        if not restrs:
            st.skip("entry without a code", where)
            continue
        parsed = []
        bad = False
        for r in restrs:
            n_up_restr += 1
            pr = parse_restriction(r)
            if not pr or not pr[4]:
                st.skip("unreadable date restriction", "%s %s" % (where, r))
                bad = True
                continue
            if pr[3]:
                st.skip("(repaired) end before start: open end")
            parsed.append(pr)
        if not parsed:
            continue
        conv = []
        for code, df, dt, _, _ in parsed:
            mcode, sector, country, reason = convert_cameo(code, iso)
            if reason == "identity needed":
                ident = igo_by_key.get(key(alias))
                if ident:
                    mcode = ident
                    _, sector, country = code_info(ident)
                    df = dt = ""  # organisations: the carried-over ranges mean nothing
                else:
                    st.skip("%s without an identity marsad knows" % sector, where)
                    continue
            elif mcode is None:
                st.skip(reason, where)
                continue
            conv.append((mcode, sector, country, df, dt))
        if not conv:
            continue
        if len(ws) == 1 and (w0 in COMMON_WORDS or key(w0) in vocab):
            st.skip("one-word alias that is a given name, ordinary word, agent term or nationality", where)
            continue
        k = key(alias)
        if any(k == ln or k.endswith(" " + ln) for ln in leader_names) or \
                any((c[2], k.split()[-1]) in leader_tails for c in conv):
            st.skip("a curated person's name (or title + surname): the curated row has the dates", where)
            continue
        if k in owned:
            st.skip("alias already in ACTOR_CODES.tsv or the curated tables", where)
            continue
        dated = [c for c in conv if c[3] or c[4]]
        if dated and is_institution_like(alias, vocab):
            codes = {c[0] for c in conv}
            if len(codes) > 1:
                st.skip("institution-like name with several date-ranged codes", where)
                continue
            st.skip("(repaired) carried-over date range dropped on an institution-like name")
            conv = [(c[0], c[1], c[2], "", "") for c in conv[:1]]
        seen = set()
        for mcode, sector, country, df, dt in conv:
            if (mcode, df, dt) in seen:
                continue
            seen.add((mcode, df, dt))
            up_rows.append(dict(code=mcode, sector=sector, country=country, aliases=[alias],
                                date_from=df, date_to=dt, line=n, k=k))

    # one-word aliases: kept only for a surname of at least 5 letters that ends a longer
    # alias of the same country (السنيورة from فؤاد السنيورة); بحر، قطاع، صدام (= clash) go
    for r in up_rows:
        ws = r["k"].split()
        if len(ws) > 1 and len(ws[-1]) >= 5:
            up_tails.setdefault(r["country"], set()).add(ws[-1])
    kept = []
    for r in up_rows:
        if len(r["k"].split()) == 1 and r["k"] not in up_tails.get(r["country"], ()):
            st.skip("one-word alias that is not a known surname (ordinary word or too short)",
                    "%s %s" % (r["aliases"][0], r["code"]))
            continue
        kept.append(r)
    up_rows = kept

    # one alias, several codes: the same person or body listed in several entries with
    # overlapping ranges (LBNGOV 1958-1964, LBNCVL 1964-) is made consistent; an alias whose
    # codes belong to different countries, or a one-word alias with several codes, is dropped.
    LO, HI = 0, 10 ** 7

    def to_ord(d, default):
        return datetime.date.fromisoformat(d).toordinal() if d else default

    def to_iso(o):
        return "" if o in (LO, HI) else datetime.date.fromordinal(o).isoformat()

    by_k = {}
    for r in up_rows:
        by_k.setdefault(r["k"], []).append(r)
    resolved = []
    for k, rs in by_k.items():
        codes = {r["code"] for r in rs}
        if len(codes) > 1 and (len({r["country"] for r in rs}) > 1 or len(k.split()) == 1):
            for r in rs:
                st.skip("ambiguous: alias with codes of two countries, or a one-word alias with two codes",
                        "%s %s" % (r["aliases"][0], r["code"]))
            continue
        undated = [r for r in rs if not r["date_from"] and not r["date_to"]]
        dated = [r for r in rs if r["date_from"] or r["date_to"]]
        if len({r["code"] for r in undated}) > 1:
            counts = {}
            for r in undated:
                counts[r["code"]] = counts.get(r["code"], 0) + 1
            best = max(counts, key=lambda c: (counts[c], -[u["code"] for u in undated].index(c)))
            for r in undated:
                if r["code"] != best:
                    st.skip("undated code outvoted by another undated code of the same alias",
                            "%s %s" % (r["aliases"][0], r["code"]))
            undated = [r for r in undated if r["code"] == best]
        resolved.extend(undated[:1])
        # dated: narrower ranges win; wider ones keep only what is left
        taken = []  # (a, b)
        pieces = []
        for r in sorted(dated, key=lambda r: (to_ord(r["date_to"], HI) - to_ord(r["date_from"], LO), r["line"])):
            segs = [(to_ord(r["date_from"], LO), to_ord(r["date_to"], HI))]
            for ta, tb in taken:
                nxt = []
                for a, b in segs:
                    if tb < a or ta > b:
                        nxt.append((a, b))
                        continue
                    if a < ta:
                        nxt.append((a, ta - 1))
                    if tb < b:
                        nxt.append((tb + 1, b))
                segs = nxt
            if not segs:
                st.skip("date range covered by narrower ranges of the same alias",
                        "%s %s" % (r["aliases"][0], r["code"]))
                continue
            if len(segs) > 1 or segs[0] != (to_ord(r["date_from"], LO), to_ord(r["date_to"], HI)):
                st.skip("(repaired) overlapping range of the same alias trimmed")
            taken.extend(segs)
            for a, b in segs:
                pieces.append(dict(r, date_from=to_iso(a), date_to=to_iso(b), _a=a))
        pieces.sort(key=lambda r: r["_a"])
        merged = []
        for pc in pieces:
            if merged and merged[-1]["code"] == pc["code"] and \
                    to_ord(merged[-1]["date_to"], HI) + 1 == pc["_a"]:
                merged[-1] = dict(merged[-1], date_to=pc["date_to"])
            else:
                merged.append(pc)
        resolved.extend(merged)
    up_rows = sorted(resolved, key=lambda r: r["line"])
    drop = set()
    final_up = []
    seen_rows = set()
    for r in up_rows:
        if r["k"] in drop:
            st.skip("ambiguous: alias with two codes over overlapping dates", "%s %s" % (r["aliases"][0], r["code"]))
            continue
        sig = (r["code"], r["k"], r["date_from"], r["date_to"])
        if sig in seen_rows:
            st.skip("duplicate of an earlier entry (same alias, code and dates)")
            continue
        seen_rows.add(sig)
        cname, _, _ = code_info(r["code"])
        final_up.append(dict(code=r["code"], name_en=cname, sector=r["sector"], country=r["country"],
                             aliases=r["aliases"], date_from=r["date_from"], date_to=r["date_to"],
                             source="UniversalPetrarch actor_dict_ar_v4.txt:%d" % r["line"]))
    final_up.sort(key=lambda r: (r["code"], r["date_from"], r["aliases"][0]))
    out.extend(final_up)

    with open(args.output, "w", encoding="utf-8", newline="\n") as f:
        f.write("# marsad actors: Arabic aliases -> actor code, name, PLOVER sector, country (ISO3), date range.\n")
        f.write("# Generated by scripts/derive_actors.py (its docstring records every mapping decision); do not edit.\n")
        f.write("# Sources: ../shared/eval/ACTOR_CODES.tsv (canonical, the project's own);\n")
        f.write("#   UniversalPetrarch actor_dict_ar_v4.txt, openeventdata/UniversalPetrarch, MIT licence;\n")
        f.write("#   Phoenix/PETRARCH-2 dictionaries, openeventdata/petrarch2, MIT licence (leaders, codes);\n")
        f.write("#   Debian iso-codes (LGPL-2.1) for ISO3 validity and English country names at derive time;\n")
        f.write("#   'marsad curated': Arabic names and dates written and checked by hand.\n")
        f.write("# Sector: PLOVER sector codes, plus IGO and NGO. date_from/date_to inclusive, empty = open;\n")
        f.write("#   dated rows take precedence over undated rows with the same alias. Aliases are '|'-separated,\n")
        f.write("#   unvocalised; lemma-derived aliases carry no article: compare with ال stripped per word.\n")
        f.write("#code\tname_en\tsector\tcountry\taliases_ar\tdate_from\tdate_to\tsource\n")
        for r in out:
            f.write("\t".join([r["code"], r["name_en"], r["sector"], r["country"], "|".join(r["aliases"]),
                               r["date_from"], r["date_to"], r["source"]]) + "\n")

    n_canon = len(canon)
    print("derive_actors: read %d ACTOR_CODES rows, %d curated IGO/NGO entries, %d curated leaders, "
          "%d UniversalPetrarch entries (%d code restrictions)" % (
              n_canon, len(IGOS), len(LEADERS), len(up), n_up_restr), file=sys.stderr)
    print("derive_actors: wrote %d rows to %s: %d canonical, %d IGO/NGO, %d leader, %d UniversalPetrarch" % (
        len(out), os.path.relpath(args.output), n_canon, len(out) - n_canon - n_leader_rows - len(final_up),
        n_leader_rows, len(final_up)), file=sys.stderr)
    print("derive_actors: skipped or repaired (reason: count):", file=sys.stderr)
    for reason, n in sorted(st.c.items(), key=lambda kv: (kv[0].startswith("("), -kv[1])):
        print("  %-92s %d" % (reason, n), file=sys.stderr)


if __name__ == "__main__":
    main()
