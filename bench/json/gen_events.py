"""A deterministic stand-in for one hour of the 2015 GitHub archive (2015-01-01, hour 15).

The seed benchmarked parsing that file: one compact JSON object per line, about 11,000
GitHub Events API events, 22-24 MB. It cannot be downloaded here, so this writes a file
of the same shape: the 2015 event objects with their key order, the event-type mix of
that hour (PushEvent about half, then Create, Watch, IssueComment, PullRequest, Issues,
Delete, Fork, ...), URL-heavy strings, raw UTF-8, integers, bools and nulls but no floats,
nesting up to 6 deep. Standard library only, its own PRNG: the same seed gives the same
bytes on every Python.

    python bench/json/gen_events.py [--events 11000] [--seed 2015] [--out FILE] [--stats]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

API = "https://api.github.com"
WEB = "https://github.com"

# (type, weight in 1/1000): roughly the mix of 2015-01-01 15:00-16:00 UTC
MIX: List[Tuple[str, int]] = [
    ("PushEvent", 525), ("CreateEvent", 125), ("WatchEvent", 100), ("IssueCommentEvent", 62),
    ("PullRequestEvent", 33), ("IssuesEvent", 38), ("DeleteEvent", 30), ("ForkEvent", 30),
    ("GollumEvent", 20), ("PullRequestReviewCommentEvent", 7), ("CommitCommentEvent", 8),
    ("MemberEvent", 8), ("ReleaseEvent", 8), ("PublicEvent", 6),
]

WORDS = (
    "the of and to in is for on with that this fix add update remove use from by support test "
    "build docs readme config error version release merge branch master dev feature bug issue "
    "typo cleanup refactor api client server module package data file path value option "
    "handler request response user repo commit change initial first new old minor major patch "
    "travis ci deps license example style format lint json http url cache index query model "
    "view controller route page layout theme css html js python ruby go java node rails django "
    "android ios app web core util helper script task job queue worker log debug info warning"
).split()
UNICODE_WORDS = ["café", "naïve", "über", "größe", "año", "été", "привет", "мир", "日本語",
                 "中文", "한국어", "ありがとう", "✓", "→", "😀", "🚀", "ñandú", "zürich"]
NAMES = ["alex", "sam", "chris", "jordan", "taylor", "morgan", "casey", "jamie", "robin",
         "lee", "kim", "pat", "dana", "drew", "max", "nico", "yuki", "ana", "li", "omar",
         "eva", "noah", "mia", "liam", "zoe", "finn", "ivan", "olga", "raj", "sofia"]
LANGUAGES = ["JavaScript", "Python", "Java", "Ruby", "PHP", "Go", "C++", "C", "Shell",
             "CSS", "Objective-C", "C#", "Scala", "Haskell", "Rust", None]


class Rng:
    """splitmix64: small, fast enough, and the same on every Python."""

    def __init__(self, seed: int) -> None:
        self.state = seed & 0xFFFFFFFFFFFFFFFF

    def next(self) -> int:
        self.state = (self.state + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
        return z ^ (z >> 31)

    def below(self, n: int) -> int:
        return self.next() % n

    def between(self, lo: int, hi: int) -> int:
        return lo + self.below(hi - lo + 1)

    def chance(self, per_mille: int) -> bool:
        return self.below(1000) < per_mille

    def pick(self, items: List[Any]) -> Any:
        return items[self.below(len(items))]

    def hex(self, n: int) -> str:
        return "".join("0123456789abcdef"[self.below(16)] for _ in range(n))


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = Rng(seed)
        self.event_id = 2489651045
        self.second = 0
        # a population of users and repositories, reused the way real activity is
        self.users = [self.make_login(i) for i in range(3000)]
        self.repos = [(self.rng.pick(self.users), self.make_repo_name()) for _ in range(4000)]

    # ------------------------------------------------------------------ text

    def make_login(self, i: int) -> str:
        r = self.rng
        base: str = r.pick(NAMES) + r.pick(["", "-", "_", ""]) + r.pick(WORDS)
        return base + (str(r.below(1000)) if r.chance(400) else "")

    def make_repo_name(self) -> str:
        r = self.rng
        parts = [r.pick(WORDS) for _ in range(r.between(1, 3))]
        sep: str = r.pick(["-", "_", ".", "-"])
        return sep.join(parts) + (".js" if r.chance(50) else "")

    def words(self, lo: int, hi: int) -> str:
        r = self.rng
        out = []
        for _ in range(r.between(lo, hi)):
            out.append(r.pick(UNICODE_WORDS) if r.chance(30) else r.pick(WORDS))
        return " ".join(out)

    def message(self) -> str:
        r = self.rng
        text = self.words(2, 10).capitalize()
        if r.chance(300):
            text += "\n\n" + self.words(5, 30)
        return text

    def body(self, lo: int, hi: int) -> str:
        r = self.rng
        paras = [self.words(lo, hi) for _ in range(r.between(1, 3))]
        if r.chance(200):
            paras.append("```\n" + self.words(3, 8) + "\n```")
        if r.chance(200):
            paras.append(f"See {WEB}/{r.pick(self.users)}/{r.pick(WORDS)}/issues/{r.between(1, 500)}")
        return "\r\n\r\n".join(paras)

    def timestamp(self, hour: int = 15) -> str:
        return f"2015-01-01T{hour:02d}:{self.second // 60:02d}:{self.second % 60:02d}Z"

    def old_timestamp(self) -> str:
        r = self.rng
        return (f"20{r.between(10, 14):02d}-{r.between(1, 12):02d}-{r.between(1, 28):02d}T"
                f"{r.between(0, 23):02d}:{r.between(0, 59):02d}:{r.between(0, 59):02d}Z")

    # ------------------------------------------------------------------ objects

    def actor(self, login: str) -> Dict[str, Any]:
        uid = self.user_id(login)
        return {"id": uid, "login": login, "gravatar_id": "", "url": f"{API}/users/{login}",
                "avatar_url": f"https://avatars.githubusercontent.com/u/{uid}?"}

    def user_id(self, login: str) -> int:
        return 10000 + (sum(ord(c) * (i + 7) for i, c in enumerate(login)) * 7919) % 10_000_000

    def user(self, login: str) -> Dict[str, Any]:
        u = f"{API}/users/{login}"
        uid = self.user_id(login)
        return {
            "login": login, "id": uid,
            "avatar_url": f"https://avatars.githubusercontent.com/u/{uid}?v=3",
            "gravatar_id": "", "url": u, "html_url": f"{WEB}/{login}",
            "followers_url": f"{u}/followers", "following_url": f"{u}/following{{/other_user}}",
            "gists_url": f"{u}/gists{{/gist_id}}", "starred_url": f"{u}/starred{{/owner}}{{/repo}}",
            "subscriptions_url": f"{u}/subscriptions", "organizations_url": f"{u}/orgs",
            "repos_url": f"{u}/repos", "events_url": f"{u}/events{{/privacy}}",
            "received_events_url": f"{u}/received_events", "type": "User", "site_admin": False,
        }

    def repo_ref(self, owner: str, name: str) -> Dict[str, Any]:
        return {"id": self.repo_id(owner, name), "name": f"{owner}/{name}",
                "url": f"{API}/repos/{owner}/{name}"}

    def repo_id(self, owner: str, name: str) -> int:
        return 1000000 + (sum(ord(c) * (i + 3) for i, c in enumerate(owner + name)) * 104729) % 28_000_000

    def repository(self, owner: str, name: str, public: bool = False) -> Dict[str, Any]:
        r = self.rng
        full = f"{owner}/{name}"
        u = f"{API}/repos/{full}"
        stars = r.below(200) if r.chance(900) else r.below(20000)
        forks = r.below(stars + 1)
        issues = r.below(50)
        repo: Dict[str, Any] = {
            "id": self.repo_id(owner, name), "name": name, "full_name": full,
            "owner": self.user(owner), "private": False, "html_url": f"{WEB}/{full}",
            "description": self.words(0, 8), "fork": r.chance(200), "url": u,
            "forks_url": f"{u}/forks", "keys_url": f"{u}/keys{{/key_id}}",
            "collaborators_url": f"{u}/collaborators{{/collaborator}}", "teams_url": f"{u}/teams",
            "hooks_url": f"{u}/hooks", "issue_events_url": f"{u}/issues/events{{/number}}",
            "events_url": f"{u}/events", "assignees_url": f"{u}/assignees{{/user}}",
            "branches_url": f"{u}/branches{{/branch}}", "tags_url": f"{u}/tags",
            "blobs_url": f"{u}/git/blobs{{/sha}}", "git_tags_url": f"{u}/git/tags{{/sha}}",
            "git_refs_url": f"{u}/git/refs{{/sha}}", "trees_url": f"{u}/git/trees{{/sha}}",
            "statuses_url": f"{u}/statuses/{{sha}}", "languages_url": f"{u}/languages",
            "stargazers_url": f"{u}/stargazers", "contributors_url": f"{u}/contributors",
            "subscribers_url": f"{u}/subscribers", "subscription_url": f"{u}/subscription",
            "commits_url": f"{u}/commits{{/sha}}", "git_commits_url": f"{u}/git/commits{{/sha}}",
            "comments_url": f"{u}/comments{{/number}}",
            "issue_comment_url": f"{u}/issues/comments/{{number}}",
            "contents_url": f"{u}/contents/{{+path}}", "compare_url": f"{u}/compare/{{base}}...{{head}}",
            "merges_url": f"{u}/merges", "archive_url": f"{u}/{{archive_format}}{{/ref}}",
            "downloads_url": f"{u}/downloads", "issues_url": f"{u}/issues{{/number}}",
            "pulls_url": f"{u}/pulls{{/number}}", "milestones_url": f"{u}/milestones{{/number}}",
            "notifications_url": f"{u}/notifications{{?since,all,participating}}",
            "labels_url": f"{u}/labels{{/name}}", "releases_url": f"{u}/releases{{/id}}",
            "created_at": self.old_timestamp(), "updated_at": self.old_timestamp(),
            "pushed_at": self.old_timestamp(), "git_url": f"git://github.com/{full}.git",
            "ssh_url": f"git@github.com:{full}.git", "clone_url": f"{WEB}/{full}.git",
            "svn_url": f"{WEB}/{full}", "homepage": None if r.chance(600) else f"http://{name}.org",
            "size": r.below(100000), "stargazers_count": stars, "watchers_count": stars,
            "language": r.pick(LANGUAGES), "has_issues": True, "has_downloads": True,
            "has_wiki": r.chance(800), "has_pages": r.chance(100), "forks_count": forks,
            "mirror_url": None, "open_issues_count": issues, "forks": forks,
            "open_issues": issues, "watchers": stars, "default_branch": "master",
        }
        if public:
            repo["public"] = True
        return repo

    def label(self, full: str) -> Dict[str, Any]:
        name = self.rng.pick(["bug", "enhancement", "question", "duplicate", "help wanted"])
        return {"url": f"{API}/repos/{full}/labels/{name}", "name": name,
                "color": self.rng.hex(6)}

    def issue(self, full: str, login: str, pull: bool = False) -> Dict[str, Any]:
        r = self.rng
        number = r.between(1, 3000)
        u = f"{API}/repos/{full}/issues/{number}"
        state = "open" if r.chance(700) else "closed"
        issue: Dict[str, Any] = {
            "url": u, "labels_url": f"{u}/labels{{/name}}", "comments_url": f"{u}/comments",
            "events_url": f"{u}/events", "html_url": f"{WEB}/{full}/issues/{number}",
            "id": r.between(40_000_000, 53_000_000), "number": number,
            "title": self.words(2, 9), "user": self.user(login),
            "labels": [self.label(full) for _ in range(r.below(3) if r.chance(300) else 0)],
            "state": state, "locked": False,
            "assignee": self.user(r.pick(self.users)) if r.chance(100) else None,
            "milestone": None, "comments": r.below(20), "created_at": self.old_timestamp(),
            "updated_at": self.timestamp(), "closed_at": None if state == "open" else self.timestamp(),
        }
        if pull:
            issue["pull_request"] = {
                "url": f"{API}/repos/{full}/pulls/{number}",
                "html_url": f"{WEB}/{full}/pull/{number}",
                "diff_url": f"{WEB}/{full}/pull/{number}.diff",
                "patch_url": f"{WEB}/{full}/pull/{number}.patch"}
        issue["body"] = self.body(4, 28)
        return issue

    def comment(self, full: str, login: str, number: int) -> Dict[str, Any]:
        r = self.rng
        cid = r.between(68_000_000, 68_500_000)
        return {"url": f"{API}/repos/{full}/issues/comments/{cid}",
                "html_url": f"{WEB}/{full}/issues/{number}#issuecomment-{cid}",
                "issue_url": f"{API}/repos/{full}/issues/{number}", "id": cid,
                "user": self.user(login), "created_at": self.timestamp(),
                "updated_at": self.timestamp(), "body": self.body(3, 30)}

    def branch(self, owner: str, name: str, ref: str) -> Dict[str, Any]:
        return {"label": f"{owner}:{ref}", "ref": ref, "sha": self.rng.hex(40),
                "user": self.user(owner), "repo": self.repository(owner, name)}

    def pull_request(self, owner: str, name: str, login: str, number: int) -> Dict[str, Any]:
        r = self.rng
        full = f"{owner}/{name}"
        u = f"{API}/repos/{full}/pulls/{number}"
        iu = f"{API}/repos/{full}/issues/{number}"
        merged = r.chance(300)
        links = {k: {"href": v} for k, v in [
            ("self", u), ("html", f"{WEB}/{full}/pull/{number}"), ("issue", iu),
            ("comments", f"{iu}/comments"), ("review_comments", f"{u}/comments"),
            ("review_comment", f"{API}/repos/{full}/pulls/comments/{{number}}"),
            ("commits", f"{u}/commits"), ("statuses", f"{API}/repos/{full}/statuses/{r.hex(40)}")]}
        return {
            "url": u, "id": r.between(26_000_000, 27_000_000),
            "html_url": f"{WEB}/{full}/pull/{number}", "diff_url": f"{WEB}/{full}/pull/{number}.diff",
            "patch_url": f"{WEB}/{full}/pull/{number}.patch", "issue_url": iu, "number": number,
            "state": "closed" if merged else "open", "locked": False, "title": self.words(2, 9),
            "user": self.user(login), "body": self.body(3, 25), "created_at": self.old_timestamp(),
            "updated_at": self.timestamp(), "closed_at": self.timestamp() if merged else None,
            "merged_at": self.timestamp() if merged else None,
            "merge_commit_sha": r.hex(40) if r.chance(700) else None, "assignee": None,
            "milestone": None, "commits_url": f"{u}/commits",
            "review_comments_url": f"{u}/comments",
            "review_comment_url": f"{API}/repos/{full}/pulls/comments/{{number}}",
            "comments_url": f"{iu}/comments",
            "statuses_url": f"{API}/repos/{full}/statuses/{r.hex(40)}",
            "head": self.branch(login, name, r.pick(["master", "patch-1", "develop", "fix-" + r.pick(WORDS)])),
            "base": self.branch(owner, name, "master"), "_links": links, "merged": merged,
            "mergeable": None if r.chance(500) else True, "mergeable_state": "unknown",
            "merged_by": self.user(owner) if merged else None, "comments": r.below(10),
            "review_comments": r.below(5), "commits": r.between(1, 12),
            "additions": r.below(2000), "deletions": r.below(800), "changed_files": r.between(1, 40),
        }

    # ------------------------------------------------------------------ payloads

    def push(self, owner: str, name: str, login: str) -> Dict[str, Any]:
        r = self.rng
        n = r.between(1, 2) if r.chance(800) else r.between(3, 12)
        commits = []
        for _ in range(n):
            sha = r.hex(40)
            author = r.pick(self.users)
            commits.append({"sha": sha, "author": {"email": f"{author}@users.noreply.github.com"
                                                   if r.chance(300) else f"{author}@example.com",
                                                   "name": author.capitalize()},
                            "message": self.message(), "distinct": r.chance(950),
                            "url": f"{API}/repos/{owner}/{name}/commits/{sha}"})
        return {"push_id": r.between(536_000_000, 537_000_000), "size": n, "distinct_size": n,
                "ref": "refs/heads/" + r.pick(["master", "master", "gh-pages", "develop", "dev"]),
                "head": commits[-1]["sha"], "before": r.hex(40), "commits": commits}

    def create(self, owner: str, name: str, login: str) -> Dict[str, Any]:
        r = self.rng
        kind = r.pick(["repository", "branch", "branch", "tag"])
        return {"ref": None if kind == "repository" else r.pick(["master", "v1.0", "dev", "patch-1"]),
                "ref_type": kind, "master_branch": "master", "description": self.words(0, 15),
                "pusher_type": "user"}

    def payload(self, kind: str, owner: str, name: str, login: str) -> Dict[str, Any]:
        r = self.rng
        full = f"{owner}/{name}"
        makers: Dict[str, Callable[[], Dict[str, Any]]] = {
            "PushEvent": lambda: self.push(owner, name, login),
            "CreateEvent": lambda: self.create(owner, name, login),
            "WatchEvent": lambda: {"action": "started"},
            "IssueCommentEvent": lambda: self.issue_comment(full, login),
            "PullRequestEvent": lambda: self.pull_request_event(owner, name, login),
            "IssuesEvent": lambda: {"action": r.pick(["opened", "closed", "reopened"]),
                                    "issue": self.issue(full, login)},
            "DeleteEvent": lambda: {"ref": r.pick(["patch-1", "develop", "fix-" + r.pick(WORDS)]),
                                    "ref_type": "branch", "pusher_type": "user"},
            "ForkEvent": lambda: {"forkee": self.repository(login, name, public=True)},
            "GollumEvent": lambda: {"pages": [
                {"page_name": self.words(1, 3).replace(" ", "-"), "title": self.words(1, 4),
                 "summary": None, "action": r.pick(["created", "edited"]), "sha": r.hex(40),
                 "html_url": f"{WEB}/{full}/wiki/{r.pick(WORDS)}"} for _ in range(r.between(1, 2))]},
            "PullRequestReviewCommentEvent": lambda: self.review_comment(owner, name, login),
            "CommitCommentEvent": lambda: {"comment": self.commit_comment(full, login)},
            "MemberEvent": lambda: {"member": self.user(r.pick(self.users)), "action": "added"},
            "ReleaseEvent": lambda: self.release(full, login),
            "PublicEvent": lambda: {},
        }
        return makers[kind]()

    def issue_comment(self, full: str, login: str) -> Dict[str, Any]:
        issue = self.issue(full, self.rng.pick(self.users), pull=self.rng.chance(300))
        return {"action": "created", "issue": issue,
                "comment": self.comment(full, login, issue["number"])}

    def pull_request_event(self, owner: str, name: str, login: str) -> Dict[str, Any]:
        number = self.rng.between(1, 2000)
        return {"action": self.rng.pick(["opened", "closed", "opened", "synchronize"]),
                "number": number, "pull_request": self.pull_request(owner, name, login, number)}

    def review_comment(self, owner: str, name: str, login: str) -> Dict[str, Any]:
        r = self.rng
        full = f"{owner}/{name}"
        number = r.between(1, 2000)
        cid = r.between(22_000_000, 23_000_000)
        comment = {"url": f"{API}/repos/{full}/pulls/comments/{cid}", "id": cid,
                   "diff_hunk": "@@ -1,3 +1,4 @@\n " + self.words(3, 10) + "\n+" + self.words(3, 10),
                   "path": f"src/{r.pick(WORDS)}.{r.pick(['js', 'py', 'rb', 'go'])}",
                   "position": r.between(1, 50), "original_position": r.between(1, 50),
                   "commit_id": r.hex(40), "original_commit_id": r.hex(40), "user": self.user(login),
                   "body": self.body(3, 20), "created_at": self.timestamp(),
                   "updated_at": self.timestamp(),
                   "html_url": f"{WEB}/{full}/pull/{number}#discussion_r{cid}",
                   "pull_request_url": f"{API}/repos/{full}/pulls/{number}",
                   "_links": {"self": {"href": f"{API}/repos/{full}/pulls/comments/{cid}"},
                              "html": {"href": f"{WEB}/{full}/pull/{number}#discussion_r{cid}"},
                              "pull_request": {"href": f"{API}/repos/{full}/pulls/{number}"}}}
        return {"action": "created", "comment": comment,
                "pull_request": self.pull_request(owner, name, r.pick(self.users), number)}

    def commit_comment(self, full: str, login: str) -> Dict[str, Any]:
        r = self.rng
        cid = r.between(9_000_000, 9_200_000)
        sha = r.hex(40)
        return {"url": f"{API}/repos/{full}/comments/{cid}",
                "html_url": f"{WEB}/{full}/commit/{sha}#commitcomment-{cid}", "id": cid,
                "user": self.user(login), "position": None, "line": None, "path": None,
                "commit_id": sha, "created_at": self.timestamp(), "updated_at": self.timestamp(),
                "body": self.body(2, 15)}

    def release(self, full: str, login: str) -> Dict[str, Any]:
        r = self.rng
        rid = r.between(800_000, 900_000)
        tag = f"v{r.below(5)}.{r.below(20)}.{r.below(10)}"
        return {"action": "published", "release": {
            "url": f"{API}/repos/{full}/releases/{rid}",
            "assets_url": f"{API}/repos/{full}/releases/{rid}/assets",
            "upload_url": f"https://uploads.github.com/repos/{full}/releases/{rid}/assets{{?name}}",
            "html_url": f"{WEB}/{full}/releases/tag/{tag}", "id": rid, "tag_name": tag,
            "target_commitish": "master", "name": tag, "draft": False, "author": self.user(login),
            "prerelease": r.chance(100), "created_at": self.timestamp(),
            "published_at": self.timestamp(), "assets": [],
            "tarball_url": f"{API}/repos/{full}/tarball/{tag}",
            "zipball_url": f"{API}/repos/{full}/zipball/{tag}", "body": self.body(2, 20)}}

    # ------------------------------------------------------------------ events

    def pick_type(self) -> str:
        x = self.rng.below(sum(w for _, w in MIX))
        for kind, weight in MIX:
            if x < weight:
                return kind
            x -= weight
        raise AssertionError("unreachable")

    def event(self, index: int, total: int) -> Dict[str, Any]:
        r = self.rng
        kind = self.pick_type()
        owner, name = r.pick(self.repos)
        login = owner if r.chance(600) else r.pick(self.users)
        self.second = index * 3600 // total
        self.event_id += r.between(1, 3)
        event: Dict[str, Any] = {
            "id": str(self.event_id), "type": kind, "actor": self.actor(login),
            "repo": self.repo_ref(owner, name), "payload": self.payload(kind, owner, name, login),
            "public": True, "created_at": self.timestamp(),
        }
        if r.chance(230):
            org = r.pick(WORDS) + r.pick(["-org", "hq", "labs", "io", ""])
            oid = self.user_id(org) + 1
            event["org"] = {"id": oid, "login": org, "gravatar_id": "",
                            "url": f"{API}/orgs/{org}",
                            "avatar_url": f"https://avatars.githubusercontent.com/u/{oid}?"}
        return event


def generate(events: int = 11000, seed: int = 2015) -> bytes:
    """The whole file: one compact JSON object per line, raw UTF-8."""
    gen = Generator(seed)
    lines = [json.dumps(gen.event(i, events), ensure_ascii=False, separators=(",", ":"))
             for i in range(events)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def statistics(data: bytes) -> Dict[str, Any]:
    """What the file is made of, per MB (10**6 bytes) where it says so."""
    counts = {"strings": 0, "keys": 0, "ints": 0, "floats": 0, "bools": 0, "nulls": 0}
    types: Dict[str, int] = {}
    max_depth = 0

    def walk(value: Any, depth: int) -> None:
        """depth: how many containers hold value, itself included if it is one"""
        nonlocal max_depth
        if isinstance(value, (dict, list)):
            max_depth = max(max_depth, depth)
        if isinstance(value, dict):
            counts["keys"] += len(value)
            for v in value.values():
                walk(v, depth + 1)
        elif isinstance(value, list):
            for v in value:
                walk(v, depth + 1)
        elif isinstance(value, bool):
            counts["bools"] += 1
        elif isinstance(value, str):
            counts["strings"] += 1
        elif isinstance(value, int):
            counts["ints"] += 1
        elif isinstance(value, float):
            counts["floats"] += 1
        else:
            counts["nulls"] += 1

    lines = data.splitlines()
    for line in lines:
        event = json.loads(line)
        types[event["type"]] = types.get(event["type"], 0) + 1
        walk(event, 1)
    mb = len(data) / 1e6
    return {
        "bytes": len(data), "lines": len(lines), "bytes per line": round(len(data) / len(lines)),
        **{f"{k} per MB": round(v / mb) for k, v in counts.items()},
        "max container depth": max_depth,
        "non-ASCII bytes": sum(1 for b in data if b >= 0x80),
        "event types": {k: f"{100 * v / len(lines):.1f}%" for k, v in
                        sorted(types.items(), key=lambda kv: -kv[1])},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=11000)
    parser.add_argument("--seed", type=int, default=2015)
    parser.add_argument("--out", type=Path, help="write the file here (default: stdout)")
    parser.add_argument("--stats", action="store_true", help="print statistics instead")
    args = parser.parse_args()
    data = generate(args.events, args.seed)
    if args.stats:
        for key, value in statistics(data).items():
            print(f"{key}: {value}")
    elif args.out is not None:
        args.out.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
