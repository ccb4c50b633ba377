"""``storyfuse eval clustering``: stories found by storyfuse against labelled stories.

Reads labelled streams (one article a line with its ``story_id``, or one summarization cluster
a line: see :func:`read_labelled`), groups the articles with storyfuse's default twice
(incrementally, in arrival order, as a feed would deliver them; and in batch, the whole set
re-clustered in date order), optionally with title embeddings and on the Spark engine, and with
a TF-IDF + average-linkage agglomerative baseline (scikit-learn), and scores each with B-cubed
precision/recall/F1 and the adjusted Rand index. Also reports how far the incremental and batch
stories are from each other (B-cubed F1 of one against the other) and the time each took.
Several streams make one :class:`ClusteringSummary`: every system per set, mean and worst set.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from storyfuse.embed import Embedder
from storyfuse.errors import InputRejected
from storyfuse.model import Article
from storyfuse.options import IngestOptions
from storyfuse.stories.batch import article_from_data, read_lines
from storyfuse.stories.cluster import ClusterOptions, assign, cluster
from storyfuse.stories.features import featurize

#: The baseline's cut: clusters merge while their average cosine distance is below this
#: (chosen as the baseline's best on the Giveme5W1H set, so the comparison flatters it).
BASELINE_DISTANCE = 0.85
#: How a labelled stream's articles arrive (see :func:`read_labelled`).
FILE_ORDER = "file order"
DATE_ORDER = "date order, shuffled within a day"


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
    order: str = FILE_ORDER
    titled: int = 0
    dated: int = 0
    skipped: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "articles": self.articles,
            "labelled_stories": self.stories,
            "title_only_articles": self.title_only,
            "titled_articles": self.titled,
            "dated_articles": self.dated,
            "unreadable_articles": self.skipped,
            "arrival_order": self.order,
            "systems": {name: asdict(s) for name, s in self.rows.items()},
            "seconds": self.seconds,
            "incremental_vs_batch_bcubed_f1": self.incremental_vs_batch_f1,
        }

    def to_markdown(self) -> str:
        lines = [
            f"{self.articles} articles, {self.stories} labelled stories "
            f"({self.title_only} with no usable text, clustered by title; {self.titled} with a "
            f"title, {self.dated} dated); incremental in {self.order}"
            + (f"; {self.skipped} unreadable articles left out" if self.skipped else ""),
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


@dataclass(slots=True)
class LabelledStream:
    """Articles in the order a feed would deliver them, with their story labels."""

    path: str
    articles: list[Article]
    labels: list[str]
    #: :data:`FILE_ORDER` (one article a line) or :data:`DATE_ORDER` (clusters).
    order: str
    #: Articles with no usable text, clustered by their title alone.
    title_only: int = 0
    #: Articles that could not be read at all (no text and no title), left out.
    skipped: int = 0

    @property
    def name(self) -> str:
        return set_name(self.path)


def set_name(path: str | Path) -> str:
    """A labelled file's name as the tables show it."""
    return Path(path).name.removesuffix(".jsonl")


def _shuffle_key(article_id: str) -> bytes:
    return hashlib.blake2b(article_id.encode("utf-8"), digest_size=8).digest()


def _day_key(article: Article) -> str:
    date = article.published_date
    return date.isoformat() if date else "~"  # undated last


def read_labelled(path: str | Path) -> LabelledStream:
    """A labelled stream from either kind of file, read as ``storyfuse add`` reads articles.

    * one article a line, ``{"id", "story_id", "title", "source", "date", "text"}``: kept in
      file order;
    * one cluster a line, as the summarization files are (``{"id", "articles": [...]}``):
      each cluster is one story. The files list cluster after cluster, which no feed does,
      so the articles arrive in date order, those of one day (or all, when undated) in an
      order fixed by a hash of their ids: a reproducible interleaving of the stories.

    Titles and dates are kept where the file has them and absent where it has none.
    """
    options = IngestOptions(audit_html=False)
    articles: list[Article] = []
    labels: list[str] = []
    clustered = False
    skipped = 0
    seen: set[str] = set()
    for origin, line in read_lines(path):
        data = json.loads(line)
        if isinstance(data, dict) and isinstance(data.get("articles"), list):
            clustered = True
            records = [(f"{origin}#{k + 1}", r) for k, r in enumerate(data["articles"])]
            label = str(data.get("id", origin))
        else:
            records = [(origin, data)]
            label = str(data["story_id"])
        for where, record in records:
            try:
                article = article_from_data(record, where, options)
            except InputRejected:
                skipped += 1  # e.g. an empty article in a summarization cluster
                continue
            if article.id in seen:  # one document in two clusters: two articles here
                article = replace(article, id=f"{article.id}@{label}")
            seen.add(article.id)
            articles.append(article)
            labels.append(label)
    order = FILE_ORDER
    if clustered:
        order = DATE_ORDER
        ranked = sorted(
            range(len(articles)),
            key=lambda i: (_day_key(articles[i]), _shuffle_key(articles[i].id)),
        )
        articles = [articles[i] for i in ranked]
        labels = [labels[i] for i in ranked]
    title_only = sum(1 for a in articles if a.meta.get("title_only"))
    return LabelledStream(str(path), articles, labels, order, title_only, skipped)


def baseline(articles: Sequence[Article], distance: float = BASELINE_DISTANCE) -> list[int]:
    """TF-IDF (title + text) and average-linkage agglomerative clustering on cosine distance.

    The distances are computed once from the sparse matrix (the rows are unit length, so the
    cosine distance is one less their dot product): the same clustering as sklearn's
    ``metric="cosine"`` on the dense matrix, without a dense copy of a vocabulary-wide matrix
    (0.6 GB of float64 for the 2,829 Multi-News articles and their 26,134 words).
    """
    import numpy as np
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(articles) < 2:
        return [0] * len(articles)
    texts = [f"{a.title or ''}\n{a.text}" for a in articles]
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    distances = np.clip(1.0 - (matrix @ matrix.T).toarray(), 0.0, 2.0)
    np.fill_diagonal(distances, 0.0)
    model = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=distance
    )
    return [int(x) for x in model.fit_predict(distances)]


INCREMENTAL = "storyfuse (incremental, arrival order)"
BATCH = "storyfuse (batch, date order)"
BASELINE = "TF-IDF + agglomerative (baseline)"
EMBEDDED = "storyfuse + title embeddings (batch)"
SPARK = "storyfuse (Spark engine, batch)"


def evaluate_stream(
    stream: LabelledStream,
    *,
    embedder: Embedder | None = None,
    options: ClusterOptions | None = None,
    spark: bool = False,
) -> ClusteringReport:
    """Score storyfuse's default (words only: incremental, batch, and with ``spark`` the Spark
    engine) and the baseline on one labelled stream; with ``embedder``, also storyfuse with
    title embeddings (batch), the optional mode."""
    articles, labels = stream.articles, stream.labels
    report = ClusteringReport(
        stream.path,
        len(articles),
        len(set(labels)),
        stream.title_only,
        order=stream.order,
        titled=sum(1 for a in articles if a.title),
        dated=sum(1 for a in articles if a.published_date),
        skipped=stream.skipped,
    )

    start = time.perf_counter()
    features = featurize(articles, None)
    featurized = time.perf_counter() - start

    start = time.perf_counter()
    placed = {f.article_id: n for f, n in assign(features, options)}  # arrival order
    incremental = [placed[a.id] for a in articles]
    report.seconds[INCREMENTAL] = featurized + (time.perf_counter() - start)

    start = time.perf_counter()
    batch_map = cluster(features, options)
    batch = [batch_map[a.id] for a in articles]
    report.seconds[BATCH] = featurized + (time.perf_counter() - start)

    report.rows[INCREMENTAL] = scores(incremental, labels)
    report.rows[BATCH] = scores(batch, labels)
    start = time.perf_counter()
    base = baseline(articles)
    report.seconds[BASELINE] = time.perf_counter() - start
    report.rows[BASELINE] = scores(base, labels)
    report.incremental_vs_batch_f1 = bcubed(incremental, batch)[2]
    if embedder is not None:
        start = time.perf_counter()
        with_titles = cluster(featurize(articles, embedder), options)
        report.seconds[EMBEDDED] = time.perf_counter() - start
        report.rows[EMBEDDED] = scores([with_titles[a.id] for a in articles], labels)
    if spark:
        report.rows[SPARK] = _spark_scores(stream, report)
    return report


def evaluate_clustering(
    path: str | Path,
    *,
    embedder: Embedder | None = None,
    options: ClusterOptions | None = None,
    spark: bool = False,
) -> ClusteringReport:
    """:func:`evaluate_stream` on the labelled file at ``path`` (either kind, see
    :func:`read_labelled`)."""
    return evaluate_stream(read_labelled(path), embedder=embedder, options=options, spark=spark)


def _spark_scores(stream: LabelledStream, report: ClusteringReport) -> Scores:
    """The Spark engine on the same articles; articles it cannot read count as stories of one.

    A file of one article a line is given to Spark as it is (Spark reads and cleans it); a
    file of clusters is first written out as storyfuse articles, one a line.
    """
    import io
    import tempfile

    from storyfuse.stories.batch import read_assignment_lines
    from storyfuse.stories.spark import cluster_spark

    start = time.perf_counter()
    out = io.StringIO()
    with tempfile.TemporaryDirectory(prefix="storyfuse-eval-") as scratch:
        source = stream.path
        if stream.order != FILE_ORDER:
            source = str(Path(scratch) / "articles.jsonl")
            with open(source, "w", encoding="utf-8") as lines:
                for article in stream.articles:
                    lines.write(article.to_json() + "\n")
        cluster_spark(source, out, master="local[*]")
    report.seconds[SPARK] = time.perf_counter() - start
    found = read_assignment_lines(out.getvalue().splitlines())
    predicted = [found.get(a.id, f"unread:{a.id}") for a in stream.articles]
    return scores(predicted, stream.labels)


@dataclass(slots=True)
class ClusteringSummary:
    """Reports on several labelled streams, and each system's mean and worst F1 over them."""

    reports: list[ClusteringReport]

    @property
    def systems(self) -> list[str]:
        return list(dict.fromkeys(name for r in self.reports for name in r.rows))

    def f1(self, system: str) -> list[float]:
        return [r.rows[system].f1 for r in self.reports if system in r.rows]

    def mean(self, system: str) -> float:
        values = self.f1(system)
        return sum(values) / len(values) if values else 0.0

    def worst(self, system: str) -> float:
        return min(self.f1(system), default=0.0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "sets": [r.to_dict() for r in self.reports],
            "systems": {
                name: {"mean_bcubed_f1": self.mean(name), "worst_bcubed_f1": self.worst(name)}
                for name in self.systems
            },
        }

    def to_markdown(self) -> str:
        systems = self.systems
        short = {name: _short(name) for name in systems}
        lines = [
            "B-cubed F1 per set (precision / recall under storyfuse batch); titled and dated: "
            "the share of articles with a title, a date.",
            "",
            "| set | articles | stories | titled | dated | "
            + " | ".join(short[n] for n in systems)
            + " | batch P / R | batch - baseline |",
            "|---|---:|---:|---:|---:|" + "---:|" * len(systems) + "---:|---:|",
        ]
        for r in self.reports:
            cells = [f"{r.rows[n].f1:.3f}" if n in r.rows else "" for n in systems]
            b = r.rows.get(BATCH)
            pr = f"{b.precision:.3f} / {b.recall:.3f}" if b else ""
            gap = f"{b.f1 - r.rows[BASELINE].f1:+.3f}" if b and BASELINE in r.rows else ""
            lines.append(
                f"| {set_name(r.path)} | {r.articles} | {r.stories} | "
                f"{_share(r.titled, r.articles)} | {_share(r.dated, r.articles)} | "
                + " | ".join(cells)
                + f" | {pr} | {gap} |"
            )
        for label, value in (("mean", self.mean), ("worst set", self.worst)):
            lines.append(
                f"| **{label}** | | | | | "
                + " | ".join(f"**{value(n):.3f}**" for n in systems)
                + " | | |"
            )
        lines += [
            "",
            "Systems: " + "; ".join(f"{short[n]} = {n}" for n in systems) + ".",
            "Incremental vs batch (B-cubed F1 of one against the other): "
            + ", ".join(f"{set_name(r.path)} {r.incremental_vs_batch_f1:.3f}" for r in self.reports)
            + ".",
        ]
        return "\n".join(lines) + "\n"


def _short(system: str) -> str:
    return {
        INCREMENTAL: "incremental",
        BATCH: "batch",
        BASELINE: "baseline",
        EMBEDDED: "+ titles emb.",
        SPARK: "Spark",
    }.get(system, system)


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f} %" if whole else "-"
