"""Fuzz every reader: random, truncated and mutated inputs must end in a SverkaError (one line
for the user), never another exception (a traceback, exit 70).

Seeds: the bad-input corpus (tests/data/bad, tolerated/ too), the bundled article, glossaries
and WMT XML, a settings file. Each run picks a reader (text with detected or forced encoding,
glossary read + lint, PO read or opened as a review, WMT XML, score lines plain or .gz,
settings), mutates a seed (cuts, special bytes, flips, repeats, random bytes, line ends) and
reads it. Reproduce: ``.venv/bin/python bench/reliability/fuzz_readers.py SECONDS SEED``;
prints the runs, every unexpected exception (saved as crash-N.ext in the work folder) and
reads over 2 s.
"""

import collections
import gzip
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

from sverka.errors import SverkaError
from sverka.glossary import lint
from sverka.io.glossary import read_glossary
from sverka.io.po import read_po
from sverka.io.text import check_language, read_text
from sverka.io.wmt import read_wmt
from sverka.reviewfile import open_review
from sverka.score import read_lines
from sverka.tui.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]
seeds = {}
for p in list((ROOT / "tests/data/bad").glob("*-*.*")) + list(
    (ROOT / "tests/data/bad/tolerated").glob("*")
):
    seeds.setdefault(p.suffix, []).append(p.read_bytes())
seeds[".txt"] += [
    (ROOT / "corpora/kazakhstan-2022/ru.txt").read_bytes()[:4000],
    (ROOT / "corpora/kazakhstan-2022/en.txt").read_bytes()[:4000],
]
for g in (ROOT / "glossary").glob("*.*"):
    seeds.setdefault(g.suffix, []).append(g.read_bytes()[:6000])
wmt = list((ROOT / "corpora").rglob("*.xml"))
if wmt:
    seeds.setdefault(".xml", []).append(wmt[0].read_bytes()[:20000])
seeds[".toml"] = [
    *seeds.get(".toml", []),
    b'theme = "textual-light"\n[keys]\naccept-next = "ctrl+j,f8"\n',
]
SPECIAL = [
    b"\0",
    b"\xff",
    b"\xfe\xff",
    b"\xef\xbb\xbf",
    b"\r",
    b"\n",
    b'"',
    b"\\",
    b"<",
    b">",
    b"&",
    b"]]>",
    b"<!DOCTYPE x>",
    b"\x1b[2J",
    b"\xd0",
    b"\xc3\x28",
    b"\t",
    b",",
    b"|",
    b"#",
    b"msgid",
    b"msgstr",
    b'"\\x',
    b"[[",
    b"{",
    b"=",
    b"\u202e".decode("unicode_escape").encode(),
    b'encoding="utf-7"',
    b"encoding='koi8-r'",
    b"+ADw-",
    b"\x04",
    b"1" * 5000,
]


def mutate(data: bytes, rnd: random.Random) -> bytes:
    b = bytearray(data)
    for _ in range(rnd.randint(1, 8)):
        op = rnd.randrange(7)
        pos = rnd.randint(0, len(b))
        if op == 0 and b:
            del b[pos : pos + rnd.randint(1, 50)]
        elif op == 1:
            b[pos:pos] = rnd.choice(SPECIAL)
        elif op == 2 and b:
            b[min(pos, len(b) - 1)] = rnd.randrange(256)
        elif op == 3:
            b = b[:pos]
        elif op == 4 and b:
            chunk = b[pos : pos + rnd.randint(1, 200)]
            b[pos:pos] = chunk * rnd.randint(1, 20)
        elif op == 5:
            b[pos:pos] = rnd.randbytes(rnd.randint(1, 30))
        elif op == 6:
            b = bytearray(
                b.replace(b"\n", b"\r\n") if rnd.random() < 0.5 else b.replace(b"\n", b"\r")
            )
    return bytes(b)


def call(reader: str, path: Path, rnd: random.Random) -> None:
    if reader == "text":
        d = read_text(path)
        check_language(d, "ru")
    elif reader == "text-enc":
        read_text(
            path,
            encoding=rnd.choice(
                ["cp1251", "utf-16", "utf-16-le", "koi8-r", "utf-8", "cp500", "shift_jis", "utf-32"]
            ),
        )
    elif reader.startswith("glossary"):
        lint(read_glossary(path, for_lint=True))
    elif reader == "wmt":
        read_wmt(path)
    elif reader == "po":
        (read_po(path) if rnd.random() < 0.5 else open_review(path))
    elif reader == "lines":
        read_lines(path)
    elif reader == "config":
        load_settings(path, known_ids={"accept-next", "next-flagged"})


READERS = {
    "text": [".txt"],
    "text-enc": [".txt"],
    "glossary": [".csv", ".tsv", ".txt", ".tbx"],
    "wmt": [".xml"],
    "po": [".po"],
    "lines": [".txt", ".gz"],
    "config": [".toml"],
}


def main(seconds: float, seed: int):
    rnd = random.Random(seed)
    tmp = Path(tempfile.mkdtemp(prefix=f"sverka-fuzz-{seed}-"))
    bad = collections.Counter()
    examples = {}
    n = 0
    end = time.time() + seconds
    slow = []
    while time.time() < end:
        reader = rnd.choice(list(READERS))
        ext = rnd.choice(READERS[reader])
        pool = seeds.get(ext) or seeds[".txt"]
        r = rnd.random()
        data = rnd.randbytes(rnd.randint(0, 400)) if r < 0.05 else mutate(rnd.choice(pool), rnd)
        if ext == ".gz":
            data = gzip.compress(data, mtime=0)
            data = mutate(data, rnd) if rnd.random() < 0.5 else data[: rnd.randint(0, 60)]
        path = tmp / f"f{ext}"
        path.write_bytes(data)
        t = time.perf_counter()
        try:
            call(reader, path, rnd)
        except SverkaError as e:
            if "\n" in str(e):
                bad[(reader, "multiline")] += 1
        except Exception as e:
            key = (reader, type(e).__name__, str(e)[:80])
            bad[key] += 1
            if key not in examples:
                examples[key] = data
                (tmp / f"crash-{len(examples)}{ext}").write_bytes(data)
                traceback.print_exc(limit=-3)
        dt = time.perf_counter() - t
        if dt > 2:
            slow.append((reader, dt, len(data)))
        n += 1
    print(f"seed {seed}: {n} runs; {sum(bad.values())} unexpected; slow: {slow[:5]}")
    for k, v in bad.most_common():
        print(v, k)


if __name__ == "__main__":
    main(float(sys.argv[1]), int(sys.argv[2]))
