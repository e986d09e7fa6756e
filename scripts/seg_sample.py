#!/usr/bin/env python3
"""Draw a reproducible sample of word tokens for judging marsad's clitic
segmentation (docs/segmentation.md).

Reads a news corpus at run time (gzip JSON Lines with fields id and text),
draws ARTICLES articles with a fixed seed, runs `marsad tokenize` on them and
draws word tokens in three strata (defaults: 300, 200, 100; seed 2015,
150 articles):

  split  tokens where marsad split something (segmentation has '+');
  whole  tokens that marsad left whole although the word begins with one of
         و ف ب ك ل س or ends with a pronoun enclitic
         (ه ها هم هما هن ك كم كن كما نا ني ي);
  al     further tokens left whole that begin with ال (four letters or more)
         and are not in the whole stratum: a supplement, since the article
         is not among the letters of the whole stratum.

Words are taken as the tokenizer's `word` tokens written in Arabic letters
only, compared after removing harakat and tatweel.  Within each stratum
every token of the sampled articles has the same chance (a token-level
sample: frequent words weigh as much as they do in the news).

stdout: a TSV sheet, one sampled token a line (split stratum first, each
stratum in sampling order): n, stratum, word, marsad segmentation, and an
empty judgement column.  With --context FILE, the same lines with the
article id and the five words either side go to FILE (for the judge only;
keep it out of the repository: it holds corpus text).

usage: scripts/seg_sample.py [--seed N] [--articles N] [--split N] [--whole N]
           [--al N] [--marsad PATH] [--kb-dir DIR] [--context FILE]
           [CORPUS.jsonl.gz]
"""
import argparse
import gzip
import json
import os
import random
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CORPUS = os.path.join(HERE, "..", "..", "shared", "data", "news",
                              "saudinewsnet-2015.jsonl.gz")
DEFAULT_MARSAD = os.path.join(HERE, "..", "build-seg", "marsad")

MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
ARABIC_WORD = re.compile("^[\u0621-\u064a\u0671]+$")
PROCLITIC_LETTERS = tuple("وفبكلس")
ENCLITICS = ("ه", "ها", "هم", "هما", "هن", "ك", "كم", "كن", "كما", "نا", "ني", "ي")
WINDOW = 5


def plain(w):
    return MARKS.sub("", w)


def read_articles(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                rec = json.loads(line)
                if rec.get("text"):
                    yield rec["id"], rec["text"]


def tokenize(marsad, texts, kb_dir=None):
    """Run `marsad tokenize` on the texts; return one token list per text,
    each token (kind, text, segmentation)."""
    with tempfile.TemporaryDirectory(prefix="seg_sample.") as tmp:
        paths = []
        for i, t in enumerate(texts):
            p = os.path.join(tmp, "%05d.txt" % i)
            with open(p, "w", encoding="utf-8") as f:
                f.write(t)
            paths.append(p)
        cmd = [marsad, "tokenize"] + (["--kb-dir", kb_dir] if kb_dir else [])
        out = subprocess.run(cmd + paths, check=True,
                             stdout=subprocess.PIPE).stdout.decode("utf-8")
    index = {p: i for i, p in enumerate(paths)}
    result = [[] for _ in texts]
    cur = None if len(paths) > 1 else result[0]
    for line in out.split("\n"):
        if not line:
            continue
        if line.startswith("# "):
            cur = result[index[line[2:]]]
            continue
        f = line.split("\t")
        cur.append((f[3], f[4], f[6]))
    return result


def stratum(text, seg):
    w = plain(text)
    if not ARABIC_WORD.match(w):
        return None
    if "+" in seg:
        return "split"
    if w.startswith(PROCLITIC_LETTERS) or w.endswith(ENCLITICS):
        return "whole"
    if w.startswith("ال") and len(w) >= 4:
        return "al"
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="?", default=DEFAULT_CORPUS)
    ap.add_argument("--seed", type=int, default=2015)
    ap.add_argument("--articles", type=int, default=150)
    ap.add_argument("--split", type=int, default=300)
    ap.add_argument("--whole", type=int, default=200)
    ap.add_argument("--al", type=int, default=100)
    ap.add_argument("--marsad", default=DEFAULT_MARSAD)
    ap.add_argument("--kb-dir", help="passed to marsad tokenize (data files "
                    "read at run time instead of the built-in copy)")
    ap.add_argument("--context", help="write each token's context here")
    a = ap.parse_args()

    rng = random.Random(a.seed)
    articles = list(read_articles(a.corpus))
    picked = sorted(rng.sample(range(len(articles)), a.articles))
    ids = [articles[i][0] for i in picked]
    toks = tokenize(a.marsad, [articles[i][1] for i in picked], a.kb_dir)

    pools = {"split": [], "whole": [], "al": []}
    for ai, tl in enumerate(toks):
        words = [(j, t) for j, t in enumerate(tl) if t[0] == "word"]
        for wi, (j, t) in enumerate(words):
            s = stratum(t[1], t[2])
            if s:
                pools[s].append((ai, wi))
    wordlists = [[t for t in tl if t[0] == "word"] for tl in toks]

    n = 0
    ctx = open(a.context, "w", encoding="utf-8") if a.context else None
    out = sys.stdout
    out.write("n\tstratum\tword\tsegmentation\tjudgement\n")
    for name, want in (("split", a.split), ("whole", a.whole), ("al", a.al)):
        pool = pools[name]
        if len(pool) < want:
            sys.exit("seg_sample: only %d %s tokens in the sampled articles"
                     % (len(pool), name))
        for ai, wi in rng.sample(pool, want):
            n += 1
            t = wordlists[ai][wi]
            out.write("%d\t%s\t%s\t%s\t\n" % (n, name, plain(t[1]), t[2]))
            if ctx:
                ws = wordlists[ai]
                left = " ".join(x[1] for x in ws[max(0, wi - WINDOW):wi])
                right = " ".join(x[1] for x in ws[wi + 1:wi + 1 + WINDOW])
                ctx.write("%d\t%s\t%s\t%s\t%s [[%s]] %s\n"
                          % (n, name, ids[ai], t[2], left, t[1], right))
    sys.stderr.write("seg_sample: seed %d, %d articles, %d word tokens; pools: "
                     "%d split, %d whole, %d al\n"
                     % (a.seed, a.articles, sum(len(w) for w in wordlists),
                        len(pools["split"]), len(pools["whole"]), len(pools["al"])))
    if ctx:
        ctx.close()


if __name__ == "__main__":
    main()
