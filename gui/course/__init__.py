"""The Course tab: the course's chapters as live labs (gui.course.tab). TAB declares it to the window;
its modules are imported only when it is built, and each lab page only when it is first shown."""
from PySide6.QtCore import QT_TRANSLATE_NOOP

from gui.tab import Tab, TabSpec


def _build(hub) -> Tab:
    from gui.course.tab import CourseTab
    return CourseTab(hub)


TAB = TabSpec(QT_TRANSLATE_NOOP("Tab", "Course"),
              QT_TRANSLATE_NOOP("Tab", "The TensorFlow course's chapters as live labs: iris by hand, learning "
                                       "rate, activations and losses, overfitting, optimizers…"), _build,
              key="course")
