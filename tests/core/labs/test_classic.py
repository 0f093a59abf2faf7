"""The classic lab against scikit-learn called directly: same split, same seed, same numbers."""
from __future__ import annotations

import numpy as np
import pytest
from sklearn import datasets
from sklearn.cluster import KMeans
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix, silhouette_score
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier
from xgboost import XGBClassifier

from core.events import FINISHED, SNAPSHOT, STEP
from core.fileio import UserError
from core.labs import classic

DIRECT = {
    "dummy": lambda: DummyClassifier(strategy="most_frequent"),
    "logreg": lambda: LogisticRegression(max_iter=2000),
    "svm": lambda: SVC(),
    "knn": lambda: KNeighborsClassifier(),
    "tree": lambda: DecisionTreeClassifier(random_state=0),
    "forest": lambda: RandomForestClassifier(random_state=0, n_jobs=1),
    "xgboost": lambda: XGBClassifier(random_state=0, n_jobs=1, tree_method="hist"),
}


def _finished(settings) -> tuple[dict, list[dict]]:
    items = list(classic.run(settings))
    assert [item["event"] for item in items].count(FINISHED) == 1
    return items[-1], items


@pytest.mark.slow
@pytest.mark.parametrize("name", ["iris", "wine"])
def test_every_model_matches_sklearn_called_directly(name):
    bunch = getattr(datasets, f"load_{name}")()
    x_train, x_test, y_train, y_test = train_test_split(bunch.data, bunch.target, test_size=0.25, random_state=0,
                                                        stratify=bunch.target)
    finished, _ = _finished(classic.Settings(data=name, models=tuple(m for m in classic.MODELS if m != "kmeans")))
    results = {row["model"]: row for row in finished["results"]}
    assert set(results) == set(DIRECT)
    for model, make in DIRECT.items():
        direct = make_pipeline(StandardScaler(), make()).fit(x_train, y_train).score(x_test, y_test)
        assert results[model]["test_accuracy"] == pytest.approx(direct), model
    assert results["svm"]["test_accuracy"] > results["dummy"]["test_accuracy"] + 0.3
    assert finished["classes"] == [str(c) for c in bunch.target_names]


def test_kmeans_silhouette_is_silhouette_score():
    finished, items = _finished(classic.Settings(data="iris", models=("kmeans",), kmeans_max_k=4))
    bunch = datasets.load_iris()
    x_train, _, _, _ = train_test_split(bunch.data, bunch.target, test_size=0.25, random_state=0, stratify=bunch.target)
    scaled = StandardScaler().fit_transform(x_train)
    labels = KMeans(n_clusters=3, n_init=10, random_state=0).fit(scaled).labels_
    kmeans = next(row for row in finished["results"] if row["model"] == "kmeans")
    assert kmeans["silhouette"] == pytest.approx(silhouette_score(scaled, labels))
    curve = next(item for item in items if item["event"] == SNAPSHOT and item.get("what") == "silhouette")
    assert set(curve["scores"]) == {2, 3, 4}
    assert curve["scores"][3] == pytest.approx(kmeans["silhouette"])
    assert kmeans["test_accuracy"] > 0.6     # clusters named by their majority class


def test_confusion_matrix_and_report_come_from_sklearn():
    _, items = _finished(classic.Settings(data="wine", models=("svm",)))
    data_item = next(item for item in items if item.get("what") == "data")
    svm = next(item for item in items if item.get("what") == "model" and item["model"] == "svm")
    expected = confusion_matrix(data_item["y_test"], svm["predictions"])
    assert np.array_equal(svm["confusion"], expected)
    assert "precision" in svm["report"] and "class_0" in svm["report"]


def test_csv_with_string_labels_in_the_middle_and_missing_cells(tmp_path):
    rng = np.random.default_rng(0)
    lines = ["width,kind,height,note"]
    for i in range(60):
        kind = ("cat", "dog")[i % 2]
        width, height = rng.normal(3 if kind == "dog" else 0, 0.5), rng.normal(0, 1)
        lines.append(f"{width:.3f},{kind},{height:.3f},row {i}")
    lines += ["1.0,,2.0,no label", ",cat,1.0,no width", "2.0,dog,n/a,text in a number column"]
    path = tmp_path / "pets.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    finished, _ = _finished(classic.Settings(data=str(path), label="kind", models=("logreg", "tree")))
    assert finished["classes"] == ["cat", "dog"]
    assert finished["features"] == ["width", "height"]
    assert finished["skipped_rows"] == 3 and finished["samples"] == 60
    logreg = next(row for row in finished["results"] if row["model"] == "logreg")
    assert logreg["test_accuracy"] > 0.9


@pytest.mark.parametrize("content, label, words", [
    ("a,b\nx,y\nz,w\n", "a", "no numeric column"),
    ("a,b\n1,2\n3,4\n", "kind", "no column 'kind'"),
    ("a,b\n1,2\n3,2\n4,2\n", "b", "only one class"),
])
def test_bad_csv_is_one_plain_sentence(tmp_path, content, label, words):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UserError, match=words):
        list(classic.run(classic.Settings(data=str(path), label=label, models=("knn",))))


def test_more_clusters_than_samples_is_refused():
    with pytest.raises(UserError, match="cannot make 500 clusters from 150 samples"):
        list(classic.run(classic.Settings(data="iris", models=("kmeans",), kmeans_k=500)))


def test_two_features_give_decision_regions_for_six_models():
    settings = classic.Settings(data="dots")
    data = classic.load_data(settings)
    assert data.x.shape == (300, 2)
    maps = classic.region_maps(classic.REGION_MODELS, settings, data.x, data.y, size=30)
    assert set(maps) == set(classic.REGION_MODELS)
    for name, grid in maps.items():
        assert grid.shape == (30, 30)
        if name != "logreg":   # a straight line cannot hold a circle; the others show both classes
            assert set(np.unique(grid)) == {0, 1}, name


def test_features_by_name_and_a_tree_to_draw():
    settings = classic.Settings(data="iris", features="petal length, petal width", models=("tree",), tree_depth=2)
    _, items = _finished(settings)
    tree = next(item for item in items if item.get("what") == "model" and item["model"] == "tree")
    assert "petal" in tree["tree_text"]
    assert len(tree["tree"]["left"]) == 5 or len(tree["tree"]["left"]) == 7   # depth 2: at most 7 nodes
    with pytest.raises(UserError, match="no feature 'beak'"):
        classic.load_data(classic.Settings(data="iris", features="beak"))


def test_stop_ends_with_what_was_scored():
    calls = iter(range(1000))
    items = list(classic.run(classic.Settings(data="iris", models=("logreg", "svm", "knn")),
                             should_stop=lambda: next(calls) >= 2))
    assert items[-1]["event"] == FINISHED and items[-1]["stopped"] is True
    assert 1 <= len(items[-1]["results"]) < 4
    assert all(item["phase"] == "score" for item in items if item["event"] == STEP)


@pytest.mark.slow
def test_decision_region_benchmark_runs_quick():
    from core.bench import BENCHMARKS
    from core.bench.labs import bench_decision_regions
    assert bench_decision_regions in BENCHMARKS
    results = bench_decision_regions(quick=True)
    assert len(results) == 2 and all(result.value > 0 and result.baseline > 0 for result in results)


def test_tree_nodes_match_the_fitted_tree_in_the_datas_own_units():
    settings = classic.Settings(data="iris")
    data = classic.load_data(settings)
    model = classic.make_model("tree", settings, 3).fit(data.x, data.y)
    structure, scaler = model[-1].tree_, model[0]
    assert model[-1].get_depth() <= classic.TREE_DRAWN_DEPTH
    nodes = classic.tree_nodes(model, data.feature_names)
    assert len(nodes) == structure.node_count
    root = nodes[0]
    feature = structure.feature[0]
    threshold = structure.threshold[0] * scaler.scale_[feature] + scaler.mean_[feature]
    assert root.split == f"{data.feature_names[feature]} ≤ {threshold:.2f}"
    assert root.split == "petal width ≤ 0.80" and root.samples == 150 and root.counts == (50, 50, 50)
    leaves = [node for node in nodes if not node.split]
    assert len(leaves) == model[-1].get_n_leaves()
    assert sorted(node.order for node in leaves) == list(range(len(leaves)))   # one column each
    assert all(node.majority == int(structure.value[node.index, 0].argmax()) for node in nodes)


def test_a_deep_tree_is_drawn_to_six_levels_and_marked_cut():
    settings = classic.Settings(data="digits")
    data = classic.load_data(settings)
    model = classic.make_model("tree", settings, 10).fit(data.x, data.y)
    assert model[-1].get_depth() > classic.TREE_DRAWN_DEPTH
    nodes = classic.tree_nodes(model, data.feature_names)
    assert max(node.depth for node in nodes) == classic.TREE_DRAWN_DEPTH
    assert any(node.cut for node in nodes) and all(node.depth == 6 for node in nodes if node.cut)
    assert len(nodes) < model[-1].tree_.node_count


def test_the_region_forest_reused_across_slider_steps_draws_what_a_fresh_fit_draws():
    import dataclasses
    settings = classic.Settings(data="dots")
    data = classic.load_data(settings)
    for trees in (30, 12, 45):             # first fit, fewer trees (a slice), more (warm start)
        chosen = dataclasses.replace(settings, forest_trees=trees)
        reused = classic.region_maps(("forest",), chosen, data.x, data.y, size=30)["forest"]
        fresh = classic.make_model("forest", chosen).fit(data.x, data.y)
        (x0, x1), (y0, y1) = classic.region_bounds(data.x)
        gx, gy = np.meshgrid(np.linspace(x0, x1, 30), np.linspace(y0, y1, 30))
        expected = fresh.predict(np.column_stack([gx.ravel(), gy.ravel()])).reshape(30, 30)
        assert np.array_equal(reused, expected), trees
