"""gunicorn settings: `gunicorn -c python:advisor_web.gunicorn_config 'advisor_web:create_app()'`.

Each can be overridden on the command line or through the environment variables named here.
"""

import gc
import glob
import os
import shutil
import tempfile

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# Sync workers: the app does short, CPU-bound requests and keeps no state in a process.
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# This gunicorn's control socket is not needed (and not allowed in some sandboxes).
control_socket_disable = True
# No access log: even without IP addresses, an access log pairs result ids with times.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# Workers live until stopped (gunicorn's default). Set GUNICORN_MAX_REQUESTS to recycle each
# after that many requests, should a leak ever show: a restart costs ~150 ms of latency.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10

# Metrics for the whole process group (advisor_web/metrics.py): with METRICS_TOKEN set, every
# worker writes its counts to one directory, which the scrape sums. It must be named before a
# worker imports prometheus_client, hence here, in the master, at start. Set
# PROMETHEUS_MULTIPROC_DIR to choose it; otherwise a temporary one is made and removed at exit.
_made_metrics_dir = False
if os.environ.get("METRICS_TOKEN") and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="advisor-metrics-")
    _made_metrics_dir = True


def _reset_metrics(server):
    """Start the counts from zero: files left by an earlier run would be summed in."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if os.environ.get("METRICS_TOKEN") and directory:
        os.makedirs(directory, mode=0o700, exist_ok=True)
        for leftover in glob.glob(os.path.join(directory, "*.db")):  # only what workers write
            os.remove(leftover)
        server.log.info("metrics: workers write their counts to %s", directory)


def child_exit(server, worker):
    """A dead worker's gauges (connections in use) stop counting; its counters stay summed."""
    if os.environ.get("METRICS_TOKEN") and os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    if _made_metrics_dir:
        shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)

def _limits_are_per_process() -> bool:
    """Whether rate-limit counters would live in each worker's memory."""
    enabled = os.environ.get("RATELIMIT_ENABLED", "1").strip().lower() not in {"0", "false",
                                                                                "no", "off"}
    storage = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    return enabled and storage.startswith("memory://")


def _refuse_per_process_limits(server):
    """Refuse to start production with several workers and per-process rate limits: each
    worker would count on its own (4 workers let 40 logins through a limit of 10)."""
    production = os.environ.get("ADVISOR_ENV", "").strip().lower() == "production"
    if production and server.cfg.workers > 1 and _limits_are_per_process():
        message = (f"refusing to start: {server.cfg.workers} workers but "
                   "RATELIMIT_STORAGE_URI is memory://, so each worker would keep its own "
                   "rate-limit counts. Set RATELIMIT_STORAGE_URI=redis://host:6379 (pip "
                   "install 'advisor_web[redis]'), or run one worker.")
        server.log.error(message)
        raise SystemExit(message)


def on_starting(server):
    _refuse_per_process_limits(server)
    _reset_metrics(server)


def post_worker_init(worker):
    """The app is loaded: move everything it holds for good (modules, templates, the quiz
    files, the compiled statements) out of the garbage collector's sight. A full collection
    then walks only what requests made, not the whole app (~48 ms each, measured in-process:
    gc time per quiz run 0.10-0.32 ms before, ~0.09 ms after)."""
    gc.collect()
    gc.freeze()
