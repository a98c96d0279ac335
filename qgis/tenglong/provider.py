"""The 腾笼 tenglong Processing provider: its algorithms and its settings."""
import os

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from . import algorithms
from .runner import SETTING_BINARY, SETTING_LANG, has_command, t


class TenglongProvider(QgsProcessingProvider):
    def id(self):
        return "tenglong"

    def name(self):
        return "腾笼 tenglong"

    def longName(self):  # noqa: N802
        return t("腾笼 tenglong：县域低效用地分析", "tenglong: county land analysis for 腾笼换鸟")

    def icon(self):
        path = os.path.join(os.path.dirname(__file__), "icon.svg")
        return QIcon(path) if os.path.isfile(path) else QgsProcessingProvider.icon(self)

    def load(self):
        # Processing → Options → Providers → 腾笼 tenglong: where the binary is, the UI language.
        try:
            from processing.core.ProcessingConfig import ProcessingConfig, Setting
            ProcessingConfig.settingIcons[self.name()] = self.icon()
            ProcessingConfig.addSetting(Setting(
                self.name(), SETTING_BINARY,
                t("tenglong 程序路径(留空则在 PATH 中查找)", "tenglong binary (empty: found on PATH)"),
                "", valuetype=Setting.FILE))
            ProcessingConfig.addSetting(Setting(
                self.name(), SETTING_LANG,
                t("界面语言 zh / en(留空则随 QGIS)", "UI language zh / en (empty: as QGIS)"), ""))
            ProcessingConfig.readSettings()
        except Exception:  # a bare PyQGIS script without the processing plugin: defaults apply
            pass
        self.refreshAlgorithms()
        return True

    def unload(self):
        try:
            from processing.core.ProcessingConfig import ProcessingConfig
            ProcessingConfig.removeSetting(SETTING_BINARY)
            ProcessingConfig.removeSetting(SETTING_LANG)
        except Exception:
            pass

    def loadAlgorithms(self):  # noqa: N802
        for alg in algorithms.all_algorithms(with_init=has_command("init")):
            self.addAlgorithm(alg)
