"""GitHub's spelling of what is not customer demand (see ``core.conventions``).

An App's bot user is ``<slug>[bot]`` (REST, and GraphQL's ``viewer``; ``translate.login_of``
restores the suffix GraphQL's ``Bot.login`` leaves out):
https://docs.github.com/en/apps/creating-github-apps/registering-a-github-app/registering-a-github-app.
icp-triage's comment starts with a hidden HTML comment, which GitHub Markdown does not show.
The ``file`` source carries requests in the same shape, so it reads with these conventions.
"""

from __future__ import annotations

from icp_triage.adapters.github.names import short_reference
from icp_triage.core.conventions import TrackerConventions

BOT_SUFFIX = "[bot]"
OWN_COMMENT_MARKER = "<!-- icp-triage -->"
GITHUB_CONVENTIONS = TrackerConventions(
    bot_suffix=BOT_SUFFIX, own_comment_marker=OWN_COMMENT_MARKER, short_reference=short_reference
)
