"""The brief as JSON, in the versioned schema ``storyfuse.brief/2`` (brief.schema.json)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from storyfuse.model import Brief


def render_json(brief: Brief) -> str:
    return json.dumps(brief.to_dict(), ensure_ascii=False, indent=2) + "\n"


def brief_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that ``render_json`` output follows."""
    text = (resources.files("storyfuse.render") / "brief.schema.json").read_text(encoding="utf-8")
    return json.loads(text)
