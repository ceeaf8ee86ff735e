"""Screening ads and online listings for fake-certificate selling (免考、包过、直接拿证…).

A small, documented scoring model (docs/webwatch.md): positive cues (selling words) add points,
negative cues (a genuine exam notice, a warning about such ads) take points away, and a text is
suspicious at SUSPICIOUS_AT points or more. Sellers disguise the words, so each cue is looked for
in three forms of the text:

1. normalised characters: full-width → half-width, Traditional → Simplified (zhenwei.core.text),
   with spacing, punctuation, symbols and emoji between characters removed ("免 * 考" → "免考");
2. pinyin: the text's characters as pinyin syllables, so homophones (免拷, 包锅) and pinyin written out
   ("mian kao", "BaoGuo") match; a pinyin-only match scores PINYIN_FACTOR of the cue's weight;
3. abbreviations as whole tokens ("mk" for 免考).

Near-duplicate ads (one seller, many posts) are clustered by shared contact handles (phone, WeChat,
QQ) or by the Jaccard similarity of their character 3-shingles, found with MinHash banding.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from zhenwei.core.text import normalize

SUSPICIOUS_AT = 3.0
PINYIN_FACTOR = 0.8
NEAR_DUPLICATE_JACCARD = 0.55
SHINGLE = 3


@dataclass(frozen=True)
class Cue:
    """One selling (weight > 0) or genuine-notice (weight < 0) cue and the forms it takes."""

    name: str
    weight: float
    phrases: tuple[str, ...] = ()
    pinyin: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    # Count every distinct phrase found, up to this many times (warnings quote the selling words).
    each_up_to: int = 1


CUES: tuple[Cue, ...] = (
    # --- selling: the words seed 002 names, and the ways sellers say them ---
    Cue("免考", 3.0, ("免考", "免试拿证", "免试办证", "免考试"), ("mian kao",), ("mk", "mkbg")),
    Cue("包过", 3.0, ("包过", "保过", "包通过", "包拿证", "包下证", "包拿", "稳过"), ("bao guo",), ("bg",)),
    Cue("速成", 1.5, ("速成",), ("su cheng",)),
    Cue(
        "不用考试",
        3.0,
        (
            "不用考试",
            "无需考试",
            "无须考试",
            "不需考试",
            "不需要考试",
            "不考试",
            "不用考",
            "不参加考试",
            "无需到场",
            "无须到场",
            "不用到场",
            "不去现场",
            "本人不用到场",
            "无需培训",
            "不用培训",
            "不用上课",
        ),
        ("bu yong kao shi", "wu xu kao shi"),
    ),
    Cue(
        "直接拿证",
        3.0,
        (
            "直接拿证",
            "直接出证",
            "直接发证",
            "直接领证",
            "直接办证",
            "快速拿证",
            "快速出证",
            "当天出证",
            "当天拿证",
            "加急出证",
            "加急办证",
            "先拿证后付款",
            "先出证后付款",
            "先办证后付款",
            "拿证快",
        ),
        ("zhi jie na zheng", "zhi jie chu zheng"),
    ),
    Cue(
        "内部渠道",
        2.5,
        ("内部渠道", "内部名额", "内部指标", "内部关系", "特殊渠道", "关系办理", "内部办理"),
        ("nei bu qu dao",),
    ),
    Cue(
        "全国联网可查",
        2.0,
        (
            "全国联网可查",
            "全国联网",
            "联网可查",
            "官网可查",
            "网上可查",
            "可上网查询",
            "官网查询可查",
            "终身有效",
        ),
        ("quan guo lian wang",),
    ),
    Cue("代考", 3.0, ("代考", "替考", "枪手"), ("dai kao",)),
    Cue(
        "保证通过",
        2.5,
        (
            "100%通过",
            "百分百通过",
            "百分之百通过",
            "通过率100%",
            "不过退款",
            "不过全退",
            "不过退费",
            "一次拿证",
        ),
    ),
    Cue("办证", 1.0, ("办证", "代办证", "证书代办", "各类证件", "办理各类证", "补办证书")),
    Cue(
        "证书名称",
        0.5,
        (
            "特种作业操作证",
            "操作证",
            "电工证",
            "焊工证",
            "高处作业证",
            "登高证",
            "安全员证",
            "安全员c证",
            "消防设施操作员证",
            "消防证",
            "叉车证",
            "制冷证",
            "低压电工",
            "高压电工",
            "建筑电工",
            "塔吊证",
            "安全生产知识和管理能力考核合格证",
            "主要负责人证",
        ),
    ),
    Cue(
        "私下联系",
        1.0,
        ("加微信", "加v", "v信", "vx", "薇信", "威信", "微信同号", "扣扣", "私聊", "私信", "加我", "联系我"),
        patterns=(r"(?<![a-z])(?:qq|wx)(?![a-z])",),
    ),
    Cue("报价", 0.5, ("价格优惠", "费用低", "特价", "包邮"), patterns=(r"\d+元", r"¥\s?\d+")),
    # --- genuine notices and warnings: take points away ---
    Cue(
        "考试合格后发证",
        -4.0,
        (
            "考试合格后发证",
            "考核合格后发证",
            "考试合格后颁发",
            "考核合格后颁发",
            "合格后发放",
            "合格者发证",
            "合格后方可取得",
            "考试合格的",
            "考核合格的",
            "经考试合格",
        ),
    ),
    Cue(
        "需参加考试",
        -3.0,
        (
            "需参加考试",
            "须参加考试",
            "必须参加考试",
            "应当参加考试",
            "应参加考试",
            "参加理论考试",
            "实际操作考试",
            "实操考试",
            "理论考试",
            "考试时间",
            "考试地点",
            "考试安排",
            "统一考试",
        ),
    ),
    Cue(
        "报名须知",
        -2.0,
        (
            "报名时间",
            "报名条件",
            "报名材料",
            "报名地点",
            "报名方式",
            "准考证",
            "学时",
            "携带身份证",
            "培训时间",
        ),
        patterns=(r"关于.{2,40}的(?:通知|公告)",),
    ),
    Cue(
        "警示",
        -3.0,
        (
            "谨防",
            "警惕",
            "骗局",
            "诈骗",
            "揭秘",
            "切勿",
            "不要相信",
            "均为虚假",
            "都是假",
            "打击",
            "严禁",
            "不存在免考",
            "没有免考",
            "假证",
            "曝光",
            "上当受骗",
            "虚假宣传",
            "骗子",
            "举报电话",
            "请举报",
            "声称",
            "所谓",
            "号称",
            "凡是",
            "假培训",
        ),
        each_up_to=4,
    ),
)
# Words whose pinyin happens to equal a selling cue's ("包裹" is bao guo, "诉称" su cheng).
BENIGN_HOMOPHONES = frozenset(
    {"包裹", "报国", "保国", "宝国", "诉称", "苏城", "面考", "棉烤", "代靠", "带考"}
)


@dataclass
class ScreenResult:
    """The screening of one text: suspicious or not, the score, the cues matched and contact handles."""

    suspicious: bool
    score: float
    matched: list[str] = field(default_factory=list)
    contacts: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "suspicious": self.suspicious,
            "score": self.score,
            "matched": self.matched,
            "contacts": self.contacts,
        }


_KEEP = re.compile(r"[^0-9a-z%\u3400-\u9fff¥]+")
_CJK = re.compile(r"[\u3400-\u9fff]")


def compact(text: str) -> str:
    """Normalised text with everything between the meaningful characters removed: "免 ★ 考" → "免考"."""
    return _KEEP.sub("", normalize(text))


@lru_cache(maxsize=1)
def _syllables() -> frozenset[str]:
    """Every toneless pinyin syllable pypinyin knows (from its dictionary, 'ü' written 'v')."""
    from pypinyin.pinyin_dict import pinyin_dict

    found: set[str] = set()
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            plain = "".join(
                c
                for c in unicodedata.normalize("NFKD", reading.replace("ü", "v"))
                if not unicodedata.combining(c)
            )
            if plain.isalpha():
                found.add(plain.lower())
    return frozenset(found)


def _is_pinyin_run(run: str) -> bool:
    """Whether a Latin run can be read entirely as pinyin syllables ("miankao" yes, "such" no)."""
    syllables = _syllables()
    n = len(run)
    ok = [False] * (n + 1)
    ok[0] = True
    for i in range(n):
        if ok[i]:
            for j in range(i + 1, min(n, i + 6) + 1):
                if run[i:j] in syllables:
                    ok[j] = True
    return ok[n]


@lru_cache(maxsize=8192)
def _char_pinyin(char: str) -> str:
    from pypinyin import lazy_pinyin

    return lazy_pinyin(char)[0]


def _pinyin_stream(text: str) -> tuple[str, set[int], list[tuple[int, int, str]]]:
    """(joined pinyin, positions where a syllable may start or end, spans of CJK characters)."""
    out: list[str] = []
    bounds: set[int] = {0}
    spans: list[tuple[int, int, str]] = []  # (start, end, source character) for CJK syllables
    pos = 0
    for run in re.finditer(r"[\u3400-\u9fff]|[a-z]+|[^a-z\u3400-\u9fff]+", text):
        piece = run.group()
        if _CJK.fullmatch(piece):
            syllable = _char_pinyin(piece)
            spans.append((pos, pos + len(syllable), piece))
            out.append(syllable)
            pos += len(syllable)
            bounds.add(pos)
        elif piece.isalpha():
            if _is_pinyin_run(piece):
                bounds.update(range(pos, pos + len(piece) + 1))
            out.append(piece)
            pos += len(piece)
            bounds.add(pos)
        else:
            out.append("|")  # digits and symbols break a pinyin match
            pos += 1
            bounds.add(pos)
    return "".join(out), bounds, spans


_CN_DIGITS = str.maketrans("零〇一二三四五六七八九幺", "001234567891")
_PHONE = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3})-?(\d{7,8})(?!\d)")
_QQ = re.compile(r"(?:qq|扣扣|企鹅|q号)[号:]*(\d{5,12})")
_WECHAT = re.compile(r"(?:微信|v信|vx|wx|weixin|薇信|威信|薇|微)[号:]*([a-z][-_a-z0-9]{5,19})")


def extract_contacts(text: str) -> list[str]:
    """Seller handles in a text: phone numbers (also written with Chinese digits or separators),
    WeChat ids and QQ numbers, as "phone:…", "wechat:…", "qq:…"."""
    flat = normalize(text).translate(_CN_DIGITS)
    flat = re.sub(r"(?<=\d)[\s\-_.·—]+(?=\d)", "", flat)
    flat = re.sub(r"\s+", "", flat).replace("：", ":")
    found: list[str] = []
    for m in _PHONE.finditer(flat):
        found.append(f"phone:{m.group(1)}")
    for m in _LANDLINE.finditer(flat):
        found.append(f"phone:{m.group(1)}{m.group(2)}")
    for m in _QQ.finditer(flat):
        found.append(f"qq:{m.group(1)}")
    for m in _WECHAT.finditer(flat):
        found.append(f"wechat:{m.group(1)}")
    return sorted(set(found))


def screen_text(text: str) -> ScreenResult:
    """Score one ad or listing text for fake-certificate selling (for other apps: market listings)."""
    flat = compact(text or "")
    tokens = set(re.findall(r"[a-z0-9]+", normalize(text or "")))
    stream, bounds, spans = _pinyin_stream(flat)
    score = 0.0
    matched: list[str] = []
    for cue in CUES:
        hits = [p for p in cue.phrases if p in flat] + [p for p in cue.patterns if re.search(p, flat)]
        if hits:
            score += cue.weight * min(len(hits), cue.each_up_to)
            matched.append(cue.name)
            continue
        if cue.abbreviations and tokens & set(cue.abbreviations):
            score += cue.weight * PINYIN_FACTOR
            matched.append(f"{cue.name}(缩写)")
            continue
        if cue.weight > 0 and any(_pinyin_hit(p.replace(" ", ""), stream, bounds, spans) for p in cue.pinyin):
            score += cue.weight * PINYIN_FACTOR
            matched.append(f"{cue.name}(拼音或谐音)")
    score = round(score, 2)
    return ScreenResult(
        suspicious=score >= SUSPICIOUS_AT, score=score, matched=matched, contacts=extract_contacts(text or "")
    )


def _pinyin_hit(target: str, stream: str, bounds: set[int], spans: list[tuple[int, int, str]]) -> bool:
    start = stream.find(target)
    while start != -1:
        end = start + len(target)
        if start in bounds and end in bounds:
            source = "".join(c for s, e, c in spans if s >= start and e <= end)
            if source not in BENIGN_HOMOPHONES:
                return True
        start = stream.find(target, start + 1)
    return False


# ---------------------------------------------------------------- clustering

_PRIME = (1 << 61) - 1
_PERMUTATIONS = 32
_BANDS = 16  # 16 bands of 2 rows: pairs at Jaccard 0.5 become candidates with probability 0.99


@lru_cache(maxsize=1)
def _hash_params() -> list[tuple[int, int]]:
    import random

    rng = random.Random(20260325)  # fixed: the same input always clusters the same way
    return [(rng.randrange(1, _PRIME), rng.randrange(0, _PRIME)) for _ in range(_PERMUTATIONS)]


def shingles(text: str) -> frozenset[int]:
    flat = compact(text)
    if len(flat) <= SHINGLE:
        return frozenset({zlib.crc32(flat.encode())}) if flat else frozenset()
    return frozenset(zlib.crc32(flat[i : i + SHINGLE].encode()) for i in range(len(flat) - SHINGLE + 1))


def _minhash(items: frozenset[int]) -> list[int]:
    return [min((a * x + b) % _PRIME for x in items) for a, b in _hash_params()]


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def cluster_texts(
    texts: Sequence[str],
    contacts: Sequence[Iterable[str]] | None = None,
    threshold: float = NEAR_DUPLICATE_JACCARD,
) -> list[int | None]:
    """Cluster number (1, 2, …, in order of first appearance) for each text in a group of two or more
    near-duplicates or texts sharing a contact handle; None for a text that stands alone."""
    n = len(texts)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    if contacts is None:
        contacts = [extract_contacts(t) for t in texts]
    by_contact: dict[str, int] = {}
    for i, handles in enumerate(contacts):
        for handle in handles:
            if handle in by_contact:
                union(by_contact[handle], i)
            else:
                by_contact[handle] = i
    sets = [shingles(t) for t in texts]
    buckets: dict[tuple[int, tuple[int, ...]], list[int]] = defaultdict(list)
    rows = _PERMUTATIONS // _BANDS
    for i, items in enumerate(sets):
        if not items:
            continue
        signature = _minhash(items)
        for band in range(_BANDS):
            buckets[(band, tuple(signature[band * rows : (band + 1) * rows]))].append(i)
    checked: set[tuple[int, int]] = set()
    for members in buckets.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                pair = (members[x], members[y])
                if pair in checked or find(pair[0]) == find(pair[1]):
                    continue
                checked.add(pair)
                if jaccard(sets[pair[0]], sets[pair[1]]) >= threshold:
                    union(*pair)
    sizes: dict[int, int] = defaultdict(int)
    for i in range(n):
        sizes[find(i)] += 1
    numbers: dict[int, int] = {}
    result: list[int | None] = []
    for i in range(n):
        root = find(i)
        if sizes[root] < 2:
            result.append(None)
            continue
        if root not in numbers:
            numbers[root] = len(numbers) + 1
        result.append(numbers[root])
    return result
