"""Step zero: start from a recipe, a named set of settings that was tuned and measured together
(core.config.RECIPES; "Speedrun (99% in 30 s)" is the fast one). One click fills the form; every field
stays editable afterwards."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from core.config import RECIPES
from gui.train.panels.form import FormPanel, combo, hbox


class RecipePanel(FormPanel):
    recipe_chosen = Signal(str)              # a core.config.RECIPES name

    def __init__(self, parent: QWidget | None = None):
        super().__init__(self.tr("Recipe"), parent)
        self.recipe = combo()
        self.recipe.setObjectName("recipe_combo")
        for name, chosen in RECIPES.items():
            self.recipe.addItem(self.tr(chosen.title), name)
        self.use_button = QPushButton(self.tr("Use"), clicked=self._use)
        self.use_button.setObjectName("use_recipe_button")
        self.use_button.setToolTip(self.tr("Fill the form with this recipe's network and settings"))
        self.add_field(self.tr("Start from"), hbox(self.recipe, self.use_button))
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setStyleSheet("font-size: 11px;")
        self.form.addRow(self.description)
        self.recipe.currentIndexChanged.connect(self._describe)
        self._describe()

    def _describe(self) -> None:
        name = self.recipe.currentData()
        self.description.setText(self.tr(RECIPES[name].description) if name else "")

    def _use(self) -> None:
        self.recipe_chosen.emit(self.recipe.currentData())

    def set_config(self, config) -> None:
        pass   # a recipe is a starting point, not part of a run's settings
