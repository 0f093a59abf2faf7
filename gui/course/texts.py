"""Translatable copies of the Course tab's texts that core keeps as plain English data: every lab
Settings field's label and help (the controls' names and tooltips), the activations' names and advice,
the losses' notes, the learning-rate regimes, the recurrent cells' state and gate names, the classic
models' titles.

core stays Qt-free and its CLI stays English, so the strings are listed here, literally, inside
QT_TRANSLATE_NOOP for the extractor to see; a page shows them through setting_text()/lab_text(), which
look the English (exactly as core has it) up in the catalogue. tests/gui/test_i18n_course.py
fails when core gains or changes a text that these tables lack, so the copies cannot drift unseen.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale

SETTINGS_CONTEXT = "LabSettings"
TEXTS_CONTEXT = "LabTexts"

# Each lab Settings field's label and help (core.labs.*.Settings, option(...)), labs in core.labs.LABS order.
SETTING_TEXTS = (
    QT_TRANSLATE_NOOP("LabSettings", "Epochs"),
    QT_TRANSLATE_NOOP("LabSettings", "passes over the 120 training flowers"),
    QT_TRANSLATE_NOOP("LabSettings", "Learning rate"),
    QT_TRANSLATE_NOOP("LabSettings", "learning rate: each step moves the weights by lr × gradient"),
    QT_TRANSLATE_NOOP("LabSettings", "Batch size"),
    QT_TRANSLATE_NOOP("LabSettings", "flowers per step"),
    QT_TRANSLATE_NOOP("LabSettings", "Loss"),
    QT_TRANSLATE_NOOP("LabSettings", "mse (the course's first choice) or cross_entropy"),
    QT_TRANSLATE_NOOP("LabSettings", "Optimizer"),
    QT_TRANSLATE_NOOP("LabSettings", "sgd is the hand-written w -= lr × grad; the others are the framework's own, "
                                     "with the course's β values"),
    QT_TRANSLATE_NOOP("LabSettings", "Engine"),
    QT_TRANSLATE_NOOP("LabSettings", "which framework computes the gradients"),
    QT_TRANSLATE_NOOP("LabSettings", "Seed"),
    QT_TRANSLATE_NOOP("LabSettings", "shuffles iris before the 120/30 split (the course uses 116)"),
    QT_TRANSLATE_NOOP("LabSettings", "the constant learning rate (and the decaying one's base)"),
    QT_TRANSLATE_NOOP("LabSettings", "Steps"),
    QT_TRANSLATE_NOOP("LabSettings", "gradient-descent steps"),
    QT_TRANSLATE_NOOP("LabSettings", "Start w"),
    QT_TRANSLATE_NOOP("LabSettings", "where w starts"),
    QT_TRANSLATE_NOOP("LabSettings", "Decay rate"),
    QT_TRANSLATE_NOOP("LabSettings", "the decaying rate is lr × decay_rate^(step / decay_steps)"),
    QT_TRANSLATE_NOOP("LabSettings", "Decay steps"),
    QT_TRANSLATE_NOOP("LabSettings", "steps per decay"),
    QT_TRANSLATE_NOOP("LabSettings", "which framework computes the gradient"),
    QT_TRANSLATE_NOOP("LabSettings", "Pause per step (s)"),
    QT_TRANSLATE_NOOP("LabSettings", "seconds to wait after each step, to watch it happen"),
    QT_TRANSLATE_NOOP("LabSettings", "Cost"),
    QT_TRANSLATE_NOOP("LabSettings", "what one yoghurt too many costs"),
    QT_TRANSLATE_NOOP("LabSettings", "Profit"),
    QT_TRANSLATE_NOOP("LabSettings", "what one yoghurt too few loses"),
    QT_TRANSLATE_NOOP("LabSettings", "custom (the asymmetric cost/profit loss) or mse (symmetric)"),
    QT_TRANSLATE_NOOP("LabSettings", "training steps over the 32 days (full batch)"),
    QT_TRANSLATE_NOOP("LabSettings", "learning rate"),
    QT_TRANSLATE_NOOP("LabSettings", "seeds the generated sales (the course uses 23455)"),
    QT_TRANSLATE_NOOP("LabSettings", "Data (CSV)"),
    QT_TRANSLATE_NOOP("LabSettings", "a CSV file with a header row; empty = the course's dot set"),
    QT_TRANSLATE_NOOP("LabSettings", "X column"),
    QT_TRANSLATE_NOOP("LabSettings", "the column of the first feature (plotted across)"),
    QT_TRANSLATE_NOOP("LabSettings", "Y column"),
    QT_TRANSLATE_NOOP("LabSettings", "the column of the second feature (plotted up)"),
    QT_TRANSLATE_NOOP("LabSettings", "Label column"),
    QT_TRANSLATE_NOOP("LabSettings", "the column of the label (two values)"),
    QT_TRANSLATE_NOOP("LabSettings", "Hidden units"),
    QT_TRANSLATE_NOOP("LabSettings", "hidden units (the course's 11)"),
    QT_TRANSLATE_NOOP("LabSettings", "L2 strength"),
    QT_TRANSLATE_NOOP("LabSettings", "L2 strength of the regularised network (the course's 0.03)"),
    QT_TRANSLATE_NOOP("LabSettings", "learning rate (the course's 0.005)"),
    QT_TRANSLATE_NOOP("LabSettings", "epochs (the course's 800)"),
    QT_TRANSLATE_NOOP("LabSettings", "Test size"),
    QT_TRANSLATE_NOOP("LabSettings", "share of the points kept for testing"),
    QT_TRANSLATE_NOOP("LabSettings", "seed of the starting weights and of the train/test split"),
    QT_TRANSLATE_NOOP("LabSettings", "which framework trains"),
    QT_TRANSLATE_NOOP("LabSettings", "Problem"),
    QT_TRANSLATE_NOOP("LabSettings", "what to race on: iris, or a surface (bowl, ravine, saddle, rosenbrock) or a "
                                     "formula in x and y such as 'x**2 + 3*y**2'"),
    QT_TRANSLATE_NOOP("LabSettings", "Optimizers"),
    QT_TRANSLATE_NOOP("LabSettings", "which optimizers race"),
    QT_TRANSLATE_NOOP("LabSettings", "epochs on iris (the course's 500)"),
    QT_TRANSLATE_NOOP("LabSettings", "steps on a surface"),
    QT_TRANSLATE_NOOP("LabSettings", "learning rate for every optimizer; 0 = the problem's own (iris: the course's "
                                     "0.1)"),
    QT_TRANSLATE_NOOP("LabSettings", "Tune"),
    QT_TRANSLATE_NOOP("LabSettings", "first tune each optimizer's learning rate by a small grid search"),
    QT_TRANSLATE_NOOP("LabSettings", "which framework trains on iris"),
    QT_TRANSLATE_NOOP("LabSettings", "Cell"),
    QT_TRANSLATE_NOOP("LabSettings", "the recurrent cell: rnn (the course's SimpleRNN), lstm or gru"),
    QT_TRANSLATE_NOOP("LabSettings", "Input"),
    QT_TRANSLATE_NOOP("LabSettings", "a letter as five numbers (onehot) or as an id looked up in an Embedding(5, 2)"),
    QT_TRANSLATE_NOOP("LabSettings", "Context"),
    QT_TRANSLATE_NOOP("LabSettings", "letters read before predicting the next (the course: 1 or 4)"),
    QT_TRANSLATE_NOOP("LabSettings", "Units"),
    QT_TRANSLATE_NOOP("LabSettings", "units of the recurrent cell (the course's 3)"),
    QT_TRANSLATE_NOOP("LabSettings", "passes over the five examples (the course's 100)"),
    QT_TRANSLATE_NOOP("LabSettings", "Adam's learning rate (the course's 0.01)"),
    QT_TRANSLATE_NOOP("LabSettings", "seed of the starting weights"),
    QT_TRANSLATE_NOOP("LabSettings", "Checkpoint folder"),
    QT_TRANSLATE_NOOP("LabSettings", "a folder for checkpoints (last and best, after every epoch): training then runs "
                                     "through the engine's fit, which a stop leaves resumable; empty = the short loop "
                                     "shown"),
    QT_TRANSLATE_NOOP("LabSettings", "Resume"),
    QT_TRANSLATE_NOOP("LabSettings", "continue from the last checkpoint in the checkpoint folder (a finished run just "
                                     "reports again)"),
    QT_TRANSLATE_NOOP("LabSettings", "a CSV file with a header row; empty = the course's Maotai prices (SH600519.csv)"),
    QT_TRANSLATE_NOOP("LabSettings", "Price column"),
    QT_TRANSLATE_NOOP("LabSettings", "the price column, by name (any case)"),
    QT_TRANSLATE_NOOP("LabSettings", "Date column"),
    QT_TRANSLATE_NOOP("LabSettings", "the date column, by name (any case)"),
    QT_TRANSLATE_NOOP("LabSettings", "Window"),
    QT_TRANSLATE_NOOP("LabSettings", "days of prices the network reads to predict the next (the course's 60)"),
    QT_TRANSLATE_NOOP("LabSettings", "Test days"),
    QT_TRANSLATE_NOOP("LabSettings", "the last days, kept for testing (the course's 300)"),
    QT_TRANSLATE_NOOP("LabSettings", "Cells"),
    QT_TRANSLATE_NOOP("LabSettings", "the cells to train one after the other: rnn (SimpleRNN), lstm, gru"),
    QT_TRANSLATE_NOOP("LabSettings", "First layer units"),
    QT_TRANSLATE_NOOP("LabSettings", "units of the first recurrent layer (the course's 80)"),
    QT_TRANSLATE_NOOP("LabSettings", "Second layer units"),
    QT_TRANSLATE_NOOP("LabSettings", "units of the second recurrent layer (the course's 100)"),
    QT_TRANSLATE_NOOP("LabSettings", "Dropout"),
    QT_TRANSLATE_NOOP("LabSettings", "dropout after each recurrent layer (the course's 0.2)"),
    QT_TRANSLATE_NOOP("LabSettings", "passes over the training windows (the course's 50)"),
    QT_TRANSLATE_NOOP("LabSettings", "windows per step (the course's 64)"),
    QT_TRANSLATE_NOOP("LabSettings", "Adam's learning rate (the course's 0.001)"),
    QT_TRANSLATE_NOOP("LabSettings", "Forecast days"),
    QT_TRANSLATE_NOOP("LabSettings", "days of the recursive forecast from the first test day (its own predictions "
                                     "fed back); 0 = none"),
    QT_TRANSLATE_NOOP("LabSettings", "seed of the starting weights and the shuffling (the course's 7)"),
    QT_TRANSLATE_NOOP("LabSettings", "Data"),
    QT_TRANSLATE_NOOP("LabSettings", "iris, wine, breast-cancer, digits, mnist-sample, dots, or a CSV file's path"),
    QT_TRANSLATE_NOOP("LabSettings", "the label column of a CSV, by name"),
    QT_TRANSLATE_NOOP("LabSettings", "Features"),
    QT_TRANSLATE_NOOP("LabSettings", "comma-separated feature names to keep (empty: all); two draw decision regions"),
    QT_TRANSLATE_NOOP("LabSettings", "Models"),
    QT_TRANSLATE_NOOP("LabSettings", "the models to compare (the Dummy baseline is always there)"),
    QT_TRANSLATE_NOOP("LabSettings", "Test share"),
    QT_TRANSLATE_NOOP("LabSettings", "share of the samples held out for the test accuracy"),
    QT_TRANSLATE_NOOP("LabSettings", "CV folds"),
    QT_TRANSLATE_NOOP("LabSettings", "folds of the stratified cross-validation"),
    QT_TRANSLATE_NOOP("LabSettings", "seed of the split, the folds and every model"),
    QT_TRANSLATE_NOOP("LabSettings", "SVM kernel"),
    QT_TRANSLATE_NOOP("LabSettings", "SVM C"),
    QT_TRANSLATE_NOOP("LabSettings", "SVM C: how hard it tries to classify every training point"),
    QT_TRANSLATE_NOOP("LabSettings", "SVM γ"),
    QT_TRANSLATE_NOOP("LabSettings", "SVM γ: how far one point's influence reaches (0: scale)"),
    QT_TRANSLATE_NOOP("LabSettings", "KNN k"),
    QT_TRANSLATE_NOOP("LabSettings", "KNN: neighbours that vote"),
    QT_TRANSLATE_NOOP("LabSettings", "Tree depth"),
    QT_TRANSLATE_NOOP("LabSettings", "decision tree depth (0: grow until pure)"),
    QT_TRANSLATE_NOOP("LabSettings", "Forest trees"),
    QT_TRANSLATE_NOOP("LabSettings", "random forest: trees"),
    QT_TRANSLATE_NOOP("LabSettings", "Forest depth"),
    QT_TRANSLATE_NOOP("LabSettings", "random forest: depth of each tree (0: no limit)"),
    QT_TRANSLATE_NOOP("LabSettings", "XGBoost trees"),
    QT_TRANSLATE_NOOP("LabSettings", "XGBoost: boosting rounds"),
    QT_TRANSLATE_NOOP("LabSettings", "XGBoost depth"),
    QT_TRANSLATE_NOOP("LabSettings", "XGBoost: depth of each tree"),
    QT_TRANSLATE_NOOP("LabSettings", "KMeans k"),
    QT_TRANSLATE_NOOP("LabSettings", "KMeans clusters (0: as many as classes)"),
    QT_TRANSLATE_NOOP("LabSettings", "Silhouette up to k"),
    QT_TRANSLATE_NOOP("LabSettings", "silhouette drawn for k = 2 … this"),
    QT_TRANSLATE_NOOP("LabSettings", "Search"),
    QT_TRANSLATE_NOOP("LabSettings", "search the hyper-parameters of one model"),
    QT_TRANSLATE_NOOP("LabSettings", "Search model"),
    QT_TRANSLATE_NOOP("LabSettings", "the model searched"),
    QT_TRANSLATE_NOOP("LabSettings", "Methods"),
    QT_TRANSLATE_NOOP("LabSettings", "search methods, each with the same trial budget"),
    QT_TRANSLATE_NOOP("LabSettings", "Trials"),
    QT_TRANSLATE_NOOP("LabSettings", "trials per search method"),
    QT_TRANSLATE_NOOP("LabSettings", "Grid points"),
    QT_TRANSLATE_NOOP("LabSettings", "GridSearchCV: values per parameter"),
    QT_TRANSLATE_NOOP("LabSettings", "Curve parameter"),
    QT_TRANSLATE_NOOP("LabSettings", "validation curve over this parameter of the search model (empty: its first)"),
    QT_TRANSLATE_NOOP("LabSettings", "Confirm long search"),
    QT_TRANSLATE_NOOP("LabSettings", "run a search even when it would take long"),
    QT_TRANSLATE_NOOP("LabSettings", "Exercise"),
    QT_TRANSLATE_NOOP("LabSettings", "wide-deep (the table), or one of the course's toy regressions"),
    QT_TRANSLATE_NOOP("LabSettings", "wide & deep: diabetes, or a CSV file's path"),
    QT_TRANSLATE_NOOP("LabSettings", "Target column"),
    QT_TRANSLATE_NOOP("LabSettings", "the numeric target column of a CSV, by name"),
    QT_TRANSLATE_NOOP("LabSettings", "the models in the table (DummyRegressor is always there)"),
    QT_TRANSLATE_NOOP("LabSettings", "which framework trains the networks"),
    QT_TRANSLATE_NOOP("LabSettings", "wide & deep: passes over the training data"),
    QT_TRANSLATE_NOOP("LabSettings", "wide & deep: Adam's learning rate"),
    QT_TRANSLATE_NOOP("LabSettings", "toys: train_on_batch steps (the course's 301)"),
    QT_TRANSLATE_NOOP("LabSettings", "Toy learning rate"),
    QT_TRANSLATE_NOOP("LabSettings", "toys: SGD's learning rate"),
    QT_TRANSLATE_NOOP("LabSettings", "Width"),
    QT_TRANSLATE_NOOP("LabSettings", "units in each of the deep part's two hidden layers (toys: the hidden layer)"),
    QT_TRANSLATE_NOOP("LabSettings", "wide & deep: samples per step"),
    QT_TRANSLATE_NOOP("LabSettings", "share held out for the scores"),
    QT_TRANSLATE_NOOP("LabSettings", "seed of the data, the split and the starting weights"),
    QT_TRANSLATE_NOOP("LabSettings", "wide & deep: search the deep part's width and the learning rate"),
)

# Explanations, advice and names the labs keep as data (core.labs.activations, learning_rate.regime,
# recurrent.GATES and the trace's state names, classic.MODEL_TITLES).
LAB_TEXTS = (
    QT_TRANSLATE_NOOP("LabTexts", "Sigmoid  f(x) = 1 / (1 + e^-x)"),
    QT_TRANSLATE_NOOP("LabTexts", "Its derivative is at most 0.25, so gradients shrink layer after layer and vanish "
                                  "in deep networks; its output is not zero-centred, which slows convergence; and "
                                  "exp is slow to compute. Rarely used in hidden layers today."),
    QT_TRANSLATE_NOOP("LabTexts", "tanh  f(x) = (1 - e^-2x) / (1 + e^-2x)"),
    QT_TRANSLATE_NOOP("LabTexts", "Its output is zero-centred, but its gradient still vanishes for large inputs, and "
                                  "exp is slow."),
    QT_TRANSLATE_NOOP("LabTexts", "ReLU  f(x) = max(x, 0)"),
    QT_TRANSLATE_NOOP("LabTexts", "The first choice for hidden layers: no vanishing gradient for positive inputs, "
                                  "fast to compute, converges much faster than sigmoid and tanh. Its output is not "
                                  "zero-centred, and a neuron whose input stays negative never activates again (dead "
                                  "ReLU): avoid feeding it many negative features and keep the learning rate small."),
    QT_TRANSLATE_NOOP("LabTexts", "Leaky ReLU  f(x) = max(αx, x), α = 0.01"),
    QT_TRANSLATE_NOOP("LabTexts", "Gives negative inputs a small slope, so no neuron dies. In theory better than "
                                  "ReLU; in practice it has not clearly proved so."),
    QT_TRANSLATE_NOOP("LabTexts", "The course's advice for beginners: prefer ReLU; use a small learning rate; "
                                  "standardise the input features (mean 0, standard deviation 1); start the weights "
                                  "centred on 0 with standard deviation √(2 / inputs)."),
    QT_TRANSLATE_NOOP("LabTexts", "Mean squared error: mean((y_ - y)²). For regression; the course also uses it on "
                                  "iris."),
    QT_TRANSLATE_NOOP("LabTexts", "Cross-entropy H(y_, y) = -Σ y_ ln y: how far a predicted distribution is from the "
                                  "label's. H([1, 0], [0.6, 0.4]) = 0.511 is worse than H([1, 0], [0.8, 0.2]) = "
                                  "0.223."),
    QT_TRANSLATE_NOOP("LabTexts", "Softmax then cross-entropy in one step (tf.nn.softmax_cross_entropy_with_logits): "
                                  "from raw scores, numerically safe."),
    QT_TRANSLATE_NOOP("LabTexts", "The course's custom loss: a prediction above the sales costs COST per yoghurt, "
                                  "one below loses PROFIT per yoghurt: sum(where(y > y_, COST (y - y_), PROFIT (y_ - "
                                  "y)))."),
    QT_TRANSLATE_NOOP("LabTexts", "converges smoothly"),
    QT_TRANSLATE_NOOP("LabTexts", "jumps to the minimum in one step"),
    QT_TRANSLATE_NOOP("LabTexts", "oscillates while converging"),
    QT_TRANSLATE_NOOP("LabTexts", "oscillates for ever"),
    QT_TRANSLATE_NOOP("LabTexts", "diverges"),
    QT_TRANSLATE_NOOP("LabTexts", "hidden state"),
    QT_TRANSLATE_NOOP("LabTexts", "cell state"),
    QT_TRANSLATE_NOOP("LabTexts", "input gate"),
    QT_TRANSLATE_NOOP("LabTexts", "forget gate"),
    QT_TRANSLATE_NOOP("LabTexts", "candidate"),
    QT_TRANSLATE_NOOP("LabTexts", "output gate"),
    QT_TRANSLATE_NOOP("LabTexts", "update gate"),
    QT_TRANSLATE_NOOP("LabTexts", "reset gate"),
    QT_TRANSLATE_NOOP("LabTexts", "Dummy (most frequent)"),
    QT_TRANSLATE_NOOP("LabTexts", "Logistic regression"),
    QT_TRANSLATE_NOOP("LabTexts", "SVM"),
    QT_TRANSLATE_NOOP("LabTexts", "KNN"),
    QT_TRANSLATE_NOOP("LabTexts", "Decision tree"),
    QT_TRANSLATE_NOOP("LabTexts", "Random forest"),
    QT_TRANSLATE_NOOP("LabTexts", "XGBoost"),
    QT_TRANSLATE_NOOP("LabTexts", "KMeans"),
)


def setting_text(source: str) -> str:
    """A lab setting's label or help (as core writes it) in the current language."""
    return QCoreApplication.translate(SETTINGS_CONTEXT, source)


def lab_text(source: str) -> str:
    """One of core's lab texts listed in LAB_TEXTS, in the current language."""
    return QCoreApplication.translate(TEXTS_CONTEXT, source)


def significant(value: float, digits: int = 4) -> str:
    """A number to `digits` significant places as the current language writes it (like f"{x:.4g}");
    a dash for a value that is not a number."""
    if not math.isfinite(float(value)):
        return "—"
    return QLocale().toString(float(value), "g", digits)
