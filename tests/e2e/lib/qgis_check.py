"""PyQGIS checks of the tenglong plugin (tests/e2e/qgis_plugin.sh), headless.

    python3 qgis_check.py PLUGINS_DIR styles PROJECT.toml OUT_DIR
        runs tenglong:analyze on PROJECT.toml into OUT_DIR with LOAD=true, as the toolbox does
        (processing.run: prepare, process, then postProcessAlgorithm loads the group), and checks
        that every result layer is in the group it added to the project and that its renderer
        is the one its style file describes (the .qml beside the GeoJSON; for parcels.gpkg the
        style in its layer_styles table, which is styles/parcels.qml): renderer type, fill
        colour / classification and category colours, not QGIS's default.
    python3 qgis_check.py PLUGINS_DIR cancel INPUT OUT_DIR
        runs tenglong:analyze into OUT_DIR (which holds earlier results) and cancels it through
        the QgsProcessingFeedback once tenglong is writing (TENGLONG_TEST_PAUSE_AT=write holds it
        there); the run must end with QgsProcessingException within seconds. The caller compares
        OUT_DIR with its copy of the earlier results.
Prints OK lines; exits 1 with a FAIL line.
"""
import os
import re
import sys
import time
import xml.etree.ElementTree as ET

from qgis.core import QgsApplication, QgsProcessingException, QgsProcessingFeedback, QgsProject


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


_KEEP = []   # the application and the provider must outlive the checks (Python owns them)


def start(plugins_dir):
    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    sys.path.insert(0, "/usr/share/qgis/python/plugins")
    sys.path.insert(0, plugins_dir)
    from processing.core.Processing import Processing
    Processing.initialize()
    from tenglong.provider import TenglongProvider
    provider = TenglongProvider()
    if not QgsApplication.processingRegistry().addProvider(provider):
        fail("the provider could not be registered")
    _KEEP.extend([app, provider])
    return app, provider


def qml_renderer(path):
    """(type, attr, [fill colours of the symbols in order]) of a .qml file."""
    root = ET.parse(path).getroot()
    r = root.find("renderer-v2")
    if r is None:
        fail(path + ": no renderer-v2")
    colours = []
    for sym in r.iter("symbol"):
        layer = sym.find("layer")
        props = {p.get("k"): p.get("v") for p in layer.findall("prop")} if layer is not None else {}
        if not props and layer is not None:
            opt = layer.find("Option")
            props = {o.get("name"): o.get("value") for o in opt.findall("Option")} if opt is not None else {}
        colours.append(props.get("color"))
    return r.get("type"), r.get("attr"), colours


def rgba(c):
    return "{},{},{},{}".format(c.red(), c.green(), c.blue(), c.alpha())


def check_styles(plugins_dir, styles_dir, project_file, out_dir):
    start(plugins_dir)
    import processing
    from qgis.core import QgsProcessingContext
    from tenglong.results import RESULT_LAYERS, group_name
    project = QgsProject.instance()
    context = QgsProcessingContext()
    context.setProject(project)
    processing.run("tenglong:analyze", {"PROJECT": project_file, "OUTPUT": out_dir, "LOAD": True, "OPEN_REPORT": False},
                   context=context, feedback=QgsProcessingFeedback())
    group = project.layerTreeRoot().findGroup(group_name(out_dir))
    if group is None:
        fail("the run added no layer group {!r} to the project".format(group_name(out_dir)))
    expected = [f for f, *_ in RESULT_LAYERS if os.path.isfile(os.path.join(out_dir, f))]
    if len(expected) < 6:
        fail("only {} result files in {}".format(len(expected), out_dir))
    in_group = [n.layer() for n in group.findLayers()]
    if len(in_group) != len(expected):
        fail("{} layers in the group, {} result files".format(len(in_group), len(expected)))
    for layer, filename in zip(in_group, expected):
        stem = os.path.splitext(filename)[0]
        if os.path.basename(layer.source().split("|")[0]) != filename:
            fail("{}: the group's layer is {}".format(stem, layer.source()))
        if not layer.isValid() or layer.featureCount() <= 0:
            fail(stem + ": invalid or empty layer")
        # What the layer's style should be: the .qml beside it, or the one embedded in the GeoPackage.
        if filename.endswith(".geojson"):
            qml, style = os.path.join(out_dir, stem + ".qml"), stem + ".qml"
        else:
            qml, style = os.path.join(styles_dir, stem + ".qml"), "layer_styles"
        want_type, want_attr, want_colours = qml_renderer(qml)
        r = layer.renderer()
        if r.type() != want_type:
            fail("{}: renderer {} but its style says {}".format(stem, r.type(), want_type))
        if want_type == "singleSymbol":
            got = rgba(r.symbol().symbolLayer(0).color())
            if got != want_colours[0]:
                fail("{}: fill {} but its style says {}".format(stem, got, want_colours[0]))
        elif want_type == "categorizedSymbol":
            if r.classAttribute() != want_attr:
                fail("{}: classified by {} but its style says {}".format(stem, r.classAttribute(), want_attr))
            got = [rgba(c.symbol().symbolLayer(0).color()) for c in r.categories()]
            if got != [c for c in want_colours[:len(got)]] or len(got) < 2:
                fail("{}: category colours {} but its style says {}".format(stem, got, want_colours))
        print("OK style {}: {} from {}".format(stem, r.type(), style))
    print("OK group {!r}: {} layers".format(group.name(), len(in_group)))


class CancellingFeedback(QgsProcessingFeedback):
    """Cancels once tenglong says it is paused in its write stage; records the progress."""

    def __init__(self):
        super().__init__()
        self.progress = []
        self.cancelled_at = None
        self.progressChanged.connect(self.progress.append)

    def pushInfo(self, info):  # noqa: N802
        super().pushInfo(info)
        if "test pause at write" in info and self.cancelled_at is None:
            self.cancelled_at = time.monotonic()
            self.cancel()


def check_cancel(plugins_dir, data, out_dir):
    start(plugins_dir)
    import processing
    fb = CancellingFeedback()
    os.environ["TENGLONG_TEST_PAUSE_AT"] = "write"
    os.environ["TENGLONG_TEST_PAUSE_S"] = "60"
    t0 = time.monotonic()
    try:
        processing.run("tenglong:analyze", {"DATA": data, "AS_OF": "2023-12-31", "OUTPUT": out_dir,
                                            "LOAD": False, "OPEN_REPORT": False}, feedback=fb)
    except QgsProcessingException as e:
        msg = str(e)
    else:
        fail("the cancelled run did not raise")
    if fb.cancelled_at is None:
        fail("tenglong never reached its write stage (no pause line): " + msg)
    if time.monotonic() - fb.cancelled_at > 20:
        fail("the run took {:.1f} s to stop after cancel".format(time.monotonic() - fb.cancelled_at))
    if not re.search("取消|cancel", msg):
        fail("the exception does not say it was cancelled: " + msg)
    if not fb.progress or max(fb.progress) <= 0 or fb.progress != sorted(fb.progress):
        fail("progress bar not driven (or went backwards): {}".format(fb.progress))
    print("OK cancel: {} after {:.1f} s, progress reached {:.0f} %".format(msg, time.monotonic() - t0, max(fb.progress)))


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[2] == "styles":
        check_styles(sys.argv[1], os.environ.get("TL_STYLES_DIR", ""), sys.argv[3], sys.argv[4])
    elif len(sys.argv) == 5 and sys.argv[2] == "cancel":
        check_cancel(sys.argv[1], sys.argv[3], sys.argv[4])
    else:
        fail("usage: qgis_check.py PLUGINS_DIR styles OUT_DIR | cancel INPUT OUT_DIR")
    sys.stdout.flush()
    os._exit(0)   # QgsApplication's teardown under offscreen can hang; every check has passed
