"""The pure core: models, profile and fit, attribution, ranking, planning.

Nothing here does I/O or imports typer, rich, PyGithub, jira, FastAPI or SQLAlchemy;
clocks, files and environment come in as arguments (see tests/test_architecture.py).
"""
