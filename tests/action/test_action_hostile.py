"""The Action refuses hostile files from a pull request's checkout (issue 16)."""

from __future__ import annotations

from fakes.hostile import alias_bomb
from fakes.waiting import cpu_seconds


class TestHostileConfig:
    def test_in_the_actions_github_icp_yml(self, checkout, sample):
        checkout.config.write_text(checkout.config.read_text() + alias_bomb(key="bomb"))
        with cpu_seconds() as spent:  # CPU time: a loaded runner does not add to it
            result = checkout.run("issues", sample("issues.opened"))
        assert spent.seconds < 5  # refused before expanding (expanding took minutes and 9.6 GB)
        assert result.code == 2
        assert "expand to over 100,000 more values" in result.stdout
