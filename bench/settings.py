"""The portal's own settings, served for the benchmarks with one addition: a bare Django view
at /bench/bare/ (bench/urls.py), the floor a portal page is compared with in the same run.

Everything else comes from the environment exactly as in production (idm_portal/settings.py);
only where static files are collected can be moved, so that a benchmark never writes into the
project's staticfiles/.
"""

import os

from idm_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT") or STATIC_ROOT  # noqa: F405
