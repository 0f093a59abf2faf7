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



# --- page kinds: the conditions of real exercise books and photos, each with its writing order ---------

PLAIN_KINDS = ("plain",)
HARD_KINDS = ("ruled", "squared", "margin", "column", "touching", "perspective", "blur", "pencil", "shadows",
              "specks", "whiteboard")
PHOTO_KINDS = ("desk", "tilted_line", "hot_spot", "red_ink", "blue_ink", "pencil_photo")
KINDS = PLAIN_KINDS + HARD_KINDS + PHOTO_KINDS


@dataclass
class _Writing:
    """Digits written in lines on a sheet: ink coverage, which digit owns each inked pixel, the labels
    in writing order (line by line, left to right)."""
    ink: np.ndarray                 # float32 0..1
    owner: np.ndarray               # int32: 0 = paper, i + 1 = the i-th digit written
    labels: list[int] = field(default_factory=list)

    def paste(self, ink: np.ndarray, x: int, y: int, label: int) -> None:
        h, w = ink.shape
        if x < 0 or y < 0 or x + w > self.ink.shape[1] or y + h > self.ink.shape[0]:
            return
        _paste_into(self.ink, ink, x, y)
        region = self.owner[y:y + h, x:x + w]
        region[(ink > 0.3) & (region == 0)] = len(self.labels) + 1
        self.labels.append(label)


def _paste_into(target: np.ndarray, ink: np.ndarray, x: int, y: int) -> None:
    region = target[y:y + ink.shape[0], x:x + ink.shape[1]]
    np.maximum(region, ink, out=region)


def _random_digit(rng: np.random.Generator) -> tuple[int, int]:
    images, labels = mnist_digits()
    index = int(rng.integers(len(images)))
    return index, int(labels[index])


def _touch_offset(left: np.ndarray, right: np.ndarray) -> int:
    """How far `right` may start left of `left`'s right edge so that their strokes just touch."""
    h = min(left.shape[0], right.shape[0])              # written on one baseline: bottoms aligned
    a, b = left[-h:] > 0.3, right[-h:] > 0.3
    for width in range(1, min(left.shape[1], right.shape[1])):
        if (a[:, -width:] & b[:, :width]).any():
            return width                                 # overlapping `width` columns, the strokes meet
    return 0


def _write_lines(writing: _Writing, rng: np.random.Generator, lines: int, per_line: tuple[int, int],
                 heights: tuple[int, int], slope: float = 0.0, touching: bool = False,
                 baselines: list[int] | None = None, left: int | None = None) -> list[Box]:
    """Lines of digits, each a little different in size, `slope` px up per px right (uphill < 0);
    `touching`: digits of a pair touch. Returns each line's box."""
    height_px, width_px = writing.ink.shape
    line_boxes = []
    spacing = height_px / (lines + 0.6)
    for line in range(lines):
        size = int(rng.integers(heights[0], heights[1] + 1))
        x = int(rng.integers(20, 60)) if left is None else left
        base = baselines[line] if baselines else int((line + 0.9) * spacing + rng.integers(-5, 6))
        x0, top0 = x, base - size
        previous = None
        for position in range(int(rng.integers(per_line[0], per_line[1] + 1))):
            index, label = _random_digit(rng)
            ink = digit_ink(index, int(size * rng.uniform(0.85, 1.0)), rng, broken=False)
            if previous is not None:
                if touching and position % 2 == 1:
                    x -= _touch_offset(previous, ink)
                else:
                    x += int(size * rng.uniform(0.15, 0.35))
            if x + ink.shape[1] > width_px - 10:
                break
            y = int(round(base - ink.shape[0] + slope * (x - x0))) + int(rng.integers(-1, 2))
            writing.paste(ink, x, y, label)
            x += ink.shape[1]
            previous = ink
        line_boxes.append((x0, top0, x - x0, size))
    return line_boxes


def _write_column(writing: _Writing, rng: np.random.Generator, x: int, top: int, count: int,
                  heights: tuple[int, int]) -> None:
    """Digits stacked in a column (a sum written vertically), 10-20 px apart."""
    y = top
    for _ in range(count):
        index, label = _random_digit(rng)
        ink = digit_ink(index, int(rng.integers(heights[0], heights[1] + 1)), rng, broken=False)
        writing.paste(ink, x + int(rng.integers(-4, 5)), y, label)
        y += ink.shape[0] + int(rng.integers(10, 21))


def _paper_picture(shape: tuple[int, int], rng: np.random.Generator, paper, writing: _Writing, ink_colour,
                   rules: np.ndarray | None = None, rule_colour=None, ink_alpha: float = 1.0,
                   lighting: bool = True) -> np.ndarray:
    """Float BGR picture of the sheet: paper, printed lines, ink, light, texture and noise."""
    height, width = shape
    picture = np.empty((height, width, 3), np.float32)
    picture[:] = paper
    if rules is not None:
        alpha = rules[:, :, None]
        picture = picture * (1 - alpha) + np.asarray(rule_colour, np.float32) * alpha
    ink = writing.ink[:, :, None] * ink_alpha
    picture = picture * (1 - ink) + np.asarray(ink_colour, np.float32) * ink
    if lighting:
        picture *= _lighting(height, width, rng)[:, :, None]
    texture = cv2.GaussianBlur(rng.normal(0, 1, (height, width)).astype(np.float32), (0, 0), 6) * 12
    return picture + texture[:, :, None] + rng.normal(0, rng.uniform(1.5, 4), (height, width, 1))


def _ruled(shape: tuple[int, int], rng: np.random.Generator, spacing: int, vertical: bool = False) -> np.ndarray:
    rules = np.zeros(shape, np.float32)
    height, width = shape
    thickness = int(rng.integers(1, 3))
    strength = float(rng.uniform(0.45, 0.8))
    for y in range(int(rng.integers(8, spacing)), height, spacing):
        cv2.line(rules, (0, y), (width, y + int(rng.integers(-2, 3))), strength, thickness, cv2.LINE_AA)
    if vertical:
        for x in range(int(rng.integers(8, spacing)), width, spacing):
            cv2.line(rules, (x, 0), (x + int(rng.integers(-2, 3)), height), strength, thickness, cv2.LINE_AA)
    return rules


def _finish(picture: np.ndarray, rng: np.random.Generator, writing: _Writing, dark_ink: bool = True,
            jpeg: bool = True) -> Page:
    image = np.clip(picture + 0.5, 0, 255).astype(np.uint8)
    if jpeg:
        ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(60, 92))])
        image = cv2.imdecode(encoded, cv2.IMREAD_COLOR)
    boxes, labels = [], []
    for number, label in enumerate(writing.labels, start=1):
        mask = (writing.owner == number).astype(np.uint8)
        if cv2.countNonZero(mask) < 4:
            continue                                      # pasted over, or warped out of the picture
        boxes.append(cv2.boundingRect(mask))
        labels.append(label)
    return Page(image, boxes, labels, dark_ink)


def _warp(writing: _Writing, picture: np.ndarray, matrix: np.ndarray, size: tuple[int, int],
          border) -> tuple[_Writing, np.ndarray]:
    """The sheet and its ground truth through a perspective `matrix` onto a `size` (w, h) picture."""
    owner = cv2.warpPerspective(writing.owner.astype(np.float32), matrix, size, flags=cv2.INTER_NEAREST,
                                borderMode=cv2.BORDER_CONSTANT, borderValue=0).astype(np.int32)
    ink = cv2.warpPerspective(writing.ink, matrix, size, flags=cv2.INTER_LINEAR)
    warped = _Writing(ink, owner, writing.labels)
    if isinstance(border, np.ndarray):
        mask = cv2.warpPerspective(np.ones(picture.shape[:2], np.float32), matrix, size, flags=cv2.INTER_LINEAR)
        sheet = cv2.warpPerspective(picture, matrix, size, flags=cv2.INTER_LINEAR)
        return warped, sheet * mask[:, :, None] + border * (1 - mask[:, :, None])
    return warped, cv2.warpPerspective(picture, matrix, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def _tilt(shape: tuple[int, int], rng: np.random.Generator, degrees: float, inset: float) -> np.ndarray:
    """A homography that looks at the sheet tilted by up to `degrees` (near edge bigger than far edge)."""
    height, width = shape
    squeeze = np.tan(np.radians(degrees)) * float(rng.uniform(0.4, 1.0)) * 0.5
    source = np.float32([[0, 0], [width, 0], [width, height], [0, height]])
    pull = squeeze * width / 2
    if rng.random() < 0.5:                                            # far edge at the top
        target = [[pull, 0], [width - pull, 0], [width, height], [0, height]]
    else:                                                             # far edge on one side
        target = [[0, pull * 0.75], [width, 0], [width, height], [0, height - pull * 0.75]]
    target = np.float32(target) * (1 - 2 * inset) + np.float32([width * inset, height * inset])
    return cv2.getPerspectiveTransform(source, target)


def _desk(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """A dark wooden desk: grain along one direction, knots of darker wood, noise."""
    height, width = shape
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    wobble = cv2.GaussianBlur(rng.normal(0, 1, (height, width)).astype(np.float32), (0, 0), 25) * 60
    grain = np.sin((yy + wobble) * rng.uniform(0.15, 0.4)) * 0.5 + 0.5
    fine = cv2.GaussianBlur(rng.normal(0, 1, (height, width)).astype(np.float32), (0, 0), 1.5) * 0.6
    tone = 0.55 + 0.3 * grain + 0.15 * fine
    base = rng.uniform(45, 85) * np.array([0.55, 0.75, 1.0], np.float32)
    return tone[:, :, None] * base


def make_kind(kind: str, seed: int) -> Page:
    """One page of `kind` (see KINDS): real MNIST test digits written in lines, truth in writing order."""
    rng = np.random.default_rng([seed, KINDS.index(kind)])
    return _KIND_MAKERS[kind](rng)


def _blank(shape=(480, 640)) -> _Writing:
    return _Writing(np.zeros(shape, np.float32), np.zeros(shape, np.int32))


def _plain_paper(rng):
    return rng.uniform(200, 245, 3)


def _dark_ink(rng):
    return rng.uniform(15, 60, 3)


def _make_plain(rng):
    writing = _blank()
    _write_lines(writing, rng, lines=3, per_line=(2, 5), heights=(30, 70))
    return _finish(_paper_picture((480, 640), rng, _plain_paper(rng), writing, _dark_ink(rng)), rng, writing)


def _make_ruled(rng, vertical: bool = False, margin: bool = False):
    writing = _blank()
    spacing = int(rng.integers(26, 40))
    rules = _ruled((480, 640), rng, spacing, vertical)
    first = int(rng.integers(2, 4))
    baselines = [spacing * (first + 3 * line) + int(rng.integers(-8, 9)) for line in range(3)]
    left = None
    if margin:
        margin_x = int(rng.integers(50, 90))
        cv2.line(rules, (margin_x, 0), (margin_x + int(rng.integers(-3, 4)), 480), 1.0, int(rng.integers(1, 3)))
        left = margin_x + int(rng.integers(-15, 25))                   # some digits cross the margin
    _write_lines(writing, rng, lines=3, per_line=(3, 6), heights=(int(0.9 * spacing), int(1.8 * spacing)),
                 baselines=baselines, left=left)
    rule_colour = rng.uniform(150, 220, 3) * np.array([1.0, 0.85, 0.7])
    picture = _paper_picture((480, 640), rng, _plain_paper(rng), writing, _dark_ink(rng), rules, rule_colour)
    if margin:
        red = np.zeros((480, 640), np.float32)
        cv2.line(red, (margin_x, 0), (margin_x, 480), 0.8, 2)
        picture = picture * (1 - red[:, :, None]) + np.float32([60, 60, 210]) * red[:, :, None]
    return _finish(picture, rng, writing)


def _make_column(rng):
    writing = _blank()
    _write_column(writing, rng, int(rng.integers(80, 500)), int(rng.integers(10, 40)), 5, (45, 70))
    return _finish(_paper_picture((480, 640), rng, _plain_paper(rng), writing, _dark_ink(rng)), rng, writing)


def _make_touching(rng):
    writing = _blank()
    _write_lines(writing, rng, lines=3, per_line=(2, 4), heights=(40, 80), touching=True)
    return _finish(_paper_picture((480, 640), rng, _plain_paper(rng), writing, _dark_ink(rng)), rng, writing)


def _make_perspective(rng):
    writing = _blank()
    _write_lines(writing, rng, lines=3, per_line=(3, 5), heights=(40, 70))
    picture = _paper_picture((480, 640), rng, _plain_paper(rng), writing, _dark_ink(rng))
    writing, picture = _warp(writing, picture, _tilt((480, 640), rng, 25, 0.0), (640, 480), None)
    return _finish(picture, rng, writing)


def _make_blur(rng):
    page = _make_plain(rng)
    sigma = float(rng.uniform(1.0, 2.0))
    page.image = cv2.GaussianBlur(page.image, (0, 0), sigma)
    return page


def _pencil_picture(rng, shape=(480, 640)):
    writing = _blank(shape)
    scale = shape[0] / 480
    _write_lines(writing, rng, lines=3, per_line=(3, 5), heights=(int(35 * scale), int(70 * scale)))
    grain = np.clip(rng.normal(1.0, 0.25, shape), 0.3, 1.0).astype(np.float32)
    writing.ink *= grain
    grey = float(rng.uniform(70, 120))
    picture = _paper_picture(shape, rng, _plain_paper(rng), writing, (grey, grey, grey + 5),
                             ink_alpha=float(rng.uniform(0.6, 0.85)))
    return writing, picture


def _make_pencil(rng):
    writing, picture = _pencil_picture(rng)
    return _finish(picture, rng, writing)


def _make_shadows(rng):
    writing = _blank()
    _write_lines(writing, rng, lines=3, per_line=(3, 5), heights=(35, 70))
    picture = _paper_picture((480, 640), rng, _plain_paper(rng), writing, _dark_ink(rng))
    shadow = np.zeros((480, 640), np.float32)
    points = rng.integers(0, [640, 480], (4, 2)).astype(np.int32)
    cv2.fillConvexPoly(shadow, cv2.convexHull(points), 1.0)
    shadow = cv2.GaussianBlur(shadow, (0, 0), float(rng.uniform(2, 8)))
    picture *= (1 - rng.uniform(0.4, 0.6) * shadow)[:, :, None]
    return _finish(picture, rng, writing)


def _make_specks(rng):
    writing = _blank()
    _write_lines(writing, rng, lines=3, per_line=(3, 5), heights=(35, 70))
    specks = np.zeros((480, 640), np.float32)
    for _ in range(int(rng.integers(40, 90))):
        centre = (int(rng.integers(0, 640)), int(rng.integers(0, 480)))
        cv2.circle(specks, centre, int(rng.integers(1, 3)), float(rng.uniform(0.5, 1.0)), -1, cv2.LINE_AA)
    for _ in range(int(rng.integers(3, 8))):                          # little hairs and scratches
        x, y = int(rng.integers(0, 620)), int(rng.integers(0, 470))
        cv2.line(specks, (x, y), (x + int(rng.integers(-12, 13)), y + int(rng.integers(-6, 7))), 0.8, 1, cv2.LINE_AA)
    picture = _paper_picture((480, 640), rng, _plain_paper(rng), writing, _dark_ink(rng))
    alpha = specks[:, :, None]
    return _finish(picture * (1 - alpha) + 40 * alpha, rng, writing)


def _make_whiteboard(rng):
    writing = _blank()
    _write_lines(writing, rng, lines=3, per_line=(2, 5), heights=(45, 90))
    writing.ink = cv2.dilate(writing.ink, np.ones((3, 3), np.uint8))        # marker strokes are thick
    colour = [(40, 40, 40), (170, 80, 20), (40, 40, 190), (60, 140, 40)][int(rng.integers(4))]
    picture = _paper_picture((480, 640), rng, rng.uniform(225, 250, 3), writing, colour)
    glare = np.zeros((480, 640), np.float32)
    cv2.ellipse(glare, (int(rng.integers(100, 540)), int(rng.integers(80, 400))), (160, 60), float(rng.uniform(0, 180)),
                0, 360, 1.0, -1)
    glare = cv2.GaussianBlur(glare, (0, 0), 30)
    return _finish(picture + 40 * glare[:, :, None], rng, writing)


def _make_desk(rng):
    sheet_shape = (480, 640)
    writing = _blank(sheet_shape)
    _write_lines(writing, rng, lines=3, per_line=(3, 5), heights=(50, 80))
    sheet = _paper_picture(sheet_shape, rng, _plain_paper(rng), writing, _dark_ink(rng), lighting=False)
    scale = float(rng.uniform(0.6, 0.8))
    angle = float(rng.uniform(-15, 15))
    matrix = cv2.getRotationMatrix2D((320, 240), angle, scale)
    matrix = np.vstack([matrix, [0, 0, 1]]).astype(np.float64)
    matrix = _tilt((480, 640), rng, 15, 0.02) @ matrix
    writing, picture = _warp(writing, sheet, matrix, (640, 480), _desk((480, 640), rng))
    picture *= _lighting(480, 640, rng)[:, :, None]
    return _finish(picture, rng, writing)


def _make_tilted_line(rng):
    writing = _blank()
    slope = -np.tan(np.radians(rng.uniform(4, 10))) * (1 if rng.random() < 0.8 else -1)
    baselines = [200, 400] if slope < 0 else [90, 290]
    _write_lines(writing, rng, lines=2, per_line=(7, 10), heights=(35, 45), slope=slope, baselines=baselines)
    return _finish(_paper_picture((480, 640), rng, _plain_paper(rng), writing, _dark_ink(rng)), rng, writing)


def _make_hot_spot(rng):
    """A big photo (2400×1800) with a lamp's hot spot that washes out the paper and the ink under it."""
    shape = (1800, 2400)
    writing = _blank(shape)
    _write_lines(writing, rng, lines=2, per_line=(3, 5), heights=(110, 200))
    ink = [(40, 40, 200), _dark_ink(rng)][int(rng.integers(2))]
    picture = _paper_picture(shape, rng, _plain_paper(rng), writing, ink)
    yy, xx = np.mgrid[0:shape[0], 0:shape[1]].astype(np.float32)
    cx, cy = rng.uniform(0.3, 0.7) * shape[1], rng.uniform(0.3, 0.7) * shape[0]
    radius = rng.uniform(0.15, 0.3) * shape[1]
    spot = np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * radius ** 2))
    vignette = 1 - 0.45 * (((xx - shape[1] / 2) / shape[1]) ** 2 + ((yy - shape[0] / 2) / shape[0]) ** 2) * 2
    picture = picture * vignette[:, :, None] + 120 * spot[:, :, None]
    return _finish(picture, rng, writing)


def _make_coloured(rng, colour):
    writing = _blank()
    _write_lines(writing, rng, lines=3, per_line=(3, 5), heights=(35, 70))
    rules = _ruled((480, 640), rng, int(rng.integers(30, 40))) if rng.random() < 0.5 else None
    picture = _paper_picture((480, 640), rng, _plain_paper(rng), writing, colour * rng.uniform(0.8, 1.1), rules,
                             (220, 190, 160))
    return _finish(picture, rng, writing)


def _make_pencil_photo(rng):
    writing, picture = _pencil_picture(rng, (960, 1280))
    yy, xx = np.mgrid[0:960, 0:1280].astype(np.float32)
    vignette = 1 - 0.5 * (((xx - 640) / 1280) ** 2 + ((yy - 480) / 960) ** 2) * 2
    return _finish(picture * vignette[:, :, None], rng, writing)


_KIND_MAKERS = {
    "plain": _make_plain,
    "ruled": _make_ruled,
    "squared": lambda rng: _make_ruled(rng, vertical=True),
    "margin": lambda rng: _make_ruled(rng, margin=True),
    "column": _make_column,
    "touching": _make_touching,
    "perspective": _make_perspective,
    "blur": _make_blur,
    "pencil": _make_pencil,
    "shadows": _make_shadows,
    "specks": _make_specks,
    "whiteboard": _make_whiteboard,
    "desk": _make_desk,
    "tilted_line": _make_tilted_line,
    "hot_spot": _make_hot_spot,
    "red_ink": lambda rng: _make_coloured(rng, np.float32([40, 40, 200])),
    "blue_ink": lambda rng: _make_coloured(rng, np.float32([150, 60, 20])),
    "pencil_photo": _make_pencil_photo,
}


def number_page(text: str, seed: int = 0, touching: bool = False, column: bool = False,
                ruled: bool = False, height: int = 60) -> Page:
    """A light 640×480 page with `text` written in real MNIST test digits of those labels: in a row
    (its digits touching when `touching`), or stacked in a column 10-20 px apart; on ruled paper when
    `ruled` (the digits sit across its lines)."""
    rng = np.random.default_rng(seed)
    _, labels = mnist_digits()
    writing = _blank()
    x, y = (300, 20) if column else (int(rng.integers(60, 140)), 200)
    previous = None
    for character in text:
        index = int(rng.choice(np.flatnonzero(labels == int(character))))
        ink = digit_ink(index, int(height * rng.uniform(0.9, 1.0)), rng, broken=False)
        if column:
            writing.paste(ink, x + int(rng.integers(-4, 5)), y, int(character))
            y += ink.shape[0] + int(rng.integers(10, 21))
            continue
        if previous is not None:
            x += -_touch_offset(previous, ink) if touching else int(height * rng.uniform(0.15, 0.3))
        writing.paste(ink, x, y + height - ink.shape[0], int(character))
        x += ink.shape[1]
        previous = ink
    rules = _ruled((480, 640), rng, int(rng.integers(30, 38))) if ruled else None
    picture = _paper_picture((480, 640), rng, _plain_paper(rng), writing, _dark_ink(rng), rules, (200, 170, 150))
    return _finish(picture, rng, writing)


def read_in_order(truth_labels: list[int], truth_boxes: list[Box], found: list[tuple[Box, int]]) -> int:
    """How many digits were read right and in writing order: the longest run of found digits (in the
    order given) that each match a truth box, carry its label, and follow the writing order."""
    matches = dict((j, i) for i, j in match_boxes(truth_boxes, [box for box, _ in found]))
    sequence = [matches[j] for j, (_, label) in enumerate(found) if j in matches and truth_labels[matches[j]] == label]
    tails: list[int] = []                                  # longest increasing subsequence, patience sorting
    for value in sequence:
        position = int(np.searchsorted(tails, value))
        tails[position:position + 1] = [value]
    return len(tails)


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
