"""The README as the front page: at most 200 lines, the two Quickstart commands as they were,
links that resolve, and every section it once held now in the documentation site.

Its command samples (the demo's output, the setup blocks) are run by test_samples.py with the
site's.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
# The README's sections before the site, and where each lives now (a sentence of it, as it was).
MOVED = {
    "How it scores": ("docs/concepts/scoring.md", "**Tiers**: `A` >= 80, `B` >= 60, `C` >= 40, `D` below"),
    "Configuration: `icp.yml`": ("docs/reference/config.md", "Found by `--config PATH`, else `./icp.yml`"),
    "Accounts": ("docs/reference/files.md", "CSV, JSON or YAML exported from a CRM"),
    "Request files": ("docs/reference/files.md", "Without a tracker, requests come from a JSON file"),
    "Commands": ("docs/reference/commands.md", "| `explain KEY` | why a request ranks where it does"),
    "Refused input": ("docs/troubleshooting.md", "Hostile or broken input is refused with exit 2"),
    "Is the profile right?": ("docs/guides/revops.md", "Every ranking rests on `profile:`"),
    "Reports": ("docs/guides/pm.md", "Every listing command (`rank`, `accounts`, `explain`, `plan`)"),
    "Planning": ("docs/guides/pm.md", "`plan --capacity N` takes each request's effort"),
    "GitHub": ("docs/guides/github.md", "Rank and tag the issues of a real repository."),
    "Jira": ("docs/guides/jira.md", "Rank and tag the feature requests of Jira Cloud or Jira Data Center"),
    "GitHub Action": ("docs/guides/github-action.md", "The action labels every new or edited issue"),
    "Service": ("docs/guides/service.md", "Jira cannot run a GitHub Action, and fifty repositories"),
    "Performance": ("docs/reference/performance.md", "Each script in `benchmarks/` prints the figures"),
}


def test_at_most_200_lines():
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 200


def test_quickstart_has_the_two_commands():
    text = README.read_text(encoding="utf-8")
    assert "python3 -m venv .venv && . .venv/bin/activate && pip install . && icp-triage demo" in text
    assert (
        "python3 -m venv .venv && . .venv/bin/activate && pip install -e '.[dev]' && python -m pytest" in text
    )


def test_shows_the_chart_and_the_three_line_workflow():
    text = README.read_text(encoding="utf-8")
    picture = re.search(r"!\[[^\]]+\]\((docs/assets/[^)]+\.png)\)", text)
    assert picture and (ROOT / picture.group(1)).stat().st_size > 10_000
    workflow = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    assert len(workflow.strip().splitlines()) == 3 and "icp-triage/icp-triage@" in workflow


def test_every_link_resolves():
    text = README.read_text(encoding="utf-8")
    local = [link for link in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text) if "://" not in link]
    assert len(local) >= 15
    assert [link for link in local if not (ROOT / link).exists()] == []


def test_every_section_it_dropped_is_in_the_site():
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for section, (page, sentence) in MOVED.items():
        assert sentence in (ROOT / page).read_text(encoding="utf-8"), section
        assert page.removeprefix("docs/") in nav, f"{page} is not in the site's navigation"
