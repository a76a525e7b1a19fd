"""Pictures the demo draws itself: a simple scene per kind of problem, and a tidy "after" picture.

No photo is downloaded or shipped: each is drawn with Pillow from a seed, then goes through the
same pipeline as a citizen's upload (laksa.lib.images.process_image).
"""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw

from laksa.lib.images import ProcessedImage, process_image

SIZE = (640, 480)
HORIZON = 200
Colour = tuple[int, int, int]

# Which picture each category gets; anything not listed is a street with an office front.
SCENES = {
    "INF-JLN": "pothole",
    "INF-TRT": "pothole",
    "INF-DRN": "drain",
    "BCN-BJR": "flood",
    "KBK-KBR": "fire",
    "PHN-TBG": "tree",
    "PHN-PGK": "tree",
    "TMN-FSM": "tree",
    "PJU-MTI": "light",
    "PJU-BRU": "light",
    "LST-PLN": "light",
    "LLN-RMB": "traffic",
    "LLN-MCT": "traffic",
    "PKR-LIR": "traffic",
    "LH-SMP": "rubbish",
    "LH-BKR": "rubbish",
    "LH-CMR": "drain",
    "TRB-PKL": "stalls",
    "TRB-BGL": "stalls",
    "KES-DBD": "drain",
}


def _rgb(rnd: random.Random, low: int, high: int) -> Colour:
    return (rnd.randrange(low, high), rnd.randrange(low, high), rnd.randrange(low, high))


def _street(draw: ImageDraw.ImageDraw, rnd: random.Random) -> None:
    w, h = SIZE
    draw.rectangle([0, 0, w, HORIZON], fill=(150 + rnd.randrange(60), 190 + rnd.randrange(40), 230))
    for _ in range(rnd.randrange(2, 5)):  # houses and shops along the road
        x = rnd.randrange(-40, w - 60)
        top = rnd.randrange(70, 130)
        draw.rectangle([x, top, x + rnd.randrange(90, 150), HORIZON], fill=_rgb(rnd, 120, 240))
        draw.polygon([(x - 10, top), (x + 55, top - 45), (x + 120, top)], fill=(150, 60, 40))
        draw.rectangle([x + 20, top + 30, x + 45, top + 60], fill=(60, 80, 100))
    grey = 85 + rnd.randrange(25)
    draw.rectangle([0, HORIZON, w, h], fill=(grey, grey, grey + 3))
    draw.rectangle([0, HORIZON, w, HORIZON + 18], fill=(170, 165, 150))  # the sidewalk
    for x in range(rnd.randrange(0, 40), w, 90):  # road markings
        draw.rectangle([x, 345, x + 45, 353], fill=(235, 235, 220))


def _problem(draw: ImageDraw.ImageDraw, kind: str, rnd: random.Random, cx: int, cy: int) -> None:
    w, h = SIZE
    if kind == "pothole":
        rx, ry = rnd.randrange(60, 120), rnd.randrange(22, 45)
        draw.ellipse([cx - rx, cy - ry, cx + rx, cy + ry], fill=(45, 40, 35))
        draw.ellipse([cx - rx + 25, cy - ry + 10, cx + rx - 25, cy + ry - 8], fill=(70, 90, 110))
        for _ in range(8):  # cracks
            x = cx + rnd.randrange(-rx, rx)
            draw.line(
                [x, cy, x + rnd.randrange(-60, 60), cy + rnd.randrange(-40, 40)], (50,) * 3, 2
            )
    elif kind == "drain":
        draw.rectangle([0, HORIZON + 18, w, HORIZON + 60], fill=(60, 70, 50))
        for _ in range(30):
            x = rnd.randrange(w)
            draw.ellipse([x, HORIZON + 25, x + 30, HORIZON + 50], fill=_rgb(rnd, 30, 220))
        draw.rectangle([0, HORIZON + 60, w, HORIZON + 110], fill=(95, 90, 60))  # it overflows
    elif kind == "flood":
        level = HORIZON + rnd.randrange(20, 70)
        draw.rectangle([0, level, w, h], fill=(115, 100, 65))
        for _ in range(40):
            y = rnd.randrange(level, h)
            draw.line([0, y, w, y + rnd.randrange(-5, 5)], fill=(135, 120, 85))
    elif kind == "fire":
        x = rnd.randrange(60, w - 200)
        draw.rectangle([x, 90, x + 160, HORIZON], fill=(60, 50, 45))
        for _ in range(12):
            fx = x + rnd.randrange(0, 160)
            colour = rnd.choice([(250, 120, 20), (255, 200, 40), (230, 60, 20)])
            draw.polygon([(fx - 20, 130), (fx, rnd.randrange(30, 90)), (fx + 20, 130)], colour)
        draw.ellipse([x - 40, 0, x + 200, 60], fill=(90, 90, 90))  # smoke
    elif kind == "tree":
        draw.line([cx - 180, cy - 30, cx + 150, cy + 10], fill=(90, 60, 30), width=28)
        for _ in range(14):
            x, y = cx + rnd.randrange(40, 220), cy + rnd.randrange(-60, 40)
            draw.ellipse([x - 40, y - 30, x + 40, y + 30], fill=(40, 110 + rnd.randrange(60), 40))
    elif kind == "light":
        draw.rectangle([cx - 6, 90, cx + 6, 420], fill=(60, 60, 60))
        draw.rectangle([cx - 50, 82, cx + 6, 96], fill=(40, 40, 40))
        draw.ellipse([cx - 50, 90, cx - 20, 104], fill=(70, 70, 70))  # the lamp, dark
    elif kind == "traffic":
        for _ in range(rnd.randrange(3, 7)):  # cars
            x, y = rnd.randrange(0, w - 120), rnd.randrange(HORIZON + 40, h - 60)
            draw.rounded_rectangle([x, y, x + 110, y + 50], 12, fill=_rgb(rnd, 40, 240))
            draw.ellipse([x + 10, y + 40, x + 30, y + 60], fill=(20, 20, 20))
            draw.ellipse([x + 80, y + 40, x + 100, y + 60], fill=(20, 20, 20))
        draw.rectangle([cx - 5, 60, cx + 5, 300], fill=(50, 50, 50))
        draw.rectangle([cx - 16, 40, cx + 16, 120], fill=(30, 30, 30))
        for n in range(3):  # the signal, all lamps out
            draw.ellipse([cx - 10, 46 + n * 24, cx + 10, 66 + n * 24], fill=(70, 70, 70))
    elif kind == "rubbish":
        for _ in range(rnd.randrange(20, 40)):  # a heap of bags
            x, y = cx + rnd.randrange(-110, 110), cy + rnd.randrange(-45, 30)
            colour = rnd.choice([(20, 20, 20), (40, 90, 40), (200, 200, 200), (150, 40, 40)])
            draw.ellipse([x - 25, y - 18, x + 25, y + 18], fill=colour)
    elif kind == "stalls":
        for n in range(rnd.randrange(2, 5)):  # carts and awnings on the sidewalk
            x = 30 + n * 150 + rnd.randrange(30)
            draw.rectangle([x, HORIZON - 10, x + 110, HORIZON + 60], fill=_rgb(rnd, 100, 220))
            draw.polygon(
                [(x - 10, HORIZON - 10), (x + 55, HORIZON - 50), (x + 120, HORIZON - 10)],
                fill=rnd.choice([(200, 40, 40), (40, 80, 200), (240, 180, 30)]),
            )
    else:
        draw.rectangle([cx - 120, 70, cx + 120, HORIZON], fill=(225, 225, 215))  # an office
        for n in range(4):
            draw.rectangle([cx - 100 + n * 55, 100, cx - 70 + n * 55, 140], fill=(80, 110, 140))


def _fixed(draw: ImageDraw.ImageDraw, kind: str, rnd: random.Random, cx: int, cy: int) -> None:
    if kind == "light":
        draw.rectangle([cx - 6, 90, cx + 6, 420], fill=(60, 60, 60))
        draw.rectangle([cx - 50, 82, cx + 6, 96], fill=(40, 40, 40))
        draw.ellipse([cx - 70, 80, cx, 120], fill=(255, 240, 150))
    elif kind in ("pothole", "drain", "flood"):
        draw.rectangle([cx - 130, cy - 45, cx + 130, cy + 45], fill=(55, 55, 58))  # fresh asphalt
    elif kind == "traffic":
        draw.rectangle([cx - 5, 60, cx + 5, 300], fill=(50, 50, 50))
        draw.rectangle([cx - 16, 40, cx + 16, 120], fill=(30, 30, 30))
        draw.ellipse([cx - 10, 94, cx + 10, 114], fill=(40, 220, 80))
    elif kind == "tree":
        draw.rectangle([cx - 150, cy - 20, cx + 40, cy + 10], fill=(110, 80, 50))  # cut logs
    for _ in range(2):  # the crew in orange vests
        x = rnd.randrange(40, SIZE[0] - 60)
        draw.ellipse([x, 240, x + 24, 264], fill=(200, 160, 120))
        draw.rectangle([x - 4, 264, x + 28, 320], fill=(250, 120, 20))
    draw.rectangle([20, 20, 190, 62], fill=(30, 140, 60))  # the crew's board: "SELESAI"
    draw.text((48, 34), "SELESAI", fill=(255, 255, 255))


def draw_scene(category_code: str, seed: int, *, after: bool = False) -> bytes:
    """A JPEG of the problem (or, with `after`, of the finished work) for one category."""
    kind = SCENES.get(category_code, "office")
    # The same seed draws the same street, so "after" shows the place of "before", fixed.
    rnd = random.Random(f"{category_code}:{seed}")
    image = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    _street(draw, rnd)
    cx, cy = 180 + rnd.randrange(280), 370 + rnd.randrange(50)
    if after:
        _fixed(draw, kind, random.Random(f"{category_code}:{seed}:after"), cx, cy)
    else:
        _problem(draw, kind, rnd, cx, cy)
        if kind == "light":  # night: the lamp is out
            image = image.point(lambda v: int(v * 0.4))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def scene(category_code: str, seed: int, *, after: bool = False) -> ProcessedImage:
    """A drawn photo, checked and re-encoded like any upload."""
    data = draw_scene(category_code, seed, after=after)
    return process_image(
        io.BytesIO(data), size=len(data), max_bytes=15 << 20, max_pixels=40_000_000
    )
