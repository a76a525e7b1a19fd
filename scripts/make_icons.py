"""Draws the citizen site's icons from the shapes of laksa/static/laksa/icons/icon.svg: a white
map pin with a red dot on the header's blue. Run after changing the design, then commit the files:

    .venv/bin/python scripts/make_icons.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ICONS = Path(__file__).resolve().parents[1] / "laksa" / "static" / "laksa" / "icons"
BLUE, WHITE, RED = "#0b3d66", "#ffffff", "#d62828"
SCALE = 4  # drawn four times larger, then shrunk: smooth edges without an SVG renderer


def draw(size: int, *, corner: float = 96) -> Image.Image:
    """The icon at `size` pixels square, in the SVG's 512-unit coordinates."""
    big = size * SCALE
    u = big / 512

    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=corner * u, fill=BLUE)
    pen.ellipse(((256 - 130) * u, (215 - 130) * u, (256 + 130) * u, (215 + 130) * u), fill=WHITE)
    pen.polygon([(143.4 * u, 280 * u), (368.6 * u, 280 * u), (256 * u, 448 * u)], fill=WHITE)
    pen.ellipse(((256 - 62) * u, (215 - 62) * u, (256 + 62) * u, (215 + 62) * u), fill=RED)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    # A phone's home screen rounds the corners itself and shows transparency as black: square.
    draw(180, corner=0).convert("RGB").save(ICONS / "apple-touch-icon.png", optimize=True)
    for size in (192, 512):
        draw(size).save(ICONS / f"icon-{size}.png", optimize=True)
    # Each size of the .ico drawn on its own, so the 16-pixel one is not a blurred 48.
    draw(48).save(
        ICONS / "favicon.ico",
        sizes=[(16, 16), (32, 32), (48, 48)],
        append_images=[draw(16), draw(32)],
    )
    for path in sorted(ICONS.iterdir()):
        print(f"{path.name}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
