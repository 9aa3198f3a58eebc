# The icp-triage webhook service as a container image.
#
#   docker build -t icp-triage .
#   docker run --rm icp-triage icp-triage db upgrade          # migrations: a command of their own
#   docker run -p 8000:8000 -v "$PWD/icp.yml:/srv/icp-triage/icp.yml:ro" --env-file .env icp-triage
#
# Two stages: uv builds a virtual environment with the service extra, and the final image
# gets only that environment, on the same base, run by a user that is not root. No secret is
# baked in: every one comes from the environment at run time (docs/guides/service.md). The
# base is an argument so that the official image serves users and a Debian-made stand-in
# builds it where no registry is reachable (tests/container).
ARG PYTHON_IMAGE=python:3.12-slim

FROM ${PYTHON_IMAGE} AS build
# So that a test can remove the untagged build stage it leaves behind, and nothing else.
LABEL org.icp-triage.stage="build"
# No bytecode is compiled into the image: it would add about 40 MB for a second or two saved
# once per process start, and the service is a long-running process.
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_COMPILE_BYTECODE=0 \
    UV_LINK_MODE=copy \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
RUN python3 -m venv /opt/uv && /opt/uv/bin/pip install --quiet --no-cache-dir "uv>=0.4,<1"
WORKDIR /src
# The dependencies first, from pyproject.toml alone: a change to the code reuses this layer.
COPY pyproject.toml ./
RUN --mount=type=cache,target=/root/.cache/uv \
    /opt/uv/bin/uv venv --python python3 /opt/icp-triage \
 && /opt/uv/bin/uv pip install --python /opt/icp-triage/bin/python -r pyproject.toml --extra service
COPY README.md LICENSE MANIFEST.in CHANGELOG.md ./
COPY src ./src
RUN --mount=type=cache,target=/root/.cache/uv \
    /opt/uv/bin/uv pip install --python /opt/icp-triage/bin/python --no-deps . \
 && /opt/icp-triage/bin/icp-triage --version

FROM ${PYTHON_IMAGE}
LABEL org.opencontainers.image.title="icp-triage" \
      org.opencontainers.image.description="Rank a feature backlog by fit to your Ideal Customer Profile: the webhook service." \
      org.opencontainers.image.source="https://github.com/icp-triage/icp-triage" \
      org.opencontainers.image.licenses="MIT"
RUN groupadd --gid 10001 icp \
 && useradd --uid 10001 --gid icp --no-log-init --home-dir /srv/icp-triage --create-home \
      --shell /usr/sbin/nologin icp
COPY --from=build /opt/icp-triage /opt/icp-triage
ENV PATH=/opt/icp-triage/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1
# icp.yml (and accounts.csv, unless ICP_TRIAGE_ACCOUNTS holds them) are mounted here.
WORKDIR /srv/icp-triage
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python3", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"]
CMD ["icp-triage", "serve", "--host", "0.0.0.0"]
