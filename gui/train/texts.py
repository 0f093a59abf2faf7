"""Translatable copies of the Train tab's texts that core keeps as plain English data: the recipes'
titles and descriptions (core.config.RECIPES) and the zoo architectures' titles and descriptions
(core.zoo), shown in the form's pickers and under them.

core stays Qt-free and its CLI stays English, so the strings are listed here, literally, inside
QT_TRANSLATE_NOOP for the extractor to see; the panels show them through core_text(), which looks the
English (exactly as core has it) up in the catalogue and falls back to it. tests/gui/test_i18n_train.py
fails when core gains or changes a text that this table lacks, so the copies cannot drift unseen.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "TrainTexts"

CORE_TEXTS = (
    # core.config.RECIPES: title, description
    QT_TRANSLATE_NOOP("TrainTexts", "Speedrun (99% in 30 s)"),
    QT_TRANSLATE_NOOP("TrainTexts", "From scratch to 99% MNIST test accuracy in about half a minute on a 2-core "
                                    "laptop CPU: the small 'speedrun' network, Adam under a one-cycle learning "
                                    "rate, label smoothing, two passes; 8% of the training set validates (the test "
                                    "set is only for the final score)."),
    # core.zoo: architecture titles that are words (the others are names: MLP, LeNet5, ResNet18, ...)
    QT_TRANSLATE_NOOP("TrainTexts", "Baseline CNN"),
    QT_TRANSLATE_NOOP("TrainTexts", "Separable CNN"),
    QT_TRANSLATE_NOOP("TrainTexts", "Speedrun"),
    # core.zoo: architecture descriptions
    QT_TRANSLATE_NOOP("TrainTexts", "The course's first network: flatten, one hidden layer of 128, output."),
    QT_TRANSLATE_NOOP("TrainTexts", "The course's CBAPD: one 5×5 convolution, BN, ReLU, max-pool, dropout, then a "
                                    "128-unit dense layer."),
    QT_TRANSLATE_NOOP("TrainTexts", "LeCun's 1998 network: two 5×5 sigmoid convolutions with pooling, then dense "
                                    "120, 84."),
    QT_TRANSLATE_NOOP("TrainTexts", "The course's eight-layer AlexNet: five convolutions (two with BN), three dense "
                                    "layers with dropout."),
    QT_TRANSLATE_NOOP("TrainTexts", "Thirteen 3×3 convolutions with BN in five pooled stages, then three dense "
                                    "layers."),
    QT_TRANSLATE_NOOP("TrainTexts", "The course's InceptionNet: four Inception blocks of parallel 1×1, 3×3, 5×5 and "
                                    "pooled branches."),
    QT_TRANSLATE_NOOP("TrainTexts", "Eight residual blocks of two 3×3 convolutions each, with shortcut "
                                    "connections."),
    QT_TRANSLATE_NOOP("TrainTexts", "Depthwise-separable convolutions (MobileNet-style): few parameters for its "
                                    "depth."),
    QT_TRANSLATE_NOOP("TrainTexts", "Inkling's own digit reader: four 3×3 convolutions with BN in two pooled "
                                    "stages, a fifth, global average pool; accurate and fast."),
    QT_TRANSLATE_NOOP("TrainTexts", "A small network made for the fast recipe: two 5×5 convolutions with BN and "
                                    "pooling, then the output; 99% on MNIST in half a minute on a laptop CPU."),
)


def core_text(source: str) -> str:
    """A recipe's or an architecture's title or description (as core writes it) in the current language;
    a text not listed above shows as core has it."""
    return QCoreApplication.translate(CONTEXT, source)
