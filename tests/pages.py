"""Synthetic test pages: real MNIST digits pasted onto paper or a board, with ground truth.

Each page has handwritten digits (MNIST test digits from resources/mnist_sample.npz) at heights from
15 to 200 px, dark ink on light paper or light chalk on a dark board, an uneven lighting gradient and a
shadow, paper texture, sometimes broken strokes, distractors (dots, ruled lines, a long line, a page
edge) and a JPEG re-encode. `make_page(seed)` is deterministic: the same seed gives the same page.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

import cv2
import numpy as np

from core.paths import MNIST_SAMPLE

Box = tuple[int, int, int, int]   # x, y, w, h


@dataclass
class Page:
    image: np.ndarray                       # BGR uint8
    boxes: list[Box]                        # ground truth: each digit's visible ink
    labels: list[int]
    dark_ink: bool
    numbers: list[tuple[str, Box]] = field(default_factory=list)   # digits written as numbers in a row


@functools.lru_cache(maxsize=1)
def mnist_digits() -> tuple[np.ndarray, np.ndarray]:
    with np.load(MNIST_SAMPLE) as data:
        return data["x_test"], data["y_test"].astype(np.int64)


def iou(a: Box, b: Box) -> float:
    x0, y0 = max(a[0], b[0]), max(a[1], b[1])
    x1, y1 = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    inter = max(0, x1 - x0) * max(0, y1 - y0)
    union = a[2] * a[3] + b[2] * b[3] - inter
    return inter / union if union else 0.0


def match_boxes(truth: list[Box], found: list[Box], min_iou: float = 0.5) -> list[tuple[int, int]]:
    """Greedy one-to-one matching by IoU: (truth index, found index) pairs."""
    pairs = sorted(((iou(t, f), i, j) for i, t in enumerate(truth) for j, f in enumerate(found)), reverse=True)
    used_truth, used_found, matches = set(), set(), []
    for score, i, j in pairs:
        if score < min_iou:
            break
        if i not in used_truth and j not in used_found:
            used_truth.add(i)
            used_found.add(j)
            matches.append((i, j))
    return matches


class _Canvas:
    """Ink coverage (0..1) over the page, and the boxes already taken."""

    def __init__(self, height: int, width: int, rng: np.random.Generator):
        self.height, self.width, self.rng = height, width, rng
        self.ink = np.zeros((height, width), np.float32)
        self.taken: list[Box] = []
        self.left_edge = 0          # columns left of this belong to the table, not the page

    def is_free(self, box: Box, margin: int) -> bool:
        """Inside the page and apart from every taken box by `margin` and by 0.4 × that box's height."""
        x, y, w, h = box
        if x < self.left_edge + margin or y < margin or x + w > self.width - margin or y + h > self.height - margin:
            return False
        for other in self.taken:
            space = max(margin, round(0.4 * other[3]))
            grown = (x - space, y - space, w + 2 * space, h + 2 * space)
            if iou(grown, other) > 0.0:
                return False
        return True

    def find_place(self, w: int, h: int, margin: int, tries: int = 60) -> tuple[int, int] | None:
        for _ in range(tries):
            x = int(self.rng.integers(0, max(1, self.width - w)))
            y = int(self.rng.integers(0, max(1, self.height - h)))
            if self.is_free((x, y, w, h), margin):
                return x, y
        return None


def digit_ink(index: int, height: int, rng: np.random.Generator, broken: bool) -> np.ndarray:
    """MNIST digit `index` cut to its ink and scaled to `height` px: float32 coverage 0..1."""
    images, _ = mnist_digits()
    digit = images[index]
    x, y, w, h = cv2.boundingRect((digit > 0).astype(np.uint8))
    digit = digit[y:y + h, x:x + w]
    width = max(1, round(w * height / h))
    interpolation = cv2.INTER_AREA if height < h else cv2.INTER_CUBIC
    ink = np.clip(cv2.resize(digit, (width, height), interpolation=interpolation) / 255.0, 0, 1).astype(np.float32)
    if broken:
        band = max(1, round(0.035 * height))
        row = int(rng.integers(round(0.3 * height), round(0.7 * height)))
        ink[row:row + band] = 0.0
    return ink


def _visible_box(ink: np.ndarray, x: int, y: int) -> Box:
    bx, by, bw, bh = cv2.boundingRect((ink > 0.3).astype(np.uint8))
    return x + bx, y + by, bw, bh


def _paste(canvas: _Canvas, ink: np.ndarray, x: int, y: int) -> None:
    region = canvas.ink[y:y + ink.shape[0], x:x + ink.shape[1]]
    np.maximum(region, ink, out=region)


def _place_digits(canvas: _Canvas, page: Page, count: int, heights: tuple[int, int], broken: float) -> None:
    images, labels = mnist_digits()
    rng = canvas.rng
    low, high = np.log(heights[0]), np.log(heights[1])
    for _ in range(count):
        index = int(rng.integers(len(images)))
        height = int(round(np.exp(rng.uniform(low, high))))
        while height >= heights[0]:
            ink = digit_ink(index, height, rng, broken=rng.random() < broken)
            place = canvas.find_place(ink.shape[1], ink.shape[0], margin=max(8, round(0.4 * height)))
            if place:
                break
            height = int(height * 0.8)
        else:
            continue
        x, y = place
        _paste(canvas, ink, x, y)
        canvas.taken.append((x, y, ink.shape[1], ink.shape[0]))
        page.boxes.append(_visible_box(ink, x, y))
        page.labels.append(int(labels[index]))


def _place_number(canvas: _Canvas, page: Page, length: int, height: int, text: str | None = None) -> None:
    """Digits written in a row as one number (similar heights, aligned, small gaps); `text` picks them."""
    images, labels = mnist_digits()
    rng = canvas.rng
    inks, indices = [], []
    for position in range(length if text is None else len(text)):
        if text is None:
            index = int(rng.integers(len(images)))
        else:
            index = int(rng.choice(np.flatnonzero(labels == int(text[position]))))
        indices.append(index)
        inks.append(digit_ink(index, int(height * rng.uniform(0.85, 1.0)), rng, broken=False))
    gaps = [int(height * rng.uniform(0.12, 0.3)) for _ in range(len(inks) - 1)]
    total_w = sum(ink.shape[1] for ink in inks) + sum(gaps)
    place = canvas.find_place(total_w, height, margin=max(10, round(0.4 * height)))
    if place is None:
        return
    x, y = place
    first_box = len(page.boxes)
    for ink, index, gap in zip(inks, indices, gaps + [0]):
        top = y + (height - ink.shape[0]) // 2 + int(rng.integers(-1, 2))
        top = min(max(top, 0), canvas.height - ink.shape[0])
        _paste(canvas, ink, x, top)
        page.boxes.append(_visible_box(ink, x, top))
        page.labels.append(int(labels[index]))
        x += ink.shape[1] + gap
    canvas.taken.append((place[0], y, total_w, height))
    members = page.boxes[first_box:]
    x0, y0 = min(b[0] for b in members), min(b[1] for b in members)
    x1, y1 = max(b[0] + b[2] for b in members), max(b[1] + b[3] for b in members)
    page.numbers.append(("".join(str(label) for label in page.labels[first_box:]), (x0, y0, x1 - x0, y1 - y0)))


def _add_distractors(canvas: _Canvas, ruled: np.ndarray, dark_ink: bool) -> None:
    rng = canvas.rng
    for _ in range(int(rng.integers(3, 9))):                   # dots: pen taps, dust, holes
        radius = int(rng.integers(1, 4))
        place = canvas.find_place(2 * radius + 1, 2 * radius + 1, margin=6, tries=20)
        if place:
            cv2.circle(canvas.ink, (place[0] + radius, place[1] + radius), radius, 1.0, -1, cv2.LINE_AA)
    if dark_ink and rng.random() < 0.5:                         # ruled lines (light, across everything)
        spacing = int(rng.integers(28, 45))
        for y in range(int(rng.integers(10, 30)), canvas.height, spacing):
            cv2.line(ruled, (0, y), (canvas.width, y + int(rng.integers(-3, 4))), 1.0, 1, cv2.LINE_AA)
    if rng.random() < 0.7:                                      # a long pen line where no digit is
        for _ in range(20):
            length = int(canvas.width * rng.uniform(0.35, 0.7))
            angle = rng.choice([0.0, rng.uniform(-0.5, 0.5), rng.uniform(1.2, 1.57)])
            dx, dy = int(length * np.cos(angle)), int(length * np.sin(angle))
            box = (0, 0, abs(dx) + 1, abs(dy) + 1)
            place = canvas.find_place(box[2], box[3], margin=8, tries=10)
            if place:
                x, y = place
                start = (x, y if dy >= 0 else y + abs(dy))
                end = (x + dx, start[1] + dy)
                cv2.line(canvas.ink, start, end, 1.0, int(rng.integers(1, 4)), cv2.LINE_AA)
                canvas.taken.append((x, y, box[2], box[3]))
                break


def _lighting(height: int, width: int, rng: np.random.Generator) -> np.ndarray:
    """Multiplicative light: a gradient across the page and a soft-edged shadow."""
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    angle = rng.uniform(0, 2 * np.pi)
    ramp = (np.cos(angle) * xx + np.sin(angle) * yy)
    ramp = (ramp - ramp.min()) / max(1e-6, ramp.max() - ramp.min())
    light = 1.0 - rng.uniform(0.0, 0.45) * ramp
    if rng.random() < 0.6:
        shadow = np.zeros((height, width), np.float32)
        corner = (int(rng.integers(0, width)), int(rng.integers(0, height)))
        axes = (int(rng.integers(width // 4, width)), int(rng.integers(height // 4, height)))
        cv2.ellipse(shadow, corner, axes, float(rng.uniform(0, 180)), 0, 360, 1.0, -1)
        softness = int(rng.integers(10, 40)) * 2 + 1
        shadow = cv2.GaussianBlur(shadow, (softness, softness), 0)
        light *= 1.0 - rng.uniform(0.3, 0.55) * shadow
    return light


def make_page(seed: int, size: tuple[int, int] = (480, 640), count: int = 8, heights: tuple[int, int] = (15, 200),
              numbers: int = 0, broken: float = 0.25, distractors: bool = True, jpeg: bool = True,
              dark_ink: bool | None = None, texts: tuple[str, ...] = (), text_height: int = 60) -> Page:
    """A page of `count` loose digits plus `numbers` random multi-digit numbers and the numbers in
    `texts` (written `text_height` px tall); deterministic per seed."""
    rng = np.random.default_rng(seed)
    height, width = size
    dark_ink = bool(rng.random() < 0.7) if dark_ink is None else dark_ink
    page = Page(np.zeros((height, width, 3), np.uint8), [], [], dark_ink)
    canvas = _Canvas(height, width, rng)
    table = distractors and rng.random() < 0.3
    if table:
        canvas.left_edge = int(rng.integers(15, 50))
    for text in texts:
        _place_number(canvas, page, len(text), text_height, text)
    for _ in range(numbers):
        _place_number(canvas, page, int(rng.integers(2, 5)), int(rng.integers(22, 60)))
    _place_digits(canvas, page, count, heights, broken)
    ruled = np.zeros((height, width), np.float32)
    if distractors:
        _add_distractors(canvas, ruled, dark_ink)

    if dark_ink:
        paper = rng.uniform(195, 245, 3)
        ink_colour = rng.choice([rng.uniform(10, 60, 3), np.array([130.0, 50.0, 25.0]) * rng.uniform(0.6, 1.2)])
    else:
        paper = rng.uniform(25, 70, 3) * np.array([1.0, 1.2, 0.9])
        ink_colour = rng.uniform(190, 245, 3)
    picture = np.empty((height, width, 3), np.float32)
    picture[:] = paper
    ruled_colour = np.array([235.0, 200.0, 170.0]) * (paper / 230.0)
    ruled_alpha = 0.5 * ruled[:, :, None]
    picture = picture * (1 - ruled_alpha) + ruled_colour * ruled_alpha
    ink = canvas.ink[:, :, None] * rng.uniform(0.85, 1.0)
    picture = picture * (1 - ink) + ink_colour * ink
    if table:
        picture[:, :canvas.left_edge] = rng.uniform(40, 110, 3) if dark_ink else rng.uniform(150, 200, 3)
    picture *= _lighting(height, width, rng)[:, :, None]
    texture = cv2.GaussianBlur(rng.normal(0, 1, (height, width)).astype(np.float32), (0, 0), 6) * 25
    picture += texture[:, :, None] + rng.normal(0, rng.uniform(1.5, 5), (height, width, 1))
    image = np.clip(picture + 0.5, 0, 255).astype(np.uint8)
    if jpeg:
        ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(40, 91))])
        image = cv2.imdecode(encoded, cv2.IMREAD_COLOR)
    page.image = image
    return page


def write_demo_files(folder) -> None:
    """resources/demo: a 640×480 page with the year written on it, and a short video of the page
    moving under a camera (pan, zoom and a passing shadow). Run: python -m tests.pages resources/demo"""
    from pathlib import Path

    from core.fileio import write_bytes_atomic
    from core.media import Recorder

    folder = Path(folder)
    page = make_page(2026, count=5, heights=(28, 110), texts=("2026",), text_height=70, dark_ink=True,
                     broken=0.0, jpeg=False)
    ok, encoded = cv2.imencode(".jpg", page.image, [cv2.IMWRITE_JPEG_QUALITY, 88])
    write_bytes_atomic(folder / "page.jpg", encoded.tobytes())

    big = make_page(7, size=(720, 960), count=8, heights=(40, 140), texts=("42", "1984"), text_height=80,
                    dark_ink=True, broken=0.0, jpeg=False).image
    frames, size = 48, (480, 360)
    with Recorder(folder / "clip.mp4", 12, size) as recorder:
        for index in range(frames):
            t = index / (frames - 1)
            zoom = 1.6 - 0.5 * np.sin(np.pi * t)
            cx, cy = 480 + 160 * np.cos(2 * np.pi * t), 360 + 90 * np.sin(2 * np.pi * t)
            w, h = size[0] * zoom, size[1] * zoom
            source = np.float32([[cx - w / 2, cy - h / 2], [cx + w / 2, cy - h / 2], [cx - w / 2, cy + h / 2]])
            target = np.float32([[0, 0], [size[0], 0], [0, size[1]]])
            view = cv2.warpAffine(big, cv2.getAffineTransform(source, target), size, borderMode=cv2.BORDER_REFLECT)
            shade = np.ones(size[::-1], np.float32)
            edge = int(size[0] * (1.4 - 1.8 * t))
            shade[:, max(0, edge):] = 0.65
            shade = cv2.GaussianBlur(shade, (0, 0), 25)
            recorder.write(np.clip(view * shade[:, :, None], 0, 255).astype(np.uint8))


if __name__ == "__main__":
    import sys

    write_demo_files(sys.argv[1] if len(sys.argv) > 1 else "resources/demo")
