"""``storyfuse serve``: an HTTP API and web pages over a story store.

Needs the ``serve`` extra (FastAPI, uvicorn): ``pip install 'storyfuse[serve]'``.
"""

from storyfuse.serve.app import create_app
from storyfuse.serve.options import ServeOptions

__all__ = ["ServeOptions", "create_app"]
