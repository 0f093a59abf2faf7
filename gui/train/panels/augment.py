"""Augmentation: how the training images are varied at random, with a preview of what the knobs do to
real training images (one original and its variants per row); until the chosen data is on this computer,
to digits of the MNIST sample shipped with Inkling."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QPushButton, QSpinBox, QWidget

from core.config import COURSE_AUGMENT, DIGITS_AUGMENT, AugmentConfig
from gui.train.panels.data import PREVIEW_COLUMNS
from gui.train.panels.form import FormPanel, hbox
from gui.train.widgets import ImageGrid


class AugmentPanel(FormPanel):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._dataset = None
        self._sample = None                 # the shipped MNIST sample: the preview's images while there are none
        self._seed = 0
        self._timer = QTimer(self, singleShot=True, interval=120, timeout=self.refresh_preview)
        self.augment_enabled = QCheckBox()
        self.form.addRow(self.augment_enabled)
        self._build_knobs()
        self.course_button = QPushButton(clicked=lambda: self.set_augment(COURSE_AUGMENT))
        self.digits_button = QPushButton(clicked=lambda: self.set_augment(DIGITS_AUGMENT))
        self.samples_button = QPushButton(clicked=self._new_samples)
        self.form.addRow(hbox(self.course_button, self.digits_button, self.samples_button, stretch_first=False))
        self.augment_preview = ImageGrid(columns=PREVIEW_COLUMNS, cell=36)
        self.augment_preview.setObjectName("augment_preview")
        self.form.addRow(self.augment_preview)
        self.augment_enabled.toggled.connect(self._on_toggled)
        for widget in self._knobs:
            widget.valueChanged.connect(self._timer.start)
        self.connect_changes(*self._knobs)
        self._on_toggled(False)
        self.retranslate()

    def _build_knobs(self) -> None:
        self.rotation = QDoubleSpinBox(maximum=180, singleStep=5, decimals=0, suffix="°")
        self.width_shift = QDoubleSpinBox(maximum=0.5, singleStep=0.05, decimals=2)
        self.height_shift = QDoubleSpinBox(maximum=0.5, singleStep=0.05, decimals=2)
        self.zoom = QDoubleSpinBox(maximum=0.9, singleStep=0.05, decimals=2)
        self.shear = QDoubleSpinBox(maximum=45, singleStep=5, decimals=0, suffix="°")
        self.stroke = QSpinBox(maximum=3)
        self.even_pen = QSpinBox(maximum=100, singleStep=5, suffix=" %")
        self.cut = QSpinBox(maximum=100, singleStep=5, suffix=" %")
        self._knobs = [self.rotation, self.width_shift, self.height_shift, self.zoom, self.shear, self.stroke,
                       self.even_pen, self.cut]
        for widget in self._knobs:
            self.add_field(widget)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Augmentation"))
        self.augment_enabled.setText(self.tr("Vary the training images randomly"))
        for widget, label, tip in (
                (self.rotation, self.tr("Rotation ±"), ""),
                (self.width_shift, self.tr("Width shift ±"), self.tr("A share of the width.")),
                (self.height_shift, self.tr("Height shift ±"), self.tr("A share of the height.")),
                (self.zoom, self.tr("Zoom ±"), self.tr("Scale between 1 − zoom and 1 + zoom.")),
                (self.shear, self.tr("Shear ±"), self.tr("Slant, as in italic handwriting.")),
                (self.stroke, self.tr("Stroke ±"), self.tr("Thinner or thicker pen strokes.")),
                (self.even_pen, self.tr("Even pen"),
                 self.tr("This share of digits is drawn again along its centre lines with a pen of one width, "
                         "as on the Draw tab.")),
                (self.cut, self.tr("Cut a little off"),
                 self.tr("This share of digits gets a strip of a neighbouring digit or loses a strip of its "
                         "own, as when digits written touching are cut apart a little off."))):
            self.name_field(widget, label, tip)
        self.stroke.setSuffix(self.tr(" px"))
        self.course_button.setText(self.tr("Course settings"))
        self.digits_button.setText(self.tr("Gentle for digits"))
        self.samples_button.setText(self.tr("New samples"))
        self.augment_preview.setToolTip(self.tr("Left: an original training image (until the chosen data is on "
                                                "this computer, a digit of the MNIST sample shipped with "
                                                "Inkling); right: what augmentation makes of it."))
        self.augment_preview.set_captions([self._original_caption() if caption else ""
                                           for caption in self.augment_preview.captions])

    # ---- the configuration ---------------------------------------------------------------------------

    def augment_config(self) -> AugmentConfig:
        if not self.augment_enabled.isChecked():
            return AugmentConfig()
        return AugmentConfig(rotation_range=self.rotation.value(), width_shift_range=self.width_shift.value(),
                             height_shift_range=self.height_shift.value(), zoom_range=self.zoom.value(),
                             shear_range=self.shear.value(), stroke_range=self.stroke.value(),
                             even_pen_share=self.even_pen.value() / 100,
                             cut_share=self.cut.value() / 100)

    def set_augment(self, augment: AugmentConfig) -> None:
        self.rotation.setValue(augment.rotation_range)
        self.width_shift.setValue(augment.width_shift_range)
        self.height_shift.setValue(augment.height_shift_range)
        self.zoom.setValue(augment.zoom_range)
        self.shear.setValue(augment.shear_range)
        self.stroke.setValue(int(augment.stroke_range))
        self.even_pen.setValue(round(augment.even_pen_share * 100))
        self.cut.setValue(round(augment.cut_share * 100))
        self.augment_enabled.setChecked(augment.enabled)

    def set_config(self, config) -> None:
        self.set_augment(config.fit.augment)

    # ---- the preview ---------------------------------------------------------------------------------

    def set_dataset(self, dataset) -> None:
        """The images to preview on (None while the data panel has none)."""
        self._dataset = dataset
        if dataset is not None:
            self.refresh_preview()

    def clear_preview(self) -> None:
        """The chosen data has no images here (not downloaded, unreadable): preview on the shipped sample."""
        self._dataset = None
        self.refresh_preview()

    def refresh_preview(self) -> None:
        """Rows of one original and its augmented variants; the same random draws while knobs move,
        so the preview shows what a knob does rather than new noise."""
        dataset = self._dataset if self._dataset is not None else self._shipped_sample()
        if dataset is None:
            self.augment_preview.set_message(self.tr("No images to preview."))
            return
        rng = np.random.default_rng(self._seed)
        count = len(dataset.x_train)
        originals = dataset.x_train[rng.choice(count, size=min(2, count), replace=False)]
        variants = PREVIEW_COLUMNS - 1
        batch = np.repeat(originals, variants, axis=0)
        config = self.augment_config()
        if config.enabled:
            from core.data.augment import augment_batch
            batch = augment_batch(batch, config, np.random.default_rng(self._seed + 1))
        images, captions = [], []
        for row, original in enumerate(originals):
            images.append(original)
            captions.append(self._original_caption())
            images.extend(batch[row * variants:(row + 1) * variants])
            captions.extend([""] * variants)
        self.augment_preview.set_images(images, captions)

    def _shipped_sample(self):
        """The MNIST sample shipped with Inkling (read once: 12 ms), or None when the installation lacks it."""
        if self._sample is None:
            from core.data.dataset import DataError
            from core.data.published import load_sample
            try:
                self._sample = load_sample()
            except DataError:
                return None
        return self._sample

    def _original_caption(self) -> str:
        return self.tr("original") if self._dataset is not None else self.tr("sample")

    def _on_toggled(self, enabled: bool) -> None:
        for widget in self._knobs:
            widget.setEnabled(enabled)
        self._timer.start()
        self.changed.emit()

    def _new_samples(self) -> None:
        self._seed += 1
        self.refresh_preview()
