"""The published server: trainer's front door and login, the marimo notebooks mounted behind the gate.

    build_app(site, base_url="/trainer")  ->  an ASGI app for uvicorn

Paths (under the base URL): ``/`` front door, ``/login`` (the private link lands here),
``/logout``, ``/athlete/`` dashboard, ``/squad/`` squad view, ``/research/`` research notebook.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from sqlalchemy import select
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import (
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

from trainer.access.grants import hash_secret
from trainer.access.viewer import Viewer, viewer_from_user
from trainer.serve import pages
from trainer.serve.gate import Gate
from trainer.serve.site import NEXT_COOKIE, SESSION_COOKIE, SESSION_DAYS, Site
from trainer.settings import PROJECT_ROOT
from trainer.store.models import Athlete, table_of

NOTEBOOKS = PROJECT_ROOT / "notebooks"
NOTEBOOK_OF = {"athlete": "dashboard.py", "squad": "squad.py", "research": "research.py"}
STATIC = Path(__file__).parent / "static"
BAD_LINK = (
    "This link does not open trainer: it may be mistyped, expired or withdrawn. "
    "Ask the person who runs trainer for a new one."
)


def build_app(site: Site, base_url: str = "") -> ASGIApp:
    import marimo

    builder = marimo.create_asgi_app(quiet=True, include_code=False)
    for page, notebook in NOTEBOOK_OF.items():
        builder = builder.with_app(path=f"/{page}", root=str(NOTEBOOKS / notebook))
    inner = Starlette(
        routes=[
            Route("/", front_door, methods=["GET"]),
            Route("/login", login_page, methods=["GET"]),
            Route("/login", login, methods=["POST"]),
            Route("/logout", logout, methods=["POST"]),
            Route("/health", lambda _: PlainTextResponse("ok"), methods=["GET"]),
            Route("/feed/{name}", calendar_feed, methods=["GET"]),
            Route("/favicon.ico", lambda _: Response(status_code=204), methods=["GET"]),
            Mount("/static", StaticFiles(directory=STATIC)),
            Mount("/", builder.build()),
        ]
    )
    inner.state.site = site
    gated = Gate(inner, site)
    base = "/" + base_url.strip("/") if base_url.strip("/") else ""
    if not base:
        return gated
    return Starlette(routes=[Route(base, lambda _: RedirectResponse(f"{base}/", 308)), Mount(base, app=gated)])


def _viewer(request: Request) -> Viewer | None:
    user = request.scope.get("user")
    return viewer_from_user(user, published=True) if user else None


def _root(request: Request) -> str:
    return request.scope.get("root_path", "")


def _html(text: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(text, status, headers={"content-security-policy": pages.CSP, "cache-control": "no-store"})


async def front_door(request: Request) -> Response:
    viewer, root = _viewer(request), _root(request)
    if viewer is None:
        return _html(pages.signed_out(root))
    if viewer.role == "athlete":
        return RedirectResponse(f"{root}/athlete/", 303)
    site: Site = request.app.state.site
    athletes = _athlete_names(site, viewer) if viewer.may_open("athlete") else []
    return _html(pages.front_door(root, viewer, athletes))


def _athlete_names(site: Site, viewer: Viewer) -> list[tuple[int, str]]:
    with site.db.engine.connect() as connection:
        rows = connection.execute(
            select(table_of(Athlete).c.id, table_of(Athlete).c.name).order_by(table_of(Athlete).c.name)
        ).all()
    return [(row.id, row.name) for row in rows if viewer.sees(row.id)]


async def login_page(request: Request) -> Response:
    return _html(pages.login(_root(request)))


async def login(request: Request) -> Response:
    site: Site = request.app.state.site
    root, address = _root(request), request.client.host if request.client else "unknown"
    form = await request.form()
    secret = str(form.get("secret") or "")
    viewer = site.login(secret) if len(secret) <= 200 else None
    if viewer is None:  # only failures are throttled: a valid link always works
        if site.throttled_after_failure(address):
            return JSONResponse(
                {"message": "Too many attempts with links that do not work. Wait a minute, then open your link again."},
                429,
                headers={"retry-after": "60"},
            )
        return JSONResponse({"message": BAD_LINK}, 401)
    wanted = _safe_next(str(form.get("next") or "") or unquote(request.cookies.get(NEXT_COOKIE, "")))
    location = root + (wanted if wanted and _may_open_path(viewer, wanted) else "/")
    response = JSONResponse({"location": location}, headers={"cache-control": "no-store"})
    secure = request.url.scheme == "https"
    response.set_cookie(
        SESSION_COOKIE,
        site.session_cookie(viewer, hash_secret(secret)),
        max_age=SESSION_DAYS * 86400,
        path=root or "/",
        httponly=True,
        samesite="lax",
        secure=secure,
    )
    response.delete_cookie(NEXT_COOKIE, path=root or "/")
    return response


async def calendar_feed(request: Request) -> Response:
    """An athlete's plan for calendar apps, at a secret address of its own (calendar apps send no cookies)."""
    from datetime import date

    from starlette.concurrency import run_in_threadpool

    from trainer.access.grants import athlete_for_feed
    from trainer.planning.service import plan_calendar_for

    site: Site = request.app.state.site
    address = request.client.host if request.client else "unknown"
    name = request.path_params["name"]
    athlete_id = (
        athlete_for_feed(site.db, name.removesuffix(".ics")) if name.endswith(".ics") and len(name) <= 200 else None
    )
    if athlete_id is None:  # throttled apart from sign-ins, and only when the address is wrong
        if site.throttled_after_failure(address, "feed"):
            return PlainTextResponse(
                "Too many attempts with addresses that do not work. Wait a minute.", 429, headers={"retry-after": "60"}
            )
        return PlainTextResponse("Not found", 404)
    athlete = await run_in_threadpool(_athlete, site, athlete_id)
    text = await run_in_threadpool(plan_calendar_for, site.db, athlete, date.today()) if athlete else None
    if text is None:  # no plan yet: an empty calendar, so a subscription keeps working until there is one
        from trainer.planning.ics import empty_calendar

        text = empty_calendar(athlete.name if athlete else "")
    return Response(
        text,
        media_type="text/calendar; charset=utf-8",
        headers={"cache-control": "private, max-age=300", "x-robots-tag": "noindex"},
    )


def _athlete(site: Site, athlete_id: int) -> Athlete | None:
    from sqlmodel import Session

    with Session(site.db.engine) as session:
        return session.get(Athlete, athlete_id)


async def logout(request: Request) -> Response:
    root = _root(request)
    site: Site = request.app.state.site
    site.end_session(request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse(f"{root}/", 303)
    response.delete_cookie(SESSION_COOKIE, path=root or "/", httponly=True, samesite="lax")
    return response


def _safe_next(path: str) -> str:
    """A path inside this site (``/squad/``), never another site (``//evil``, ``https://...``)."""
    if not path.startswith("/") or path.startswith("//") or "\\" in path or any(ord(c) < 32 for c in path):
        return ""
    return path


def _may_open_path(viewer: Viewer, path: str) -> bool:
    page = path.lstrip("/").split("/", 1)[0].split("?", 1)[0]
    return page == "" or viewer.may_open(page)


def serve(database_url: str, *, host: str, port: int, base_url: str = "", open_access: bool = False) -> None:
    """Run the published server in this process (uvicorn) until it is stopped."""
    import os
    import sys

    import uvicorn

    from trainer.access.keys import site_key
    from trainer.log_lines import one_line_logs
    from trainer.serve import marimo_once
    from trainer.serve.assets import front_end_files
    from trainer.serve.fast_assets import UVICORN_CHECKED, protocol_for
    from trainer.serve.gate import headers_for_static
    from trainer.serve.seen import SeenLog
    from trainer.serve.site import seen_path
    from trainer.settings import Settings
    from trainer.store.database import open_database

    # the notebooks run in this process: they read these through Settings
    os.environ |= {
        "TRAINER_DATABASE_URL": database_url,
        "TRAINER_READ_ONLY": "1",
        "TRAINER_PUBLISHED": "open" if open_access else "grants",
    }
    settings = Settings.from_env()
    marimo_once.refuse_isolated_apps()
    installed = marimo_once.install()  # parse and compile the notebooks once per process, not per session
    site = Site(
        db=open_database(database_url, read_only=True),
        key=site_key(settings.key_file),
        seen=SeenLog(seen_path(settings.data_dir)),
        open_access=open_access,
    )
    app = build_app(site, base_url)
    # marimo's front-end files are answered by the HTTP protocol itself (fast_assets), with the gate's headers
    http = protocol_for(front_end_files(), base_url, headers_for_static()) or "auto"
    print(marimo_once.start_line(installed, http != "auto", UVICORN_CHECKED), file=sys.stderr, flush=True)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        proxy_headers=True,
        forwarded_allow_ips="127.0.0.1",
        access_log=False,
        log_level="warning",
        http=http,
        timeout_keep_alive=5,
        h11_max_incomplete_event_size=64 * 1024,
    )
    one_line_logs()  # after uvicorn has set up its handlers
    uvicorn.Server(config).run()
