"""Loading an analyze output folder into a QGIS project as one styled layer group.

Each shortlist's GeoJSON gets the QGIS style tenglong wrote beside it (`<name>.qml`); parcels.gpkg
carries its style inside (the GeoPackage's `layer_styles` table, the 亩均 classes). Layers are
stacked points first, areas last, parcels at the bottom.
"""
import os

from qgis.core import QgsProject, QgsVectorLayer

from .runner import t

# (file, stem of its style, zh title, en title), from the top of the group down.
RESULT_LAYERS = [
    ("issues.geojson", "issues", "数据问题", "Data issues"),
    ("scattered.geojson", "scattered", "零星地块", "Scattered plots"),
    ("control_line.geojson", "control_line", "工业用地控制线外", "Outside the control lines"),
    ("idle.geojson", "idle", "闲置土地", "Idle land"),
    ("unsupplied.geojson", "unsupplied", "批而未供", "Approved, not supplied"),
    ("inefficient.geojson", "inefficient", "低效用地", "Inefficient land"),
    ("parcels.gpkg", "parcels", "全部宗地(亩均分类)", "All parcels (per-mu classes)"),
]


def group_name(out_dir):
    return t("腾笼 结果 ", "tenglong results ") + os.path.basename(os.path.normpath(out_dir))


def load_results(out_dir, project=None, name=None, feedback=None):
    """Adds the results in `out_dir` to `project` (default: the current one) as a layer group.

    Returns (group, [(layer, style_source)]) where style_source is the .qml file applied, or
    "layer_styles" for the GeoPackage's own style. A group of the same name is replaced.
    """
    project = project or QgsProject.instance()
    name = name or group_name(out_dir)
    root = project.layerTreeRoot()
    old = root.findGroup(name)
    if old is not None:
        for node in old.findLayers():
            project.removeMapLayer(node.layerId())
        root.removeChildNode(old)
    group = root.insertGroup(0, name)
    loaded = []
    for filename, stem, zh, en in RESULT_LAYERS:
        path = os.path.join(out_dir, filename)
        if not os.path.isfile(path):
            continue
        source = path + "|layername=parcels" if filename.endswith(".gpkg") else path
        layer = QgsVectorLayer(source, t(zh, en), "ogr")
        if not layer.isValid():
            if feedback:
                feedback.pushWarning(t("无法打开 ", "cannot open ") + path)
            continue
        qml = os.path.join(out_dir, stem + ".qml")
        if os.path.isfile(qml):
            _msg, ok = layer.loadNamedStyle(qml)
            style = qml if ok else None
        else:
            # The GeoPackage's layer_styles table (QGIS reads it as the layer's default style).
            _msg, ok = layer.loadDefaultStyle()
            style = "layer_styles" if ok else None
        if style is None and feedback:
            feedback.pushWarning(t("样式未能载入：", "style not loaded: ") + path)
        layer.triggerRepaint()
        project.addMapLayer(layer, False)
        group.addLayer(layer)
        loaded.append((layer, style))
    return group, loaded
