# Nabla in a container:  docker build -t nabla . && docker run -p 8000:8000 nabla
# then open http://localhost:8000. Every NABLA_* setting of the README can be passed with -e.
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

WORKDIR /srv/nabla

# The dependencies in a layer of their own: it is rebuilt only when pyproject.toml changes.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# The code, in the repository's layout: the app finds static/ and templates/ next to app/.
COPY README.md ./
COPY app ./app
COPY static ./static
COPY templates ./templates
RUN pip install --no-deps -e . \
    && python -m compileall -q app

USER nabla
# The sessions' SQLite file (NABLA_DB) and the downloaded MNIST (NABLA_DATA_DIR): mount a
# volume here to keep them across containers.
VOLUME /var/lib/nabla
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/api/health' % os.environ.get('NABLA_PORT', '8000'), timeout=4).read()"]
CMD ["python", "-m", "app"]
