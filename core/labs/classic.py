"""Classic machine learning, as the course's notes do it with scikit-learn: a stratified train/test
split, every model in `make_pipeline(StandardScaler(), model)`, DummyClassifier as the baseline every
table shows, test accuracy beside StratifiedKFold `cross_validate` mean ± std and fit time; confusion
matrix and classification report from sklearn.metrics; KMeans scored by the silhouette over a range of k
and by accuracy once each cluster is named by its training samples' majority class; optionally a
hyper-parameter search (core.labs.search) and a validation curve.

Data: iris, wine, breast cancer and the 8×8 digits (shipped with scikit-learn), the bundled MNIST
sample, the course's dots, or any CSV with a label column picked by name (features: its other numeric
columns). `features` keeps some of them, by name; with two, the window draws every model's decision
regions (`region_maps`).
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from core import paths
from core.events import FINISHED, SNAPSHOT, STEP, event
from core.fileio import UserError
from core.labs import search as tuning
from core.labs.common import check_settings, option, read_labelled_table

DATASETS = ("iris", "wine", "breast-cancer", "digits", "mnist-sample", "dots")
MODELS = ("logreg", "svm", "knn", "tree", "forest", "xgboost", "kmeans")
REGION_MODELS = ("logreg", "svm", "knn", "tree", "forest", "xgboost")
KERNELS = ("rbf", "linear", "poly", "sigmoid")
MNIST_SAMPLE_ROWS = 2000     # SVM and KNN on 784 pixels stay at a few seconds with 5 folds
TREE_DRAWN_DEPTH = 6         # deeper trees are drawn to here (export_text stops at the same depth)
COURSE_DOTS = paths.RESOURCES / "data" / "dot.csv"
MODEL_TITLES = {"dummy": "Dummy (most frequent)", "logreg": "Logistic regression", "svm": "SVM", "knn": "KNN",
                "tree": "Decision tree", "forest": "Random forest", "xgboost": "XGBoost", "kmeans": "KMeans"}


@dataclass(frozen=True)
class Settings:
    data: str = option("iris", "iris, wine, breast-cancer, digits, mnist-sample, dots, or a CSV file's path",
                       label="Data")
    label: str = option("", "the label column of a CSV, by name", label="Label column")
    features: str = option("", "comma-separated feature names to keep (empty: all); two draw decision regions",
                           label="Features")
    models: tuple = option(MODELS, "the models to compare (the Dummy baseline is always there)", choices=MODELS)
    test_size: float = option(0.25, "share of the samples held out for the test accuracy", low=0.05, high=0.9,
                              label="Test share")
    cv: int = option(5, "folds of the stratified cross-validation", low=2, high=20, label="CV folds")
    seed: int = option(0, "seed of the split, the folds and every model", low=0, high=2**31 - 1)
    svm_kernel: str = option("rbf", "SVM kernel", choices=KERNELS, label="SVM kernel")
    svm_c: float = option(1.0, "SVM C: how hard it tries to classify every training point", low=1e-4, high=1e4,
                          label="SVM C")
    svm_gamma: float = option(0.0, "SVM γ: how far one point's influence reaches (0: scale)", low=0.0,
                              high=1e4, label="SVM γ")
    knn_k: int = option(5, "KNN: neighbours that vote", low=1, high=500, label="KNN k")
    tree_depth: int = option(0, "decision tree depth (0: grow until pure)", low=0, high=100, label="Tree depth")
    forest_trees: int = option(100, "random forest: trees", low=1, high=5000, label="Forest trees")
    forest_depth: int = option(0, "random forest: depth of each tree (0: no limit)", low=0, high=100,
                               label="Forest depth")
    xgboost_trees: int = option(100, "XGBoost: boosting rounds", low=1, high=5000, label="XGBoost trees")
    xgboost_depth: int = option(6, "XGBoost: depth of each tree", low=1, high=30, label="XGBoost depth")
    kmeans_k: int = option(0, "KMeans clusters (0: as many as classes)", low=0, high=1000, label="KMeans k")
    kmeans_max_k: int = option(8, "silhouette drawn for k = 2 … this", low=2, high=100, label="Silhouette up to k")
    search: bool = option(False, "search the hyper-parameters of one model", label="Search")
    search_model: str = option("svm", "the model searched", choices=tuple(m for m in MODELS if m != "kmeans"),
                               label="Search model")
    search_methods: tuple = option(tuning.METHODS, "search methods, each with the same trial budget",
                                   choices=tuning.METHODS, label="Methods")
    trials: int = option(20, "trials per search method", low=1, high=100_000)
    grid_points: int = option(5, "GridSearchCV: values per parameter", low=2, high=1000, label="Grid points")
    curve_param: str = option("", "validation curve over this parameter of the search model (empty: its first)",
                              label="Curve parameter")
    confirm_long: bool = option(False, "run a search even when it would take long", label="Confirm long search")


# ---- data ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Data:
    x: np.ndarray                     # samples × features, float64
    y: np.ndarray                     # class indices 0 … classes-1
    class_names: tuple[str, ...]
    feature_names: tuple[str, ...]
    skipped_rows: int = 0
    image_shape: tuple[int, int] | None = None   # digits: each row is an image of this shape


def load_data(settings: Settings) -> Data:
    """The chosen data, its features narrowed to `settings.features`, checked for classifying."""
    data = _source(settings)
    data = _keep_features(data, settings.features)
    _check_classes(data, settings)
    return data


def _source(settings: Settings) -> Data:
    name = settings.data.strip()
    if name in ("iris", "wine", "breast-cancer", "digits"):
        return _sklearn_set(name)
    if name == "mnist-sample":
        return _mnist_sample()
    if name == "dots":
        return _csv(COURSE_DOTS, "y_c")
    if not name:
        raise UserError(f"Choose the data: {', '.join(DATASETS)} or a CSV file.")
    if not settings.label.strip():
        raise UserError(f"Name the label column of {Path(name).name} (the column holding each row's class).")
    return _csv(Path(name), settings.label.strip())


def _sklearn_set(name: str) -> Data:
    from sklearn import datasets
    loaders = {"iris": datasets.load_iris, "wine": datasets.load_wine,
               "breast-cancer": datasets.load_breast_cancer, "digits": datasets.load_digits}
    bunch = loaders[name]()
    features = tuple(feature.replace(" (cm)", "") for feature in bunch.feature_names)
    return Data(bunch.data.astype(np.float64), bunch.target.astype(np.int64),
                tuple(str(c) for c in bunch.target_names), features,
                image_shape=(8, 8) if name == "digits" else None)


def _mnist_sample() -> Data:
    from core.data.published import load_sample
    sample = load_sample()
    images = sample.x_train[:MNIST_SAMPLE_ROWS].reshape(-1, 28, 28)
    x = images.reshape(len(images), -1).astype(np.float64) / 255.0
    return Data(x, sample.y_train[:MNIST_SAMPLE_ROWS].astype(np.int64), tuple(sample.class_names),
                tuple(f"pixel {i}" for i in range(x.shape[1])), image_shape=(28, 28))


def _csv(path: Path, label: str) -> Data:
    table = read_labelled_table(path, label)
    class_names = sorted(set(table.labels.tolist()), key=_label_order)
    index = {name: i for i, name in enumerate(class_names)}
    y = np.array([index[label] for label in table.labels], dtype=np.int64)
    return Data(table.features, y, tuple(class_names), table.feature_names, table.skipped_rows)


def _label_order(text: str) -> tuple:
    """Numbers in numeric order (2 before 10), then words alphabetically."""
    try:
        return (0, float(text), text)
    except ValueError:
        return (1, 0.0, text)


def _keep_features(data: Data, wanted: str) -> Data:
    names = [name.strip() for name in wanted.split(",") if name.strip()]
    if not names:
        return data
    lowered = [name.lower() for name in data.feature_names]
    columns = []
    for name in names:
        if name.lower() not in lowered:
            raise UserError(f"There is no feature '{name}' (the features: {', '.join(data.feature_names[:12])}"
                            f"{' …' if len(data.feature_names) > 12 else ''}).")
        columns.append(lowered.index(name.lower()))
    return Data(data.x[:, columns], data.y, data.class_names, tuple(data.feature_names[i] for i in columns),
                data.skipped_rows, None)


def _check_classes(data: Data, settings: Settings) -> None:
    counts = np.bincount(data.y, minlength=len(data.class_names))
    if len(data.class_names) < 2:
        raise UserError(f"The label column holds only one class ('{data.class_names[0]}'): classifying needs "
                        f"at least two.")
    rare = int(counts.argmin())
    if counts[rare] < 2:
        raise UserError(f"The class '{data.class_names[rare]}' has only one sample: each class needs at least "
                        f"two to be split into training and test samples.")
    if "kmeans" in settings.models and settings.kmeans_k > len(data.y):
        raise UserError(f"KMeans cannot make {settings.kmeans_k} clusters from {len(data.y)} samples: choose at "
                        f"most {len(data.y)}.")


def split(data: Data, settings: Settings):
    """The stratified train/test split every model shares: x_train, x_test, y_train, y_test."""
    from sklearn.model_selection import train_test_split
    try:
        return train_test_split(data.x, data.y, test_size=settings.test_size, random_state=settings.seed,
                                stratify=data.y)
    except ValueError as error:   # a test share too small to hold one sample of each class
        raise UserError(f"Cannot split {len(data.y)} samples of {len(data.class_names)} classes with a test "
                        f"share of {settings.test_size:g}: {error}.") from None


def folds(settings: Settings, y_train: np.ndarray):
    """StratifiedKFold with as many folds as asked, or as the rarest class allows."""
    from sklearn.model_selection import StratifiedKFold
    smallest = int(np.bincount(y_train).min())
    return StratifiedKFold(n_splits=max(2, min(settings.cv, smallest)), shuffle=True, random_state=settings.seed)


# ---- models -------------------------------------------------------------------------------------

def make_model(name: str, settings: Settings, classes: int = 2):
    """The model `name` with the settings' hyper-parameters, scaled first, as the course recommends."""
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    return make_pipeline(StandardScaler(), _estimator(name, settings, classes))


def _estimator(name: str, s: Settings, classes: int):
    from sklearn.dummy import DummyClassifier
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.svm import SVC
    from sklearn.tree import DecisionTreeClassifier
    makers = {
        "dummy": lambda: DummyClassifier(strategy="most_frequent"),
        "logreg": lambda: LogisticRegression(max_iter=2000),
        "svm": lambda: SVC(kernel=s.svm_kernel, C=s.svm_c, gamma=s.svm_gamma or "scale"),
        "knn": lambda: KNeighborsClassifier(n_neighbors=s.knn_k),
        "tree": lambda: DecisionTreeClassifier(max_depth=s.tree_depth or None, random_state=s.seed),
        "forest": lambda: RandomForestClassifier(n_estimators=s.forest_trees, max_depth=s.forest_depth or None,
                                                 random_state=s.seed, n_jobs=1),
        "xgboost": lambda: _xgboost(s),
        "kmeans": lambda: ClustersAsClasses(s.kmeans_k or classes, s.seed),
    }
    return makers[name]()


def _xgboost(s: Settings):
    from xgboost import XGBClassifier
    return XGBClassifier(n_estimators=s.xgboost_trees, max_depth=s.xgboost_depth, random_state=s.seed,
                         n_jobs=1, tree_method="hist", verbosity=0)


class ClustersAsClasses(ClassifierMixin, BaseEstimator):
    """KMeans, then each cluster named by the class most of its training samples belong to (the
    course's KMeans example scores clusters this way), so it sits in the same table as the classifiers."""

    def __init__(self, n_clusters: int = 3, random_state: int = 0):
        self.n_clusters = n_clusters
        self.random_state = random_state

    def fit(self, x, y):
        from sklearn.cluster import KMeans
        y = np.asarray(y)
        self.classes_ = np.unique(y)
        self.kmeans_ = KMeans(n_clusters=self.n_clusters, n_init=10, random_state=self.random_state).fit(x)
        members = [y[self.kmeans_.labels_ == cluster] for cluster in range(self.n_clusters)]
        self.cluster_class_ = np.array([_majority(m, self.classes_) for m in members])
        return self

    def predict(self, x):
        return self.cluster_class_[self.kmeans_.predict(x)]


def _majority(labels: np.ndarray, classes: np.ndarray):
    if len(labels) == 0:
        return classes[0]
    values, counts = np.unique(labels, return_counts=True)
    return values[counts.argmax()]


# ---- the lab ------------------------------------------------------------------------------------

def score_model(model, x_train, y_train, x_test, y_test, cv) -> dict:
    """The course's "Test & Score" for one model: cross-validated accuracy on the training split, then
    fitted on all of it and scored on the held-out test split."""
    from sklearn.model_selection import cross_validate
    scores = cross_validate(model, x_train, y_train, cv=cv)            # StratifiedKFold folds
    started = time.perf_counter()
    model.fit(x_train, y_train)
    fit_seconds = time.perf_counter() - started
    predictions = model.predict(x_test)
    return {"test_accuracy": float(np.mean(predictions == y_test)),
            "cv_mean": float(scores["test_score"].mean()), "cv_std": float(scores["test_score"].std()),
            "fit_seconds": fit_seconds, "predictions": predictions}


def model_report(predictions, y_test, class_names) -> dict:
    """Confusion matrix and per-class report, from sklearn.metrics."""
    from sklearn.metrics import classification_report, confusion_matrix
    labels = list(range(len(class_names)))
    return {"confusion": confusion_matrix(y_test, predictions, labels=labels),
            "report": classification_report(y_test, predictions, labels=labels, target_names=list(class_names),
                                             zero_division=0)}


def silhouettes(x_train: np.ndarray, max_k: int, seed: int, should_stop: Callable[[], bool]) -> dict[int, float]:
    """silhouette_score of KMeans for k = 2 … max_k on the scaled training samples."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score
    from sklearn.preprocessing import StandardScaler
    scaled = StandardScaler().fit_transform(x_train)
    scores = {}
    for k in range(2, min(max_k, len(scaled) - 1) + 1):
        if should_stop():
            break
        labels = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(scaled)
        scores[k] = float(silhouette_score(scaled, labels))
    return scores


def run(settings: Settings, should_stop: Callable[[], bool] = lambda: False) -> Iterator[dict]:
    """Score every chosen model (one STEP each, with a SNAPSHOT of its confusion matrix and report),
    then the silhouettes, then the search and the validation curve if asked for; FINISHED holds the
    table."""
    check_settings(settings)
    data = load_data(settings)
    x_train, x_test, y_train, y_test = split(data, settings)
    cv = folds(settings, y_train)
    if settings.search:
        check_search_time(settings, data, x_train, y_train, cv)
    yield _data_snapshot(data, x_train, x_test, y_train, y_test, cv)
    results, stopped = [], False
    for name in ("dummy",) + tuple(m for m in MODELS if m in settings.models):
        if should_stop():
            stopped = True
            break
        row, snapshot = _score(name, settings, data, (x_train, x_test, y_train, y_test), cv)
        results.append(row)
        yield event(STEP, phase="score", **row)
        yield snapshot
    outcome = {}
    if not stopped and "kmeans" in settings.models:
        scores = silhouettes(x_train, settings.kmeans_max_k, settings.seed, should_stop)
        yield event(SNAPSHOT, what="silhouette", scores=scores)
    if not stopped and settings.search:
        outcome = yield from run_search(settings, data, x_train, y_train, cv, should_stop)
    stopped = stopped or should_stop()
    yield event(FINISHED, results=results, classes=list(data.class_names), samples=len(data.y),
                features=list(data.feature_names), skipped_rows=data.skipped_rows, cv_folds=cv.get_n_splits(),
                **outcome, stopped=stopped)


def _score(name: str, settings: Settings, data: Data, splits, cv) -> tuple[dict, dict]:
    x_train, x_test, y_train, y_test = splits
    model = make_model(name, settings, len(data.class_names))
    scored = score_model(model, x_train, y_train, x_test, y_test, cv)
    predictions = scored.pop("predictions")
    row = {"model": name, **scored}
    if name == "kmeans":
        row["silhouette"] = kmeans_silhouette(model, x_train)
    snapshot = event(SNAPSHOT, what="model", model=name, predictions=predictions,
                     **model_report(predictions, y_test, data.class_names))
    if name == "tree":
        snapshot.update(tree_drawing(model, data.feature_names, data.class_names))
    return row, snapshot


def kmeans_silhouette(model, x_train: np.ndarray) -> float:
    """The fitted clustering's silhouette_score on the scaled training samples it was fitted on."""
    from sklearn.metrics import silhouette_score
    scaler, clusters = model[0], model[-1]
    return float(silhouette_score(scaler.transform(x_train), clusters.kmeans_.labels_))


def tree_drawing(model, feature_names, class_names) -> dict:
    """What the window needs to draw the fitted tree: its nodes laid out (tree_nodes), its depth, the raw
    arrays, and export_text."""
    from sklearn.tree import export_text
    tree = model[-1]
    structure = tree.tree_
    return {"tree_text": export_text(tree, feature_names=list(feature_names), class_names=list(class_names),
                                     max_depth=TREE_DRAWN_DEPTH),
            "tree_nodes": [node.__dict__ for node in tree_nodes(model, feature_names)],
            "tree_depth": int(tree.get_depth()),
            "tree": {"left": structure.children_left, "right": structure.children_right,
                     "feature": structure.feature, "threshold": structure.threshold,
                     "value": structure.value[:, 0, :], "samples": structure.n_node_samples}}


@dataclass(frozen=True)
class TreeNode:
    """One node of a fitted tree, placed for drawing: `depth` is its row, `order` its column (leaves take
    0, 1, 2 … from left to right; a parent sits midway over its children)."""
    index: int                 # its row in sklearn's tree_ arrays
    parent: int                # -1 for the root
    depth: int
    order: float
    split: str                 # "petal width ≤ 0.80" in the data's own units; "" for a leaf
    samples: int
    counts: tuple[int, ...]    # training samples of each class reaching it
    majority: int              # the class it predicts
    cut: bool = False          # a split whose children lie deeper than the drawing goes


def tree_nodes(model, feature_names, max_depth: int = TREE_DRAWN_DEPTH) -> list[TreeNode]:
    """The fitted tree of make_pipeline(StandardScaler(), DecisionTreeClassifier) as nodes to draw, down
    to `max_depth`, in depth-first order (the root first). The tree splits scaled features; each
    threshold is shown in the original units (threshold × scale_ + mean_)."""
    scaler, structure = model[0], model[-1].tree_
    nodes: list[TreeNode] = []
    leaves = [0]                                         # the next free column, shared by the recursion

    def place(index: int, parent: int, depth: int) -> float:
        left, right = structure.children_left[index], structure.children_right[index]
        split_here = left != -1
        slot = len(nodes)
        nodes.append(None)
        if split_here and depth < max_depth:
            order = (place(left, index, depth + 1) + place(right, index, depth + 1)) / 2
        else:
            order, leaves[0] = float(leaves[0]), leaves[0] + 1
        nodes[slot] = TreeNode(int(index), int(parent), depth, order,
                               _split_text(structure, scaler, index, feature_names) if split_here else "",
                               *_node_counts(structure, index),
                               cut=bool(split_here and depth >= max_depth))
        return order

    place(0, -1, 0)
    return nodes


def _split_text(structure, scaler, index: int, feature_names) -> str:
    feature = int(structure.feature[index])
    threshold = structure.threshold[index] * _scale(scaler)[feature] + _mean(scaler)[feature]
    return f"{feature_names[feature]} ≤ {threshold:.2f}"


def _scale(scaler) -> np.ndarray:
    return scaler.scale_ if scaler.scale_ is not None else np.ones(scaler.n_features_in_)


def _mean(scaler) -> np.ndarray:
    return scaler.mean_ if scaler.mean_ is not None else np.zeros(scaler.n_features_in_)


def _node_counts(structure, index: int) -> tuple[int, tuple[int, ...], int]:
    samples = int(structure.n_node_samples[index])
    shares = structure.value[index, 0]        # class shares (sklearn ≥ 1.4 stores fractions)
    counts = tuple(int(c) for c in np.rint(shares / shares.sum() * samples))
    return samples, counts, int(np.argmax(shares))


def _data_snapshot(data: Data, x_train, x_test, y_train, y_test, cv) -> dict:
    return event(SNAPSHOT, what="data", class_names=list(data.class_names), feature_names=list(data.feature_names),
                 skipped_rows=data.skipped_rows, image_shape=data.image_shape, x_train=x_train, y_train=y_train,
                 x_test=x_test, y_test=y_test, cv_folds=cv.get_n_splits())


# ---- search and the validation curve --------------------------------------------------------------

def search_space(name: str) -> tuple[tuning.Param, ...]:
    """The hyper-parameters a search varies for each model (their make_pipeline step names)."""
    P = tuning.Param
    spaces = {
        "logreg": (P("C", "logisticregression__C", 1e-3, 1e3, log=True),),
        "svm": (P("C", "svc__C", 1e-2, 1e3, log=True), P("gamma", "svc__gamma", 1e-4, 10.0, log=True)),
        "knn": (P("k", "kneighborsclassifier__n_neighbors", 1, 30, integer=True),),
        "tree": (P("depth", "decisiontreeclassifier__max_depth", 1, 20, integer=True),),
        "forest": (P("trees", "randomforestclassifier__n_estimators", 10, 300, integer=True, log=True),
                   P("depth", "randomforestclassifier__max_depth", 1, 20, integer=True)),
        "xgboost": (P("trees", "xgbclassifier__n_estimators", 10, 300, integer=True, log=True),
                    P("depth", "xgbclassifier__max_depth", 1, 10, integer=True),
                    P("learning_rate", "xgbclassifier__learning_rate", 0.01, 1.0, log=True)),
        "dummy": (),
    }
    return spaces[name]


def check_search_time(settings: Settings, data: Data, x_train, y_train, cv) -> float:
    """Time one fit of the search model and refuse (UserError) a search that would take too long."""
    space = search_space(settings.search_model)
    fit_seconds = tuning.time_one_fit(lambda: make_model(settings.search_model, settings, len(data.class_names)),
                                      x_train, y_train)
    fits = sum(tuning.planned_fits(method, space, settings.trials, settings.grid_points, cv.get_n_splits())
               for method in settings.search_methods)
    return tuning.check_duration(fit_seconds, fits, settings.confirm_long)


def run_search(settings: Settings, data: Data, x_train, y_train, cv, should_stop) -> Iterator[dict]:
    """Every chosen method on the same budget, then the validation curve; returns the summaries."""
    from sklearn.model_selection import cross_val_score
    name, classes = settings.search_model, len(data.class_names)
    space = search_space(name)
    summaries = []

    def objective(params: dict) -> float:   # Optuna's trials: mean CV accuracy of the suggested params
        model = make_model(name, settings, classes).set_params(**{p.key: params[p.name] for p in space})
        return float(cross_val_score(model, x_train, y_train, cv=cv).mean())

    for method in settings.search_methods:
        if should_stop():
            break
        if method in tuning.OPTUNA_METHODS:
            trials = tuning.optuna_search(objective, space, method, settings.trials, settings.seed,
                                          should_stop=should_stop)
        else:
            trials = tuning.sklearn_search(make_model(name, settings, classes), space, method, x_train, y_train, cv,
                                           settings.trials, settings.grid_points, settings.seed, should_stop)
        summaries.append((yield from _collect(trials, method)))
    curve = None
    if not should_stop():
        curve = validation_curve_points(settings, classes, x_train, y_train, cv)
        yield event(SNAPSHOT, what="curve", **curve)
    return {"search": summaries, "validation_curve": curve}


def _collect(trials: Iterator[dict], method: str) -> Iterator[dict]:
    history = tuning.History(method, maximize=True)
    for item in trials:
        history.add(item["params"], item["value"], item["seconds"])
        yield item
    return history.summary()


def validation_curve_points(settings: Settings, classes: int, x_train, y_train, cv, points: int = 8) -> dict:
    """sklearn's validation_curve for one parameter of the search model: train vs CV accuracy."""
    from sklearn.model_selection import validation_curve
    space = search_space(settings.search_model)
    wanted = settings.curve_param.strip() or space[0].name
    param = next((p for p in space if p.name.lower() == wanted.lower()), None)
    if param is None:
        raise UserError(f"{settings.search_model} has no parameter '{wanted}' to draw a validation curve over "
                        f"(its parameters: {', '.join(p.name for p in space)}).")
    values = param.values(points)
    train, tested = validation_curve(make_model(settings.search_model, settings, classes), x_train, y_train,
                                     param_name=param.key, param_range=values, cv=cv)
    return {"model": settings.search_model, "param": param.name, "values": values, "log": param.log,
            "train_mean": train.mean(axis=1), "train_std": train.std(axis=1),
            "cv_mean": tested.mean(axis=1), "cv_std": tested.std(axis=1)}


# ---- decision regions (two features) --------------------------------------------------------------

def region_bounds(x: np.ndarray, margin: float = 0.1) -> tuple[tuple[float, float], tuple[float, float]]:
    spans = []
    for column in (0, 1):
        low, high = float(x[:, column].min()), float(x[:, column].max())
        pad = (high - low) * margin or 1.0
        spans.append((low - pad, high + pad))
    return spans[0], spans[1]


def region_maps(names: tuple[str, ...], settings: Settings, x: np.ndarray, y: np.ndarray, size: int = 60,
                classes: int | None = None) -> dict[str, np.ndarray]:
    """Each model fitted on two features, then its predicted class on a size × size grid over them
    (rows follow the second feature): what the window's small decision-region plots draw."""
    (x0, x1), (y0, y1) = region_bounds(x)
    gx, gy = np.meshgrid(np.linspace(x0, x1, size), np.linspace(y0, y1, size))
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    classes = classes or int(y.max()) + 1
    maps = {}
    for name in names:
        model = _region_forest(settings, x, y) if name == "forest" else make_model(name, settings, classes).fit(x, y)
        maps[name] = model.predict(grid).reshape(size, size)
    return maps


_forests: dict[tuple, object] = {}      # the last region forest per data, depth and seed
_forests_lock = threading.Lock()


def _region_forest(settings: Settings, x: np.ndarray, y: np.ndarray):
    """The forest of the slider's size, reusing the last one fitted on the same data, depth and seed: its
    first n trees when fewer are asked, warm_start for more. A forest's k-th tree depends only on the seed
    and k, so the map is the one a fresh fit draws. Measured on the dots (300 points, 100 trees): 90 ms
    to fit afresh, 6 ms to predict the grid; a slider step of a few trees costs a few ms."""
    import copy
    from sklearn.pipeline import make_pipeline
    key = (x.shape, hash(x.tobytes()), hash(y.tobytes()), settings.forest_depth, settings.seed)
    wanted = settings.forest_trees
    with _forests_lock:
        fitted = _forests.get(key)
        if fitted is None or len(fitted[-1].estimators_) < wanted:
            fitted = make_model("forest", settings) if fitted is None else fitted
            fitted[-1].set_params(warm_start=True, n_estimators=wanted)
            fitted.fit(x, y)
            _forests.clear()                 # one data set at a time: the page's
            _forests[key] = fitted
        forest = copy.copy(fitted[-1])
        forest.estimators_ = fitted[-1].estimators_[:wanted]
        forest.n_estimators = wanted
        return make_pipeline(fitted[0], forest)


CODE = [score_model, run_search, tuning.optuna_search]
KEY_LINES = {
    "cross_validate(model": "Stratified k-fold cross-validation on the training split: mean ± std of the accuracy",
    "model.fit(x_train, y_train)": "Fit on the whole training split (the pipeline scales, then fits the model)",
    "np.mean(predictions == y_test)": "Test accuracy: the share of held-out samples predicted right",
    "set_params(**": "The trial's hyper-parameters set on the pipeline's model step",
    "cross_val_score(model": "A trial's score: its mean cross-validated accuracy",
    "study.ask()": "Optuna's sampler (grid, random, genetic NSGA-II or TPE) proposes the next trial",
    "study.tell(trial, value)": "...and learns from its score",
    "p.suggest(trial)": "Each parameter drawn from its range (log-spaced for C, γ and rates)",
}
