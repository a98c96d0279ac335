#!/usr/bin/env bash
# Issue 16, "every key live": for every numeric key each built-in profile defines (its own file's
# keys; national's are all of them), a child profile changes that one key drastically (a floor
# ×1000, a cap ÷1000, a list ×10; the 亩均 class quotas in pairs so they still sum to 1), and
# analyze, check-merge, check-split and neighbors run on a delivery that has what every rule needs
# (tests/e2e/lib/keys_delivery.sh). The key must change at least one decision: a CSV row, a
# verdict or count in summary.json (thresholds and clauses echoed there do not count), a
# check-merge condition, a neighbour pair. Keys `profile show` marks display-only (targets,
# metadata, thresholds whose rule is not built yet) are listed, not mutated. The test prints
# every key with what it changed, and fails on any key that changed nothing.
set -euo pipefail
: "${TENGLONG:?}" "${TL_SOURCE_DIR:?}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
bash "$TL_SOURCE_DIR/tests/e2e/lib/keys_delivery.sh" "$tmp/data"
# check-split's plan (R13, [split]): cut through a building, a 0.5 m strip left out.
mkdir -p "$tmp/split" && python3 "$TL_SOURCE_DIR/tests/e2e/lib/split_plan.py" "$TL_SOURCE_DIR/shapefiles/demo" "$tmp/split" > /dev/null
python3 - "$TENGLONG" "$tmp" <<'PY'
import concurrent.futures, csv, hashlib, json, os, pathlib, re, subprocess, sys
tl, tmp = sys.argv[1], pathlib.Path(sys.argv[2])
data = tmp / "data"
AS_OF = "2023-12-31"
# A host and a scrap beside it (the demo's 零星地块 pair), and the host alone, with a planned floor
# area under both of (五)'s uplift tests, which pass with either one.
HOST, SCRAP, PLANNED = "330188002008GB00001", "330188002008GB00004", "500"
# (十一) reward by class: a class A or B firm under 临海 (from one analyze run of the delivery), with
# buildings, and a planned area that lifts its FAR by more than 20 % while the reward stays under
# the 100万 cap.
def reward_host():
    out = tmp / "reward-host"
    subprocess.run([tl, "analyze", str(data), "--profile", "linhai", "--as-of", AS_OF, "--formats", "csv", "--out", str(out),
                    "--overwrite", "-q", "--progress", "none"], check=True, capture_output=True)
    for r in csv.DictReader(open(out / "parcels.csv", encoding="utf-8-sig")):
        fa = float(r["计容建筑面积(平方米)"] or 0)
        if r["亩均评价类别"] in ("A", "B") and r["容积率为下限值"] != "是" and 2000 < fa < 8000:
            return r["宗地代码"], str(round(fa * 0.6))
    raise SystemExit("no class A/B host for the reward in the keys delivery")
HOST_A, PLANNED_A = reward_host()

def run(profile, tag):
    out = tmp / f"out-{tag}"
    digest = {}
    r = subprocess.run([tl, "analyze", str(data), "--profile", profile, "--as-of", AS_OF, "--formats", "csv", "--out", str(out),
                        "--overwrite", "-q", "--progress", "none", "--threads", "1"], capture_output=True, text=True)
    if r.returncode == 2 and "mutation" in tag:
        # A profile key that makes the run refuse the data (the 亩均 unit check) changed a decision.
        return {"refused": r.stderr.strip().splitlines()[-1][:120]}, ""
    if r.returncode != 0: return None, r.stderr.strip()[-300:]
    for f in sorted(out.glob("*.csv")):
        digest[f.name] = hashlib.sha256(f.read_bytes()).hexdigest()
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    def flat(v, pre):
        if isinstance(v, dict):
            for k, w in v.items():
                # echoes of the profile, not decisions
                if k in ("profile", "threshold", "clause", "targets", "cite", "quote", "thresholds"): continue
                flat(w, f"{pre}.{k}")
        elif isinstance(v, list):
            for i, w in enumerate(v): flat(w, f"{pre}[{i}]")
        else: digest["summary" + pre] = json.dumps(v, ensure_ascii=False)
    flat(summary, "")
    r = subprocess.run([tl, "check-merge", str(data), "--profile", profile, "--as-of", AS_OF, "--host", HOST, "--with", SCRAP,
                        "--planned-floor-area", PLANNED, "--json", "-q", "--threads", "1"], capture_output=True, text=True)
    try:
        cm = json.loads(r.stdout)
        digest["check-merge"] = json.dumps([cm.get("result"), cm.get("reward")] + [(c["id"], c["outcome"]) for c in cm.get("conditions", [])],
                                           ensure_ascii=False)
    except ValueError:
        return None, "check-merge: " + (r.stderr.strip() or r.stdout.strip())[-300:]
    # 零增地技改 on the host alone: FAR +18 % and 15 % of the floor area, both under 20 %.
    # ... with a 5-storey building (the (十一) storey reward), and with a large planned area (the class reward).
    for label, host, extra in (("host alone", HOST, ["--planned-floor-area", PLANNED, "--storeys", "5"]),
                               ("class reward", HOST_A, ["--planned-floor-area", PLANNED_A])):
        r = subprocess.run([tl, "check-merge", str(data), "--profile", profile, "--as-of", AS_OF, "--host", host, *extra,
                            "--json", "-q", "--threads", "1"], capture_output=True, text=True)
        try:
            cm = json.loads(r.stdout)
            digest[f"check-merge ({label})"] = json.dumps([cm.get("result"), cm.get("reward")] +
                                                       [(c["id"], c["outcome"]) for c in cm.get("conditions", [])], ensure_ascii=False)
        except ValueError:
            return None, "check-merge: " + (r.stderr.strip() or r.stdout.strip())[-300:]
    # check-split (R13): a profile without a [split] clause is refused (exit 2), which is its decision too.
    split = json.loads((tmp / "split" / "expect.json").read_text())
    r = subprocess.run([tl, "check-split", str(data), "--profile", profile, "--as-of", AS_OF, "--parcel", split["parcel"],
                        "--plan", str(tmp / "split" / "keys.geojson"), "--json", "-q", "--threads", "1"], capture_output=True, text=True)
    if r.returncode == 2 and "[split]" in r.stderr:
        digest["check-split"] = "no [split] clause"
    else:
        try:
            cs = json.loads(r.stdout)
            digest["check-split"] = json.dumps([cs.get("result")] + [(c["id"], c["outcome"]) for c in cs.get("conditions", [])])
        except ValueError:
            return None, "check-split: " + (r.stderr.strip() or r.stdout.strip())[-300:]
    nb = tmp / f"nb-{tag}.csv"
    r = subprocess.run([tl, "neighbors", str(data), "--profile", profile, "--out", str(nb), "--overwrite", "-q", "--threads", "1"],
                       capture_output=True, text=True)
    if r.returncode != 0: return None, "neighbors: " + r.stderr.strip()[-300:]
    digest["neighbors.csv"] = hashlib.sha256(nb.read_bytes()).hexdigest()
    return digest, ""

def show(profile):
    s = subprocess.run([tl, "profile", "show", profile], capture_output=True, text=True, check=True).stdout
    keys, cur = [], None
    for line in s.splitlines():
        m = re.match(r"^(\S+) = (.*)$", line)
        if m:
            cur = {"key": m.group(1), "value": m.group(2), "display": False, "file": ""}
            keys.append(cur)
        elif cur and line.strip().startswith("仅显示"): cur["display"] = True
        elif cur and line.strip().startswith("from:"): cur["file"] = line.split("from:")[1].strip().rsplit(":", 1)[0]
    meta = {"jurisdiction": re.search(r"^jurisdiction (.*?)(?: \(|,|$)", s, re.M).group(1).strip(),
            "effective": re.search(r"^effective (\S+)", s, re.M).group(1)}
    return keys, meta

QUOTAS = ["mujun.quota_a", "mujun.quota_b", "mujun.quota_c", "mujun.quota_d"]
def mutations(k, all_keys):
    """(key, value) pairs of one drastic change, or None when the key is not a number."""
    if re.match(r"^\d{4}-\d\d-\d\d$", k["value"]): return None      # a date
    lm = re.match(r"^\[([0-9., -]+)\]", k["value"])
    if lm:
        vals = [float(x) for x in lm.group(1).split(",")]
        return [(k["key"], [v * 10 for v in vals])]
    m = re.match(r"^(-?[0-9][0-9.e+-]*)(?:\s|$)", k["value"])
    if not m: return None
    v = float(m.group(1))
    cap = "fails if measured >" in k["value"] or "fails if measured ≥" in k["value"]
    if k["key"] in QUOTAS:
        # move 0.3 of the class share to or from class C (or B when the key is C): still sums to 1
        other = "mujun.quota_b" if k["key"] == "mujun.quota_c" else "mujun.quota_c"
        ov = float(re.match(r"^(-?[0-9.]+)", next(x for x in all_keys if x["key"] == other)["value"]).group(1))
        d = 0.3 if ov >= 0.3 else -min(0.3, v)
        return [(k["key"], v + d), (other, ov - d)]
    new = v / 1000 if cap else (v * 1000 if v != 0 else 1000.0)
    return [(k["key"], new)]

def child(base, meta, changes, all_keys):
    lines = ['[profile]', 'id = "mutation"', f'extends = "{base}"', 'name = "mutation"',
             f'jurisdiction = "{meta["jurisdiction"]}"', f'effective_from = {meta["effective"]}', '']
    sections = {}
    for key, val in changes: sections.setdefault(key.rsplit(".", 1)[0], []).append((key, val))
    for sec, items in sections.items():
        lines.append(f"[{sec}]")
        for key, val in items:
            lines.append(entry(key, val, all_keys))
        lines.append("")
    return "\n".join(lines)

def entry(key, val, all_keys):
    if True:
        leaf = key.rsplit(".", 1)[1]
        k = next(x for x in all_keys if x["key"] == key)
        fm = re.search(r"fails if measured (\S+)", k["value"])
        fail = {"<": "lt", "≤": "le", ">": "gt", "≥": "ge"}.get(fm.group(1)) if fm else None
        if isinstance(val, list): body = f'{{ values = {val}, cite = "mutation" }}'
        else: body = f'{{ value = {val!r}, cite = "mutation"' + (f', fail_if = "{fail}"' if fail else "") + " }"
        return f'"{leaf}" = {body}'

profiles = ["national", "xiangshan", "linhai", "linping", "yinzhou", "zhoushan"]
jobs, display, dead, errors, report = [], [], [], [], []
retry = {}
base_digest = {}
for p in profiles:
    d, err = run(p, f"base-{p}")
    assert d, f"base run {p}: {err}"
    base_digest[p] = d
    keys, meta = show(p)
    for k in keys:
        if not k["file"].endswith(f"/{p}.toml"): continue        # inherited: mutated under its own profile
        if k["display"]: display.append(f"{p} {k['key']}"); continue
        ch = mutations(k, keys)
        if ch is None: continue                                  # text, list of words, flag, date
        jobs.append((p, k["key"], ch, child(p, meta, ch, keys)))
        # The other way too, tried only when the first changed nothing: a test joined by «或»
        # (check-merge (五): FAR uplift OR floor-area share) moves only towards a pass.
        if k["key"] not in QUOTAS and not isinstance(ch[0][1], list):
            v0 = float(re.match(r"^(-?[0-9][0-9.e+-]*)", k["value"]).group(1))
            back = [(k["key"], v0 * 1000 if ch[0][1] < v0 else v0 / 1000)]
            retry[(p, k["key"])] = (back, child(p, meta, back, keys))

def work(job):
    i, (p, key, ch, text) = job
    f = tmp / f"mut-{i}.toml"
    f.write_text(text, encoding="utf-8")
    d, err = run(str(f), f"mutation{i % 2}-{i}")
    return p, key, ch, d, err

with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, min(2, os.cpu_count() or 1))) as pool:
    for p, key, ch, d, err in pool.map(work, enumerate(jobs)):
        if d is None:
            errors.append(f"{p} {key}: {err}"); continue
        b = base_digest[p]
        changed = sorted(n for n in set(b) | set(d) if b.get(n) != d.get(n))
        files = [n for n in changed if not n.startswith("summary.")]
        summ = [n for n in changed if n.startswith("summary.")]
        what = ", ".join(files[:4] + ([f"summary.json ({len(summ)})"] if summ else []))
        report.append(f"{p:10} {key:45} {str([v for _, v in ch])[:24]:24} -> {what or 'NOTHING'}")
        if not changed and (p, key) in retry:
            back, text = retry[(p, key)]
            f = tmp / "retry.toml"
            f.write_text(text, encoding="utf-8")
            d2, err = run(str(f), "mutation-retry")
            if d2 is None: errors.append(f"{p} {key} (other way): {err}"); continue
            changed = sorted(n for n in set(b) | set(d2) if b.get(n) != d2.get(n))
            what = ", ".join([n for n in changed if not n.startswith("summary.")][:4])
            report[-1] = f"{p:10} {key:45} {str([v for _, v in back])[:24]:24} -> {what or ('summary.json' if changed else 'NOTHING')} (other way)"
        if not changed: dead.append(f"{p} {key}")
print("\n".join(report))
print(f"\n{len(jobs)} keys mutated; display-only (not mutated): {len(display)}")
for x in display: print("  display", x)
assert not errors, "runs failed:\n" + "\n".join(errors)
assert not dead, "keys that change nothing (a rule should read them, or they are display-only):\n" + "\n".join(dead)
print("every mutated key changed a decision")
PY
