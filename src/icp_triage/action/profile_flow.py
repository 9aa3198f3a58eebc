"""``mode: profile``: on a pull request that changes icp.yml, one comment with the profile's
diff against the base branch and its validation against customer outcomes.

The old icp.yml is read at the pull request's base commit through the contents API, so a
shallow checkout is enough. The comment follows ``tagging.disclose``: with ``tier-only``
(the default) it counts accounts by tier and names none; the validation never names any.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from icp_triage.action.commands import Runner
from icp_triage.action.events import ReviewProfile
from icp_triage.action.settings import ActionSettings
from icp_triage.errors import ConfigError, StoreError

if TYPE_CHECKING:
    from icp_triage.core.profile_diff import ProfileDiff
    from icp_triage.core.settings import Profile
    from icp_triage.core.validate import Validation
    from icp_triage.workspace import Workspace

COMMENT_LIMIT = 30
"""Rows per list in the comment (GitHub holds 65,536 characters); the job summary has all."""


def review_profile(
    decision: ReviewProfile,
    settings: ActionSettings,
    *,
    env: Mapping[str, str],
    cwd: Path,
    runner: Runner,
    clock: Callable[[], float] | None = None,
    sleep: Callable[[float], None] | None = None,
    today: date | None = None,
) -> dict[str, str]:
    """Post (or edit) the review comment; the outputs. A pull request that leaves icp.yml
    as it is gets a notice and no comment."""
    from icp_triage.action.flows import open_action_workspace
    from icp_triage.config.loader import parse_config
    from icp_triage.files.textfile import read_text

    workspace = open_action_workspace(
        settings, env=env, cwd=cwd, notice=runner.notice, clock=clock, sleep=sleep
    )
    reviews = workspace.open_tracker(env, progress=runner.notice).reviews
    if reviews is None:
        raise ConfigError(
            f"{settings.config}: source: mode: profile reviews GitHub pull requests; "
            "this source has none (leave source: out, or name a GitHub repository)"
        )
    path = _repository_path(settings.config, Path(env.get("GITHUB_WORKSPACE") or cwd))
    pull = decision.proposal
    where = pull.key
    new_text = read_text(settings.config, label=path)
    old_text = reviews.file_at(pull.repo, path, pull.base_sha)
    if old_text == new_text:
        runner.notice(f"{where} leaves {path} as it is on the base branch: no profile review to post.")
        return {}
    notes = []
    old_profile = None
    if old_text is None:
        notes.append(f"{path} is new in this pull request: there is no old profile to compare with.")
    else:
        try:
            old_profile = parse_config(
                old_text, label=f"{path} at {pull.base_sha[:7]}", path=settings.config
            ).config.profile
        except ConfigError as exc:
            notes.append(f"the base branch's {path} does not load, so only the new profile is shown ({exc})")
    diff, validation = _evaluate(workspace, old_profile, env=env, day=today or date.today())
    names = workspace.config.tagging.disclose == "full"
    markdown = _render(diff, validation, notes, path=path, names=names, limit=COMMENT_LIMIT)
    with runner.verbatim():
        done = reviews.comment(pull.repo, pull.number, markdown, dry_run=settings.dry_run, echo=runner.echo)
    whole = _render(diff, validation, notes, path=path, names=names, limit=None)
    _write(settings.report, whole)
    runner.append_summary(whole)
    runner.log(
        f"Profile review of {path} on {where} ({pull.trigger}): comment {done}"
        + (" (dry run: nothing written)." if settings.dry_run else ".")
    )
    return {"report": str(settings.report)}


def _evaluate(
    workspace: Workspace, old: Profile | None, *, env: Mapping[str, str], day: date
) -> tuple[ProfileDiff | None, Validation]:
    """The diff against ``old`` (None without an old profile) and the new profile's validation."""
    from icp_triage import evidence
    from icp_triage.core.validate import validate

    if old is not None:
        diff = evidence.profile_diff(workspace, old, workspace.requests(None, env=env), env=env, today=day)
        return diff, diff.new_validation
    config = workspace.config
    table = evidence.outcomes(workspace, env)
    return None, validate(
        workspace.accounts,
        config.profile,
        table,
        today=day,
        settings=config.validation,
        outcomes=config.outcomes,
    )


def _render(
    diff: ProfileDiff | None,
    validation: Validation,
    notes: list[str],
    *,
    path: str,
    names: bool,
    limit: int | None,
) -> str:
    from icp_triage.core.untrusted import md_text
    from icp_triage.reports.profile_diff_report import diff_markdown
    from icp_triage.reports.profile_report import validation_markdown

    parts = [f"### ICP profile review: {md_text(path)}", ""]
    parts += [f"> {md_text(note)}" for note in notes]
    if diff is not None:
        parts.append(diff_markdown(diff, names=names, heading="####", limit=limit))
    parts.append(validation_markdown(validation, heading="####"))
    parts.append("<sub>Posted by icp-triage (`mode: profile`); edited in place on every push.</sub>")
    return "\n".join(parts) + "\n"


def _repository_path(config: Path, root: Path) -> str:
    try:
        return config.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return os.path.basename(config)


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise StoreError(f"{path}: cannot write the report ({exc.strerror})") from None
