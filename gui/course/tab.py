"""The Course tab: the course's chapters on the left in its order, the chosen lab or explanation on the
right. Pages are built the first time they are chosen (a lab page imports its plots and code only
then), remember their own settings, and are stopped and joined when the window closes. A language
switch renames the chapters here; each built page re-sets its own texts (gui.i18n)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QStackedWidget, QTreeWidget, QTreeWidgetItem, QWidget

from gui import i18n
from gui.course.chapters import CHAPTERS, Entry, all_entries
from gui.settings import app_settings
from gui.tab import Tab

LAST_PAGE_KEY = "course/last_page"
KEY_ROLE = Qt.ItemDataRole.UserRole
SOURCE_ROLE = Qt.ItemDataRole.UserRole + 1    # the item's English title, translated when shown


class CourseTab(i18n.Retranslatable, Tab):
    def __init__(self, hub=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.hub = hub
        self.chapters = QTreeWidget()
        self.chapters.setHeaderHidden(True)
        self.chapters.setMinimumWidth(150)
        self.stack = QStackedWidget()
        self.pages: dict[str, QWidget] = {}
        self._entries = {entry.key: entry for entry in all_entries()}
        self._fill_chapters()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.chapters)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        self.splitter = splitter
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.chapters.currentItemChanged.connect(self._on_chosen)
        self.show_page(str(app_settings().value(LAST_PAGE_KEY, "iris")))
        self.retranslate()
        self.splitter.setSizes([self._chapters_width(), 1200])

    def _chapters_width(self) -> int:
        """Room for the longest chapter or page title (English ones are longer), within reason."""
        self.chapters.resizeColumnToContents(0)
        return max(180, min(220, self.chapters.sizeHintForColumn(0) + self.chapters.indentation() + 12))

    def retranslate(self) -> None:
        for index in range(self.chapters.topLevelItemCount()):
            top = self.chapters.topLevelItem(index)
            for item in (top, *(top.child(child) for child in range(top.childCount()))):
                item.setText(0, QCoreApplication.translate("Course", item.data(0, SOURCE_ROLE)))

    def _fill_chapters(self) -> None:
        for chapter in CHAPTERS:
            top = QTreeWidgetItem()
            top.setData(0, SOURCE_ROLE, chapter.title)
            top.setFlags(top.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            self.chapters.addTopLevelItem(top)
            for entry in chapter.entries:
                item = QTreeWidgetItem()
                item.setData(0, SOURCE_ROLE, entry.title)
                item.setData(0, KEY_ROLE, entry.key)
                top.addChild(item)
        self.chapters.expandAll()

    def show_page(self, key: str) -> QWidget | None:
        """Choose an entry by key (see gui.course.chapters); builds its page the first time."""
        item = self._item_of(key) or self._item_of(all_entries()[0].key)
        self.chapters.setCurrentItem(item)
        return self.pages.get(item.data(0, KEY_ROLE))

    def current_page(self) -> QWidget | None:
        return self.stack.currentWidget()

    def _item_of(self, key: str) -> QTreeWidgetItem | None:
        for index in range(self.chapters.topLevelItemCount()):
            top = self.chapters.topLevelItem(index)
            for child in range(top.childCount()):
                if top.child(child).data(0, KEY_ROLE) == key:
                    return top.child(child)
        return None

    def _on_chosen(self, item: QTreeWidgetItem | None, _previous=None) -> None:
        key = item.data(0, KEY_ROLE) if item is not None else None
        if key is None:
            return
        if key not in self.pages:
            self.pages[key] = self._build(self._entries[key])
            self.stack.addWidget(self.pages[key])
        self.stack.setCurrentWidget(self.pages[key])
        app_settings().setValue(LAST_PAGE_KEY, key)

    @staticmethod
    def _build(entry: Entry) -> QWidget:
        return entry.build()

    # ---- the window's tab interface ------------------------------------------------------------
    def save_settings(self) -> None:
        for page in self.pages.values():
            if hasattr(page, "save_settings"):
                page.save_settings()

    def confirm_close(self) -> bool:
        return all(page.confirm_close() for page in self.pages.values() if hasattr(page, "confirm_close"))

    def shutdown(self) -> None:
        for page in self.pages.values():
            if hasattr(page, "shutdown"):
                page.shutdown()
