"""A loaded classifier on the chosen device: batched, warmed up, timed.

Inputs are what `core.preprocess.to_mnist` gives: (N, 28, 28) float32 in 0..1, white digit on black.
Loading imports the model's framework, so callers with a window do it off the GUI thread.
"""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager

import numpy as np

from core.engines.base import ModelError
from core.fileio import first_line
from core.registry import BundleInfo, RegistryError, find_bundle, load_engine

DIGIT_SHAPE = (28, 28, 1)


class Classifier:
    def __init__(self, info: BundleInfo, engine):
        self.info = info
        self._engine = engine
        self.device_name: str = engine.device_name
        self.last_ms: float = 0.0
        # Frameworks are not guaranteed re-entrant across threads; one call at a time.
        self._lock = threading.Lock()

    def predict(self, images: np.ndarray) -> np.ndarray:
        """(N, 28, 28) float32 0..1 → (N, 10) probabilities. N may be 0."""
        images = np.asarray(images, dtype=np.float32)
        if images.ndim == 2:
            images = images[None]
        if len(images) == 0:
            return np.zeros((0, self.info.spec.get("num_classes", 10)), np.float32)
        batch = images.reshape(len(images), *DIGIT_SHAPE)
        start = time.perf_counter()
        with self._lock:
            probabilities = self._engine.predict(batch)
        self.last_ms = (time.perf_counter() - start) * 1000.0
        return np.asarray(probabilities, dtype=np.float32)

    def predict_one(self, image: np.ndarray) -> np.ndarray:
        return self.predict(image[None])[0]

    @contextmanager
    def engine_in_use(self):
        """The engine itself, for one caller at a time (core.insight looks inside it)."""
        with self._lock:
            yield self._engine

    def warm_up(self) -> None:
        self.predict(np.zeros((1, 28, 28), np.float32))
        self.predict(np.zeros((8, 28, 28), np.float32))


def load_classifier(name_or_path: str | None = None, device: str = "auto") -> Classifier:
    """The named bundle (None: the shipped default), ready to classify 28×28 digits."""
    info = find_bundle(name_or_path)
    if tuple(info.input_shape) != DIGIT_SHAPE:
        raise RegistryError(f"{info.name} expects {tuple(info.input_shape)} pictures, not 28×28 grey digits; "
                            "it cannot read digits.")
    try:
        engine = load_engine(info, device)
    except (OSError, ValueError, RuntimeError) as error:
        raise ModelError(f"The model {info.name} could not be loaded ({first_line(error)}).") from None
    classifier = Classifier(info, engine)
    classifier.warm_up()
    return classifier
