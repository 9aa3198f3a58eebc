"""``icp-triage serve``: signed webhooks in, a durable queue, tagging workers, a live backlog.

Needs the ``service`` extra (FastAPI, uvicorn, SQLAlchemy, Alembic, psycopg). Nothing in the
base install or the GitHub Action imports this package; the CLI imports it inside the
``serve``, ``worker`` and ``db`` commands only.
"""
