"""`storyfuse add`, `stories`, `story`, `cluster`: exit codes, JSON, errors that say what to do."""

from __future__ import annotations

import json
import sqlite3

from storyfuse.cli import main

FLOOD = "Floods in Valencia kill dozens as rivers burst their banks after torrential rain."
CHESS = "Magnus Carlsen wins the Norway Chess tournament in Stavanger on the final day."


def write_articles(tmp_path):
    rows = []
    for i in range(6):
        text = FLOOD if i % 2 == 0 else CHESS
        rows.append(
            {
                "id": f"a{i}",
                "title": text.split(" in ")[0] + f" ({i})",
                "date": f"2024-05-0{1 + i}",
                "source": f"Outlet {i}",
                "url": f"https://news.example/{i}",
                "text": f"{text} Report {i} gives more detail on what happened there today.",
            }
        )
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def run(capsys, *args):
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    out, err = capsys.readouterr()
    return code, out, err


def test_add_list_show_and_add_again(tmp_path, capsys):
    feed = write_articles(tmp_path)
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    db = str(tmp_path / "s.db")
    code, out, err = run(capsys, "add", "--db", db, "--json", str(feed), str(broken))
    assert code == 1  # one input failed, the others were added
    assert "broken.json" in err and "6 added to 2 stories" in err
    lines = [json.loads(line) for line in out.splitlines()]
    assert [r["status"] for r in lines] == ["added"] * 6

    code, out, err = run(capsys, "stories", "--db", db, "--json")
    listed = json.loads(out)["stories"]
    assert code == 0 and len(listed) == 2
    assert {s["articles"] for s in listed} == {3} and listed[0]["schema"] == "storyfuse.story/1"
    assert all(s["new_articles"] == 3 for s in listed)
    code, out, err = run(capsys, "stories", "--db", db)
    assert "+3" not in out and "Floods (0)" in out  # listed once: nothing new now

    code, out, err = run(capsys, "add", "--db", db, str(feed))
    assert code == 0 and "0 added" in err and "6 already in the store" in err

    story_id = listed[0]["id"]
    code, out, err = run(capsys, "story", str(story_id), "--db", db, "--json", "-s", "summary")
    shown = json.loads(out)
    assert code == 0 and shown["schema"] == "storyfuse.brief/2"
    joins = shown["story"]["joins"]  # why each article is in the story
    assert [j["article_id"] for j in joins] == shown["story"]["article_ids"]
    assert [j["started"] for j in joins] == [True, False, False]
    assert all(j["score"] >= j["threshold"] for j in joins[1:])
    code, out, err = run(capsys, "story", "999", "--db", db)
    assert code == 3 and "no story 999" in err and "storyfuse stories" in err

    code, out, err = run(capsys, "recluster", "--db", db, "--json")
    assert code == 0 and json.loads(out) == {
        "previous_stories": 2,
        "stories": 2,
        "agreement_f1": 1.0,
    }


def test_stories_on_a_missing_store_says_how_to_make_one(tmp_path, capsys):
    code, _, err = run(capsys, "stories", "--db", str(tmp_path / "none.db"), "--no-mark")
    assert code == 3 and "storyfuse add" in err


def test_stories_rejects_a_bad_date(tmp_path, capsys):
    code, _, err = run(capsys, "stories", "--db", str(tmp_path / "x.db"), "--since", "May")
    assert code == 2 and "not a date" in err


def test_cluster_writes_one_assignment_per_article(tmp_path, capsys, monkeypatch):
    from storyfuse import embed
    from tests.conftest import FakeEmbedder

    monkeypatch.setattr(embed, "default_embedder", lambda: FakeEmbedder())
    feed = write_articles(tmp_path)
    out_path = tmp_path / "stories.jsonl"
    code, _, err = run(capsys, "cluster", str(feed), str(out_path))
    rows = [json.loads(line) for line in out_path.read_text().splitlines()]
    assert code == 0 and len(rows) == 6 and "2 stories" in err
    assert {r["story"] for r in rows} == {1, 2}
    assert rows[0]["story"] == rows[2]["story"] != rows[1]["story"]


def test_add_a_feed_twice_fetches_only_new_entries(tmp_path, capsys, server):
    from tests.ingest.test_feeds import OTHER, RSS_TYPE, STORY, page, rss

    hits: list[str] = []

    def counted(name: str, body: bytes):
        def produce() -> bytes:
            hits.append(name)
            return body

        return produce

    one = server.route("/one", counted("one", page("Flood plan approved", STORY)))
    two = server.route("/two", counted("two", page("Late trains added", OTHER)))
    items = [{"title": "Flood plan approved", "link": one}]
    server.route("/feed", lambda: rss(items), headers=RSS_TYPE)
    db = str(tmp_path / "s.db")

    code, _, err = run(capsys, "add", "--db", db, server.base + "/feed")
    assert code == 0 and "1 added" in err and hits == ["one"]
    items.append({"title": "Late trains added", "link": two})
    code, _, err = run(capsys, "add", "--db", db, server.base + "/feed")
    assert code == 0 and "1 added" in err and hits == ["one", "two"]  # "one" not fetched again
    code, _, err = run(capsys, "add", "--db", db, server.base + "/feed")
    assert code == 0 and "0 added" in err and hits == ["one", "two"]


def test_watch_backs_off_an_unreachable_feed_and_stops_on_ctrl_c(
    tmp_path, capsys, server, monkeypatch
):
    from storyfuse import cli
    from tests.ingest.test_feeds import RSS_TYPE, STORY, page, rss

    one = server.route("/one", page("Flood plan approved", STORY))
    server.route("/feed", rss([{"title": "Flood plan approved", "link": one}]), headers=RSS_TYPE)
    dead = server.base + "/gone.rss"  # 404
    clock = [1000.0]
    sleeps: list[float] = []

    def fake_sleep(seconds: float) -> None:
        sleeps.append(round(seconds))
        if len(sleeps) == 4:
            raise KeyboardInterrupt
        clock[0] += seconds

    monkeypatch.setattr(cli, "_clock", lambda: clock[0])
    monkeypatch.setattr(cli, "_sleep", fake_sleep)
    db = str(tmp_path / "s.db")
    code, _, err = run(
        capsys, "add", "--db", db, "--watch", "--interval", "10", server.base + "/feed", dead
    )
    assert code == 130 and "interrupted" in err
    assert err.count("gone.rss: HTTP 404") == 2  # read at t=0 and t=20, not at t=10
    # The good feed every 10 s; the dead one after 20 s, then 40 s.
    assert sleeps == [10, 10, 10, 10]
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 1


def test_add_on_two_worker_processes_stores_what_one_process_stores(tmp_path):
    # A fresh, single-threaded process: the workers are forked there (on Linux), as in use.
    import subprocess
    import sys

    feed = write_articles(tmp_path)
    stored = []
    for jobs in ("1", "2"):
        db = str(tmp_path / f"jobs{jobs}.db")
        subprocess.run(
            [sys.executable, "-m", "storyfuse", "add", "-q", "--jobs", jobs, "--db", db, str(feed)],
            check=True,
            timeout=120,
        )
        con = sqlite3.connect(db)
        stored.append(
            con.execute(
                "SELECT a.id, a.fingerprint, f.terms, m.story FROM articles a "
                "JOIN features f ON f.article = a.rowid JOIN membership m ON m.article = a.rowid "
                "ORDER BY a.id"
            ).fetchall()
        )
        con.close()
    assert len(stored[0]) == 6 and stored[0] == stored[1]


def test_eval_clustering_over_several_sets_reports_a_broken_one_and_scores_the_rest(
    tmp_path, capsys
):
    good = tmp_path / "labelled.jsonl"
    rows = [
        dict(json.loads(line), story_id=json.loads(line)["id"][1:])
        for line in write_articles(tmp_path).read_text().splitlines()
    ]
    for row in rows:
        row["story_id"] = "flood" if FLOOD in row["text"] else "chess"
    good.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "x", "story_id": "s", "text": "ok"}\nnot json\n', encoding="utf-8")
    code, out, err = run(capsys, "eval", "clustering", str(good), str(good), str(broken), "--json")
    assert code == 1 and "broken.jsonl: cannot evaluate" in err
    summary = json.loads(out)
    assert len(summary["sets"]) == 2
    assert summary["systems"]["storyfuse (batch, date order)"]["worst_bcubed_f1"] == 1.0
    code, out, _ = run(capsys, "eval", "clustering", str(good))
    assert code == 0 and "| storyfuse (batch, date order) | 1.000 |" in out
