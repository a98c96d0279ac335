"""The plugin object QGIS loads: it registers the Processing provider (also under qgis_process)."""
from qgis.core import QgsApplication

from .provider import TenglongProvider


class TenglongPlugin:
    def __init__(self, iface):
        self.iface = iface
        self.provider = None

    def initProcessing(self):  # noqa: N802 (QGIS calls it, also headless in qgis_process)
        self.provider = TenglongProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802
        self.initProcessing()

    def unload(self):
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
