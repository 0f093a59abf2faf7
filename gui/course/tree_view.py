"""The fitted decision tree drawn as a tree: a box per node (its split in the data's own units, its
samples, its class and class counts), lines from parent to children, leaves filled with their class's
colour; the wheel zooms. The layout comes from core.labs.classic.tree_nodes (Qt-free, tested there);
this only paints it. export_text of the same tree is the view's tooltip."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView

from gui import i18n

BOX_WIDTH, BOX_HEIGHT = 150, 62
COLUMN_STEP, ROW_STEP = 165, 100       # room between boxes, side by side and level to level
ZOOM_STEP = 1.15                       # per notch of the wheel
ZOOM_RANGE = (0.05, 8.0)


class TreeView(i18n.Retranslatable, QGraphicsView):
    """Draws the nodes of core.labs.classic.tree_nodes; `palette(i)` gives class i's (r, g, b, a)."""

    def __init__(self, palette, parent=None):
        super().__init__(parent)
        self._palette = palette
        self._tree: dict | None = None        # nodes, class names, depth, export_text: what is drawn
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.retranslate()

    def retranslate(self) -> None:
        self._draw()     # the boxes' words ("samples") are in the current language

    def show_tree(self, nodes: list[dict], class_names: list[str], depth: int, text: str) -> None:
        self._tree = {"nodes": nodes, "class_names": list(class_names), "depth": depth, "text": text}
        self._draw()
        self.fit_all()

    def clear_tree(self) -> None:
        self._tree = None
        self._draw()

    def note(self) -> str:
        """What the drawing leaves out, or ""."""
        if self._tree is None or self._tree["depth"] <= max(n["depth"] for n in self._tree["nodes"]):
            return ""
        drawn = max(n["depth"] for n in self._tree["nodes"])
        return self.tr("The tree is {0} levels deep; drawn to level {1} (… marks a split cut off).").format(
            i18n.number(self._tree["depth"]), i18n.number(drawn))

    def fit_all(self) -> None:
        self.resetTransform()
        rect = self.scene().itemsBoundingRect()
        if not rect.isEmpty():
            self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
            if self.transform().m11() > 1.0:    # a small tree at its natural size, not blown up
                self.resetTransform()

    def wheelEvent(self, event) -> None:
        notches = event.angleDelta().y() / 120
        factor = ZOOM_STEP ** notches
        scale = self.transform().m11() * factor
        if notches and ZOOM_RANGE[0] <= scale <= ZOOM_RANGE[1]:
            self.scale(factor, factor)
        event.accept()

    # ---- painting --------------------------------------------------------------------------------
    def _draw(self) -> None:
        scene = self.scene()
        scene.clear()
        tree = self._tree
        self.setToolTip(tree["text"] if tree else "")
        if tree is None:
            return
        by_index = {node["index"]: node for node in tree["nodes"]}
        for node in tree["nodes"]:
            parent = by_index.get(node["parent"])
            if parent is not None:
                scene.addLine(_bottom(parent).x(), _bottom(parent).y(), _top(node).x(), _top(node).y(),
                              QPen(QColor(100, 116, 139), 1.5))
        for node in tree["nodes"]:
            self._draw_node(node, tree["class_names"])
        scene.setSceneRect(scene.itemsBoundingRect().adjusted(-20, -20, 20, 20))

    def _draw_node(self, node: dict, class_names: list[str]) -> None:
        text = self.scene().addSimpleText(self._node_text(node, class_names), QFont("sans", 8))
        text.setZValue(1)
        bounds = text.boundingRect()
        width = max(BOX_WIDTH, bounds.width() + 12)      # a long feature name widens its box
        box = QRectF(_centre_x(node) - width / 2, node["depth"] * ROW_STEP, width, BOX_HEIGHT)
        text.setPos(box.center().x() - bounds.width() / 2, box.center().y() - bounds.height() / 2)
        leaf = not node["split"]
        red, green, blue, _ = self._palette(node["majority"])
        fill = QColor(red, green, blue, 70) if leaf else QColor(248, 250, 252)
        self.scene().addRect(box, QPen(QColor(red, green, blue) if leaf else QColor(100, 116, 139), 1.2),
                             QBrush(fill))

    def _node_text(self, node: dict, class_names: list[str]) -> str:
        counts = "[" + ", ".join(i18n.number(c) for c in node["counts"]) + "]"
        lines = [node["split"] + (" …" if node["cut"] else "")] if node["split"] else []
        lines.append(self.tr("samples {0}").format(i18n.number(node["samples"])))
        lines.append(f"{str(class_names[node['majority']])[:18]} {counts}")
        return "\n".join(lines)


def _centre_x(node: dict) -> float:
    return node["order"] * COLUMN_STEP


def _top(node: dict) -> QPointF:
    return QPointF(_centre_x(node), node["depth"] * ROW_STEP)


def _bottom(node: dict) -> QPointF:
    return QPointF(_centre_x(node), node["depth"] * ROW_STEP + BOX_HEIGHT)
