"""Draw the favicon (a red seal with a white tick: 真, genuine) as SVG, 32/180 px PNG and a
multi-size ICO into core/static/zhenwei/. Run again after changing the drawing; the files are committed."""

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[1] / "src" / "zhenwei" / "core" / "static" / "zhenwei"
RED = "#b71c1c"
# On a 64-unit grid: the rounded square, and the tick as a polyline.
TICK = [(16, 33), (28, 45), (49, 21)]

SVG = f"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
<rect x="2" y="2" width="60" height="60" rx="12" fill="{RED}"/>
<polyline points="{" ".join(f"{x},{y}" for x, y in TICK)}" fill="none" stroke="#fff" stroke-width="8" stroke-linecap="round" stroke-linejoin="round"/>
</svg>
"""


def draw(size: int) -> Image.Image:
    scale = 4  # draw large, shrink smoothly
    k = size * scale / 64
    image = Image.new("RGBA", (size * scale, size * scale), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle([2 * k, 2 * k, 62 * k, 62 * k], radius=12 * k, fill=RED)
    points = [(x * k, y * k) for x, y in TICK]
    pen.line(points, fill="white", width=round(8 * k), joint="curve")
    for x, y in (points[0], points[-1]):
        r = 4 * k
        pen.ellipse([x - r, y - r, x + r, y + r], fill="white")
    return image.resize((size, size), Image.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "favicon.svg").write_text(SVG, encoding="utf-8")
    draw(32).save(OUT / "favicon-32.png")
    draw(180).save(OUT / "apple-touch-icon.png")
    draw(64).save(OUT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48), (64, 64)])


if __name__ == "__main__":
    main()
