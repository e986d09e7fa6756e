#!/bin/sh
# kb_test.sh MARSAD SRCDIR -- marsad kb build/info, loading a compiled file,
# rejecting a corrupt one and a malformed data line (file:line, exit 1).
. "$(dirname "$0")/lib.sh" "$@"

"$M" kb build --data "$SRC/data" -o "$T/kb.bin" && ok || bad "kb build"
"$M" kb info --kb "$T/kb.bin" >"$T/info" && ok || bad "kb info"
grep -q '^places	[0-9][0-9]*' "$T/info" && ok || bad "kb info lists places"
"$M" kb info >"$T/info2" && cmp -s "$T/info" "$T/info2" && ok || bad "built-in KB equals the built file"
printf 'الحسكة' | "$M" entities --kb "$T/kb.bin" | grep -q 'geonames:173811' && ok || bad "entities with --kb"
# a truncated file and a flipped byte are refused with a clear error
head -c 100000 "$T/kb.bin" >"$T/cut.bin"
"$M" kb info --kb "$T/cut.bin" 2>"$T/err" && bad "truncated KB accepted" || ok
grep -q 'truncated or corrupt' "$T/err" && ok || bad "truncated KB message"
cp "$T/kb.bin" "$T/flip.bin"
printf 'X' | dd of="$T/flip.bin" bs=1 seek=5000 conv=notrunc 2>/dev/null
"$M" kb info --kb "$T/flip.bin" 2>"$T/err" && bad "corrupt KB accepted" || ok
grep -q 'checksum' "$T/err" && ok || bad "checksum message"
# a malformed data line names file:line and fails the build
mkdir "$T/data" && cp "$SRC"/data/*.tsv "$SRC"/data/*.txt "$T/data/"
printf 'marsad:bad\tمكان\t\tBad\tnorth\t40\tSYR\ttown\t\t\t4\ttest\n' >>"$T/data/places-extra.tsv"
"$M" kb build --data "$T/data" -o "$T/x.bin" 2>"$T/err" && bad "bad data accepted" || ok
grep -q 'places-extra.tsv:[0-9]*: bad coordinates' "$T/err" && ok || bad "data error names file:line"
# a country after a place is its adjective, not the rest of one name; ب on
# a common word is not a locative
printf 'قصفت الطائرات مدينة حلب السورية.' | "$M" entities | grep -q 'geonames:170063' && ok || bad "حلب السورية resolves حلب"
printf 'ويستخدم كذلك بدرجة اقل المدفعية في ريف حلب السورية.' | "$M" entities | grep -q 'بدرجة' && bad "بدرجة taken as a place" || ok
# a context word right after a place cue names the place (منطقة القاعدة in Taiz)
printf 'وقصفت مقاتلات التحالف مواقع في منطقة القاعدة بمحافظة تعز اليمنية.' | "$M" entities | grep -q 'AQAP' && bad "منطقة القاعدة taken as al-Qaeda" || ok
# the dual of a kind word (مدينتي حلب وإدلب) is a cue, not a place
printf 'وسقطت قذائف على مدينتي حلب وإدلب السوريتين.' | "$M" entities | grep -q 'مدينتي' && bad "مدينتي taken as a place" || ok
# a direction after a kind word describes a region (عاصمة الشمال); تلك is not تل + ك
printf 'وبعد أشهر من المعارك استعادت القوات الحكومية مدينة حلب عاصمة الشمال السوري من الفصائل.' | "$M" entities | grep -q 'عاصمة الشمال' && bad "عاصمة الشمال taken as a place" || ok
printf 'واندلعت بعد تلك الاشتباكات مواجهات جديدة في ريف إدلب.' | "$M" entities | grep -q 'تلك' && bad "تلك الاشتباكات taken as a place" || ok
# a word that is also a town's name does not make the focus country (أدى، Eritrea)
printf 'وشن مسلحون هجوما على مركز للشرطة أدى إلى مقتل عنصر أمني.' | "$M" entities | grep -q 'ERI' && bad "أدى set the focus country" || ok
# a function word (وفي 'and in') is no vote for a place (Alofi, الوفی)
printf 'وفي مدينة داريا شن الطيران الحربي أكثر من 12 غارة على أحياء المدينة.' | "$M" entities | grep -q 'SYRMIL' && ok || bad "وفي voted for the focus country"
finish
