"""ExplainPage: a chapter whose system already lives in another tab (the six steps, own data, CNNs,
CIFAR-10): a few lines on what the chapter teaches and buttons that set the Train or Draw tab up for
it and switch there. Its texts are kept as English sources and translated in retranslate()."""
from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from gui import i18n


@dataclass(frozen=True)
class Setup:
    """One click's worth of set-up: which tab, and (for Train) the training settings to show there."""
    label: str                                  # the button's text (source text, translated)
    tab: str                                    # "train" or "draw"
    train: dict = field(default_factory=dict)   # TrainConfig fields; "fit" holds FitConfig fields


class ExplainPage(i18n.Retranslatable, QWidget):
    def __init__(self, text: str, setups: tuple[Setup, ...] = (), parent: QWidget | None = None):
        super().__init__(parent)
        self._text, self._setups, self._tab_missing = text, setups, False
        layout = QVBoxLayout(self)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setTextFormat(self.explanation.textFormat().RichText)
        layout.addWidget(self.explanation)
        self.buttons: list[QPushButton] = []
        for setup in setups:
            button = QPushButton()
            button.clicked.connect(lambda _checked=False, s=setup: self.apply(s))
            layout.addWidget(button)
            self.buttons.append(button)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.explanation.setText(QCoreApplication.translate("Course", self._text))
        for button, setup in zip(self.buttons, self._setups):
            button.setText(QCoreApplication.translate("Course", setup.label))
        self.message.setText(QCoreApplication.translate("Course", "That tab is not open in this window.")
                             if self._tab_missing else "")

    def apply(self, setup: Setup) -> bool:
        """Set the other tab up and show it; False (with a message) when the window has no such tab.
        Tabs reach each other through the window (show_tab) and the tab interface (apply_setup)."""
        show_tab = getattr(self.window(), "show_tab", None)
        tab = show_tab(setup.tab) if show_tab is not None else None
        self._tab_missing = tab is None
        self.retranslate()
        if tab is None:
            return False
        if setup.tab == "train":
            from core.config import FitConfig, TrainConfig
            values = dict(setup.train)
            tab.apply_setup(TrainConfig(**{**values, "fit": FitConfig(**values.get("fit", {}))}))
        return True
