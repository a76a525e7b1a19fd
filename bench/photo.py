"""A 12-megapixel JPEG through the photo pipeline: check, decode, orient, strip, 1600 px and
thumbnail (target: under 300 ms).

    .venv/bin/python -m bench.photo [--runs 10]
"""

from __future__ import annotations

import argparse
import io
import random
import time

from PIL import Image, ImageDraw

from bench.common import summary
from laksa.lib.images import process_image


def twelve_megapixels() -> bytes:
    rnd = random.Random(3)
    image = Image.new("RGB", (4000, 3000), (120, 130, 140))
    draw = ImageDraw.Draw(image)
    for _ in range(400):
        x, y = rnd.randrange(4000), rnd.randrange(3000)
        colour = tuple(rnd.randrange(256) for _ in range(3))
        draw.ellipse([x, y, x + rnd.randrange(20, 400), y + rnd.randrange(20, 400)], fill=colour)
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: the phone was held upright
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92, exif=exif.tobytes())
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    data = twelve_megapixels()
    samples = []
    for _ in range(args.runs):
        started = time.perf_counter()
        process_image(io.BytesIO(data), size=len(data), max_bytes=30 << 20, max_pixels=40_000_000)
        samples.append((time.perf_counter() - started) * 1000)
    print(f"photo: 12 MP JPEG ({len(data) // 1024} KiB) through the pipeline: {summary(samples)}")


if __name__ == "__main__":
    main()
