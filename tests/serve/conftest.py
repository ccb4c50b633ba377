"""A small store with two stories (one with hostile text) and the server's app over it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient

from storyfuse.serve import ServeOptions, create_app
from storyfuse.stories.store import Store
from tests.conftest import FakeEmbedder, make_article

TOKEN = "test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

FLOOD = [
    [
        "Floods in Valencia killed at least 62 people on Tuesday after torrential rain.",
        "Rivers burst their banks across the region, the regional government said.",
        "Rescue teams searched for missing drivers on Wednesday.",
    ],
    [
        "At least 64 people died in Valencia when flash floods swept through towns on Tuesday.",
        "Spain's prime minister promised help to the families of the victims.",
        '"We will not leave anyone behind," Pedro Sanchez told reporters in Madrid.',
    ],
    [
        "The death toll from the Valencia floods rose to 70 on Wednesday, officials said.",
        "A year's worth of rain fell in eight hours in the town of Chiva.",
        "Soldiers joined the rescue effort as cars were piled up in the streets.",
    ],
]
HOSTILE = [
    "Hackers posted <script>window.__pwned = 1; alert(1)</script> on the ministry site.",
    'A second page showed <img src=x onerror="window.__pwned = 2"> to every visitor.',
    'Links such as <a href="javascript:window.__pwned = 3">click</a> were spread widely.',
]


def flood_articles() -> list:
    return [
        make_article(
            f"flood-{k}",
            FLOOD[k],
            title=f"Valencia floods kill dozens ({k})",
            published="2024-10-30",
            url=f"https://news{k}.example/valencia",
            outlet=f"Outlet {k}",
        )
        for k in range(3)
    ]


def hostile_article():
    return make_article(
        "hostile-1",
        HOSTILE,
        title="Hackers deface ministry <script>window.__pwned = 4</script> site",
        published="2024-11-02",
        url="javascript:window.__pwned = 5",
        outlet="<b>Evil</b> Outlet",
    )


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "stories.db"
    with Store(path, embedder=FakeEmbedder()) as store:
        list(store.add([*flood_articles(), hostile_article()]))
    return path


@pytest.fixture
def client(store_path: Path) -> Iterator[TestClient]:
    app = create_app(ServeOptions(db=str(store_path), token=TOKEN), embedder=FakeEmbedder())
    with TestClient(app) as c:
        yield c
