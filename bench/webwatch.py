"""Web-watch throughput, each against a baseline measured in the same process.

    .venv/bin/python bench/webwatch.py [--ads 5000]

Prints one JSON line:
- check_url_per_s: look-alike checks per second against the seeded official registry, and
  parse_only_per_s, the bare URL parsing + IDNA step every check starts with (ratio = cost of the rules);
- screen_per_s: ads screened per second, and normalize_per_s, the text normalisation alone;
- cluster_s: seconds to cluster N ads (with 10 % near-duplicate sellers), and cluster_pairs_exact_s for
  comparison: exact all-pairs Jaccard on the first 1,000 ads.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenwei.settings.test")

import django  # noqa: E402

django.setup()

from zhenwei.core.text import normalize  # noqa: E402
from zhenwei.webwatch.lookalike import Checker, official_from_host, parse_host  # noqa: E402
from zhenwei.webwatch.screening import cluster_texts, jaccard, screen_text, shingles  # noqa: E402

SEED = __import__("importlib").import_module("zhenwei.webwatch.migrations.0002_seed_official_domains")
CORPUS = Path(__file__).resolve().parent.parent / "src/zhenwei/webwatch/tests/data/ads_corpus.jsonl"
URLS = [
    "https://cx.mem.gov.cn/",
    "http://cx.rnem.gov.cn/q",
    "xn--mm-nlc.gov.cn",
    "cx.mem.gov.cn.zs-cx.com",
    "mem-cx.com",
    "mem.com.cn",
    "www.baidu.com",
    "member.com",
    "samr.com",
    "http://应急管理部证书查询.com/",
    "https://www.taobao.com/item?id=1",
    "ccfc.com.cn",
]


def per_second(fn, items, seconds: float = 2.0) -> float:
    for item in items:  # warm-up: tables and dictionaries load on first use
        fn(item)
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for item in items:
            fn(item)
        n += len(items)
    return n / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ads", type=int, default=5000)
    args = parser.parse_args()
    officials = [official_from_host(h, keywords=kw.split()) for h, _, _, _, _, kw, _, _ in SEED.OFFICIAL]
    build_start = time.perf_counter()
    checker = Checker(officials)
    build_s = time.perf_counter() - build_start
    check_rate = per_second(checker.check, URLS)
    parse_rate = per_second(parse_host, URLS)
    texts = [
        json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    screen_rate = per_second(screen_text, texts)
    normalize_rate = per_second(normalize, texts)
    rng = random.Random(7)
    ads = []
    for i in range(args.ads):
        base = rng.choice(texts)
        if i % 10 == 0:
            ads.append(base + f" 联系{rng.choice(['重庆', '四川', '云阳'])}")  # a seller reposting
        else:
            words = list(base)
            rng.shuffle(words)
            ads.append("".join(words[: max(8, len(words) // 2)]) + str(i))
    start = time.perf_counter()
    clusters = cluster_texts(ads)
    cluster_s = time.perf_counter() - start
    sets = [shingles(t) for t in ads[:1000]]
    start = time.perf_counter()
    for i in range(len(sets)):
        for j in range(i + 1, len(sets)):
            jaccard(sets[i], sets[j])
    exact_s = time.perf_counter() - start
    print(
        json.dumps(
            {
                "bench": "webwatch",
                "checker_build_s": round(build_s, 3),
                "check_url_per_s": round(check_rate),
                "parse_only_per_s": round(parse_rate),
                "check_vs_parse_ratio": round(check_rate / parse_rate, 3),
                "screen_per_s": round(screen_rate),
                "normalize_per_s": round(normalize_rate),
                "screen_vs_normalize_ratio": round(screen_rate / normalize_rate, 3),
                "ads": args.ads,
                "cluster_s": round(cluster_s, 2),
                "clustered_ads": sum(1 for c in clusters if c),
                "cluster_pairs_exact_1000_s": round(exact_s, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
