"""A loaded classifier on the chosen device and backend: batched, warmed up, timed.

Inputs are what `core.preprocess.to_mnist` gives: (N, 28, 28) float32 in 0..1, white digit on black.
Loading imports the model's framework, so callers with a window do it off the GUI thread.

Backends: "native" runs the bundle's own framework (PyTorch or Keras); "onnx" runs the bundle exported
to ONNX (core.export, cached by the weights' hash) in ONNX Runtime; "auto" builds both, checks that
they give the same probabilities, times both on a warm-up and keeps the faster. The default backend
is "auto", or the INKLING_BACKEND environment variable.
"""
from __future__ import annotations

import os
import statistics
import threading
import time
from contextlib import contextmanager

import numpy as np

from core.engines.base import ModelError
from core.fileio import UserError, first_line
from core.registry import BundleInfo, RegistryError, find_bundle, load_engine

DIGIT_SHAPE = (28, 28, 1)
BACKENDS = ("auto", "native", "onnx")
BACKEND_VARIABLE = "INKLING_BACKEND"
BACKEND_TITLES = {"torch": "PyTorch", "keras": "Keras", "onnx": "ONNX Runtime"}
AGREEMENT = 1e-4        # the largest probability difference between backends that counts as the same


class Classifier:
    def __init__(self, info: BundleInfo, engine, native_engine=None):
        """`engine` classifies; `native_engine` (default: engine) is the framework model inside views
        such as core.insight look into when `engine` is an inference-only backend."""
        self.info = info
        self._engine = engine
        self._native_engine = native_engine if native_engine is not None else engine
        self.device_name: str = engine.device_name
        self.backend_name: str = BACKEND_TITLES.get(engine.name, engine.name)
        self.backend_note: str = ""      # why this backend (e.g. the timings of an automatic choice)
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
            yield self._native_engine

    def warm_up(self) -> None:
        self.predict(np.zeros((1, 28, 28), np.float32))
        self.predict(np.zeros((8, 28, 28), np.float32))


def default_backend() -> str:
    chosen = os.environ.get(BACKEND_VARIABLE, "auto").strip().lower() or "auto"
    if chosen not in BACKENDS:
        raise UserError(f"{BACKEND_VARIABLE}={chosen} is not a backend (use {', '.join(BACKENDS)}).")
    return chosen


def load_classifier(name_or_path: str | None = None, device: str = "auto",
                    backend: str | None = None) -> Classifier:
    """The named bundle (None: the shipped default), ready to classify 28×28 digits, on `backend`
    (auto, native or onnx; None: default_backend())."""
    backend = backend or default_backend()
    if backend not in BACKENDS:
        raise UserError(f"Unknown backend {backend!r} (use {', '.join(BACKENDS)}).")
    native = _native_classifier(name_or_path, device)
    if backend == "native":
        return native
    fast = _onnx_classifier(native, device, required=backend == "onnx")
    if fast is None:
        return native
    return fast if backend == "onnx" else _faster(native, fast)


def _native_classifier(name_or_path: str | None, device: str) -> Classifier:
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


def _onnx_classifier(native: Classifier, device: str, required: bool) -> Classifier | None:
    """The bundle in ONNX Runtime, checked against the native engine; None (or, when required, an
    error) where it cannot be built or disagrees."""
    try:
        from core.engines.onnx_backend import OnnxBackend
        from core.export import cached_onnx

        backend = OnnxBackend(cached_onnx(native.info, native._engine), native._engine.spec, device)
    except (ImportError, UserError, RuntimeError, ValueError) as error:
        if required:
            raise ModelError(f"{native.info.name} cannot run in ONNX Runtime ({first_line(error)}).") from None
        native.backend_note = f"ONNX Runtime unavailable: {first_line(error)}"
        return None
    onnx = Classifier(native.info, backend, native_engine=native._engine)
    onnx._lock = native._lock      # one lock: both run the same model for the same callers
    onnx.warm_up()
    probe = np.random.default_rng(0).random((8, 28, 28), dtype=np.float32)
    difference = float(np.abs(native.predict(probe) - onnx.predict(probe)).max())
    if difference > AGREEMENT:
        message = f"its ONNX export differs from {native.backend_name} by {difference:.2g}"
        if required:
            raise ModelError(f"{native.info.name} cannot run in ONNX Runtime ({message}).")
        native.backend_note = f"ONNX Runtime not used: {message}"
        return None
    return onnx


def _faster(native: Classifier, onnx: Classifier) -> Classifier:
    """Whichever classifies one picture and a small batch faster (interleaved, medians of a warm-up)."""
    single, batch = np.zeros((1, 28, 28), np.float32), np.zeros((16, 28, 28), np.float32)
    times: dict[int, list[float]] = {id(native): [], id(onnx): []}
    for _ in range(5):
        for classifier in (native, onnx):
            start = time.perf_counter()
            classifier.predict(single)
            classifier.predict(batch)
            times[id(classifier)].append((time.perf_counter() - start) * 1000.0)
    native_ms, onnx_ms = (statistics.median(times[id(c)]) for c in (native, onnx))
    chosen = onnx if onnx_ms < native_ms else native
    chosen.backend_note = (f"chosen automatically: {onnx.backend_name} {onnx_ms:.2f} ms, "
                           f"{native.backend_name} {native_ms:.2f} ms (one picture + a batch of 16)")
    return chosen
