"""zhenwei webwatch check-url URL... | screen-ads FILE.jsonl: one JSON line per input, never a traceback."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from zhenwei.webwatch.lookalike import MalformedURL
from zhenwei.webwatch.screening import cluster_texts, screen_text
from zhenwei.webwatch.selectors import checker


class Command(BaseCommand):
    help = "网站与广告监测：check-url 判断网址是否仿冒官方网站；screen-ads 筛查兜售假证广告（JSON Lines）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check-url", help="one JSON line per URL: url, verdict, imitates, reasons")
        check.add_argument("urls", nargs="+", metavar="URL")
        screen = sub.add_parser("screen-ads", help='read {"id", "text"} lines ("-" for stdin)')
        screen.add_argument("file", metavar="FILE.jsonl")

    def _emit(self, payload: dict) -> None:
        self.stdout.write(json.dumps(payload, ensure_ascii=False))

    def handle(self, *args, **options):
        if options["action"] == "check-url":
            failed = self._check_urls(options["urls"])
        else:
            failed = self._screen_ads(options["file"])
        if failed:
            raise SystemExit(1)

    def _check_urls(self, urls: list[str]) -> int:
        engine = checker()
        failed = 0
        for url in urls:
            try:
                self._emit(engine.check(url).as_dict())
            except MalformedURL as exc:
                failed += 1
                self._emit(
                    {"url": url, "verdict": "error", "imitates": None, "reasons": [], "error": str(exc)}
                )
        return failed

    def _screen_ads(self, path: str) -> int:
        try:
            handle = sys.stdin if path == "-" else open(path, encoding="utf-8-sig")  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"无法读取文件 {path}：{exc.strerror}") from None
        rows: list[tuple[object, str]] = []
        errors: list[dict] = []
        with handle:
            try:
                for line_no, line in enumerate(handle, start=1):
                    if not line.strip():
                        continue
                    try:
                        record = json.loads(line)
                    except json.JSONDecodeError as exc:
                        errors.append({"line": line_no, "error": f"第 {line_no} 行不是 JSON：{exc.msg}"})
                        continue
                    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                        errors.append({"line": line_no, "error": f'第 {line_no} 行缺少字符串字段 "text"'})
                        continue
                    rows.append((record.get("id", line_no), record["text"]))
            except UnicodeDecodeError:
                raise CommandError(f"文件 {path} 不是 UTF-8 编码") from None
        results = [screen_text(text) for _, text in rows]
        clusters = cluster_texts([text for _, text in rows], [r.contacts for r in results])
        for (ad_id, _), result, cluster in zip(rows, results, clusters, strict=True):
            self._emit(
                {
                    "id": ad_id,
                    "suspicious": result.suspicious,
                    "score": result.score,
                    "matched": result.matched,
                    "cluster": f"C{cluster}" if cluster else None,
                    "contacts": result.contacts,
                }
            )
        for error in errors:
            self._emit(error)
        return len(errors)
