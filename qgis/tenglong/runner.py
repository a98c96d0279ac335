"""Running the tenglong binary: finding it, its progress stream, cancelling.

tenglong is run as a child process with ``--progress json``: every stderr line that is a JSON
object with ``tenglong_progress`` moves QGIS's progress bar (``fraction`` 0..1) and shows the
stage's message in the user's language; every other stderr line (messages, warnings, errors) is
passed to the Processing log. Cancelling sends SIGTERM: tenglong then removes its temporary
output folder and exits, so the output folder keeps the previous results (as on the command line).
"""
import json
import os
import queue
import shutil
import signal
import subprocess
import threading

from qgis.core import QgsProcessingException, QgsSettings

SETTING_BINARY = "TENGLONG_BINARY"      # Processing → Options → Providers → 腾笼 tenglong
SETTING_LANG = "TENGLONG_UI_LANG"


def ui_lang():
    """zh or en: the provider setting, else QGIS's locale (Chinese for zh_*, English otherwise)."""
    env = os.environ.get("TENGLONG_QGIS_LANG", "")
    if env in ("zh", "en"):
        return env
    try:
        from processing.core.ProcessingConfig import ProcessingConfig
        value = ProcessingConfig.getSetting(SETTING_LANG)
        if value in ("zh", "en"):
            return value
    except Exception:  # processing not loaded (a bare PyQGIS script)
        pass
    locale = str(QgsSettings().value("locale/userLocale", "") or "")
    if not locale:
        locale = os.environ.get("LANG", "")
    return "en" if locale and not locale.lower().startswith("zh") else "zh"


def t(zh, en):
    """The UI string in the user's language."""
    return zh if ui_lang() == "zh" else en


def find_binary():
    """The tenglong binary: the provider setting, else $TENGLONG, else tenglong on PATH."""
    candidates = []
    try:
        from processing.core.ProcessingConfig import ProcessingConfig
        candidates.append(ProcessingConfig.getSetting(SETTING_BINARY))
    except Exception:
        pass
    candidates.append(os.environ.get("TENGLONG", ""))
    for c in candidates:
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            return c
    found = shutil.which("tenglong")
    if found:
        return found
    raise QgsProcessingException(t(
        "找不到 tenglong 程序：请把它加入 PATH，或在“处理 → 选项 → 服务提供者 → 腾笼 tenglong”中填写其路径",
        "tenglong was not found: put it on PATH or set its path in Processing → Options → Providers → tenglong"))


def run_quiet(args, timeout=60):
    """Runs tenglong without progress (profile list, --help); returns (exit code, stdout)."""
    try:
        p = subprocess.run([find_binary()] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=timeout, check=False)
    except (OSError, subprocess.SubprocessError, QgsProcessingException):
        return 127, ""
    return p.returncode, p.stdout.decode("utf-8", "replace")


def profile_names():
    """The built-in profiles from `tenglong profile list` (first column), in its order."""
    code, out = run_quiet(["profile", "list"])
    names = []
    if code != 0:
        return names
    for line in out.splitlines()[1:]:
        if line and not line[0].isspace():
            names.append(line.split()[0])
    return names


def has_command(name):
    """Whether this tenglong has the command (e.g. init, added later than the others)."""
    code, out = run_quiet(["--help"])
    if code != 0:
        return False
    return any(line.split()[:1] == [name] for line in out.splitlines() if line.startswith(" "))


def parse_progress(line):
    """The progress object of a `--progress json` line, or None for any other line."""
    line = line.strip()
    if not line.startswith("{"):
        return None
    try:
        obj = json.loads(line)
    except ValueError:
        return None
    return obj if isinstance(obj, dict) and "tenglong_progress" in obj else None


def _pump(stream, q, tag):
    for raw in iter(stream.readline, b""):
        q.put((tag, raw.decode("utf-8", "replace").rstrip("\r\n")))
    q.put((tag, None))


def run_tenglong(args, feedback, ok_codes=(0,), progress=True):
    """Runs `tenglong ARGS --progress json`, reporting to `feedback` (a QgsProcessingFeedback).

    `progress`: whether the command takes --progress (analyze, inspect, neighbors, check-merge).

    Returns (exit code, stdout text). Raises QgsProcessingException when the run was cancelled
    or exited with a code outside `ok_codes` (the message carries tenglong's error line).
    """
    binary = find_binary()
    cmd = [binary] + [str(a) for a in args] + (["--progress", "json"] if progress else [])
    feedback.pushCommandInfo(" ".join(cmd))
    env = dict(os.environ)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env)
    q = queue.Queue()
    threads = [threading.Thread(target=_pump, args=(proc.stdout, q, "out"), daemon=True),
               threading.Thread(target=_pump, args=(proc.stderr, q, "err"), daemon=True)]
    for th in threads:
        th.start()
    stdout_lines, errors = [], []
    open_streams = 2
    cancelled = False
    lang = ui_lang()
    while open_streams:
        if feedback.isCanceled() and not cancelled:
            cancelled = True
            feedback.pushInfo(t("正在取消 tenglong……", "cancelling tenglong..."))
            _stop(proc)
        try:
            tag, line = q.get(timeout=0.1)
        except queue.Empty:
            continue
        if line is None:
            open_streams -= 1
            continue
        if tag == "out":
            stdout_lines.append(line)
            continue
        prog = parse_progress(line)
        if prog is not None:
            try:
                feedback.setProgress(100.0 * float(prog.get("fraction", 0)))
            except (TypeError, ValueError):
                pass
            text = prog.get(lang) or prog.get("zh") or prog.get("stage", "")
            if text:
                feedback.setProgressText(text)
            continue
        if "error:" in line:
            errors.append(line)
            feedback.reportError(line)
        elif line.startswith("warning:"):
            feedback.pushWarning(line)
        else:
            feedback.pushInfo(line)
    code = proc.wait()
    for th in threads:
        th.join(timeout=1)
    proc.stdout.close()
    proc.stderr.close()
    if cancelled or feedback.isCanceled():
        raise QgsProcessingException(t("已取消：输出文件夹保留上次的结果", "cancelled: the output folder keeps the previous results"))
    if code not in ok_codes:
        detail = errors[-1] if errors else t("退出码 {}", "exit code {}").format(code)
        raise QgsProcessingException(t("tenglong 运行失败：", "tenglong failed: ") + detail)
    return code, "\n".join(stdout_lines)


def _stop(proc):
    """SIGTERM (tenglong cleans up its temporary folder), SIGKILL after 15 s."""
    if proc.poll() is not None:
        return
    try:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
    except OSError:
        pass
