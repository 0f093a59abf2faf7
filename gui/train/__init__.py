"""The Train tab: train the classic networks and watch the curves grow. TAB declares it to the window;
the tab's modules are imported only when it is built."""
from PySide6.QtCore import QT_TRANSLATE_NOOP

from gui.tab import Tab, TabSpec


def _build(hub) -> Tab:
    from gui.train.tab import TrainTab
    return TrainTab(hub)


TAB = TabSpec(QT_TRANSLATE_NOOP("Tab", "Train"),
              QT_TRANSLATE_NOOP("Tab", "Train MLP, LeNet5, AlexNet8, VGG16, Inception10 or ResNet18 and "
                                       "watch the curves grow"), _build, key="train")
