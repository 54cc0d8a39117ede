# Nabla in a container:  docker build -t nabla . && docker run -p 8000:8000 nabla
# then open http://localhost:8000. Every NABLA_* setting (docs/configuration.md) can be passed with -e.
ARG BASE_IMAGE=python:3.12-slim
FROM ${BASE_IMAGE}

# One BLAS thread per process (the matrices are tiny: more threads only add jitter); the server
# listens on every interface of the container, so that a published port reaches it.
ENV OPENBLAS_NUM_THREADS=1 \
    OMP_NUM_THREADS=1 \
    MKL_NUM_THREADS=1 \
    NABLA_HOST=0.0.0.0 \
    NABLA_PORT=8000 \
    NABLA_DB=/var/lib/nabla/nabla.sqlite3 \
    NABLA_DATA_DIR=/var/lib/nabla/data \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH

# python:*-slim has Python already; a plain Debian base gets it from apt.
RUN if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then \
        apt-get update \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
            python3 python3-venv \
        && rm -rf /var/lib/apt/lists/*; \
    fi \
    && python3 -m venv /opt/venv \
    && useradd --system --no-create-home --uid 10001 --shell /usr/sbin/nologin nabla \
    && mkdir -p /var/lib/nabla && chown nabla /var/lib/nabla

# The locked dependencies (with hashes) in a layer of their own: rebuilt only when the lock changes.
COPY requirements.lock /tmp/requirements.lock
RUN pip install --require-hashes -r /tmp/requirements.lock && rm /tmp/requirements.lock

# The app as a wheel, as `pip install` gives it to anyone: built from the sources, installed
# without its dependencies (the lock has them), and the sources removed.
WORKDIR /tmp/nabla
COPY pyproject.toml README.md ./
COPY app ./app
COPY static ./static
COPY templates ./templates
RUN pip wheel --no-deps -w /tmp/wheels . \
    && pip install --no-deps /tmp/wheels/nabla-*.whl \
    && python -m compileall -q "$(python -c 'import app, os; print(os.path.dirname(app.__file__))')" \
    && cd / && rm -rf /tmp/nabla /tmp/wheels
WORKDIR /var/lib/nabla

USER nabla
# The sessions' SQLite file (NABLA_DB) and the downloaded MNIST (NABLA_DATA_DIR): mount a
# volume here to keep them across containers.
VOLUME /var/lib/nabla
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/api/health' % os.environ.get('NABLA_PORT', '8000'), timeout=4).read()"]
CMD ["python", "-m", "app"]
