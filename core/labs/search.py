"""Hyper-parameter search, done by the libraries that do it well: Optuna's grid, random, NSGA-II (genetic)
and TPE samplers on the same trial budget, and scikit-learn's own `GridSearchCV`/`RandomizedSearchCV`
(the course's calls). Every finished trial is an event (live trials table, best-so-far history per
method); a stop between trials keeps the best found so far.

A search space is a tuple of `Param`s. Optuna searches take any objective (a function of a params dict,
so the regression lab searches its networks too); scikit-learn's take an estimator. scikit-learn's
searches are one blocking call, so they run on a helper thread while a recording scorer reports each
fold; the scorer is also where a stop request ends them.

Before a search starts, `check_duration` estimates its time from one measured fit and refuses a search
that would take hours with one plain sentence saying how long, unless the user confirmed it.
"""
from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterator

import numpy as np

from core.events import STEP, event
from core.fileio import UserError

OPTUNA_METHODS = ("grid", "random", "genetic", "tpe")
SKLEARN_METHODS = ("gridsearchcv", "randomsearchcv")
METHODS = OPTUNA_METHODS + SKLEARN_METHODS
LONG_SEARCH_S = 10 * 60     # longer than this needs the user's yes
POLL_S = 0.05               # how often a scikit-learn search's thread is asked for finished trials


@dataclass(frozen=True)
class Param:
    name: str            # what the user sees ("C", "k", "width")
    key: str             # the estimator's parameter ("svc__C"), or the objective's own name
    low: float
    high: float
    log: bool = False
    integer: bool = False

    def values(self, points: int) -> list:
        """`points` values from low to high, evenly spaced (in log space when log); ints kept unique."""
        space = np.geomspace if self.log else np.linspace
        values = space(self.low, self.high, max(2, points))
        if self.integer:
            return sorted({int(round(value)) for value in values})
        return [float(value) for value in values]

    def suggest(self, trial) -> Any:
        if self.integer:
            return trial.suggest_int(self.name, int(self.low), int(self.high), log=self.log)
        return trial.suggest_float(self.name, self.low, self.high, log=self.log)

    def distribution(self):
        """scipy's distribution for RandomizedSearchCV (the same range as Optuna samples)."""
        from scipy import stats
        if self.integer:
            return stats.randint(int(self.low), int(self.high) + 1)
        return stats.loguniform(self.low, self.high) if self.log else stats.uniform(self.low, self.high - self.low)


def grid_points_for(trials: int, space: tuple[Param, ...]) -> int:
    """Points per parameter so the whole grid is about `trials` points (the same budget as the others)."""
    return max(2, int(math.floor(trials ** (1 / len(space)) + 1e-9)))


def make_sampler(method: str, space: tuple[Param, ...], trials: int, seed: int):
    import optuna
    seed += OPTUNA_METHODS.index(method)   # each method its own draws, so their curves do not coincide
    if method == "grid":
        points = grid_points_for(trials, space)
        return optuna.samplers.GridSampler({p.name: p.values(points) for p in space}, seed=seed)
    if method == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    if method == "genetic":   # generations of trials // 4: a 20-trial budget still breeds 4 generations
        return optuna.samplers.NSGAIISampler(population_size=max(4, trials // 4), seed=seed)
    return optuna.samplers.TPESampler(n_startup_trials=max(2, min(10, trials // 3)), seed=seed)


def optuna_search(objective: Callable[[dict], float], space: tuple[Param, ...], method: str, trials: int,
                  seed: int, maximize: bool = True, should_stop: Callable[[], bool] = lambda: False
                  ) -> Iterator[dict]:
    """Ask the sampler for params, score them, tell it the score: one trial event each."""
    import optuna
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(direction="maximize" if maximize else "minimize",
                                sampler=make_sampler(method, space, trials, seed))
    if method == "grid":
        trials = min(trials, math.prod(len(p.values(grid_points_for(trials, space))) for p in space))
    history = History(method, maximize)
    for _ in range(trials):
        if should_stop():
            break
        started = time.perf_counter()
        trial = study.ask()
        params = {p.name: p.suggest(trial) for p in space}   # the sampler picks the next params
        value = objective(params)
        _tell(study, trial, value)                             # ... and learns from their score
        yield history.add(params, value, time.perf_counter() - started)


def _tell(study, trial, value: float) -> None:
    try:
        study.tell(trial, value)
    except RuntimeError:
        # GridSampler asks the study to stop once its grid is covered, which only works inside
        # study.optimize; the trial is stored all the same, and our loop ends on its own count.
        if type(study.sampler).__name__ != "GridSampler":
            raise


class History:
    """A method's trials so far and the best of them."""

    def __init__(self, method: str, maximize: bool):
        self.method, self.maximize = method, maximize
        self.trials: list[dict] = []
        self.best: dict | None = None

    def add(self, params: dict, value: float, seconds: float) -> dict:
        params = {name: _plain(value) for name, value in params.items()}
        better = self.best is None or (value > self.best["value"] if self.maximize else value < self.best["value"])
        if better and math.isfinite(value):
            self.best = {"value": float(value), "params": params}
        best_value = self.best["value"] if self.best else float("nan")
        self.trials.append({"params": params, "value": float(value)})
        return event(STEP, phase="trial", method=self.method, trial=len(self.trials), params=params,
                     value=float(value), best=best_value, seconds=seconds)

    def summary(self) -> dict:
        best = self.best or {"value": float("nan"), "params": {}}
        return {"method": self.method, "trials": len(self.trials), "best_value": best["value"],
                "best_params": best["params"]}


def _plain(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else value


class _Stopped(Exception):
    """Raised by the recording scorer to end a scikit-learn search early."""


def sklearn_search(estimator, space: tuple[Param, ...], method: str, x: np.ndarray, y: np.ndarray, cv,
                   trials: int, grid_points: int, seed: int, should_stop: Callable[[], bool] = lambda: False
                   ) -> Iterator[dict]:
    """GridSearchCV (grid_points per parameter) or RandomizedSearchCV (`trials` draws), accuracy scored,
    one trial event per finished candidate while it runs."""
    from sklearn.model_selection import GridSearchCV, RandomizedSearchCV
    folds = cv.get_n_splits()
    recorder = _Recorder(space, folds, should_stop)
    if method == "gridsearchcv":
        search = GridSearchCV(estimator, {p.key: p.values(grid_points) for p in space}, cv=cv,
                              scoring=recorder.score, error_score="raise", refit=False)
    else:
        search = RandomizedSearchCV(estimator, {p.key: p.distribution() for p in space}, n_iter=trials, cv=cv,
                                    scoring=recorder.score, error_score="raise", refit=False, random_state=seed)
    worker = threading.Thread(target=recorder.run, args=(search, x, y), name="inkling-search", daemon=True)
    worker.start()
    history = History(method, maximize=True)
    while worker.is_alive():
        worker.join(POLL_S)
        for params, value, seconds in recorder.take():
            yield history.add(params, value, seconds)
    if recorder.error is not None:
        raise recorder.error


class _Recorder:
    """The scorer scikit-learn calls once per (candidate, fold): scores it, groups the folds of one
    candidate into a finished trial, and ends the search when a stop was asked for."""

    def __init__(self, space: tuple[Param, ...], folds: int, should_stop: Callable[[], bool]):
        self.space, self.folds, self.should_stop = space, folds, should_stop
        self._lock = threading.Lock()
        self._scores: dict[tuple, list[float]] = {}
        self._finished: list[tuple[dict, float, float]] = []
        self._last = time.perf_counter()
        self.error: BaseException | None = None

    def score(self, estimator, x, y) -> float:
        if self.should_stop():
            raise _Stopped()
        accuracy = float(np.mean(estimator.predict(x) == y))
        values = estimator.get_params()
        params = {p.name: _plain(values[p.key]) for p in self.space}
        key = tuple(params.items())
        with self._lock:
            scores = self._scores.setdefault(key, [])
            scores.append(accuracy)
            if len(scores) == self.folds:
                now = time.perf_counter()
                self._finished.append((params, float(np.mean(scores)), now - self._last))
                self._last = now
                del self._scores[key]
        return accuracy

    def run(self, search, x, y) -> None:
        try:
            search.fit(x, y)
        except _Stopped:
            pass
        except Exception as error:   # handed to the generator, which raises it where the lab runs
            self.error = error

    def take(self) -> list[tuple[dict, float, float]]:
        with self._lock:
            finished, self._finished = self._finished, []
        return finished


def planned_fits(method: str, space: tuple[Param, ...], trials: int, grid_points: int, folds: int) -> int:
    """How many model fits a search method will make."""
    if method == "gridsearchcv":
        return math.prod(len(p.values(grid_points)) for p in space) * folds
    if method == "grid":
        points = grid_points_for(trials, space)
        return min(trials, math.prod(len(p.values(points)) for p in space)) * folds
    return trials * folds


def check_duration(fit_seconds: float, fits: int, confirmed: bool) -> float:
    """The estimated seconds of `fits` fits of about fit_seconds each; a search over LONG_SEARCH_S is
    refused with one sentence saying how long it would take, unless the user confirmed it."""
    estimate = fit_seconds * fits
    if estimate > LONG_SEARCH_S and not confirmed:
        raise UserError(f"This search would take about {duration_text(estimate)} ({fits:,} fits of about "
                        f"{fit_seconds:.2g} s each): choose fewer trials or grid points, or confirm the long "
                        f"search to run it anyway.")
    return estimate


def duration_text(seconds: float) -> str:
    """3 h 20 min, 12 min, 40 s: how long, in words a user reads at a glance."""
    if seconds >= 48 * 3600:
        return f"{seconds / 86400:.0f} days"
    if seconds >= 3600:
        hours, minutes = divmod(round(seconds / 60), 60)
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    if seconds >= 60:
        return f"{round(seconds / 60)} min"
    return f"{seconds:.0f} s"


def time_one_fit(make_estimator: Callable[[], Any], x: np.ndarray, y: np.ndarray) -> float:
    started = time.perf_counter()
    make_estimator().fit(x, y)
    return time.perf_counter() - started

