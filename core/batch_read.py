"""Every picture of a folder read by the pipeline and saved as one CSV table, one row per picture.

The Images & video tab's "Read a folder to CSV…" without Qt. `read_folder_to_csv` is a generator of
events (core.events): a front end shows the progress and cancels by no longer asking for the next
event. The CSV is written only after the last picture, atomically, so a cancelled or failed run leaves
nothing behind. A picture that cannot be read gets a row saying why; it does not stop the run.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from core import media
from core.events import FINISHED, PROGRESS, Event, event
from core.fileio import UserError, first_line, write_text_atomic
from core.pipeline import FrameResult, Pipeline

CSV_COLUMNS = ["path", "number", "digits", "labels", "confidences", "boxes", "error"]


@dataclass
class ImageReading:
    """What a folder run found in one picture: one CSV row."""
    path: str
    number: str = ""
    labels: list[int] = field(default_factory=list)
    confidences: list[float] = field(default_factory=list)
    boxes: list[tuple[int, int, int, int]] = field(default_factory=list)
    error: str = ""

    def row(self) -> list[str]:
        return [self.path, self.number, str(len(self.labels)),
                " ".join(str(label) for label in self.labels),
                " ".join(f"{confidence:.4f}" for confidence in self.confidences),
                ";".join(" ".join(str(int(v)) for v in box) for box in self.boxes),
                self.error]


def reading_from_result(path: str, result: FrameResult) -> ImageReading:
    """What the picture says ("2026 7": numbers and lone digits) and every confident digit, in reading order."""
    detections = result.detections
    return ImageReading(
        path=path, number=result.reading(),
        labels=[int(d.label) for d in detections], confidences=[float(d.confidence) for d in detections],
        boxes=[tuple(int(v) for v in d.box) for d in detections])


def read_picture(path: Path, pipeline: Pipeline) -> ImageReading:
    """One picture's reading; a picture that cannot be read gets a reading that says why."""
    try:
        image = media.read_image(path)
    except media.MediaError as error:
        return ImageReading(path=str(path), error=str(error))
    return reading_from_result(str(path), pipeline.process(image, annotate=False))


def readings_csv(readings: list[ImageReading]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(reading.row() for reading in readings)
    return buffer.getvalue()


def save_readings(csv_path: str | Path, readings: list[ImageReading]) -> None:
    """The CSV table, written atomically; a path that cannot be written is a UserError."""
    try:
        write_text_atomic(csv_path, readings_csv(readings))
    except OSError as error:
        raise UserError(f"The results could not be saved to {csv_path} ({first_line(error)}).") from None


def read_folder_to_csv(folder: str | Path, csv_path: str | Path, classifier,
                       threshold: float = 0.5) -> Iterator[Event]:
    """Read every picture of `folder` (not its subfolders) and save the table to `csv_path`.

    Yields `progress` (done, total) before the first picture and after each, then `finished`
    (path, count) once the CSV is saved. A folder without pictures is a MediaError.
    """
    pictures = media.image_files_in(folder)
    if not pictures:
        raise media.MediaError(f"The folder {folder} holds no pictures.")
    pipeline = Pipeline(classifier, confidence_threshold=threshold)
    readings: list[ImageReading] = []
    yield event(PROGRESS, done=0, total=len(pictures))
    for path in pictures:
        readings.append(read_picture(path, pipeline))
        yield event(PROGRESS, done=len(readings), total=len(pictures))
    save_readings(csv_path, readings)
    yield event(FINISHED, path=str(csv_path), count=len(readings))
