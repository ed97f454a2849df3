"""How documents.txt was chosen: print the list (``python tests/realworld/pick.py > tests/realworld/documents.txt``).

The well-known APIs the issue names; one document of every other API family that has an
OpenAPI 3.1 document; then, with a fixed seed, six documents from each quarter of the
collection by size (up to 5 MB: the named ones already cover the largest). An API family is
the domain's name without its top-level domain (``github`` for ``github.com/ghes-3.8``), and
no family appears twice, so no two versions of one API are listed.
"""

from __future__ import annotations

import json
import random

from run import PACKAGE, VERSION, fetch_directory

NAMED = [
    "github.com/api.github.com", "stripe.com", "kubernetes.io", "slack.com", "digitalocean.com", "docker.com/hub",
    "docker.com/engine", "spotify.com", "plaid.com", "atlassian.com/jira", "zoom.us", "trello.com",
    "amazonaws.com/ec2", "asana.com", "box.com", "gitlab.com", "vercel.com", "openai.com", "notion.com",
    "twitter.com/current", "xero.com/xero_accounting", "launchdarkly.com", "circleci.com", "netlify.com",
]  # fmt: skip
SEED = 1317
PER_QUARTER = 6
MAX_RANDOM_SIZE = 5_000_000


def family(doc_id: str) -> str:
    labels = doc_id.split("/")[0].split(".")
    return labels[-2] if len(labels) > 1 else labels[0]


def main() -> None:
    api = fetch_directory() / "api"
    docs = {}
    for path in sorted(api.rglob("*.json")):
        doc_id = path.relative_to(api).with_suffix("").as_posix()
        docs[doc_id] = (str(json.loads(path.read_bytes()).get("openapi", "")), path.stat().st_size)
    taken = {family(i) for i in NAMED}
    print(f"# Real-world OpenAPI documents: APIs.guru ids in {PACKAGE}@{VERSION} (package/api/<id>.json).")
    print("# Written by tests/realworld/pick.py; tests/realworld/run.py builds each of them.")
    print("\n# The APIs the issue names")
    print("\n".join(NAMED))
    rng = random.Random(SEED)
    print("\n# OpenAPI 3.1: one document of every other family that has one (random within the family)")
    by_family: dict[str, list[str]] = {}
    for doc_id, (version, _) in docs.items():
        if version.startswith("3.1") and family(doc_id) not in taken:
            by_family.setdefault(family(doc_id), []).append(doc_id)
    for fam in sorted(by_family):
        print(rng.choice(by_family[fam]))
        taken.add(fam)
    ranked = sorted(docs, key=lambda i: (docs[i][1], i))
    quarter = len(ranked) // 4
    for q in range(4):
        bounds = ranked[q * quarter : (q + 1) * quarter if q < 3 else None]
        low, high = docs[bounds[0]][1], docs[bounds[-1]][1]
        print(f"\n# Random, seed {SEED}: quarter {q + 1} by size ({low:,} to {high:,} bytes), up to 5 MB")
        pool = [i for i in bounds if docs[i][1] <= MAX_RANDOM_SIZE]
        rng.shuffle(pool)
        picked = 0
        for doc_id in pool:
            if picked == PER_QUARTER:
                break
            if family(doc_id) not in taken:
                print(doc_id)
                taken.add(family(doc_id))
                picked += 1


if __name__ == "__main__":
    main()
