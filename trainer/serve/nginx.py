"""The nginx configuration that puts several published workers behind one address.

marimo runs every session of a process on one core's worth of Python, so more people at once
need more processes. A browser must stay on one worker for a whole page (the page load, its
websocket, the kernel calls and ``@file`` downloads all belong to that worker's session), and the
only thing all of those requests carry is a cookie. So nginx picks a worker for a browser it has
not seen (``split_clients``), remembers it in its own ``trainer_route`` cookie, and a ``map`` on
that cookie sends every later request there. (Hashing marimo's session id does not work: the page
load does not carry it. ``ip_hash`` sends everyone behind one NAT to one worker.)

``site_config`` is the ``http``-level part an operator includes (``deploy/nginx.conf`` is it for two
workers); ``standalone_config`` wraps it into a whole nginx.conf the tests and the benchmark run.
"""

from __future__ import annotations

from pathlib import Path

ROUTE_COOKIE = "trainer_route"
DEFAULT_WORKER_PORT = 2719


def site_config(worker_ports: list[int], listen: str = "8080", *, cookie_days: int = 30) -> str:
    """The upstreams, sticky routing and proxy server for workers on these loopback ports."""
    names = [f"trainer_w{i}" for i in range(len(worker_ports))]
    share = f"{100 / len(names):.4f}".rstrip("0").rstrip(".")
    upstreams = "\n".join(
        f"upstream {name} {{ server 127.0.0.1:{port}; keepalive 16; }}" for name, port in zip(names, worker_ports)
    )
    splits = "\n".join(f"    {share}% {name};" for name in names[:-1]) + f"\n    * {names[-1]};"
    known = "\n".join(f"    {name} {name};" for name in names)
    return f"""# trainer: {len(names)} published workers behind one address, each browser kept on one worker.
# Start the workers with:  trainer app --publish --workers {len(names)} --port {worker_ports[0]}
{upstreams}

# a browser nginx has not seen gets a worker at random ...
split_clients "${{remote_addr}}${{msec}}${{request_id}}" $trainer_new_route {{
{splits}
}}
# ... and keeps it: only a known worker's name in the cookie counts
map $cookie_{ROUTE_COOKIE} $trainer_known_route {{
    default "";
{known}
}}
map $trainer_known_route $trainer_route {{
    ""      $trainer_new_route;
    default $trainer_known_route;
}}
map $trainer_known_route $trainer_route_cookie {{
    ""      "{ROUTE_COOKIE}=$trainer_new_route; Path=/; Max-Age={cookie_days * 86400}; HttpOnly; SameSite=Lax";
    default "";
}}
map $http_upgrade $trainer_connection {{
    default upgrade;
    ""      "";
}}
# sign-ins per address, across all workers (each worker also throttles failed ones); a burst of 30
# lets a team behind one NAT sign in together
limit_req_zone $binary_remote_addr zone=trainer_login:10m rate=30r/m;

server {{
    listen {listen};
    client_max_body_size 1m;

    location = /login {{
        limit_req zone=trainer_login burst=30 nodelay;
        limit_req_status 429;
        proxy_pass http://$trainer_route;
        include trainer_proxy_params;
    }}
    location /feed/ {{
        access_log off;  # a calendar feed's address is its secret
        proxy_pass http://$trainer_route;
        include trainer_proxy_params;
    }}
    location / {{
        proxy_pass http://$trainer_route;
        include trainer_proxy_params;
    }}
}}
"""


PROXY_PARAMS = """# what every trainer location passes on (included by the site config)
add_header Set-Cookie $trainer_route_cookie always;  # empty (not sent) once the browser has its worker
proxy_http_version 1.1;
proxy_set_header Upgrade $http_upgrade;              # marimo's websocket
proxy_set_header Connection $trainer_connection;
proxy_set_header Host $http_host;                    # with the port: the sign-in checks its origin
proxy_set_header X-Forwarded-For $remote_addr;       # the visitor's address (replaced, never appended)
proxy_set_header X-Forwarded-Proto $scheme;          # Secure cookies when nginx serves https
proxy_read_timeout 1h;                               # an open dashboard keeps its websocket
proxy_send_timeout 1h;
proxy_buffering off;
"""


def standalone_config(worker_ports: list[int], listen: str, folder: Path) -> str:
    """A whole nginx.conf, every path inside ``folder``: runs as any user, in the foreground."""
    (folder / "trainer_proxy_params").write_text(PROXY_PARAMS)
    temp = folder / "temp"
    temp.mkdir(exist_ok=True)
    return f"""daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    # which worker answered each request (the path only: query strings stay out of logs)
    log_format trainer '$request_method $uri $status upstream=$upstream_addr route=$cookie_{ROUTE_COOKIE}';
    access_log {folder}/access.log trainer;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {folder}/trainer_site.conf;
}}
""".replace("include trainer_proxy_params;", f"include {folder}/trainer_proxy_params;")


def write_standalone(worker_ports: list[int], listen: str, folder: Path) -> Path:
    """Write nginx.conf and its two includes into ``folder``; returns the nginx.conf path."""
    folder.mkdir(parents=True, exist_ok=True)
    conf = standalone_config(worker_ports, listen, folder)
    site = site_config(worker_ports, listen).replace(
        "include trainer_proxy_params;", f"include {folder}/trainer_proxy_params;"
    )
    (folder / "trainer_site.conf").write_text(site)
    path = folder / "nginx.conf"
    path.write_text(conf)
    return path
