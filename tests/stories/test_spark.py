"""The Spark engine (local mode) gives the same assignments as the local engine."""

from __future__ import annotations

import io
import json
import shutil

import pytest

from storyfuse.stories.batch import cluster_file

pyspark = pytest.importorskip("pyspark")
if shutil.which("java") is None:  # pragma: no cover - the project's set-up installs Java
    pytest.skip("Spark needs Java", allow_module_level=True)

TOPICS = [
    "Floods in Valencia kill dozens as rivers burst their banks after torrential rain.",
    "Magnus Carlsen wins the Norway Chess tournament in Stavanger on the final day.",
    "Ghana's electoral commission declares the opposition candidate winner of the election.",
]


@pytest.fixture(scope="module")
def spark():
    from storyfuse.stories.spark import session

    s = session("local[2]", {"spark.sql.shuffle.partitions": "4"})
    yield s
    s.stop()


def write_input(path, n=24):
    rows = []
    for i in range(n):
        topic = TOPICS[i % 3]
        rows.append(
            {
                "id": f"a{i:02d}",
                "title": topic.split(" in ")[0] + f" ({i})",
                "date": f"2024-05-{1 + (i * 7) % 20:02d}",
                "text": f"{topic} Report {i} adds what officials said later that day.",
            }
        )
    lines = [json.dumps(r) for r in rows]
    lines.insert(5, "{broken json")
    lines.insert(9, "")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_spark_and_local_engines_write_the_same_assignments(tmp_path, spark):
    from storyfuse.stories.spark import cluster_spark

    source = tmp_path / "articles.jsonl"
    write_input(source)
    local, remote = io.StringIO(), io.StringIO()
    local_result = cluster_file(source, local, embedder=None)
    spark_result = cluster_spark(str(source), remote, embed_titles=False, spark=spark)
    assert local.getvalue() == remote.getvalue()
    assert local_result.articles == spark_result.articles == 24
    assert local_result.stories == spark_result.stories == 3
    assert [e.source for e in spark_result.errors] == [f"{source}:6"]
    assert [e.source for e in local_result.errors] == [f"{source}:6"]


def test_spark_reads_parquet(tmp_path, spark):
    from storyfuse.stories.spark import cluster_spark

    source = tmp_path / "articles.jsonl"
    write_input(source)
    frame = spark.read.json(str(source)).filter("id IS NOT NULL")
    frame.write.parquet(str(tmp_path / "articles.parquet"))
    out = io.StringIO()
    result = cluster_spark(str(tmp_path / "articles.parquet"), out, embed_titles=False, spark=spark)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert result.articles == 24 and len({r["story"] for r in rows}) == 3
