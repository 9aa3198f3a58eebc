"""icp-triage: rank a feature backlog by fit to the Ideal Customer Profile.

Kept import-free so that ``icp-triage --version`` starts as fast as typer itself.
"""

__version__ = "0.1.0"
