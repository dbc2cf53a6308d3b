"""The published server: trainer's front door and login, the marimo notebooks mounted behind the gate.

    build_app(site, base_url="/trainer")  ->  an ASGI app for uvicorn

Paths (under the base URL): ``/`` front door, ``/login`` (the private link lands here),
``/logout``, ``/athlete/`` dashboard, ``/squad/`` squad view, ``/research/`` research notebook.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote

from sqlalchemy import select
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
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
from trainer.errors import TrainerError
from trainer.ingest.check_in import record_check_in, record_coach_note
from trainer.serve import pages
from trainer.serve.check_in import (
    MAX_BODY,
    SUBMISSIONS_PER_LINK,
    answers_from_form,
    check_in_page,
    coach_note_page,
    csrf_matches,
    csrf_token,
)
from trainer.serve.gate import Gate
from trainer.serve.site import NEXT_COOKIE, SESSION_COOKIE, SESSION_DAYS, Site
from trainer.settings import PROJECT_ROOT
from trainer.store.models import Athlete, id_of, table_of

log = logging.getLogger(__name__)

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
            Route("/session", session_state, methods=["GET"]),
            Route("/check-in", check_in_form, methods=["GET"]),
            Route("/check-in", check_in_send, methods=["POST"]),
            Route("/note", note_form, methods=["GET"]),
            Route("/note", note_send, methods=["POST"]),
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
    today = await run_in_threadpool(_attention, viewer) if athletes and viewer.may_open("squad") else {}
    return _html(pages.front_door(root, viewer, athletes, today))


def _attention(viewer: Viewer) -> dict[int, dict]:
    """Who needs a look today, for a coach's front door; nothing if it cannot be worked out (the
    squad page explains any problem)."""
    from trainer.day.clock import now
    from trainer.settings import Settings
    from trainer.views.reader import open_for_viewer
    from trainer.views.squad import attention_today

    try:
        settings = Settings.from_env()
        reader, _, problem = open_for_viewer(settings, viewer)
        return attention_today(reader, now(settings)) if reader is not None and problem is None else {}
    except Exception:  # a courtesy on the front door: never its failure
        log.exception("no statuses on the front door")
        return {}


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

    from starlette.concurrency import run_in_threadpool

    from trainer.access.grants import athlete_for_feed

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
    text = await run_in_threadpool(_calendar, site, athlete) if athlete else None
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


async def session_state(request: Request) -> Response:
    """204 while the session lives; 401 once it has ended (logout, a revoked or expired link): what
    an open page asks to know it should say so."""
    return Response(status_code=204 if _viewer(request) else 401, headers={"cache-control": "no-store"})


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
    return page == "" or viewer.may_open(page) or (page == "check-in" and viewer.role == "athlete")


WITHDRAWN = "Your link was withdrawn or your session has ended: open your private link again to check in."
NOT_YOURS = "Only an athlete's own link can send a check-in: a coach's or a researcher's link cannot."


async def check_in_form(request: Request) -> Response:
    site: Site = request.app.state.site
    root, viewer = _root(request), _viewer(request)
    if site.writer is None:
        return PlainTextResponse("Not found", 404)
    if viewer is None:
        response = RedirectResponse(f"{root}/", 303)
        response.set_cookie(NEXT_COOKIE, "%2Fcheck-in", max_age=1800, path=root or "/", httponly=True, samesite="lax")
        return response
    athlete = await run_in_threadpool(_check_in_athlete, site, viewer)
    if athlete is None:
        return _html(pages.refusal(root, "Not for this link", NOT_YOURS), 403)
    token = csrf_token(site.key, site.session_id(request.cookies.get(SESSION_COOKIE)) or "")
    still = await run_in_threadpool(_still, site, athlete)
    today = _today(athlete)
    earlier = await run_in_threadpool(_standing_check_in, site, athlete, today)
    at = _local_time(athlete, earlier["submitted_at"]) if earlier else None
    return _html(check_in_page(root, viewer, athlete.name, today, token, still=still, earlier=earlier, earlier_at=at))


async def check_in_send(request: Request) -> Response:
    """One check-in, one transaction; every refusal is one sentence and writes nothing."""
    site: Site = request.app.state.site
    root, viewer = _root(request), _viewer(request)
    if site.writer is None:
        return PlainTextResponse("Not found", 404)
    if viewer is None:
        return _html(pages.refusal(root, "Not saved", WITHDRAWN), 401)
    athlete = await run_in_threadpool(_check_in_athlete, site, viewer)
    if athlete is None:
        return _html(pages.refusal(root, "Not saved", NOT_YOURS), 403)
    signed = await _signed_form(request, site, "a check-in", "the check-in page")
    if isinstance(signed, Response):
        return signed
    form, session_id = signed
    if form.get("athlete") not in (None, str(athlete.id)):
        return _html(pages.refusal(root, "Not saved", "A check-in can only be for yourself."), 403)
    if await run_in_threadpool(_sent_lately, site, "check-in", viewer.grant_id) >= SUBMISSIONS_PER_LINK:
        return _html(pages.refusal(root, "Not saved", "Too many check-ins from this link: wait a while."), 429)
    day, today = _day(form.get("date", "")), _today(athlete)
    token = csrf_token(site.key, session_id)
    try:
        if day is None or not (today - timedelta(days=7) <= day <= today):
            raise TrainerError("not saved: a check-in is for today or one of the last seven days")
        answers = answers_from_form(form)
        version = await run_in_threadpool(
            record_check_in, site.writer, id_of(athlete), day, answers, f"link {viewer.grant_id}"
        )
    except (TrainerError, ValueError) as problem:
        message = str(problem) if isinstance(problem, TrainerError) else "not saved: a number was not a number"
        still = await run_in_threadpool(_still, site, athlete)
        page = check_in_page(root, viewer, athlete.name, today, token, still=still, message=message.capitalize())
        return _html(page, 400)
    words = "Saved. " + ("You changed your answers: this version stands. " if version > 1 else "")
    words += "Your advice for the day follows it."
    return _html(check_in_page(root, viewer, athlete.name, day, token, still={}, message=words, saved=True))


ONLY_COACHES = "Only a coach's link can write a note, and only on one of their athletes."


async def note_form(request: Request) -> Response:
    site: Site = request.app.state.site
    root, viewer = _root(request), _viewer(request)
    if site.writer is None:
        return PlainTextResponse("Not found", 404)
    if viewer is None:
        return RedirectResponse(f"{root}/", 303)
    athlete = await run_in_threadpool(_coachs_athlete, site, viewer, request.query_params.get("athlete", ""))
    if athlete is None:
        return _html(pages.refusal(root, "Not for this link", ONLY_COACHES), 403)
    day = _day(request.query_params.get("date", "")) or _today(athlete)
    token = csrf_token(site.key, site.session_id(request.cookies.get(SESSION_COOKIE)) or "")
    earlier = await run_in_threadpool(_notes_of_the_day, site, athlete, day)
    return _html(coach_note_page(root, athlete.name, day, token, earlier=earlier))


async def note_send(request: Request) -> Response:
    site: Site = request.app.state.site
    root, viewer = _root(request), _viewer(request)
    if site.writer is None:
        return PlainTextResponse("Not found", 404)
    if viewer is None:
        return _html(pages.refusal(root, "Not saved", WITHDRAWN), 401)
    signed = await _signed_form(request, site, "a note", "it")
    if isinstance(signed, Response):
        return signed
    form, session_id = signed
    athlete = await run_in_threadpool(_coachs_athlete, site, viewer, form.get("athlete", ""))
    if athlete is None:
        return _html(pages.refusal(root, "Not saved", ONLY_COACHES), 403)
    if await run_in_threadpool(_sent_lately, site, "note", viewer.grant_id) >= SUBMISSIONS_PER_LINK:
        return _html(pages.refusal(root, "Not saved", "Too many notes from this link: wait a while."), 429)
    day = _day(form.get("date", "")) or _today(athlete)
    try:
        await run_in_threadpool(
            record_coach_note,
            site.writer,
            id_of(athlete),
            day,
            form.get("text", ""),
            viewer.person,
            viewer.grant_id,
            form.get("shown") == "yes",
        )
    except TrainerError as problem:
        token = csrf_token(site.key, session_id)
        return _html(coach_note_page(root, athlete.name, day, token, str(problem).capitalize()), 400)
    shown = "shown to them on their day" if form.get("shown") == "yes" else "for coaches only"
    return _html(coach_note_page(root, athlete.name, day, "", f"Saved, {shown}.", saved=True))


def _coachs_athlete(site: Site, viewer: Viewer, name: str) -> Athlete | None:
    """The athlete a coach's link may write a note on; None for any other link or athlete."""
    if viewer.role != "coach" or not name or len(name) > 80:
        return None
    a = table_of(Athlete)
    with site.db.engine.connect() as connection:
        found = connection.execute(select(a.c.id).where(a.c.name == name)).first()
    return _athlete(site, found.id) if found is not None and viewer.sees(found.id) else None


def _check_in_athlete(site: Site, viewer: Viewer) -> Athlete | None:
    """The one athlete an athlete's link writes for; None for any other link."""
    if viewer.role != "athlete" or viewer.athlete_ids is None or len(viewer.athlete_ids) != 1:
        return None
    return _athlete(site, next(iter(viewer.athlete_ids)))


def _still(site: Site, athlete: Athlete) -> dict[str, object]:
    from trainer.planning.health import lasting
    from trainer.store.loaders import load_health_episodes

    today = _today(athlete)
    episodes = load_health_episodes(site.db, id_of(athlete), through=today)
    return {episode["kind"]: episode["body_part"] or True for episode in lasting(episodes, today)}


def _calendar(site: Site, athlete: Athlete) -> bytes | None:
    """The plan's calendar, today's session as the athlete's day says it (``day.answer``)."""
    from trainer.day.answer import athlete_day
    from trainer.planning.service import plan_calendar_for

    today = _today(athlete)
    return plan_calendar_for(site.db, athlete, today, the_day=athlete_day(site.db, athlete, today).advice)


def _sent_lately(site: Site, kind: str, grant_id: int | None) -> int:
    """How many check-ins (or notes) this link sent in the last hour, counted in the database: the
    limit holds across the server's workers and restarts (each process counted alone before)."""
    from datetime import UTC, datetime

    from sqlalchemy import func

    from trainer.store.models import CheckIn, CoachNote

    since = datetime.now(UTC) - timedelta(hours=1)
    if kind == "check-in":
        c = table_of(CheckIn)
        query = select(func.count()).where(c.c.via == f"link {grant_id}", c.c.submitted_at >= since)
    else:
        n = table_of(CoachNote)
        query = select(func.count()).where(n.c.grant_id == grant_id, n.c.created_at >= since)
    with site.db.engine.connect() as connection:
        return int(connection.execute(query).scalar() or 0)


def _notes_of_the_day(site: Site, athlete: Athlete, day: date) -> list[dict]:
    from trainer.store.loaders import load_coach_notes

    return load_coach_notes(site.db, id_of(athlete), day, shown_only=False)


def _standing_check_in(site: Site, athlete: Athlete, day: date) -> dict | None:
    from trainer.store.loaders import load_check_in

    return load_check_in(site.db, id_of(athlete), day)


def _local_time(athlete: Athlete, moment) -> str:
    """'09:50' in the athlete's time zone (stored times are UTC; SQLite gives them back naive)."""
    from datetime import UTC

    from trainer.day.clock import local_now

    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return f"{local_now(athlete.time_zone, aware):%H:%M}"


def _today(athlete: Athlete) -> date:
    """The athlete's own today (``day.clock``): the check-in and the note are for it."""
    from trainer.day.clock import local_today, now
    from trainer.settings import Settings

    return local_today(athlete.time_zone, now(Settings.from_env()))


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


async def _signed_form(request: Request, site: Site, what: str, page: str) -> tuple[dict[str, str], str] | Response:
    """The posted form and the session's id, or the refusal: a body over MAX_BODY, or a CSRF token
    that is not this live session's."""
    root = _root(request)
    body = await _body_within(request, MAX_BODY)
    if body is None:
        return _html(pages.refusal(root, "Not saved", f"That was far more than {what}: nothing was saved."), 413)
    form = {key: values[-1] for key, values in parse_qs(body.decode("utf-8", "replace")).items()}
    session_id = site.session_id(request.cookies.get(SESSION_COOKIE))
    if session_id is None or not csrf_matches(site.key, session_id, form.get("csrf", "")):
        return _html(pages.refusal(root, "Not saved", f"This form has expired: open {page} again."), 403)
    return form, session_id


async def _body_within(request: Request, limit: int) -> bytes | None:
    """The request's body, or None once it runs past ``limit`` bytes (read no further)."""
    if int(request.headers.get("content-length") or 0) > limit:
        return None
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return None
    return body


def serve(
    database_url: str, *, host: str, port: int, base_url: str = "", open_access: bool = False, check_ins: bool = False
) -> None:
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
        "TRAINER_CHECK_INS": "1" if check_ins and not open_access else "",
    }
    settings = Settings.from_env()
    marimo_once.refuse_isolated_apps()
    installed = marimo_once.install()  # parse and compile the notebooks once per process, not per session
    site = Site(
        db=open_database(database_url, read_only=True),
        key=site_key(settings.key_file),
        seen=SeenLog(seen_path(database_url, settings.data_dir)),
        open_access=open_access,
        # the one write a published server makes, when turned on: the notebooks still read only
        writer=open_database(database_url) if check_ins and not open_access else None,
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
        timeout_graceful_shutdown=3,  # Ctrl-C with pages open: their sessions are closed, not waited for
    )
    one_line_logs()  # after uvicorn has set up its handlers
    code = 0
    try:
        uvicorn.Server(config).run()
    except KeyboardInterrupt:  # uvicorn raises the signal again once it has shut down
        code = 130
    # Stopped (Ctrl-C): uvicorn has closed every connection, but the marimo sessions of pages that
    # were open keep a kernel thread each, and the interpreter would wait for them for ever. Nothing
    # is left to write (a check-in is one committed transaction), so the engines close and the
    # process ends here.
    for database in (site.db, site.writer):
        if database is not None:
            database.engine.dispose()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
