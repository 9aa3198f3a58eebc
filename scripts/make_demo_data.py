#!/usr/bin/env python3
"""Generate the demo data set that ``icp-triage demo`` ranks.

Writes ``src/icp_triage/demo_data/{icp.yml,accounts.csv,requests.json}`` for Trellisight, a
fictional product-analytics SaaS. Every company and person in the output is invented.

The output is deterministic: one seeded ``random.Random``, no iteration over sets or
hashes, sorted rows and ``json.dumps(indent=1)``; re-running this script reproduces the
committed files byte for byte. Standard library only.

    python scripts/make_demo_data.py            # write the files
    python scripts/make_demo_data.py --check    # exit 1 if the committed files differ

The story the data tells (see the comments at ``GIANT_ASKS`` and ``CORE_ASKS``): two loud
anti-ICP giants (and one large, ill-fitting insurer) push requests that top a naive,
ARR-weighted vote, above all the self-hosted deployment; ICP ranking files those under
opportunistic and puts warehouse features asked for by many tier-A accounts on top.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

SEED = 20261101
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "icp_triage" / "demo_data"

VENDOR = "trellisight"
GITHUB = "https://github.com"
JIRA = "https://trellisight.atlassian.net/browse"
NOW = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
START = datetime(2025, 1, 6, 8, 0, tzinfo=timezone.utc)
LAST = datetime(2026, 10, 23, 18, 0, tzinfo=timezone.utc)

# Our own staff: they log requests on a customer's behalf with a Requested-by line and
# are listed under attribution.ignore_users, so their own activity is not demand.
STAFF = ["priya-trellisight", "marco-ts", "hannelore-ts", "kwame-trellisight"]
# Users no account lists: community members, prospects, customers' contractors.
STRANGERS = [
    "bytewren",
    "quietcompile",
    "lemonade-stack",
    "ndrv",
    "hollis-codes",
    "tamsin-dev",
    "pixelmoth",
    "arunk-oss",
    "gretchen-l",
    "solderjoint",
    "oakes-jr",
    "mirabel-w",
    "tuxedo-tom",
    "zenodotus",
    "fern-data",
    "kaveh-m",
]
# Requested-by lines naming companies that are not (yet) accounts: unmatched signals.
PROSPECTS = ["Zephyrine Motors", "Blue Heron Outfitters", "palisade-demo.io", "Kittering Bay Ltd"]

ICP_YML = """\
# icp-triage demo: Trellisight, a fictional product-analytics SaaS, and its backlog.
# Every company and person in accounts.csv and requests.json is invented.
#
# `icp-triage demo --write DIR` copies this file with its accounts.csv and requests.json;
# edit the profile, point `accounts` at your CRM export and `source` at your tracker.
# Paths are relative to this file. Unknown keys are errors, so a typo never silently
# falls back to a default.

# The Ideal Customer Profile: the companies that get the most value from the product and
# return the most to the business. Named and versioned, so reports say which one ranked.
profile:
  name: Trellisight mid-market ICP
  version: "2026-11"          # quote versions so YAML keeps them as text

  # Each criterion tests one account attribute (a column of accounts.csv) and is worth
  # `weight` points when met. fit = 100 * points met / points known: a criterion whose
  # attribute is empty for an account is "unknown" and left out of both sums.
  criteria:
    # in: the value is one of these (case-insensitive).
    - {attribute: industry, in: [saas, fintech, marketplace], weight: 3}
    # range: a number within min..max, both inclusive; either bound may be left out.
    - {attribute: employees, range: {min: 100, max: 2000}, weight: 2}
    # any_of: a list attribute (`;`-separated in the CSV) shares at least one value.
    # Teams on a modern data stack are the ones who adopt our warehouse features.
    - {attribute: tech_stack, any_of: [snowflake, bigquery, dbt, segment], weight: 2}
    - {attribute: region, in: [NA, EU, UK], weight: 1}
    # equals: exactly this value. Growth is the plan our best accounts land and expand on.
    - {attribute: plan, equals: growth, weight: 1}
    # exists: the attribute has a value. An engineering org on GitHub means a
    # developer-led buyer, our strongest adopters. (exists: false tests for absence.)
    - {attribute: github_orgs, exists: true, weight: 1}

  # Anti-ICP signals: accounts that churn fast or flood support, whatever their revenue.
  anti:
    # penalty: subtract these points from the fit (never below 0).
    - {attribute: churn_risk, in: [high], penalty: 30}
    # disqualify: tier `anti` and fit 0, whatever the criteria say.
    - {attribute: support_tickets_90d, range: {min: 60}, disqualify: true}

  # Lowest fit for each tier (these are the defaults); below C is D.
  tiers: {A: 80, B: 60, C: 40}
  # With less than this share of the total weight known, the tier is `unknown`:
  # not enough data to judge, and icp-triage says so instead of guessing.
  min_coverage: 0.5
  # The tiers that count as ICP demand.
  icp_tiers: [A, B]

# The CRM export, one row per account: id, name, domains, github_logins, github_orgs,
# aliases, arr, then any attributes the profile reads. Lists are `;`-separated; numbers
# may be written 120000, "1,200,000" or $2.4M; an empty cell is unknown. When the
# ICP_TRIAGE_ACCOUNTS environment variable holds CSV or JSON text it wins (CI secrets).
accounts: accounts.csv

# Where `rank` reads requests when no --input is given. The demo reads a JSON export.
# A live backlog uses one of:
#   github: {repo: trellisight/app, query: "label:feature-request"}
#   jira: {server: https://trellisight.atlassian.net, customer_field: Company,
#          jql: "issuetype = 'Feature Request'"}
source:
  file: requests.json

# Who asked: the author's GitHub login (or a Jira reporter's e-mail domain); the issue-form
# section "### Company" or a field named Company; a label customer:<account id>; a line
# "Requested-by: <name, domain or id>" in the body or a comment; a comment or a +1 by a
# known user. Names match case-, punctuation- and legal-suffix-insensitively
# ("Ledgerlark, Inc." is Ledgerlark). An account counts once, at its strongest signal;
# strengths default to author, field, label and Requested-by 1.0, comment 0.5, +1 0.3
# (override any of them under `strengths:`).
attribution:
  form_field: Company
  label_prefix: "customer:"
  # Our own staff file requests on customers' behalf: their activity is not demand.
  ignore_users: [priya-trellisight, marco-ts, hannelore-ts, kwame-trellisight]

ranking:
  # Weigh each account's demand by its ARR (a missing ARR counts as the median).
  # `accounts` would count every account once.
  weight_by: arr
  # icp-core: at least 60% of the demand comes from ICP tiers; opportunistic: below 30%,
  # or an anti-ICP account among the top contributors. Mixed in between.
  core_share: 0.6
  opportunistic_share: 0.3

tagging:
  labels: true                # icp:core, icp:mixed, icp:opportunistic, icp:unattributed, icp-fit:A
  comment: true               # one comment per issue, edited in place
  disclose: tier-only         # issues may be public: tiers and counts, never names or revenue

# Customer outcomes, to test the profile itself (`icp-triage profile validate`). Columns
# named won, retained, expansion, nps, usage, churned_at or support_tickets are found
# without this; map the ones your CRM names differently. A blank cell is unknown.
outcomes:
  support_tickets: support_tickets_90d
"""

# ---------------------------------------------------------------------------------------
# Accounts
# ---------------------------------------------------------------------------------------

# id, name, domains, github org, aliases, arr (as the CRM writes it), industry, employees,
# region, tech_stack, plan, churn_risk, number of people with a GitHub login. Each list
# holds the accounts the profile in ICP_YML puts in that tier (check with `icp-triage
# accounts --config src/icp_triage/demo_data/icp.yml` after changing either).
# fmt: off
TIER_A = [  # the ICP
    ("quillfeather", "Quillfeather Software", "quillfeather.io", "quillfeather", "QF Software",
     "240000", "saas", "420", "NA", "snowflake;dbt;segment;aws", "growth", "low", 4),
    ("ledgerlark", "Ledgerlark", "ledgerlark.com", "ledgerlark", "Ledgerlark Payments", "$310k",
     "fintech", "650", "UK", "bigquery;dbt;gcp", "growth", "low", 3),
    ("orchardly", "Orchardly", "orchardly.app;orchardly.com", "orchardly-eng", "", "185,000",
     "saas", "230", "EU", "segment;snowflake", "growth", "low", 3),
    ("mossgate", "Mossgate Labs", "mossgate.io", "mossgate", "", "156000", "saas", "180", "NA",
     "dbt;postgres", "growth", "low", 2),
    ("pennywhistle", "Pennywhistle Pay", "pennywhistlepay.com", "pennywhistle", "Pennywhistle",
     "$420K", "fintech", "1,400", "NA", "snowflake;kafka", "enterprise", "low", 4),
    ("kestrelcart", "Kestrelcart", "kestrelcart.com", "kestrelcart", "", "198000", "marketplace",
     "520", "EU", "bigquery;segment", "growth", "medium", 3),
    ("bramblecode", "Bramblecode", "bramblecode.dev", "bramblecode", "", "92000", "saas", "140",
     "EU", "dbt;snowflake", "growth", "low", 2),
    ("hearthstack", "Hearthstack", "hearthstack.com", "hearthstack", "", "$275k", "saas", "900",
     "NA", "snowflake", "growth", "low", 3),
    ("vellumvine", "Vellum & Vine", "vellumandvine.com", "", "Vellum and Vine", "133000",
     "marketplace", "310", "UK", "segment;bigquery", "growth", "low", 2),
    ("driftwood", "Driftwood Ledger", "driftwoodledger.com", "driftwood-ledger", "", "380000",
     "fintech", "1,900", "NA", "snowflake;dbt", "enterprise", "low", 3),
    ("cobaltfern", "Cobaltfern", "cobaltfern.io", "cobaltfern", "", "88000", "saas", "120", "NA",
     "segment", "growth", "low", 2),
    ("wrenfield", "Wrenfield Software", "wrenfield.io", "wrenfield", "", "215000", "saas", "600",
     "EU", "bigquery", "growth", "low", 3),
    ("nettlebrook", "Nettlebrook Payments", "nettlebrook.com", "nettlebrook", "", "$360k",
     "fintech", "750", "EU", "snowflake;segment", "growth", "low", 3),
    ("sparrowgrass", "Sparrowgrass Commerce", "sparrowgrass.shop", "sparrowgrass", "", "167000",
     "marketplace", "450", "NA", "dbt", "growth", "medium", 2),
    ("fathomly", "Fathomly", "fathomly.com", "fathomly", "", "121000", "saas", "95", "NA",
     "snowflake", "growth", "low", 2),
    ("glimmerforge", "Glimmerforge", "glimmerforge.dev", "glimmerforge", "", "74000", "saas", "260",
     "EU", "segment", "starter", "low", 2),
    ("lanternfish", "Lanternfish Data", "lanternfish.io", "lanternfish-data", "", "$205k", "saas",
     "330", "UK", "dbt;bigquery", "growth", "low", 3),
    ("brisklane", "Brisklane Payroll", "brisklane.com", "brisklane", "", "262000", "fintech", "480",
     "NA", "snowflake", "growth", "low", 3),
    ("merilune", "Mérilune Paiements", "merilune.eu", "merilune", "", "€140k", "fintech", "", "EU",
     "segment;dbt", "growth", "low", 2),
]
# fmt: on
# fmt: off
TIER_B = [  # ICP too; ambergrove would be A but for its high churn risk
    ("ambergrove", "Ambergrove Finance", "ambergrove.finance", "ambergrove", "", "290000",
     "fintech", "1,100", "UK", "bigquery", "growth", "high", 3),
    ("pipsqueak", "Pipsqueak Tools", "pipsqueak.tools", "", "", "45000", "saas", "60", "NA",
     "segment", "starter", "low", 1),
    ("harborlight", "Harborlight Markets", "harborlight.com", "harborlight", "", "142000",
     "marketplace", "2,600", "NA", "redshift;aws", "growth", "low", 2),
    ("cinderpath", "Cinderpath", "cinderpath.io", "cinderpath", "", "98000", "saas", "340", "APAC",
     "mysql", "growth", "low", 2),
    ("larchwick", "Larchwick Systems", "larchwick.com", "larchwick", "", "176000", "media", "510",
     "NA", "snowflake", "growth", "low", 2),
    ("oakmoor", "Oakmoor Health", "oakmoorhealth.com", "oakmoor-health", "", "$510k", "healthcare",
     "800", "NA", "snowflake;dbt", "enterprise", "medium", 2),
    ("tallowmere", "Tallowmere Learning", "tallowmere.com", "tallowmere", "", "119000", "education",
     "350", "EU", "bigquery", "growth", "low", 2),
    ("copperkettle", "Copperkettle Commerce", "copperkettle.co", "", "", "64000", "e-commerce",
     "210", "UK", "segment", "growth", "low", 1),
    ("saltmarsh", "Saltmarsh Billing", "saltmarsh.io", "saltmarsh", "", "83000", "fintech", "",
     "LATAM", "postgres", "growth", "low", 1),
    ("ferncastle", "Ferncastle Studio", "ferncastle.studio", "ferncastle", "", "57000", "agency",
     "150", "EU", "segment", "growth", "low", 1),
    ("briarpatch", "Briarpatch Insights", "briarpatch.ai", "briarpatch", "", "112000", "saas",
     "2,400", "APAC", "bigquery", "enterprise", "low", 2),
    ("pebbleshore", "Pebbleshore Travel", "pebbleshore.travel", "pebbleshore", "", "150000",
     "travel", "700", "EU", "snowflake", "growth", "medium", 2),
]
# fmt: on
# fmt: off
TIER_C = [
    ("thistledown", "Thistledown Media", "thistledown.media", "thistledown", "", "72000", "media",
     "450", "NA", "redshift", "growth", "medium", 1),
    ("gristmill", "Gristmill Manufacturing", "gristmill-mfg.com", "gristmill-mfg", "", "$185k",
     "manufacturing", "1,200", "EU", "azure;sql-server", "enterprise", "low", 1),
    ("bellhaven", "Bellhaven Clinics", "bellhavenclinics.org", "", "", "205000", "healthcare",
     "1,800", "NA", "bigquery", "enterprise", "low", 1),
    ("quarryhill", "Quarryhill Logistics", "quarryhill.eu", "", "", "96000", "logistics", "600",
     "EU", "oracle", "growth", "medium", 1),
    ("emberlane", "Emberlane Games", "emberlane.gg", "emberlane", "", "38000", "gaming", "90", "NA",
     "bigquery", "starter", "low", 2),
    ("rookwood", "Rookwood Realty", "rookwoodrealty.com", "", "", "52000", "real-estate", "300",
     "NA", "hubspot", "growth", "low", 1),
    ("marigold", "Marigold Giving Network", "marigoldgiving.org", "", "", "30000", "nonprofit",
     "250", "UK", "google-sheets", "growth", "low", 0),
    ("duskfall", "Duskfall Security", "duskfall.io", "duskfall-sec", "", "$150K", "saas", "5,000",
     "APAC", "splunk", "enterprise", "medium", 1),
    ("oxbow", "Oxbow Outfitters", "oxbowoutfitters.com", "", "", "88000", "e-commerce", "1,500",
     "NA", "shopify;segment", "enterprise", "low", 1),
    ("craglow", "Craglow Telecom", "craglow.net", "craglow", "", "128000", "telecom", "4,000", "EU",
     "bigquery", "enterprise", "medium", 1),
]
# fmt: on
# fmt: off
TIER_D = [  # stonequay: a large, ill-fitting insurer with high churn risk
    ("stonequay", "Stonequay Insurance Group", "stonequay.com;stonequay-group.com", "stonequay",
     "Stonequay", "$1.1M", "insurance", "12,000", "EU", "azure;sas", "enterprise", "high", 4),
    ("greyhollow", "Greyhollow County Services", "greyhollow.gov", "", "", "61000", "public-sector",
     "8,000", "EU", "sap", "enterprise", "medium", 0),
    ("tidemoor", "Tidemoor County Schools", "tidemoorschools.org", "", "", "44000", "education",
     "3,500", "NA", "on-prem", "enterprise", "low", 1),
    ("hobnail", "Hobnail Boot Co", "hobnailboots.com", "", "", "12000", "retail", "40", "LATAM",
     "shopify", "starter", "medium", 0),
    ("clatterfield", "Clatterfield Print", "clatterfield.co.uk", "", "", "18000", "manufacturing",
     "70", "UK", "excel", "starter", "low", 0),
    ("mudlark", "Mudlark Agency", "mudlark.agency", "", "", "15000", "agency", "25", "APAC",
     "wordpress", "starter", "medium", 1),
    ("pellucid", "Pellucid Pharma", "pellucidpharma.com", "", "", "$90k", "pharma", "9,000", "EU",
     "sas", "enterprise", "low", 1),
    ("wickerby", "Wickerby Hotels", "wickerbyhotels.com", "", "", "67000", "hospitality", "2,200",
     "APAC", "oracle", "enterprise", "medium", 0),
    ("honeywick", "Honeywick Home Care", "honeywick.care", "", "", "21000", "healthcare", "60",
     "NA", "excel", "starter", "low", 0),
    ("saffronvale", "Saffronvale Catering", "saffronvale.mx", "", "", "14000", "hospitality", "45",
     "LATAM", "", "starter", "medium", 0),
]
# fmt: on
# fmt: off
TIER_ANTI = [  # disqualified by their support load; the first two are the loud giants
    ("hollowmere", "Hollowmere Freight Group", "hollowmere.com;hollowmere-logistics.com", "",
     "Hollowmere", "$2.4M", "logistics", "38,000", "APAC", "oracle;sap;on-prem", "enterprise",
     "high", 10),
    ("grandbarrow", "Grandbarrow Retail Holdings", "grandbarrow.com", "grandbarrow-it",
     "Grandbarrow", "1,850,000", "retail", "52,000", "LATAM", "sap;teradata", "enterprise", "high",
     9),
    ("knotgrass", "Knotgrass Coupons", "knotgrass.deals", "", "", "18000", "e-commerce", "35", "NA",
     "segment", "starter", "high", 2),
]
# fmt: on
# fmt: off
TIER_UNKNOWN = [  # too little data to judge
    ("sunquill", "Sunquill Robotics", "sunquill.ai", "", "", "", "", "", "NA", "", "starter", "",
     1),
    ("wispwood", "Wispwood", "wispwood.io", "wispwood", "", "", "", "", "", "", "growth", "", 1),
    ("velvetine", "Velvetine Labs", "velvetine.com", "", "", "26000", "", "", "EU", "", "", "", 1),
    ("parsnippike", "Parsnip & Pike", "parsnipandpike.com", "", "Parsnip and Pike", "", "", "140",
     "UK", "", "", "", 0),
    ("brackenridge", "Brackenridge Capital", "brackenridgecap.com", "", "", "$95k", "", "", "NA",
     "snowflake", "", "", 1),
    ("mintmarrow", "Mintmarrow", "mintmarrow.app", "mintmarrow", "", "", "", "", "", "", "", "", 1),
]
# fmt: on

ACCOUNTS = TIER_A + TIER_B + TIER_C + TIER_D + TIER_ANTI + TIER_UNKNOWN
TIER_OF = {
    spec[0]: tier
    for tier, specs in (
        ("A", TIER_A),
        ("B", TIER_B),
        ("C", TIER_C),
        ("D", TIER_D),
        ("anti", TIER_ANTI),
        ("unknown", TIER_UNKNOWN),
    )
    for spec in specs
}

# Support load and churn for the accounts the story depends on; the rest are drawn.
TICKETS = {"hollowmere": 182, "grandbarrow": 97, "knotgrass": 74, "stonequay": 44, "ambergrove": 23}

FIRST = [
    "maya",
    "dario",
    "ines",
    "tobias",
    "yuki",
    "amara",
    "leif",
    "sana",
    "oskar",
    "priti",
    "camille",
    "ruben",
    "noor",
    "felix",
    "ilse",
    "mateo",
    "zora",
    "kenji",
    "aoife",
    "bram",
    "lucia",
    "emeka",
    "greta",
    "hamid",
    "signe",
    "tomas",
    "wren",
    "anouk",
    "caleb",
    "dagny",
    "elio",
    "farah",
    "gideon",
    "hedda",
    "ivo",
    "jolene",
    "kasimir",
    "liv",
    "marek",
    "nadia",
]
SURNAMES = [
    "okafor",
    "lindqvist",
    "moreau",
    "halvorsen",
    "tanabe",
    "quispe",
    "brennan",
    "kowalczyk",
    "ferreira",
    "nakashima",
    "abernathy",
    "vasquez",
    "oyelaran",
    "strand",
    "delacroix",
    "mbeki",
    "rasmussen",
    "castellan",
    "duvall",
    "ivanova",
    "petrakis",
    "holloway",
    "ekwueme",
    "sorensen",
    "marchetti",
    "adebayo",
    "kirkland",
    "voss",
    "yilmaz",
    "achterberg",
]


def people(rng: random.Random, count: int, taken: list[str]) -> list[tuple[str, str, str]]:
    """``count`` invented people as (first, last, login), logins unique across the data set."""
    found = []
    while len(found) < count:
        first, last = rng.choice(FIRST), rng.choice(SURNAMES)
        style = rng.randrange(4)
        login = [
            f"{first}-{last}",
            f"{first[0]}{last}",
            f"{first}{last[:3]}",
            f"{last}-{first[0]}",
        ][style]
        if login in taken:
            continue
        taken.append(login)
        found.append((first, last, login))
    return found


def build_accounts(rng: random.Random) -> list[dict]:
    taken = list(STAFF) + list(STRANGERS)
    rows = []
    for spec in ACCOUNTS:
        (
            aid,
            name,
            domains,
            org,
            aliases,
            arr,
            industry,
            employees,
            region,
            stack,
            plan,
            churn,
            nlogins,
        ) = spec
        crew = people(rng, nlogins, taken)
        tier_hint = TIER_OF[aid]
        good = tier_hint in ("A", "B")
        if aid in TICKETS:
            tickets = str(TICKETS[aid])
        elif tier_hint == "unknown":
            tickets = "" if rng.random() < 0.6 else str(rng.randint(0, 6))
        else:
            tickets = str(rng.randint(2, 14) if good else rng.randint(5, 38))
        if tier_hint == "unknown":
            retained = ""
            won = "" if rng.random() < 0.5 else rng.choice(["true", "false"])
            nps = ""
        else:
            retained = "true" if rng.random() < (0.9 if good else 0.55) else "false"
            if tier_hint == "anti" or churn == "high":
                retained = "false" if aid != "stonequay" else "true"
            won = "true" if rng.random() < (0.85 if good else 0.5) else "false"
            nps = str(rng.randint(30, 72) if good else rng.randint(-35, 35))
            if rng.random() < 0.1:
                nps = ""
        rows.append(
            {
                "id": aid,
                "name": name,
                "domains": domains,
                "github_logins": ";".join(login for _, _, login in crew),
                "github_orgs": org,
                "aliases": aliases,
                "arr": arr,
                "industry": industry,
                "employees": employees,
                "region": region,
                "tech_stack": stack,
                "plan": plan,
                "churn_risk": churn,
                "support_tickets_90d": tickets,
                "retained": retained,
                "won": won,
                "nps": nps,
                # not written to the CSV: used to sign requests
                "_people": crew,
            }
        )
    return rows


COLUMNS = [
    "id",
    "name",
    "domains",
    "github_logins",
    "github_orgs",
    "aliases",
    "arr",
    "industry",
    "employees",
    "region",
    "tech_stack",
    "plan",
    "churn_risk",
    "support_tickets_90d",
    "retained",
    "won",
    "nps",
    "expansion",
    "usage",
    "churned_at",
]


def add_outcomes(rng: random.Random, rows: list[dict]) -> None:
    """Expansion (net revenue retention), usage (share of seats active weekly, %) and the
    churn date, consistent with the story: ICP-tier accounts expand and use the product,
    the others (above all the anti-ICP giants) shrink and churn; prospects have none yet.

    Drawn from their own seeded generator after the requests, so adding them left
    requests.json exactly as it was.
    """
    for row in rows:
        row["expansion"] = row["usage"] = row["churned_at"] = ""
        if row["retained"] == "":
            continue
        good = TIER_OF[row["id"]] in ("A", "B")
        if row["retained"] == "false":
            row["expansion"] = "0.00"
            when = datetime(2025, 3, 1, tzinfo=timezone.utc) + timedelta(days=rng.randint(0, 540))
            row["churned_at"] = when.date().isoformat()
        else:
            row["expansion"] = f"{rng.uniform(1.05, 1.45) if good else rng.uniform(0.75, 1.1):.2f}"
        row["usage"] = str(rng.randint(55, 95) if good else rng.randint(10, 60))


def accounts_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in sorted(rows, key=lambda r: r["id"]):
        writer.writerow([row[c] for c in COLUMNS])
    return out.getvalue()


# ---------------------------------------------------------------------------------------
# Requests
# ---------------------------------------------------------------------------------------

# Requests the giants push (the opportunism). requesters: (account id, signal) where the
# signal is author, label, field, form, trailer, comment, reaction, email, or "loud" (a
# comment plus +1s from several of the account's people). The first is the flagship: every
# large misfit asks for it, so by ARR-weighted votes it is #1.
# fmt: off
GIANT_ASKS = [
    ("app", "Self-hosted deployment for air-gapped networks", "deployment",
     "Our security office will not sign off on sending event data to any hosted region. We need "
     "ingest, query and the web app installable on our own Kubernetes clusters with no outbound "
     "internet access, including offline licence activation and upgrades from a USB bundle.",
     [("hollowmere", "author"), ("hollowmere", "loud"), ("grandbarrow", "label"),
      ("grandbarrow", "loud"), ("stonequay", "trailer"), ("stonequay", "loud"),
      ("knotgrass", "reaction"), ("briarpatch", "reaction")]),
    ("app", "SAP S/4HANA connector for order and shipment events", "integrations",
     "Every business event we care about lives in SAP. We want a certified connector that reads "
     "IDocs for sales orders and deliveries and turns them into events, without middleware.",
     [("hollowmere", "author"), ("hollowmere", "loud"), ("grandbarrow", "comment"),
      ("grandbarrow", "loud")]),
    ("app", "Export dashboards to PowerPoint with our corporate slide master", "reporting",
     "Our regional directors present in PowerPoint. Screenshots break the template; we need a "
     "native export that applies our .potx master, fonts and disclaimer footer to every chart.",
     [("grandbarrow", "author"), ("grandbarrow", "loud"), ("stonequay", "comment"),
      ("hollowmere", "reaction"), ("hollowmere", "loud")]),
    ("app", "Separate invoices per subsidiary under one master contract", "billing",
     "We buy centrally but 40+ legal entities must each receive their own invoice in their own "
     "currency, with their own VAT id and PO number, split by seat usage.",
     [("hollowmere", "trailer"), ("hollowmere", "loud"), ("stonequay", "label"),
      ("grandbarrow", "reaction")]),
    ("app", "Oracle Database 12c as a direct event source", "integrations",
     "Our operational data sits in Oracle 12c on premises. Please poll tables directly over JDBC "
     "instead of requiring us to send events through an SDK.",
     [("hollowmere", "author"), ("hollowmere", "loud"), ("quarryhill", "reaction")]),
    ("app", "Keep raw events for 15 years for audit", "data-management",
     "Regulators in two of our markets may ask for raw customer interaction records up to 15 "
     "years back. Retention is capped at 7 years today.",
     [("stonequay", "author"), ("stonequay", "loud"), ("grandbarrow", "comment"),
      ("pellucid", "trailer")]),
    ("app", "Certified support for Citrix virtual desktops", "platform",
     "Our store back offices run the web app inside Citrix. Charts flicker and the date picker "
     "opens off screen. We need it tested and certified on our VDI image.",
     [("grandbarrow", "author"), ("grandbarrow", "loud"), ("hollowmere", "comment")]),
    ("app", "Import fixed-width mainframe batch files", "integrations",
     "Nightly EBCDIC batch files from our mainframe hold the yard movements. We need an importer "
     "that reads copybook layouts.",
     [("hollowmere", "label"), ("hollowmere", "loud"), ("wickerby", "reaction")]),
    ("app", "Named support engineer with 24/7 phone escalation", "support",
     "Tickets take too long. We want one named engineer who knows our setup and a phone number "
     "that answers at 3am in Singapore.",
     [("hollowmere", "email"), ("grandbarrow", "trailer"), ("grandbarrow", "loud")]),
    ("app", "Sync user groups from on-prem LDAP without an SSO provider", "admin",
     "We do not use a cloud identity provider. Please connect to our Active Directory over LDAP "
     "and mirror its groups as teams.",
     [("grandbarrow", "author"), ("grandbarrow", "loud"), ("greyhollow", "trailer"),
      ("tidemoor", "reaction")]),
    ("app", "Email scheduled PDF reports to 5,000 store managers", "reporting",
     "Each store manager should get their store's dashboard as a PDF every Monday at 6am local "
     "time, without needing a seat.",
     [("grandbarrow", "label"), ("grandbarrow", "loud"), ("hobnail", "reaction")]),
    ("app", "4-4-5 retail fiscal calendar per country", "charts",
     "Our fiscal year follows a 4-4-5 calendar with a 53rd week, and it differs by country. "
     "Week-over-week charts are wrong for us around period ends.",
     [("grandbarrow", "email"), ("grandbarrow", "loud"), ("stonequay", "reaction")]),
    ("app", "Twelve-level store and region hierarchy in every chart", "charts",
     "We need to drill from group to division to country to region down to store and till, twelve"
     " levels, in every chart and filter.",
     [("grandbarrow", "trailer"), ("hollowmere", "trailer"), ("hollowmere", "loud")]),
    ("sdk-js", "Offline event capture on warehouse handheld scanners", "sdk",
     "Our handhelds run an old Android WebView and lose connectivity in the yard for hours. The "
     "SDK should queue a full shift of events and replay them in order.",
     [("hollowmere", "author"), ("hollowmere", "loud"), ("stonequay", "reaction")]),
]
# fmt: on

# The ICP's asks: several tier-A accounts behind each. Warehouse-native features first.
# fmt: off
CORE_ASKS = [
    ("app", "Sync cohorts to Snowflake as tables (reverse ETL)", "warehouse",
     "Our lifecycle team builds audiences in Trellisight, then re-creates them by hand in "
     "Snowflake so the CRM sync can use them. A cohort should materialise as a table in our "
     "warehouse, refreshed on a schedule, with the cohort definition in a comment.",
     [("quillfeather", "author"), ("orchardly", "form"), ("nettlebrook", "label"),
      ("hearthstack", "comment"), ("brisklane", "trailer"), ("driftwood", "trailer"),
      ("pennywhistle", "reaction"), ("lanternfish", "comment")]),
    ("app", "Read metrics from the dbt Semantic Layer", "warehouse",
     "We define revenue, active accounts and activation once in dbt. Charts should pull those "
     "metric definitions instead of us re-building them as custom formulas that drift.",
     [("ledgerlark", "author"), ("bramblecode", "comment"), ("mossgate", "label"),
      ("lanternfish", "trailer"), ("driftwood", "comment"), ("merilune", "form"),
      ("sparrowgrass", "reaction")]),
    ("app", "Warehouse-native mode: query BigQuery in place", "warehouse",
     "Copying events out of BigQuery doubles our storage bill and lags by hours. Let Trellisight "
     "run its queries against our dataset directly.",
     [("wrenfield", "author"), ("kestrelcart", "form"), ("ledgerlark", "comment"),
      ("vellumvine", "trailer"), ("ambergrove", "reaction"), ("lanternfish", "reaction")]),
    ("app", "Account-level analytics: group users by company", "analysis",
     "We sell to companies, not people. Funnels and retention should count accounts, and a "
     "company should count as activated when any of its users does.",
     [("hearthstack", "author"), ("cobaltfern", "label"), ("quillfeather", "comment"),
      ("brisklane", "form"), ("glimmerforge", "reaction"), ("fathomly", "comment"),
      ("pipsqueak", "reaction")]),
    ("app", "Break down funnels by experiment variant", "analysis",
     "We run experiments with our own assignment service. Funnels should split by the variant "
     "property and show significance per step.",
     [("nettlebrook", "author"), ("orchardly", "comment"), ("pennywhistle", "trailer"),
      ("wrenfield", "reaction"), ("cinderpath", "comment")]),
    ("app", "Revenue events from Stripe: lifetime value by signup cohort", "integrations",
     "Connect Stripe so invoices paid become revenue events on the account, and show LTV by "
     "signup month next to retention.",
     [("brisklane", "author"), ("driftwood", "label"), ("pennywhistle", "comment"),
      ("saltmarsh", "trailer"), ("ledgerlark", "reaction")]),
    ("app", "Terraform provider for projects, roles and API keys", "admin",
     "Everything else we run is in Terraform. Projects, roles, API keys and alert channels should"
     " be too, so staging and production stay identical.",
     [("bramblecode", "author"), ("mossgate", "comment"), ("quillfeather", "trailer"),
      ("cobaltfern", "reaction"), ("glimmerforge", "comment")]),
    ("app", "Import Segment Protocols tracking plans", "governance",
     "Our tracking plan lives in Segment Protocols. Importing it would give every event and "
     "property its description and owner, and flag events that are not in the plan.",
     [("kestrelcart", "author"), ("vellumvine", "form"), ("nettlebrook", "reaction"),
      ("copperkettle", "trailer"), ("orchardly", "reaction")]),
    ("app", "Fail CI when an event violates the tracking plan", "governance",
     "A typo in an event name ships to production and breaks dashboards for a week. A CLI check "
     "in CI against the tracking plan would catch it in review.",
     [("mossgate", "author"), ("fathomly", "trailer"), ("lanternfish", "comment"),
      ("hearthstack", "reaction")]),
    ("app", "Embed dashboards in our app with row-level security", "embedding",
     "We want to show each of our customers their own usage dashboard inside our product, "
     "filtered by a signed token so they only ever see their rows.",
     [("orchardly", "author"), ("sparrowgrass", "form"), ("kestrelcart", "trailer"),
      ("harborlight", "comment"), ("briarpatch", "comment")]),
    ("app", "SCIM user provisioning and deprovisioning", "admin",
     "Security reviews ask how leavers lose access. SCIM from our identity provider should "
     "create, update and remove members and map groups to roles.",
     [("driftwood", "author"), ("nettlebrook", "trailer"), ("ambergrove", "comment"),
      ("wrenfield", "reaction")]),
    ("app", "Product-qualified lead score sent to the CRM by webhook", "integrations",
     "When a trial account crosses our activation threshold, sales should hear about it in "
     "minutes. A webhook with the account, score and the events behind it would do.",
     [("glimmerforge", "author"), ("cobaltfern", "comment"), ("hearthstack", "trailer")]),
    ("sdk-python", "Async client with batching", "sdk",
     "Our ingestion workers are asyncio. The blocking client forces us into a thread pool; an "
     "async client with size and time based batching would remove it.",
     [("lanternfish", "author"), ("bramblecode", "reaction"), ("ledgerlark", "comment")]),
    ("app", "EU data residency: host our project in Frankfurt", "platform",
     "Our DPA requires EU processing. Please offer an EU region for ingestion, storage and query,"
     " and say so in the DPA.",
     [("merilune", "author"), ("wrenfield", "trailer"), ("kestrelcart", "comment"),
      ("tallowmere", "comment"), ("pebbleshore", "reaction")]),
    ("app", "Company-level properties synced from the warehouse", "warehouse",
     "Plan, seats and health score live in our warehouse. They should sync onto companies nightly"
     " so every chart can filter and break down by them.",
     [("driftwood", "author"), ("hearthstack", "trailer"), ("wrenfield", "comment"),
      ("brisklane", "label"), ("brackenridge", "reaction")]),
    ("app", "Data deletion requests through the API", "governance",
     "GDPR erasure requests arrive through our own privacy portal. We want to forward them to "
     "Trellisight by API and get a confirmation when the user's events are gone.",
     [("merilune", "label"), ("nettlebrook", "author"), ("orchardly", "trailer"),
      ("kestrelcart", "reaction"), ("tallowmere", "trailer")]),
    ("app", "Retention by billing plan and seat count", "analysis",
     "We want to know whether teams on larger plans retain better, which needs retention split by"
     " company properties at the time of signup.",
     [("quillfeather", "label"), ("cobaltfern", "author"), ("fathomly", "trailer"),
      ("pipsqueak", "comment"), ("ledgerlark", "reaction")]),
]
# fmt: on

# Asks shared by ICP accounts and larger or ill-fitting ones: mixed by design.
# fmt: off
MIXED_ASKS = [
    ("app", "Custom roles with per-dashboard permissions", "admin",
     "Finance dashboards must be hidden from most of the company. Roles should grant view or edit"
     " per dashboard and per folder.",
     [("stonequay", "author"), ("driftwood", "comment"), ("pennywhistle", "trailer"),
      ("oakmoor", "comment")]),
    ("app", "HIPAA-eligible projects with a signed BAA", "platform",
     "We cannot send patient-adjacent events to a vendor without a BAA. We need a HIPAA-eligible "
     "project type and the paperwork.",
     [("oakmoor", "author"), ("bellhaven", "label"), ("honeywick", "trailer"),
      ("larchwick", "reaction")]),
    ("app", "Compare a period with the same period last year", "charts",
     "Seasonality hides real trends. Every line chart should offer a same-period-last-year "
     "overlay.",
     [("oxbow", "author"), ("sparrowgrass", "comment"), ("thistledown", "trailer"),
      ("harborlight", "reaction")]),
    ("app", "Scheduled CSV export of any chart to S3", "reporting",
     "Our finance team loads chart data into their own models. A daily CSV drop to our bucket "
     "beats copying by hand.",
     [("gristmill", "author"), ("hearthstack", "reaction"), ("craglow", "trailer"),
      ("brisklane", "comment")]),
    ("app", "Translate the web app into Spanish and Portuguese", "platform",
     "Half of our analysts work in Spanish or Portuguese and struggle with the English UI.",
     [("saltmarsh", "author"), ("saffronvale", "trailer"), ("hobnail", "trailer"),
      ("wickerby", "reaction")]),
    ("app", "Percentile aggregations (p50, p90, p99) in charts", "charts",
     "Averages hide our slow tail. Property aggregations should include percentiles.",
     [("duskfall", "author"), ("cinderpath", "comment"), ("emberlane", "comment"),
      ("quillfeather", "reaction")]),
    ("app", "Enforce two-factor authentication for every member", "admin",
     "Our auditors require 2FA for every SaaS tool holding customer data; admins should be able "
     "to require it.",
     [("pellucid", "author"), ("nettlebrook", "comment"), ("greyhollow", "trailer"),
      ("ambergrove", "reaction")]),
    ("app", "Mobile app for viewing dashboards", "platform",
     "Our execs check numbers on their phones. The responsive site is hard to read on small "
     "screens.",
     [("larchwick", "author"), ("rookwood", "trailer"), ("tallowmere", "comment"),
      ("velvetine", "trailer")]),
    ("app", "Saved SQL query templates", "warehouse",
     "Our analysts paste the same five SQL snippets every day.",
     [("thistledown", "author"), ("lanternfish", "comment"), ("rookwood", "trailer"),
      ("wispwood", "reaction")]),
    ("app", "Raise the row limit of the bulk export API", "integrations",
     "Exports stop at 10,000 rows; our nightly job pages through hundreds of calls.",
     [("pennywhistle", "author"), ("quillfeather", "reaction"), ("stonequay", "trailer")]),
    ("app", "Share dashboards with an outside agency", "admin",
     "Our marketing agency needs to see campaign dashboards without a full seat or our data.",
     [("ferncastle", "author"), ("mudlark", "trailer"), ("oxbow", "comment"),
      ("copperkettle", "reaction"), ("sunquill", "trailer")]),
    ("app", "Free read-only viewer role", "admin",
     "Most of our staff only read dashboards; paying a full seat for each is hard to justify.",
     [("tallowmere", "author"), ("tidemoor", "trailer"), ("bellhaven", "comment"),
      ("glimmerforge", "reaction"), ("velvetine", "trailer")]),
]
# fmt: on

# Single-team asks, drawn at random from the whole customer base.
# fmt: off
TAIL_ASKS = [
    ("app", "Keyboard shortcuts in the chart builder", "charts",
     "Power users build dozens of charts a day; switching chart type and adding a breakdown "
     "should not need the mouse."),
    ("app", "Duplicate a dashboard with its filters", "charts",
     "Copying a dashboard today drops the filters and we rebuild them for every region."),
    ("app", "Rename an event without losing its history", "data-management",
     "We renamed signup_done to signup_completed in code and now our charts show two half-lines."),
    ("app", "Timezone per dashboard", "charts",
     "Our EU and US teams read the same numbers shifted by a day around midnight."),
    ("app", "Export a chart as PNG with a transparent background", "reporting",
     "Charts pasted into our slides carry a white box."),
    ("app", "Hide internal users from every chart by default", "data-management",
     "Our own QA traffic inflates activation; a project-level exclusion filter would fix it "
     "once."),
    ("app", "Webhook when a user enters or leaves a cohort", "integrations",
     "We want to trigger onboarding emails the moment someone joins the at-risk cohort."),
    ("app", "Show the estimated query cost before running", "warehouse",
     "Large exploratory queries against a year of events surprise us on the bill."),
    ("app", "Copy a chart link with the current filters", "charts",
     "Sharing a chart link resets the filters, so people look at the wrong numbers."),
    ("app", "Heatmap of events by hour and weekday", "charts",
     "We want to see when customers actually use the product to plan maintenance windows."),
    ("app", "Formula metrics: the ratio of two events", "analysis",
     "Conversion from trial_started to plan_upgraded as one metric on a dashboard."),
    ("app", "Notify dashboard owners when a chart breaks", "governance",
     "When an event is renamed, charts silently show zero; owners should get an email."),
    ("app", "Group by UTM parameters across a session", "analysis",
     "Attribution of signups to campaigns needs UTM values carried across the session."),
    ("app", "Create a cohort from a CSV of user ids", "analysis",
     "Sales hands us account lists as spreadsheets; uploading them as a cohort would save hours."),
    ("app", "Merge duplicate user profiles", "data-management",
     "Users who sign up on mobile and web appear twice and count twice in retention."),
    ("sdk-js", "React Native: automatic screen view events", "sdk",
     "We track screen views by hand in forty places; the SDK could hook into the navigator."),
    ("sdk-js", "Respect consent mode before sending any event", "sdk",
     "Our cookie banner must gate tracking; the SDK should queue until consent and drop on "
     "refusal."),
    ("sdk-python", "Django middleware that adds the request user", "sdk",
     "Every server-side event should carry the logged-in user without passing it by hand."),
    ("app", "Data dictionary with descriptions and owners", "governance",
     "New analysts do not know what half of our 400 events mean."),
    ("app", "Weekly digest email of key metrics", "reporting",
     "Leadership wants five numbers in their inbox on Monday morning."),
    ("app", "Lifecycle chart: new, returning, resurrected and dormant users", "charts",
     "We want to see where weekly actives come from, not just the total."),
    ("app", "Stickiness chart (DAU/MAU)", "charts",
     "Board decks ask for stickiness; we compute it in a spreadsheet today."),
    ("app", "Dashboard folders", "charts",
     "We have 300 dashboards in one flat list."),
    ("app", "Full-screen TV mode for a single dashboard", "charts",
     "Our office screens show the live signup dashboard and the sidebar wastes a third of it."),
    ("app", "Raise the query timeout for large projects", "warehouse",
     "Year-long retention queries on our largest project time out at 60 seconds."),
    ("app", "Annotate charts with deployments", "charts",
     "We want release markers on every chart so we can see what shipped when a metric moved."),
    ("app", "Side-by-side cohort comparison", "analysis",
     "Comparing two cohorts means two browser windows today."),
    ("app", "Usage report: which dashboards are viewed", "governance",
     "We want to retire dashboards nobody opens."),
    ("app", "Audit log API for admin actions", "admin",
     "Our SIEM should receive every role change and API key creation."),
    ("app", "Saved filters shared across a team", "charts",
     "Each analyst rebuilds the 'paying customers, excluding staff' filter."),
    ("sdk-js", "Smaller browser bundle (tree-shakeable modules)", "sdk",
     "The SDK adds 48 KB to our landing page; we use a fraction of it."),
    ("app", "Anomaly alerts on event volume", "governance",
     "When a release breaks tracking, volume drops to zero and nobody notices for days."),
    ("sdk-js", "Vue 3 plugin", "sdk",
     "We wrap the SDK in a plugin in every Vue app we ship."),
    ("sdk-js", "Track outbound link clicks automatically", "sdk",
     "We want to see which docs links send people to our partners."),
    ("sdk-js", "Use sendBeacon when the page unloads", "sdk",
     "Events fired right before navigation are lost."),
    ("sdk-js", "Configurable API host for a first-party proxy", "sdk",
     "Ad blockers drop a fifth of our events; we proxy through our own domain."),
    ("sdk-python", "Flush on exit in serverless functions", "sdk",
     "Our Lambda functions end before the background thread sends the batch."),
    ("sdk-python", "Query API results as a pandas DataFrame", "sdk",
     "Our notebooks convert JSON to DataFrames by hand."),
    ("sdk-python", "Retry with backoff on 429 responses", "sdk",
     "Backfills hit the rate limit and drop events."),
    ("app", "Chart-level comments", "charts",
     "We discuss numbers in Slack, away from the chart they are about."),
    ("app", "Public read-only dashboard links that expire", "reporting",
     "We share launch dashboards with partners for a week."),
    ("app", "Custom colour palettes per project", "charts",
     "Our brand colours and colour-blind safe palettes."),
    ("app", "Drill from a chart point into the user list", "analysis",
     "When a bar spikes we want to see who is in it."),
    ("app", "Configurable session timeout for sessionisation", "analysis",
     "Our users leave the app open all day; 30 minutes splits real sessions."),
    ("app", "Filter by cohort membership at a point in time", "analysis",
     "We need 'users who were in the trial cohort on March 1st'."),
    ("app", "Computed properties from a regular expression", "data-management",
     "We need the plan name out of a URL path."),
    ("app", "Totals row in table charts", "charts",
     "Finance asks for the sum under every table."),
    ("app", "Post a dashboard to Slack on a schedule", "reporting",
     "Our standup starts with yesterday's numbers."),
    ("app", "Microsoft Teams notifications for alerts", "integrations",
     "We do not use Slack."),
    ("app", "Charts from several projects on one dashboard", "charts",
     "Web and mobile are separate projects; leadership wants one view."),
    ("app", "Retention with custom start and return events", "analysis",
     "We measure retention from first report created, not signup."),
    ("app", "Pin favourite events to the top of the picker", "charts",
     "We scroll past 400 events to find the five we use."),
    ("app", "Alerts before we hit the monthly event quota", "platform",
     "We found out about the overage from the invoice."),
    ("app", "Monthly usage breakdown by project", "billing",
     "We charge usage back to internal teams."),
    ("app", "SAML single sign-on on the Growth plan", "admin",
     "Our security policy needs SSO for every tool, and Enterprise is out of reach."),
    ("app", "Approval before a dashboard is published", "governance",
     "Draft numbers reach the whole company before review."),
    ("app", "Sample events in the event explorer", "data-management",
     "Seeing five raw payloads would explain a property faster than docs."),
    ("app", "Undo in the chart builder", "charts",
     "One wrong click loses a carefully built breakdown."),
    ("app", "Cumulative line charts", "charts",
     "Signups to date against the quarterly target."),
    ("app", "Logarithmic axis for bar and line charts", "charts",
     "One customer's volume dwarfs everyone else's."),
    ("app", "Generic outbound webhook destination", "integrations",
     "Our own services want events as they arrive."),
    ("app", "Bulk hide deprecated events", "data-management",
     "Two hundred events from an old app version clutter every picker."),
]
# fmt: on

# Asks no known account is behind: community users, prospects, our own staff.
# fmt: off
UNATTRIBUTED_ASKS = [
    ("sdk-js", "Deno and Bun runtime support", "sdk",
     "Importing the SDK in Deno fails on a Node-only dependency."),
    ("app", "Vim keybindings in the SQL editor", "warehouse",
     "Muscle memory."),
    ("app", "Clearer error message for an invalid API key", "platform",
     "The API answers 500 instead of 401 when the key is revoked."),
    ("sdk-python", "Type hints for the public API", "sdk",
     "mypy reports the client as Any everywhere."),
    ("app", "Cookieless tracking mode", "platform",
     "Some of our markets need analytics without any client-side identifier."),
    ("app", "RSS feed for the changelog", "platform",
     "We follow vendors' changes in a feed reader."),
    ("sdk-js", "Next.js App Router example", "sdk",
     "The docs only show the pages router."),
    ("app", "Accessible chart labels for screen readers", "charts",
     "Charts are images to a screen reader; the data table fallback is missing."),
    ("sdk-python", "Support Python 3.13", "sdk",
     "Installing on 3.13 pulls a wheel that fails to import."),
    ("app", "Dark mode for dashboards", "charts",
     "Our on-call team reads dashboards at night."),
    ("app", "Funnel step conversion windows per step", "analysis",
     "Each step of our checkout funnel has a different sensible time limit."),
    ("app", "Import historical events from a CSV", "data-management",
     "We are migrating from a homegrown tool with three years of events."),
    ("app", "Map chart by country and region", "charts",
     "Our marketing team wants signups on a map."),
    ("app", "Google Sheets export of any chart", "reporting",
     "Our ops team lives in spreadsheets."),
]
# fmt: on

COMMENTS = [
    "We need this too. {ctx}",
    "+1 from our side. {ctx}",
    "This would save our analysts a few hours every week. {ctx}",
    "Same here. {ctx} Happy to test a beta.",
    "Adding our use case: {ctx}",
    "Any update on this? {ctx}",
]
CONTEXT = [
    "Our growth team rebuilds this by hand every Monday.",
    "It came up again in our quarterly business review.",
    "We are working around it with a script that breaks every other release.",
    "Our data team asked for it in the last three planning cycles.",
    "It is the most requested item in our internal feedback channel.",
    "Without it we export to a spreadsheet and lose the live numbers.",
]
LOUD = [
    "This is a hard requirement for our renewal next quarter.",
    "Our CIO raised this with your account executive again this week.",
    "Escalating: this blocks the rollout to our remaining business units.",
    "Please prioritise, our procurement review depends on it.",
    "Still waiting on a date for this. It was promised during the contract negotiation.",
    "We have 400 users waiting on this.",
]
STAFF_NOTES = [
    "Logged from a customer call.",
    "Came up in the quarterly review.",
    "Raised through support, copying it here.",
    "From the customer advisory board session.",
]
PROPOSALS = {
    "warehouse": "Configurable from project settings, the query running in our warehouse.",
    "analysis": "Available in funnels, retention and the event explorer, and saved with the chart.",
    "integrations": "A managed connector configured in project settings, with a sync status page.",
    "governance": "Visible to admins in the data management area and exposed through the API.",
    "admin": "Manageable from organisation settings and through the management API.",
    "embedding": "A signed, expiring token our backend generates per viewer.",
    "sdk": "Documented in the SDK reference with a runnable example.",
    "platform": "Available on every plan that needs it, documented in the trust centre.",
    "reporting": "Schedulable from the dashboard menu, per recipient list.",
    "charts": "Available on every chart type where it makes sense, kept when a chart is shared.",
    "deployment": "A supported Helm chart and an offline installer with signed images.",
    "billing": "Configured by our account team, visible in the billing portal.",
    "data-management": "Managed from the data management area, with a history of changes.",
    "support": "As part of a support add-on.",
}
WORKAROUNDS = ["We do not.", "Spreadsheets.", "A nightly script.", "_No response_"]
SIZES = ["size:XS", "size:S", "size:S", "size:M", "size:M", "size:L", "size:XL"]
POINTS = ["points:1", "points:2", "points:3", "points:5", "points:8", "points:13"]


class Backlog:
    """Builds request records; numbers, dates and people come from one seeded RNG."""

    def __init__(self, rng: random.Random, accounts: list[dict]) -> None:
        self.rng = rng
        self.accounts = {a["id"]: a for a in accounts}
        self.numbers = {"app": 180, "sdk-js": 40, "sdk-python": 25, "TRL": 300}
        self.comment_id = 1900000000
        self.requests: list[dict] = []

    # -- helpers ----------------------------------------------------------------------------
    def person(self, aid: str) -> tuple[str, str, str] | None:
        crew = self.accounts[aid]["_people"]
        return self.rng.choice(crew) if crew else None

    def domain(self, aid: str) -> str:
        return self.accounts[aid]["domains"].split(";")[0]

    def spelling(self, aid: str) -> str:
        """The account written the way people write it in a form or a Requested-by line."""
        acct = self.accounts[aid]
        name, region = acct["name"], acct["region"]
        suffix = {"NA": ", Inc.", "UK": " Ltd", "EU": " GmbH"}.get(region, " Inc")
        choices = [
            name,
            name,
            name + suffix,
            name.lower() + suffix.lower().replace(",", "").replace(".", ""),
            self.domain(aid),
            aid,
        ]
        if acct["aliases"]:
            choices.append(acct["aliases"].split(";")[0])
        return self.rng.choice(choices)

    def plain(self, aid: str) -> str:
        """A spelling that stays one company in a ';'-separated list (no commas or '&')."""
        acct = self.accounts[aid]
        options = [acct["name"], self.domain(aid), aid]
        options = [o for o in options if "," not in o and "&" not in o and " and " not in o]
        return self.rng.choice(options)

    def comment(self, request: dict, author: str, body: str) -> None:
        self.comment_id += self.rng.randint(1000, 90000)
        if request["url"].startswith(JIRA):
            url = f"{request['url']}?focusedCommentId={self.comment_id % 1000000}"
        else:
            url = f"{request['url']}#issuecomment-{self.comment_id}"
        request["comments"].append({"author": author, "body": body, "url": url})

    def when(self, lo: datetime = START, hi: datetime = LAST) -> tuple[str, str]:
        span = int((hi - lo).total_seconds())
        created = lo + timedelta(seconds=self.rng.randrange(span))
        created = created.replace(microsecond=0)
        updated = created + timedelta(days=self.rng.randint(0, 120), minutes=self.rng.randint(5, 900))
        updated = min(updated, NOW - timedelta(hours=self.rng.randint(1, 96)))
        updated = max(updated, created)
        fmt = "%Y-%m-%dT%H:%M:%SZ"
        return created.strftime(fmt), updated.strftime(fmt)

    def new(
        self,
        repo: str,
        title: str,
        area: str,
        why: str,
        *,
        jira: bool = False,
        form: bool = False,
        dates: tuple[datetime, datetime] | None = None,
    ) -> dict:
        rng = self.rng
        project = "TRL" if jira else repo
        self.numbers[project] += rng.randint(1, 9)
        number = self.numbers[project]
        if jira:
            key, url = f"TRL-{number}", f"{JIRA}/TRL-{number}"
        else:
            key = f"{VENDOR}/{repo}#{number}"
            url = f"{GITHUB}/{VENDOR}/{repo}/issues/{number}"
        created, updated = self.when(*(dates or (START, LAST)))
        labels = ["feature-request", f"area:{area}"]
        estimate = None
        if jira:
            if rng.random() < 0.75:
                estimate = rng.choice([1, 2, 3, 5, 8, 13])
        else:
            roll = rng.random()
            if roll < 0.35:
                labels.append(rng.choice(SIZES))
            elif roll < 0.55:
                labels.append(rng.choice(POINTS))
        request = {
            "key": key,
            "title": title,
            "url": url,
            "state": "open",
            "created_at": created,
            "updated_at": updated,
            "author": None,
            "author_email": None,
            "labels": labels,
            "body": "",
            "fields": {},
            "estimate": estimate,
            "reactions": [],
            "comments": [],
            # working state, removed before writing
            "_why": why,
            "_area": area,
            "_form": form,
            "_jira": jira,
            "_company": None,
            "_trailers": [],
        }
        self.requests.append(request)
        return request

    def other_reactions(self, request: dict, count: int) -> None:
        if request["_jira"]:
            return
        for user in self.rng.sample(STRANGERS, count):
            request["reactions"].append(
                {"user": user, "content": self.rng.choice(["+1", "+1", "heart", "eyes"])}
            )

    # -- signals ----------------------------------------------------------------------------
    def signal(self, request: dict, aid: str, kind: str) -> None:
        request.setdefault("_askers", []).append(aid)  # for add_history; draws nothing
        rng = self.rng
        who = self.person(aid)
        if request["_jira"]:
            # Jira: the reporter's e-mail, the Company field, staff notes; no GitHub users.
            if kind == "loud":
                for text in rng.sample(LOUD, 2):
                    self.comment(
                        request,
                        rng.choice(STAFF),
                        f'Escalated again by the {self.accounts[aid]["name"]} account team: "{text}"',
                    )
                return
            kind = {
                "author": "email",
                "form": "field",
                "comment": "trailer",
                "reaction": "trailer",
            }.get(kind, kind)
        if kind in ("author", "comment", "reaction", "loud") and who is None:
            kind = "trailer"  # an account nobody at which has a GitHub login
        if kind == "email" and not request["_jira"]:
            kind = "author" if who else "trailer"
        if kind == "field" and not request["_jira"]:
            kind = "form"
        if kind == "author":
            if request["_company"] is not None:
                kind = "comment"  # the form names another company: this one joins in a comment
            elif request["author"] is None and not request["_jira"]:
                request["author"] = who[2]
                if request["_form"] and request["_company"] is None:
                    request["_company"] = self.spelling(aid)  # the author names their own company
            else:
                kind = "comment"
        if kind == "email":
            if request["author_email"] is None and request["author"] is None and request["_company"] is None:
                first, last = (who[0], who[1]) if who else ("ops", "team")
                request["author_email"] = f"{first}.{last}@{self.domain(aid)}"
                if rng.random() < 0.6:  # the reporter fills in their own company
                    request["_company"] = self.spelling(aid)
            else:
                kind = "trailer"
        if kind in ("form", "field"):
            if request["_company"] is None and request["author_email"] is None and request["author"] is None:
                request["_company"] = self.spelling(aid)
            else:
                kind = "trailer"
        if kind == "label":
            request["labels"].append(f"customer:{aid}")
        elif kind == "trailer":
            request["_trailers"].append(aid)
        elif kind == "comment":
            text = rng.choice(COMMENTS).format(ctx=rng.choice(CONTEXT))
            self.comment(request, who[2], text)
        elif kind == "reaction":
            request["reactions"].append({"user": who[2], "content": "+1"})
        elif kind == "loud":
            crew = self.accounts[aid]["_people"]
            voices = rng.sample(crew, min(len(crew), rng.randint(4, 8)))
            said = [c["body"] for c in request["comments"]]
            fresh = [text for text in LOUD if text not in said] or LOUD
            for (_first, _last, login), text in zip(voices[:2], rng.sample(fresh, 2), strict=True):
                self.comment(request, login, text)
            for _first, _last, login in voices:
                request["reactions"].append({"user": login, "content": "+1"})

    # -- rendering --------------------------------------------------------------------------
    def finish(self, request: dict) -> dict:
        rng = self.rng
        why, area = request.pop("_why"), request.pop("_area")
        form, jira = request.pop("_form"), request.pop("_jira")
        company, trailers = request.pop("_company"), request.pop("_trailers")
        proposal = PROPOSALS[area]
        if jira:
            if company:
                request["fields"]["Company"] = company
            if request["author"] is None and request["author_email"] is None:
                request["author"] = rng.choice(STAFF)
            request["body"] = f"h3. Problem\n{why}\n\nh3. Proposal\n{proposal}\n"
        elif form or company:
            if request["author"] is None:
                # a customer's teammate nobody listed, or our own staff
                request["author"] = rng.choice(STAFF + STRANGERS[:6])
            request["body"] = (
                f"### Company\n\n{company or '_No response_'}\n\n"
                f"### What problem are you trying to solve?\n\n{why}\n\n"
                f"### Proposed solution\n\n{proposal}\n\n"
                f"### How do you work around it today?\n\n{rng.choice(WORKAROUNDS)}\n"
            )
        else:
            if request["author"] is None:
                request["author"] = rng.choice(STAFF)
            request["body"] = f"{why}\n\n**Proposal:** {proposal}\n"
        if trailers:
            # Staff log the first one or two in the body, the rest in a comment; two accounts
            # sometimes share one line.
            lines, rest = [], list(trailers)
            if request["author"] in STAFF and not jira:
                take = 2 if len(rest) > 1 and rng.random() < 0.4 else 1
                lines.append(
                    "; ".join(self.plain(a) for a in rest[:take]) if take == 2 else self.spelling(rest[0])
                )
                rest = rest[take:]
                request["body"] += (
                    "\n" + rng.choice(STAFF_NOTES) + "\n" + "".join(f"Requested-by: {x}\n" for x in lines)
                )
            while rest:
                take = 2 if len(rest) > 1 and rng.random() < 0.5 else 1
                names = "; ".join(self.plain(a) for a in rest[:take]) if take == 2 else self.spelling(rest[0])
                rest = rest[take:]
                self.comment(
                    request,
                    rng.choice(STAFF),
                    f"{rng.choice(STAFF_NOTES)}\n\nRequested-by: {names}",
                )
        if not request["labels"][0] == "feature-request":
            raise AssertionError(request["key"])
        return request


def build_requests(rng: random.Random, accounts: list[dict]) -> list[dict]:
    log = Backlog(rng, accounts)
    ids = [a["id"] for a in accounts]
    tier_a = [a[0] for a in TIER_A]
    tier_b = [a[0] for a in TIER_B]
    others = [
        i for i in ids if i not in tier_a + tier_b and i not in ("hollowmere", "grandbarrow", "stonequay")
    ]

    for n, (repo, title, area, why, asks) in enumerate(GIANT_ASKS):
        jira = any(kind == "email" for _, kind in asks)
        req = log.new(
            repo,
            title,
            area,
            why,
            jira=jira,
            dates=(datetime(2025, 9, 1, tzinfo=timezone.utc), LAST) if n else None,
        )
        for aid, kind in asks:
            log.signal(req, aid, kind)
        log.other_reactions(req, rng.randint(0, 2))

    for n, (repo, title, area, why, asks) in enumerate(CORE_ASKS):
        form = any(kind == "form" for _, kind in asks)
        req = log.new(
            repo,
            title,
            area,
            why,
            form=form,
            dates=(START, datetime(2025, 9, 1, tzinfo=timezone.utc)) if n < 3 else None,
        )
        for aid, kind in asks:
            log.signal(req, aid, kind)
        log.other_reactions(req, rng.randint(0, 4))
        if n in (0, 3):
            log.comment(
                req,
                rng.choice(STAFF),
                f"A prospect asked for this in a demo.\n\nRequested-by: {PROSPECTS[n // 3]}",
            )

    for repo, title, area, why, asks in MIXED_ASKS:
        req = log.new(repo, title, area, why, form=rng.random() < 0.3)
        for aid, kind in asks:
            log.signal(req, aid, kind)
        log.other_reactions(req, rng.randint(0, 3))

    kinds = [
        "author",
        "author",
        "form",
        "label",
        "trailer",
        "trailer",
        "comment",
        "reaction",
        "email",
        "field",
    ]
    icp = tier_a + tier_b
    non_icp = [*others, "stonequay"]
    for n, (repo, title, area, why) in enumerate(TAIL_ASKS):
        jira = repo == "app" and rng.random() < 0.25
        req = log.new(repo, title, area, why, jira=jira, form=rng.random() < 0.35)
        mix = rng.random()
        if mix < 0.45:  # ICP accounts only
            chosen = rng.sample(icp, rng.choice([1, 2, 2, 3]))
        elif mix < 0.8:  # ICP and others together
            chosen = rng.sample(icp, rng.choice([1, 2])) + rng.sample(non_icp, rng.choice([1, 1, 2]))
        else:  # others only
            chosen = rng.sample(non_icp, rng.choice([1, 1, 2]))
        for n_ask, aid in enumerate(chosen):
            if n_ask == 0 and (jira or req["_form"]):
                kind = "email" if jira and rng.random() < 0.4 else "form"
            else:
                kind = rng.choice(kinds)
            log.signal(req, aid, kind)
        if rng.random() < 0.5 and not jira:
            log.comment(req, rng.choice(STRANGERS), rng.choice(COMMENTS).format(ctx=rng.choice(CONTEXT)))
        log.other_reactions(req, rng.randint(0, 3))
        if n % 9 == 4:
            log.comment(
                req,
                rng.choice(STAFF),
                f"Also raised in a sales call.\n\nRequested-by: {PROSPECTS[(n // 9) % len(PROSPECTS)]}",
            )

    for n, (repo, title, area, why) in enumerate(UNATTRIBUTED_ASKS):
        req = log.new(repo, title, area, why, form=n % 4 == 1)
        req["author"] = STRANGERS[n % len(STRANGERS)]
        if n % 5 == 2:
            req["author"] = rng.choice(STAFF)
            req["_trailers"] = []
            req["_why"] += "\n\nRequested-by: " + PROSPECTS[n % len(PROSPECTS)]
        for user in rng.sample(STRANGERS, rng.randint(0, 3)):
            if user != req["author"]:
                log.comment(req, user, rng.choice(COMMENTS).format(ctx=rng.choice(CONTEXT)))
        log.other_reactions(req, rng.randint(0, 5))

    done = [*(log.finish(r) for r in log.requests), *shipped_requests()]
    for r in done:
        r["labels"] = r["labels"][:1] + sorted(r["labels"][1:])

    def order(r: dict) -> tuple:
        head, _, num = r["key"].replace("-", "#").rpartition("#")
        return (head, int(num))

    return sorted(done, key=order)


# ---------------------------------------------------------------------------------------
# History: when each request, comment and +1 was made (what `icp-triage trend` reads)
# ---------------------------------------------------------------------------------------

# A year of history, four quarters. The planted slide: in 2026-Q3, the last of them, new
# demand from off-profile accounts doubles (SLIDE times each quarter before) while ICP demand
# stays flat. Each quarter gets an equal part of the ICP asks; the off-profile asks follow
# OFF_SHAPE.
PERIODS = [
    (datetime(2025, 10, 1, tzinfo=timezone.utc), datetime(2026, 1, 1, tzinfo=timezone.utc)),
    (datetime(2026, 1, 1, tzinfo=timezone.utc), datetime(2026, 4, 1, tzinfo=timezone.utc)),
    (datetime(2026, 4, 1, tzinfo=timezone.utc), datetime(2026, 7, 1, tzinfo=timezone.utc)),
    (datetime(2026, 7, 1, tzinfo=timezone.utc), datetime(2026, 10, 1, tzinfo=timezone.utc)),
]
SLIDE = 2.1
# Requests of equal ICP value that ranking orders by age (oldest first): their dates keep it.
SAME_AGE_ORDER = [
    ("trellisight/app#524", "TRL-379"),
    ("trellisight/app#425", "trellisight/app#493"),
    ("TRL-322", "trellisight/app#388"),
]
ICP_SHAPE = [1.0, 1.0, 1.0, 1.0]
OFF_SHAPE = [1.0, 1.0, 1.0, SLIDE]


def add_history(rng: random.Random, requests: list[dict]) -> None:
    """Date every attributed request within PERIODS, and every comment and +1 after its
    request, in the same period: the planted slide.

    Requests are placed greedily, most off-profile first, where they bring each period's ICP
    and off-profile asks (by the generator's own list of askers) closest to ICP_SHAPE and
    OFF_SHAPE. Ranking never reads these times (only their order, among equal ICP values and
    among unattributed requests, whose dates stay as drawn), and this runs after the requests
    on its own generator, so every ranked output is as before.
    """
    fmt = "%Y-%m-%dT%H:%M:%SZ"
    placed = [r for r in requests if r.get("_askers")]

    def sides(r: dict) -> tuple[int, int]:
        tiers = [TIER_OF[a] for a in dict.fromkeys(r["_askers"])]
        return sum(t in ("A", "B") for t in tiers), sum(t in ("C", "D", "anti") for t in tiers)

    totals = [sum(sides(r)[k] for r in placed) for k in (0, 1)]
    targets = [
        [totals[0] * w / sum(ICP_SHAPE) for w in ICP_SHAPE],
        [totals[1] * w / sum(OFF_SHAPE) for w in OFF_SHAPE],
    ]
    have = [[0.0] * len(PERIODS), [0.0] * len(PERIODS)]
    order = sorted(placed, key=lambda r: (-sides(r)[1] / max(1, sum(sides(r))), -sum(sides(r)), r["key"]))
    where: dict[str, int] = {}
    for r in order:
        icp, off = sides(r)

        def miss(p: int, icp: int = icp, off: int = off) -> float:
            return (
                (have[0][p] + icp - targets[0][p]) ** 2
                + (have[1][p] + off - targets[1][p]) ** 2
                - ((have[0][p] - targets[0][p]) ** 2 + (have[1][p] - targets[1][p]) ** 2)
            )

        best = min(range(len(PERIODS)), key=lambda p: (miss(p), p))
        have[0][best] += icp
        have[1][best] += off
        where[r["key"]] = best
    created: dict[str, datetime] = {}
    shipped = {r["key"] for r in requests if r.get("state") == "closed"}  # dated by SHIPPED
    requests = [r for r in requests if r["key"] not in shipped]
    for r in requests:
        r.pop("_askers", None)
        if r["key"] in where:
            lo, hi = PERIODS[where[r["key"]]]
            span = int((hi - lo).total_seconds() * 0.6)  # the first 60%: room for comments after
            created[r["key"]] = lo + timedelta(seconds=rng.randrange(span))
        else:
            created[r["key"]] = datetime.strptime(r["created_at"], fmt).replace(tzinfo=timezone.utc)
    for older, newer in SAME_AGE_ORDER:  # equal ICP values rank by age: keep who is older
        if created[older] > created[newer]:
            created[older], created[newer] = created[newer], created[older]
            where[older], where[newer] = where[newer], where[older]
    for r in requests:
        start = created[r["key"]]
        end = (
            PERIODS[where[r["key"]]][1] - timedelta(hours=1)
            if r["key"] in where
            else NOW - timedelta(hours=2)
        )
        later = [start]
        for items in (r["comments"], r["reactions"]):  # oldest first, as the trackers list them
            gap = max(61, int((end - start).total_seconds()))
            moments = sorted(start + timedelta(seconds=rng.randrange(60, gap)) for _ in items)
            for item, moment in zip(items, moments, strict=True):
                item["created_at"] = moment.strftime(fmt)
            later += moments
        r["created_at"] = start.strftime(fmt)
        updated = max(later) + timedelta(minutes=rng.randint(5, 600))
        r["updated_at"] = min(updated, NOW - timedelta(hours=1)).strftime(fmt)


# Shipped requests, planted for `icp-triage shipped`: closed as completed with known askers
# (customer: labels, filed by staff, whom attribution ignores) and efforts, so adherence
# can be worked out by hand (tests/cli/test_shipped.py). Numbered below the open issues (the
# app repository's open ones start above 180) and drawn from no RNG, so the rest of the demo
# is unchanged; closed requests are not ranked, so rank and demo read as before.
# (number, title, askers, estimate, closed_at, state_reason)
SHIPPED = [
    (112, "Insurance claim export", ["stonequay"], 5, "2026-05-14T16:00:00Z", "completed"),
    (115, "dbt exposures in lineage", ["mossgate"], 5, "2026-06-02T10:30:00Z", "completed"),
    (121, "Snowflake key-pair auth", ["quillfeather", "ledgerlark"], 5, "2026-07-09T12:00:00Z", "completed"),
    (127, "Segment source for traits", ["orchardly"], 3, "2026-08-04T15:20:00Z", "completed"),
    (133, "SAP freight-cost dashboards", ["hollowmere"], 8, "2026-08-19T11:00:00Z", "completed"),
    (139, "Warehouse cost alerts", ["cobaltfern", "gristmill"], None, "2026-09-10T08:45:00Z", "completed"),
    (142, "Dark mode for embedded charts", [], 2, "2026-09-28T17:10:00Z", "completed"),
]


def shipped_requests() -> list[dict]:
    """The planted closed requests, as the GitHub adapter reads closed issues."""
    found = []
    for number, title, askers, estimate, closed, reason in SHIPPED:
        url = f"{GITHUB}/{VENDOR}/app/issues/{number}"
        found.append(
            {
                "key": f"{VENDOR}/app#{number}",
                "title": title,
                "url": url,
                "state": "closed",
                "state_reason": reason,
                "closed_at": closed,
                "created_at": "2026-03-02T09:00:00Z",
                "updated_at": closed,
                "author": STAFF[number % len(STAFF)] if askers else STRANGERS[0],
                "author_email": None,
                "labels": ["feature-request", *sorted(f"customer:{a}" for a in askers)],
                "body": f"{title}.\n",
                "fields": {},
                "estimate": estimate,
                "reactions": [],
                "comments": [],
            }
        )
    return found


def requests_json(requests: list[dict]) -> str:
    return json.dumps({"requests": requests}, indent=1, ensure_ascii=False) + "\n"


def render() -> dict[str, str]:
    rng = random.Random(SEED)
    accounts = build_accounts(rng)
    requests = build_requests(rng, accounts)
    add_outcomes(random.Random(SEED + 15), accounts)
    add_history(random.Random(SEED + 24), requests)
    return {
        "icp.yml": ICP_YML,
        "accounts.csv": accounts_csv(accounts),
        "requests.json": requests_json(requests),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the files on disk differ")
    parser.add_argument("--out", type=Path, default=OUT, help=f"output directory (default {OUT})")
    args = parser.parse_args(argv)
    files = render()
    if args.check:
        stale = [
            name
            for name, text in files.items()
            if not (args.out / name).is_file() or (args.out / name).read_bytes() != text.encode("utf-8")
        ]
        for name in stale:
            print(f"{args.out / name} is out of date; run scripts/make_demo_data.py", file=sys.stderr)
        return 1 if stale else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (args.out / name).write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {args.out / name} ({len(text.encode('utf-8')):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
