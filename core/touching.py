"""One digit, or digits touching? A small network looks at a candidate as the reader sees it (28×28,
core.preprocess.to_mnist) and says how likely it holds more than one digit.

The digit reader cannot say so: squeezed into one crop, "19" written fast reads as a confident "9",
and a "9" that wide is common in MNIST, so neither the reading nor the shape tells the blob from a
digit. The detector (core.detect) weighs keeping a blob whole against cutting it by this network's
answer. It ships as resources/detect/touching.onnx (run by ONNX Runtime: no pickle to load);
`python -m core.touching MNIST.npz` trains it again from MNIST's training digits (the test digits,
which the page tests write, are never seen).
"""
from __future__ import annotations

import sys
import time
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np

from core import paths
from core.config import DIGIT_SHAPES_AUGMENT
from core.data.augment import augment_batch
from core.fileio import UserError, write_bytes_atomic
from core.preprocess import to_mnist

MODEL_PATH = paths.RESOURCES / "detect" / "touching.onnx"
_INPUT, _OUTPUT = "images", "several"

_DRAWN_HEIGHTS = (18, 80)        # px a digit is drawn at (log-uniform) before to_mnist: scaled up or down...
_BLUR = (0.3, 1.5)               # ...and sometimes blurred (sigma, px), so resampling tells nothing either
_THINNED = (0.1, 0.45)           # strokes are thinned by cutting coverage below this (as a threshold does)...
_THICKENED = (3, 5)              # ...or thickened by a disc this wide, so stroke width tells nothing
_STRETCH = (0.8, 1.35)           # each digit is drawn this much narrower or wider than MNIST wrote it
_SMALLER_NEIGHBOUR = 0.8         # a neighbour is drawn down to this share of the first digit's height...
_BASELINE_JITTER = 0.08          # ...on the same baseline, give or take this share of it
_EXTRA_OVERLAP = 3               # px the strokes may cross beyond just touching
_SHARES = {1: 0.5, 2: 0.4, 3: 0.1}   # examples of one digit, two touching, three touching
_INK = 0.3                       # coverage that counts as a stroke when finding where strokes meet


def several_digits(images: np.ndarray) -> np.ndarray:
    """(N, 28, 28) float32 reader inputs → (N,) probability that each holds more than one digit."""
    if len(images) == 0:
        return np.zeros(0, np.float32)
    batch = np.ascontiguousarray(images, np.float32).reshape(-1, 28, 28)
    return _session().run([_OUTPUT], {_INPUT: batch})[0].astype(np.float32, copy=False)


@lru_cache(maxsize=1)
def _session():
    import onnxruntime as ort

    from core.engines.onnx_backend import session_options

    if not MODEL_PATH.is_file():
        raise UserError(f"The touching-digits network is missing from {MODEL_PATH.parent}; reinstall Inkling.")
    return ort.InferenceSession(str(MODEL_PATH), session_options(), providers=["CPUExecutionProvider"])


# ---- training examples ------------------------------------------------------------------------------

def examples(digits: np.ndarray, count: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """`count` reader inputs made from uint8 (N, 28, 28) MNIST digits as the detector would crop them:
    single digits, and two or three digits written touching on one baseline. Labels: 1.0 = several."""
    sizes = rng.choice(list(_SHARES), size=count, p=list(_SHARES.values()))
    picks = rng.integers(0, len(digits), size=int(sizes.sum()))
    varied = np.concatenate([augment_batch(digits[chunk][..., None], DIGIT_SHAPES_AUGMENT, rng)[..., 0]
                             for chunk in np.array_split(picks, max(1, len(picks) // 256))])
    images = np.zeros((count, 28, 28), np.float32)
    start = 0
    for i, size in enumerate(sizes):
        images[i] = to_mnist(_varied_strokes(_written_touching(varied[start:start + size], rng), rng))
        start += size
    return images, (sizes > 1).astype(np.float32)


def _written_touching(digits: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The digits drawn left to right on one baseline, each touching the one before: float32 coverage."""
    height = float(np.exp(rng.uniform(*np.log(_DRAWN_HEIGHTS))))
    inks = [_drawn(digit, height * (1.0 if k == 0 else rng.uniform(_SMALLER_NEIGHBOUR, 1.0)), rng.uniform(*_STRETCH))
            for k, digit in enumerate(digits)]
    jitter = round(_BASELINE_JITTER * height)
    lifts = [0] + [int(rng.integers(-jitter, jitter + 1)) for _ in inks[1:]]
    top = max(ink.shape[0] + lift for ink, lift in zip(inks, lifts))
    page = np.zeros((top + jitter + 2, sum(ink.shape[1] for ink in inks) + 2), np.float32)
    x = 1
    for ink, lift in zip(inks, lifts):
        y = top - lift - ink.shape[0] + 1
        if x > 1:
            x -= min(_touch_overlap(page[y:y + ink.shape[0], :x], ink) + int(rng.integers(0, _EXTRA_OVERLAP + 1)),
                     ink.shape[1] - 1, x - 1)
        region = page[y:y + ink.shape[0], x:x + ink.shape[1]]
        np.maximum(region, ink, out=region)
        x += ink.shape[1]
    return page[:, :x + 1]


def _varied_strokes(page: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Thinner, thicker or the same strokes (float coverage → uint8 white ink): one digit and two
    touching are told apart by their shapes, not by how thick a pen wrote them."""
    mode = rng.random()
    if mode < 0.4:
        cut = rng.uniform(*_THINNED)
        page = np.clip((page - cut) / (1.0 - cut), 0.0, 1.0)
    elif mode < 0.7:
        size = int(rng.choice(_THICKENED))
        page = cv2.dilate(page, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size)))
    if rng.random() < 0.5:
        page = cv2.GaussianBlur(page, (0, 0), rng.uniform(*_BLUR))
    return np.rint(page * 255).astype(np.uint8)


def _drawn(digit: np.ndarray, height: float, stretch: float) -> np.ndarray:
    """The digit cut to its ink, scaled to `height` px and `stretch` times as wide: float32 coverage 0..1."""
    x, y, w, h = cv2.boundingRect((digit > 0).astype(np.uint8))
    if w == 0 or h == 0:
        return np.zeros((1, 1), np.float32)
    height = max(2, round(height))
    width = max(1, round(w * stretch * height / h))
    interpolation = cv2.INTER_AREA if height < h else cv2.INTER_CUBIC
    scaled = cv2.resize(digit[y:y + h, x:x + w], (width, height), interpolation=interpolation)
    return np.clip(scaled / 255.0, 0, 1).astype(np.float32)


def _touch_overlap(left: np.ndarray, right: np.ndarray) -> int:
    """How many columns `right` must overlap the ink drawn so far in its rows (`left`) for their
    strokes to meet."""
    a, b = left > _INK, right > _INK
    for width in range(1, min(a.shape[1], b.shape[1])):
        if (a[:, -width:] & b[:, :width]).any():
            return width
    return 0


# ---- training ---------------------------------------------------------------------------------------

def train(mnist: Path, out: Path = MODEL_PATH, count: int = 320_000, epochs: int = 12, seed: int = 0) -> float:
    """Train the network on examples from MNIST's training digits and write it as ONNX (atomically).
    Returns its accuracy on examples made from digits it never saw."""
    import core.engines.torch_engine  # noqa: F401  (sets OpenMP's wait policy before torch loads)
    import torch

    with np.load(mnist) as data:
        digits = data["x_train"]
    rng = np.random.default_rng(seed)
    held_out = rng.permutation(len(digits))
    x, y = examples(digits[held_out[5000:]], count, rng)
    x_check, y_check = examples(digits[held_out[:5000]], 10_000, rng)
    torch.manual_seed(seed)
    model = _network()
    _fit(model, torch.from_numpy(x), torch.from_numpy(y), epochs)
    model.eval()
    with torch.no_grad():
        said = torch.sigmoid(model(torch.from_numpy(x_check))).numpy() > 0.5
    _write_onnx(model, out)
    return float((said == (y_check > 0.5)).mean())


def _network():
    from torch import nn

    def block(inputs: int, outputs: int) -> list:
        return [nn.Conv2d(inputs, outputs, 3, padding=1, bias=False), nn.BatchNorm2d(outputs), nn.ReLU()]

    # Narrow, and pooled after its first convolution: the detector asks it about most crops of every
    # frame. It answers for the demo page's 8 crops in ~140 µs, where the earlier 16/32-channel network
    # with two convolutions at 28×28 took ~320 µs; trained on twice the examples, it reads pages as well.
    return nn.Sequential(nn.Unflatten(1, (1, 28)), *block(1, 8), nn.MaxPool2d(2),
                         *block(8, 16), *block(16, 16), nn.MaxPool2d(2), *block(16, 16), nn.Flatten(),
                         nn.Dropout(0.2), nn.Linear(16 * 7 * 7, 1), nn.Flatten(0))


def _fit(model, x, y, epochs: int, batch: int = 256) -> None:
    import torch

    steps = epochs * ((len(x) + batch - 1) // batch)
    optimiser = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=1e-4)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=3e-3, total_steps=steps)
    loss_of = torch.nn.BCEWithLogitsLoss()
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(len(x))
        started, total = time.perf_counter(), 0.0
        for first in range(0, len(x), batch):
            rows = order[first:first + batch]
            optimiser.zero_grad()
            loss = loss_of(model(x[rows]), y[rows])
            loss.backward()
            optimiser.step()
            schedule.step()
            total += loss.item() * len(rows)
        print(f"epoch {epoch + 1}/{epochs}: loss {total / len(x):.4f} ({time.perf_counter() - started:.0f} s)",
              flush=True)


def _write_onnx(model, out: Path) -> None:
    import io
    import warnings

    import torch

    from core.export import ONNX_OPSET

    class Probability(torch.nn.Module):
        def __init__(self, logits):
            super().__init__()
            self.logits = logits

        def forward(self, images):
            return torch.sigmoid(self.logits(images))

    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")     # the TorchScript exporter's deprecation notice
        torch.onnx.export(Probability(model), (torch.zeros(1, 28, 28),), buffer, dynamo=False,
                          opset_version=ONNX_OPSET, input_names=[_INPUT], output_names=[_OUTPUT],
                          dynamic_axes={_INPUT: {0: "batch"}, _OUTPUT: {0: "batch"}})
    out.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(out, buffer.getvalue())


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m core.touching MNIST.npz   (Keras' mnist.npz layout)")
    print(f"held-out accuracy {train(Path(sys.argv[1])):.2%}")
