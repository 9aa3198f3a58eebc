"""Every GraphQL document the adapter sends, as constants the tests validate against
GitHub's published schema (``@octokit/graphql-schema``).

Page sizes follow https://docs.github.com/en/graphql/overview/rate-limits-and-query-limits-for-the-graphql-api:
each connection asks for at most 100 nodes, and a page of 100 issues with 100 labels,
100 thumbs-up reactions, 100 comments and 10 duplicate marks each is 100 + 100 * 310 =
31,100 possible nodes (limit 500,000), about 3 points. The issue page size is a variable so
a 502/504 can shrink it. Inner connections rarely hold more than a page; when one does, that
issue alone costs ``ISSUE_MORE`` requests.

Comments and thumbs-up reactions carry ``createdAt``, so ``trend`` dates each account's ask
(the same requests and points: a scalar field adds no node).

Every issue carries its duplicate marks: ``stateReason(enableDuplicate: true)`` (without the
argument GitHub answers NOT_PLANNED for an issue closed as a duplicate) and the timeline's
``MarkedAsDuplicateEvent`` and ``UnmarkedAsDuplicateEvent`` items only, oldest first
(https://docs.github.com/en/graphql/reference/objects#markedasduplicateevent).
"""

from __future__ import annotations

PAGE_SIZE = 100
INNER_PAGE = 100
ORG_BATCH = 50

DUPLICATE_MARKS = """
fragment DuplicateMarks on IssueTimelineItemsConnection {
  pageInfo { hasNextPage endCursor }
  nodes {
    __typename
    ... on MarkedAsDuplicateEvent { canonical { ...Canonical } }
    ... on UnmarkedAsDuplicateEvent { canonical { ...Canonical } }
  }
}

fragment Canonical on IssueOrPullRequest {
  __typename
  ... on Issue { number repository { nameWithOwner } }
  ... on PullRequest { number repository { nameWithOwner } }
}
"""

# 10 duplicate marks per issue on a page: almost every issue has none; ISSUE_MORE reads on.
ISSUE_FIELDS = (
    """
fragment IssueFields on Issue {
  id
  number
  title
  url
  state
  createdAt
  updatedAt
  closedAt
  body
  repository { nameWithOwner }
  author { __typename login }
  labels(first: 100) { pageInfo { hasNextPage endCursor } nodes { name } }
  reactions(content: THUMBS_UP, first: 100) {
    pageInfo { hasNextPage endCursor }
    nodes { user { login } createdAt }
  }
  comments(first: 100) {
    pageInfo { hasNextPage endCursor }
    nodes { author { __typename login } body url createdAt viewerDidAuthor }
  }
  stateReason(enableDuplicate: true)
  timelineItems(itemTypes: [MARKED_AS_DUPLICATE_EVENT, UNMARKED_AS_DUPLICATE_EVENT], first: 10) {
    ...DuplicateMarks
  }
}
"""
    + DUPLICATE_MARKS
)

# A cold sync of a repository: issues in a stable order, filtered on the server. With
# ``withClosed``, the same request reads a page of the closed issues too (``closed``, from its
# own cursor), for the duplicates among them: their demand counts for their originals.
ISSUES_PAGE = (
    """
query IssuesPage($owner: String!, $name: String!, $first: Int!, $after: String, $filterBy: IssueFilters,
                 $withClosed: Boolean = false, $closedAfter: String, $closedBy: IssueFilters) {
  repository(owner: $owner, name: $name) {
    issues(first: $first, after: $after, filterBy: $filterBy, orderBy: {field: CREATED_AT, direction: ASC}) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { ...IssueFields }
    }
    closed: issues(first: $first, after: $closedAfter, filterBy: $closedBy,
                   orderBy: {field: CREATED_AT, direction: ASC}) @include(if: $withClosed) {
      pageInfo { hasNextPage endCursor }
      nodes { ...IssueFields }
    }
  }
  rateLimit { cost remaining resetAt }
}
"""
    + ISSUE_FIELDS
)

# An incremental sync: every issue updated since the last one, in any state, so closing an
# issue or removing a label is seen; plus how many issues the selection holds now, which
# reveals deleted and transferred issues without listing them.
ISSUES_CHANGED = (
    """
query IssuesChanged($owner: String!, $name: String!, $first: Int!, $after: String, $since: DateTime!,
                    $filterBy: IssueFilters) {
  repository(owner: $owner, name: $name) {
    changed: issues(first: $first, after: $after, filterBy: {since: $since},
                    orderBy: {field: UPDATED_AT, direction: ASC}) {
      pageInfo { hasNextPage endCursor }
      nodes { ...IssueFields }
    }
    selected: issues(first: 1, filterBy: $filterBy) { totalCount }
  }
  rateLimit { cost remaining resetAt }
}
"""
    + ISSUE_FIELDS
)

# The numbers of every issue in the selection: only run when the count says some vanished.
ISSUE_NUMBERS = """
query IssueNumbers($owner: String!, $name: String!, $after: String, $filterBy: IssueFilters) {
  repository(owner: $owner, name: $name) {
    issues(first: 100, after: $after, filterBy: $filterBy) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { number }
    }
  }
}
"""

# The same three for a `query:` source, through search (at most 1,000 results in all:
# https://docs.github.com/en/graphql/reference/queries#search).
SEARCH_PAGE = (
    """
query SearchPage($query: String!, $first: Int!, $after: String) {
  search(query: $query, type: ISSUE, first: $first, after: $after) {
    issueCount
    pageInfo { hasNextPage endCursor }
    nodes { __typename ...IssueFields }
  }
  rateLimit { cost remaining resetAt }
}
"""
    + ISSUE_FIELDS
)

SEARCH_CHANGED = (
    """
query SearchChanged($query: String!, $selection: String!, $first: Int!, $after: String) {
  changed: search(query: $query, type: ISSUE, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { __typename ...IssueFields }
  }
  selected: search(query: $selection, type: ISSUE, first: 1) { issueCount }
  rateLimit { cost remaining resetAt }
}
"""
    + ISSUE_FIELDS
)

SEARCH_NUMBERS = """
query SearchNumbers($query: String!, $after: String) {
  search(query: $query, type: ISSUE, first: 100, after: $after) {
    issueCount
    pageInfo { hasNextPage endCursor }
    nodes { ... on Issue { number createdAt } }
  }
}
"""

# What on an issue's timeline points at its duplicates, read only for one issue (``tag
# --only``, the Action, the service): a mark seen from the original's side (``duplicate`` the
# other issue; whether GitHub shows marks there is unverified) and every issue that mentioned
# this one and was closed as a duplicate ("Duplicate of #N" leaves such a cross-reference).
# The first 100 such events: a longer tail waits for the next backlog sync.
DUPLICATED_BY = """
fragment DuplicatedBy on Issue {
  duplicatedBy: timelineItems(itemTypes: [MARKED_AS_DUPLICATE_EVENT, CROSS_REFERENCED_EVENT], first: 100) {
    nodes {
      __typename
      ... on MarkedAsDuplicateEvent { duplicate { ...Canonical } }
      ... on CrossReferencedEvent {
        source { __typename ... on Issue { number repository { nameWithOwner } stateReason(enableDuplicate: true) } }
      }
    }
  }
}
"""

# One issue by number, with the repository's labels that mention our prefix and what points
# at its duplicates: what the Action needs to tag it, in one request.
ONE_ISSUE = (
    """
query OneIssue($owner: String!, $name: String!, $number: Int!, $labelQuery: String) {
  repository(owner: $owner, name: $name) {
    issue(number: $number) { ...IssueFields ...DuplicatedBy }
    labels(first: 100, query: $labelQuery) { nodes { name } }
  }
  viewer { login }
  rateLimit { cost remaining resetAt }
}
"""
    + ISSUE_FIELDS
    + DUPLICATED_BY
)

_ISSUE_BY_NUMBER = "  d{i}: repository(owner: $o{i}, name: $n{i}) {{ issue(number: $i{i}) {{ ...IssueFields ...DuplicatedBy }} }}\n"
DUPLICATE_BATCH = 25  # issues per request: 25 * (310 + 100) possible nodes


def issues_query(count: int) -> str:
    """A query for ``count`` issues by repository and number (``$o0``, ``$n0``, ``$i0``..),
    aliased ``d0``..: the duplicates of one issue, read in one request."""
    if not 1 <= count <= DUPLICATE_BATCH:
        raise ValueError(f"between 1 and {DUPLICATE_BATCH} issues per query, got {count}")
    params = ", ".join(f"$o{i}: String!, $n{i}: String!, $i{i}: Int!" for i in range(count))
    body = "".join(_ISSUE_BY_NUMBER.format(i=i) for i in range(count))
    return (
        f"query Duplicates({params}) {{\n{body}  rateLimit {{ cost remaining resetAt }}\n}}\n"
        + ISSUE_FIELDS
        + DUPLICATED_BY
    )


# Who the token acts as: the login our comments carry. ``viewer`` answers a personal token
# (the user), an App installation token (``<app-slug>[bot]``) and the Actions GITHUB_TOKEN
# (``github-actions[bot]``), where REST ``GET /user`` refuses installation tokens.
VIEWER = """
query Viewer {
  viewer { login }
}
"""

# The next page of whichever inner connections of one issue overflowed.
ISSUE_MORE = (
    """
query IssueMore($id: ID!, $comments: String, $reactions: String, $labels: String, $timelineItems: String,
                $withComments: Boolean!, $withReactions: Boolean!, $withLabels: Boolean!,
                $withTimelineItems: Boolean = false) {
  node(id: $id) {
    ... on Issue {
      timelineItems(itemTypes: [MARKED_AS_DUPLICATE_EVENT, UNMARKED_AS_DUPLICATE_EVENT], first: 100,
                    after: $timelineItems) @include(if: $withTimelineItems) {
        ...DuplicateMarks
      }
      comments(first: 100, after: $comments) @include(if: $withComments) {
        pageInfo { hasNextPage endCursor }
        nodes { author { __typename login } body url createdAt viewerDidAuthor }
      }
      reactions(content: THUMBS_UP, first: 100, after: $reactions) @include(if: $withReactions) {
        pageInfo { hasNextPage endCursor }
        nodes { user { login } createdAt }
      }
      labels(first: 100, after: $labels) @include(if: $withLabels) {
        pageInfo { hasNextPage endCursor }
        nodes { name }
      }
    }
  }
}
"""
    + DUPLICATE_MARKS
)

# The repository's labels matching our prefix, before creating any (``tag`` on a backlog).
REPO_LABELS = """
query RepoLabels($owner: String!, $name: String!, $after: String, $labelQuery: String) {
  repository(owner: $owner, name: $name) {
    labels(first: 100, after: $after, query: $labelQuery) {
      pageInfo { hasNextPage endCursor }
      nodes { name }
    }
  }
}
"""

_USER_ORGS = "  u{i}: user(login: $l{i}) {{ login organizations(first: 100) {{ nodes {{ login }} }} }}\n"


def user_orgs_query(count: int) -> str:
    """A query for the public organisations of ``count`` users (``$l0``..), aliased ``u0``..;
    one request for up to ORG_BATCH users (50 + 50 * 100 possible nodes)."""
    if not 1 <= count <= ORG_BATCH:
        raise ValueError(f"between 1 and {ORG_BATCH} users per query, got {count}")
    params = ", ".join(f"$l{i}: String!" for i in range(count))
    body = "".join(_USER_ORGS.format(i=i) for i in range(count))
    return f"query UserOrgs({params}) {{\n{body}}}\n"


ALL_QUERIES = {
    "ISSUES_PAGE": ISSUES_PAGE,
    "ISSUES_CHANGED": ISSUES_CHANGED,
    "ISSUE_NUMBERS": ISSUE_NUMBERS,
    "SEARCH_PAGE": SEARCH_PAGE,
    "SEARCH_CHANGED": SEARCH_CHANGED,
    "SEARCH_NUMBERS": SEARCH_NUMBERS,
    "ONE_ISSUE": ONE_ISSUE,
    "VIEWER": VIEWER,
    "ISSUE_MORE": ISSUE_MORE,
    "REPO_LABELS": REPO_LABELS,
    "DUPLICATES(1)": issues_query(1),
    "DUPLICATES(max)": issues_query(DUPLICATE_BATCH),
    "USER_ORGS(1)": user_orgs_query(1),
    "USER_ORGS(max)": user_orgs_query(ORG_BATCH),
}
