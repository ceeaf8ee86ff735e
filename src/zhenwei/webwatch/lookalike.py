"""Is this URL an official site, a look-alike of one, or unrelated?

The check never touches the network. It splits hosts at the public suffix with tldextract's bundled
snapshot of the Public Suffix List, decodes punycode with ``idna`` (UTS #46), folds look-alike letters
to Latin with the Unicode confusables table (``confusable-homoglyphs``), and looks typo variants up in
the permutations dnstwist's engine generates for each official domain. See docs/webwatch.md for the
rules and their reasons.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

import idna
from django.utils.translation import gettext

from .choices import Reason, Verdict

# Words sellers glue to an official name ("mem-cx", "cxmemgov", "memzhengshu"): dnstwist's dictionary
# fuzzer gets them for the official suffix, the word-break below for every suffix.
ADDED_WORDS = frozenset(
    """
    gov cn com net org www web site online official guanwang gw cx cha chaxun zs zheng zhengshu zsc
    zscx cert certs certificate query search check verify yz yanzheng px peixun ks kaoshi exam bm
    baoming aq anquan aqsc tzzy tezhong zuoye zy center zx zhongxin fw fuwu service pt pingtai xt
    xitong system new app wap login portal home index info zgzs zige dzzs dianzi zhengjian ban banli
    bz banzheng quanguo lianwang qg ksw kaoshiwang jy jianyan hy china zg zhongguo gj guojia
    cq chongqing bj beijing sh shanghai gd guangdong js jiangsu zj zhejiang sd shandong hb hubei hebei
    hn hunan henan sichuan gs gansu ln liaoning jl jilin hlj ah anhui fj fujian jx jiangxi gx guangxi
    yn yunnan gz guizhou xz xizang sx shanxi nx ningxia qh qinghai xj xinjiang nm tj tianjin hainan
    xiaofang xf yingji yj
    """.split()
)
# Suffixes registered only by government bodies: a keyboard typo there is another real department
# (mee.gov.cn is the Ministry of Ecology), so only look-alike letters count under them.
RESTRICTED_SUFFIXES = frozenset({"gov.cn", "mil.cn"})
# dnstwist fuzzers and the reason each one means.
FUZZER_REASONS = {
    "homoglyph": Reason.HOMOGLYPH,
    "cyrillic": Reason.HOMOGLYPH,
    "dictionary": Reason.ADDED_WORDS,
    "addition": Reason.TYPO,
    "bitsquatting": Reason.TYPO,
    "hyphenation": Reason.TYPO,
    "insertion": Reason.TYPO,
    "omission": Reason.TYPO,
    "plural": Reason.TYPO,
    "repetition": Reason.TYPO,
    "replacement": Reason.TYPO,
    "transposition": Reason.TYPO,
    "vowel-swap": Reason.TYPO,
}
# A typo under another suffix is only believed for names long enough not to collide by chance.
MIN_TYPO_LABEL_ACROSS_SUFFIXES = 5
# ASCII sequences that read as another letter (UTS #39 skeleton folds these too).
_ASCII_FOLDS = (("rn", "m"), ("vv", "w"), ("cl", "d"), ("0", "o"), ("1", "l"), ("|", "l"))
_CJK = re.compile(r"[\u3400-\u9fff]")
_MAX_URL = 2000


class MalformedURL(ValueError):
    """The input is not a URL or host name we can read; the message says why (Chinese and English)."""


@dataclass(frozen=True)
class Official:
    """One trusted host, split at the public suffix."""

    host: str
    name: str
    include_subdomains: bool
    subdomain: str
    label: str
    suffix: str
    keywords: tuple[str, ...] = ()

    @property
    def registered(self) -> str:
        return f"{self.label}.{self.suffix}" if self.suffix else self.label


@dataclass
class UrlCheck:
    """The answer for one URL: verdict, the official host it imitates, and the reasons."""

    url: str
    host: str
    unicode_host: str
    verdict: str
    imitates: str = ""
    reasons: list[str] = field(default_factory=list)

    @property
    def verdict_label(self) -> str:
        """The verdict as people read it (仿冒网站), never the code."""
        return str(Verdict(self.verdict).label) if self.verdict in Verdict.values else self.verdict

    def as_dict(self) -> dict:
        return {
            "url": self.url,
            "verdict": self.verdict,
            "imitates": self.imitates or None,
            "reasons": self.reasons,
        }

    @property
    def explanations(self) -> list[str]:
        return [str(Reason(r).label) for r in self.reasons]


@lru_cache(maxsize=1)
def _extractor():
    import tldextract

    # suffix_list_urls=() and no cache: the bundled snapshot, never a download.
    return tldextract.TLDExtract(cache_dir=None, suffix_list_urls=(), include_psl_private_domains=False)


def split_host(host: str) -> tuple[str, str, str]:
    """(subdomain, registrable label, public suffix) of an ASCII host."""
    parts = _extractor()(host)
    return parts.subdomain, parts.domain, parts.suffix


@lru_cache(maxsize=1)
def _confusable_map() -> dict[str, str]:
    """Every character the Unicode confusables table says looks like one ASCII letter or digit."""
    from confusable_homoglyphs.confusables import confusables_data

    wanted = set("abcdefghijklmnopqrstuvwxyz0123456789-")
    table: dict[str, str] = {}
    for char, entries in confusables_data.items():
        if char in wanted:
            continue
        for entry in entries:
            target = entry["c"].lower()
            if len(target) == 1 and target in wanted:
                table[char] = target
                break
    return table


def skeleton(text: str) -> str:
    """What a label looks like on screen, in plain Latin: Cyrillic е → e, rn → m, 0 → o, 1 → l."""
    text = unicodedata.normalize("NFKC", text).lower()
    table = _confusable_map()
    text = "".join(table.get(c, c) for c in text)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    for seq, letter in _ASCII_FOLDS:
        text = text.replace(seq, letter)
    return text


def parse_host(url: str) -> tuple[str, str, str]:
    """(ASCII host, Unicode host, user-info part) of a URL or bare host; MalformedURL when unreadable."""
    raw = (url or "").strip()
    if not raw:
        raise MalformedURL(gettext("网址为空 (empty URL)"))
    if len(raw) > _MAX_URL:
        raise MalformedURL(gettext("网址超过 %(max_url)s 个字符 (URL too long)") % {"max_url": _MAX_URL})
    if any(c.isspace() for c in raw) or any(unicodedata.category(c) == "Cc" for c in raw):
        raise MalformedURL(gettext("网址中含有空白或控制字符 (whitespace or control characters in URL)"))
    candidate = raw if "://" in raw else ("http:" + raw if raw.startswith("//") else "http://" + raw)
    try:
        parts = urlsplit(candidate)
        hostname = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise MalformedURL(gettext("无法解析网址：%(exc)s (unparsable URL)") % {"exc": exc}) from None
    if parts.scheme not in ("http", "https"):
        raise MalformedURL(
            gettext("只支持 http 和 https 网址，收到 %(parts_scheme)s: (unsupported scheme)")
            % {"parts_scheme": parts.scheme}
        )
    if not hostname:
        raise MalformedURL(gettext("网址中没有域名 (no host in URL)"))
    hostname = hostname.rstrip(".")
    try:
        ipaddress.ip_address(hostname.strip("[]"))
        return hostname, hostname, parts.username or ""
    except ValueError:
        pass
    if ".." in hostname or hostname.startswith("."):
        raise MalformedURL(
            gettext("域名“%(hostname)s”含有空标签 (empty label in host)") % {"hostname": hostname}
        )
    try:
        ascii_host = idna.encode(hostname, uts46=True).decode("ascii").lower()
        unicode_host = idna.decode(ascii_host)
    except (idna.IDNAError, UnicodeError) as exc:
        raise MalformedURL(
            gettext("域名“%(hostname)s”不合法：%(exc)s (invalid host name)")
            % {"hostname": hostname, "exc": exc}
        ) from None
    return ascii_host, unicode_host, parts.username or ""


def _segments(word: str, vocabulary: frozenset[str] | set[str], allow_digits: bool) -> list[str] | None:
    """Split ``word`` into vocabulary words (digit runs allowed as words if asked); None if impossible.
    Prefers the split with the fewest pieces."""
    n = len(word)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for i in range(n):
        if best[i] is None:
            continue
        for j in range(i + 1, n + 1):
            piece = word[i:j]
            if piece in vocabulary or (allow_digits and piece.isdigit()):
                candidate = [*best[i], piece]
                if best[j] is None or len(candidate) < len(best[j]):
                    best[j] = candidate
    return best[n]


class Checker:
    """Checks hosts against a fixed set of officials; build once and reuse (the CLI checks many)."""

    def __init__(self, officials: Iterable[Official]):
        self.officials = sorted(officials, key=lambda o: (-len(o.host), o.host))
        self._typos: dict[str, dict[str, str]] = {}
        self._vocab: dict[str, tuple[frozenset[str], frozenset[str], str]] = {}
        for o in self.officials:
            vocabulary = frozenset(ADDED_WORDS | {k for k in o.keywords if k.isascii()} | {o.label})
            self._vocab[o.host] = (vocabulary, frozenset(skeleton(w) for w in vocabulary), skeleton(o.label))
        for o in self.officials:
            if o.registered not in self._typos and o.suffix:
                self._typos[o.registered] = self._permutations(o)

    @staticmethod
    def _permutations(o: Official) -> dict[str, str]:
        """Label variants of an official registrable domain → dnstwist fuzzer name (no DNS lookups)."""
        import dnstwist

        fuzzer = dnstwist.Fuzzer(o.registered, dictionary=sorted(ADDED_WORDS))
        fuzzer.generate(fuzzers=list(FUZZER_REASONS))
        # dnstwist splits at a short built-in TLD list; the label is what precedes the official suffix.
        tail = "." + o.suffix
        variants: dict[str, str] = {}
        for perm in fuzzer.permutations():
            domain = perm["domain"]
            if not domain.endswith(tail):
                continue
            label = domain[: -len(tail)]
            if "." in label or label == o.label:
                continue
            variants.setdefault(label, perm["fuzzer"])
        return variants

    def official_for(self, host: str) -> Official | None:
        for o in self.officials:  # longest host first: the most specific entry answers
            if host == o.host or (o.include_subdomains and host.endswith("." + o.host)):
                return o
        return None

    def check(self, url: str) -> UrlCheck:
        ascii_host, unicode_host, userinfo = parse_host(url)
        result = UrlCheck(url=url, host=ascii_host, unicode_host=unicode_host, verdict=Verdict.UNRELATED)
        official = self.official_for(ascii_host)
        if official is not None and not userinfo:
            result.verdict, result.imitates = Verdict.OFFICIAL, official.host
            return result
        if official is None and _is_ip(ascii_host):
            return result
        words = _words_of(ascii_host) | _words_of(skeleton(unicode_host)) | _words_of(userinfo.lower())
        candidates: list[tuple[int, int, Official, list[str]]] = []
        parts = split_host(ascii_host)
        for o in self.officials:
            reasons = self._reasons(o, ascii_host, unicode_host, userinfo, parts)
            if reasons:
                bonus = 1 if o.subdomain and o.subdomain in words else 0
                candidates.append((len(reasons) + bonus, -len(o.host), o, reasons))
        if candidates:
            # Most reasons first; a repeated official sub-label (cx) counts; then the shorter host.
            _, _, o, reasons = max(candidates, key=lambda c: (c[0], c[1]))
            if (
                any(label.startswith("xn--") for label in ascii_host.split("."))
                and Reason.PUNYCODE not in reasons
            ):
                reasons.insert(0, Reason.PUNYCODE)
            result.verdict = Verdict.LOOKALIKE
            result.imitates = o.host
            result.reasons = [str(r) for r in reasons]
        return result

    def _reasons(
        self, o: Official, host: str, unicode_host: str, userinfo: str, parts: tuple[str, str, str]
    ) -> list[str]:
        reasons: list[str] = []

        def add(reason: str) -> None:
            if reason not in reasons:
                reasons.append(reason)

        if userinfo and (o.registered in userinfo.lower() or o.host in userinfo.lower()):
            # http://cx.mem.gov.cn@evil.example/ shows the official name but goes to evil.example.
            add(Reason.OFFICIAL_NAME_IN_SUBDOMAIN)
        if not o.suffix:
            return reasons
        sub, label, suffix = parts
        if not label:
            return reasons
        # The official registrable domain inside another host: mem.gov.cn.example.com,
        # mem.gov.cn-zs.com, mem-gov-cn.example.com.
        if f".{o.registered}." in f".{host}." and not (
            host == o.registered or host.endswith("." + o.registered)
        ):
            add(Reason.OFFICIAL_NAME_IN_SUBDOMAIN)
        elif re.search(rf"(^|\.){re.escape(o.registered)}-", host):
            add(Reason.OFFICIAL_NAME_IN_SUBDOMAIN)
        elif o.registered.replace(".", "-") in host.split(".")[:-1] or any(
            lab.startswith(o.registered.replace(".", "-")) for lab in sub.split(".") if lab
        ):
            add(Reason.OFFICIAL_NAME_IN_SUBDOMAIN)
        elif sub and (len(o.label) >= 4 or (o.subdomain and f"{o.subdomain}.{o.label}" in sub)):
            if o.label in sub.split("."):
                add(Reason.OFFICIAL_NAME_IN_SUBDOMAIN)
        unicode_label = _unicode_label(label)
        same_suffix = suffix == o.suffix
        restricted = suffix in RESTRICTED_SUFFIXES
        if label == o.label and not same_suffix:
            add(Reason.TLD_SWAP)
        elif label != o.label:
            # Look-alike letters: rnem, ⅿеm (Cyrillic), sarnr.
            if skeleton(unicode_label) == self._vocab[o.host][2]:
                add(Reason.HOMOGLYPH)
                if not same_suffix:
                    add(Reason.TLD_SWAP)
            # dnstwist's variants of the official label.
            fuzzer = self._typos.get(o.registered, {}).get(label)
            if fuzzer is not None:
                reason = FUZZER_REASONS[fuzzer]
                believable = reason == Reason.HOMOGLYPH or (
                    not restricted and (same_suffix or len(o.label) >= MIN_TYPO_LABEL_ACROSS_SUFFIXES)
                )
                if believable:
                    add(reason)
                    if not same_suffix:
                        add(Reason.TLD_SWAP)
            # The official label with words glued on, in any suffix: mem-cx.com, cxmemgov.cn.
            glued = self._glued(o, unicode_label, *self._vocab[o.host])
            if glued is not None:
                add(Reason.ADDED_WORDS)
                if glued == "homoglyph":
                    add(Reason.HOMOGLYPH)
                if not same_suffix and suffix not in ("com", "cn", "net", "com.cn", "net.cn"):
                    add(Reason.TLD_SWAP)
        # The body's Chinese name or its pinyin in the host (应急管理部查询.com, yingjiguanlibu-zs.com).
        if self._names_official(o, host, unicode_host):
            add(Reason.OFFICIAL_NAME)
        return reasons

    @staticmethod
    def _glued(
        o: Official,
        label: str,
        vocabulary: frozenset[str],
        folded_vocabulary: frozenset[str],
        folded_label: str,
    ) -> str | None:
        """'plain' if the label is the official label plus added words, 'homoglyph' if so only after
        folding look-alike letters, None otherwise."""
        allow_digits = not o.label.isdigit()
        tokens = [t for t in re.split(r"[-_]+", label) if t]
        if len(tokens) > 1 and o.label in tokens:
            return "plain"
        for token in tokens:
            pieces = _segments(token, vocabulary, allow_digits)
            if pieces and o.label in pieces and (len(pieces) > 1 or len(tokens) > 1):
                return "plain"
        folded_tokens = [skeleton(t) for t in tokens]
        if len(folded_tokens) > 1 and folded_label in folded_tokens:
            return "homoglyph"
        for token in folded_tokens:
            pieces = _segments(token, folded_vocabulary, allow_digits)
            if pieces and folded_label in pieces and (len(pieces) > 1 or len(tokens) > 1):
                return "homoglyph"
        return None

    @staticmethod
    def _names_official(o: Official, host: str, unicode_host: str) -> bool:
        if not o.keywords:
            return False
        labels = host.split(".")
        for keyword in o.keywords:
            if _CJK.search(keyword):
                if keyword in unicode_host:
                    return True
            elif len(keyword) >= 6 and any(keyword in lab for lab in labels[:-1]):
                return True
            elif keyword in _words_of(host):
                return True
        return False


def _unicode_label(label: str) -> str:
    try:
        return idna.decode(label) if label.startswith("xn--") else label
    except (idna.IDNAError, UnicodeError):
        return label


def _words_of(host: str) -> set[str]:
    words: set[str] = set()
    for lab in host.split("."):
        words.add(lab)
        words.update(t for t in re.split(r"[-_]+", lab) if t)
    return words


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def official_from_host(
    host: str, *, name: str = "", include_subdomains: bool = True, keywords=()
) -> Official:
    """An Official for a host given in ASCII or Unicode."""
    ascii_host, _, _ = parse_host(host)
    sub, label, suffix = split_host(ascii_host)
    if not suffix:  # localhost, an IP, an intranet name: matched only exactly
        sub, label, suffix = "", ascii_host, ""
    return Official(
        host=ascii_host,
        name=name,
        include_subdomains=include_subdomains,
        subdomain=sub,
        label=label,
        suffix=suffix,
        keywords=tuple(k.lower() for k in keywords),
    )
