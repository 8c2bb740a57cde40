"""The four uploads of a journey (about 0.5, 1.5, 3 and 5 MB): real one-page PDFs of a noisy
picture (it does not compress), which the portal's checks accept (core.file_checks). No
Locust import here: the fault scripts use them with `requests` (gevent would patch it)."""

import io
import random

from PIL import Image


def _pdf(side: int) -> bytes:
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), random.randbytes(side * side * 3)).save(out, "PDF", quality=90)
    return out.getvalue()


FILES = {name: _pdf(side) for name, side in [("0.5MB", 750), ("1.5MB", 1300), ("3MB", 1830), ("5MB", 2350)]}
