"""Attribution: every signal kind and strength, matching by id/name/alias/domain/e-mail/login."""

from __future__ import annotations

from typing import Any

import pytest

from icp_triage.adapters.github.conventions import GITHUB_CONVENTIONS, OWN_COMMENT_MARKER
from icp_triage.core.attribution import AccountIndex, Attribution, Attributor, public_reason
from icp_triage.core.models import Account, RawRequest
from icp_triage.core.settings import AttributionSettings

ACCOUNTS = [
    Account(
        id="acme",
        name="Acme Inc.",
        domains=("acme.io",),
        github_logins=("alice",),
        github_orgs=("acme-corp",),
        aliases=("Roadrunner Supplies",),
    ),
    Account(id="globex", name="Globex GmbH", domains=("globex.com",), github_logins=("bob",)),
    Account(id="initech", name="Initech", domains=("https://www.initech.com/",), github_logins=("Carol",)),
    Account(id="hooli-us", name="Hooli Inc", domains=("hooli.com", "shared.io")),
    Account(id="hooli-eu", name="Hooli Ltd", domains=("shared.io",)),
]


def attribute(accounts: list[Account] | None = None, settings: dict[str, Any] | None = None, **request: Any):
    attributor = Attributor(
        ACCOUNTS if accounts is None else accounts,
        AttributionSettings.model_validate(settings or {}),
        conventions=GITHUB_CONVENTIONS,  # the requests here are GitHub-shaped
    )
    parsed = RawRequest.model_validate({"key": "k", **request})
    found = attributor.attribute(parsed, detail=True)  # every unmatched signal, with its reason
    assert attributor.attribute(parsed).best == found.best  # ranking's fast path agrees
    return found


def best(found: Attribution) -> list[tuple[str, str, float]]:
    return [(s.account_id, s.kind, s.strength) for s in found.best]


def unmatched(found: Attribution) -> list[tuple[str, str, str]]:
    return [(u.kind, u.value, u.reason) for u in found.unmatched]


class TestAuthor:
    def test_github_login(self):
        found = attribute(author="alice")
        assert best(found) == [("acme", "author", 1.0)]
        assert found.best[0].source == "author @alice"

    def test_login_is_case_insensitive(self):
        assert best(attribute(author="CAROL")) == [("initech", "author", 1.0)]

    def test_unknown_login_falls_back_to_email_domain(self):
        assert best(attribute(author="zed", author_email="zed@globex.com")) == [("globex", "author", 1.0)]

    def test_email_on_a_subdomain(self):
        assert best(attribute(author_email="Zed@EU.Globex.com")) == [("globex", "author", 1.0)]

    @pytest.mark.parametrize(
        ("listed", "email"),
        [
            ("bücher.de", "jane@bücher.de"),
            ("bücher.de", "jane@xn--bcher-kva.de"),
            ("xn--bcher-kva.de", "jane@Bücher.de"),
        ],
    )
    def test_an_internationalised_domain_matches_however_it_is_spelt(self, listed, email):
        accounts = [Account(id="buch", name="Bücher GmbH", domains=(listed,))]
        assert best(attribute(accounts, author_email=email)) == [("buch", "author", 1.0)]

    def test_reporter_email_without_login(self):
        found = attribute(author_email="jane@acme.io")
        assert best(found) == [("acme", "author", 1.0)]
        assert found.best[0].source == "reporter domain acme.io"

    def test_unknown_login_is_kept_with_reason(self):
        found = attribute(author="zed")
        assert found.best == ()
        assert unmatched(found) == [
            ("author", "zed", "no account lists this GitHub login"),
        ]

    def test_unknown_email_domain_is_kept_with_reason(self):
        assert unmatched(attribute(author_email="jane@gmail.com")) == [
            ("author", "gmail.com", "no account has the domain gmail.com"),
        ]

    def test_bot_author_is_skipped(self):
        found = attribute(author="dependabot[bot]")
        assert found.best == found.unmatched == ()

    def test_ignored_user_is_skipped(self):
        found = attribute(settings={"ignore_users": ["@Alice"]}, author="alice")
        assert found.best == found.unmatched == ()

    def test_an_ignored_reporter_email_names_no_customer(self):
        # a help desk that files issues for everyone: its domain is the vendor's own customer
        assert best(attribute(author_email="helpdesk@acme.io")) == [("acme", "author", 1.0)]
        found = attribute(settings={"ignore_users": ["helpdesk@acme.io"]}, author_email="Helpdesk@Acme.io")
        assert found.best == found.unmatched == ()


class TestField:
    def test_fields_entry(self):
        found = attribute(fields={"Company": "Acme Inc."})
        assert best(found) == [("acme", "field", 1.0)]
        assert found.best[0].source == "field Company"

    def test_field_name_is_case_insensitive(self):
        assert best(attribute(fields={"company": "globex"})) == [("globex", "field", 1.0)]

    def test_configured_field_name(self):
        found = attribute(
            settings={"form_field": "Customer"}, fields={"Customer": "Initech", "Company": "Acme"}
        )
        assert best(found) == [("initech", "field", 1.0)]

    def test_multi_select_list(self):
        assert best(attribute(fields={"Company": ["Acme", "Globex"]})) == [
            ("acme", "field", 1.0),
            ("globex", "field", 1.0),
        ]

    def test_jira_option_object(self):
        assert best(attribute(fields={"Company": {"value": "Globex"}})) == [("globex", "field", 1.0)]

    def test_jira_multi_select_of_option_objects(self):
        found = attribute(fields={"Company": [{"value": "Acme"}, {"id": "10021", "value": "Globex"}]})
        assert best(found) == [("acme", "field", 1.0), ("globex", "field", 1.0)]
        assert found.unmatched == ()

    @pytest.mark.parametrize("empty", ["_No response_", "", "N/A", None])
    def test_no_response_is_ignored(self, empty):
        found = attribute(fields={"Company": empty})
        assert found.best == found.unmatched == ()

    def test_issue_form_section_in_the_body(self):
        body = "### Company\n\nGlobex GmbH\n\n### Use case\n\nSSO for everyone\n"
        found = attribute(body=body)
        assert best(found) == [("globex", "field", 1.0)]
        assert found.best[0].source == "issue form section 'Company'"

    def test_issue_form_section_no_response_is_ignored(self):
        found = attribute(body="### Company\n\n_No response_\n\n### Use case\n\nx\n")
        assert found.best == found.unmatched == ()

    def test_issue_form_section_followed_by_more_text(self):
        body = "### Company\n\nGlobex\n\nRequested-by: initech.com\n"
        assert best(attribute(body=body)) == [("globex", "field", 1.0), ("initech", "trailer", 1.0)]

    def test_issue_form_section_with_windows_line_ends(self):
        body = "### Company\r\n\r\nGlobex\r\n\r\nRequested-by: initech.com\r\n"
        assert best(attribute(body=body)) == [("globex", "field", 1.0), ("initech", "trailer", 1.0)]

    def test_issue_form_section_listing_one_company_per_line(self):
        body = "### Company\n\nAcme\nGlobex\n\n### Use case\n\nx\n"
        assert best(attribute(body=body)) == [("acme", "field", 1.0), ("globex", "field", 1.0)]

    def test_fields_win_over_the_body_section(self):
        found = attribute(fields={"Company": "Initech"}, body="### Company\n\nGlobex\n")
        assert best(found) == [("initech", "field", 1.0)]

    def test_unmatched_field_is_kept(self):
        assert unmatched(attribute(fields={"Company": "Wayne Enterprises"})) == [
            (
                "field",
                "Wayne Enterprises",
                "no account has the id, name, alias or domain 'Wayne Enterprises'",
            ),
        ]


class TestLabel:
    def test_customer_label_by_id(self):
        found = attribute(labels=["feature-request", "customer:globex"])
        assert best(found) == [("globex", "label", 1.0)]
        assert found.best[0].source == "label customer:globex"

    def test_label_by_name_and_prefix_case(self):
        assert best(attribute(labels=["Customer:Globex GmbH"])) == [("globex", "label", 1.0)]

    def test_configured_prefix(self):
        found = attribute(settings={"label_prefix": "org/"}, labels=["org/initech", "customer:acme"])
        assert best(found) == [("initech", "label", 1.0)]

    def test_unknown_customer_label_is_kept(self):
        assert unmatched(attribute(labels=["customer:nobody"])) == [
            ("label", "nobody", "no account has the id, name, alias or domain 'nobody'"),
        ]

    @pytest.mark.parametrize("label", ["customer:", "customer: ", "customer:\t "])
    def test_empty_customer_label(self, label):
        assert unmatched(attribute(labels=[label])) == [("label", "", "empty label value")]


class TestTrailer:
    @pytest.mark.parametrize(
        "text",
        [
            "globex",  # id
            "GLOBEX",  # id, any case
            "Globex GmbH",  # name
            "Globex",  # name without its legal suffix
            "globex gmbh.",
            "globex.com",  # domain
            "https://globex.com/about",  # URL
            "jane@globex.com",  # e-mail
            "jane@sales.globex.com",  # e-mail on a subdomain
            "@bob",  # GitHub login of a mapped user
            "Jane Doe <jane@globex.com>",  # a person, as git trailers write one
        ],
    )
    def test_each_way_to_name_an_account(self, text):
        assert best(attribute(body=f"Logged for a customer.\n\nRequested-by: {text}\n")) == [
            ("globex", "trailer", 1.0),
        ]

    @pytest.mark.parametrize(
        "suffix",
        [
            "Inc",
            "Inc.",
            ", Inc.",
            "LLC",
            "Ltd",
            "Ltd.",
            "GmbH",
            "AG",
            "SA",
            "S.A.",
            "BV",
            "B.V.",
            "Corp",
            "Co",
            "Co.",
        ],
    )
    def test_legal_suffixes_and_case_do_not_matter(self, suffix):
        sep = "" if suffix.startswith(",") else " "
        assert best(attribute(body=f"Requested-by: INITECH{sep}{suffix}")) == [("initech", "trailer", 1.0)]
        assert best(attribute(fields={"Company": f"initech{sep}{suffix}"})) == [("initech", "field", 1.0)]

    def test_alias(self):
        assert best(attribute(body="Requested-by: Roadrunner Supplies")) == [("acme", "trailer", 1.0)]

    @pytest.mark.parametrize(
        "line",
        [
            "Requested-by: Initech",
            "requested-by:Initech",
            "Requested by: Initech",
            "RequestedBy: Initech",
            "Requested-By : Initech",
            "**Requested-by:** Initech",
            "> Requested-by: Initech",
            "- Requested-by: `Initech`",
        ],
    )
    def test_spellings_of_the_line(self, line):
        assert best(attribute(body=f"text\n{line}\nmore")) == [("initech", "trailer", 1.0)]

    def test_only_at_the_start_of_a_line(self):
        found = attribute(body="The field Requested-by: Initech is in the form")
        assert found.best == ()

    def test_in_a_comment(self):
        found = attribute(comments=[{"author": "zed", "body": "Requested-by: initech.com"}])
        assert ("initech", "trailer", 1.0) in best(found)
        signal = next(s for s in found.best if s.account_id == "initech")
        assert signal.source == "Requested-by line in comment 1 by @zed"

    def test_several_accounts_in_one_line(self):
        found = attribute(body="Requested-by: Acme, Globex GmbH and initech.com")
        assert best(found) == [
            ("acme", "trailer", 1.0),
            ("globex", "trailer", 1.0),
            ("initech", "trailer", 1.0),
        ]

    def test_several_with_semicolons_and_ampersand(self):
        assert [s[0] for s in best(attribute(body="Requested-by: acme; globex & initech"))] == [
            "acme",
            "globex",
            "initech",
        ]

    def test_several_lines(self):
        found = attribute(body="Requested-by: Acme\nRequested-by: Globex")
        assert [s[0] for s in best(found)] == ["acme", "globex"]

    def test_name_with_a_comma_before_its_legal_suffix(self):
        found = attribute(body="Requested-by: Acme, Inc. and Globex GmbH")
        assert [s[0] for s in best(found)] == ["acme", "globex"]
        assert found.unmatched == ()

    def test_one_unknown_among_several_is_kept(self):
        found = attribute(body="Requested-by: Acme, Wayne Enterprises")
        assert [s[0] for s in best(found)] == ["acme"]
        assert unmatched(found) == [
            (
                "trailer",
                "Wayne Enterprises",
                "no account has the id, name, alias or domain 'Wayne Enterprises'",
            ),
        ]

    def test_configured_trailer(self):
        found = attribute(
            settings={"trailer": "On-behalf-of"}, body="On-behalf-of: Acme\nRequested-by: Globex"
        )
        assert [s[0] for s in best(found)] == ["acme"]


class TestTrailerSpellings:
    @pytest.mark.parametrize(
        "line",
        [
            "**Requested-by**: Globex",
            "**Requested-by:** Globex",
            "- **Requested-by**: Globex",
            "_Requested by_: Globex",
            "> Requested-by: Globex",
        ],
    )
    def test_markdown_emphasis_around_the_key(self, line):
        assert best(attribute(body=f"Some context.\n\n{line}\n")) == [("globex", "trailer", 1.0)]


class TestSeveralCompanies:
    def accounts(self) -> list[Account]:
        return [*ACCOUNTS, Account(id="pg", name="Procter & Gamble"), Account(id="smith", name="Smith")]

    def names(self, text: str) -> tuple[list[str], list[str]]:
        found = attribute(self.accounts(), body=f"Requested-by: {text}\n")
        return [s.account_id for s in found.best], [u.value for u in found.unmatched]

    def test_a_name_with_an_ampersand_among_others(self):
        assert self.names("Procter & Gamble, Acme") == (["acme", "pg"], [])
        assert self.names("Acme, Procter and Gamble, Globex") == (["acme", "globex", "pg"], [])

    def test_and_still_separates_inside_a_comma_group(self):
        assert self.names("Acme and Globex, Initech") == (["acme", "globex", "initech"], [])

    def test_an_unknown_group_stays_whole(self):
        assert self.names("Acme, Wayne & Sons") == (["acme"], ["Wayne & Sons"])

    def test_legal_suffixes_stay_with_their_names(self):
        assert self.names("Acme, Inc. and Globex GmbH, Initech") == (["acme", "globex", "initech"], [])

    def test_empty_pieces_are_no_names(self):
        assert self.names("Acme,, Globex ,") == (["acme", "globex"], [])


class TestComment:
    def test_comment_by_a_mapped_user(self):
        found = attribute(comments=[{"author": "bob", "body": "We need this too"}])
        assert best(found) == [("globex", "comment", 0.5)]
        assert found.best[0].source == "comment 1 by @bob"

    def test_comment_by_an_unknown_user_is_kept(self):
        assert unmatched(attribute(comments=[{"author": "zed", "body": "+1"}])) == [
            ("comment", "zed", "no account lists this GitHub login"),
        ]

    def test_bot_comment_is_skipped(self):
        found = attribute(comments=[{"author": "github-actions[bot]", "body": "Thanks!"}])
        assert found.best == found.unmatched == ()

    def test_our_own_comment_is_skipped(self):
        body = f"{OWN_COMMENT_MARKER}\nRequested-by: Acme"
        found = attribute(comments=[{"author": "alice", "body": body}])
        assert found.best == found.unmatched == ()

    def test_our_own_comment_is_skipped_wherever_its_marker_sits(self):
        # a maintainer added a line above the marker; the tagger still edits it as its own
        body = f"Edited: see the roadmap\n{OWN_COMMENT_MARKER}\nRequested-by: Acme"
        found = attribute(comments=[{"author": "alice", "body": body}])
        assert found.best == found.unmatched == ()


class TestReaction:
    @pytest.mark.parametrize("content", ["+1", "THUMBS_UP", "thumbs_up", "👍"])
    def test_plus_one_by_a_mapped_user(self, content):
        found = attribute(reactions=[{"user": "bob", "content": content}])
        assert best(found) == [("globex", "reaction", 0.3)]
        assert found.best[0].source == "+1 by @bob"

    @pytest.mark.parametrize("content", ["-1", "heart", "laugh", "HOORAY", "eyes"])
    def test_other_reactions_are_ignored(self, content):
        found = attribute(reactions=[{"user": "bob", "content": content}])
        assert found.best == found.unmatched == ()

    def test_plus_one_by_an_unknown_user_is_kept(self):
        assert unmatched(attribute(reactions=[{"user": "zed", "content": "+1"}])) == [
            ("reaction", "zed", "no account lists this GitHub login"),
        ]

    def test_bot_reaction_is_skipped(self):
        assert attribute(reactions=[{"user": "renovate[bot]", "content": "+1"}]).unmatched == ()


class TestStrongest:
    def test_one_account_once_at_its_strongest(self):
        found = attribute(
            labels=["customer:globex"],
            comments=[{"author": "bob", "body": "yes"}],
            reactions=[{"user": "bob", "content": "+1"}],
        )
        assert best(found) == [("globex", "label", 1.0)]
        assert sorted(s.kind for s in found.signals) == ["comment", "label", "reaction"]

    def test_comment_beats_reaction(self):
        found = attribute(
            comments=[{"author": "bob", "body": "yes"}], reactions=[{"user": "bob", "content": "+1"}]
        )
        assert best(found) == [("globex", "comment", 0.5)]

    def test_equal_strength_prefers_the_earlier_kind(self):
        found = attribute(author="bob", labels=["customer:globex"], body="Requested-by: Globex")
        assert best(found) == [("globex", "author", 1.0)]

    def test_configured_strengths(self):
        found = attribute(
            settings={"strengths": {"comment": 2.0}},
            labels=["customer:globex"],
            comments=[{"author": "bob", "body": "yes"}],
        )
        assert best(found) == [("globex", "comment", 2.0)]

    def test_several_accounts_each_once(self):
        found = attribute(
            author="alice",
            reactions=[{"user": "alice", "content": "+1"}, {"user": "bob", "content": "+1"}],
            comments=[{"author": "bob", "body": "Requested-by: Initech"}],
        )
        assert best(found) == [
            ("acme", "author", 1.0),
            ("globex", "comment", 0.5),
            ("initech", "trailer", 1.0),
        ]


class TestGithubOrgs:
    def test_member_of_a_mapped_org(self):
        attributor = Attributor(ACCOUNTS, AttributionSettings(), orgs_by_login={"Zed": ["ACME-corp"]})
        found = attributor.attribute(RawRequest(key="k", author="zed"))
        assert best(found) == [("acme", "author", 1.0)]


class TestAmbiguous:
    def test_name_shared_by_two_accounts(self):
        found = attribute(body="Requested-by: Hooli")
        assert found.best == ()
        assert unmatched(found) == [
            ("trailer", "Hooli", "'hooli' is ambiguous: it matches accounts hooli-eu, hooli-us"),
        ]

    def test_domain_shared_by_two_accounts(self):
        assert unmatched(attribute(author_email="x@shared.io")) == [
            ("author", "shared.io", "'shared.io' is ambiguous: it matches accounts hooli-eu, hooli-us"),
        ]

    def test_an_id_is_never_ambiguous(self):
        assert best(attribute(body="Requested-by: Hooli-US")) == [("hooli-us", "trailer", 1.0)]

    def test_a_distinct_domain_still_matches(self):
        assert best(attribute(body="Requested-by: hooli.com")) == [("hooli-us", "trailer", 1.0)]


class TestAccountIndex:
    INDEX = AccountIndex.build(ACCOUNTS)

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("ACME", "acme"),
            ("Acme Inc.", "acme"),
            ("acme, inc", "acme"),
            ("Acme LLC", "acme"),
            ("'Acme'", "acme"),
            ("initech.com", "initech"),
            ("www.initech.com", "initech"),
            ("@carol", "initech"),
        ],
    )
    def test_text(self, text, expected):
        assert self.INDEX.text(text) == (expected, "")

    def test_empty_text(self):
        assert self.INDEX.text("  ") == (None, "empty value")

    def test_unknown_login(self):
        assert self.INDEX.text("@zed") == (None, "no account lists the GitHub login @zed")


class TestConventionsAreTheTrackers:
    """The core holds no tracker's spelling of a bot or of its own comment: with no
    conventions a ``[bot]`` login is a login like any other, and a marked comment a comment."""

    def test_without_conventions_nothing_is_skipped(self):
        attributor = Attributor(ACCOUNTS, AttributionSettings())
        found = attributor.attribute(
            RawRequest(
                key="k",
                author="dependabot[bot]",
                comments=[{"author": "zed", "body": f"{OWN_COMMENT_MARKER}\nRequested-by: Acme"}],
            ),
            detail=True,
        )
        assert [u.value for u in found.unmatched][:1] == ["dependabot[bot]"]
        assert [s.kind for s in found.best] == ["trailer"]

    def test_with_github_conventions_both_are_skipped(self):
        attributor = Attributor(ACCOUNTS, AttributionSettings(), conventions=GITHUB_CONVENTIONS)
        found = attributor.attribute(
            RawRequest(
                key="k",
                author="dependabot[bot]",
                comments=[{"author": "zed", "body": f"{OWN_COMMENT_MARKER}\nRequested-by: Acme"}],
            ),
            detail=True,
        )
        assert found.best == () and found.skipped == ("author @dependabot[bot]",)


class TestAmbiguityIsData:
    """A value several accounts share keeps those accounts as data, so a public report says
    how many without parsing the reason's text."""

    def test_the_candidates_and_the_public_reason(self):
        (unmatched,) = attribute(body="Requested-by: Hooli").unmatched
        assert unmatched.candidates == ("hooli-eu", "hooli-us")
        assert public_reason(unmatched.reason) == "'hooli' is ambiguous: it matches 2 accounts"
        assert public_reason("no account has the id, name, alias or domain 'x'") == (
            "no account has the id, name, alias or domain 'x'"
        )

    def test_an_unattributed_request_carries_its_public_reasons(self):
        from icp_triage.core.ranking import rank
        from icp_triage.core.settings import Profile

        profile = Profile.model_validate(
            {"criteria": [{"attribute": "industry", "in": ["saas"], "weight": 1}]}
        )
        backlog = rank([RawRequest(key="o/r#1", body="Requested-by: Hooli")], ACCOUNTS, profile)
        (item,) = backlog.unattributed
        assert item.reasons == (
            "Requested-by line in body: 'hooli' is ambiguous: it matches accounts hooli-eu, hooli-us",
        )
        assert item.public_reasons == (
            "Requested-by line in body: 'hooli' is ambiguous: it matches 2 accounts",
        )


class TestNoBackReference:
    def test_an_attribution_is_a_value(self):
        """It holds signals, not the request or the attributor that made it."""
        from dataclasses import fields

        assert {f.name for f in fields(Attribution)} == {
            "best",
            "hits",
            "strengths",
            "skipped_people",
            "detailed",
            "vias",  # the keys of the duplicates signals were found on: text, not requests
        }

    def test_the_backlog_attributes_one_request_again_in_detail(self):
        from icp_triage.core.ranking import rank
        from icp_triage.core.settings import Profile

        profile = Profile.model_validate(
            {"criteria": [{"attribute": "industry", "in": ["saas"], "weight": 1}]}
        )
        request = RawRequest(key="o/r#1", author="alice", comments=[{"author": "nobody-known", "body": "+1"}])
        backlog = rank([request], ACCOUNTS, profile, conventions=GITHUB_CONVENTIONS)
        fast = backlog.attributions["o/r#1"]
        assert not fast.detailed and fast.unmatched == ()
        detail = backlog.attribution_detail("o/r#1")
        assert detail is not None and detail.detailed and detail.best == fast.best
        assert [(u.kind, u.value) for u in detail.unmatched] == [("comment", "nobody-known")]


class TestIdentityKinds:
    """Only a ``github`` identity is matched as a GitHub login: a Jira user whose accountId
    happens to equal a login is not that account; an e-mail matches by its domain."""

    def test_a_jira_author_named_like_a_login_is_not_that_login(self):
        found = attribute(author="alice", author_kind="jira")
        assert found.best == ()
        assert unmatched(found) == [
            ("author", "alice", "no account lists this jira user (and no e-mail to match by domain)")
        ]

    def test_a_jira_author_matches_by_e_mail_domain(self):
        found = attribute(author="5b10ac8d82e05b22cc7d4ef5", author_kind="jira", author_email="pm@acme.io")
        assert best(found) == [("acme", "author", 1.0)]

    def test_jira_commenters_and_reactors(self):
        found = attribute(
            comments=[
                {"author": "bob", "author_kind": "jira", "author_email": "b@initech.com", "body": "+1"}
            ],
            reactions=[{"user": "alice", "user_kind": "jira"}],
        )
        assert best(found) == [("initech", "comment", 0.5)]
        assert (
            "reaction",
            "alice",
            "no account lists this jira user (and no e-mail to match by domain)",
        ) in unmatched(found)

    def test_an_email_identity(self):
        assert best(attribute(author="someone@acme.io", author_kind="email")) == [("acme", "author", 1.0)]


class TestJiraUsers:
    """A Jira accountId or username listed in an account's ``jira_users`` names that account;
    the same name as a GitHub login is a different person."""

    ACCOUNTS = (
        Account(id="globex", github_logins=("alice",), domains=("globex.com",)),
        Account(id="initech", jira_users=("alice", "5b10ac8d82e05b22cc7d4ef5")),
    )

    def _attribute(self, **fields: Any) -> Attribution:
        return Attributor(self.ACCOUNTS, AttributionSettings()).attribute(
            RawRequest(key="FR-1", **fields), detail=True
        )

    def test_a_jira_reporter_is_looked_up_in_jira_users(self) -> None:
        assert [(s.account_id, s.kind) for s in self._attribute(author="alice", author_kind="jira").best] == [
            ("initech", "author")
        ]

    def test_the_same_name_as_a_github_author_is_the_github_account(self) -> None:
        assert [s.account_id for s in self._attribute(author="alice").best] == ["globex"]

    def test_an_unlisted_jira_user_falls_back_to_the_email_domain(self) -> None:
        found = self._attribute(author="bob", author_kind="jira", author_email="bob@globex.com")
        assert [s.account_id for s in found.best] == ["globex"]

    def test_jira_comments_and_votes(self) -> None:
        found = self._attribute(
            comments=[{"author": "5b10ac8d82e05b22cc7d4ef5", "author_kind": "jira", "body": "+1 from us"}],
            reactions=[{"user": "alice", "user_kind": "jira"}],
        )
        assert {(s.kind, s.account_id) for s in found.signals} == {
            ("comment", "initech"),
            ("reaction", "initech"),
        }

    @pytest.mark.parametrize("listed", ["5b10ac8d82e05b22cc7d4ef5", "Support@Initech.com"])
    def test_ignore_users_skips_jira_staff_by_account_id_or_email(self, listed: str) -> None:
        """Staff who file in Jira on customers' behalf are listed by accountId, username or
        e-mail; as author, commenter or voter they are not demand."""
        attributor = Attributor(self.ACCOUNTS, AttributionSettings(ignore_users=[listed]))
        staff = {"author_kind": "jira", "author_email": "support@initech.com"}
        request = RawRequest(
            key="FR-1",
            author="5b10ac8d82e05b22cc7d4ef5",
            **staff,
            comments=[{"author": "5b10ac8d82e05b22cc7d4ef5", **staff, "body": "+1 from us"}],
            reactions=[{"user": "5b10ac8d82e05b22cc7d4ef5", "user_kind": "jira"}]
            if listed.startswith("5b")
            else [],
        )
        found = attributor.attribute(request, detail=True)
        assert found.signals == () and found.unmatched == ()
        assert attributor.attribute(request).best == ()
        # the same person, not listed, is the account's demand
        assert {
            s.account_id for s in Attributor(self.ACCOUNTS, AttributionSettings()).attribute(request).best
        } == {"initech"}


class TestIssueFormAnswerIsTheFirstParagraph:
    """Issue 16, defect 16: text below the answer (a note naming a company) is not the answer."""

    def test_a_company_named_below_the_answer_gets_no_signal(self):
        body = "### Company\n\nGlobex\n\nInitech\n\n### Use case\n\nSSO\n"
        found = attribute(body=body)
        assert best(found) == [("globex", "field", 1.0)]
        assert found.unmatched == ()

    def test_a_note_below_the_answer_is_not_an_unmatched_company(self):
        found = attribute(body="### Company\n\nGlobex\n\nWe also asked Hooli Inc about it.\n")
        assert best(found) == [("globex", "field", 1.0)]
        assert found.unmatched == ()
