"""Static assets from memory: compressed once at start-up, under versioned, long-cached URLs.

Templates link them with `asset_url(name)`, which adds `?v=<content hash>`: an asset's URL
changes whenever its content does, so browsers may keep it for a year. Files are read and
compressed (brotli and gzip) once per process, so serving one costs no disk read and no
compression.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path

import brotli
from flask import Flask, Response, abort, request

ONE_YEAR = 365 * 24 * 3600


@dataclass(frozen=True)
class Asset:
    body: bytes
    gzip: bytes
    brotli: bytes
    mimetype: str  # the whole Content-Type, charset included for text
    version: str

    @classmethod
    def read(cls, path: Path) -> Asset:
        body = path.read_bytes()
        mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if mimetype.startswith("text/") or mimetype in {"application/javascript", "image/svg+xml"}:
            mimetype += "; charset=utf-8"
        return cls(
            body=body,
            gzip=gzip.compress(body, compresslevel=9, mtime=0),
            brotli=brotli.compress(body, quality=11),
            mimetype=mimetype,
            version=hashlib.sha256(body).hexdigest()[:12],
        )


def init_app(app: Flask) -> None:
    folder = Path(app.static_folder)
    assets = {
        path.relative_to(folder).as_posix(): Asset.read(path)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }

    def serve(filename: str):
        """One static file, compressed when the browser accepts it."""
        asset = assets.get(filename) or abort(404)
        if request.if_none_match.contains(asset.version):
            response = Response(status=304)
        else:
            accepted = request.accept_encodings
            if accepted["br"] and len(asset.brotli) < len(asset.body):
                response = Response(asset.brotli, content_type=asset.mimetype)
                response.headers["Content-Encoding"] = "br"
            elif accepted["gzip"] and len(asset.gzip) < len(asset.body):
                response = Response(asset.gzip, content_type=asset.mimetype)
                response.headers["Content-Encoding"] = "gzip"
            else:
                response = Response(asset.body, content_type=asset.mimetype)
        response.set_etag(asset.version)
        response.vary.add("Accept-Encoding")
        if request.args.get("v") == asset.version:
            response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
        else:
            response.headers["Cache-Control"] = "public, max-age=300"
        return response

    # Replace Flask's file-streaming static view with the in-memory one, same endpoint name.
    app.view_functions["static"] = serve

    # Every page links the same few assets: their URLs are worked out once, not per page.
    path = app.static_url_path
    urls = {name: f"{path}/{name}?v={asset.version}" for name, asset in assets.items()}
    app.jinja_env.globals["asset_url"] = urls.__getitem__
