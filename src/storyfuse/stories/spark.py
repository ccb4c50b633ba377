"""The Spark engine for batch clustering: ``storyfuse cluster --engine spark INPUT OUTPUT``.

For corpora past one machine. What costs the most per article (parsing, cleaning, sentence
splitting, word weights and the title embedding, ~4 ms an article here) runs on the Spark
executors, partition by partition, each executor loading the embedding model once. Spark then
sorts the features by date and streams them, partition after partition, to the driver, which
runs the same clustering pass as the local engine (:func:`storyfuse.stories.batch.assign`):
that pass is sequential by nature (an article joins the stories made before it) but cheap (a
fraction of a millisecond an article, memory bounded by the stories open in the time
window), so the stories are the same as the local engine's, by construction.

Input: JSONL (records or storyfuse articles, one per line; a directory or glob of them) or
Parquet (one row per article, the same fields as columns). Output: the assignments JSONL of
:mod:`storyfuse.stories.batch`; articles that cannot be read are returned as errors (the CLI
reports each on stderr). Needs the ``spark`` extra (``pip install 'storyfuse[spark]'``) and
Java 17 or newer.

Running on a cluster: install storyfuse (with its dependencies) on every node, or ship it as a
zip with ``--py-files``, then ``storyfuse cluster --engine spark --master spark://HOST:7077
hdfs:///news/*.jsonl stories.jsonl`` (or ``--master yarn``; any ``spark.*`` setting can be
given with ``--conf KEY=VALUE``).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import numpy as np

from storyfuse.errors import InputError
from storyfuse.stories.batch import BatchResult, write_assignments
from storyfuse.stories.cluster import ClusterOptions, assign
from storyfuse.stories.features import ArticleFeatures


def _featurize_partition(rows: Iterator[Any], embed_titles: bool) -> Iterator[tuple]:
    """Runs on an executor: (id, day, terms JSON, vector bytes, error) per input line."""
    from storyfuse.stories.batch import features_of_lines

    embedder = None
    if embed_titles:
        from storyfuse.embed import default_embedder

        embedder = default_embedder()
    for item in features_of_lines(rows, embedder):
        if isinstance(item, InputError):
            yield (
                None,
                None,
                None,
                None,
                json.dumps({"source": item.source, "reason": item.reason}),
            )
        else:
            yield _row(item)


def _row(f: ArticleFeatures) -> tuple:
    vector = None if f.vector is None else bytearray(np.asarray(f.vector, np.float32).tobytes())
    return (f.article_id, f.day, json.dumps(f.terms), vector, None)


def session(master: str | None = None, conf: dict[str, str] | None = None) -> Any:
    from pyspark.sql import SparkSession

    # Python workers run the driver's interpreter (where storyfuse is installed) unless told
    # otherwise; Spark reads this from the environment when it starts them.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("storyfuse-cluster")
    builder = builder.master(master or os.environ.get("STORYFUSE_SPARK_MASTER", "local[*]"))
    builder = builder.config("spark.pyspark.python", os.environ["PYSPARK_PYTHON"])
    builder = builder.config("spark.ui.showConsoleProgress", "false")
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def _lines(spark: Any, path: str) -> Any:
    """(origin, JSON line) pairs of the input, as an RDD."""
    if path.endswith(".parquet") or (Path(path).is_dir() and any(Path(path).glob("*.parquet"))):
        frame = spark.read.parquet(path)
        return (
            frame.rdd.map(lambda r: json.dumps(r.asDict(recursive=True), default=str))
            .zipWithIndex()
            .map(lambda x: (f"{path}#{x[1] + 1}", x[0]))
        )
    frame = spark.read.text(path)
    return (
        frame.rdd.map(lambda r: r.value)
        .zipWithIndex()
        .filter(lambda x: x[0].strip() != "")
        .map(lambda x: (f"{path}:{x[1] + 1}", x[0]))
    )


def cluster_spark(
    path: str,
    out: IO[str],
    *,
    embed_titles: bool = False,
    options: ClusterOptions | None = None,
    master: str | None = None,
    conf: dict[str, str] | None = None,
    spark: Any = None,
) -> BatchResult:
    """Cluster the articles at ``path`` with Spark and write the assignments to ``out``."""
    from pyspark.sql.types import (
        BinaryType,
        IntegerType,
        StringType,
        StructField,
        StructType,
    )

    own = spark is None
    spark = spark or session(master, conf)
    try:
        schema = StructType(
            [
                StructField("id", StringType()),
                StructField("day", IntegerType()),
                StructField("terms", StringType()),
                StructField("vector", BinaryType()),
                StructField("error", StringType()),
            ]
        )
        rows = _lines(spark, path).mapPartitions(
            lambda part: _featurize_partition(part, embed_titles)
        )
        frame = spark.createDataFrame(rows, schema).cache()
        result = BatchResult()
        for r in frame.filter("error IS NOT NULL").select("error").toLocalIterator():
            error = json.loads(r.error)
            result.errors.append(InputError(error["source"], error["reason"]))
        ordered = (
            frame.filter("error IS NULL")
            .orderBy(frame.day.asc_nulls_last(), frame.id.asc())
            .select("id", "day", "terms", "vector")
        )

        def features() -> Iterator[ArticleFeatures]:
            for r in ordered.toLocalIterator():
                result.articles += 1
                vector = None if r.vector is None else np.frombuffer(r.vector, np.float32)
                yield ArticleFeatures(r.id, r.day, json.loads(r.terms), vector)

        result.stories = write_assignments(assign(features(), options), out)
        frame.unpersist()
        return result
    finally:
        if own:
            spark.stop()
