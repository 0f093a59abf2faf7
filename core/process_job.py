"""A core function run in a spawned process of its own, its events coming back through a queue: what the
window's training job (core/training.py) and fine-tuning job (core/finetune.py) share.

The caller polls and never blocks. A process that dies without its ending event (killed, out of
memory) still ends with one, built by the job (`unexpected_end`), so the caller always sees the end.
"""
from __future__ import annotations

import multiprocessing
import queue
import time
from typing import Callable

from core.events import FAILED, FINISHED, Event


class ProcessJob:
    """`target(settings, events_queue, stop_flag[, pause_flag])` in a spawned process; events through `poll()`."""

    ending_kinds: tuple[str, ...] = (FINISHED, FAILED)   # the events after which the job sends nothing more

    def __init__(self, target: Callable[..., None], name: str, settings: dict, pausable: bool = False):
        context = multiprocessing.get_context("spawn")
        self._events = context.Queue()
        self._stop = context.Event()
        self._pause = context.Event() if pausable else None
        flags = (self._stop,) if self._pause is None else (self._stop, self._pause)
        self._process = context.Process(target=target, name=name, daemon=True,
                                        args=(settings, self._events, *flags))
        self._ended = False

    def start(self) -> None:
        self._process.start()

    def poll(self) -> list[Event]:
        """Events that arrived since the last call; never blocks."""
        events = []
        while True:
            try:
                events.append(self._events.get_nowait())
            except queue.Empty:
                break
        self._ended = self._ended or any(e.get("event") in self.ending_kinds for e in events)
        if not self._ended and self._process.exitcode is not None:
            events += self._drain_after_exit()
        return events

    def unexpected_end(self) -> Event:
        """The ending event for a process that exited without sending one."""
        raise NotImplementedError

    def _drain_after_exit(self) -> list[Event]:
        events = []
        deadline = time.monotonic() + 0.5
        while time.monotonic() < deadline:
            try:
                events.append(self._events.get(timeout=0.2))
            except queue.Empty:
                break
        if not any(e.get("event") in self.ending_kinds for e in events):
            events.append(self.unexpected_end())
        self._ended = True
        return events

    def stop(self) -> None:
        self._stop.set()
        if self._pause is not None:
            self._pause.clear()

    def kill(self) -> None:
        if self._process.is_alive():
            self._process.kill()

    def is_alive(self) -> bool:
        return self._process.is_alive()

    def join(self, timeout: float | None = None) -> None:
        self._process.join(timeout)

    @property
    def exitcode(self) -> int | None:
        return self._process.exitcode
