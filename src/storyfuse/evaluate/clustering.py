"""``storyfuse eval clustering``: stories found by storyfuse against labelled stories.

Reads one labelled article per line (``{"id", "story_id", "title", "source", "date", "text"}``),
groups the articles with storyfuse's default (words only) twice (incrementally, in file order,
as a feed would arrive; and in batch, the whole set re-clustered in date order), optionally
with title embeddings and on the Spark engine, and with a TF-IDF + average-linkage
agglomerative baseline (scikit-learn), and scores each with B-cubed precision/recall/F1 and the
adjusted Rand index. Also reports how far the incremental and batch stories are from each other
(B-cubed F1 of one against the other), the time each took, and the articles per second.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from storyfuse.embed import Embedder
from storyfuse.model import Article
from storyfuse.options import IngestOptions
from storyfuse.stories.batch import article_from_line, read_lines
from storyfuse.stories.cluster import ClusterOptions, assign, cluster
from storyfuse.stories.features import featurize

#: The baseline's cut: clusters merge while their average cosine distance is below this
#: (chosen as the baseline's best on the Giveme5W1H set, so the comparison flatters it).
BASELINE_DISTANCE = 0.85


@dataclass(slots=True)
class Scores:
    precision: float
    recall: float
    f1: float
    ari: float
    clusters: int


@dataclass(slots=True)
class ClusteringReport:
    path: str
    articles: int
    stories: int
    title_only: int
    rows: dict[str, Scores] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    incremental_vs_batch_f1: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "articles": self.articles,
            "labelled_stories": self.stories,
            "title_only_articles": self.title_only,
            "systems": {name: asdict(s) for name, s in self.rows.items()},
            "seconds": self.seconds,
            "incremental_vs_batch_bcubed_f1": self.incremental_vs_batch_f1,
        }

    def to_markdown(self) -> str:
        lines = [
            f"{self.articles} articles, {self.stories} labelled stories "
            f"({self.title_only} with no usable text, clustered by title)",
            "",
            "| system | B-cubed P | B-cubed R | B-cubed F1 | ARI | stories | seconds |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for name, s in self.rows.items():
            lines.append(
                f"| {name} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | {s.ari:.3f} "
                f"| {s.clusters} | {self.seconds.get(name, 0.0):.2f} |"
            )
        lines += [
            "",
            f"Incremental vs batch stories: B-cubed F1 {self.incremental_vs_batch_f1:.3f} "
            "(1.000 = identical).",
        ]
        return "\n".join(lines) + "\n"


def bcubed(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (Bagga & Baldwin), averaged over items."""
    if len(predicted) != len(gold):
        raise ValueError("predicted and gold labellings differ in length")
    if not gold:
        return 0.0, 0.0, 0.0
    by_pred: dict[Hashable, set[int]] = defaultdict(set)
    by_gold: dict[Hashable, set[int]] = defaultdict(set)
    for i, (p, g) in enumerate(zip(predicted, gold, strict=True)):
        by_pred[p].add(i)
        by_gold[g].add(i)
    precision = recall = 0.0
    for p, g in zip(predicted, gold, strict=True):
        both = len(by_pred[p] & by_gold[g])
        precision += both / len(by_pred[p])
        recall += both / len(by_gold[g])
    precision /= len(gold)
    recall /= len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def scores(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> Scores:
    from sklearn.metrics import adjusted_rand_score

    p, r, f = bcubed(predicted, gold)
    ari = float(adjusted_rand_score([str(g) for g in gold], [str(x) for x in predicted]))
    return Scores(p, r, f, ari, len(set(predicted)))


def read_labelled(path: str | Path) -> tuple[list[Article], list[str], int]:
    """Articles and their story labels, read as ``storyfuse cluster`` reads them (an article
    with no usable text keeps its title); the third value counts those."""
    options = IngestOptions(audit_html=False)
    articles: list[Article] = []
    labels: list[str] = []
    for origin, line in read_lines(path):
        articles.append(article_from_line(line, origin, options))
        labels.append(str(json.loads(line)["story_id"]))
    title_only = sum(1 for a in articles if a.meta.get("title_only"))
    return articles, labels, title_only


def baseline(articles: Sequence[Article], distance: float = BASELINE_DISTANCE) -> list[int]:
    """TF-IDF (title + text) and average-linkage agglomerative clustering on cosine distance."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(articles) < 2:
        return [0] * len(articles)
    texts = [f"{a.title or ''}\n{a.text}" for a in articles]
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    model = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=distance
    )
    return [int(x) for x in model.fit_predict(matrix.toarray())]


def evaluate_clustering(
    path: str | Path,
    *,
    embedder: Embedder | None = None,
    options: ClusterOptions | None = None,
    spark: bool = False,
) -> ClusteringReport:
    """Score storyfuse's default (words only: incremental, batch, and with ``spark`` the Spark
    engine) and the baseline on one labelled file; with ``embedder``, also storyfuse with
    title embeddings (batch), the optional mode."""
    articles, labels, title_only = read_labelled(path)
    report = ClusteringReport(str(path), len(articles), len(set(labels)), title_only)

    start = time.perf_counter()
    features = featurize(articles, None)
    featurized = time.perf_counter() - start

    start = time.perf_counter()
    placed = {f.article_id: n for f, n in assign(features, options)}  # file order
    incremental = [placed[a.id] for a in articles]
    report.seconds["storyfuse (incremental, file order)"] = featurized + (
        time.perf_counter() - start
    )

    start = time.perf_counter()
    batch_map = cluster(features, options)
    batch = [batch_map[a.id] for a in articles]
    report.seconds["storyfuse (batch, date order)"] = featurized + (time.perf_counter() - start)

    start = time.perf_counter()
    base = baseline(articles)
    report.seconds["TF-IDF + agglomerative (baseline)"] = time.perf_counter() - start

    report.rows["storyfuse (incremental, file order)"] = scores(incremental, labels)
    report.rows["storyfuse (batch, date order)"] = scores(batch, labels)
    report.rows["TF-IDF + agglomerative (baseline)"] = scores(base, labels)
    report.incremental_vs_batch_f1 = bcubed(incremental, batch)[2]
    if embedder is not None:
        name = "storyfuse + title embeddings (batch)"
        start = time.perf_counter()
        with_titles = cluster(featurize(articles, embedder), options)
        report.seconds[name] = time.perf_counter() - start
        report.rows[name] = scores([with_titles[a.id] for a in articles], labels)
    if spark:
        report.rows["storyfuse (Spark engine, batch)"] = _spark_scores(
            path, articles, labels, report
        )
    return report


def _spark_scores(
    path: str | Path,
    articles: Sequence[Article],
    labels: Sequence[str],
    report: ClusteringReport,
) -> Scores:
    """The Spark engine on the same file; articles it cannot read count as stories of one."""
    import io

    from storyfuse.stories.batch import read_assignment_lines
    from storyfuse.stories.spark import cluster_spark

    start = time.perf_counter()
    out = io.StringIO()
    cluster_spark(str(path), out, master="local[*]")
    report.seconds["storyfuse (Spark engine, batch)"] = time.perf_counter() - start
    found = read_assignment_lines(out.getvalue().splitlines())
    predicted = [found.get(a.id, f"unread:{a.id}") for a in articles]
    return scores(predicted, labels)
