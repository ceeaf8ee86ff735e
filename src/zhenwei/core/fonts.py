"""A CJK TrueType font for PDFs and images, built from the Noto Sans CJK font packaged on PyPI.

reportlab embeds only TrueType (glyf) outlines, while Noto Sans CJK ships PostScript (CFF) outlines.
We subset the font to the characters official documents use (GBK: all of GB2312 and the Traditional
forms, plus ASCII, Latin-1, CJK punctuation and full-width forms) and convert the outlines to
quadratic curves with fontTools' cu2qu, caching the result under VAR_DIR/fonts.

That build takes 20–60 s of CPU, far too long for a request (a browser or proxy gives up on the first
PDF export): ``zhenwei fonts prepare`` does it at install (``make install``/``make demo``/``make test``),
and ``zhenwei serve`` calls :func:`prepare` before it accepts requests, so a request only reads the
cached file (about 0.2 s, once per process). A request that still finds no font (an install that
skipped both) builds it as before rather than failing.
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from functools import lru_cache
from pathlib import Path

from django.conf import settings

log = logging.getLogger(__name__)
FONT_NAME = "ZhenweiCJK"
_VERSION = "1"  # bump when the character set or conversion changes
_lock = threading.Lock()


def source_font_path() -> Path:
    import cvttf_NotoSansCJK_Regular

    return Path(cvttf_NotoSansCJK_Regular.get_TTF_path())


def _charset() -> set[int]:
    chars: set[int] = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))
    chars |= set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0)) | set(range(0x2000, 0x2070))
    chars |= {
        0x2116,
        0x2103,
        0x2460,
        0x2461,
        0x2462,
        0x2463,
        0x2464,
        0x25CB,
        0x25CF,
        0x25A1,
        0x25A0,
        0x221A,
        0x00D7,
    }
    for hi in range(0x81, 0xFF):
        for lo in range(0x40, 0xFF):
            if lo == 0x7F:
                continue
            try:
                chars.add(ord(bytes([hi, lo]).decode("gbk")))
            except UnicodeDecodeError:
                continue
    return chars


def _build(target: Path) -> None:
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    logging.getLogger("fontTools").setLevel(logging.WARNING)
    font = TTFont(str(source_font_path()))
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=_charset())
    subsetter.subset(font)

    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    for tag in ("CFF ", "VORG", "BASE", "GPOS", "GSUB", "DSIG", "vhea", "vmtx"):
        if tag in font:
            del font[tag]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    maxp.maxComponentDepth = 0
    font["head"].glyphDataFormat = 0
    font["head"].indexToLocFormat = 0
    post = font["post"]
    post.formatType = 3.0
    font.sfntVersion = "\x00\x01\x00\x00"
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".ttf")
    os.close(fd)
    font.save(tmp)
    os.replace(tmp, target)  # atomic: concurrent processes never see half a font


def cached_font_path() -> Path:
    """Where the built font lives (it may not exist yet)."""
    return Path(settings.VAR_DIR) / "fonts" / f"zhenwei-cjk-v{_VERSION}.ttf"


def is_prepared() -> bool:
    return cached_font_path().exists()


def cjk_font_path() -> Path:
    """Path to the cached TrueType CJK font; built here only if install and server start did not."""
    target = cached_font_path()
    if not target.exists():
        with _lock:
            if not target.exists():
                log.info("building CJK TrueType font at %s", target)
                _build(target)
    return target


@lru_cache(maxsize=1)
def reportlab_font() -> str:
    """Register the CJK font with reportlab and return its name for setFont()/ParagraphStyle."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont as ReportlabTTFont

    pdfmetrics.registerFont(ReportlabTTFont(FONT_NAME, str(cjk_font_path())))
    return FONT_NAME


def prepare(*, warm: bool = True) -> Path:
    """Build the font if missing (install, server start) and, with ``warm``, register it with
    reportlab in this process so that the first export of a worker forked from it pays nothing."""
    path = cjk_font_path()
    if warm:
        reportlab_font()
    return path


def warm_in_background() -> None:
    """Server start for any WSGI server: warm now when the font is built (0.2 s), else build it in a
    daemon thread; a request meanwhile waits on the build lock instead of starting a second build."""
    if is_prepared():
        prepare()
        return
    log.warning("CJK font not built at install (run `zhenwei fonts prepare`); building it now")
    threading.Thread(target=prepare, name="zhenwei-font-build", daemon=True).start()
