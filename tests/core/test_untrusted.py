"""Untrusted text made inert for one line (core.untrusted): no control characters, no
bidi overrides or isolates that make a title read other than it is, clipped to a width."""

from __future__ import annotations

import pytest

from icp_triage.core.untrusted import clip, inert, one_line


@pytest.mark.parametrize(
    "mark",
    [
        "\u202a",  # left-to-right embedding
        "\u202b",
        "\u202c",  # pop directional formatting
        "\u202d",
        "\u202e",  # right-to-left override: "evil\u202etxt.exe" reads "evilexe.txt"
        "\u2066",  # left-to-right isolate
        "\u2067",  # right-to-left isolate
        "\u2068",  # first strong isolate
        "\u2069",  # pop directional isolate
    ],
)
def test_every_bidi_embedding_override_and_isolate_is_dropped(mark):
    assert one_line(f"admin{mark}nimda fix") == "adminnimda fix"
    assert inert(f"line one{mark}\nline two") == "line one\nline two"


def test_text_of_exactly_the_width_is_not_clipped():
    assert clip("abcde", 5) == "abcde"
    assert clip("abcdef", 5) == "abcd…"
