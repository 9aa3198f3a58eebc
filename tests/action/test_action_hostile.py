"""The Action refuses hostile files from a pull request's checkout (issue 16)."""

from __future__ import annotations

import time

from fakes.hostile import alias_bomb


class TestHostileConfig:
    def test_in_the_actions_github_icp_yml(self, checkout, sample):
        checkout.config.write_text(checkout.config.read_text() + alias_bomb(key="bomb"))
        started = time.monotonic()
        result = checkout.run("issues", sample("issues.opened"))
        assert time.monotonic() - started < 5
        assert result.code == 2
        assert "expand to over 100,000 more values" in result.stdout
