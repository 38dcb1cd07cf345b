#!/usr/bin/env python3
"""Writes the stock tables `scripts/bench` gives `corridor flows`.

  scripts/flows-tables.py CLEAN_CSV OUT_DIR [N]

From UN DESA's International Migrant Stock 2019 (the clean origin x
destination CSV), writes OUT_DIR/s2015-232.csv and s2019-232.csv: the 232
places, with a native-born population on the diagonal of ten times the
place's foreign-born stock in 2015 (the source has none; the flows tests
use the same rule). With N, also s2015-N.csv and s2019-N.csv: the 232 table
tiled to N places (place k copies place k mod 232, each cell times a
factor between 0.5 and 1.5 drawn with a fixed seed), so a large table keeps
the shape of real data. Python's standard library only.
"""
import csv
import random
import sys


def read_stocks(path, year):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    places = rows[0][2:]
    index = {p: i for i, p in enumerate(places)}
    n = len(places)
    m = [[0.0] * n for _ in range(n)]  # m[birthplace][residence]
    for r in rows[1:]:
        if r[0] != year or r[1] not in index:
            continue
        dest = index[r[1]]
        for origin, cell in enumerate(r[2:]):
            cell = cell.strip()
            if cell in ("", "..", "-"):
                continue
            m[origin][dest] = float(cell)
    return places, m


def with_natives(m, ref):
    n = len(m)
    for i in range(n):
        col = sum(ref[k][i] for k in range(n))
        m[i][i] = 10 * col if col else 1000.0
    return m


def write(path, places, m):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow([""] + places)
        for p, row in zip(places, m):
            w.writerow([p] + ["%.0f" % v for v in row])


def tile(places, m, n, seed):
    rng = random.Random(seed)
    base = len(places)
    names = ["%s %d" % (places[k % base], k // base) if k >= base else places[k] for k in range(n)]
    out = []
    for i in range(n):
        src = m[i % base]
        out.append([src[j % base] * (0.5 + rng.random()) if i != j else src[j % base] for j in range(n)])
    return names, out


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    path, out = sys.argv[1], sys.argv[2]
    places, s0 = read_stocks(path, "2015")
    _, s1 = read_stocks(path, "2019")
    ref = [row[:] for row in s0]
    s0, s1 = with_natives(s0, ref), with_natives(s1, ref)
    write(f"{out}/s2015-232.csv", places, s0)
    write(f"{out}/s2019-232.csv", places, s1)
    if len(sys.argv) > 3:
        n = int(sys.argv[3])
        for name, m, seed in (("s2015", s0, 15), ("s2019", s1, 19)):
            names, big = tile(places, m, n, seed)
            write(f"{out}/{name}-{n}.csv", names, big)


if __name__ == "__main__":
    main()
