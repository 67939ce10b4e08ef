"""The dashboard page at `/admin` and its files (`/admin/assets/<name>`).

Everything is local: one HTML page, a stylesheet and plain JavaScript modules in
`api/static/admin/`, with charts drawn as inline SVG. The page holds no data; it
asks for the admin token, keeps it in sessionStorage, and reads the admin API.
Only the files present in that folder at start-up are served (no path walking).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse, HTMLResponse

STATIC_DIR = Path(__file__).resolve().parent.parent / "static" / "admin"
MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
}
HEADERS = {"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}


def _assets() -> dict[str, Path]:
    found = {
        path.name: path
        for path in sorted(STATIC_DIR.iterdir())
        if path.is_file() and path.suffix in MEDIA_TYPES
    }
    if "index.html" not in found:
        raise RuntimeError(f"the admin dashboard's index.html is missing from {STATIC_DIR}")
    return found


ASSETS = _assets()
router = APIRouter(include_in_schema=False)


@router.get("/admin")
@router.get("/admin/")
def dashboard() -> HTMLResponse:
    return HTMLResponse(ASSETS["index.html"].read_text(encoding="utf-8"), headers=HEADERS)


@router.get("/admin/assets/{name}")
def asset(name: str) -> FileResponse:
    path = ASSETS.get(name)
    if path is None:
        raise HTTPException(404, f"no dashboard file {name!r}")
    return FileResponse(path, media_type=MEDIA_TYPES[path.suffix], headers=HEADERS)
