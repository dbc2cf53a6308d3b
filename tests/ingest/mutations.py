"""Seeded mutations of real files, for the importers' fuzz guard (tests) and its longer run (benchmarks).

Byte-level damage (flips, cuts, insertions, repeats) for any file; for JSON also structural damage:
nulls, missing keys, dates as 19/07/2023, text where numbers go, deep nesting, a BOM, non-UTF-8;
for CSV odd cells (year one, 9999-12-31, nan, NUL), a cell dropped, a row twice, a header renamed.
"""

from __future__ import annotations

import json
import random


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if not buffer:
            break
        at, choice = rng.randrange(len(buffer)), rng.random()
        if choice < 0.4:
            buffer[at] = rng.randrange(256)
        elif choice < 0.55:
            del buffer[at : at + rng.randint(1, 64)]
        elif choice < 0.7:
            buffer[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif choice < 0.8:
            buffer = buffer[:at]
        else:
            source = rng.randrange(len(buffer))
            buffer[at:at] = buffer[source : source + rng.randint(1, 200)]
    return bytes(buffer)


ODD_VALUES = ["19/07/2023", "", "abc", -1, 1e308, [], {}, True, "2023-13-45", 10**30, None]


def mutate_json(text: str, rng: random.Random) -> bytes:
    try:
        body = json.loads(text)
    except ValueError:
        return mutate_bytes(text.encode(), rng)

    def damage(node) -> None:
        if isinstance(node, dict):
            for key in list(node):
                roll = rng.random()
                if roll < 0.08:
                    node[key] = None
                elif roll < 0.12:
                    del node[key]
                elif roll < 0.16:
                    node[key] = rng.choice(ODD_VALUES)
                else:
                    damage(node[key])
        elif isinstance(node, list):
            for index in range(len(node)):
                roll = rng.random()
                if roll < 0.05:
                    node[index] = None
                elif roll < 0.08:
                    node[index] = rng.choice(["x", 3, [], {}])
                else:
                    damage(node[index])

    damage(body)
    out, roll = json.dumps(body), rng.random()
    if roll < 0.05:
        return ("\ufeff" + out).encode()
    if roll < 0.08:
        return out.encode("latin-1", "replace") + b"\xff\xfe"
    if roll < 0.1:
        return ("[" * 50_000 + "]" * 50_000).encode()
    return out.encode()


ODD_CELLS = ["", "abc", "1e400", "nan", "inf", "-5", "9999-12-31", "0001-01-01", "2019-02-30", "10" * 40, "\x00", "½"]
FINE_CELLS = ["", " 4 ", "3.0", "2019-11-30"]  # odd-looking but valid (blank means "no value" where allowed)


def mutate_csv(text_: str, rng: random.Random) -> bytes:
    """Cell-level damage (odd values, a cell dropped, a row twice, a header renamed), else byte-level."""
    if rng.random() < 0.3:
        return mutate_bytes(text_.encode(), rng)
    lines = text_.splitlines()
    for _ in range(rng.randint(1, 2)):
        at = rng.randrange(len(lines))
        cells = lines[at].split(",")
        roll = rng.random()
        if roll < 0.6:
            cells[rng.randrange(len(cells))] = rng.choice(ODD_CELLS if rng.random() < 0.6 else FINE_CELLS)
        elif roll < 0.75:
            del cells[rng.randrange(len(cells))]
        elif roll < 0.9:
            lines.insert(at, lines[at])
            continue
        else:
            lines[0] = lines[0].replace(rng.choice(lines[0].split(",")), rng.choice(["Date", "hrv", "x", ""]), 1)
            continue
        lines[at] = ",".join(cells)
    return ("\n".join(lines) + "\n").encode()


def mutated(kind: str, data: bytes, rng: random.Random) -> bytes:
    """A damaged copy of a FIT (``kind`` "fit"), JSON or CSV file."""
    if kind == "csv":
        return mutate_csv(data.decode("utf-8", "replace"), rng)
    if kind == "json" and rng.random() < 0.7:
        return mutate_json(data.decode("utf-8", "replace"), rng)
    return mutate_bytes(data, rng)
