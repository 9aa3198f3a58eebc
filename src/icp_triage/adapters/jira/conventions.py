"""Jira's spelling of what is not customer demand (see ``core.conventions``).

icp-triage's comment on a Jira issue is found by the issue property that names it, not by
its text, and is written without any marker (ADF and wiki markup have no hidden comment).
When an issue is read, that comment's text is prefixed with ``OWN_COMMENT_MARKER`` (never
written to Jira), so attribution skips it. Jira has no bot-suffix convention for users.
"""

from __future__ import annotations

from icp_triage.core.conventions import TrackerConventions

OWN_COMMENT_MARKER = "\x00icp-triage-own-comment\x00"  # no comment Jira sends can hold a NUL
JIRA_CONVENTIONS = TrackerConventions(
    bot_suffix="", own_comment_marker=OWN_COMMENT_MARKER, field_hint="set the {field} field"
)
