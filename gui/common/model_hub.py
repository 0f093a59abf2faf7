"""The active model for every tab: chosen in one place, loaded off the GUI thread.

core.inference (and with it torch or TensorFlow) is imported only inside the worker thread, so the
window appears before any framework is loaded. Its messages are in the language current when they are
sent (context "ModelHub").
"""
from __future__ import annotations

import gc
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal

from core.fileio import UserError
from gui import i18n
from gui.common.workers import BackgroundRunner, plain_message

DEFAULT_LABEL = "the shipped default model"   # what loading_started sends for the default (a key, not text)


def _load_failure_message(requested: str | None, error: BaseException) -> str:
    """What went wrong, naming the model when the error itself does not."""
    if isinstance(error, ModuleNotFoundError):
        return QCoreApplication.translate("ModelHub", "No model can be loaded: part of Inkling's inference code "
                                                      "is missing.")
    name = Path(requested).name if requested else None
    what = (QCoreApplication.translate("ModelHub", "load the model '{0}'").format(name) if name
            else QCoreApplication.translate("ModelHub", "load the shipped default model"))
    message = plain_message(error, what)
    if name and name not in message:
        message = QCoreApplication.translate("ModelHub", "The model '{0}' could not be loaded: {1}").format(
            name, message)
    return message


def bundle_title(bundle) -> str:
    """A bundle in one line for pickers and the status bar, in the current language (core's
    BundleInfo.title is the CLI's English one)."""
    engine = {"torch": "PyTorch", "keras": "Keras"}.get(bundle.engine, bundle.engine)
    if bundle.test_accuracy is None:
        return QCoreApplication.translate("ModelHub", "{0} ({1}, {2})").format(bundle.name, bundle.architecture, engine)
    return QCoreApplication.translate("ModelHub", "{0} ({1}, {2}, {3} test)").format(
        bundle.name, bundle.architecture, engine, i18n.percent(bundle.test_accuracy, 2))


def _load_classifier(name_or_path: str | None, device: str):
    from core.inference import load_classifier
    classifier = load_classifier(name_or_path, device=device)
    classifier.for_live_frames()        # decided here, off the GUI thread, for the Images & video tab
    # The framework's ~170k long-lived objects would make every full garbage collection stall all threads
    # (the GUI thread included) for 60-170 ms; frozen, the collector skips them.
    gc.freeze()
    return classifier


class ModelHub(QObject):
    """The model every tab uses. select() loads in the background; model_changed tells every tab."""

    model_changed = Signal(object)   # the new Classifier
    loading_started = Signal(str)    # what is being loaded (a bundle name or DEFAULT_LABEL)
    load_failed = Signal(str)        # one plain sentence
    bundles_changed = Signal()

    def __init__(self, device: str = "auto", parent: QObject | None = None):
        super().__init__(parent)
        self._device = device
        self._classifier = None
        self._bundles: list | None = None
        self._loading: str | None = None
        self._last_error: str | None = None
        self._request = 0
        self._runner = BackgroundRunner(max_threads=1, parent=self)

    @property
    def classifier(self):
        """The active Classifier; None while a model loads or when none could be loaded."""
        return self._classifier

    def is_loading(self) -> bool:
        return self._loading is not None

    def loading_label(self) -> str | None:
        return self._loading

    def last_error(self) -> str | None:
        """Why the last load failed, if it did."""
        return self._last_error

    def active_name(self) -> str | None:
        return None if self._classifier is None else self._classifier.info.name

    def bundles(self) -> list:
        """Every bundle the registry knows (read once, again on refresh())."""
        if self._bundles is None:
            self._bundles = self._read_registry()
        return list(self._bundles)

    def refresh(self) -> None:
        self._bundles = self._read_registry()
        self.bundles_changed.emit()

    def select(self, name_or_path: str | None = None) -> None:
        """Load a bundle (None: the shipped default) off the GUI thread; model_changed follows."""
        self._request += 1
        request = self._request
        self._classifier = None
        self._loading = name_or_path or DEFAULT_LABEL
        self.loading_started.emit(self._loading)
        self._runner.run(partial(_load_classifier, name_or_path, self._device),
                         partial(self._loaded, request),
                         partial(self._failed, request, name_or_path))

    def use(self, classifier) -> None:
        """Make an already loaded Classifier the active model (scripts, benchmarks; on this thread)."""
        classifier.for_live_frames()
        self._request += 1
        self._loaded(self._request, classifier)

    def wait(self, timeout_ms: int = -1) -> bool:
        """Block until a running load is done (for shutdown and tests)."""
        return self._runner.wait(timeout_ms)

    def _loaded(self, request: int, classifier) -> None:
        if request != self._request:
            return  # a newer choice replaced this one while it loaded
        self._classifier = classifier
        self._loading = None
        self._last_error = None
        self.model_changed.emit(classifier)

    def _failed(self, request: int, requested: str | None, error: BaseException) -> None:
        if request != self._request:
            return
        message = _load_failure_message(requested, error)
        if requested is not None:
            self._report_failure(QCoreApplication.translate(
                "ModelHub", "{0} Switching to the shipped default model.").format(message))
            self.select(None)
            return
        self._loading = None
        self._report_failure(message)

    def _report_failure(self, message: str) -> None:
        self._last_error = message
        self.load_failed.emit(message)

    @staticmethod
    def _read_registry() -> list:
        try:
            from core.registry import list_bundles
        except ModuleNotFoundError:
            return []
        try:
            return list_bundles()
        except UserError:
            return []
