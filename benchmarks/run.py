#!/usr/bin/env python3
"""Forest's benchmark suite: Forest against R's metafor on the same data, in one run.

Generates every input deterministically (seeded), then times each workload: Forest as a whole
process (release build, JSON to /dev/null), metafor inside R around the same work
(`system.time`, so R's start-up and library loading are not charged to it; for one analysis
of 1,000 studies also metafor's whole process, timed as Forest's is). Each time is the
median of --repeat runs; memory is the peak resident set of the process (wait4's rusage).
Where both run, the pooled numbers are compared (relative difference below 1e-6).

usage: benchmarks/run.py [--forest .build/release/forest] [--repeat 3] [--quick] [--no-r]
                         [--output docs/performance.md]
`make benchmark` builds the release binary and runs this; the table goes to
docs/performance.md. Needs python3; Rscript with metafor for the metafor column (Debian:
apt-get install r-cran-metafor); without it the column says "not run".
"""
import argparse, json, math, os, platform, random, shutil, statistics, subprocess, sys, tempfile, time

SEED = 20261127


def binary_rows(k, seed):
    """k two-arm binary studies: (label, events1, n1, events2, n2), no zero cells, drawn from a
    random-effects model (log odds ratio 0.3, τ = 0.3) with binomial sampling (normal
    approximation)."""
    rng = random.Random(seed)
    rows = []

    def events(n, p):
        return min(n - 1, max(1, round(n * p + rng.gauss(0, 1) * (n * p * (1 - p)) ** 0.5)))

    for i in range(k):
        n1, n2 = rng.randint(20, 400), rng.randint(20, 400)
        p2 = rng.uniform(0.1, 0.4)
        odds1 = p2 / (1 - p2) * math.exp(rng.gauss(0.3, 0.3))
        rows.append((f"S{i + 1}", events(n1, odds1 / (1 + odds1)), n1, events(n2, p2), n2))
    return rows


def forest_studies(rows, outcome="Y"):
    return "".join(f'study "{s}" < {outcome}: {a}/{n1} vs {c}/{n2} >\n' for s, a, n1, c, n2 in rows)


def write_csv(path, rows):
    with open(path, "w") as f:
        f.write("study,ai,n1i,ci,n2i\n" + "".join(f"{s},{a},{n1},{c},{n2}\n" for s, a, n1, c, n2 in rows))


def measure(cmd, cwd=None, discard=False):
    """Wall seconds, peak RSS (MiB) and standard output of one process, measured by peak.py.
    The output goes to a temporary file, or with `discard` to /dev/null (b"" returned)."""
    peak = os.path.join(os.path.dirname(os.path.abspath(__file__)), "peak.py")
    # Earlier runs' reports (0.7 GB at k = 10⁶) are written back to disk first, not during this run.
    os.sync()
    with tempfile.NamedTemporaryFile() as out:
        target = os.devnull if discard else out.name
        done = subprocess.run([sys.executable, peak, target] + cmd, cwd=cwd, capture_output=True)
        if done.returncode != 0:
            sys.exit(f"failed: {' '.join(cmd)}\n{done.stderr.decode(errors='replace')[-2000:]}")
        elapsed, mib = (float(x) for x in done.stdout.split())
        return elapsed, mib, b"" if discard else open(out.name, "rb").read()


def median_run(cmd, repeat, cwd=None, to_file=False, output=True):
    """Median wall seconds and peak MiB of `repeat` runs with the output to /dev/null, as issue
    12 measures (with `to_file`, to a temporary file), and the output of one more run, untimed
    (b"" without `output`)."""
    runs = [measure(cmd, cwd, discard=not to_file) for _ in range(repeat)]
    out = runs[-1][2] if to_file else (measure(cmd, cwd)[2] if output else b"")
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs), out


def r_work(script, repeat, work):
    """Median seconds of the R work (timed inside R), peak MiB, what R printed, and the median
    seconds of the whole Rscript process (R's start, loading metafor, reading the data, the
    work), timed by peak.py as Forest's runs are."""
    path = os.path.join(work, f"bench{abs(hash(script))}.R")
    with open(path, "w") as f:
        f.write("suppressMessages(library(metafor))\n" + script)
    runs = [measure(["Rscript", path]) for _ in range(repeat)]
    outputs = [r[2].decode().split("\n") for r in runs]
    seconds = statistics.median(float(o[0]) for o in outputs)
    whole = statistics.median(r[0] for r in runs)
    return seconds, max(r[1] for r in runs), "\n".join(outputs[-1][1:]), whole


def agree(forest_values, r_values):
    if not r_values:
        return "—"
    worst = max(abs(f - r) / max(abs(r), 1e-300) for f, r in zip(forest_values, r_values))
    return "yes" if worst < 1e-6 and len(forest_values) == len(r_values) else f"NO ({worst:.1e})"


class Suite:
    def __init__(self, args):
        self.args = args
        self.forest = os.path.abspath(args.forest)
        self.work = tempfile.mkdtemp(prefix="forest-bench-")
        self.have_r = not args.no_r and shutil.which("Rscript") is not None and subprocess.run(
            ["Rscript", "-e", "library(metafor)"], capture_output=True).returncode == 0
        self.rows = []

    def path(self, name):
        return os.path.join(self.work, name)

    def forest_run(self, script_text, name, command="run", extra=(), to_file=False, output=True):
        path = self.path(name)
        with open(path, "w") as f:
            f.write(script_text)
        args = [self.forest] + command.split() + [path] + (["--format", "json"] if command == "run" else [])
        args += list(extra)
        return median_run(args, self.args.repeat, cwd=self.work, to_file=to_file, output=output), os.path.getsize(path)

    def add(self, work, forest, r=None, agreement="—", note=""):
        ft, fm = forest
        row = {"work": work, "forest_s": ft, "forest_mib": fm, "note": note, "agree": agreement}
        if r:
            row.update(r_s=r[0], r_mib=r[1], ratio=r[0] / ft)
        self.rows.append(row)
        r_text = f"{r[0]:9.3f} s {r[1]:7.0f} MiB {r[0] / ft:7.0f}×" if r else "   not run"
        print(f"{work:52} {ft:8.3f} s {fm:7.0f} MiB {r_text}  {agreement} {note}", flush=True)


def seed_example(suite):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    (t, m, _) = median_run([suite.forest, "run", os.path.join(root, "Examples/hcc-seed.forest")],
                           suite.args.repeat, cwd=suite.work, output=False)
    suite.add("seed example, end to end (text, 2 SVG figures)", (t, m), note="forest only: figures")


def many_analyses(suite, count, k=10):
    """`count` REML analyses of k studies each (metafor convention), one outcome each."""
    data = [binary_rows(k, SEED + j) for j in range(count)]
    lines = ["defaults measure OR method IV model random tau REML convention metafor\n"]
    for i in range(k):
        entries = ", ".join(f"O{j}: {d[i][1]}/{d[i][2]} vs {d[i][3]}/{d[i][4]}" for j, d in enumerate(data))
        lines.append(f'study "S{i + 1}" < {entries} >\n')
    lines += [f"pool O{j}\n" for j in range(count)]
    (t, m, out), _ = suite.forest_run("".join(lines), f"many{count}.forest")
    forest_est = [r["log_estimate"] for r in json.loads(out)["results"]]
    r = None
    agreement = "—"
    if suite.have_r:
        csv = suite.path(f"many{count}.csv")
        with open(csv, "w") as f:
            f.write("set,ai,n1i,ci,n2i\n")
            for j, d in enumerate(data):
                f.write("".join(f"{j},{a},{n1},{c},{n2}\n" for _, a, n1, c, n2 in d))
        rt, rm, rout, _ = r_work(
            f"dat <- read.csv('{csv}'); sets <- split(dat, dat$set)\n"
            "est <- numeric(length(sets))\n"
            "t <- system.time(for (j in seq_along(sets)) { d <- sets[[j]];"
            " est[j] <- coef(rma(ai=ai, n1i=n1i, ci=ci, n2i=n2i, data=d, measure='OR', method='REML')) })\n"
            "cat(t[['elapsed']], '\\n'); cat(sprintf('%.15g', est), sep='\\n')\n", suite.args.repeat, suite.work)
        r = (rt, rm)
        agreement = agree(forest_est, [float(x) for x in rout.split()])
    suite.add(f"{count:,} REML analyses × {k} studies", (t, m), r, agreement,
              note="metafor: rma() alone, the fit")
    if suite.have_r:
        # What Forest's report holds besides the fit: the Q-profile intervals of τ², I² and H²
        # (confint), the prediction interval (predict), the weights and each study's interval
        # (escalc's summary). One run of the R side: it takes minutes.
        results = json.loads(out)["results"]
        forest_ci = [v for res in results for v in (res["tau2_ci_lower"], res["tau2_ci_upper"], res["pi_lower"])]
        rt, rm, rout, _ = r_work(
            f"dat <- read.csv('{csv}'); sets <- split(dat, dat$set)\n"
            "out <- numeric(3 * length(sets))\n"
            "t <- system.time(for (j in seq_along(sets)) { d <- sets[[j]];"
            " r <- rma(ai=ai, n1i=n1i, ci=ci, n2i=n2i, data=d, measure='OR', method='REML');"
            " q <- confint(r); p <- predict(r, transf=exp); w <- weights(r);"
            " s <- summary(escalc(measure='OR', ai=ai, n1i=n1i, ci=ci, n2i=n2i, data=d));"
            " out[3 * j - 2:0] <- c(q$random['tau^2', 'ci.lb'], q$random['tau^2', 'ci.ub'], p$pi.lb) })\n"
            "cat(t[['elapsed']], '\\n'); cat(sprintf('%.15g', out), sep='\\n')\n", 1, suite.work)
        suite.add(f"{count:,} REML analyses × {k} studies, the same report", (t, m), (rt, rm),
                  agree(forest_ci, [float(x) for x in rout.split()]),
                  note="metafor: rma(), confint(), predict(), weights(), escalc() per analysis; one R run")


def one_analysis(suite, k, r_max, no_studies=False, to_file=False):
    """One DL and one REML analysis of k studies; with `no_studies`, JSON without the per-study
    rows (`--no-studies`: at k = 10⁶ they are 0.7 GB of the report); with `to_file`, the report
    timed as written to a file (writing 0.7 GB into this machine's page cache takes 1.5-2.5 s
    of system time of its own)."""
    rows = binary_rows(k, SEED + k)
    text = forest_studies(rows) + "".join(
        f"pool Y measure OR method IV model random tau {tau} convention metafor\n" for tau in ("DL", "REML"))
    compared = suite.have_r and k <= r_max and not to_file
    (t, m, out), size = suite.forest_run(
        text, f"one{k}.forest", extra=["--no-studies"] if no_studies else [], to_file=to_file, output=compared)
    results = json.loads(out)["results"] if compared else []
    forest_values = [v for r in results for v in (r["log_estimate"], r["tau2"])]
    r, agreement, note = against_metafor(
        suite, rows, k, r_max if compared else 0, forest_values, f"one{k}.csv",
        "t <- system.time({ a <- rma(ai=ai, n1i=n1i, ci=ci, n2i=n2i, data=dat, measure='OR', method='DL');"
        " b <- rma(ai=ai, n1i=n1i, ci=ci, n2i=n2i, data=dat, measure='OR', method='REML') })\n"
        "cat(t[['elapsed']], '\\n'); cat(sprintf('%.15g', c(coef(a), a$tau2, coef(b), b$tau2)), sep='\\n')\n")
    work = f"one analysis, k = {k:,} (DL + REML)" + (", JSON --no-studies" if no_studies else "")
    work += ", JSON written to a file" if to_file else ""
    suite.add(work, (t, m), r, agreement, note)
    if r:
        # Like for like: metafor's whole process, timed by the same harness as Forest's.
        suite.add(work + ", metafor's whole process", (t, m), (r[2], r[1]), agreement,
                  note="metafor: Rscript from start to end (R, library(metafor), the data, the two fits)")
    if results and not no_studies:
        # As for the 10,000 analyses: what Forest's report holds besides the fits — the
        # Q-profile intervals of τ², I² and H², the prediction interval, the weights and each
        # study's interval — made by metafor too, for both pools.
        forest_ci = [v for res in results for v in (res["tau2_ci_lower"], res["tau2_ci_upper"], res["pi_lower"])]
        r, agreement, _ = against_metafor(
            suite, rows, k, r_max, forest_ci, f"one{k}.csv",
            "t <- system.time(out <- unlist(lapply(c('DL', 'REML'), function(m) {"
            " r <- rma(ai=ai, n1i=n1i, ci=ci, n2i=n2i, data=dat, measure='OR', method=m);"
            " q <- confint(r); p <- predict(r, transf=exp); w <- weights(r);"
            " s <- summary(escalc(measure='OR', ai=ai, n1i=n1i, ci=ci, n2i=n2i, data=dat));"
            " c(q$random['tau^2', 'ci.lb'], q$random['tau^2', 'ci.ub'], p$pi.lb) })))\n"
            "cat(t[['elapsed']], '\\n'); cat(sprintf('%.15g', out), sep='\\n')\n")
        suite.add(work + ", the same report", (t, m), r, agreement,
                  note="metafor: rma(), confint(), predict(), weights(), escalc() for each pool")


def many_pools(suite, k, pools):
    """`pools` pools of the same k studies, DL and REML in turn (issue 12's "10,000 studies,
    1,000 pool statements"): every pool's rows in the report (3.4 GB at k = 10,000), which the
    run holds until it has succeeded. Forest only: metafor's REML at k = 10,000 needs k × k
    matrices."""
    text = forest_studies(binary_rows(k, SEED + 7 * k)) + "".join(
        f"pool Y measure OR method IV model random tau {'DL' if j % 2 == 0 else 'REML'} convention metafor\n"
        for j in range(pools))
    (t, m, _), _ = suite.forest_run(text, f"pools{k}x{pools}.forest", output=False)
    suite.add(f"{k:,} studies × {pools:,} pools (DL, REML in turn)", (t, m), note="forest only")


def against_metafor(suite, rows, k, r_max, forest_values, csv_name, r_code):
    """metafor on the same studies (as `dat`), when R is there and k is small enough: its time
    and peak, whether its numbers agree with Forest's, and a note when it did not run."""
    if not suite.have_r or k > r_max:
        return None, "—", "metafor not run at this k" if suite.have_r else ""
    csv = suite.path(csv_name)
    write_csv(csv, rows)
    rt, rm, rout, whole = r_work(f"dat <- read.csv('{csv}')\n" + r_code, suite.args.repeat, suite.work)
    return (rt, rm, whole), agree(forest_values, [float(x) for x in rout.split()]), ""


def sequence(suite, k, kind, r_max, tau="DL"):
    rows = binary_rows(k, SEED + 7 * k)
    statement = {"leave-one-out": "sensitivity Y leave-one-out", "cumulative": "cumulative Y"}[kind]
    text = forest_studies(rows) + f"{statement} measure OR method IV model random tau {tau} convention metafor\n"
    (t, m, out), _ = suite.forest_run(text, f"seq{kind}{tau}{k}.forest")
    forest_est = [row["log_estimate"] for row in json.loads(out)["results"][0]["rows"]]
    call = "leave1out" if kind == "leave-one-out" else "cumul"
    r, agreement, note = against_metafor(
        suite, rows, k, r_max, forest_est, f"seq{k}.csv",
        f"t <- system.time(s <- {call}(rma(ai=ai, n1i=n1i, ci=ci, n2i=n2i, data=dat, measure='OR', method='{tau}')))\n"
        "cat(t[['elapsed']], '\\n'); cat(sprintf('%.15g', s$estimate), sep='\\n')\n")
    suite.add(f"{kind}, {tau}, k = {k:,}", (t, m), r, agreement, note)


def parse_only(suite, k):
    """The syntax alone (`check --syntax-only`: reading and parsing), then `check` (parsing and
    defining every study, with its data checks), of one file of k studies."""
    text = forest_studies(binary_rows(k, SEED + 3))
    (t, m, _), size = suite.forest_run(text, f"parse{k}.forest", command="check --syntax-only", output=False)
    suite.add(f"parse only, {k:,} studies ({size / 1e6:.0f} MB)", (t, m),
              note=f"{size / 1e6 / t:.0f} MB/s whole process, forest only")
    (t, m, _), size = suite.forest_run(text, f"parse{k}.forest", command="check", output=False)
    suite.add(f"check only, {k:,} studies ({size / 1e6:.0f} MB)", (t, m),
              note=f"{size / 1e6 / t:.0f} MB/s, forest only")


def many_outcomes(suite, outcomes, k=10):
    rng = random.Random(SEED + 11)
    lines = []
    for i in range(k):
        entries = ", ".join(f"O{j}: {rng.randint(1, 20)}/50 vs {rng.randint(1, 20)}/50" for j in range(outcomes))
        lines.append(f'study "S{i + 1}" < {entries} >\n')
    (t, m, _), size = suite.forest_run("".join(lines), f"outcomes{outcomes}.forest", command="check", output=False)
    suite.add(f"check of {k} studies × {outcomes:,} outcomes ({size / 1e6:.1f} MB)", (t, m), note="forest only")


def write_markdown(suite, path, started):
    lines = [
        "# Performance",
        "",
        "Regenerated by `make benchmark` (`benchmarks/run.py`); do not edit by hand.",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}; run {started}.",
        "Forest: release build (`make release`, the Swift runtime linked in), whole process, JSON to /dev/null as issue 12 measures (to a file where the work says so; "
        "each output compared is that of one more, untimed run). metafor: "
        + ("the R work alone, timed inside R (start-up and library loading not counted), except in the row that "
           "says \"metafor's whole process\": Rscript from start to end, timed as Forest is."
           if suite.have_r else "not run (Rscript with metafor not found)."),
        f"Times are medians of {suite.args.repeat} runs; memory is peak RSS. \"Agree\": Forest's pooled",
        "estimates (and τ²) equal metafor's within a relative 1e-6.",
        "",
        "| Work | Forest | Forest peak | metafor | metafor peak | metafor ÷ Forest | Agree | Note |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in suite.rows:
        metafor = (f"{r['r_s']:.3f} s | {r['r_mib']:.0f} MiB | {r['ratio']:.0f}×" if "r_s" in r else "— | — | —")
        lines.append(f"| {r['work']} | {r['forest_s']:.3f} s | {r['forest_mib']:.0f} MiB | {metafor} | "
                     f"{r['agree']} | {r['note']} |")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--forest", default=".build/release/forest")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="small sizes only (a minute or so)")
    ap.add_argument("--no-r", action="store_true", help="do not run metafor")
    ap.add_argument("--output", default="docs/performance.md")
    args = ap.parse_args()
    suite = Suite(args)
    started = time.strftime("%Y-%m-%d")
    print(f"{'work':52} {'forest':>10} {'peak':>11} {'metafor':>11} {'peak':>11} {'ratio':>8}  agree")
    seed_example(suite)
    many_analyses(suite, 1_000 if args.quick else 10_000)
    for k in ([1_000, 10_000] if args.quick else [1_000, 10_000, 100_000, 1_000_000]):
        one_analysis(suite, k, r_max=1_000)
    one_analysis(suite, 100_000 if args.quick else 1_000_000, r_max=1_000, to_file=True)
    one_analysis(suite, 100_000 if args.quick else 1_000_000, r_max=1_000, no_studies=True)
    for k in ([10_000] if args.quick else [10_000, 100_000]):
        many_pools(suite, k, 100 if args.quick else 1_000)
    for tau in ("DL", "REML"):
        for k in ([300] if args.quick else [300, 10_000, 100_000]):
            sequence(suite, k, "leave-one-out", r_max=300, tau=tau)
            sequence(suite, k, "cumulative", r_max=300, tau=tau)
    parse_only(suite, 100_000 if args.quick else 1_000_000)
    many_outcomes(suite, 1_000 if args.quick else 10_000)
    if not args.quick:
        write_markdown(suite, args.output, started)
        print(f"\nwritten to {args.output}")
    shutil.rmtree(suite.work, ignore_errors=True)


if __name__ == "__main__":
    main()
