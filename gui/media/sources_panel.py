"""The bar above the Images & video view: open a picture, folder, video, camera or recent entry; what is
open; close it.

It owns the list of recent paths, the cameras found and the camera resolution asked for (remembered in
the settings), and tells the tab what the user asked to open through signals. Its words follow the
window's language (gui.i18n); what is open is rendered from the source kept.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel, QMenu, QPushButton, QSizePolicy, QStyle, QToolButton,
                               QWidget)

from core import media
from gui import i18n
from gui.common.workers import BackgroundRunner, plain_message
from gui.media.worker import SourceInfo
from gui.settings import app_settings

RECENT_KEY = "media/recent"
RESOLUTION_KEY = "media/camera_resolution"
MAX_RECENT = 10
CAMERA_RESOLUTIONS = [None, (640, 480), (1280, 720), (1920, 1080)]   # None: the camera's own default


class SourcesPanel(i18n.Retranslatable, QWidget):
    open_requested = Signal(str)       # a picture, folder or video the user chose
    camera_requested = Signal(int)     # a camera's index
    close_requested = Signal()
    problem = Signal(str)              # plain words, e.g. the camera search failed

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._cameras: list | None = None        # None: not searched yet
        self._searching_cameras = False
        self._info: SourceInfo | None = None
        self._runner = BackgroundRunner(parent=self)
        self._build()
        self.retranslate()

    def retranslate(self) -> None:
        self.open_file_button.setText(self.tr("Open file…"))
        self.open_file_button.setToolTip(self.tr("Open a picture (PNG, JPEG, BMP, TIFF, WebP) or a video "
                                                 "(MP4, AVI, MKV, MOV)"))
        self.open_folder_button.setText(self.tr("Open folder…"))
        self.open_folder_button.setToolTip(self.tr("Show every picture of a folder, one after another"))
        self.camera_button.setText(self.tr("Camera"))
        self.camera_button.setToolTip(self.tr("Read digits live from a camera"))
        self.recent_button.setText(self.tr("Recent"))
        self.recent_button.setToolTip(self.tr("Open a file or folder you opened before"))
        self.close_button.setToolTip(self.tr("Close the open picture, video or camera"))
        self.resolution_menu.setTitle(self.tr("Resolution"))
        self.default_resolution_action.setText(self.tr("Camera default"))
        self.show_source(self._info)
        if self.camera_menu.actions():   # filled once asked for; the recent menu is filled as it opens
            self._fill_camera_menu()

    def _build(self) -> None:
        style = self.style()
        self.open_file_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_DialogOpenButton), "")
        self.open_file_button.clicked.connect(self._choose_file)
        self.open_folder_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_DirOpenIcon), "")
        self.open_folder_button.clicked.connect(self._choose_folder)
        self.camera_button, self.camera_menu = self._menu_button()
        self.camera_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.camera_menu.aboutToShow.connect(self._camera_menu_opening)
        self.resolution_menu = self._build_resolution_menu()
        self.recent_button, self.recent_menu = self._menu_button()
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.close_button = QToolButton()
        self.close_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_DialogCloseButton))
        self.close_button.clicked.connect(self.close_requested)
        self.source_label = QLabel()
        self.source_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.source_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        bar = QHBoxLayout(self)
        bar.setContentsMargins(0, 0, 0, 0)
        for widget in (self.open_file_button, self.open_folder_button, self.camera_button, self.recent_button):
            bar.addWidget(widget)
        bar.addSpacing(12)
        bar.addWidget(self.source_label, 1)
        bar.addWidget(self.close_button)

    def _menu_button(self) -> tuple[QToolButton, QMenu]:
        button = QToolButton()
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self)
        button.setMenu(menu)
        return button, menu

    # --- what is open --------------------------------------------------------------------------------

    def show_source(self, info: SourceInfo | None) -> None:
        """The open source's name and kind ("live", "picture", "24 frames", its rate); None: nothing."""
        self._info = info
        if info is None:
            self.source_label.setText(self.tr("Nothing open"))
            self.source_label.setToolTip("")
            return
        kind = (self.tr("live") if info.is_live else
                self.tr("picture") if info.frame_count == 1 else
                self.tr("{0} frames").format(i18n.number(info.frame_count)) if info.frame_count else "")
        if kind and info.fps and info.frame_count != 1:
            kind = self.tr("{0}, {1} fps").format(kind, i18n.number(info.fps, 0))
        self.source_label.setText(self.tr("<b>{0}</b> ({1})").format(info.name, kind) if kind
                                  else f"<b>{info.name}</b>")
        self.source_label.setToolTip(info.spec)

    def set_closable(self, closable: bool) -> None:
        self.close_button.setEnabled(closable)

    # --- files and folders ---------------------------------------------------------------------------

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open a picture or a video"), self.last_folder(),
                                              self._file_filter())
        if path:
            self.open_requested.emit(path)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Open a folder of pictures"), self.last_folder())
        if folder:
            self.open_requested.emit(folder)

    def _file_filter(self) -> str:
        images = " ".join(f"*{suffix}" for suffix in media.IMAGE_SUFFIXES)
        videos = " ".join(f"*{suffix}" for suffix in media.VIDEO_SUFFIXES)
        return self.tr("Pictures and videos ({0} {1});;Pictures ({0});;Videos ({1});;All files (*)").format(
            images, videos)

    # --- recent files --------------------------------------------------------------------------------

    def recent_paths(self) -> list[str]:
        value = app_settings().value(RECENT_KEY, [])
        if isinstance(value, str):   # QSettings gives a lone string for a one-item list
            value = [value]
        return [str(item) for item in value or []]

    def remember(self, path: Path) -> None:
        entry = str(path.resolve())
        recent = [entry] + [p for p in self.recent_paths() if p != entry]
        app_settings().setValue(RECENT_KEY, recent[:MAX_RECENT])

    def last_folder(self) -> str:
        """Where file dialogs start: the folder of what was opened last."""
        recent = self.recent_paths()
        if not recent:
            return str(Path.home())
        last = Path(recent[0])
        return str(last if last.is_dir() else last.parent)

    def _fill_recent_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        recent = self.recent_paths()
        if not recent:
            menu.addAction(self.tr("Nothing opened yet")).setEnabled(False)
            return
        for entry in recent:
            action = menu.addAction(Path(entry).name or entry)
            action.setToolTip(entry)
            action.setStatusTip(entry)
            action.triggered.connect(lambda _=False, entry=entry: self.open_requested.emit(entry))
        menu.addSeparator()
        menu.addAction(self.tr("Clear the list")).triggered.connect(lambda: app_settings().remove(RECENT_KEY))

    # --- cameras -------------------------------------------------------------------------------------

    def camera_spec(self, index: int) -> media.CameraSpec:
        """Camera `index` at the resolution chosen in the menu (remembered)."""
        chosen = str(app_settings().value(RESOLUTION_KEY, ""))
        resolution = tuple(int(v) for v in chosen.split("x")) if chosen else None
        return media.CameraSpec(index, resolution)

    def search_cameras(self) -> None:
        """Look for cameras off the GUI thread (bounded in time by core.media.list_cameras)."""
        if self._searching_cameras:
            return
        self._searching_cameras = True
        self._runner.run(media.list_cameras, self._cameras_found,
                         lambda error: self._cameras_found([], plain_message(error, "look for cameras")))
        self._fill_camera_menu()

    def _camera_menu_opening(self) -> None:
        if self._cameras is None and not self._searching_cameras:
            self.search_cameras()
        self._fill_camera_menu()

    def _cameras_found(self, cameras: list, problem: str = "") -> None:
        self._searching_cameras = False
        self._cameras = list(cameras)
        if problem:
            self.problem.emit(problem)
        self._fill_camera_menu()

    def _fill_camera_menu(self) -> None:
        menu = self.camera_menu
        menu.clear()
        if self._searching_cameras:
            menu.addAction(self.tr("Looking for cameras…")).setEnabled(False)
        elif not self._cameras:
            menu.addAction(self.tr("No camera found")).setEnabled(False)
        else:
            for camera in self._cameras:
                action = menu.addAction(_camera_title(camera))
                action.triggered.connect(lambda _=False, index=camera.index: self.camera_requested.emit(index))
        menu.addSeparator()
        menu.addMenu(self.resolution_menu)
        search = menu.addAction(self.tr("Search again"))
        search.setEnabled(not self._searching_cameras)
        search.triggered.connect(self.search_cameras)

    def _build_resolution_menu(self) -> QMenu:
        """The size cameras are asked for when opened (remembered)."""
        menu = QMenu(self)
        group = QActionGroup(menu)
        chosen = str(app_settings().value(RESOLUTION_KEY, ""))
        for resolution in CAMERA_RESOLUTIONS:
            key = "" if resolution is None else f"{resolution[0]}x{resolution[1]}"
            action = menu.addAction("" if resolution is None else f"{resolution[0]} × {resolution[1]}")
            if resolution is None:
                self.default_resolution_action = action   # named in retranslate()
            action.setCheckable(True)
            action.setChecked(key == chosen)
            action.setActionGroup(group)
            action.triggered.connect(lambda _=False, key=key: app_settings().setValue(RESOLUTION_KEY, key))
        return menu


def _camera_title(camera: media.CameraInfo) -> str:
    width, height = camera.resolution
    return f"{camera.name} ({width} × {height})" if width and height else camera.name
