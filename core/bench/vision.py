"""Benchmarks of the vision path, each beside the plain way in the same run.

- preprocess of a 280×280 drawing (the Draw tab's hot path), p50, against a bare cv2.resize to 28×28;
- the whole-frame pipeline (detect → to_mnist → one batched classify → drawing) on the demo page
  (640×480, 9 digits) in frames/s, against the course application's way: each box cut out, resized
  to 28×28 and given to the framework's model on its own (one call per digit); the pipelines read with
  the live reader (Classifier.for_live_frames: the 8-bit model where it reads alike), and a line sets
  it beside the same pipeline with the float model;
- the pipeline on an exercise-book page (ruled paper, a column of digits, a touching pair: the paper's
  lines removed, the classifier's evidence deciding what is one digit) in frames/s, against the same
  one-call-per-digit way; and on a 12-megapixel photo of it (read at detection size), in ms;
- memory growth (RSS) over a long looping stream through FrameReader and Pipeline.
"""
from __future__ import annotations

import sys
import time

import cv2
import numpy as np

from core.bench.engines import course_model_predict
from core.bench.timing import (BenchResult, higher_is_better, lower_is_better, percentile, time_calls,
                               time_side_by_side)
from core.paths import MNIST_SAMPLE, RESOURCES

DEMO_PAGE = RESOURCES / "demo" / "page.jpg"
DEMO_CLIP = RESOURCES / "demo" / "clip.mp4"


def _canvas_drawing() -> np.ndarray:
    """A 280×280 drawing like the Draw tab's: an MNIST digit, black strokes on white, 200 px tall."""
    with np.load(MNIST_SAMPLE) as data:
        digit = data["x_test"][0]
    canvas = np.full((280, 280), 255, np.uint8)
    canvas[40:240, 40:240] = 255 - cv2.resize(digit, (200, 200), interpolation=cv2.INTER_CUBIC)
    return canvas


def bench_preprocess(quick: bool) -> list[BenchResult]:
    from core.preprocess import to_mnist

    canvas = _canvas_drawing()
    repeats = 300 if quick else 3000
    inkling = time_calls(lambda: to_mnist(canvas), repeats, warmup=20)
    plain = time_calls(lambda: cv2.resize(canvas, (28, 28), interpolation=cv2.INTER_AREA), repeats, warmup=20)
    return [lower_is_better("preprocess 280×280 drawing p50 (vs bare cv2.resize)", percentile(inkling, 50),
                            percentile(plain, 50), "ms")]


def _classifier_or_none():
    from core.fileio import UserError
    from core.inference import load_classifier

    try:
        return load_classifier(None, "cpu")
    except UserError as error:
        # stderr, like the command's own progress lines (core.bench sits below core.cli, so no `say`)
        print(f"skipped (no default model: {error})", file=sys.stderr, flush=True)
        return None


def _per_crop_model_call(classifier):
    """The framework's own model, called once per 28×28 picture (the course's application)."""
    from core.registry import load_engine

    engine = load_engine(classifier.info, "cpu")
    if engine.name == "keras":
        return lambda x: engine.model.predict(x, verbose=0)

    import torch

    model = engine.model.eval()

    def torch_call(x: np.ndarray) -> np.ndarray:
        with torch.inference_mode():
            return torch.softmax(model(torch.from_numpy(x).permute(0, 3, 1, 2)), dim=1).numpy()
    return torch_call


def bench_pipeline(quick: bool) -> list[BenchResult]:
    from core.detect import find_digits
    from core.media import read_image
    from core.pipeline import Pipeline

    classifier = _classifier_or_none()
    if classifier is None:
        return []
    page = read_image(DEMO_PAGE)
    pipeline = Pipeline(classifier.for_live_frames())      # as the Images & video tab and `detect` read
    frames = 100 if quick else 1000
    def one_call_per_digit(predict_one) -> list[int]:
        labels = []
        for candidate in find_digits(page):
            x, y, w, h = candidate.box
            grey = cv2.cvtColor(page[y:y + h, x:x + w], cv2.COLOR_BGR2GRAY)
            digit = (255 - cv2.resize(grey, (28, 28))).astype(np.float32) / 255.0
            labels.append(int(predict_one(digit[None, :, :, None]).argmax()))
        return labels

    torch_per_digit = _per_crop_model_call(classifier)
    keras_per_digit = course_model_predict(classifier)
    inkling, per_torch_call = time_side_by_side(lambda: pipeline.process(page),
                                                lambda: one_call_per_digit(torch_per_digit), frames)
    per_keras_call = time_calls(lambda: one_call_per_digit(keras_per_digit), 5 if quick else 20, warmup=2)
    digits = len(pipeline.process(page).detections)
    fps = 1000.0 / percentile(inkling, 50)
    results = [higher_is_better(f"pipeline 640×480 page, {digits} digits (vs one torch call per digit)",
                                fps, 1000.0 / percentile(per_torch_call, 50), "frames/s"),
               higher_is_better(f"pipeline 640×480 page, {digits} digits (vs course: keras predict per digit)",
                                fps, 1000.0 / percentile(per_keras_call, 50), "frames/s")]
    if pipeline.classifier is not classifier:
        exact = Pipeline(classifier)
        live, float_reader = time_side_by_side(lambda: pipeline.process(page), lambda: exact.process(page), frames)
        results.append(higher_is_better(f"pipeline 640×480 page, {pipeline.classifier.backend_name} reader "
                                        f"(vs the float one, {classifier.backend_name})",
                                        1000.0 / percentile(live, 50), 1000.0 / percentile(float_reader, 50),
                                        "frames/s"))
    return results


def exercise_book_page(size: tuple[int, int] = (480, 640)) -> np.ndarray:
    """A grey ruled page with nine MNIST test digits: a row of four (two of them touching), a column of
    three 14 px apart, two loose ones; every digit crosses a ruled line."""
    with np.load(MNIST_SAMPLE) as data:
        digits = data["x_test"][:9]
    scale = size[0] / 480
    page = np.full(size, 228, np.float32)
    for y in range(round(30 * scale), size[0], round(34 * scale)):
        cv2.line(page, (0, y), (size[1], y), 170, max(1, round(scale)))
    height = round(56 * scale)
    places = [(60, 60), (112, 60), (150, 60), (215, 60), (430, 40), (430, 110), (430, 180), (120, 330), (300, 300)]
    for digit, (x, y) in zip(digits, places):
        ink = cv2.resize(digit, (height, height), interpolation=cv2.INTER_CUBIC).astype(np.float32) / 255.0
        x, y = round(x * scale), round(y * scale)
        region = page[y:y + height, x:x + height]
        np.minimum(region, 228 - 200 * ink, out=region)
    return np.clip(page, 0, 255).astype(np.uint8)


def bench_exercise_book(quick: bool) -> list[BenchResult]:
    from core.pipeline import Pipeline

    classifier = _classifier_or_none()
    if classifier is None:
        return []
    page = cv2.cvtColor(exercise_book_page(), cv2.COLOR_GRAY2BGR)
    pipeline = Pipeline(classifier.for_live_frames())
    torch_per_digit = _per_crop_model_call(classifier)
    boxes = [d.box for d in pipeline.process(page, annotate=False).detections]

    def one_call_per_digit() -> None:
        for x, y, w, h in boxes:
            grey = cv2.cvtColor(page[y:y + h, x:x + w], cv2.COLOR_BGR2GRAY)
            torch_per_digit(((255 - cv2.resize(grey, (28, 28))).astype(np.float32) / 255.0)[None, :, :, None])

    frames = 100 if quick else 1000
    inkling, baseline = time_side_by_side(lambda: pipeline.process(page), one_call_per_digit, frames)
    photo = cv2.cvtColor(exercise_book_page((3000, 4000)), cv2.COLOR_GRAY2BGR)
    photo_ms = time_calls(lambda: pipeline.process(photo, annotate=False), 3 if quick else 20, warmup=1)
    resize_ms = time_calls(lambda: cv2.resize(photo, (1280, 960), interpolation=cv2.INTER_AREA), 3 if quick else 20)
    return [higher_is_better(f"pipeline ruled exercise-book page, {len(boxes)} digits (vs one torch call per digit)",
                             1000.0 / percentile(inkling, 50), 1000.0 / percentile(baseline, 50), "frames/s"),
            lower_is_better("pipeline 4000×3000 photo of it (vs only shrinking it to 1280)", percentile(photo_ms, 50),
                            percentile(resize_ms, 50), "ms")]


def _rss_mb() -> float:
    """Resident memory now (Linux /proc; elsewhere the peak from getrusage)."""
    try:
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[1])
        import os
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError):
        import resource
        import sys
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def bench_memory(quick: bool) -> list[BenchResult]:
    """RSS growth while a looping video streams through FrameReader and Pipeline (goal: < 20 MB)."""
    from core.media import FrameReader, open_source
    from core.pipeline import Pipeline

    classifier = _classifier_or_none()
    if classifier is None:
        return []
    pipeline = Pipeline(classifier)
    total = 500 if quick else 10_000
    warmup = 50
    reader = FrameReader(open_source(DEMO_CLIP), loop=True, paced=False)
    reader.start()
    processed, last, start_rss = 0, None, 0.0
    try:
        while processed < total + warmup:
            frame = reader.latest()
            if frame is None or frame is last:
                if reader.error:
                    raise RuntimeError(reader.error)
                time.sleep(0.0005)
                continue
            last = frame
            pipeline.process(frame.image)
            processed += 1
            if processed == warmup:
                start_rss = _rss_mb()
    finally:
        reader.stop()
    growth = _rss_mb() - start_rss
    return [BenchResult(f"memory growth over {total} streamed frames (goal < 20)", round(growth, 2), "MB")]
