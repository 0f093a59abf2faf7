"""Where frames come from and where annotated ones go: pictures, folders, videos, cameras, recordings.

Every source gives BGR uint8 frames, whatever the file held (grey, colour, alpha, 16-bit, float).
`FrameReader` reads a source on its own thread: live sources keep only the newest frame (stale ones are
dropped), video files play at their own rate or as fast as the consumer takes frames. `Recorder`
writes a video that appears complete or not at all. Every failure a user can cause is a `MediaError`
with one plain sentence.
"""
from __future__ import annotations

import collections
import os
import re
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from core.fileio import UserError, first_line, write_bytes_atomic
from core.images import to_bgr8

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp", ".pgm", ".ppm", ".pbm", ".pnm")
VIDEO_SUFFIXES = (".mp4", ".avi", ".mkv", ".mov", ".m4v", ".webm", ".mpg", ".mpeg", ".wmv")
MAX_PIXELS = 25_000_000          # bigger pictures are shrunk to this on reading (with a notice)
CAMERA_FAILURES = 10             # this many failed grabs in a row: the camera is gone
_DEFAULT_VIDEO_FPS = 25.0        # when a file does not say its rate
RATE_WINDOW_S = 1.0              # frames per second are counted over this window
MAX_RECORDING_GAP_MS = 1000      # a longer gap between frames (pause, seek) is a cut, not a frozen picture
_RECORDER_CODECS = {".mp4": "mp4v", ".mov": "mp4v", ".m4v": "mp4v", ".avi": "MJPG", ".mkv": "MJPG"}


class MediaError(UserError):
    """A picture, video or camera that cannot be used; the message says which and why."""


@dataclass
class Frame:
    image: np.ndarray            # BGR uint8
    index: int                   # position in the source (0-based); for cameras, frames since opening
    timestamp_ms: float          # position in time (video), time since opening (camera), 0 (picture)
    source_name: str             # the file's name, or "Camera N"
    capture_ms: float            # time spent reading and decoding this frame
    notice: str = ""             # e.g. that a huge picture was shrunk


@dataclass
class CameraSpec:
    """A camera, optionally asking for a resolution (width, height); None keeps its default."""
    index: int
    resolution: tuple[int, int] | None = None


@dataclass
class CameraInfo:
    index: int
    name: str
    resolution: tuple[int, int]


# --- pictures ---------------------------------------------------------------------------------------

def read_image(path: str | Path) -> np.ndarray:
    """A picture file as BGR uint8 (huge ones shrunk to MAX_PIXELS)."""
    return read_image_with_notice(path)[0]


def read_image_with_notice(path: str | Path) -> tuple[np.ndarray, str]:
    """A picture file as BGR uint8, and a notice ("" or why it was changed, e.g. shrunk)."""
    path = Path(path)
    data = _read_bytes(path)
    flags = cv2.IMREAD_COLOR if path.suffix.lower() in (".jpg", ".jpeg") else cv2.IMREAD_UNCHANGED
    reduction, flags = _reduction_for(data, flags)
    try:
        image = cv2.imdecode(np.frombuffer(data, np.uint8), flags)
    except cv2.error:
        image = None
    if image is None or image.size == 0:
        raise MediaError(f"{path.name} could not be read as a picture (not a supported format, or damaged).")
    image = to_bgr8(image)
    original = (image.shape[1] * reduction, image.shape[0] * reduction)
    image = _limit_pixels(image)
    notice = ""
    if reduction > 1 or image.shape[1] != original[0]:
        notice = (f"{path.name} is very large ({original[0]}×{original[1]}); "
                  f"it was shrunk to {image.shape[1]}×{image.shape[0]}.")
    return image, notice


def _read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise MediaError(f"{path} does not exist.")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise MediaError(f"{path} could not be read ({error.strerror or error}).") from None
    if not data:
        raise MediaError(f"{path.name} is empty.")
    return data


def _limit_pixels(image: np.ndarray) -> np.ndarray:
    h, w = image.shape[:2]
    if h * w <= MAX_PIXELS:
        return image
    scale = (MAX_PIXELS / (h * w)) ** 0.5
    return cv2.resize(image, (max(1, int(w * scale)), max(1, int(h * scale))), interpolation=cv2.INTER_AREA)


def _reduction_for(data: bytes, flags: int) -> tuple[int, int]:
    """For a huge JPEG or PNG, decode at 1/2, 1/4 or 1/8 size right away (never hold the full picture)."""
    size = _header_size(data)
    if size is None or size[0] * size[1] <= MAX_PIXELS:
        return 1, flags
    for factor, reduced in ((2, cv2.IMREAD_REDUCED_COLOR_2), (4, cv2.IMREAD_REDUCED_COLOR_4)):
        if size[0] * size[1] / (factor * factor) <= 4 * MAX_PIXELS:
            return factor, reduced
    return 8, cv2.IMREAD_REDUCED_COLOR_8


def _header_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) read from a PNG or JPEG header; None for other formats."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data[:2] != b"\xff\xd8":
        return None
    position = 2
    while position + 9 < len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        length = int.from_bytes(data[position + 2:position + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height = int.from_bytes(data[position + 5:position + 7], "big")
            width = int.from_bytes(data[position + 7:position + 9], "big")
            return width, height
        position += 2 + length
    return None


# --- sources ----------------------------------------------------------------------------------------

class Source:
    """A stream of frames. `read()` gives the next one, None at the end."""
    name: str = ""
    is_live: bool = False
    frame_count: int | None = None
    fps: float = 0.0              # 0 for pictures and folders (no natural rate)

    def read(self) -> Frame | None:
        raise NotImplementedError

    def seek(self, index: int) -> None:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


class ImageSource(Source):
    def __init__(self, path: Path):
        self.path = path
        self.name = path.name
        self.frame_count = 1
        self._image, self._notice = read_image_with_notice(path)
        self._position = 0

    def read(self) -> Frame | None:
        if self._position >= 1:
            return None
        self._position = 1
        return Frame(self._image, 0, 0.0, self.name, 0.0, self._notice)

    def seek(self, index: int) -> None:
        self._position = 0 if index <= 0 else 1


class FolderSource(Source):
    """The pictures in a folder, in natural order (page2 before page10); other files are skipped.
    A picture that cannot be read is skipped too and listed in `skipped`."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.name = folder.name or str(folder)
        self.paths = image_files_in(folder)
        if not self.paths:
            raise MediaError(f"The folder {folder} holds no pictures ({', '.join(IMAGE_SUFFIXES)}).")
        self.frame_count = len(self.paths)
        self.skipped: list[str] = []
        self._position = 0

    def read(self) -> Frame | None:
        while self._position < len(self.paths):
            index, path = self._position, self.paths[self._position]
            self._position += 1
            start = time.perf_counter()
            try:
                image, notice = read_image_with_notice(path)
            except MediaError as error:
                self.skipped.append(str(error))
                continue
            return Frame(image, index, 0.0, path.name, (time.perf_counter() - start) * 1000.0, notice)
        return None

    def seek(self, index: int) -> None:
        self._position = min(max(0, index), len(self.paths))


class VideoSource(Source):
    def __init__(self, path: Path):
        self.path = path
        self.name = path.name
        _read_bytes_head(path)
        self._capture = cv2.VideoCapture(str(path))
        if not self._capture.isOpened():
            raise MediaError(f"{path.name} could not be opened as a video (unknown format or codec, or damaged).")
        ok, first = self._capture.read()
        if not ok or first is None:
            self._capture.release()
            raise MediaError(f"{path.name} holds no video frames that can be decoded.")
        fps = self._capture.get(cv2.CAP_PROP_FPS)
        self.fps = float(fps) if fps and 0 < fps < 1000 else _DEFAULT_VIDEO_FPS
        count = int(self._capture.get(cv2.CAP_PROP_FRAME_COUNT))
        self.frame_count = count if count > 0 else None
        self._first = first
        self._position = 0

    def read(self) -> Frame | None:
        start = time.perf_counter()
        if self._first is not None:
            image, self._first = self._first, None
        else:
            ok, image = self._capture.read()
            if not ok or image is None:
                return None
        index = self._position
        self._position += 1
        return Frame(to_bgr8(image), index, index * 1000.0 / self.fps, self.name,
                     (time.perf_counter() - start) * 1000.0)

    def seek(self, index: int) -> None:
        index = max(0, index)
        if self.frame_count is not None:
            index = min(index, self.frame_count - 1)
        self._first = None
        self._capture.set(cv2.CAP_PROP_POS_FRAMES, index)
        self._position = index

    def close(self) -> None:
        self._capture.release()


class CameraSource(Source):
    is_live = True

    def __init__(self, spec: CameraSpec):
        self.index = spec.index
        self.name = f"Camera {spec.index}"
        self._capture = _open_camera(spec.index)
        if self._capture is None:
            raise MediaError(f"Camera {spec.index} is not available (not connected, or used by another program).")
        if spec.resolution:
            self._capture.set(cv2.CAP_PROP_FRAME_WIDTH, spec.resolution[0])
            self._capture.set(cv2.CAP_PROP_FRAME_HEIGHT, spec.resolution[1])
        fps = self._capture.get(cv2.CAP_PROP_FPS)
        self.fps = float(fps) if fps and 0 < fps < 1000 else 30.0
        self._opened_at = time.perf_counter()
        self._count = 0
        self._closed = False

    def read(self) -> Frame | None:
        """The next picture; MediaError when the camera stops answering (unplugged, taken over)."""
        for _ in range(CAMERA_FAILURES):
            if self._closed:
                return None
            start = time.perf_counter()
            ok, image = self._capture.read()
            if ok and image is not None and image.size:
                frame = Frame(to_bgr8(image), self._count, (start - self._opened_at) * 1000.0, self.name,
                              (time.perf_counter() - start) * 1000.0)
                self._count += 1
                return frame
            time.sleep(0.02)
        self.close()
        raise MediaError(f"Camera {self.index} stopped sending pictures (unplugged, or taken by another program).")

    def seek(self, index: int) -> None:
        pass                       # a live camera has no position

    def close(self) -> None:
        self._closed = True
        self._capture.release()


def _read_bytes_head(path: Path) -> None:
    """Plain messages for a missing, unreadable or empty file before a decoder sees it."""
    if not path.exists():
        raise MediaError(f"{path} does not exist.")
    try:
        with open(path, "rb") as handle:
            head = handle.read(1)
    except OSError as error:
        raise MediaError(f"{path} could not be read ({error.strerror or error}).") from None
    if not head:
        raise MediaError(f"{path.name} is empty.")


def _open_camera(index: int) -> cv2.VideoCapture | None:
    with _quiet_opencv():
        capture = cv2.VideoCapture(index)
    if capture.isOpened():
        return capture
    capture.release()
    return None


class _quiet_opencv:
    """OpenCV prints warnings for every camera index that is not there; keep the terminal clean."""

    def __enter__(self):
        self._level = cv2.utils.logging.getLogLevel()
        cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)

    def __exit__(self, *exc_info):
        cv2.utils.logging.setLogLevel(self._level)


def image_files_in(folder: str | Path) -> list[Path]:
    """The picture files in a folder (not its subfolders), in natural order: page2 before page10."""
    folder = Path(folder)
    try:
        entries = list(folder.iterdir())
    except OSError as error:
        raise MediaError(f"The folder {folder} could not be read ({error.strerror or error}).") from None
    return sorted((p for p in entries if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES),
                  key=lambda p: _natural_key(p.name))


def expand_inputs(names: list[str]) -> list[Path]:
    """Command-line inputs: files as given, a folder becomes its pictures (each its own input)."""
    inputs: list[Path] = []
    for name in names:
        path = Path(name).expanduser()
        if not path.exists():
            raise MediaError(f"{path} does not exist")
        if path.is_dir():
            pictures = image_files_in(path)
            if not pictures:
                raise MediaError(f"{path} has no pictures in it")
            inputs += pictures
        else:
            inputs.append(path)
    return inputs


def _natural_key(name: str) -> list:
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", name)]


def open_source(spec: str | Path | int | CameraSpec) -> Source:
    """A picture file, a folder of pictures, a video file, or a camera (an index, "0", or CameraSpec)."""
    if isinstance(spec, CameraSpec):
        return CameraSource(spec)
    if isinstance(spec, int) or (isinstance(spec, str) and spec.strip().isdigit() and not Path(spec).exists()):
        return CameraSource(CameraSpec(int(spec)))
    path = Path(spec).expanduser()
    if not path.exists():
        raise MediaError(f"{path} does not exist.")
    if path.is_dir():
        return FolderSource(path)
    suffix = path.suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        return ImageSource(path)
    if suffix in VIDEO_SUFFIXES:
        return VideoSource(path)
    try:                                   # an unusual name: try it as a picture, then as a video
        return ImageSource(path)
    except MediaError:
        pass
    try:
        return VideoSource(path)
    except MediaError:
        raise MediaError(f"{path.name} is neither a picture nor a video Inkling can open.") from None


def spec_name(spec: str | Path | int | CameraSpec, full: bool = False) -> str:
    """How the user would name what they opened: "Camera 0", the file's name (or its whole path)."""
    if isinstance(spec, CameraSpec):
        spec = spec.index
    if isinstance(spec, int):
        return f"Camera {spec}"
    return str(spec) if full else (Path(str(spec)).name or str(spec))


# --- reading on a thread ----------------------------------------------------------------------------

class FrameReader:
    """Reads a source on its own thread; `latest()` is the newest frame (the same object until a newer one).

    Live sources: read as fast as they deliver, only the newest frame kept. Video files: `paced=True`
    plays them at their own rate (frames the consumer misses are dropped); `paced=False` delivers every
    frame, reading the next once the consumer took the last. Pictures and folders go frame by frame as
    the consumer takes them. pause()/resume()/step()/seek(); `loop` restarts at the end. A read failure
    sets `error` (plain words), closes the source and ends the thread.
    """

    def __init__(self, source: Source, loop: bool = False, paced: bool = True):
        self.source = source
        self.loop = loop
        self.paced = paced
        self.error: str | None = None
        self.finished = False
        self._latest: Frame | None = None
        self._taken = True                  # the consumer has the latest frame
        self._paused = False
        self._steps = 0
        self._seek_to: int | None = None
        self._stopping = False
        self._wake = threading.Condition()
        self._thread = threading.Thread(target=self._run, name=f"FrameReader({source.name})", daemon=True)
        self._clock_start = 0.0             # perf_counter at which the current frame's timestamp 0 plays

    # consumer side
    def start(self) -> None:
        self._thread.start()

    def latest(self) -> Frame | None:
        with self._wake:
            self._taken = True
            self._wake.notify_all()
            return self._latest

    def pause(self) -> None:
        with self._wake:
            self._paused = True
            self._wake.notify_all()

    def resume(self) -> None:
        with self._wake:
            self._paused = False
            self._restart_clock_locked()
            self._wake.notify_all()

    def step(self) -> None:
        """While paused: read exactly one more frame."""
        with self._wake:
            self._steps += 1
            self._wake.notify_all()

    def seek(self, index: int) -> None:
        """Go to frame `index` and show it (also while paused)."""
        with self._wake:
            self._seek_to = index
            self.finished = False
            self._wake.notify_all()

    def stop(self, timeout: float = 2.0) -> None:
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout)

    @property
    def paused(self) -> bool:
        return self._paused

    # reader thread
    def _run(self) -> None:
        try:
            self._restart_clock_locked()
            while self._next_action():
                pass
        except MediaError as error:
            self._fail(str(error))
        except Exception as error:        # a decoder fault: say so in words, never kill the app
            self._fail(f"{self.source.name} could not be read any further ({error}).")

    def _fail(self, message: str) -> None:
        with self._wake:
            self.error = message
            self.finished = True
        self.source.close()

    def _next_action(self) -> bool:
        """Wait for something to do, do it; False when the thread should end."""
        with self._wake:
            while True:
                if self._stopping:
                    return False
                if self._seek_to is not None:
                    index, self._seek_to = self._seek_to, None
                    break
                if self._paused and self._steps == 0:
                    self._wake.wait()
                    continue
                if self.finished and self._steps == 0:
                    self._wake.wait()
                    continue
                if not self.source.is_live and not self._may_read_next_locked():
                    continue
                index = None
                if self._steps:
                    self._steps -= 1
                break
        if index is not None:
            self.source.seek(index)
        frame = self.source.read()
        if frame is None and self.loop and not self.source.is_live:
            self.source.seek(0)
            frame = self.source.read()
            with self._wake:
                self._restart_clock_locked(frame)
        with self._wake:
            if frame is None:
                self.finished = True
                return True
            if index is not None:
                self._restart_clock_locked(frame)
            self._latest = frame
            self._taken = False
            self._wake.notify_all()
        return True

    def _may_read_next_locked(self) -> bool:
        """Files: wait for the consumer (unpaced) or for the next frame's time (paced video)."""
        timed = self.paced and self.source.fps > 0 and self._latest is not None
        if not timed:
            if self._taken or self._latest is None or self._steps:
                return True
            self._wake.wait()
            return False
        due = self._clock_start + (self._latest.timestamp_ms + 1000.0 / self.source.fps) / 1000.0
        delay = due - time.perf_counter()
        if delay <= 0 or self._steps:
            return True
        self._wake.wait(delay)
        return False

    def _restart_clock_locked(self, frame: Frame | None = None) -> None:
        """Playback continues from the current frame now (after a pause, seek or loop)."""
        current = frame or self._latest
        self._clock_start = time.perf_counter() - (current.timestamp_ms / 1000.0 if current else 0.0)


class RateMeter:
    """Events per second over the last `window_s` seconds (the frames per second a viewer shows)."""

    def __init__(self, window_s: float = RATE_WINDOW_S):
        self._window_s = window_s
        self._times: collections.deque[float] = collections.deque()

    def tick(self, now: float | None = None) -> float:
        now = time.perf_counter() if now is None else now
        self._times.append(now)
        while now - self._times[0] > self._window_s:
            self._times.popleft()
        return self.rate()

    def rate(self) -> float:
        if len(self._times) < 2:
            return 0.0
        span = self._times[-1] - self._times[0]
        return (len(self._times) - 1) / span if span > 0 else 0.0

    def reset(self) -> None:
        self._times.clear()


# --- cameras ----------------------------------------------------------------------------------------

def list_cameras(max_index: int = 4, timeout_s: float = 2.0) -> list[CameraInfo]:
    """The cameras that answer, looked for on a helper thread; returns within ~timeout_s whatever happens
    (a driver that hangs keeps only its own daemon thread)."""
    found: list[CameraInfo] = []
    done = threading.Event()

    def probe() -> None:
        for index in range(max_index):
            if done.is_set():
                return
            if _linux_without_device(index):
                continue
            capture = _open_camera(index)
            if capture is None:
                continue
            size = (int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)), int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT)))
            capture.release()
            found.append(CameraInfo(index, _camera_name(index), size))
        done.set()

    threading.Thread(target=probe, name="list_cameras", daemon=True).start()
    done.wait(timeout_s)
    done.set()
    return list(found)


def _linux_without_device(index: int) -> bool:
    """On Linux a camera is a /dev/videoN device: no need to ask OpenCV about one that is not there."""
    return sys.platform.startswith("linux") and not Path(f"/dev/video{index}").exists()


def _camera_name(index: int) -> str:
    name_file = Path(f"/sys/class/video4linux/video{index}/name")
    try:
        return name_file.read_text().strip() or f"Camera {index}"
    except OSError:
        return f"Camera {index}"


# --- recording --------------------------------------------------------------------------------------

class RecordingClock:
    """How many times to write each frame so the recording plays at real speed.

    Frames come at an uneven rate (processing drops some); the video has a fixed rate. Each frame
    fills the output up to its own timestamp (a frame shown again adds nothing). A jump back (seek)
    or a long gap (pause) starts a new take with that frame.
    """

    def __init__(self, fps: float):
        self.fps = fps
        self._start_ms: float | None = None
        self._last_ms = 0.0
        self.written = 0

    def copies(self, timestamp_ms: float) -> int:
        gap = timestamp_ms - self._last_ms
        self._last_ms = timestamp_ms
        if self._start_ms is None or gap < 0 or gap > MAX_RECORDING_GAP_MS:
            self._start_ms = timestamp_ms - self.written * 1000.0 / self.fps
        due = int((timestamp_ms - self._start_ms) * self.fps / 1000.0 + 1e-6) + 1
        count = max(0, due - self.written)
        self.written += count
        return count


def save_png(path: str | Path, image: np.ndarray) -> None:
    """A frame saved as a PNG picture, atomically; a failure is a MediaError saying why."""
    ok, data = cv2.imencode(".png", image)
    if not ok:
        raise MediaError("The picture could not be encoded as PNG.")
    try:
        write_bytes_atomic(path, data.tobytes())
    except OSError as error:
        raise MediaError(first_line(error)) from None

class Recorder:
    """Writes BGR frames to a video (mp4v in .mp4/.mov, MJPG in .avi/.mkv). The frames go to a hidden
    temporary file next to the target; close() moves it into place in one step, so the video appears
    complete or not at all (no frames written: no file)."""

    def __init__(self, path: str | Path, fps: float, frame_size: tuple[int, int]):
        self.path = Path(path)
        suffix = self.path.suffix.lower()
        if suffix not in _RECORDER_CODECS:
            raise MediaError(f"Videos can be recorded as {', '.join(_RECORDER_CODECS)}; {self.path.name} is not one.")
        self.fps = float(fps) if fps and fps > 0 else _DEFAULT_VIDEO_FPS
        self.frame_size = (int(frame_size[0]), int(frame_size[1]))
        self.frames_written = 0
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp_name = tempfile.mkstemp(prefix=f".{self.path.stem}.", suffix=suffix, dir=self.path.parent)
            os.close(handle)
        except OSError as error:
            raise MediaError(f"{self.path.parent} cannot be written to ({error.strerror or error}).") from None
        self._temp = Path(temp_name)
        fourcc = cv2.VideoWriter_fourcc(*_RECORDER_CODECS[suffix])
        self._writer = cv2.VideoWriter(str(self._temp), fourcc, self.fps, self.frame_size)
        if not self._writer.isOpened():
            self._temp.unlink(missing_ok=True)
            raise MediaError(f"{self.path.name} cannot be recorded: this system has no {suffix} video encoder.")
        self._closed = False

    def write(self, frame_bgr: np.ndarray) -> None:
        if self._closed:
            raise MediaError(f"The recording {self.path.name} is already closed.")
        frame = to_bgr8(frame_bgr)
        if (frame.shape[1], frame.shape[0]) != self.frame_size:
            frame = cv2.resize(frame, self.frame_size, interpolation=cv2.INTER_AREA)
        self._writer.write(frame)
        self.frames_written += 1

    def close(self) -> Path | None:
        """Finish the file; returns its path, or None when no frame was written (nothing is left)."""
        if self._closed:
            return self.path if self.path.exists() else None
        self._closed = True
        self._writer.release()
        if self.frames_written == 0:
            self._temp.unlink(missing_ok=True)
            return None
        try:
            with open(self._temp, "rb") as handle:
                os.fsync(handle.fileno())
            os.replace(self._temp, self.path)
        except OSError as error:
            self._temp.unlink(missing_ok=True)
            raise MediaError(f"{self.path} could not be saved ({error.strerror or error}).") from None
        return self.path

    def discard(self) -> None:
        """Stop and leave nothing behind."""
        if not self._closed:
            self._closed = True
            self._writer.release()
        self._temp.unlink(missing_ok=True)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *rest):
        if exc_type is None:
            self.close()
        else:
            self.discard()
