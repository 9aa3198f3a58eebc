"""Webhook signatures: GitHub's documented test vector and the forms a forger would try."""

from __future__ import annotations

from icp_triage.service.signatures import sign, verify

# https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation
VECTOR = "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"


def test_githubs_documented_test_vector() -> None:
    assert sign("It's a Secret to Everybody", b"Hello, World!") == f"sha256={VECTOR}"
    assert verify("It's a Secret to Everybody", b"Hello, World!", f"sha256={VECTOR}")


def test_what_does_not_verify() -> None:
    secret, body = "s3cret", b'{"action": "opened"}'
    good = sign(secret, body)
    assert verify(secret, body, good)
    assert not verify(secret, body + b" ", good)  # tampered body
    assert not verify("other", body, good)  # wrong secret
    assert not verify(secret, body, None)  # missing header
    assert not verify(secret, body, "")
    assert not verify(secret, body, "sha1=" + "0" * 40)  # the old algorithm only
    assert not verify(secret, body, good.removeprefix("sha256="))  # no algorithm
    assert not verify(secret, body, "sha256=zz" + good[9:])  # not hex
    assert not verify("", body, sign("", body))  # a server without a secret accepts nothing
    assert verify(secret, body, good.upper().replace("SHA256=", "sha256="))  # hex case is not the signature


def test_every_character_of_the_signature_counts() -> None:
    # right in its first 32 characters (sha256= and 25 hex digits), wrong after: a forgery
    secret, body = "s3cret", b'{"action": "opened"}'
    good = sign(secret, body)
    forged = good[:32] + ("0" if good[32] != "0" else "1") + good[33:]
    assert len(forged) == len(good) and not verify(secret, body, forged)
    assert not verify(secret, body, good[:-1] + ("0" if good[-1] != "0" else "1"))


def test_the_algorithm_is_named_exactly_as_github_and_jira_send_it() -> None:
    secret, body = "s3cret", b'{"action": "opened"}'
    good = sign(secret, body)
    assert not verify(secret, body, "SHA256=" + good.removeprefix("sha256="))
    assert not verify(secret, body, " " + good)
