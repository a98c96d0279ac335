"""腾笼 tenglong: a QGIS Processing provider that runs the tenglong command-line tool."""


def classFactory(iface):  # noqa: N802 (QGIS's name)
    from .plugin import TenglongPlugin
    return TenglongPlugin(iface)
