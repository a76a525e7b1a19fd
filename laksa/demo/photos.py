"""Pictures the demo draws itself: a simple scene per kind of problem, and a tidy "after" picture."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw, ImageFilter

from laksa.lib.images import ProcessedImage, process_image

SIZE = (640, 480)


def _sky_and_ground(draw: ImageDraw.ImageDraw, rnd: random.Random) -> None:
    sky = (150 + rnd.randrange(60), 190 + rnd.randrange(40), 230)
    draw.rectangle([0, 0, SIZE[0], 200], fill=sky)
    draw.rectangle([0, 200, SIZE[0], SIZE[1]], fill=(90 + rnd.randrange(20),) * 3)
    for x in range(0, SIZE[0], 80):  # road markings
        draw.rectangle([x + 10, 340, x + 50, 350], fill=(235, 235, 220))


def draw_scene(group: str, seed: int, *, after: bool = False) -> bytes:
    rnd = random.Random(seed * 7 + (1 if after else 0))
    image = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    _sky_and_ground(draw, rnd)
    for _ in range(3):  # houses along the road
        x = rnd.randrange(0, SIZE[0] - 120)
        colour = tuple(rnd.randrange(120, 240) for _ in range(3))
        draw.rectangle([x, 110, x + 110, 200], fill=colour)
        draw.polygon([(x - 10, 110), (x + 55, 60), (x + 120, 110)], fill=(150, 60, 40))
    cx, cy = 200 + rnd.randrange(240), 360 + rnd.randrange(60)
    if not after:
        if group == "Infrastruktur":
            draw.ellipse([cx - 90, cy - 35, cx + 90, cy + 35], fill=(45, 40, 35))
            draw.ellipse([cx - 60, cy - 20, cx + 60, cy + 20], fill=(70, 90, 110))
        elif group in ("Penerangan", "Lalu lintas"):
            draw.rectangle([cx - 6, 120, cx + 6, 420], fill=(60, 60, 60))
            draw.rectangle([cx - 40, 110, cx + 10, 125], fill=(40, 40, 40))
            image = image.point(lambda v: int(v * 0.45))  # night: the lamp is out
            draw = ImageDraw.Draw(image)
        elif group == "Bencana":
            draw.rectangle([0, 260, SIZE[0], SIZE[1]], fill=(110, 95, 60))
            for _ in range(40):
                y = rnd.randrange(260, SIZE[1])
                draw.line([0, y, SIZE[0], y + rnd.randrange(-5, 5)], fill=(130, 115, 80))
        else:
            for _ in range(25):  # a heap of rubbish bags
                x, y = cx + rnd.randrange(-100, 100), cy + rnd.randrange(-40, 30)
                colour = rnd.choice([(20, 20, 20), (40, 90, 40), (200, 200, 200), (150, 40, 40)])
                draw.ellipse([x - 25, y - 18, x + 25, y + 18], fill=colour)
    else:
        if group in ("Penerangan", "Lalu lintas"):
            draw.rectangle([cx - 6, 120, cx + 6, 420], fill=(60, 60, 60))
            draw.ellipse([cx - 50, 95, cx + 15, 140], fill=(255, 240, 150))
        else:
            draw.rectangle([cx - 110, cy - 40, cx + 110, cy + 40], fill=(70, 70, 72))
        draw.rectangle([20, 20, 180, 60], fill=(30, 140, 60))  # the crew's board: "SELESAI"
        draw.text((40, 32), "SELESAI", fill=(255, 255, 255))
    image = image.filter(ImageFilter.GaussianBlur(0.6))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def scene(group: str, seed: int, *, after: bool = False) -> ProcessedImage:
    data = draw_scene(group, seed, after=after)
    return process_image(
        io.BytesIO(data), size=len(data), max_bytes=15 << 20, max_pixels=40_000_000
    )
