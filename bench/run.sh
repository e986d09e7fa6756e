#!/bin/sh
# run.sh -- marsad's throughput benchmark (issue 7; results in bench/README.md).
#
# Reads the corpus in place (31,012 articles of SaudiNewsNet 2015, JSON Lines,
# gzip'd) and writes the plain-text concatenation of its texts under $WORK for
# the peers; builds marsad in Release; then measures, RUNS times each,
# interleaved, and reports the median:
#   - per stage, with bench/stages.c (the library's public calls, CPU time of
#     the measuring thread, reading and gunzip excluded);
#   - end to end, `marsad extract -j 1` and `-j 2` on the .jsonl.gz: wall time,
#     CPU time, peak RSS (/usr/bin/time);
#   - peers on the same text: `wc -w` (the scan floor), Snowball's Arabic
#     stemmer (bench/snowball.c, libstemmer) and NLTK's ISRI stemmer
#     (bench/isri.py, python3-nltk), each with its startup time (the same
#     command on an empty input) subtracted, as cmark's benchmark does.
# MB are 10^6 bytes of article text (the "text" fields, UTF-8).
# Writes $WORK/results.md and prints it.
#
# usage: bench/run.sh
# environment: RUNS (3), CORPUS, WORK (/tmp/marsad-bench), BUILD (build-perf),
#              PEERS (1; 0 measures marsad only),
#              NER_MODEL (a tagger model; default data/ner-model.bin, else one
#              trained on ../shared/data/ner/anercorp.train.conll with seed 1)
set -eu
cd "$(dirname "$0")/.."
SRC=$(pwd)
RUNS=${RUNS:-3}
CORPUS=${CORPUS:-$SRC/../shared/data/news/saudinewsnet-2015.jsonl.gz}
WORK=${WORK:-/tmp/marsad-bench}
BUILD=${BUILD:-$SRC/build-perf}
PEERS=${PEERS:-1}
PY=/usr/bin/python3 # Debian's python3, where python3-nltk lives
TIME=/usr/bin/time
mkdir -p "$WORK"
note() { echo "bench: $*" >&2; }

[ -r "$CORPUS" ] || { note "no corpus at $CORPUS"; exit 1; }
[ -x "$TIME" ] || { note "needs GNU time (/usr/bin/time; Debian package time)"; exit 1; }

# ---- build ----
note "building marsad (Release) in $BUILD"
cmake -S "$SRC" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DMARSAD_WERROR=OFF >/dev/null
cmake --build "$BUILD" -j"$(nproc)" --target marsad-cli >/dev/null
M=$BUILD/marsad
LIBS=$(pkg-config --libs libutf8proc jansson zlib)
if pkg-config --exists sqlite3; then LIBS="$LIBS $(pkg-config --libs sqlite3)"; fi
# shellcheck disable=SC2086
cc -O2 -std=c17 -D_POSIX_C_SOURCE=200809L -I"$SRC/include" "$SRC/bench/stages.c" \
    "$BUILD/libmarsad.a" $LIBS -lpthread -lm -o "$WORK/stages"
HAVE_SNOWBALL=0
if cc -O2 -std=c17 "$SRC/bench/snowball.c" -lstemmer -o "$WORK/snowball" 2>/dev/null; then
    HAVE_SNOWBALL=1
else
    note "libstemmer-dev missing: the Snowball peer is skipped"
fi
HAVE_ISRI=0
if $PY -c 'import nltk.stem.isri' 2>/dev/null; then
    HAVE_ISRI=1
else
    note "python3-nltk missing: the ISRI peer is skipped"
fi

# ---- corpus ----
note "preparing $WORK/corpus.txt"
$PY - "$CORPUS" "$WORK" <<'EOF'
import gzip, json, sys
corpus, work = sys.argv[1], sys.argv[2]
docs = nbytes = 0
opener = gzip.open if corpus.endswith(".gz") else open
with opener(corpus, "rt", encoding="utf-8") as f, \
        open(work + "/corpus.txt", "w", encoding="utf-8") as out:
    for line in f:
        line = line.strip()
        if not line:
            continue
        t = json.loads(line).get("text")
        if not isinstance(t, str):
            continue
        out.write(t)
        out.write("\n\n")
        docs += 1
        nbytes += len(t.encode("utf-8"))
with open(work + "/corpus.stats", "w") as s:
    s.write("%d %d\n" % (docs, nbytes))
EOF
read -r DOCS TEXT_BYTES <"$WORK/corpus.stats"
: >"$WORK/empty.txt"
: >"$WORK/empty.jsonl"

# ---- the tagger model ----
NER=${NER_MODEL:-}
NER_NOTE=""
if [ -z "$NER" ] && [ -f "$SRC/data/ner-model.bin" ]; then NER=$SRC/data/ner-model.bin; fi
if [ -z "$NER" ] && [ -f "$SRC/../shared/data/ner/anercorp.train.conll" ] &&
    "$M" train-ner --seed 1 --out "$WORK/ner-model.bin" \
        "$SRC/../shared/data/ner/anercorp.train.conll" >/dev/null 2>&1; then
    NER=$WORK/ner-model.bin
    NER_NOTE="(no shipped model: one trained by \`marsad train-ner --seed 1\` on ANERcorp's training file; tagging speed does not depend on the weights)"
fi
NER_ARG=""
[ -n "$NER" ] && NER_ARG="--ner $NER"

# ---- measurements ----
# timeit LABEL CMD...: one run; appends "LABEL wall user sys maxrss_kb" to times.tsv
timeit() {
    label=$1
    shift
    "$TIME" -f "%e %U %S %M" -o "$WORK/time.out" "$@" >/dev/null 2>"$WORK/stderr.out" || {
        note "failed: $*"
        cat "$WORK/stderr.out" >&2
        exit 1
    }
    echo "$label $(tail -n 1 "$WORK/time.out")" >>"$WORK/times.tsv"
}

LOAD_BEFORE=$(uptime | sed 's/.*load average: //')
: >"$WORK/times.tsv"
r=1
while [ "$r" -le "$RUNS" ]; do
    note "run $r of $RUNS"
    # shellcheck disable=SC2086
    "$WORK/stages" "$CORPUS" $NER_ARG >"$WORK/stages.$r.tsv"
    timeit marsad-start "$M" extract "$WORK/empty.jsonl"
    timeit marsad-j1 "$M" extract -j 1 "$CORPUS"
    timeit marsad-j2 "$M" extract -j 2 "$CORPUS"
    if [ "$PEERS" = 1 ]; then
        timeit wc-start wc -w "$WORK/empty.txt"
        timeit wc wc -w "$WORK/corpus.txt"
    fi
    if [ "$PEERS" = 1 ] && [ "$HAVE_SNOWBALL" = 1 ]; then
        timeit snowball-start "$WORK/snowball" "$WORK/empty.txt"
        timeit snowball "$WORK/snowball" "$WORK/corpus.txt"
    fi
    if [ "$PEERS" = 1 ] && [ "$HAVE_ISRI" = 1 ]; then
        timeit isri-start $PY "$SRC/bench/isri.py" "$WORK/empty.txt"
        timeit isri $PY "$SRC/bench/isri.py" "$WORK/corpus.txt"
    fi
    r=$((r + 1))
done
LOAD_AFTER=$(uptime | sed 's/.*load average: //')

# ---- report ----
# med LABEL FIELD: the median of a field (2 wall, 3 user, 4 sys, 5 rss) over the runs
med() {
    awk -v l="$1" -v f="$2" '$1 == l { print $f }' "$WORK/times.tsv" | sort -g |
        awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
cpu() { # median of user + sys
    awk -v l="$1" '$1 == l { print $3 + $4 }' "$WORK/times.tsv" | sort -g |
        awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
maxrss() { awk -v l="$1" '$1 == l && $5 > m { m = $5 } END { print m + 0 }' "$WORK/times.tsv"; }
# stage_med STAGE: the median CPU seconds of a stage over the runs
stage_med() {
    for f in "$WORK"/stages.*.tsv; do awk -v s="$1" '$1 == s { print $4 }' "$f"; done | sort -g |
        awk '{ v[NR] = $1 } END { if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

MB=$(awk -v b="$TEXT_BYTES" 'BEGIN { printf "%.1f", b / 1e6 }')
CORPUS_MB=$(awk -v b="$(wc -c <"$WORK/corpus.txt")" 'BEGIN { printf "%.1f", b / 1e6 }')
CPU_MODEL=$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -n 1)
CORES=$(nproc)
{
    echo "## Results ($(date -u '+%Y-%m-%d %H:%M UTC'))"
    echo
    echo "Machine: $CPU_MODEL, $CORES cores online ($(uname -sr)); load average before: $LOAD_BEFORE; after: $LOAD_AFTER."
    echo "Corpus: $DOCS articles, $MB MB of article text ($(basename "$CORPUS"), read in place);"
    echo "peers read the same texts concatenated ($CORPUS_MB MB with the blank lines between articles)."
    echo "Medians of $RUNS runs."
    echo
    echo "Versions: marsad $("$M" --version 2>/dev/null | head -n 1 | sed 's/^marsad //');"
    echo "$(cc --version | head -n 1); utf8proc $(pkg-config --modversion libutf8proc); jansson $(pkg-config --modversion jansson); zlib $(pkg-config --modversion zlib);"
    echo "libstemmer $(dpkg-query -W -f='${Version}' libstemmer-dev 2>/dev/null || echo '?'); $($PY --version 2>&1); NLTK $($PY -c 'import nltk; print(nltk.__version__)' 2>/dev/null || echo '?'); $(wc --version | head -n 1)."
    echo
    echo "### Per stage (bench/stages.c, one thread, CPU time)"
    echo
    echo "| stage | CPU s | MB/s (CPU) | documents/s (CPU) |"
    echo "|---|---:|---:|---:|"
    for s in repair normalize text ner doc render; do
        c=$(stage_med "$s")
        [ -n "$c" ] || continue
        case $s in
        repair) name="decode (UTF-8 repair)" ;;
        normalize) name="normalize (all folds, whole text)" ;;
        text) name="**text core**: decode + normalize + tokenize + sentences + clitics + numbers (marsad_text_new)" ;;
        ner) name="NER tagger (marsad_ner_tag_text) $NER_NOTE" ;;
        doc) name="all analysis stages (marsad_doc_new)" ;;
        render) name="JSON writing (marsad_doc_render)" ;;
        esac
        awk -v n="$name" -v c="$c" -v mb="$MB" -v d="$DOCS" \
            'BEGIN { printf "| %s | %.2f | %.1f | %.0f |\n", n, c, mb / c, d / c }'
        if [ "$s" = doc ]; then
            t=$(stage_med text)
            awk -v c="$c" -v t="$t" -v mb="$MB" -v d="$DOCS" \
                'BEGIN { x = c - t; printf "| KB matching + resolution + extraction (doc - text) | %.2f | %.1f | %.0f |\n", x, mb / x, d / x }'
        fi
    done
    echo
    echo "### End to end (\`marsad extract\` on the .jsonl.gz, records to /dev/null)"
    echo
    echo "| threads | wall s | MB/s (wall) | documents/s (wall) | CPU s | MB/s (CPU) | peak RSS MB | speed-up (wall) |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
    st=$(med marsad-start 2)
    w1=$(med marsad-j1 2)
    for j in 1 2; do
        w=$(med marsad-j$j 2)
        c=$(cpu marsad-j$j)
        rss=$(maxrss marsad-j$j)
        awk -v j="$j" -v w="$w" -v st="$st" -v c="$c" -v rss="$rss" -v mb="$MB" -v d="$DOCS" -v w1="$w1" \
            'BEGIN { x = w - st; printf "| %d | %.1f | %.2f | %.0f | %.1f | %.2f | %.0f | %.2fx |\n", j, x, mb / x, d / x, c, mb / c, rss / 1024, (w1 - st) / x }'
    done
    awk -v st="$st" -v rss="$(maxrss marsad-start)" 'BEGIN { printf "\nStartup (an empty input, subtracted above): %.3f s, %.0f MB.\n", st, rss / 1024 }'
    echo
    if [ "$PEERS" = 1 ]; then
        echo "### Peers on the same text (startup subtracted)"
        echo
        echo "| program | wall s | CPU s | startup s | MB/s (wall) | MB/s (CPU) | documents/s (CPU) | peak RSS MB |"
        echo "|---|---:|---:|---:|---:|---:|---:|---:|"
        for p in wc snowball isri; do
            grep -q "^$p " "$WORK/times.tsv" || continue
            case $p in
            wc) name="\`wc -w\` (the scan floor)" ;;
            snowball) name="Snowball Arabic stemmer, C (bench/snowball.c)" ;;
            isri) name="NLTK ISRI stemmer, Python (bench/isri.py)" ;;
            esac
            w=$(med "$p" 2)
            s=$(med "$p-start" 2)
            c=$(cpu "$p")
            cs=$(cpu "$p-start")
            awk -v n="$name" -v w="$w" -v s="$s" -v c="$c" -v cs="$cs" -v mb="$MB" -v d="$DOCS" -v rss="$(maxrss "$p")" \
                'BEGIN { x = w - s; if (x <= 0) x = 0.001; y = c - cs; if (y <= 0) y = 0.001
                         printf "| %s | %.2f | %.2f | %.3f | %.1f | %.1f | %.0f | %.0f |\n", n, x, y, s, mb / x, mb / y, d / y, rss / 1024 }'
        done
        echo
    fi
    echo "Commands (each run):"
    echo
    echo '```'
    # shellcheck disable=SC2086
    echo "$WORK/stages $CORPUS $NER_ARG"
    echo "$TIME -f '%e %U %S %M' $M extract -j 1 $CORPUS >/dev/null"
    echo "$TIME -f '%e %U %S %M' $M extract -j 2 $CORPUS >/dev/null"
    echo "$TIME -f '%e %U %S %M' $M extract $WORK/empty.jsonl"
    echo "$TIME -f '%e %U %S %M' wc -w $WORK/corpus.txt"
    [ "$HAVE_SNOWBALL" = 1 ] && echo "$TIME -f '%e %U %S %M' $WORK/snowball $WORK/corpus.txt"
    [ "$HAVE_ISRI" = 1 ] && echo "$TIME -f '%e %U %S %M' $PY bench/isri.py $WORK/corpus.txt"
    echo "(and each peer on $WORK/empty.txt for its startup)"
    echo '```'
} >"$WORK/results.md"
cat "$WORK/results.md"
