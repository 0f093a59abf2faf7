"""How well single digits are read, by the paths people give them (issue 9, "Reading single digits").

`python -m tests.reading_quality [N]` prints each figure on the first N (default 1000) MNIST test digits
of the bundled sample (other writers than the training set), read by the shipped default model:
- strokes: each digit traced into centre-line strokes and drawn on the canvas at 30-90% of its height,
  off-centre, with an 8-120 px brush, read by core.reading from its strokes (the Draw tab);
- picture: the digit's own pixels on the canvas at 30-90% height, off-centre, thinned or thickened,
  either polarity, through core.preprocess.to_mnist (a pasted drawing, `predict`);
- 8×8 scans: scikit-learn's 1,797 digits (other writers, another scanner, strokes ~25-30% of the
  height) enlarged with cubic interpolation, through to_mnist;
- plain: the 28×28 digits themselves through to_mnist (the ceiling the others are measured against).
`--mnist PATH` reads the plain and picture digits from a full MNIST .npz instead (measurement only;
the strokes figure always traces the sample). `--seeds K` pastes the pictures K times (seeds 0..K-1:
the issue's figure is the mean over 3) and `--model PATH` reads with another saved model (to compare a
retrained reader with the shipped one).
"""
from __future__ import annotations

import argparse
import time

import cv2
import numpy as np

from core.preprocess import to_mnist_batch


def load_reader(model: str | None = None):
    """The shipped reader, or the saved model at `model`."""
    from core.inference import load_classifier
    return load_classifier(model, "cpu")


def accuracy(classifier, inputs: np.ndarray, labels: np.ndarray) -> float:
    predicted = classifier.predict(inputs).argmax(axis=1)
    return float(np.mean(predicted == labels))


def stroke_accuracy(classifier, count: int, seed: int = 0) -> float:
    """Digits traced into strokes and read from them by core.reading.read_drawing."""
    from core.reading import read_drawing
    from tests.drawn_digits import drawn
    rng = np.random.default_rng(seed)
    right = 0
    for index in range(count):
        drawing, strokes, brush, label = drawn(index, rng)
        reading = read_drawing(drawing, classifier, None, brush, strokes)
        right += not reading.is_number and int(np.argmax(reading.probabilities)) == label
    return right / count


def picture_accuracy(classifier, images: np.ndarray, labels: np.ndarray, seed: int = 0) -> float:
    """Digits' own pixels pasted on the canvas (size, place, stroke width, polarity at random)."""
    from tests.drawn_digits import pictured
    rng = np.random.default_rng(seed)
    inputs = np.stack([to_mnist_batch([pictured(index, rng, images)])[0] for index in range(len(images))])
    return accuracy(classifier, inputs, labels)


def scan_digits(count: int | None = None) -> tuple[list[np.ndarray], np.ndarray]:
    """scikit-learn's 8×8 digits (0..16) enlarged to 64×64 with cubic interpolation, white on black."""
    from sklearn.datasets import load_digits
    data = load_digits()
    pictures = [cv2.resize((image * 16).clip(0, 255).astype(np.uint8), (64, 64), interpolation=cv2.INTER_CUBIC)
                for image in data.images[:count]]
    return pictures, data.target[:count]


def scan_accuracy(classifier, count: int | None = None) -> float:
    pictures, labels = scan_digits(count)
    return accuracy(classifier, to_mnist_batch(pictures), labels)


def _mean_over_seeds(classifier, images: np.ndarray, labels: np.ndarray, seeds: int) -> float:
    figures = [picture_accuracy(classifier, images, labels, seed) for seed in range(seeds)]
    if seeds > 1:
        print("picture by seed: " + " ".join(f"{figure:.2%}" for figure in figures), flush=True)
    return float(np.mean(figures))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=1000)
    parser.add_argument("--mnist", default=None, help="a full MNIST .npz (x_test, y_test) to draw from")
    parser.add_argument("--only", default="", help="comma-separated figures: strokes,picture,scans,plain")
    parser.add_argument("--seeds", type=int, default=1, help="paste the pictures this many times (seeds 0..K-1)")
    parser.add_argument("--model", default=None, help="a saved model to read with (default: the shipped one)")
    args = parser.parse_args()
    from tests.pages import mnist_digits
    if args.mnist:
        with np.load(args.mnist) as data:
            images, labels = data["x_test"][:args.count], data["y_test"][:args.count].astype(int)
    else:
        images, labels = (part[:args.count] for part in mnist_digits())
    classifier = load_reader(args.model)
    figures = {
        "plain": lambda: accuracy(classifier, to_mnist_batch(list(images)), labels),
        "picture": lambda: _mean_over_seeds(classifier, images, labels, args.seeds),
        "strokes": lambda: stroke_accuracy(classifier, min(args.count, len(mnist_digits()[0]))),
        "scans": lambda: scan_accuracy(classifier),
    }
    for name, measure in figures.items():
        if args.only and name not in args.only.split(","):
            continue
        start = time.perf_counter()
        value = measure()
        print(f"{name:8s} {value:7.2%}  ({time.perf_counter() - start:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
