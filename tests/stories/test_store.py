"""The story store: dedup, persistence across runs, crash safety, readers during writes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from storyfuse.stories.store import SCHEMA_VERSION, Store, StoreError
from tests.conftest import make_article

ROOT = Path(__file__).resolve().parents[2]
TOPICS = [
    "Floods in Valencia kill dozens as rivers burst their banks after torrential rain.",
    "Magnus Carlsen wins the Norway Chess tournament in Stavanger on the final day.",
    "Ghana's electoral commission declares the opposition candidate winner of the election.",
]


def articles(n: int, start: int = 0):
    out = []
    for i in range(start, start + n):
        topic = TOPICS[i % len(TOPICS)]
        out.append(
            make_article(
                f"a{i}",
                [topic, f"Update {i}: officials gave more figures about it."],
                title=topic.split(" as ")[0] + f" ({i})",
                published=f"2024-05-{1 + i % 5:02d}",
                url=f"https://news.example/{i}",
                outlet=f"Outlet {i % 4}",
            )
        )
    return out


def consistent(db: str) -> None:
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    n_articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert con.execute("SELECT count(*) FROM membership").fetchone()[0] == n_articles
    assert con.execute("SELECT count(*) FROM features").fetchone()[0] == n_articles
    bad = con.execute(
        "SELECT s.id FROM stories s WHERE s.merged_into IS NULL AND s.size != "
        "(SELECT count(*) FROM membership m WHERE m.story = s.id)"
    ).fetchall()
    assert bad == []
    con.close()


def test_adding_twice_changes_nothing(tmp_path, fake_embedder):
    db = str(tmp_path / "s.db")
    with Store(db, embedder=fake_embedder) as store:
        first = list(store.add(articles(9)))
        assert [r.status for r in first] == ["added"] * 9
        again = list(store.add(articles(9)))
        assert {r.status for r in again} == {"duplicate"}
        assert "same URL" in again[0].reason
        renamed = articles(1)[0]
        renamed.id, renamed.url = "other-id", "https://elsewhere.example/x"
        (dup,) = store.add([renamed])
        assert dup.status == "duplicate" and "same text" in dup.reason
        assert store.count_articles() == 9
        assert len(store.stories()) == 3
    consistent(db)


def test_stories_persist_and_grow_across_runs(tmp_path, fake_embedder):
    db = str(tmp_path / "s.db")
    with Store(db, embedder=fake_embedder) as store:
        placed = {r.article_id: r.story_id for r in store.add(articles(6))}
    with Store(db, embedder=fake_embedder) as store:
        assert store.schema_version == SCHEMA_VERSION
        later = {r.article_id: r.story_id for r in store.add(articles(3, start=6))}
        # Article 6 is about the same thing as article 0 and joins its story.
        assert later["a6"] == placed["a0"] and later["a7"] == placed["a1"]
        story = store.story(placed["a0"])
        # In date order: a0 on May 1, a6 on May 2, a3 on May 4.
        assert story.articles == 3 and story.article_ids == ["a0", "a6", "a3"]
        assert story.first_seen == "2024-05-01" and story.outlets == 3
    consistent(db)


def test_listing_filters_and_counts_what_is_new(tmp_path, fake_embedder):
    db = str(tmp_path / "s.db")
    with Store(db, embedder=fake_embedder) as store:
        list(store.add(articles(6)))
        store.mark_shown("2000-01-01T00:00:00Z")
        shown = store.last_shown()
        listed = store.stories(new_since=shown)
        assert all(s.new_articles == s.articles == 2 for s in listed)
        store.mark_shown()
        assert all(s.new_articles == 0 for s in store.stories(new_since=store.last_shown()))
        assert store.stories(min_sources=3) == []
        assert store.stories(since="2030-01-01") == []
        assert len(store.stories(limit=1)) == 1


def test_a_story_is_briefed_and_its_embeddings_are_kept(tmp_path, fake_embedder):
    from storyfuse.options import BriefOptions

    db = str(tmp_path / "s.db")
    flood = (
        "Floods in the river valley forced thousands of families to leave their homes on Monday."
    )
    reworded = "Floods forced thousands of people in the valley to flee on Monday, rescuers said."
    pair = [
        make_article("f1", [flood], title="Valley floods", published="2024-05-06", outlet="One"),
        make_article("f2", [reworded], title="Valley floods", published="2024-05-06", outlet="Two"),
    ]
    with Store(db, embedder=fake_embedder) as store:
        placed = [r.story_id for r in store.add(pair)]
        assert placed[0] == placed[1]
        # Worded differently: whether one supports the other takes the embeddings.
        result = store.brief(placed[0], BriefOptions(words=40, sections=("summary",)))
        assert result.sentences and result.sources
        kept = store.db.execute("SELECT count(*) FROM sentence_embeddings").fetchone()[0]
        assert kept > 0
        calls = fake_embedder.calls
        store.brief(placed[0], BriefOptions(words=40, sections=("summary",)))
        assert fake_embedder.calls == calls  # nothing new to embed
        with pytest.raises(KeyError):
            store.brief(999)


def test_recluster_gives_the_same_stories(tmp_path, fake_embedder):
    db = str(tmp_path / "s.db")
    with Store(db, embedder=fake_embedder) as store:
        before = {r.article_id: r.story_id for r in store.add(articles(12))}
        result = store.recluster()
        assert result.stories == result.previous_stories == 3 and result.agreement_f1 == 1.0
        after = dict(
            store.db.execute(
                "SELECT a.id, m.story FROM articles a JOIN membership m ON m.article = a.rowid"
            ).fetchall()
        )
    groups = lambda m: sorted(sorted(k for k in m if m[k] == s) for s in set(m.values()))  # noqa: E731
    assert groups(before) == groups(after)
    consistent(db)
    with Store(db) as store:  # the joins are recorded again by the batch pass
        joins = store.story(1).joins
        assert sum(1 for j in joins if j.started) == 1 and all(j.score is not None for j in joins)


def test_a_story_records_how_each_article_joined(tmp_path, fake_embedder):
    db = str(tmp_path / "s.db")
    with Store(db, embedder=fake_embedder, embed_titles=False) as store:
        list(store.add(articles(9)))
        story = store.story(store.story_of("a3"))
    assert [j.article_id for j in story.joins] == story.article_ids
    first, *rest = story.joins
    assert first.started and first.article_id == "a0"
    assert all(not j.started and j.score >= j.threshold for j in rest)
    assert {j.runner_up for j in story.joins} <= {None, 2, 3}  # the other two stories
    assert story.to_dict()["joins"][1]["score"] == rest[0].score


def test_a_schema_1_store_is_migrated_and_its_joins_are_unknown(tmp_path):
    db = tmp_path / "old.db"
    with Store(db, embed_titles=False) as store:
        list(store.add(articles(3)))
    con = sqlite3.connect(db)
    for column in ("score", "started", "runner_up", "runner_up_score"):
        con.execute(f"ALTER TABLE membership DROP COLUMN {column}")
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()
    with Store(db, embed_titles=False) as store:
        assert store.schema_version == SCHEMA_VERSION
        (join,) = store.story(1).joins
        assert join.score is None and join.started is None
        list(store.add(articles(3, start=3)))
        assert store.story(1).joins[-1].score is not None


def test_not_a_store_and_newer_schema_are_clear_errors(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a storyfuse store"):
        Store(junk)
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.close()
    with pytest.raises(StoreError, match="not a storyfuse store"):
        Store(other)
    newer = tmp_path / "newer.db"
    con = sqlite3.connect(newer)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.close()
    with pytest.raises(StoreError, match="newer storyfuse"):
        Store(newer)
    with pytest.raises(StoreError, match="no such store"):
        Store(tmp_path / "missing.db", readonly=True)


WRITER = """
import sys
sys.path.insert(0, {root!r})
from storyfuse.stories.store import Store
from tests.stories.test_store import articles
with Store({db!r}, embed_titles=False) as store:
    for result in store.add(articles(3000), batch_size=25):
        print(result.article_id, flush=True)
"""


def test_kill_9_loses_no_reported_article_and_leaves_the_store_consistent(tmp_path):
    db = str(tmp_path / "s.db")
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER.format(root=str(ROOT), db=db)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    reported = []
    assert proc.stdout is not None
    for line in proc.stdout:
        reported.append(line.strip())
        if len(reported) >= 260:  # mid-run: ~10 batches done, one in flight
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    consistent(db)
    con = sqlite3.connect(db)
    stored = {r[0] for r in con.execute("SELECT id FROM articles")}
    con.close()
    assert set(reported) <= stored
    assert len(stored) < 3000
    # The store carries on where it stopped.
    with Store(db, embed_titles=False) as store:
        results = list(store.add(articles(3000)))
        assert sum(r.status == "added" for r in results) == 3000 - len(stored)
    consistent(db)


def test_readers_never_see_a_partial_batch(tmp_path):
    db = str(tmp_path / "s.db")
    with Store(db, embed_titles=False) as store:
        list(store.add(articles(30)))
    problems: list[str] = []
    done = threading.Event()

    def read() -> None:
        con = sqlite3.connect(db, isolation_level=None)
        while not done.is_set():
            con.execute("BEGIN")
            n_articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
            n_members = con.execute("SELECT count(*) FROM membership").fetchone()[0]
            sizes = con.execute(
                "SELECT coalesce(sum(size), 0) FROM stories WHERE merged_into IS NULL"
            ).fetchone()[0]
            con.execute("COMMIT")
            if not (n_articles == n_members == sizes):
                problems.append(f"{n_articles} articles, {n_members} members, {sizes} sized")
        con.close()

    reader = threading.Thread(target=read)
    reader.start()
    try:
        with Store(db, embed_titles=False) as store:
            list(store.add(articles(600, start=30), batch_size=20))
    finally:
        done.set()
        reader.join()
    assert problems == []


def test_an_undated_article_is_placed_on_the_day_it_arrives(tmp_path):
    import datetime as dt

    old, undated, fresh = articles(3)[0], articles(4)[3], articles(7)[6]  # the same topic
    undated.published = None
    fresh.published = dt.date.today().isoformat()
    with Store(tmp_path / "s.db") as store:
        (first,) = store.add([old])  # May 2024
        (second,) = store.add([undated])
        (third,) = store.add([fresh])
        assert second.story_id != first.story_id  # not pulled into a story of 2024
        assert third.story_id == second.story_id
        day, published = store.db.execute(
            "SELECT day, published FROM articles WHERE id = ?", ("a3",)
        ).fetchone()
        assert day == dt.date.today().toordinal() and published is None


def test_articles_and_prepared_articles_are_added_alike(tmp_path):
    from storyfuse.stories.store import prepare

    with Store(str(tmp_path / "a.db"), embed_titles=False) as store:
        as_articles = [(r.status, r.story_id) for r in store.add(articles(12))]
    with Store(str(tmp_path / "b.db"), embed_titles=False) as store:
        prepared = [prepare(a) for a in articles(12)]
        assert [(r.status, r.story_id) for r in store.add(prepared)] == as_articles
        again = list(store.add([prepare(articles(1)[0])]))
        assert again[0].status == "duplicate" and "same URL" in again[0].reason


def test_an_article_stored_without_sentences_is_segmented_when_read(tmp_path, fake_embedder):
    from storyfuse.ingest import article_from_record
    from storyfuse.options import BriefOptions, IngestOptions
    from storyfuse.segment import segment
    from storyfuse.stories.store import unpack

    records = [
        {
            "id": f"r{i}",
            "title": "Floods in Valencia",
            "date": "2024-05-01",
            "url": f"https://news.example/r{i}",
            "text": f"{TOPICS[0]} Report {i}: the regional government said 40 roads were shut. "
            f"Rescuers reached the town of Paiporta by boat.",
        }
        for i in range(3)
    ]
    bare = [article_from_record(r, options=IngestOptions(segment=False)) for r in records]
    assert all(a.sentences == [] for a in bare)
    db = str(tmp_path / "s.db")
    with Store(db, embedder=fake_embedder) as store:
        (story_id,) = {r.story_id for r in store.add(bare)}
        blob = store.db.execute("SELECT article FROM articles WHERE id = 'r0'").fetchone()[0]
        assert unpack(blob, sentences=False).sentences == []  # kept as given: not segmented
        read = store.article("r0")
        assert read.sentences == segment(bare[0].paragraphs, "r0", "en")
        brief = store.brief(story_id, BriefOptions(sections=("summary",)))
        assert brief.sentences and all(s.citations for s in brief.sentences)
