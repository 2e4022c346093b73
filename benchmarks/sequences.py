#!/usr/bin/env python3
"""Leave-one-out and cumulative meta-analysis: Forest against R's metafor, side by side.

For each number of studies k it writes one random binary data set (seeded), then times, in
the same run and on the same data:
  - forest: `sensitivity Y leave-one-out` and `cumulative Y` (M-H fixed effect, and
    DerSimonian-Laird random effects), one process per analysis, release build;
  - R:      leave1out(rma.mh(...)), cumul(rma.mh(...)), leave1out(rma(..., method="DL")),
            cumul(rma(..., method="DL")), one Rscript per analysis (library loading is
            timed separately and subtracted, so R is not charged for starting up).
Wall-clock seconds (best of --repeat runs) and peak resident memory (MiB) are printed.

usage: benchmarks/sequences.py [--forest .build/release/forest] [--sizes 100,1000,10000,100000]
                               [--repeat 3] [--r-max 1000] [--random-max 10000]
Needs Rscript with metafor for the R column (Debian: apt-get install r-cran-metafor).
"""
import argparse, os, random, shutil, subprocess, sys, tempfile, time

ANALYSES = [
    ("leave-one-out, M-H fixed", "sensitivity Y leave-one-out measure OR", "leave1out(rma.mh(ai=ai, n1i=n1i, ci=ci, n2i=n2i, data=dat, measure='OR'))"),
    ("cumulative, M-H fixed", "cumulative Y measure OR", "cumul(rma.mh(ai=ai, n1i=n1i, ci=ci, n2i=n2i, data=dat, measure='OR'))"),
    ("leave-one-out, DL random", "sensitivity Y leave-one-out measure OR method IV model random convention metafor", "leave1out(rma(ai=ai, n1i=n1i, ci=ci, n2i=n2i, data=dat, measure='OR', method='DL'))"),
    ("cumulative, DL random", "cumulative Y measure OR method IV model random convention metafor", "cumul(rma(ai=ai, n1i=n1i, ci=ci, n2i=n2i, data=dat, measure='OR', method='DL'))"),
]

def dataset(k, seed=20261127):
    rng = random.Random(seed + k)
    rows = []
    for i in range(k):
        n1, n2 = rng.randint(20, 400), rng.randint(20, 400)
        p = rng.uniform(0.05, 0.4)
        a = sum(rng.random() < p * 0.8 for _ in range(n1))
        c = sum(rng.random() < p for _ in range(n2))
        rows.append((f"S{i + 1}", a, n1, c, n2))
    return rows

def run(cmd):
    """Wall time and this child's own peak RSS in MiB (from wait4's rusage)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    stderr = proc.stderr.read().decode(errors="replace")
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{stderr[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024

def best(cmd, repeat):
    times, memory = [], 0.0
    for _ in range(repeat):
        t, m = run(cmd)
        times.append(t)
        memory = max(memory, m)
    return min(times), memory

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--forest", default=".build/release/forest")
    ap.add_argument("--sizes", default="100,1000,10000,100000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--r-max", type=int, default=1000, help="largest k to run metafor on (it refits k times)")
    ap.add_argument("--random-max", type=int, default=10000, help="largest k for the random-effects rows (O(k^2))")
    args = ap.parse_args()
    have_r = shutil.which("Rscript") is not None
    work = tempfile.mkdtemp(prefix="forest-bench-")
    print(f"{'analysis':28} {'k':>6} {'forest s':>10} {'forest MiB':>11} {'metafor s':>10} {'R MiB':>7} {'ratio':>7}")
    for k in [int(s) for s in args.sizes.split(",")]:
        rows = dataset(k)
        csv = os.path.join(work, f"d{k}.csv")
        with open(csv, "w") as f:
            f.write("study,ai,n1i,ci,n2i\n" + "".join(f"{s},{a},{n1},{c},{n2}\n" for s, a, n1, c, n2 in rows))
        studies = "".join(f'study "{s}" < Y: {a}/{n1} vs {c}/{n2} >\n' for s, a, n1, c, n2 in rows)
        r_load = None
        use_r = have_r and k <= args.r_max
        if use_r:
            load = os.path.join(work, f"load{k}.R")
            with open(load, "w") as f:
                f.write(f"suppressMessages(library(metafor)); dat <- read.csv('{csv}')\n")
            r_load, _ = best(["Rscript", load], args.repeat)
        for name, statement, r_call in ANALYSES:
            if "random" in name and k > args.random_max:
                continue
            script = os.path.join(work, f"s{k}.forest")
            with open(script, "w") as f:
                f.write(studies + statement + "\n")
            ft, fm = best([args.forest, "run", script, "--format", "json"], args.repeat)
            line = f"{name:28} {k:>6} {ft:>10.3f} {fm:>11.1f}"
            if use_r:
                rs = os.path.join(work, f"r{k}.R")
                with open(rs, "w") as f:
                    f.write(f"suppressMessages(library(metafor)); dat <- read.csv('{csv}')\n"
                            f"res <- suppressWarnings({r_call})\n")
                rt, rm = best(["Rscript", rs], args.repeat)
                rt = max(rt - r_load, 1e-9)
                line += f" {rt:>10.3f} {rm:>7.1f} {rt / ft:>6.0f}x"
            print(line, flush=True)
    print("\nmetafor times exclude R's start-up and library loading "
          f"(measured separately per size); forest times include its whole run.")

if __name__ == "__main__":
    main()
