"""Scale-out: two app servers on one PostgreSQL and one Redis agree on sessions, rate limits and
verification answers (app servers keep no state of their own).

1. sessions: log in (password) on server A, use the session cookie on server B: the staff home answers;
   log out on B: A refuses the cookie too;
2. rate limits: with ZHENWEI_VERIFY_RATE_LIMIT=10/m, 8 requests to A and 8 to B from one network
   give exactly 10 answers 200 and 6 answers 429 (one counter in Redis, not one per server);
3. answers: the same product code and the same unknown code give the same answer on A and B.

Prints one JSON line. `make faults` runs it.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from load_common import REDIS_URL, Server, emit, fresh_database, get, pg


def _cookies(headers: dict) -> dict[str, str]:
    jar = SimpleCookie()
    for key, value in headers.items():
        if key.lower() == "set-cookie":
            jar.load(value)
    return {k: m.value for k, m in jar.items()}


def _cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="zw_bench_load")
    args = parser.parse_args()
    env = fresh_database(args.db)
    subprocess.run(
        ["redis-cli", "-n", REDIS_URL.rsplit("/", 1)[1], "FLUSHDB"], check=True, capture_output=True
    )
    env.update(ZHENWEI_REDIS_URL=REDIS_URL, ZHENWEI_VERIFY_RATE_LIMIT="10/m")
    code = pg("SELECT code FROM registry_identitycode ORDER BY id LIMIT 1", db=args.db, fetch=True)[0][0]
    result: dict = {"bench": "load_two_servers"}
    with Server(env, port=8151) as _a, Server(env, port=8152) as _b:
        # 1. sessions
        status, body, headers = get(8151, "/accounts/login/")
        cookies = _cookies(headers)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
        form = urlencode(
            {"username": "yy_inspector", "password": "zhenwei-demo-2026", "csrfmiddlewaretoken": token}
        )
        status, _, headers = get(
            8151,
            "/accounts/login/",
            method="POST",
            body=form.encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": _cookie_header(cookies),
                "Referer": "http://127.0.0.1:8151/accounts/login/",
            },
        )
        cookies.update(_cookies(headers))
        login_ok = status == 302 and "sessionid" in cookies
        home_b = get(8152, "/staff/", headers={"Cookie": _cookie_header(cookies)})[0]
        home_a = get(8151, "/staff/", headers={"Cookie": _cookie_header(cookies)})[0]
        result["sessions"] = {"login_on_a": login_ok, "home_on_a": home_a, "home_on_b": home_b}
        # 2. rate limits (shared counter)
        statuses = []
        for i in range(16):
            statuses.append(get(8151 if i % 2 == 0 else 8152, f"/api/v1/verify/product/{code}")[0])
        result["rate_limit"] = {"limit": "10/m", "200": statuses.count(200), "429": statuses.count(429)}
        # 3. answers (after the window: a fresh Redis counter)
        subprocess.run(
            ["redis-cli", "-n", REDIS_URL.rsplit("/", 1)[1], "FLUSHDB"], check=True, capture_output=True
        )
        answers = {}
        for label, path in (
            ("known", f"/api/v1/verify/product/{code}"),
            ("unknown", "/api/v1/verify/product/ZZ99999NOTREAL"),
        ):
            a = json.loads(get(8151, path)[1])
            b = json.loads(get(8152, path)[1])
            answers[label] = _comparable(a) == _comparable(b)
        result["answers_agree"] = answers
    result["ok"] = bool(
        result["sessions"]["login_on_a"]
        and result["sessions"]["home_on_a"] == 200
        and result["sessions"]["home_on_b"] == 200
        and result["rate_limit"]["200"] == 10
        and result["rate_limit"]["429"] == 6
        and all(answers.values())
    )
    emit(result)


def _comparable(answer):
    """The answer without per-request fields (times, ids of the scan just logged)."""
    if isinstance(answer, dict):
        return {
            k: _comparable(v)
            for k, v in answer.items()
            if not re.search(r"(^|_)(at|id|time|scan|checked)", k)
        }
    if isinstance(answer, list):
        return [_comparable(v) for v in answer]
    return answer


if __name__ == "__main__":
    main()
