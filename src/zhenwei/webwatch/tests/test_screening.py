"""Ad screening on the labelled corpus (32 selling ads, 32 genuine notices and warnings) and clustering."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from zhenwei.webwatch.screening import cluster_texts, extract_contacts, screen_text

CORPUS = Path(__file__).parent / "data" / "ads_corpus.jsonl"
ROWS = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_corpus_is_big_enough():
    assert sum(r["expected"] for r in ROWS) >= 30
    assert sum(not r["expected"] for r in ROWS) >= 30


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_screen_text_on_corpus(row):
    result = screen_text(row["text"])
    assert result.suspicious is row["expected"], (result.score, result.matched)


@pytest.mark.parametrize(
    "text,cue",
    [
        ("免 考 包 过", "免考"),
        ("免★考", "免考"),
        ("包過拿證", "包过"),  # Traditional
        ("ＭＩＡＮ　ＫＡＯ", "免考(拼音或谐音)"),  # full-width pinyin
        ("免拷", "免考(拼音或谐音)"),  # homophone
        ("mk 电工证", "免考(缩写)"),
        ("bu yong kao shi", "不用考试(拼音或谐音)"),
    ],
)
def test_variants_are_recognised(text, cue):
    assert cue in screen_text(text).matched


def test_homophones_of_ordinary_words_are_not_cues():
    assert screen_text("您的包裹已到").matched == []
    assert screen_text("such engineering").matched == []


def test_contacts_written_in_disguise():
    assert "phone:13812345678" in extract_contacts("电话 一三八 1234 5678")
    assert "qq:2847561930" in extract_contacts("扣扣：2847561930")
    assert "wechat:zs8899kf" in extract_contacts("薇信 zs8899kf")


def test_clusters_group_one_seller():
    texts = [
        "电工证免考包过，全国联网可查，重庆各区县可办，加微信 zs8899kf",  # 1
        "电工证免考包过，全国联网可查，四川各市州可办，加微信 zs8899kf",  # same seller, near-duplicate
        "焊工证直接拿证 138 1234 5678",  # 2
        "叉车证不用考试，速成，电话一三八一二三四五六七八",  # shares the phone with the one before
        "特种作业操作证 免考直接拿证，应急管理局官网可查，价格优惠，重庆各区县均可办理！",  # 3
        "特种作业操作证 免考直接拿证，应急管理局官网可查，价格优惠，四川各市州均可办理！",
        "今天天气不错",
    ]
    assert cluster_texts(texts) == [1, 1, 2, 2, 3, 3, None]


def test_screen_ads_command(tmp_path):
    path = tmp_path / "ads.jsonl"
    lines = [json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False) for r in ROWS]
    lines.insert(3, "{not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("webwatch", "screen-ads", str(path), stdout=out)
    assert exc.value.code == 1
    answers = [json.loads(line) for line in out.getvalue().splitlines()]
    results = [a for a in answers if "id" in a]
    errors = [a for a in answers if "error" in a]
    assert len(results) == len(ROWS) and errors == [{"line": 4, "error": errors[0]["error"]}]
    expected = {r["id"]: r["expected"] for r in ROWS}
    for answer in results:
        assert {"id", "suspicious", "score", "matched", "cluster"} <= set(answer)
        assert answer["suspicious"] is expected[answer["id"]]


def test_screen_ads_missing_file_is_a_clear_error(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="无法读取文件"):
        call_command("webwatch", "screen-ads", str(tmp_path / "none.jsonl"))


@pytest.mark.django_db
def test_screen_ads_api(org, as_user):
    response = as_user(org.officer_a).post(
        "/api/v1/webwatch/screen-ads/",
        {"items": [{"id": "a", "text": "电工证免考包过 vx zs8899kf"}, {"id": "b", "text": "考试合格后发证"}]},
        format="json",
    )
    assert response.status_code == 200
    a, b = response.json()
    assert a["suspicious"] is True and b["suspicious"] is False
