"""Where the window keeps its settings: QSettings("Inkling", "Inkling"), or an INI file inside
INKLING_HOME when that is set (tests). Every part of the window asks here, so the shell and the tabs
share one owner and no tab imports the application module."""
from __future__ import annotations

import os

from PySide6.QtCore import QSettings

from core.paths import user_data_dir

ORGANIZATION = "Inkling"
APPLICATION = "Inkling"


def app_settings() -> QSettings:
    """QSettings("Inkling", "Inkling"); with INKLING_HOME set (tests), an INI file inside it instead."""
    if os.environ.get("INKLING_HOME"):
        return QSettings(str(user_data_dir() / "settings.ini"), QSettings.Format.IniFormat)
    return QSettings(ORGANIZATION, APPLICATION)
