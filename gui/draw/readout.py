"""The Draw tab's readout: the answer, how sure it is, the MNIST label of a drawn test digit, one small
readout per digit of a number, the ten probability bars and the 28×28 picture the network saw.

It shows a core.reading.Reading; clicking a digit of a number shows that digit's bars and input.
What it shows is kept as state (the reading, the MNIST label) and its words rendered from it, so a
language switch re-renders them (gui.i18n).
"""
from __future__ import annotations

from typing import Callable

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QGroupBox, QHBoxLayout, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from core.reading import Answer, DigitReading, Reading, best_two
from gui import i18n
from gui.common.widgets import DigitReadout, PixelPreview, ProbabilityBars, percent

ANSWER_SCALE = 4.5   # the answer's font, in multiples of the window's
UNSURE_COLOUR = "#d97706"


def describe(answer: Answer) -> str:
    """How sure the answer is, in words; an unsure one names the two best guesses."""
    if answer.sure:
        return QCoreApplication.translate("ReadoutPanel", "{0} sure").format(percent(answer.confidence))
    return QCoreApplication.translate("ReadoutPanel", "Not sure: {0} ({1}) or {2} ({3})").format(
        answer.label, percent(answer.confidence), answer.runner_up, percent(answer.runner_up_confidence))


class ReadoutPanel(i18n.Retranslatable, QWidget):
    """See the module docstring."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._reading = Reading()
        self._waiting_text: Callable[[], str] = str    # why a digit has no answer yet (no model), rendered
        self._truth: tuple[int | None, np.ndarray | None] = (None, None)
        self._selected_digit = 0
        self._readouts: list[DigitReadout] = []
        self.setMinimumWidth(260)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        self._build_answer(layout)
        layout.addWidget(self._build_digits_area())
        self.bars = ProbabilityBars()
        layout.addWidget(self.bars, 1)
        layout.addWidget(self._build_sees_box())
        self.retranslate()

    def retranslate(self) -> None:
        self.answer_label.setToolTip(self.tr("The network's answer"))
        self.truth_label.setToolTip(self.tr("The label MNIST gives this test digit"))
        self.digits_area.setToolTip(self.tr("Each digit of the number, left to right; click one to inspect it"))
        self.sees_box.setTitle(self.tr("What the network sees"))
        self.preview.setToolTip(self.tr("The 28×28 input given to the network, one square per pixel"))
        self.explanation.setText(self.tr(
            "The network never sees your drawing, only this: the ink cropped, shrunk to fit 20×20 pixels and "
            "centred by its centre of mass in a 28×28 grid, white on black like MNIST."))
        self._show_words()

    def _build_answer(self, layout: QVBoxLayout) -> None:
        self.answer_label = QLabel("–")
        answer_font = QFont(self.font())
        answer_font.setPointSizeF(answer_font.pointSizeF() * ANSWER_SCALE)
        answer_font.setBold(True)
        self.answer_label.setFont(answer_font)
        self.answer_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail_label = QLabel()
        self.detail_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail_label.setWordWrap(True)
        self.truth_label = QLabel()
        self.truth_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.truth_label.setFixedHeight(self.truth_label.fontMetrics().height() + 4)   # no jump when it fills
        for label in (self.answer_label, self.detail_label, self.truth_label):
            layout.addWidget(label)

    def _build_digits_area(self) -> QScrollArea:
        self.digits_area = QScrollArea()
        self.digits_area.setWidgetResizable(True)
        self.digits_area.setFrameShape(QFrame.Shape.NoFrame)
        self.digits_area.setFixedHeight(110)
        self.digits_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.digits_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.digits_area.hide()
        return self.digits_area

    def _build_sees_box(self) -> QGroupBox:
        self.sees_box = sees = QGroupBox()
        sees_layout = QHBoxLayout(sees)
        self.preview = PixelPreview()
        self.explanation = explanation = QLabel()
        explanation.setWordWrap(True)
        explanation.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        explanation.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        sees_layout.addWidget(self.preview, 3)
        sees_layout.addWidget(explanation, 2)
        return sees

    # ----- showing a reading -----------------------------------------------------------------------

    def show_single(self, reading: Reading, waiting_text: str | Callable[[], str]) -> None:
        """Nothing, a dot or one digit; waiting_text says why a digit has no answer (no model yet): a
        function that renders it in the current language (or a plain string, e.g. core's words)."""
        self._reading = reading
        self._waiting_text = waiting_text if callable(waiting_text) else (lambda: waiting_text)
        self.digits_area.hide()
        self.preview.set_pixels(reading.image28)
        self.bars.set_probabilities(reading.probabilities)
        self._show_single_words()

    def _show_words(self) -> None:
        """The answer, its detail and the MNIST label, in words of the current language."""
        if self._reading.is_number:
            self._show_number_words()
        else:
            self._show_single_words()
        self._show_truth_words()

    def _show_single_words(self) -> None:
        reading = self._reading
        if reading.probabilities is not None:
            answer = best_two(reading.probabilities)
            self.set_answer(str(answer.label) if answer.sure else "?", describe(answer), answer.sure)
        elif reading.image28 is None:
            self.set_answer("–", self.tr("Draw a digit on the black square."), True)
        elif reading.only_a_dot:
            self.set_answer("…", self.tr("Keep drawing: a dot is not a digit yet."), True)
        else:
            self.set_answer("…", self._waiting_text(), True)

    def show_number(self, reading: Reading) -> None:
        """Several digits: the number, a readout per digit, and the selected digit's bars and input."""
        self._reading = reading
        self._show_number_words()
        self._fill_readouts(reading.digits)
        self.select_digit(min(self._selected_digit, len(reading.digits) - 1))
        self.digits_area.show()

    def _show_number_words(self) -> None:
        reading = self._reading
        unsure = [i for i, digit in enumerate(reading.digits) if not digit.answer.sure]
        count = i18n.number(len(reading.digits))
        if unsure:
            first = reading.digits[unsure[0]].answer
            detail = self.tr("{0} digits, read left to right. Not sure about digit {1}: {2} ({3}) or {4} ({5})").format(
                count, i18n.number(unsure[0] + 1), first.label, percent(first.confidence), first.runner_up,
                percent(first.runner_up_confidence))
        else:
            detail = self.tr("{0} digits, read left to right").format(count)
        self.set_answer(reading.number, detail, not unsure)

    def _fill_readouts(self, digits: list[DigitReading]) -> None:
        while len(self._readouts) < len(digits):
            readout = DigitReadout(len(self._readouts))
            readout.clicked.connect(self.select_digit)
            self._readouts.append(readout)
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        for readout, digit in zip(self._readouts, digits):
            readout.set_probabilities(digit.probabilities)
            row_layout.addWidget(readout)
        row_layout.addStretch(1)
        old = self.digits_area.takeWidget()
        self.digits_area.setWidget(row)
        if old is not None:
            for readout in self._readouts:
                if readout.parent() is old:
                    readout.setParent(None)
            old.deleteLater()

    def readouts(self) -> list[DigitReadout]:
        return list(self._readouts)

    def selected_digit(self) -> int:
        return self._selected_digit

    def select_digit(self, index: int) -> None:
        digits = self._reading.digits
        if not digits:
            return
        self._selected_digit = index
        for readout in self._readouts:
            readout.set_selected(readout.index == index)
        self.preview.set_pixels(digits[index].image28)
        self.bars.set_probabilities(digits[index].probabilities)

    def set_answer(self, answer: str, detail: str, sure: bool) -> None:
        font = self.answer_label.font()
        base = self.font().pointSizeF()
        scale = ANSWER_SCALE if len(answer) <= 3 else max(2.0, ANSWER_SCALE * 3 / len(answer))
        font.setPointSizeF(base * scale)
        self.answer_label.setFont(font)
        self.answer_label.setText(answer)
        colour = "palette(mid)" if answer in ("–", "…") else ("" if sure else UNSURE_COLOUR)
        self.answer_label.setStyleSheet(f"color: {colour};" if colour else "")
        self.detail_label.setText(detail)

    def show_truth(self, truth: int | None, probabilities: np.ndarray | None) -> None:
        """The MNIST label of a drawn test digit (None: clear it), right or wrong against the answer."""
        self._truth = (truth, probabilities)
        self._show_truth_words()

    def _show_truth_words(self) -> None:
        truth, probabilities = self._truth
        if truth is None:
            self.truth_label.clear()
            return
        if probabilities is None:
            self.truth_label.setText(self.tr("MNIST label: {0}").format(truth))
            self.truth_label.setStyleSheet("")
            return
        right = int(np.argmax(probabilities)) == truth
        verdict = self.tr("✓ right") if right else self.tr("✗ wrong")
        self.truth_label.setText(self.tr("MNIST label: {0}  {1}").format(truth, verdict))
        self.truth_label.setStyleSheet(f"color: {'#16a34a' if right else '#dc2626'}; font-weight: bold;")

    def answer_text(self) -> str:
        return self.answer_label.text()

    def detail_text(self) -> str:
        return self.detail_label.text()
