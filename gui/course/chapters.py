"""The course's chapters in its own order, as data: each entry a title and a factory that builds its
page when first opened (a lab page, imported lazily, or an explanation that sets another tab up).

A lab page module that is not written yet leaves a short "not here yet" page instead of failing.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QWidget


@dataclass(frozen=True)
class Entry:
    title: str                      # source text; the tab translates it
    build: Callable[[], QWidget]
    key: str                        # stable name, remembered as the last page shown


@dataclass(frozen=True)
class Chapter:
    title: str
    entries: tuple[Entry, ...]


def lab_page(module: str, class_name: str, **options) -> Callable[[], QWidget]:
    """A factory importing gui.course.<module> only when the page is first shown."""
    def build() -> QWidget:
        try:
            page_module = importlib.import_module(f"gui.course.{module}")
        except ModuleNotFoundError as error:
            if error.name != f"gui.course.{module}":
                raise
            return _not_yet()
        return getattr(page_module, class_name)(**options)
    return build


def explain(text: str, *setups) -> Callable[[], QWidget]:
    def build() -> QWidget:
        from gui.course.explain_page import ExplainPage
        return ExplainPage(text, tuple(setups))
    return build


def _setup(label: str, tab: str, **train):
    from gui.course.explain_page import Setup
    return Setup(label, tab, train)


def _not_yet() -> QWidget:
    from gui.course.explain_page import ExplainPage
    return ExplainPage(QT_TRANSLATE_NOOP("Course", "This lab is not here yet."))


def _train(label: str, model: str, data: str, **fit):
    return lambda: _setup(label, "train", model=model, data=data, fit=fit)


def _explain_with(text: str, *setup_makers) -> Callable[[], QWidget]:
    def build() -> QWidget:
        return explain(text, *(make() for make in setup_makers))()
    return build


# Chapter titles in English; in Chinese they are the course's own (第1讲 神经网络计算, …). The
# extractor only sees QT_TRANSLATE_NOOP written out, so it is written out at each text.
_ADAM_5 = {"epochs": 5, "batch_size": 32, "optimizer": "adam", "learning_rate": 0.001}
CHAPTERS: tuple[Chapter, ...] = (
    Chapter(QT_TRANSLATE_NOOP("Course", "1  Basics"), (
        Entry(QT_TRANSLATE_NOOP("Course", "Iris by hand"), lab_page("iris_page", "IrisPage"), "iris"),
    )),
    Chapter(QT_TRANSLATE_NOOP("Course", "2  Making networks learn"), (
        Entry(QT_TRANSLATE_NOOP("Course", "Learning rate"), lab_page("learning_rate_page", "LearningRatePage"),
              "learning_rate"),
        Entry(QT_TRANSLATE_NOOP("Course", "Activation functions"),
              lab_page("activations_page", "ActivationsPage", section="activations"), "activations"),
        Entry(QT_TRANSLATE_NOOP("Course", "Loss functions"),
              lab_page("activations_page", "ActivationsPage", section="losses"), "losses"),
        Entry(QT_TRANSLATE_NOOP("Course", "Overfitting and L2"), lab_page("dots_page", "DotsPage"), "dots"),
        Entry(QT_TRANSLATE_NOOP("Course", "Optimizers"), lab_page("optimizers_page", "OptimizersPage"),
              "optimizers"),
    )),
    Chapter(QT_TRANSLATE_NOOP("Course", "3  The six steps"), (
        Entry(QT_TRANSLATE_NOOP("Course", "MNIST in six steps"), _explain_with(
            QT_TRANSLATE_NOOP("Course", "<b>The six steps</b>: import, data, model (Sequential or a class), "
                                        "compile, fit, summary. The course trains an MLP on MNIST this way; the "
                                        "Train tab runs exactly these steps, with either engine, and shows the "
                                        "curves as they grow."),
            _train(QT_TRANSLATE_NOOP("Course", "Set the Train tab up: MLP on MNIST, Adam, 5 epochs"), "mlp",
                   "mnist", **_ADAM_5)), "six_steps"),
    )),
    Chapter(QT_TRANSLATE_NOOP("Course", "4  Own data and the whole workflow"), (
        Entry(QT_TRANSLATE_NOOP("Course", "Own data, augmentation, checkpoints"), _explain_with(
            QT_TRANSLATE_NOOP("Course", "<b>Own data</b>: the Train tab reads the course's own-dataset format "
                                        "(a folder and a label file) or one folder per class. "
                                        "<b>Augmentation</b>: the augmentation group. <b>Checkpoints</b>: every "
                                        "run saves them; Resume continues one. <b>Parameters and curves</b>: the "
                                        "run's folder keeps the weights and the history, drawn live. "
                                        "<b>Application</b>: the Draw tab reads what you draw with the model you "
                                        "trained."),
            _train(QT_TRANSLATE_NOOP("Course", "Set the Train tab up: MLP on MNIST with augmentation"), "mlp",
                   "mnist", epochs=5, optimizer="adam", learning_rate=0.001),
            lambda: _setup(QT_TRANSLATE_NOOP("Course", "Go to the Draw tab (the application)"), "draw")),
              "workflow"),
    )),
    Chapter(QT_TRANSLATE_NOOP("Course", "5  Convolutional networks"), (
        Entry(QT_TRANSLATE_NOOP("Course", "CNNs and CIFAR-10"), _explain_with(
            QT_TRANSLATE_NOOP("Course", "<b>Convolution</b> (CBAPD: convolution, batch norm, activation, "
                                        "pooling, dropout) and the classic networks the course builds on "
                                        "CIFAR-10: LeNet5, AlexNet8, VGG16, Inception10, ResNet18. The Train tab "
                                        "builds each of them from one description, in either engine."),
            _train(QT_TRANSLATE_NOOP("Course", "Set the Train tab up: LeNet5 on CIFAR-10 as the course builds it"),
                   "lenet5", "cifar10", **_ADAM_5),
            _train(QT_TRANSLATE_NOOP("Course", "Set the Train tab up: ResNet18 on CIFAR-10"), "resnet18", "cifar10",
                   **_ADAM_5)), "cnn"),
    )),
    Chapter(QT_TRANSLATE_NOOP("Course", "6  Recurrent networks"), (
        Entry(QT_TRANSLATE_NOOP("Course", "Next letter"), lab_page("letters_page", "LettersPage"), "letters"),
        Entry(QT_TRANSLATE_NOOP("Course", "Stock prices"), lab_page("stock_page", "StockPage"), "stock"),
    )),
    Chapter(QT_TRANSLATE_NOOP("Course", "7  Classic machine learning"), (
        Entry(QT_TRANSLATE_NOOP("Course", "Classic models"), lab_page("classic_page", "ClassicPage"), "classic"),
        Entry(QT_TRANSLATE_NOOP("Course", "Regressions and wide & deep"),
              lab_page("regression_page", "RegressionPage"), "regression"),
    )),
)


def all_entries() -> list[Entry]:
    return [entry for chapter in CHAPTERS for entry in chapter.entries]
