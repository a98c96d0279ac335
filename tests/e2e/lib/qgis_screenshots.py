"""Screenshots of the QGIS plugin for the README, under a virtual X server (xvfb-run).

    xvfb-run -a python3 qgis_screenshots.py PLUGINS_DIR OUT_DIR DIALOG.png RESULTS.png

DIALOG.png: the 分析 analyze algorithm's Processing dialog; RESULTS.png: the layer group the
plugin loads from OUT_DIR (an analyze output folder) beside the map it draws. Exits 1 with a
FAIL line when a picture is empty.
"""
import os
import sys
import time

from qgis.core import QgsApplication, QgsProject
from qgis.PyQt.QtCore import QSize, Qt
from qgis.PyQt.QtGui import QFont
from qgis.PyQt.QtWidgets import QSplitter

_KEEP = []


def fail(msg):
    print("FAIL: " + msg)
    sys.stdout.flush()
    os._exit(1)


def pump(app, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def save(widget, path, app):
    pump(app, 0.5)
    img = widget.grab().toImage()
    if img.isNull() or img.width() < 200:
        fail(path + ": empty picture")
    # Small PNGs for the repository: 8-bit indexed colours.
    img = img.convertToFormat(img.Format_Indexed8, Qt.ThresholdDither | Qt.AutoColor)
    if not img.save(path, "PNG"):
        fail("cannot write " + path)
    print("OK {} {}x{} {} bytes".format(path, img.width(), img.height(), os.path.getsize(path)))


def main(plugins_dir, out_dir, dialog_png, results_png):
    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], True)
    app.initQgis()
    app.setFont(QFont("WenQuanYi Micro Hei", 9))
    sys.path.insert(0, "/usr/share/qgis/python/plugins")
    sys.path.insert(0, plugins_dir)
    from processing.core.Processing import Processing
    Processing.initialize()
    from tenglong.provider import TenglongProvider
    provider = TenglongProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    _KEEP.extend([app, provider])

    from processing.gui.AlgorithmDialog import AlgorithmDialog
    alg = QgsApplication.processingRegistry().createAlgorithmById("tenglong:analyze")
    if alg is None:
        fail("tenglong:analyze not found")
    dlg = AlgorithmDialog(alg)
    dlg.resize(QSize(760, 640))
    dlg.show()
    save(dlg, dialog_png, app)
    dlg.close()

    from qgis.gui import QgsLayerTreeMapCanvasBridge, QgsLayerTreeView, QgsMapCanvas
    from qgis.core import QgsLayerTreeModel
    from tenglong.results import load_results
    project = QgsProject.instance()
    group, loaded = load_results(out_dir, project)
    if not loaded:
        fail("no layers loaded")
    # The data-issue points hide the categories at this scale: listed in the group, not drawn.
    for layer, _style in loaded:
        if layer.source().endswith("issues.geojson"):
            group.findLayer(layer.id()).setItemVisibilityChecked(False)
    split = QSplitter()
    model = QgsLayerTreeModel(project.layerTreeRoot())
    view = QgsLayerTreeView()
    view.setModel(model)
    view.expandAll()
    canvas = QgsMapCanvas()
    canvas.setCanvasColor(Qt.white)
    canvas.setDestinationCrs(loaded[-1][0].crs())
    bridge = QgsLayerTreeMapCanvasBridge(project.layerTreeRoot(), canvas)
    _KEEP.extend([model, view, canvas, bridge, split])
    split.addWidget(view)
    split.addWidget(canvas)
    split.setSizes([260, 640])
    split.resize(QSize(900, 560))
    split.show()
    canvas.setExtent(loaded[-1][0].extent())
    canvas.refresh()
    pump(app, 1.0)
    canvas.waitWhileRendering()
    save(split, results_png, app)
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        fail("usage: qgis_screenshots.py PLUGINS_DIR OUT_DIR DIALOG.png RESULTS.png")
    main(*sys.argv[1:])
