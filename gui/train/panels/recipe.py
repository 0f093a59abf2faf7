"""Step zero: start from a recipe, a named set of settings that was tuned and measured together
(core.config.RECIPES; "Speedrun (99% in 30 s)" is the fast one). One click fills the form; every field
stays editable afterwards. Recipe titles and descriptions are core's English, shown through
gui.train.texts."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from core.config import RECIPES
from gui.train.panels.form import FormPanel, combo, hbox
from gui.train.texts import core_text


class RecipePanel(FormPanel):
    recipe_chosen = Signal(str)              # a core.config.RECIPES name

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.recipe = combo()
        self.recipe.setObjectName("recipe_combo")
        for name in RECIPES:
            self.recipe.addItem("", name)
        self.use_button = QPushButton(clicked=self._use)
        self.use_button.setObjectName("use_recipe_button")
        self._recipe_row = hbox(self.recipe, self.use_button)
        self.add_field(self._recipe_row)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setStyleSheet("font-size: 11px;")
        self.form.addRow(self.description)
        self.recipe.currentIndexChanged.connect(self._describe)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Recipe"))
        for index in range(self.recipe.count()):
            self.recipe.setItemText(index, core_text(RECIPES[self.recipe.itemData(index)].title))
        self.use_button.setText(self.tr("Use"))
        self.use_button.setToolTip(self.tr("Fill the form with this recipe's network and settings"))
        self.name_field(self._recipe_row, self.tr("Start from"))
        self._describe()

    def _describe(self) -> None:
        name = self.recipe.currentData()
        self.description.setText(core_text(RECIPES[name].description) if name else "")

    def _use(self) -> None:
        self.recipe_chosen.emit(self.recipe.currentData())

    def set_config(self, config) -> None:
        pass   # a recipe is a starting point, not part of a run's settings
