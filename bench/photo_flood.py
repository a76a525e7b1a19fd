"""The pixel flood of issue 16 (finding 2): memory and time to process one 6320x6320 PNG (a
116 KB file of 40 megapixels) with the pipeline as it was (HEAD's laksa/lib/images.py, from git)
and as it is, each in a fresh process (peak RSS growth, from resource.getrusage); then what a
request of five such photos gets now.

    .venv/bin/python -m bench.photo_flood
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
SIZE = (6320, 6320)

CHILD = r"""
import importlib.util, io, json, os, resource, sys, time
import django
django.setup()
from django.conf import settings
data = open(sys.argv[2], "rb").read()
if sys.argv[1] == "before":
    spec = importlib.util.spec_from_file_location("images_before", sys.argv[3])
    images = importlib.util.module_from_spec(spec)
    sys.modules["images_before"] = images
    spec.loader.exec_module(images)
else:
    from laksa.lib import images
def rss():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
base = rss()
started = time.perf_counter()
result = images.process_image(io.BytesIO(data), size=len(data), max_bytes=15 * 1024 * 1024,
                              max_pixels=settings.LAKSA_PHOTO_MAX_PIXELS)
seconds = time.perf_counter() - started
print(json.dumps({"peak_growth": rss() - base, "seconds": seconds,
                  "kept": [result.width, result.height]}))
"""


def flood_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", SIZE, (120, 60, 30)).save(out, "PNG", optimize=True)
    return out.getvalue()


def measure(which: str, png: Path, before: Path) -> dict[str, object]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "laksa.settings", "LAKSA_DEV": "1"}
    env.setdefault("LAKSA_VAR_DIR", tempfile.mkdtemp(prefix="laksa-bench-"))
    done = subprocess.run(
        [sys.executable, "-c", CHILD, which, str(png), str(before)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode:
        raise SystemExit(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def request_of_five(png_bytes: bytes) -> str:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laksa.settings")
    os.environ.setdefault("LAKSA_DEV", "1")
    os.environ.setdefault("LAKSA_VAR_DIR", tempfile.mkdtemp(prefix="laksa-bench-"))
    import time

    import django

    django.setup()
    from django import forms
    from django.core.files.uploadedfile import SimpleUploadedFile

    from laksa.lib.uploads import process_uploads

    files = [SimpleUploadedFile(f"p{n}.png", png_bytes, "image/png") for n in range(5)]
    started = time.perf_counter()
    try:
        process_uploads(files)
        outcome = "accepted"
    except forms.ValidationError as exc:
        outcome = f"refused ({exc.messages[0]})"
    return f"{outcome} in {(time.perf_counter() - started) * 1000:.0f} ms"


def main() -> None:
    png_bytes = flood_png()
    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp) / "flood.png"
        png.write_bytes(png_bytes)
        before = Path(tmp) / "images_before.py"
        before.write_bytes(
            subprocess.run(
                ["git", "show", "HEAD:laksa/lib/images.py"], cwd=ROOT, capture_output=True,
                check=True,
            ).stdout
        )  # fmt: skip
        print(f"one {SIZE[0]}x{SIZE[1]} PNG of {len(png_bytes) // 1024} KB through the pipeline:")
        for which in ("before", "after"):
            figures = measure(which, png, before)
            print(
                f"  {which:6}  peak RSS +{int(figures['peak_growth']) / 2**20:6.0f} MiB"  # type: ignore[call-overload]
                f"  {figures['seconds']:.2f} s  kept {figures['kept']}"
            )
    print(f"a request of five such photos: {request_of_five(png_bytes)}")


if __name__ == "__main__":
    main()
