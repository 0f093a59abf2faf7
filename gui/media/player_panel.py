"""The frame view of the Images & video tab and what moves through a video or folder: play or pause,
next frame, seek, loop.

The panel only shows and asks: the tab decides what playing means for the open source and tells the
panel what to show (its signals are the user's requests). While nothing is open, it offers the demo
page and the demo video that ship with the app, one click each. Its texts follow the window's
language (gui.i18n); the frame number is rendered from the position kept.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QCheckBox, QHBoxLayout, QLabel, QPushButton, QSlider, QStyle, QToolButton, QVBoxLayout,
                               QWidget)

from core.paths import RESOURCES
from gui import i18n
from gui.media.widgets import FrameView

DEMO_PAGE = RESOURCES / "demo" / "page.jpg"
DEMO_VIDEO = RESOURCES / "demo" / "clip.mp4"


class PlayerPanel(i18n.Retranslatable, QWidget):
    play_toggled = Signal()
    step_requested = Signal()
    seek_requested = Signal(int)       # frame index
    loop_toggled = Signal(bool)
    open_requested = Signal(str)       # a path to open (the demo page or video)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._position: tuple[int, int | None] | None = None   # (frame index, frame count) shown
        self.view = FrameView()
        style = self.style()
        self.play_button = QToolButton()
        self.play_button.clicked.connect(self.play_toggled)
        self.step_button = QToolButton()
        self.step_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaSkipForward))
        self.step_button.clicked.connect(self.step_requested)
        self.seek_slider = QSlider(Qt.Orientation.Horizontal)
        self.seek_slider.sliderReleased.connect(lambda: self.seek_requested.emit(self.seek_slider.value()))
        self.seek_slider.actionTriggered.connect(self._seek_slider_action)
        self.frame_label = QLabel("")
        self.frame_label.setMinimumWidth(110)
        self.loop_check = QCheckBox()
        self.loop_check.toggled.connect(self.loop_toggled)

        self.demo_page_button = QPushButton()
        self.demo_page_button.clicked.connect(lambda: self.open_requested.emit(str(DEMO_PAGE)))
        self.demo_video_button = QPushButton()
        self.demo_video_button.clicked.connect(lambda: self.open_requested.emit(str(DEMO_VIDEO)))
        self.demo_bar = QWidget()
        demos = QHBoxLayout(self.demo_bar)
        demos.setContentsMargins(0, 0, 0, 0)
        demos.addStretch(1)
        demos.addWidget(self.demo_page_button)
        demos.addWidget(self.demo_video_button)
        demos.addStretch(1)

        controls = QHBoxLayout()
        for widget in (self.play_button, self.step_button):
            controls.addWidget(widget)
        controls.addWidget(self.seek_slider, 1)
        controls.addWidget(self.frame_label)
        controls.addWidget(self.loop_check)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.demo_bar)
        layout.addLayout(controls)
        self.retranslate()

    def retranslate(self) -> None:
        self.view.set_placeholder(self.tr(
            "Open a picture, a folder of pictures, a video or a camera — or drop files here.\n\n"
            "Every digit found is boxed and read; digits side by side are read as one number."))
        self.play_button.setToolTip(self.tr("Play or pause (Space)"))
        self.step_button.setToolTip(self.tr("Next frame (.)"))
        self.seek_slider.setToolTip(self.tr("Go to a frame"))
        self.loop_check.setText(self.tr("Loop"))
        self.loop_check.setToolTip(self.tr("Start the video or folder again when it ends"))
        self.demo_page_button.setText(self.tr("Open the demo page"))
        self.demo_page_button.setToolTip(self.tr("A page with handwritten digits that ships with the app"))
        self.demo_video_button.setText(self.tr("Open the demo video"))
        self.demo_video_button.setToolTip(self.tr("A short video of a page moving under a camera"))
        self._show_frame_words()

    def _seek_slider_action(self, action: int) -> None:
        # Clicks on the groove and keyboard moves; dragging seeks once, when the handle is let go.
        if action != QSlider.SliderAction.SliderMove:
            QTimer.singleShot(0, lambda: self.seek_requested.emit(self.seek_slider.value()))

    def set_length(self, frame_count: int) -> None:
        """A new source: the slider spans its frames, at the first one."""
        self.seek_slider.setRange(0, max(0, frame_count - 1))
        self.seek_slider.setValue(0)

    def show_position(self, index: int) -> None:
        """The frame on screen, unless the user is dragging the slider."""
        if not self.seek_slider.isSliderDown():
            self.seek_slider.blockSignals(True)
            self.seek_slider.setValue(index)
            self.seek_slider.blockSignals(False)

    def show_frame_number(self, index: int, count: int | None) -> None:
        self.demo_bar.hide()                     # a frame is on screen: the demos are not needed
        self._position = (index, count)
        self._show_frame_words()

    def _show_frame_words(self) -> None:
        index, count = self._position or (0, None)
        self.frame_label.setText(self.tr("frame {0} / {1}").format(i18n.number(index + 1), i18n.number(count))
                                 if count and count > 1 else "")

    def update_controls(self, playing: bool, has_frames: bool, can_step: bool, can_loop: bool) -> None:
        icon = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))
        self.play_button.setEnabled(has_frames)
        self.step_button.setEnabled(can_step)
        self.seek_slider.setEnabled(can_step)
        self.loop_check.setEnabled(can_loop)

    def clear(self) -> None:
        self.view.set_frame(None)
        self._position = None
        self.frame_label.setText("")
        self.demo_bar.setVisible(True)
