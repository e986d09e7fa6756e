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
check "bain-preposition" "قتل 9 أشخاص بينهم 5 مدنيين في انفجار عبوة ناسفة في بغداد." \
    'one("bombing")["attribution"]["source_type"] == "outlet"'
check "bain-verb" "وبين المصدر الأمني أن مسلحين اختطفوا ثلاثة جنود في بغداد." \
    'one("abduction")["attribution"]["source_type"] == "official"'
# a quotation ends the report's reach at its closing quote
check "quote-end" 'وقال الوزير للصحافيين "إن العمليات بدأت في المطار" الذي استعادته القوات الموالية للحكومة الأسبوع الماضي.' \
    'one("seizure")["modality"] == "asserted" and one("seizure")["attribution"]["source_type"] == "outlet"'
check "quote-goes-on" 'وقال مصدر أمني إن "هيئة تحقيقية تشكلت بعد الحادث"، مبينا أنه "تم توقيف 11 عنصرا من المفرزة".' \
    'one("arrest")["modality"] == "claimed"'
# فر from a front is a withdrawal, from a prison a prison-break
check "flee-front" "وفر العشرات من مسلحي الحوثي باتجاه محافظة لحج." 'T == ["withdrawal"]'
check "flee-prison" "وفر عشرات السجناء من سجن الحلة المركزي." 'T == ["prison-break"]'
# the dead of a toll are the targets, not the actors
check "victims" "قتل 9 من ميليشيات الحوثي وقوات صالح في هجوم للمقاومة الشعبية في مأرب." \
    'A(one("attack")) == ["YEMRESIST"] and "HOUTHIS" in R(one("attack")) and "SALEHFORCES" not in A(one("attack"))'
# the subject of an agent verb after the event noun made it
check "agent-verb" "وأحبطت المقاومة هجوما شنه مسلحون حوثيون على مواقعها في مأرب." \
    '"HOUTHIS" in A(one("attack"))'
# a strike noun in construct with a party
check "construct-actor" "واستهدفت غارات التحالف العربي مواقع للحوثيين في صعدة." \
    'A(one("airstrike")) == ["COALITION_YE"] and R(one("airstrike")) == ["HOUTHIS"]'
# a number's casualty word is the nearest; a number joined by و adds to the count
check "nearest-casualty" "وارتفعت حصيلة قتلى القذائف الصاروخية في دمشق إلى 11 قتيلا وأصيب 46 شخصا." \
    'one("shelling")["counts"]["dead"] == 11 and one("shelling")["counts"]["injured"] == 46'
check "summed-count" "وتسببت الاشتباكات في حلب بمقتل 10 عناصر من التنظيم و18 مقاتلا من الفصائل." \
    'one("armed-clash")["counts"]["dead"] == 28'
# غارة أخرى is a new strike, not the one told before
check "another" "وقتل 3 مسلحين في غارة لطيران التحالف على جبهة الجفينة. وأعطبت غارة أخرى 4 أطقم عسكرية في جبهة الجفينة." \
    'T.count("airstrike") == 2'
# modality: a negation with an exception restricts; purposes and aims are future
check "except" "ولم تسجل رسميا حتى الآن سوى ثلاث غارات تركية على مواقع التنظيم في سوريا." \
    'one("airstrike")["modality"] == "asserted"'
check "purpose" "ويحاول التنظيم التقدم للسيطرة على قرى في ريف حلب." \
    'one("seizure")["modality"] == "future"'
check "aim-joined" "وأوضح أن العملية العسكرية تهدف إلى اقتحام مدينة درنة والسيطرة عليها." \
    'len(ev) >= 1 and all(e["modality"] == "future" for e in ev)'
check "warrant" "وأصدرت محكمة استئناف ديالى مذكرة قبض بحق مالك السيارة المفخخة." \
    'one("arrest")["modality"] == "future"'
# a past verb read through its noun (سيطرت / سيطرة) takes its subject as the actor
check "verb-through-noun" "وفي تعز اليمنية، سيطرت المقاومة الشعبية على جبل منيف." \
    'A(one("seizure")) == ["YEMRESIST"] and R(one("seizure")) == []'
# بحسب: the source follows the particle; the outlet's correspondent is its own voice
check "particle-source" "وشهدت أطراف عدن معارك عنيفة بين الحوثيين وقوات المقاومة الشعبية، بحسب ما أفاد مراسلنا." \
    'one("armed-clash")["attribution"]["source_type"] == "correspondent" and one("armed-clash")["modality"] == "asserted"'
# targets: the ranks hit, the party ground is taken from
check "ranks" "وقصفت المقاومة الشعبية قاعدة العند بالصواريخ، ما أوقع خسائر في صفوف الحوثيين." \
    '"HOUTHIS" in R(one("shelling"))'
check "taken-from" "وتمكنت القوات العراقية من تحرير قرى في الرمادي من تنظيم داعش." \
    'R(one("seizure")) == ["ISIS"]'
# after midnight of Sunday night is Monday (published Wednesday 2015-07-22)
check "after-midnight" "واستهدف هجوم بسيارة مفخخة مركزا للشرطة في إسطنبول بعد منتصف ليل الأحد." \
    'one("bombing")["date"]["start"] == "2015-07-20"'
# a government's forces are its military; the patron of loyal forces is not a party
check "forces-of-government" "وفي تعز اليمنية، هاجمت قوات الشرعية مواقع للحوثيين." \
    'A(one("attack")) == ["YEMMIL"]'
check "loyal-forces" "واستعادت القوات الموالية للحكومة اليمنية مطار عدن من الحوثيين." \
    '"YEMGOV" not in A(one("seizure")) + R(one("seizure"))'
# after a voice word ل + a verbal noun is what was undergone, not a purpose
check "undergone" "وتتعرض مواقع التنظيم لقصف متجدد من قبل طائرات التحالف في الرقة." \
    'T == ["airstrike"]'
# a front located from a town is at that town: its clashes are one event
check "located-from" "واندلعت مواجهات بين الحوثيين والمقاومة الشعبية في مأرب اليمنية. وقالت مصادر محلية إن مواجهات عنيفة اندلعت بين الطرفين في منطقة الجفينة جنوب غرب مأرب." \
    'T.count("armed-clash") == 1'
# the speaker is not named after the complement, nor is the addressee
check "after-complement" "وقال المتحدث باسم الجيش الليبي إن القوات تتقدم في درنة. وأفاد بأن مسلحي تنظيم داعش يتراجعون أمام قوات الجيش الليبي في درنة." \
    'one("withdrawal")["attribution"]["source_type"] == "official"'
# a person the dictionaries lack is typed by the party named after him, not by his title
check "affiliation" "وقال الشيخ سالم العبيدي رئيس مجلس المقاومة الشعبية في محافظة تعز اليمنية إن المقاومة سيطرت على جبل صبر." \
    'one("seizure")["attribution"]["source_type"] == "organization"'
# an armed group's arrest is a capture (abduction); a state's is an arrest
check "capture" "وفي عدن اليمنية ألقت المقاومة الشعبية القبض على عشرة من مسلحي الحوثي." 'T == ["abduction"]'
check "arrest" "واعتقلت الشرطة العراقية خمسة أشخاص في بغداد." 'T == ["arrest"]'
# a neighbourhood the gazetteer lacks, named with its town, is in that town
check "neighbourhood-in-town" "وسقطت قذيفة صاروخية على حلب. وقتل خمسة أطفال إثر سقوط قذيفة صاروخية على منزلهم في حي الشهباء الخاضع لسيطرة قوات النظام بمدينة حلب." \
    'T.count("shelling") == 1'
finish
