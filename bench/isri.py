#!/usr/bin/python3
"""isri.py FILE -- the Python peer of bench/run.sh: stems every
whitespace-separated token of FILE with NLTK's ISRI Arabic stemmer (Debian
python3-nltk), the way a user would in Python, and prints the number of
tokens and the characters of their stems."""
import sys

from nltk.stem.isri import ISRIStemmer


def main():
    st = ISRIStemmer()
    tokens = chars = 0
    with open(sys.argv[1], encoding="utf-8", errors="replace") as f:
        for line in f:
            for w in line.split():
                chars += len(st.stem(w))
                tokens += 1
    print("%d tokens, %d characters of stems" % (tokens, chars))


if __name__ == "__main__":
    main()
