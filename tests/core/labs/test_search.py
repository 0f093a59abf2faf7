"""Hyper-parameter search: Optuna's four samplers and scikit-learn's two searches on one budget, live
trial events, stop keeps the best, and a grid that would take hours is refused in words."""
from __future__ import annotations

import pytest

from core.events import FINISHED, STEP
from core.fileio import UserError
from core.labs import classic, search


def _search_settings(**changes) -> classic.Settings:
    values = dict(data="iris", models=("knn",), search=True, search_model="knn", trials=4, grid_points=3, cv=3)
    return classic.Settings(**{**values, **changes})


@pytest.mark.slow
def test_every_method_runs_on_the_same_budget_and_reports_its_best():
    items = list(classic.run(_search_settings()))
    finished = items[-1]
    trials = [item for item in items if item["event"] == STEP and item["phase"] == "trial"]
    by_method = {method: [t for t in trials if t["method"] == method] for method in search.METHODS}
    assert all(len(by_method[m]) == 4 for m in ("random", "genetic", "tpe", "randomsearchcv"))
    assert len(by_method["grid"]) == 4 and len(by_method["gridsearchcv"]) == 3   # 3 grid points of k
    for method, rows in by_method.items():
        assert [row["best"] for row in rows] == sorted(row["best"] for row in rows), method   # best so far
        summary = next(s for s in finished["search"] if s["method"] == method)
        assert summary["best_value"] == max(row["value"] for row in rows)
        assert 1 <= summary["best_params"]["k"] <= 30
    curve = finished["validation_curve"]
    assert curve["param"] == "k" and len(curve["cv_mean"]) == len(curve["values"])


def test_stop_during_a_search_keeps_the_best_so_far():
    trials_seen = []

    def should_stop() -> bool:
        return len(trials_seen) >= 2

    items = []
    for item in classic.run(_search_settings(search_methods=("tpe",)), should_stop):
        items.append(item)
        if item["event"] == STEP and item["phase"] == "trial":
            trials_seen.append(item)
    finished = items[-1]
    assert finished["event"] == FINISHED and finished["stopped"] is True
    assert finished["search"][0]["trials"] == 2
    assert finished["search"][0]["best_value"] == max(t["value"] for t in trials_seen)


def test_stop_ends_a_gridsearchcv_between_candidates():
    stop_after = []
    items = []
    for item in classic.run(_search_settings(search_methods=("gridsearchcv",), grid_points=20),
                            lambda: len(stop_after) >= 1):
        items.append(item)
        if item["event"] == STEP and item["phase"] == "trial":
            stop_after.append(item)
    assert items[-1]["stopped"] is True
    assert 1 <= items[-1]["search"][0]["trials"] < 20


def test_a_huge_grid_is_refused_with_how_long_it_would_take():
    settings = _search_settings(search_model="svm", search_methods=("gridsearchcv",), grid_points=1000)
    with pytest.raises(UserError, match=r"would take about .*(h|days).*confirm"):
        list(classic.run(settings))


def test_duration_words():
    assert search.duration_text(40) == "40 s"
    assert search.duration_text(12 * 60) == "12 min"
    assert search.duration_text(3 * 3600 + 20 * 60) == "3 h 20 min"
    assert search.check_duration(0.5, 10, confirmed=False) == 5.0
    assert search.check_duration(10.0, 10_000, confirmed=True) == 100_000.0


def test_grid_points_fit_the_trial_budget():
    space = classic.search_space("svm")
    assert search.grid_points_for(16, space) == 4
    assert search.planned_fits("grid", space, 16, 0, 5) == 80
    assert search.planned_fits("gridsearchcv", space, 16, 10, 5) == 500
