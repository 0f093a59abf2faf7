"""The window's languages: English (the source text) and 简体中文, switchable at run time without a restart.

Rules every part of the window follows (the tabs are converted by several people; keep them uniform):

1. Every user-visible string goes through Qt's translation machinery: `self.tr("...")` inside a QObject
   subclass (the context is the class that defines the method), `QCoreApplication.translate(CONTEXT,
   "...")` elsewhere, `QT_TRANSLATE_NOOP(CONTEXT, "...")` for text kept as data and translated when shown
   (TabSpec titles and tooltips use context TAB_CONTEXT; translate them with tab_text()). That covers
   titles, labels, buttons, menus, tooltips, status tips, placeholders, messages, units and plot labels.
   - Write the text literally inside tr(): no f-strings, no variables, no concatenation, or the extractor
     (pyside6-lupdate) cannot see it. Put values in with numbered fields: `self.tr("Epoch {0} of {1}")
     .format(number(epoch), number(total))`, so a translation may reorder them.
   - Counts that need a plural in English: `self.tr("%n digit(s)", "", count)` (English plurals live in
     the English source; Chinese has one form).
   - Model names, file paths, zoo names (`lenet5`), key names (`Ctrl+Z`) and the messages that come up
     from core (core.fileio.UserError: the CLI shares them and stays English) are not translated.
2. Numbers, percentages, dates and times are formatted by the current language's QLocale: number(),
   percent(), date_time() below, never f"{x:.1f}" or f"{p:.0%}" in shown text.
3. Switching is live. switch_language() installs the other translator; Qt then sends
   QEvent.LanguageChange to every widget (the window passes it down to every child). Each widget class
   that shows text derives from Retranslatable (before the Qt class: `class Panel(Retranslatable,
   QWidget)`) and implements `retranslate()`, which (re)sets ALL its texts. Call `self.retranslate()` at
   the end of `__init__` instead of passing text to constructors (build widgets bare, then name them
   in retranslate()), so the start and a switch run the same code.
   - Texts that depend on state (a status line, a result, "Epoch 3 of 10") are rendered from the state
     by a method that retranslate() calls too; do not keep translated strings as state.
   - Only labels, titles, tooltips, placeholders and list items *offered* by the program are re-set.
     What the user typed or chose (line edits, spin boxes, the selected item of a combo box: refill
     items by index and restore the current index) is never touched, and retranslate() must not start,
     stop or reset anything: a training or a lab keeps running.
   - Objects that are not widgets (QAction, QMenu titles, pyqtgraph axis labels and legends, tab titles)
     do not get the event: the widget that owns them re-sets them in its retranslate().
4. Course terms exactly as the course writes them: resources/translations/glossary.tsv (english, chinese,
   note) is the single source. A test fails when a translated string whose English contains a glossary
   term lacks the glossary's Chinese term.
5. Translations live in resources/translations/inkling_zh_CN.ts (Qt Linguist), compiled to the shipped
   inkling_zh_CN.qm. Never edit them by hand while others work; use the locked tools:
       python -m gui.i18n_tools update            # extract every tr() string from gui/ into the .ts
       python -m gui.i18n_tools fill AREA.json    # {"Context": {"English source": "中文"}} → finished
       python -m gui.i18n_tools release           # .ts → .qm (a test checks the .qm is not stale)
   A test runs the extractor and fails on any string missing or unfinished in the .ts.
6. Fonts: Chinese needs a font that covers Simplified Chinese. When switching to it (and at start), the
   window looks for one (font_notice()); without one the switch still happens, and a notice in English
   (Chinese glyphs could not be shown) names the package that provides one (Debian/Ubuntu:
   fonts-noto-cjk).
7. The command line stays English: core never imports this module.

INKLING_LANGUAGE=en|zh_CN overrides the remembered choice and the system locale (screenshots, tests).
"""
from __future__ import annotations

import os
import sys
from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QEvent, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

from core.paths import RESOURCES
from gui.settings import app_settings

ENGLISH = "en"
CHINESE = "zh_CN"
# Each language named in itself: a user who cannot read the current language still finds their own.
LANGUAGES = {ENGLISH: "English", CHINESE: "简体中文"}
TAB_CONTEXT = "Tab"
TRANSLATIONS_DIR = RESOURCES / "translations"
SETTINGS_KEY = "language"
ENVIRONMENT_KEY = "INKLING_LANGUAGE"
FONT_PACKAGE = "fonts-noto-cjk"
# Han characters look different in Chinese, Japanese and Korean fonts: prefer a Simplified Chinese face.
_SIMPLIFIED_HINTS = (" SC", " CN", "GB", "Hei", "YaHei", "PingFang SC", "WenQuanYi")

_state = {"language": ENGLISH, "translators": [], "base_families": None}


# ----- which language ------------------------------------------------------------------------------

def system_language() -> str:
    """zh_CN when the system's first user-interface language is Chinese, otherwise English."""
    languages = QLocale.system().uiLanguages() or [QLocale.system().name()]
    return CHINESE if languages[0].lower().startswith("zh") else ENGLISH


def chosen_language() -> str:
    """INKLING_LANGUAGE, else the language chosen last time (View → Language), else the system's."""
    for candidate in (os.environ.get(ENVIRONMENT_KEY, ""), str(app_settings().value(SETTINGS_KEY, ""))):
        if candidate.strip() in LANGUAGES:
            return candidate.strip()
    return system_language()


def current_language() -> str:
    return _state["language"]


def remember_language(code: str) -> None:
    app_settings().setValue(SETTINGS_KEY, code)


# ----- installing it -------------------------------------------------------------------------------

def install_language(code: str) -> None:
    """Make `code` the language of the running application: its translators, QLocale and font.
    Qt then posts LanguageChange to every widget, whose retranslate() re-sets its texts."""
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}; known: {', '.join(LANGUAGES)}")
    app = QCoreApplication.instance()
    for translator in _state["translators"]:
        app.removeTranslator(translator)
    _state["translators"] = [] if code == ENGLISH else _load_translators(code)
    for translator in _state["translators"]:
        app.installTranslator(translator)
    _state["language"] = code
    QLocale.setDefault(language_locale(code))
    if isinstance(app, QGuiApplication):
        _apply_font(app, code)


def switch_language(code: str) -> None:
    """What View → Language does: install the language now and remember it for the next start."""
    install_language(code)
    remember_language(code)


def _load_translators(code: str) -> list[QTranslator]:
    """Inkling's own catalogue, then Qt's (standard dialogs and buttons); a missing one is skipped."""
    catalogues = [(f"inkling_{code}", str(TRANSLATIONS_DIR)),
                  (f"qtbase_{code}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    translators = []
    for name, folder in catalogues:
        translator = QTranslator(QCoreApplication.instance())
        if translator.load(name, folder):
            translators.append(translator)
    return translators


def language_locale(code: str) -> QLocale:
    """The QLocale numbers and dates use: the system's own when it speaks that language (keeps its
    regional habits), otherwise the language's usual one."""
    system = QLocale.system()
    if system.language() == QLocale(code).language():
        return system
    return QLocale(code if code != ENGLISH else "en_US")


# ----- fonts ---------------------------------------------------------------------------------------

def chinese_font_family(families: list[str] | None = None) -> str | None:
    """A font family that covers Simplified Chinese (a Simplified Chinese face if there is one), or
    None. `families` defaults to those QFontDatabase reports for Simplified Chinese."""
    if families is None:
        families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    simplified = [family for family in families if any(hint in family for hint in _SIMPLIFIED_HINTS)]
    return (simplified or list(families) or [None])[0]


def font_notice(families: list[str] | None = None) -> str | None:
    """None when Chinese can be shown; otherwise one sentence, in English on purpose (without such a
    font Chinese would be boxes), naming what to install."""
    if chinese_font_family(families) is not None:
        return None
    if sys.platform.startswith("linux"):
        where = (f"install a font that covers Simplified Chinese, e.g. the package {FONT_PACKAGE} "
                 f"(Debian/Ubuntu: sudo apt install {FONT_PACKAGE}), then restart Inkling.")
    else:
        where = "check that the system's Chinese fonts are installed (macOS and Windows ship one)."
    return f"No font on this system can show Chinese, so 简体中文 appears as boxes: {where}"


def _apply_font(app: QGuiApplication, code: str) -> None:
    """Chinese: the application font's families gain a Simplified Chinese face after the usual one
    (Latin letters keep their font); English: the families Qt started with."""
    font = QFont(app.font())
    if _state["base_families"] is None:
        _state["base_families"] = list(font.families()) or [font.family()]
    families = list(_state["base_families"])
    chinese = chinese_font_family() if code == CHINESE else None
    if chinese is not None and chinese not in families:
        families.append(chinese)
    if families != (list(font.families()) or [font.family()]):
        font.setFamilies(families)
        app.setFont(font)


# ----- formatting ----------------------------------------------------------------------------------

def number(value: float, decimals: int = 0) -> str:
    """A number as the current language writes it (digit grouping, decimal sign)."""
    if decimals == 0 and isinstance(value, int):
        return QLocale().toString(value)
    return QLocale().toString(float(value), "f", decimals)


def percent(fraction: float, decimals: int = 0) -> str:
    """0.953 → "95%" (English) / "95%" (Chinese); the sign and its place come from the QLocale."""
    return number(float(fraction) * 100.0, decimals) + QLocale().percent()


def date_time(moment: datetime | date | QDateTime | QDate, long: bool = False) -> str:
    """A date (or date and time) in the current language's short or long format."""
    fmt = QLocale.FormatType.LongFormat if long else QLocale.FormatType.ShortFormat
    if isinstance(moment, datetime):
        moment = QDateTime(moment)
    elif isinstance(moment, date):
        moment = QDate(moment)
    return QLocale().toString(moment, fmt)


def tab_text(source: str) -> str:
    """A TabSpec's title or tooltip (declared with QT_TRANSLATE_NOOP(TAB_CONTEXT, ...)) in the current
    language."""
    return QCoreApplication.translate(TAB_CONTEXT, source)


# ----- widgets -------------------------------------------------------------------------------------

class Retranslatable:
    """Mixin for a widget that shows text: put it before the Qt class and implement retranslate().

    retranslate() (re)sets every text the widget shows; call it at the end of __init__. It runs again
    on every LanguageChange, so it must be cheap, repeatable and free of side effects on the work in
    progress (see the module's rules)."""

    def retranslate(self) -> None:
        raise NotImplementedError(f"{type(self).__name__} shows text but has no retranslate()")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
