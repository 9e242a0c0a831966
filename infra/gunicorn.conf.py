import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = 30
max_requests = 2000  # recycle workers: a backend's catalogue cache grows with the schemas it touched
max_requests_jitter = 200
accesslog = "-"
