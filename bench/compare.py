"""Growth of every page from a smaller to a bigger region: ``python bench/compare.py SMALL.json
BIG.json`` prints a Markdown table. Time per request at one connection (1 / throughput), each
divided by B0's time in the same run, so the two runs' machine noise cancels; target < +30%."""

from __future__ import annotations

import json
import sys


def per_request_ms(run: dict, page: str) -> float:
    return 1000 / max(run["load"][page]["1"]["rps"], 0.01)


def growth_table(small: dict, big: dict) -> str:
    lines = [
        f"| page | ms/request at {small['cases']:,} (×B0) | ms/request at {big['cases']:,} (×B0) "
        "| growth (B0-normalised) | < 30% |",
        "|---|---|---|---|---|",
    ]
    b0_small, b0_big = per_request_ms(small, "B0"), per_request_ms(big, "B0")
    for page in small["load"]:
        if page not in big["load"] or page in ("B0",):
            continue
        a, b = per_request_ms(small, page), per_request_ms(big, page)
        growth = (b / b0_big) / (a / b0_small) - 1
        lines.append(f"| {page} | {a:.1f} ({a / b0_small:.1f}) | {b:.1f} ({b / b0_big:.1f}) "
                     f"| {growth:+.0%} | {'yes' if growth < 0.3 else 'no'} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    with open(sys.argv[1]) as first, open(sys.argv[2]) as second:
        print(growth_table(json.load(first), json.load(second)), end="")
