"""Time and size of the activity reports on the demo data (run after `manage.py demo_seed`): this tree
side by side with a base commit (default 8743e66, before the one door and the hand-written charts),
in one run. Each side runs in its own process: one warm-up report (imports, fonts), then the median
of `--runs` reports.

    .venv/bin/python -m bench.reports [--runs 5] [--base 8743e66] [--no-base]

The base commit is checked out once with `git worktree add --detach` in the system's temp folder.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

MEASURE = r"""
import io, json, logging, os, statistics, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apes_platform.settings")
import django
django.setup()
for name in ("weasyprint", "fontTools"):
    logging.getLogger(name).setLevel(logging.WARNING)
from django.utils import timezone
from django_tenants.utils import schema_context
from pypdf import PdfReader
from reporting.reports.models import ReportJob
from reporting.reports.selectors import report_pdf
from reporting.reports.services import report_job_run
from tenants.models import Landlord, Residence

runs = int(sys.argv[1])
year = timezone.localdate().year
residence = Residence.objects.get(slug="les-tilleuls")
cases = [("residence les-tilleuls", residence.schema_name, dict(kind="residence", residence=residence)),
         ("landlord Seqens", "public", dict(kind="landlord", landlord=Landlord.objects.get(short_name="Seqens")))]
out = {}
for name, schema, fields in cases:
    seconds, cpu, pdf = [], [], b""
    for n in range(runs + 1):
        job = ReportJob.objects.create(year=year, **fields)
        started, started_cpu = time.perf_counter(), time.process_time()
        with schema_context(schema):
            job = report_job_run(job_id=job.pk)
        if n:  # the first is the warm-up
            seconds.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        pdf = report_pdf(job=job) or b""
        ReportJob.objects.filter(pk=job.pk).delete()
    out[name] = {"status": job.status, "median": statistics.median(seconds), "cpu": statistics.median(cpu),
                 "pages": len(PdfReader(io.BytesIO(pdf)).pages) if pdf else 0, "kib": len(pdf) / 1024}
print("RESULT " + json.dumps(out))
"""


def base_tree(revision: str) -> Path:
    """A checkout of `revision` beside this one, made once; `apes_platform` resolves inside it."""
    tree = Path(tempfile.gettempdir()) / f"apes-bench-base-{revision}"
    if not tree.exists():
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), revision], check=True,
                       stdout=subprocess.DEVNULL)
    link = tree / "apes_platform"  # pyproject maps platform/ to apes_platform; in place of an install
    if not link.exists():
        link.symlink_to("platform")
    return tree


def measure(tree: Path, runs: int) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run([sys.executable, "-c", MEASURE, str(runs)], cwd=tree, env=env, capture_output=True,
                          text=True)
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode or not lines:
        raise SystemExit(f"measure failed in {tree}:\n{done.stderr[-3000:]}")
    return json.loads(lines[-1][len("RESULT "):])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--base", default="8743e66")
    parser.add_argument("--no-base", action="store_true")
    args = parser.parse_args()
    new = measure(ROOT, args.runs)
    old = None if args.no_base else measure(base_tree(args.base), args.runs)
    print(f"Activity reports on the demo data, median of {args.runs} runs after a warm-up: wall time "
          f"(CPU time of the process, steadier on a shared machine), pages, size")
    print(f"{'report':<24}{'base ' + args.base:>42}{'this tree':>42}")
    for name, now in new.items():
        before = old[name] if old else None

        def cell(r):
            return "-" if r is None else f"{r['median']:.2f} s ({r['cpu']:.2f} s CPU), {r['pages']} p, {r['kib']:.0f} KiB"

        print(f"{name:<24}{cell(before):>42}{cell(now):>42}")


if __name__ == "__main__":
    main()
