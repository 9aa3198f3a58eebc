from __future__ import annotations

import pytest

from icp_triage.adapters.github.conventions import OWN_COMMENT_MARKER
from icp_triage.adapters.github.writes import (
    MAX_COMMENT_CHARS,
    comment_id_from_url,
    comment_markdown,
    label_style,
    plan_writes,
)
from icp_triage.config.schema import TaggingSettings
from icp_triage.core.models import Account, Comment, RawRequest
from icp_triage.core.ranking import rank
from icp_triage.core.settings import Profile
from icp_triage.core.tags import desired_tags, is_own_label

PROFILE = Profile.model_validate(
    {
        "criteria": [
            {"attribute": "industry", "in": ["saas"], "weight": 3},
            {"attribute": "employees", "range": {"min": 100, "max": 1000}, "weight": 2},
        ]
    }
)
ACCOUNTS = [
    Account(
        id="acme-co",
        name="Acme Rockets",
        github_logins=("alice",),
        arr=4_000_000,
        attributes={"industry": "saas", "employees": 300},
    ),
    Account(
        id="globex-co",
        name="Globex Heavy",
        github_logins=("bob",),
        arr=90_000_000,
        attributes={"industry": "mining", "employees": 50000},
    ),
]


def item(*, author: str | None = "alice", reactions: tuple[str, ...] = ()):
    request = RawRequest(key="o/r#1", title="SSO", author=author, reactions=[{"user": u} for u in reactions])
    backlog = rank([request], ACCOUNTS, PROFILE)
    found = backlog.item("o/r#1")
    assert found is not None
    return found


def settings(**kwargs) -> TaggingSettings:
    return TaggingSettings(**kwargs)


class TestDesiredTags:
    def test_core_request_gets_class_and_fit_labels(self):
        tags = desired_tags(item(), settings())
        assert tags.labels == ("icp:core", "icp-fit:A")
        assert comment_markdown(tags.comment).startswith(OWN_COMMENT_MARKER)

    def test_opportunistic_request(self):
        tags = desired_tags(item(author="bob"), settings())
        assert tags.labels == ("icp:opportunistic", "icp-fit:D")

    def test_unattributed_request_says_how_to_attribute(self):
        tags = desired_tags(item(author="stranger"), settings())
        assert tags.labels == ("icp:unattributed",)
        assert "Requested-by: <company or domain>" in comment_markdown(tags.comment)

    def test_prefix_is_configurable(self):
        assert desired_tags(item(), settings(prefix="fit")).labels == ("fit:core", "fit-fit:A")

    def test_tier_only_never_names_accounts_ids_or_money(self):
        text = comment_markdown(desired_tags(item(author="bob", reactions=("alice",)), settings()).comment)
        for secret in (
            "Acme",
            "Globex",
            "acme-co",
            "globex-co",
            "4000000",
            "90000000",
            "4,000,000",
            "90,000,000",
        ):
            assert secret not in text
        assert "| A | 1 |" in text and "| D | 1 |" in text

    def test_full_discloses_names_but_not_revenue(self):
        text = comment_markdown(
            desired_tags(item(author="bob", reactions=("alice",)), settings(disclose="full")).comment
        )
        assert "Acme Rockets: tier A" in text and "Globex Heavy: tier D" in text
        assert "90000000" not in text and "globex-co" not in text

    def test_full_disclosure_of_thousands_of_accounts_fits_in_a_github_comment(self):
        """GitHub refuses a comment body over 65,536 characters; the list stops at 50 names."""
        many = [
            Account(
                id=f"a{i}",
                name=f"Customer Company Number {i:04} Holdings Ltd " + "x" * 300,
                github_logins=(f"u{i}",),
                attributes={"industry": "saas", "employees": 300},
            )
            for i in range(1500)
        ]
        request = RawRequest(key="o/r#1", reactions=[{"user": f"u{i}"} for i in range(1500)])
        found = rank([request], many, PROFILE).item("o/r#1")
        assert found is not None
        text = comment_markdown(desired_tags(found, settings(disclose="full")).comment)
        assert len(text.encode()) < MAX_COMMENT_CHARS
        listed = [line for line in text.splitlines() if line.startswith("- Customer Company")]
        assert len(listed) == 50
        assert listed[0].startswith("- Customer Company Number 0000 Holdings Ltd xxx")
        assert listed[0].endswith("…: tier A, via reaction")
        assert "- ... and 1450 more" in text
        assert "1500 requesting accounts" in text

    def test_comment_is_stable(self):
        assert desired_tags(item(), settings()) == desired_tags(item(), settings())


class TestLabels:
    def test_own_labels_are_recognised_case_insensitively(self):
        assert is_own_label("ICP:Core", prefix="icp")
        assert is_own_label("icp-fit:B", prefix="icp")
        assert not is_own_label("icpx:core", prefix="icp")
        assert not is_own_label("customer:acme", prefix="icp")

    def test_styles_have_a_colour_and_a_short_description(self):
        for name in (
            "icp:core",
            "icp:mixed",
            "icp:opportunistic",
            "icp:unattributed",
            "icp-fit:A",
            "icp-fit:anti",
        ):
            color, description = label_style(name, prefix="icp")
            assert len(color) == 6 and int(color, 16) >= 0
            assert 0 < len(description) <= 100


BOT = "github-actions[bot]"


class TestPlanWrites:
    def request(self, labels=(), comments=()):
        return RawRequest(key="o/r#1", labels=list(labels), comments=list(comments))

    def tags(self):
        return desired_tags(item(), settings())

    def test_new_issue_creates_missing_labels_then_adds_them_then_comments(self):
        writes = plan_writes(
            self.request(),
            self.tags(),
            settings=settings(),
            existing_labels={"icp:core"},
            scope="o/r",
            own_login=BOT,
        )
        assert [(w.kind, w.labels) for w in writes] == [
            ("create_label", ("icp-fit:A",)),
            ("add_labels", ("icp:core", "icp-fit:A")),
            ("create_comment", ()),
        ]
        assert writes[0].target == "o/r" and writes[1].target == "o/r#1"

    def test_stale_own_labels_go_and_foreign_labels_stay(self):
        current = self.request(labels=["icp:mixed", "ICP-FIT:a", "customer:acme-co", "bug"])
        writes = plan_writes(
            current,
            self.tags(),
            settings=settings(comment=False),
            existing_labels=set(),
            scope="o/r",
            own_login=BOT,
        )
        assert [(w.kind, w.labels) for w in writes] == [
            ("create_label", ("icp:core",)),
            ("add_labels", ("icp:core",)),
            ("remove_label", ("icp:mixed",)),
        ]

    def test_nothing_changed_plans_nothing(self):
        tags = self.tags()
        ours = Comment(
            author=BOT,
            body=comment_markdown(tags.comment).replace("\n", "\r\n"),
            url="https://x/o/r/issues/1#issuecomment-9",
        )
        current = self.request(labels=["icp:core", "icp-fit:A", "bug"], comments=[ours])
        assert (
            plan_writes(current, tags, settings=settings(), existing_labels=set(), scope="o/r", own_login=BOT)
            == []
        )

    def test_changed_comment_is_edited_and_duplicates_deleted(self):
        old = [
            Comment(
                author=BOT, body=f"{OWN_COMMENT_MARKER}\nold", url="https://x/o/r/issues/1#issuecomment-7"
            ),
            Comment(body="unrelated", url="https://x/o/r/issues/1#issuecomment-8"),
            Comment(
                author=BOT, body=f"{OWN_COMMENT_MARKER}\nold too", url="https://x/o/r/issues/1#issuecomment-9"
            ),
        ]
        writes = plan_writes(
            self.request(comments=old),
            self.tags(),
            settings=settings(labels=False),
            existing_labels=set(),
            scope="o/r",
            own_login=BOT,
        )
        assert [(w.kind, w.comment_id) for w in writes] == [("edit_comment", 7), ("delete_comment", 9)]

    def test_someone_elses_comment_with_the_marker_is_never_edited_or_deleted(self):
        """Anyone can type the hidden marker; only the tool's own login makes a comment ours."""
        theirs = [
            Comment(
                author="mallory", body=f"{OWN_COMMENT_MARKER} hi", url="https://x/o/r/issues/1#issuecomment-5"
            ),
            Comment(
                author="alice",
                body=f"quoting: {OWN_COMMENT_MARKER}",
                url="https://x/o/r/issues/1#issuecomment-6",
            ),
        ]
        writes = plan_writes(
            self.request(comments=theirs),
            self.tags(),
            settings=settings(labels=False),
            existing_labels=set(),
            scope="o/r",
            own_login=BOT,
        )
        assert [w.kind for w in writes] == ["create_comment"]

    def test_a_stranger_quoting_the_marker_after_ours_is_left_alone(self):
        comments = [
            Comment(
                author=BOT,
                body=comment_markdown(self.tags().comment),
                url="https://x/o/r/issues/1#issuecomment-7",
            ),
            Comment(
                author="alice",
                body=f"{OWN_COMMENT_MARKER} ### ICP triage",
                url="https://x/o/r/issues/1#issuecomment-8",
            ),
        ]
        writes = plan_writes(
            self.request(comments=comments),
            self.tags(),
            settings=settings(labels=False),
            existing_labels=set(),
            scope="o/r",
            own_login=BOT,
        )
        assert writes == []

    def test_a_bot_login_matches_with_or_without_the_bot_suffix(self):
        """GraphQL spells a bot comment's author ``github-actions``, ``viewer`` says ``github-actions[bot]``."""
        ours = [
            Comment(
                author="GitHub-Actions",
                body=f"{OWN_COMMENT_MARKER}\nold",
                url="https://x/o/r/issues/1#issuecomment-7",
            )
        ]
        writes = plan_writes(
            self.request(comments=ours),
            self.tags(),
            settings=settings(labels=False),
            existing_labels=set(),
            scope="o/r",
            own_login=BOT,
        )
        assert [(w.kind, w.comment_id) for w in writes] == [("edit_comment", 7)]

    def test_our_comment_without_an_id_is_an_error(self):
        broken = [Comment(author=BOT, body=OWN_COMMENT_MARKER, url=None)]
        with pytest.raises(ValueError, match="no id"):
            plan_writes(
                self.request(comments=broken),
                self.tags(),
                settings=settings(),
                existing_labels=set(),
                scope="o/r",
                own_login=BOT,
            )

    def test_describe_reads_as_a_plan(self):
        writes = plan_writes(
            self.request(),
            self.tags(),
            settings=settings(),
            existing_labels=set(),
            scope="o/r",
            own_login=BOT,
        )
        assert (
            writes[0].describe()
            == "o/r: create label icp:core (#1a7f37, 'ICP triage: asked for mostly by ideal-customer accounts')"
        )
        assert writes[2].describe() == "o/r#1: add labels icp:core, icp-fit:A"


def test_comment_id_from_url():
    assert comment_id_from_url("https://github.com/o/r/issues/1#issuecomment-2583700001") == 2583700001
    assert comment_id_from_url("https://github.com/o/r/issues/1") is None
    assert comment_id_from_url(None) is None


class TestFullDisclosureEscapes:
    """Account names in a public ``disclose: full`` comment are inert (issue 16, defect 8)."""

    @pytest.mark.parametrize(
        "name",
        [
            "@everyone Corp",
            "Evil --> <script>x</script>",
            f"Marker {OWN_COMMENT_MARKER} Inc",
            "Pipe | Co | Ltd",
            "Sub</sub> ## Heading",
            "Bidi\u202eevil\u202c and\x1b[2J escapes",
        ],
    )
    def test_hostile_names_cannot_ping_break_or_add_a_marker(self, name):
        accounts = [ACCOUNTS[0].model_copy(update={"name": name})]
        found = rank([RawRequest(key="o/r#1", author="alice")], accounts, PROFILE).item("o/r#1")
        assert found is not None
        text = comment_markdown(desired_tags(found, settings(disclose="full")).comment)
        assert text.count(OWN_COMMENT_MARKER) == 1 and text.startswith(OWN_COMMENT_MARKER)
        [line] = [x for x in text.splitlines() if x.startswith("- ") and "tier A" in x]
        assert "@everyone" not in line  # a zero-width joiner follows the @
        for raw in ("-->", "</sub>", "<script>", "\u202e", "\x1b"):
            assert raw not in line
        assert " | " not in line.replace("\\|", "")
        assert text.count("</sub>") == 1
