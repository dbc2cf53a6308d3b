"""The ASGI middleware in front of everything: who is asking, and may they ask this.

Plain ASGI, not Starlette's BaseHTTPMiddleware, because that does not see websockets (marimo's
``/ws``). For every request it

- turns the session cookie into a :class:`Viewer` and puts it on ``scope["user"]``, where the
  notebooks read it (``mo.app_meta().request.user``);
- lets a viewer into a notebook page only if their role may open it; a person without a session
  who asked for a page is sent to the front door, and the page they asked for is remembered;
- passes only the few marimo endpoints a published page uses (page, assets, ``/ws``, the kernel's
  instantiate / UI-value / function calls); marimo's login, ``?access_token=``, code, file,
  export and editing endpoints answer 404;
- binds each marimo session id to the grant that opened it, so nobody can drive another
  person's session by sending its id, and each chart data file to the grant it was sent to
  (``chart_files``);
- adds the security headers to every response, and takes the server's folders out of the
  notebook page (marimo writes the notebook's absolute path into it).
"""

from __future__ import annotations

import logging
import re
from collections import OrderedDict
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, quote, urlsplit

from trainer.access.viewer import PAGES
from trainer.serve.assets import front_end_files, is_plain_name
from trainer.serve.chart_files import ChartFiles, never_stored
from trainer.serve.site import NEXT_COOKIE, SESSION_COOKIE, Site
from trainer.settings import PROJECT_ROOT, Settings

# the marimo endpoints a published run-mode page needs (measured with a real browser)
MARIMO_PATHS = {
    "/",
    "/ws",
    "/health",
    "/public-files-sw.js",
    "/api/kernel/instantiate",
    "/api/kernel/set_ui_element_value",
    "/api/kernel/function_call",
    "/api/kernel/set_model_value",
    "/favicon.ico",
    "/manifest.json",
    "/apple-touch-icon.png",
    "/android-chrome-192x192.png",
    "/android-chrome-512x512.png",
    "/logo.png",
}
MARIMO_PREFIXES = ("/assets/", "/@file/")
# marimo's own front-end files: the same for everyone and free of data, so served without looking
# the session up (a page load fetches about a hundred of them)
STATIC = {
    "/favicon.ico",
    "/manifest.json",
    "/apple-touch-icon.png",
    "/android-chrome-192x192.png",
    "/android-chrome-512x512.png",
    "/logo.png",
    "/public-files-sw.js",
}
TRAINER_PATHS = {
    "/",
    "/login",
    "/logout",
    "/session",
    "/check-in",
    "/note",
    "/health",
    "/favicon.ico",
    "/static/login.js",
    "/static/trainer.css",
}
SECURITY_HEADERS = [
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
]
FRAME_POLICY = b"frame-ancestors 'none'"
log = logging.getLogger(__name__)
_MAX_SESSIONS = 20_000


class Gate:
    def __init__(self, app, site: Site):
        self.app, self.site = app, site
        self.assets = front_end_files()
        self.session_owner: OrderedDict[str, object] = OrderedDict()
        self.chart_files = ChartFiles()
        self.public_origin = origin_of(Settings.from_env().public_url)

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        send = with_security_headers(send)
        if changes_state(scope) and not from_this_site(scope, self.public_origin):
            log.info(
                "refused a %s from another site (%s)",
                "websocket" if scope["type"] == "websocket" else scope["method"],
                (header(scope, b"origin") or "no origin")[:80],
            )
            return await refuse(scope, receive, send, 403, "This request came from another site and was refused.")
        path = relative_path(scope)
        page, _, rest = path.lstrip("/").partition("/")
        if scope["type"] == "http" and page in PAGES and rest.startswith("assets/"):
            if not is_plain_name(rest.removeprefix("assets/")):  # "assets/a1/../x.js": nobody's file
                return await refuse(scope, receive, send, 404, "Not found")
            if await self.assets.send(scope, send, rest.removeprefix("assets/")):
                return None
            return await self.app(scope, receive, send)
        if scope["type"] == "http" and page in PAGES and "/" + rest in STATIC:
            return await self.app(scope, receive, send)
        if path.startswith("/static/"):
            return await self.app(scope, receive, send)
        if (
            path.startswith("/feed/") and scope["type"] == "http"
        ):  # calendar apps send no cookie: the address is the key
            scope["user"] = {}
            return await self.app(scope, receive, send)
        viewer = self.site.viewer_from_cookie(cookies(scope).get(SESSION_COOKIE))
        scope["user"] = viewer.to_user() if viewer else {}
        if path in TRAINER_PATHS:
            return await self.app(scope, receive, send)
        sub = "/" + rest
        if page not in PAGES:
            return await refuse(scope, receive, send, 404, "Not found")
        if path == f"/{page}":  # marimo's own redirect to the slash
            return (
                await self.app(scope, receive, send)
                if viewer and viewer.may_open(page)
                else await self._to_front_door(scope, receive, send, path)
            )
        if not (sub in MARIMO_PATHS or sub.startswith(MARIMO_PREFIXES)):
            return await refuse(scope, receive, send, 404, "Not found")
        if viewer is None:
            if scope["type"] == "http" and sub == "/" and scope["method"] == "GET":
                return await self._to_front_door(scope, receive, send, path)
            return await refuse(scope, receive, send, 401, "Sign in with your private link")
        if not viewer.may_open(page):
            return (
                await self._to_front_door(scope, receive, send, None)
                if sub == "/"
                else await refuse(scope, receive, send, 403, "Not yours to open")
            )
        owner = viewer.grant_id if not self.site.open_access else "open"
        if not self._owns_session(scope, owner):
            return await refuse(scope, receive, send, 403, "This session belongs to someone else")
        if sub.startswith("/@file/"):  # a chart's rows: only for the grant they were sent to
            if not self.chart_files.may_read(sub.removeprefix("/@file/"), owner):
                return await refuse(scope, receive, send, 404, "Not found")
            return await self.app(scope, receive, never_stored(send))
        if scope["type"] == "websocket" or sub == "/":
            send = self.chart_files.watching(send, owner)
        if scope["type"] == "http" and sub == "/":
            card = await first_card_for(viewer, scope) if page == "athlete" and scope["method"] == "GET" else None
            send = without_server_paths(send, card=card, watch=not self.site.open_access)
        return await self.app(scope, receive, send)

    def _owns_session(self, scope, owner) -> bool:
        session_id = session_id_of(scope)
        if session_id is None:
            return True
        known = self.session_owner.setdefault(session_id, owner)
        self.session_owner.move_to_end(session_id)
        while len(self.session_owner) > _MAX_SESSIONS:
            self.session_owner.popitem(last=False)
        return known == owner

    async def _to_front_door(self, scope, receive, send, wanted: str | None):
        """Send a page request to the front door, remembering the page that was asked for."""
        if scope["type"] != "http":
            return await refuse(scope, receive, send, 401, "Sign in with your private link")
        root = scope.get("root_path", "")
        headers = [(b"location", f"{root}/".encode()), (b"cache-control", b"no-store")]
        if wanted:
            query = scope.get("query_string", b"").decode("latin-1")
            target = quote(wanted + ("?" + query if query else ""), safe="")
            headers.append(
                (
                    b"set-cookie",
                    f"{NEXT_COOKIE}={target}; Path={root or '/'}; Max-Age=1800; HttpOnly; SameSite=Lax".encode(),
                )
            )
        await send({"type": "http.response.start", "status": 303, "headers": headers})
        await send({"type": "http.response.body", "body": b""})


def changes_state(scope) -> bool:
    """A websocket (it drives a kernel) or any request that is not a plain read."""
    return scope["type"] == "websocket" or scope["method"] not in ("GET", "HEAD", "OPTIONS")


def from_this_site(scope, public_origin: str) -> bool:
    """The browser says the request comes from a page of this site: its Origin is the host it asked
    (the Host header, which a foreign page cannot set) or the configured public address. Browsers
    send Origin with every websocket and every cross-site POST; "null" (a sandboxed or file page)
    is this site only if Sec-Fetch-Site says same-origin. A POST without either comes from no
    browser page (curl, a script)."""
    origin = header(scope, b"origin")
    if origin in (None, "null") and (fetch_site := header(scope, b"sec-fetch-site")) is not None:
        # a form posted under Referrer-Policy: no-referrer says "null" even to its own site; the
        # browser's Sec-Fetch-Site (which no page can set) then tells ("same-site" is a sibling: no)
        return fetch_site == "same-origin"
    if origin is None:
        return scope["type"] != "websocket"
    if origin == "null":
        return False
    return urlsplit(origin).netloc == (header(scope, b"host") or "") or origin_of(origin) == public_origin


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return None


def relative_path(scope) -> str:
    path, root = scope.get("path", "/"), scope.get("root_path", "")
    return path[len(root) :] or "/" if root and path.startswith(root) else path


def cookies(scope) -> dict[str, str]:
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            jar = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:
                return {}
            return {key: morsel.value for key, morsel in jar.items()}
    return {}


def session_id_of(scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"marimo-session-id":
            return value.decode("latin-1")
    found = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("session_id")
    return found[0] if found else None


def headers_for_static() -> list[tuple[bytes, bytes]]:
    """The security headers ``with_security_headers`` gives a response that brings none of its own."""
    return [(b"content-security-policy", FRAME_POLICY), *SECURITY_HEADERS]


def with_security_headers(send):
    async def sending(message):
        if message["type"] == "http.response.start":
            headers = [
                h for h in message.get("headers", []) if h[0].lower() not in {name for name, _ in SECURITY_HEADERS}
            ]
            if not any(name.lower() == b"content-security-policy" for name, _ in headers):
                headers.append((b"content-security-policy", FRAME_POLICY))
            message = {**message, "headers": headers + SECURITY_HEADERS}
        await send(message)

    return sending


# marimo preloads two background images its run-mode page never shows: browsers warn about each
UNUSED_PRELOADS = re.compile(rb'<link rel="preload" href="\./assets/(?:gradient|noise)-[\w-]+\.png" as="image" />\s*')


# marimo's entry script, style sheets and module preloads. A returning browser that has the script
# cached runs it before the first paint, a new one waits for four style sheets before painting
# anything, and a new one's renderer is busy with the 171 preloaded modules as they arrive: either
# way the page stays blank. Started just after the first paint instead, the branded loading line
# (notebooks/loading.html) and the early card show at once; the sheets load meanwhile without
# holding the paint (media="print" until then), and the modules are still asked for all at once,
# before the entry script that imports them. A hidden tab never paints: the timer starts it.
ENTRY_SCRIPT = re.compile(rb'<script type="module" crossorigin src="(\./assets/index-[\w-]+\.js)"></script>')
STYLE_SHEET = re.compile(rb'<link rel="stylesheet" crossorigin href="(\./assets/[\w-]+\.css)">')
MODULE_PRELOAD = re.compile(rb'<link rel="modulepreload" crossorigin href="(\./assets/[\w-]+\.js)">\s*')
SHEET_AFTER_PAINT = b'<link rel="stylesheet" crossorigin href="\\1" media="print" data-after-paint>'


def after_first_paint(entry: bytes, modules: list[bytes]) -> bytes:
    """The script that, once the page has painted, asks for the modules and starts marimo."""
    hrefs = b",".join(b'"' + href + b'"' for href in modules)
    return (
        b"<script>(function(){var started=false;function start(){if(started)return;started=true;"
        b'document.querySelectorAll("link[data-after-paint]").forEach(function(l){l.media="all";});'
        b"["
        + hrefs
        + b'].forEach(function(h){var l=document.createElement("link");l.rel="modulepreload";l.crossOrigin="";'
        b"l.href=h;document.head.appendChild(l);});"
        b'var s=document.createElement("script");s.type="module";s.crossOrigin="";s.src="'
        + entry
        + b'";document.head.appendChild(s);}'
        b"requestAnimationFrame(function(){setTimeout(start,0);});setTimeout(start,250);})();</script>"
    )


def painted_first(page: bytes) -> bytes:
    """The page with marimo's entry script, style sheets and module preloads started after the first paint."""
    entry = ENTRY_SCRIPT.search(page)
    if entry is None:
        return page
    modules = MODULE_PRELOAD.findall(page)
    page = STYLE_SHEET.sub(SHEET_AFTER_PAINT, MODULE_PRELOAD.sub(b"", page))
    return ENTRY_SCRIPT.sub(lambda _: after_first_paint(entry.group(1), modules), page, count=1)


async def first_card_for(viewer, scope) -> bytes | None:
    """The viewer's card for the dashboard page (``views.first_card``), computed off the event loop;
    None when the dashboard opens with something else, or if anything goes wrong (the page then
    simply has no early card)."""
    from starlette.concurrency import run_in_threadpool

    from trainer.settings import Settings
    from trainer.views.first_card import first_card_html

    query = {key: values[-1] for key, values in parse_qs(scope.get("query_string", b"").decode("latin-1")).items()}
    try:
        html = await run_in_threadpool(first_card_html, Settings.from_env(), viewer, query)
    except Exception:  # the early card is a courtesy: the dashboard itself explains any problem
        log.exception("no early card for this page")
        return None
    return html.encode() if html else None


ROOT_DIV = b'<div id="root">'
# An open page whose link is withdrawn (or whose session ends) would go on showing old data while
# its updates fail without a word: it asks the server every 20 s and says so, within a minute.
SESSION_WATCH = (
    b'<script>(function(){var shown=false;function check(){fetch("../session",{credentials:"same-origin",'
    b'cache:"no-store"}).then(function(r){if(r.status!==401||shown)return;shown=true;'
    b'var d=document.createElement("div");d.id="trainer-withdrawn";d.setAttribute("role","alert");'
    b'd.style.cssText="position:fixed;top:0;left:0;right:0;z-index:99999;background:#8a1c1c;color:#fff;'
    b'padding:14px 18px;font:16px/1.4 system-ui,sans-serif";d.textContent="Your link was withdrawn or your '
    b'session has ended: this page is no longer updated. Open your private link again to sign in.";'
    b"document.body.appendChild(d);}).catch(function(){});}setInterval(check,20000);"
    b'document.addEventListener("visibilitychange",function(){if(!document.hidden)check();});})();</script>'
)
BODY_END = b"</body>"


def without_server_paths(
    send, root: bytes = str(PROJECT_ROOT).encode(), card: bytes | None = None, watch: bool = False
):
    """The page with ``/srv/trainer/notebooks/x.py`` (also URL-encoded) written as ``/notebooks/x.py`` (marimo reads
    nothing back from it), without the preloads it never uses, painted before marimo starts and,
    with ``card``, the viewer's card in it (then never stored by a browser or a proxy), and with
    ``watch`` the script that says when the session has ended."""
    start: dict = {}
    chunks: list[bytes] = []

    async def sending(message):
        if message["type"] == "http.response.start":
            start.update(message)
            return
        if message["type"] != "http.response.body":
            return await send(message)
        chunks.append(message.get("body", b""))
        if message.get("more_body"):
            return
        quoted = quote(root.decode(), safe="").encode()  # marimo's service-worker script names it URL-encoded
        body = painted_first(UNUSED_PRELOADS.sub(b"", b"".join(chunks).replace(root, b"").replace(quoted, b"")))
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() not in (b"content-length", b"etag")]
        if watch and BODY_END in body:
            body = body.replace(BODY_END, SESSION_WATCH + BODY_END, 1)
        if card and ROOT_DIV in body:
            body = body.replace(ROOT_DIV, card + ROOT_DIV, 1)
            headers = [(k, v) for k, v in headers if k.lower() != b"cache-control"] + [
                (b"cache-control", b"no-store, private")
            ]
        await send({**start, "headers": headers + [(b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    return sending


async def refuse(scope, receive, send, status: int, text: str):
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 4000 + status})
        return
    body = text.encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
