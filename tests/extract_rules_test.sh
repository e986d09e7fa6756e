#!/bin/sh
# extract_rules_test.sh MARSAD SRCDIR -- extraction rules, one short sentence
# each (written for this test): the reading a coder would give, checked on
# the record.  `check NAME TEXT EXPR` runs marsad extract on TEXT (published
# 2015-07-22) and evaluates the Python expression EXPR with `ev` bound to the
# record's events and helpers A(e) / R(e) (actor / recipient codes), T (the
# types), one(type) (the single event of that type).
. "$(dirname "$0")/lib.sh" "$@"
check() {
    name=$1 text=$2 expr=$3
    printf '%s\n' "$text" >"$T/in.txt"
    if ! "$M" extract --published 2015-07-22 "$T/in.txt" >"$T/rec" 2>"$T/err"; then
        bad "$name: extract failed"; cat "$T/err" >&2; return
    fi
    if python3 - "$T/rec" "$expr" <<'P'
import json, sys
ev = json.loads(open(sys.argv[1]).readline())["events"]
A = lambda e: sorted(a["code"] for a in e["actor"])
R = lambda e: sorted(a["code"] for a in e["recipient"])
T = [e["type"] for e in ev]
def one(t):
    xs = [e for e in ev if e["type"] == t]
    assert len(xs) == 1, (t, T)
    return xs[0]
ok = eval(sys.argv[2])
if not ok:
    print(json.dumps([{k: e[k] for k in ("type", "trigger", "actor", "recipient", "counts", "modality", "attribution")} for e in ev], ensure_ascii=False), file=sys.stderr)
sys.exit(0 if ok else 1)
P
    then ok; else bad "$name: $expr"; fi
}

# بين is a reporting verb only with its complement
check "bain-preposition" "قتل 7 أشخاص بينهم 3 مدنيين في انفجار عبوة ناسفة في بغداد." \
    'one("bombing")["attribution"]["source_type"] == "outlet"'
check "bain-verb" "وبين المصدر الأمني أن مسلحين اختطفوا ثلاثة جنود في بغداد." \
    'one("abduction")["attribution"]["source_type"] == "official"'
# a quotation ends the report's reach at its closing quote
check "quote-end" 'وقال المحافظ في مؤتمر صحفي "إن الحياة تعود إلى طبيعتها في المدينة" التي استعادها الجيش العراقي من تنظيم داعش الشهر الماضي.' \
    'one("seizure")["modality"] == "asserted" and one("seizure")["attribution"]["source_type"] == "outlet"'
check "quote-goes-on" 'وقال مصدر أمني إن "التحقيق بدأ فور وقوع الحادث"، موضحا أنه "تم اعتقال ستة من حراس الموقع".' \
    'one("arrest")["modality"] == "claimed"'
# فر from a front is a withdrawal, from a prison a prison-break
check "flee-front" "وفر عدد من مقاتلي داعش باتجاه الحدود السورية." 'T == ["withdrawal"]'
check "flee-prison" "وفر عشرات السجناء من سجن الحلة المركزي." 'T == ["prison-break"]'
# the dead of a toll are the targets, not the actors
check "victims" "وقتل أمس 7 من مسلحي الحوثي وقوات صالح خلال هجوم للمقاومة الشعبية قرب تعز." \
    'A(one("attack")) == ["YEMRESIST"] and "HOUTHIS" in R(one("attack")) and "SALEHFORCES" not in A(one("attack"))'
# the subject of an agent verb after the event noun made it
check "agent-verb" "وصدت المقاومة هجوما شنه مسلحون حوثيون على مواقعها في البيضاء." \
    '"HOUTHIS" in A(one("attack"))'
# a strike noun in construct with a party
check "construct-actor" "واستهدفت غارات التحالف العربي مواقع للحوثيين في صعدة." \
    'A(one("airstrike")) == ["COALITION_YE"] and R(one("airstrike")) == ["HOUTHIS"]'
# a number's casualty word is the nearest; a number joined by و adds to the count
check "nearest-casualty" "وأسفر سقوط قذائف صاروخية على حي سكني في دمشق عن 4 قتلى وأصيب 19 شخصا." \
    'one("shelling")["counts"]["dead"] == 4 and one("shelling")["counts"]["injured"] == 19'
check "summed-count" "وأسفرت الاشتباكات في ريف إدلب عن مقتل 7 عناصر من الجيش و5 مقاتلين من المعارضة." \
    'one("armed-clash")["counts"]["dead"] == 12'
# غارة أخرى is a new strike, not the one told before
check "another" "وقتل مسلحان في غارة لطيران التحالف على معسكر في صعدة. ودمرت غارة أخرى مخزنا للذخيرة في صعدة." \
    'T.count("airstrike") == 2'
# modality: a negation with an exception restricts; purposes and aims are future
check "except" "ولم تنفذ الطائرات حتى اليوم سوى خمس غارات على مواقع المسلحين قرب سرت." \
    'one("airstrike")["modality"] == "asserted"'
check "purpose" "وتسعى الفصائل المسلحة للسيطرة على بلدة حدودية في ريف إدلب." \
    'one("seizure")["modality"] == "future"'
check "aim-joined" "وقال القائد إن العملية تهدف إلى اقتحام مدينة سرت والسيطرة عليها." \
    'len(ev) >= 1 and all(e["modality"] == "future" for e in ev)'
check "warrant" "وأصدرت النيابة العامة في بغداد مذكرة قبض بحق ثلاثة متهمين." \
    'one("arrest")["modality"] == "future"'
# a past verb read through its noun (سيطرت / سيطرة) takes its subject as the actor
check "verb-through-noun" "وفي اليمن، سيطرت المقاومة الشعبية على جبل العروس قرب مأرب." \
    'A(one("seizure")) == ["YEMRESIST"] and R(one("seizure")) == []'
# بحسب: the source follows the particle; the outlet's correspondent is its own voice
check "particle-source" "وتدور منذ الصباح معارك عنيفة في محيط مأرب بين رجال المقاومة الشعبية والحوثيين، بحسب ما أفاد مراسلنا." \
    'one("armed-clash")["attribution"]["source_type"] == "correspondent" and one("armed-clash")["modality"] == "asserted"'
# targets: the ranks hit, the party ground is taken from
check "ranks" "وقصفت المقاومة الشعبية مواقع في البيضاء اليمنية بالصواريخ، ما أوقع خسائر في صفوف الحوثيين." \
    '"HOUTHIS" in R(one("shelling"))'
check "taken-from" "وتمكنت القوات العراقية من تحرير قرى في الرمادي من تنظيم داعش." \
    'R(one("seizure")) == ["ISIS"]'
# after midnight of Sunday night is Monday (published Wednesday 2015-07-22)
check "after-midnight" "وانفجرت سيارة مفخخة قرب مبنى حكومي في أنقرة بعد منتصف ليل الأحد." \
    'one("bombing")["date"]["start"] == "2015-07-20"'
# a government's forces are its military; the patron of loyal forces is not a party
check "forces-of-government" "وفي تعز اليمنية، هاجمت قوات الشرعية مواقع للحوثيين." \
    'A(one("attack")) == ["YEMMIL"]'
check "loyal-forces" "واستعادت القوات الموالية للحكومة اليمنية ميناء المخا من الحوثيين." \
    '"YEMGOV" not in A(one("seizure")) + R(one("seizure"))'
# after a voice word ل + a verbal noun is what was undergone, not a purpose
check "undergone" "وتتعرض مواقع المسلحين لقصف مكثف من قبل طائرات التحالف قرب الموصل." \
    'T == ["airstrike"]'
# a front located from a town is at that town: its clashes are one event
check "located-from" "واندلعت مواجهات بين الحوثيين والمقاومة الشعبية في مأرب اليمنية. وقالت مصادر محلية إن مواجهات دارت بين الطرفين في منطقة الوادي الأحمر غرب مأرب." \
    'T.count("armed-clash") == 1'
# the speaker is not named after the complement, nor is the addressee
check "after-complement" "وقال المتحدث باسم الجيش العراقي إن القوات تتقدم في الأنبار. وأفاد بأن مسلحي تنظيم داعش يتراجعون أمام الجيش العراقي قرب الرمادي." \
    'one("withdrawal")["attribution"]["source_type"] == "official"'
# a person the dictionaries lack is typed by the party named after him, not by his title
check "affiliation" "وقال الشيخ ناصر الحميدي رئيس مجلس المقاومة الشعبية في محافظة إب اليمنية إن المقاومة سيطرت على جبل العود." \
    'one("seizure")["attribution"]["source_type"] == "organization"'
# an armed group's arrest is a capture (abduction); a state's is an arrest
check "capture" "وفي لحج اليمنية ألقت المقاومة الشعبية القبض على خمسة من مسلحي الحوثي." 'T == ["abduction"]'
check "arrest" "واعتقلت الشرطة العراقية خمسة أشخاص في بغداد." 'T == ["arrest"]'
# a neighbourhood the gazetteer lacks, named with its town, is in that town
check "neighbourhood-in-town" "وسقطت قذائف على حمص. وقتل طفلان إثر سقوط قذيفة صاروخية على منزلهما في حي النخيل الخاضع لسيطرة المعارضة بمدينة حمص." \
    'T.count("shelling") == 1'
# parties joined by و share a role, on either side of the event word
check "joined-before" "وانسحبت ميليشيات الحوثي وقوات صالح من ثلاث قرى في محافظة الضالع." \
    'A(one("withdrawal")) == ["HOUTHIS", "SALEHFORCES"] and R(one("withdrawal")) == []'
check "joined-after" "وقصفت ميليشيات الحوثي وقوات صالح أحياء في مدينة الضالع." \
    'A(one("shelling")) == ["HOUTHIS", "SALEHFORCES"]'
# مقتل 5 عناصر من الشرطة: the counted noun before من does not hide the victims
check "victims-noun" "ستة عناصر من الشرطة قتلوا في انفجار سيارة مفخخة قرب الموصل." \
    'A(one("bombing")) == [] and R(one("bombing")) == ["IRQCOP"]'
check "victims-noun-2" "وقتل 20 مسلحا من عناصر «داعش» في غارات للتحالف الدولي على الرقة." \
    'R(one("airstrike")) == ["ISIS"]'
# unnamed gunmen of a group named right after them are that group
check "gunmen-of-group" "واندلعت اشتباكات بين الجيش السوري ومسلحي ميليشيا «قسد» في الحسكة." \
    'A(one("armed-clash")) == ["SDF", "SYRMIL"]'
# both sides of a truce are actors; a deployment acts on no one
check "truce-sides" "وبدأت هدنة بين الحكومة اليمنية والحوثيين منتصف الليل." \
    'A(one("ceasefire")) == ["HOUTHIS", "YEMGOV"] and R(one("ceasefire")) == []'
check "deployment-no-recipient" "وقالت المصادر إن الجيش العراقي أرسل تعزيزات عسكرية إلى الرمادي لمواجهة مسلحي تنظيم داعش." \
    'R(one("deployment")) == []'
# the article's opponents: a seizure whose mention names no loser is taken
# from the party the actor is shown fighting twice or more
check "opponents" "وقصفت المقاومة الشعبية مواقع الحوثيين في الضالع. وهاجمت المقاومة الشعبية تجمعات الحوثيين في قعطبة. وسيطرت المقاومة الشعبية على جبل العود." \
    'R(one("seizure")) == ["HOUTHIS"]'
# an ordinal day of a named month; إب the city is not آب the month
check "ordinal-of-month" "وأفرج عن الصحفي في الثامن من يوليو بعد محاكمته في أنقرة." \
    'one("release")["date"]["start"] == "2015-07-08"'
check "ibb-not-august" "ووصلت تعزيزات عسكرية من محافظتي إب وذمار إلى قعطبة." \
    'one("deployment")["date"]["basis"] == "published"'
# an event noun's party in construct before على is its subject
check "construct-subject" "ومنذ سيطرة المقاومة الشعبية على مدينة الضالع بدأت الحياة تعود إلى طبيعتها." \
    'A(one("seizure")) == ["YEMRESIST"] and R(one("seizure")) == []'
# the opponents both ways: a target named alone gets the party shown attacking it
check "opponents-back" "وقصفت المقاومة الشعبية مواقع الحوثيين في الضالع. وهاجمت المقاومة الشعبية تجمعات الحوثيين في قعطبة. وقصفت بالصواريخ مواقع الحوثيين في دمت." \
    'all(A(e) == ["YEMRESIST"] for e in ev if e["type"] == "shelling")'
# mentions in other sentences naming other actors are other incidents
check "other-actors-other-event" "وقصفت المقاومة الشعبية مواقع الحوثيين في الضالع. وقصف الحوثيون بالمدفعية أحياء سكنية." \
    'T.count("shelling") == 2'
# كما before the event word: a further incident of its kind
check "kama-another" "وشنت طائرات التحالف العربي غارات على مواقع الحوثيين في صعدة، كما استهدفت بغارات مواقع في صعدة." \
    'T.count("airstrike") == 2'
# a counted weak event noun names incidents
check "counted-strikes" "ونفذت المقاتلات 12 ضربات منذ صباح الثلاثاء على أحياء مدينة داريا." \
    'T == ["airstrike"]'
# a superlative before the event noun ranks the incident just told
check "superlative-told" "وقتل 12 شخصا في تفجير سيارة مفخخة في سوق بمدينة الحلة. وهذا أعنف هجوم في المدينة منذ أشهر." \
    'T == ["bombing"]'
# an international coalition strikes from the air when no word says how
check "coalition-air" "وقصف التحالف العربي مواقع الحوثيين في محافظة صعدة." \
    'T == ["airstrike"]'
# an agent marker (من قبل، على يد) with a noun before the party; it is the
# agent of the event before it, not of one told earlier in the sentence
check "agent-marker-noun" "وقتل خمسة مسلحين في قصف من قبل طائرات التحالف الدولي على مواقع تنظيم داعش في الرقة." \
    'A(one("airstrike")) == ["COALITION_IS"]'
# a ministry reporting a toll is the source, not the bomber; an armed force
# announcing its own act stays its actor
check "source-not-party" "وأعلنت وزارة الداخلية العراقية أمس أن حصيلة تفجير سيارة مفخخة في الكرادة ارتفعت إلى 40 قتيلا." \
    'A(one("bombing")) == []'
# a role noun right after the event noun, as definite as it, is its adjective
check "role-adjective" "وقتل 14 شخصا في هجوم إرهابي على سوق شعبي في مدينة قونية التركية." \
    'A(one("attack")) == []'
check "role-adjective-object" "وكان تنظيم داعش قد تبنى هجوما انتحاريا على مسجد في الكويت." \
    'A(one("claim-responsibility")) == ["ISIS"]'
# a clash with one side named gets that side's chief opponent
check "clash-other-side" "وقصفت المقاومة الشعبية مواقع الحوثيين في الضالع. وهاجمت المقاومة الشعبية تجمعات الحوثيين في قعطبة. وخاضت المقاومة الشعبية اشتباكات عنيفة في جبل العود." \
    '"HOUTHIS" in A(one("armed-clash")) and "YEMRESIST" in A(one("armed-clash"))'
# the subject of an agent verb past a relative pronoun or the weapon
check "agent-past-weapon" "وقتل جندي عراقي في هجوم بقذائف الهاون شنه مسلحو تنظيم داعش على ثكنة قرب بيجي." \
    'A(one("shelling")) == ["ISIS"] and R(one("shelling")) == ["IRQMIL"]'
check "agent-relative" "وقتل ثلاثة أطفال بالقذائف التي أطلقها مقاتلو المعارضة على حي سكني في مدينة حلب." \
    'A(one("shelling")) == ["SYRREB"]'
# a government strikes through its forces
check "government-forces" "وشنت الحكومة التركية غارات على مواقع حزب العمال الكردستاني في شمال العراق." \
    'A(one("airstrike")) == ["TURMIL"]'
check "opposition-forces" "وقتل أربعة مدنيين بقذائف صاروخية أطلقتها المعارضة على حي سكني في حلب السورية." \
    'A(one("shelling")) == ["SYRREB"]'
# a party with ل after a target noun owns the target, it does not act
check "target-owner" "وشنت طائرات التحالف العربي غارات على تجمع للحوثيين في محافظة الجوف." \
    'A(one("airstrike")) == ["COALITION_YE"] and R(one("airstrike")) == ["HOUTHIS"]'
# after the passive auxiliary the verbal noun's party is its object
check "passive-tamma" "وقال المتحدث إنه تم طرد عناصر تنظيم داعش من قرية الحمرية." \
    'A(one("seizure")) == [] and R(one("seizure")) == ["ISIS"]'
# a duration ago dates the event (the year, month, week or day it was)
check "ago-years" "ونفذت ناشطتان هجوما على مركز للشرطة في مدينة إزمير قبل 3 سنوات." \
    'one("attack")["date"]["start"] == "2012-01-01" and one("attack")["date"]["precision"] == "year"'
check "since-duration" "وتدور اشتباكات عنيفة بين الجيش السوري وتنظيم داعش في مدينة الحسكة منذ ثلاثة أيام." \
    'one("armed-clash")["date"]["start"] == "2015-07-19" and one("armed-clash")["date"]["end"] == "2015-07-22"'
# an armed party speaking of an act no one is named doing tells its own
check "source-party-act" "ونقلت المصادر عن مصدر في المقاومة الشعبية تأكيده الانسحاب من ثلاثة مواقع في محيط مدينة الضالع اليمنية." \
    'A(one("withdrawal")) == ["YEMRESIST"]'
# protesters no one names are civilians of the country
check "protesters-civilians" "ونفذ مئات الأشخاص اعتصاما أمام مبنى المحافظة في مدينة البصرة العراقية." \
    'A(one("protest")) == ["IRQCVL"]'
# the party after an intransitive noun of escape or retreat is its subject
check "escape-subject" "وأكد المصدر هروب عدد من قياديي تنظيم داعش من سجن بادوش في الموصل." \
    'A(one("prison-break")) == ["ISIS"] and R(one("prison-break")) == []'
# فجر before a day word is dawn, not a bombing
check "dawn-not-bombing" "وقصفت الطائرات الحربية البلدة منذ فجر الثلاثاء." \
    'T == ["airstrike"]'
# a place across a clause connective belongs to the other clause's incident
check "clause-place" "وقصفت قوات النظام بلدة الطيبة بالمدفعية الثقيلة، بينما خطف مسلحون مجهولون موظفا حكوميا في مدينة قدسيا." \
    'one("abduction")["location"]["text"] == "قدسيا"'
# a place set off by a comma is the setting; the place of the clause is the event's
check "comma-place" "وفي محافظة حلب، قصفت الطائرات الحربية تجمعات للمسلحين في بلدة عندان." \
    '"عندان" in one("airstrike")["location"]["text"]'
# one person named after a casualty word counts one
check "one-dead" "وقتل جندي عراقي في انفجار عبوة ناسفة جنوب بغداد." \
    'one("bombing")["counts"]["dead"] == 1'
check "one-dead-ahad" "وقصفت الطائرات مقرا للمسلحين في بيجي ما أدى إلى مقتل أحد قادتهم." \
    'one("airstrike")["counts"]["dead"] == 1'
# a word that is also a small town's name does not set the focus country
check "common-word-focus" "وشن مسلحون هجوما على مركز للشرطة أدى إلى مقتل عنصر أمني." \
    'all(not a["code"].startswith("ERI") for e in ev for a in e["actor"] + e["recipient"])'
check "pronoun-victim" "وأطلق المسلح النار على الضابط وقتله امام منزله في البصرة." \
    'all(e["counts"]["dead"] in (None, 1) for e in ev)'
# a name in brackets after a place is its other name: the place is named first
check "bracket-alias" "وعادت الحياة إلى مدينة كوباني (عين العرب) بعد اشتباكات عنيفة بين الوحدات الكردية وتنظيم داعش." \
    'one("armed-clash")["location"]["text"] == "كوباني"'
# unnamed Kurdish rebels in Turkey are the PKK (cues.tsv, by the focus country)
check "kurdish-rebels-turkey" "وقتل جندي تركي في هجوم بقذائف صاروخية شنه متمردون أكراد على دورية عسكرية في ولاية هكاري جنوب شرق تركيا." \
    'A(one("shelling")) == ["PKK"]'
# a list of places held by the place named after it: the event is placed there
check "list-container" "وقصفت قوات النظام بالمدفعية حي الشعار وحي الصاخور وحي الحيدرية في مدينة حلب." \
    'one("shelling")["location"]["text"] == "حلب"'
# the people counted, then the verb of their death
check "counted-then-dead" "وقالت المصادر إن 12 مسلحا حوثيا قتلوا بغارة شنتها طائرات التحالف على مواقعهم في صعدة." \
    'one("airstrike")["counts"]["dead"] == 12'
# a clash's tolls add up, one person of the other side too
check "clash-adds-one" "وقتل 7 من عناصر تنظيم داعش في اشتباكات مع الجيش العراقي قرب بيجي فيما قتل أحد الجنود." \
    'one("armed-clash")["counts"]["dead"] == 8'
# homes and residential quarters hit, no party named as the target: civilians
check "residential-target" "وقصفت قوات النظام بالمدفعية الثقيلة الأحياء السكنية في مدينة درعا السورية." \
    'R(one("shelling")) == ["SYRCVL"]'
check "residential-undergoes" "وتعرضت منازل المواطنين في بلدة الطيبة بريف درعا السورية لقصف عنيف." \
    'R(one("shelling")) == ["SYRCVL"] and one("shelling")["modality"] == "asserted"'
# an event word in an idiom names no event
check "idiom-restraint" "وحث الاتحاد الأوروبي الحكومة التركية على ضبط النفس في حملتها العسكرية جنوب شرق تركيا." \
    '"seizure" not in T and "seize-property" not in T'
check "idiom-poll" "وأظهر استطلاع للرأي نشرته صحيفة تركية أمس تراجع شعبية الحزب الحاكم." \
    '"surveillance" not in T'
# a movement's destination is named in its own clause
check "clause-destination" "وانسحب مقاتلو التنظيم من بلدة تل أبيض، فيما نقلت القوات الأمريكية معتقلين باتجاه مدينة الحسكة." \
    'one("withdrawal")["destination"] is None'
check "eleven-not-one" "ودارت اشتباكات عنيفة بين الجيش ومسلحي داعش في بيجي أسفرت عن مقتل أحد عشر مسلحا." \
    'one("armed-clash")["counts"]["dead"] == 11'
# the party holding the areas hit is the target; the opposition struck is the armed one
check "held-areas" "وتقصف قوات النظام السوري يوميا مناطق تقع تحت سيطرة المعارضة في ريف درعا." \
    'R(one("shelling")) == ["SYRREB"]'
# تابعة لـ after a site hit names its owner, the target (after the means, the agent)
check "site-owner" "وشن مسلحون مجهولون هجوما على نقطة تفتيش تابعة للجيش العراقي في بعقوبة." \
    'R(one("attack")) == ["IRQMIL"]'
# a strike noun with a nationality adjective is that country's forces
check "strike-nationality" "وقتل 12 مدنيا في مدينة إدلب السورية جراء الضربات الجوية الروسية أمس." \
    'A(one("airstrike")) == ["RUSMIL"] and R(one("airstrike")) == ["SYRCVL"]'
# only modalities set a modality (an idiom word after the event noun is not one)
check "idiom-not-modality" "ونظم المئات مظاهرة حاشدة نفس اليوم في مدينة حمص." \
    'one("protest")["modality"] == "asserted"'
# another movement's destination is not this one's (unless joined to it by و)
check "other-movement-destination" "وأكد المصدر هروب عشرات السجناء من سجن بادوش قبل نقل الحراس إلى مدينة الموصل." \
    'one("prison-break")["destination"] is None and one("prisoner-transfer")["destination"]["text"] == "الموصل"'
finish
