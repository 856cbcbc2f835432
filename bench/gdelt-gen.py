#!/usr/bin/env python3
"""Writes a synthetic GDELT 2.0 events export for benchmarking `detente import events`.

The file has the layout of GDELT's `*.export.CSV` (61 tab-separated columns, no header, as the
GDELT 2.0 Event Codebook lays them out) with plausible contents: events between about 60
countries (ISO 3166 alpha-3 codes, a few of CAMEO's regional codes), weighted towards the big
ones; days spread over several years; CAMEO event codes with their QuadClass and a Goldstein
score; mentions, sources, articles and tone; geography columns; a source URL. As in the real
exports, many events name only one country (or none). A few rows per million are malformed (a
missing column, a bad date, a Goldstein score out of range) so that the import's reporting path
is part of what is measured.

Deterministic for a given seed and size.

Usage: bench/gdelt-gen.py OUT.CSV [--mb 500] [--seed 15]
"""

import argparse
import datetime
import random

COUNTRIES = (
    "USA RUS CHN GBR FRA DEU IND PAK IRN ISR PSE SYR IRQ TUR UKR BLR POL JPN KOR PRK "
    "SAU EGY AFG NGA ZAF BRA MEX CAN AUS ITA ESP NLD BEL SWE NOR FIN DNK GRC SRB HUN "
    "ROU BGR CZE AUT CHE VNM THA PHL IDN MYS SGP ARG CHL COL VEN CUB ETH KEN SDN LBY"
).split()
REGIONS = ["AFR", "EUR", "ASA", "MEA", "WST"]
# CAMEO event roots with their QuadClass and a typical Goldstein score.
ROOTS = [
    ("01", 1, 0.0), ("02", 1, 3.0), ("03", 1, 4.0), ("04", 1, 1.0), ("05", 1, 3.5),
    ("06", 2, 6.0), ("07", 2, 7.0), ("08", 2, 5.0), ("09", 3, -2.0), ("10", 3, -5.0),
    ("11", 3, -2.0), ("12", 3, -4.0), ("13", 3, -4.4), ("14", 4, -6.5), ("15", 4, -7.2),
    ("16", 4, -4.0), ("17", 4, -7.0), ("18", 4, -9.0), ("19", 4, -10.0), ("20", 4, -10.0),
]
DOMAINS = [
    "www.reuters.com", "apnews.com", "www.bbc.co.uk", "www.aljazeera.com", "www.dw.com",
    "www.theguardian.com", "www.nytimes.com", "tass.com", "www.scmp.com", "www.hindustantimes.com",
]
WORDS = "talks summit sanctions troops border trade aid minister embassy protest deal".split()


def country(rng, weights):
    roll = rng.random()
    if roll < 0.25:
        return ""
    if roll < 0.27:
        return rng.choice(REGIONS)
    return rng.choices(COUNTRIES, weights)[0]


def row(rng, event_id, weights, first_day_ordinal, days):
    day = datetime.date.fromordinal(first_day_ordinal + rng.randrange(days))
    sqldate = day.strftime("%Y%m%d")
    a1, a2 = country(rng, weights), country(rng, weights)
    root, quad, goldstein = rng.choice(ROOTS)
    code = root + str(rng.randrange(10)) if rng.random() < 0.6 else root
    goldstein = max(-10.0, min(10.0, goldstein + rng.choice([-1.0, -0.5, 0.0, 0.0, 0.5, 1.0])))
    mentions = rng.choice([1, 1, 2, 2, 3, 4, 5, 6, 8, 10, 12, 20, 40])
    sources = max(1, mentions // 2)
    tone = f"{rng.uniform(-12, 8):.15f}"
    fields = [""] * 61
    fields[0] = str(event_id)
    fields[1] = sqldate
    fields[2] = sqldate[:6]
    fields[3] = sqldate[:4]
    fields[4] = f"{day.year + (day.timetuple().tm_yday - 0.5) / 365:.4f}"
    for base, cc in ((5, a1), (15, a2)):
        if cc:
            fields[base] = cc + rng.choice(["", "GOV", "MIL", "BUS", "MED"])
            fields[base + 1] = cc if len(cc) == 3 and cc in REGIONS else f"NAME OF {cc}"
            fields[base + 2] = cc
            fields[base + 7] = rng.choice(["", "GOV", "MIL", "BUS"])
    fields[25] = rng.choice(["0", "1"])
    fields[26] = code
    fields[27] = code[:3]
    fields[28] = root
    fields[29] = str(quad)
    fields[30] = f"{goldstein:g}"
    fields[31] = str(mentions)
    fields[32] = str(sources)
    fields[33] = str(mentions)
    fields[34] = tone
    for start, cc in ((35, a1), (43, a2), (51, a1 or a2)):
        if cc:
            fields[start] = rng.choice(["1", "3", "4"])
            fields[start + 1] = f"Some Place, Some Region, {cc}"
            fields[start + 2] = cc[:2]
            fields[start + 3] = cc[:2] + "0" + str(rng.randrange(10))
            fields[start + 4] = str(rng.randrange(10000, 99999))
            fields[start + 5] = f"{rng.uniform(-60, 70):.4f}"
            fields[start + 6] = f"{rng.uniform(-170, 170):.4f}"
            fields[start + 7] = str(rng.randrange(-3000000, 3000000))
        else:
            fields[start] = "0"
    fields[59] = sqldate + f"{rng.randrange(24):02d}{rng.randrange(0, 60, 15):02d}00"
    slug = "-".join(rng.choice(WORDS) for _ in range(rng.randrange(3, 9)))
    fields[60] = (
        f"https://{rng.choice(DOMAINS)}/{sqldate[:4]}/{sqldate[4:6]}/{sqldate[6:]}/"
        f"{slug}-{rng.randrange(10**6, 10**7)}"
    )
    # A few malformed rows, as real dumps have: a lost column, a bad date, a score out of range.
    bad = rng.random()
    if bad < 2e-6:
        fields.pop(40)
    elif bad < 4e-6:
        fields[1] = sqldate[:6] + "32"
    elif bad < 6e-6:
        fields[30] = "12.5"
    return "\t".join(fields) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--mb", type=float, default=500.0)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    # Zipf-like: the first countries are in the news far more often than the last.
    weights = [1.0 / (i + 1) ** 0.9 for i in range(len(COUNTRIES))]
    first = datetime.date(2019, 1, 1).toordinal()
    days = datetime.date(2024, 12, 31).toordinal() - first + 1
    target = int(args.mb * 1e6)
    written = 0
    event_id = 800_000_000
    with open(args.out, "w", encoding="utf-8", newline="") as out:
        chunk = []
        while written < target:
            event_id += rng.randrange(1, 4)
            line = row(rng, event_id, weights, first, days)
            chunk.append(line)
            written += len(line)
            if len(chunk) == 10_000:
                out.write("".join(chunk))
                chunk = []
        out.write("".join(chunk))


if __name__ == "__main__":
    main()
