"""Step five of the course's recipe: how good is a trained model on data it has never seen?

Accuracy, the confusion matrix, the per-class classification report (precision, recall, F1, support)
and the most confident mistakes. The numbers come from sklearn.metrics (the field's reference, and what
the course prints); the only framework work is the classifier's own `predict` (core.inference), so
nothing here imports torch or TensorFlow. The Train tab's evaluation panel and `inkling evaluate` both
call `evaluate_bundle`, so they show the same numbers.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

# Images go to the classifier in chunks so a caller can show progress and stop early.
_CHUNK = 1024


@dataclass
class ReportRow:
    """One line of the course's classification report."""
    name: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass
class Evaluation:
    """A model's results on a labelled test set. Rows of `confusion` are true classes, columns predicted."""
    accuracy: float
    confusion: np.ndarray        # (K, K) int64
    precision: np.ndarray        # (K,) float64
    recall: np.ndarray           # (K,) float64
    f1: np.ndarray               # (K,) float64
    support: np.ndarray          # (K,) int64, test images per true class
    labels: np.ndarray           # (N,) int64, true class of each test image
    predictions: np.ndarray      # (N,) int64
    confidences: np.ndarray      # (N,) float32, probability given to the predicted class
    class_names: list[str]
    images: np.ndarray | None = None   # the test images (uint8 NHWC) the indices refer to
    model_name: str = ""
    dataset_name: str = ""
    dataset_source: str = ""
    seconds: float = 0.0
    extra: dict = field(default_factory=dict)

    @property
    def count(self) -> int:
        return int(self.labels.shape[0])

    @property
    def mistakes(self) -> int:
        return int(np.count_nonzero(self.labels != self.predictions))

    def cell_indices(self, true_class: int, predicted_class: int) -> np.ndarray:
        """Indices of the test images in one confusion-matrix cell, most confident first."""
        chosen = np.flatnonzero((self.labels == true_class) & (self.predictions == predicted_class))
        return chosen[np.argsort(-self.confidences[chosen], kind="stable")]

    def worst_mistakes(self, count: int = 32) -> np.ndarray:
        """Indices of the wrong predictions the model was surest about, surest first."""
        wrong = np.flatnonzero(self.labels != self.predictions)
        return wrong[np.argsort(-self.confidences[wrong], kind="stable")][:count]

    def to_record(self) -> dict:
        """The `evaluate --json` line (docs: CLI.md)."""
        return {"model": self.model_name, "data": self.dataset_name, "images": self.count,
                "accuracy": round(self.accuracy, 6), "confusion_matrix": self.confusion.tolist(),
                "per_class": [{"class": row.name, "precision": round(row.precision, 6),
                               "recall": round(row.recall, 6), "f1": round(row.f1, 6), "support": row.support}
                              for row in self.report_rows()[:len(self.class_names)]]}

    def report_rows(self) -> list[ReportRow]:
        """Per-class rows, then accuracy, macro average and support-weighted average (as sklearn prints)."""
        rows = [ReportRow(name, float(p), float(r), float(f), int(s)) for name, p, r, f, s in
                zip(self.class_names, self.precision, self.recall, self.f1, self.support)]
        total = int(self.support.sum())
        weights = self.support / total if total else np.zeros_like(self.precision)
        rows.append(ReportRow("accuracy", float("nan"), float("nan"), self.accuracy, total))
        rows.append(ReportRow("macro avg", float(self.precision.mean()), float(self.recall.mean()),
                              float(self.f1.mean()), total))
        rows.append(ReportRow("weighted avg", float(weights @ self.precision), float(weights @ self.recall),
                              float(weights @ self.f1), total))
        return rows

    def report_text(self, digits: int = 4) -> str:
        """The classification report as text, laid out like sklearn.metrics.classification_report."""
        rows = self.report_rows()
        width = max(len("weighted avg"), *(len(row.name) for row in rows))
        header = f"{'':>{width}} {'precision':>9} {'recall':>9} {'f1-score':>9} {'support':>9}"
        lines = [header, ""]

        def number(value: float) -> str:
            return f"{'':>9}" if np.isnan(value) else f"{value:>9.{digits}f}"

        for row in rows:
            if row.name == "accuracy":
                lines.append("")
            lines.append(f"{row.name:>{width}} {number(row.precision)} {number(row.recall)} "
                         f"{number(row.f1)} {row.support:>9}")
        return "\n".join(lines) + "\n"


def compute_evaluation(labels: np.ndarray, probabilities: np.ndarray,
                       class_names: list[str] | None = None) -> Evaluation:
    """All the numbers from true labels (N,) and predicted probabilities (N, K)."""
    probabilities = np.asarray(probabilities)
    labels = np.asarray(labels, dtype=np.int64)
    if probabilities.ndim != 2 or probabilities.shape[0] != labels.shape[0]:
        raise ValueError(f"{labels.shape[0]} labels but probabilities of shape {probabilities.shape}")
    classes = probabilities.shape[1]
    names = list(class_names) if class_names is not None else [str(k) for k in range(classes)]
    if len(names) != classes:
        raise ValueError(f"{len(names)} class names for a model with {classes} outputs")
    predictions = probabilities.argmax(axis=1).astype(np.int64) if labels.size else labels.copy()
    confidences = (probabilities[np.arange(labels.size), predictions].astype(np.float32)
                   if labels.size else np.zeros(0, np.float32))
    confusion = confusion_matrix(labels, predictions, classes)
    precision, recall, f1, support = _precision_recall_f1_support(labels, predictions, classes)
    accuracy = float(np.trace(confusion) / labels.size) if labels.size else 0.0
    return Evaluation(accuracy=accuracy, confusion=confusion, precision=precision, recall=recall, f1=f1,
                      support=support, labels=labels, predictions=predictions,
                      confidences=confidences, class_names=names)


def confusion_matrix(labels: np.ndarray, predictions: np.ndarray, classes: int) -> np.ndarray:
    """(K, K) counts; row = true class, column = predicted class (sklearn.metrics.confusion_matrix)."""
    from sklearn import metrics

    if len(labels) == 0:                  # sklearn refuses empty input; nothing counted is all zeros
        return np.zeros((classes, classes), np.int64)
    return metrics.confusion_matrix(labels, predictions, labels=np.arange(classes)).astype(np.int64)


def _precision_recall_f1_support(labels: np.ndarray, predictions: np.ndarray, classes: int):
    """Per class (sklearn.metrics.precision_recall_fscore_support); a class never predicted (or never
    present) scores 0 there instead of dividing by zero."""
    from sklearn import metrics

    if len(labels) == 0:
        zeros = np.zeros(classes, np.float64)
        return zeros, zeros.copy(), zeros.copy(), np.zeros(classes, np.int64)
    precision, recall, f1, support = metrics.precision_recall_fscore_support(
        labels, predictions, labels=np.arange(classes), average=None, zero_division=0.0)
    return (precision.astype(np.float64), recall.astype(np.float64), f1.astype(np.float64),
            support.astype(np.int64))


def to_model_input(images: np.ndarray) -> np.ndarray:
    """Dataset images (uint8 NHWC) → what a Classifier takes: float32 0..1, (N, H, W) for one channel."""
    images = np.asarray(images)
    scaled = images.astype(np.float32) / 255.0 if images.dtype == np.uint8 else images.astype(np.float32)
    if scaled.ndim == 4 and scaled.shape[-1] == 1:
        scaled = scaled[..., 0]
    return scaled


def predict_probabilities(classifier, images: np.ndarray,
                          progress: Callable[[int, int], None] | None = None,
                          should_stop: Callable[[], bool] = lambda: False) -> np.ndarray:
    """The classifier's probabilities for uint8 NHWC images, chunk by chunk."""
    total = int(images.shape[0])
    parts = []
    for start in range(0, total, _CHUNK):
        if should_stop():
            raise EvaluationCancelled()
        parts.append(np.asarray(classifier.predict(to_model_input(images[start:start + _CHUNK]))))
        if progress is not None:
            progress(min(start + _CHUNK, total), total)
    if not parts:
        return np.asarray(classifier.predict(to_model_input(images[:0])))
    return np.concatenate(parts)


class EvaluationCancelled(Exception):
    """should_stop() said so before the evaluation was complete."""


def evaluate_classifier(classifier, images: np.ndarray, labels: np.ndarray,
                        class_names: list[str] | None = None,
                        progress: Callable[[int, int], None] | None = None,
                        should_stop: Callable[[], bool] = lambda: False) -> Evaluation:
    """Evaluate a loaded classifier on test images (uint8 NHWC) with their labels."""
    started = time.perf_counter()
    probabilities = predict_probabilities(classifier, images, progress, should_stop)
    result = compute_evaluation(labels, probabilities, class_names)
    result.images = images
    result.seconds = time.perf_counter() - started
    info = getattr(classifier, "info", None)
    result.model_name = getattr(info, "name", "") if info is not None else ""
    return result


def evaluate_bundle(name_or_path: str, dataset=None, device: str = "auto", limit: int | None = None,
                    progress: Callable[[int, int], None] | None = None,
                    should_stop: Callable[[], bool] = lambda: False) -> Evaluation:
    """Load a model bundle and evaluate it on a dataset's test set.

    dataset: a core.data Dataset, a dataset name or path, or None for the dataset the model was
    trained on. limit: evaluate the first `limit` test images only.
    """
    from core.data import DataError, load_dataset

    predictor = load_predictor(name_or_path, device)
    if dataset is None or isinstance(dataset, str):
        dataset = load_dataset(dataset or predictor.info.dataset)
    if dataset.x_test is None or dataset.y_test is None or len(dataset.y_test) == 0:
        raise DataError(f"The dataset {dataset.name!r} has no test set to evaluate on.")
    expected = tuple(predictor.info.input_shape)
    if tuple(dataset.x_test.shape[1:]) != expected:
        raise DataError(f"{predictor.info.name} takes {expected} images but {dataset.name} has "
                        f"{tuple(dataset.x_test.shape[1:])}; evaluate it on the data it was trained for.")
    images, labels = dataset.x_test, dataset.y_test
    if limit is not None:
        images, labels = images[:limit], labels[:limit]
    result = evaluate_classifier(predictor, images, labels, dataset.class_names, progress, should_stop)
    result.dataset_name = dataset.name
    result.dataset_source = dataset.source
    return result


def load_predictor(name_or_path: str, device: str = "auto"):
    """Something with .info and .predict for any bundle: the digit Classifier for 28×28 grey models,
    the bare engine for others (CIFAR-10 colour pictures are no digits, but can be evaluated)."""
    from core.inference import DIGIT_SHAPE, load_classifier
    from core.registry import find_bundle

    info = find_bundle(name_or_path)
    if tuple(info.input_shape) == DIGIT_SHAPE:
        return load_classifier(str(info.path), device=device)
    return _EnginePredictor(info, device)


class _EnginePredictor:
    def __init__(self, info, device: str):
        from core.engines.base import ModelError
        from core.fileio import first_line
        from core.registry import load_engine

        self.info = info
        try:
            self._engine = load_engine(info, device)
        except ModelError:
            raise
        except (OSError, ValueError, RuntimeError) as error:
            raise ModelError(f"The model {info.name} could not be loaded ({first_line(error)}).") from None
        self.device_name = self._engine.device_name

    def predict(self, images: np.ndarray) -> np.ndarray:
        batch = np.asarray(images, np.float32).reshape(len(images), *self.info.input_shape)
        return np.asarray(self._engine.predict(batch), np.float32)
