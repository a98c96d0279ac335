"""The tenglong commands as Processing algorithms, with the command line's parameters.

分析 analyze, 检查数据 inspect, 相邻宗地 neighbors, 零星地块申请核验 check-merge, 比较两期 diff, and
初始化项目 init when the installed tenglong has that command. Each runs the tenglong binary
(runner.py) and reports its progress; analyze and diff load their results into the project.
"""
import os

from qgis.core import (
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputBoolean,
    QgsProcessingOutputFile,
    QgsProcessingOutputFolder,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from .runner import profile_names, run_tenglong, t

LANGS = ["zh", "en"]
PROFILE_FROM_PROJECT = "project"


def overwrite_args(out):
    """--overwrite for an empty folder or earlier tenglong results; anything else is refused.

    tenglong replaces the whole output folder: a folder holding other files (a planner's
    documents) must never be given to it with --overwrite.
    """
    if not os.path.isdir(out):
        return []
    entries = [e for e in os.listdir(out) if not e.startswith(".")]
    if not entries:
        return ["--overwrite"]
    if "summary.json" in entries or "diff.csv" in entries:
        return ["--overwrite"]
    raise QgsProcessingException(t(
        "输出文件夹 {} 中已有其他文件：请选择一个空文件夹，或上次 tenglong 的结果文件夹(将被替换)",
        "the output folder {} holds other files: choose an empty folder or an earlier tenglong results folder "
        "(it is replaced)").format(out))


def _gui():
    try:
        from qgis.utils import iface
        return iface is not None
    except ImportError:
        return False


class TenglongAlgorithm(QgsProcessingAlgorithm):
    """Shared parameters (the data folder or project file, the language) and helpers."""

    _name = ""
    _zh = ""
    _en = ""
    _help_zh = ""
    _help_en = ""

    def createInstance(self):  # noqa: N802
        return type(self)()

    def name(self):
        return self._name

    def displayName(self):  # noqa: N802
        return self._zh + " " + self._name.replace("_", "-")   # the command's name: check-merge

    def group(self):
        return t("腾笼 tenglong", "tenglong")

    def groupId(self):  # noqa: N802
        return "tenglong"

    def shortHelpString(self):  # noqa: N802
        return t(self._help_zh, self._help_en)

    # -- parameters shared by the commands ---------------------------------------------------
    def add_input(self, folder=True):
        if folder:
            self.addParameter(QgsProcessingParameterFile(
                "DATA", t("数据文件夹(各图层所在文件夹)", "Data folder (the county's layers)"),
                behavior=QgsProcessingParameterFile.Folder, optional=True))
        self.addParameter(QgsProcessingParameterFile(
            "PROJECT", t("或项目文件 (.toml)", "or project file (.toml)"),
            behavior=QgsProcessingParameterFile.File, extension="toml", optional=True))

    def input_path(self, parameters, context, folder=True):
        data = self.parameterAsFile(parameters, "DATA", context) if folder else ""
        project = self.parameterAsFile(parameters, "PROJECT", context)
        if data and project:
            raise QgsProcessingException(t("数据文件夹和项目文件只能填一个", "give the data folder or the project file, not both"))
        path = project or data
        if not path:
            raise QgsProcessingException(t("请选择数据文件夹或项目文件", "choose a data folder or a project file"))
        if not os.path.exists(path):
            raise QgsProcessingException(t("不存在：", "does not exist: ") + path)
        return path

    def add_profile(self):
        names = [PROFILE_FROM_PROJECT] + profile_names()
        p = QgsProcessingParameterEnum(
            "PROFILE", t("政策规则(profile；project = 用项目文件中的设置，否则 national)",
                         "Policy profile (project = the project file's, else national)"),
            options=names, defaultValue=PROFILE_FROM_PROJECT, usesStaticStrings=True, optional=True)
        self.addParameter(p)
        self.addParameter(QgsProcessingParameterFile(
            "PROFILE_FILE", t("或自定义规则文件 (.toml)", "or a profile file (.toml)"),
            behavior=QgsProcessingParameterFile.File, extension="toml", optional=True))

    def profile_args(self, parameters, context):
        path = self.parameterAsFile(parameters, "PROFILE_FILE", context)
        if path:
            return ["--profile", path]
        name = self.parameterAsEnumString(parameters, "PROFILE", context)
        return ["--profile", name] if name and name != PROFILE_FROM_PROJECT else []

    def add_lang(self):
        self.addParameter(QgsProcessingParameterEnum(
            "LANG", t("结果语言(表头、报告)", "Language of headers and report"),
            options=LANGS, defaultValue="zh", usesStaticStrings=True))

    def lang_args(self, parameters, context):
        lang = self.parameterAsEnumString(parameters, "LANG", context) or "zh"
        return ["--lang", lang]


class AnalyzeAlgorithm(TenglongAlgorithm):
    _name = "analyze"
    _zh = "分析"
    _en = "Analyze"
    _help_zh = ("分析一个县的图层：批而未供、闲置、低效、零星地块、工业用地控制线。结果(清单、地图、报告)写入输出文件夹，"
                "成功后一次性替换；取消或失败时保留上次的结果。完成后载入带样式的图层组。")
    _help_en = ("Analyse a county: unsupplied, idle and inefficient land, scattered plots, control lines. The results "
                "(shortlists, map, report) replace the output folder only when the run succeeds; a cancelled or failed "
                "run leaves the previous results. The results are then loaded as a styled layer group.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_input()
        self.add_profile()
        self.addParameter(QgsProcessingParameterString(
            "AS_OF", t("分析基准日 (YYYY-MM-DD；留空则用项目文件中的 as_of，否则今天)",
                       "As-of date (YYYY-MM-DD; empty: the project's as_of, else today)"), optional=True))
        self.addParameter(QgsProcessingParameterFolderDestination("OUTPUT", t("输出文件夹", "Output folder")))
        self.add_lang()
        self.addParameter(QgsProcessingParameterBoolean(
            "GDB", t("同时输出 results.gdb (ArcGIS 文件地理数据库)", "Also write results.gdb (File Geodatabase for ArcGIS)"),
            defaultValue=False))
        self.addParameter(QgsProcessingParameterBoolean(
            "LOAD", t("载入结果图层组", "Load the results as a layer group"), defaultValue=True))
        self.addParameter(QgsProcessingParameterBoolean(
            "OPEN_REPORT", t("在浏览器中打开报告", "Open the report in the browser"), defaultValue=True))
        self.addOutput(QgsProcessingOutputFile("REPORT", t("报告 report.html", "Report report.html")))
        self.addOutput(QgsProcessingOutputFile("SUMMARY", t("汇总 summary.json", "Summary summary.json")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        src = self.input_path(parameters, context)
        out = self.parameterAsString(parameters, "OUTPUT", context)
        if not out:
            raise QgsProcessingException(t("请选择输出文件夹", "choose an output folder"))
        out = os.path.abspath(out)
        args = ["analyze", src, "--out", out] + overwrite_args(out)
        args += self.profile_args(parameters, context)
        as_of = (self.parameterAsString(parameters, "AS_OF", context) or "").strip()
        if as_of:
            args += ["--as-of", as_of]
        args += self.lang_args(parameters, context)
        if self.parameterAsBoolean(parameters, "GDB", context):
            args += ["--formats", "csv,xlsx,geojson,gpkg,gdb"]
        _code, stdout = run_tenglong(args, feedback)
        for line in stdout.splitlines():
            feedback.pushInfo(line)
        self._out = out
        self._load = self.parameterAsBoolean(parameters, "LOAD", context)
        self._open = self.parameterAsBoolean(parameters, "OPEN_REPORT", context)
        return {"OUTPUT": out, "REPORT": os.path.join(out, "report.html"), "SUMMARY": os.path.join(out, "summary.json")}

    def postProcessAlgorithm(self, context, feedback):  # noqa: N802
        # On the main thread: the layer group, then the report in the browser (desktop QGIS only).
        out = getattr(self, "_out", None)
        if not out:
            return {}
        if self._load and context.project() is not None:
            from .results import load_results
            load_results(out, context.project(), feedback=feedback)
        if self._open and _gui():
            from qgis.PyQt.QtCore import QUrl
            from qgis.PyQt.QtGui import QDesktopServices
            QDesktopServices.openUrl(QUrl.fromLocalFile(os.path.join(out, "report.html")))
        return {}


class InspectAlgorithm(TenglongAlgorithm):
    _name = "inspect"
    _zh = "检查数据"
    _en = "Inspect"
    _help_zh = "读取了什么、哪里有问题：每个图层的来源、要素数、坐标系、编码、字段对应和发现的问题。新到一批数据时先运行它。"
    _help_en = ("What was read and what is wrong with it, layer by layer: source, counts, CRS, encoding, field mapping "
                "and the problems found. Run it first on a new delivery.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_input()
        self.add_lang()
        self.addParameter(QgsProcessingParameterBoolean("JSON", t("JSON 格式", "JSON format"), defaultValue=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            "OUTPUT", t("检查结果文件", "Inspection report file"), fileFilter="Text (*.txt);;JSON (*.json)", optional=True))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        args = ["inspect", self.input_path(parameters, context)] + self.lang_args(parameters, context)
        if self.parameterAsBoolean(parameters, "JSON", context):
            args.append("--json")
        _code, stdout = run_tenglong(args, feedback)
        for line in stdout.splitlines():
            feedback.pushInfo(line)
        out = self.parameterAsFileOutput(parameters, "OUTPUT", context)
        if out:
            with open(out, "w", encoding="utf-8") as f:
                f.write(stdout + "\n")
        return {"OUTPUT": out or ""}


class NeighborsAlgorithm(TenglongAlgorithm):
    _name = "neighbors"
    _zh = "相邻宗地"
    _en = "Neighbouring parcels"
    _help_zh = ("列出相接或几乎相接的每一对宗地：adjacent(共用界线不少于最短长度)、short_edge、point_touch(只在角点相接)、"
                "gap(缝隙不超过容差)，附共用界线长度；同名 .geojson 画出共用界线。")
    _help_en = ("Every pair of parcels that touch or nearly touch (adjacent, short_edge, point_touch, gap) with the "
                "shared boundary length; the .geojson of the same name draws the shared edges.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_input()
        self.addParameter(QgsProcessingParameterString("LAYER", t("图层", "Layer"), defaultValue="parcels"))
        self.addParameter(QgsProcessingParameterNumber(
            "SNAP", t("缝隙容差(米)", "Gap tolerance (m)"), type=QgsProcessingParameterNumber.Double,
            defaultValue=0.2, minValue=0))
        self.addParameter(QgsProcessingParameterNumber(
            "MIN_SHARED", t("相邻的最短共用界线(米)", "Shortest shared boundary for adjacent (m)"),
            type=QgsProcessingParameterNumber.Double, defaultValue=1.0, minValue=0))
        self.addParameter(QgsProcessingParameterBoolean(
            "ADJACENT_ONLY", t("只写相邻的宗地对", "Only adjacent pairs"), defaultValue=False))
        self.add_lang()
        self.addParameter(QgsProcessingParameterFileDestination(
            "OUTPUT", t("宗地对 CSV", "Pairs CSV"), fileFilter="CSV (*.csv)"))
        self.addOutput(QgsProcessingOutputFile("EDGES", t("共用界线 GeoJSON", "Shared edges GeoJSON")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        out = self.parameterAsFileOutput(parameters, "OUTPUT", context)
        args = ["neighbors", self.input_path(parameters, context), "--out", out, "--overwrite",
                "--layer", self.parameterAsString(parameters, "LAYER", context) or "parcels",
                "--snap", repr(self.parameterAsDouble(parameters, "SNAP", context)),
                "--min-shared", repr(self.parameterAsDouble(parameters, "MIN_SHARED", context))]
        if self.parameterAsBoolean(parameters, "ADJACENT_ONLY", context):
            args.append("--adjacent-only")
        args += self.lang_args(parameters, context)
        _code, stdout = run_tenglong(args, feedback)
        for line in stdout.splitlines():
            feedback.pushInfo(line)
        edges = os.path.splitext(out)[0] + ".geojson"
        if os.path.isfile(edges):
            context.addLayerToLoadOnCompletion(edges, context.LayerDetails(
                t("共用界线", "Shared edges"), context.project(), "EDGES"))
        return {"OUTPUT": out, "EDGES": edges}


class CheckMergeAlgorithm(TenglongAlgorithm):
    _name = "check_merge"
    _zh = "零星地块申请核验"
    _en = "Check a merge application"
    _help_zh = ("核验一件零增地技改/合并申请：(五) 零星地块合计不超过受让宗地的 20% 且不超过 10 亩、容积率提高；"
                "(七) 界线相邻、权利性质与类型相同、剩余年限。逐条给出数值、阈值和条款。")
    _help_en = ("Test one 零增地技改 / merge application: the (五) caps and FAR uplift, (七) 界线相邻, tenure and "
                "term; each condition with its numbers, threshold and clause.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_input()
        self.addParameter(QgsProcessingParameterString("HOST", t("受让企业宗地代码", "Host parcel id (宗地代码)")))
        self.addParameter(QgsProcessingParameterString(
            "WITH", t("并入的宗地代码(多个用逗号分隔)", "Parcel ids to take in (comma-separated)")))
        self.addParameter(QgsProcessingParameterNumber(
            "PLANNED_FLOOR_AREA", t("技改新增建筑面积(平方米)", "Planned new floor area (m²)"),
            type=QgsProcessingParameterNumber.Double, minValue=0, optional=True))
        self.add_lang()
        self.addParameter(QgsProcessingParameterFileDestination(
            "OUTPUT", t("核验结果 JSON", "Result JSON"), fileFilter="JSON (*.json)", optional=True))
        self.addOutput(QgsProcessingOutputBoolean("PASSES", t("通过", "Passes")))
        self.addOutput(QgsProcessingOutputString("RESULT", t("核验结果", "Result")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        host = (self.parameterAsString(parameters, "HOST", context) or "").strip()
        taken = [w.strip() for w in (self.parameterAsString(parameters, "WITH", context) or "").replace("，", ",").split(",")]
        taken = [w for w in taken if w]
        if not host or not taken:
            raise QgsProcessingException(t("请填写受让宗地和并入的宗地", "give the host parcel and the parcels to take in"))
        base = ["check-merge", self.input_path(parameters, context), "--host", host]
        for w in taken:
            base += ["--with", w]
        if parameters.get("PLANNED_FLOOR_AREA") not in (None, ""):
            base += ["--planned-floor-area", repr(self.parameterAsDouble(parameters, "PLANNED_FLOOR_AREA", context))]
        base += self.lang_args(parameters, context)
        # Exit 1 = the application fails (or cannot be decided): a result, not an error.
        code, stdout = run_tenglong(base, feedback, ok_codes=(0, 1))
        for line in stdout.splitlines():
            feedback.pushInfo(line)
        out = self.parameterAsFileOutput(parameters, "OUTPUT", context)
        if out:
            _c, js = run_tenglong(base + ["--json"], feedback, ok_codes=(0, 1))
            with open(out, "w", encoding="utf-8") as f:
                f.write(js + "\n")
        return {"PASSES": code == 0, "RESULT": stdout, "OUTPUT": out or ""}


class DiffAlgorithm(TenglongAlgorithm):
    _name = "diff"
    _zh = "比较两期"
    _en = "Compare two runs"
    _help_zh = "比较两次分析的输出文件夹：每份清单中新增、销号和变化的条目，写出 diff.csv 和 diff.geojson 并载入。"
    _help_en = "Compare two analyze output folders: what entered, left and changed in each shortlist (diff.csv, diff.geojson)."

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFile(
            "OLD", t("上期结果文件夹", "Earlier results folder"), behavior=QgsProcessingParameterFile.Folder))
        self.addParameter(QgsProcessingParameterFile(
            "NEW", t("本期结果文件夹", "Later results folder"), behavior=QgsProcessingParameterFile.Folder))
        self.add_lang()
        self.addParameter(QgsProcessingParameterFolderDestination("OUTPUT", t("输出文件夹", "Output folder")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        out = os.path.abspath(self.parameterAsString(parameters, "OUTPUT", context))
        args = ["diff", self.parameterAsFile(parameters, "OLD", context), self.parameterAsFile(parameters, "NEW", context),
                "--out", out] + overwrite_args(out) + self.lang_args(parameters, context)
        _code, stdout = run_tenglong(args, feedback, progress=False)
        for line in stdout.splitlines():
            feedback.pushInfo(line)
        g = os.path.join(out, "diff.geojson")
        if os.path.isfile(g):
            context.addLayerToLoadOnCompletion(g, context.LayerDetails(t("两期变化", "Changes"), context.project(), "OUTPUT"))
        return {"OUTPUT": out}


class InitAlgorithm(TenglongAlgorithm):
    _name = "init"
    _zh = "初始化项目"
    _en = "Initialise a project"
    _help_zh = "根据数据文件夹猜测图层和字段，写出带注释的项目文件 (.toml)，供核对后用于分析。"
    _help_en = "Guess the layers and fields of a data folder and write a commented project file (.toml) to review."

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFile(
            "DATA", t("数据文件夹", "Data folder"), behavior=QgsProcessingParameterFile.Folder))
        self.addParameter(QgsProcessingParameterFileDestination(
            "OUTPUT", t("项目文件", "Project file"), fileFilter="TOML (*.toml)"))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        out = self.parameterAsFileOutput(parameters, "OUTPUT", context)
        _code, stdout = run_tenglong(["init", self.parameterAsFile(parameters, "DATA", context), "--out", out], feedback,
                                     progress=False)
        for line in stdout.splitlines():
            feedback.pushInfo(line)
        return {"OUTPUT": out}


def all_algorithms(with_init=False):
    algs = [AnalyzeAlgorithm(), InspectAlgorithm(), NeighborsAlgorithm(), CheckMergeAlgorithm(), DiffAlgorithm()]
    if with_init:
        algs.insert(1, InitAlgorithm())
    return algs
