"""Where an Action run's time goes, printed to stderr with ``ICP_TRIAGE_DEBUG=1``.

The Action runs once per issue event on a fresh runner, so its start-up is paid every time:
this names each stage up to the first request and after it, to keep that cost in view.
``python -X importtime -m icp_triage action`` then shows which import costs what.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path

Mark = Callable[[str], None]


def _since_process_start() -> float | None:
    """Seconds since this process started (Linux ``/proc``, 10 ms steps); None elsewhere."""
    try:
        stat = Path("/proc/self/stat").read_text(encoding="ascii")
        start_ticks = int(stat.rsplit(")", 1)[1].split()[19])  # field 22, starttime
        uptime = float(Path("/proc/uptime").read_text(encoding="ascii").split()[0])
        return max(uptime - start_ticks / os.sysconf("SC_CLK_TCK"), 0.0)
    except (OSError, ValueError, IndexError, AttributeError):
        return None


class Timeline:
    """Stages and when each ended; ``render`` lists them with their durations."""

    def __init__(self, *, clock: Callable[[], float] = time.perf_counter, age: float | None = None) -> None:
        self._clock = clock
        self._start = clock()
        self._age = age  # how long the process had run when the timeline started
        self._marks: list[tuple[str, float]] = []

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Timeline | None:
        """A timeline when ``ICP_TRIAGE_DEBUG`` is set (not empty or 0), else None."""
        if env.get("ICP_TRIAGE_DEBUG", "").strip() in ("", "0"):
            return None
        return cls(age=_since_process_start())

    def mark(self, stage: str) -> None:
        """``stage`` has just ended."""
        self._marks.append((stage, self._clock()))

    def render(self) -> str:
        lines = ["icp-triage timing (ICP_TRIAGE_DEBUG):"]
        offset = self._age or 0.0
        if self._age is not None:
            lines.append(f"  {self._age * 1000:6.0f} ms  Python start-up and imports up to the entry point")
        previous = self._start
        for stage, moment in self._marks:
            lines.append(f"  {(moment - previous) * 1000:6.0f} ms  {stage}")
            previous = moment
        total = previous - self._start + offset
        lines.append(
            f"  {total * 1000:6.0f} ms  in all" + ("" if self._age is not None else " (after start-up)")
        )
        return "\n".join(lines) + "\n"
