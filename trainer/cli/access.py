"""``trainer access``: give people a private link to the published app, list and revoke them."""

from __future__ import annotations

from typing import Annotated

import typer

from trainer.cli.options import DbOption, open_db
from trainer.errors import TrainerError

app = typer.Typer(help="Who may open the published app (trainer app --publish).", no_args_is_help=True)


@app.command("add")
def add(
    athlete: Annotated[
        str | None, typer.Option("--athlete", help="An athlete's own link: they see only their dashboard.")
    ] = None,
    coach: Annotated[
        str | None,
        typer.Option("--coach", help="A coach's link (their name): the squad view and dashboards of --athletes."),
    ] = None,
    researcher: Annotated[
        str | None,
        typer.Option(
            "--researcher", help="A researcher's link (their name): the research notebook, athletes under pseudonyms."
        ),
    ] = None,
    athletes: Annotated[
        str | None, typer.Option("--athletes", help="Comma-separated athlete names a coach or researcher sees.")
    ] = None,
    all_athletes: Annotated[
        bool, typer.Option("--all-athletes", help="A coach or researcher sees every athlete, present and future.")
    ] = False,
    expires: Annotated[
        str | None, typer.Option("--expires", help="The link stops working after this long: 90d, 12h, 4w.")
    ] = None,
    url: Annotated[
        str | None,
        typer.Option(
            "--url", help="Where the published app is reached (default TRAINER_PUBLIC_URL or http://127.0.0.1:2718)."
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Issue a private link. It is printed once: only a hash of it is kept."""
    from trainer.access.grants import issue_grant, parse_expiry
    from trainer.settings import Settings

    chosen = [
        (role, value)
        for role, value in (("athlete", athlete), ("coach", coach), ("researcher", researcher))
        if value is not None
    ]
    if len(chosen) != 1:
        raise TrainerError("say whose link this is: exactly one of --athlete NAME, --coach NAME, --researcher NAME")
    role, value = chosen[0]
    if role == "athlete" and (athletes or all_athletes):
        raise TrainerError("--athletes and --all-athletes go with --coach or --researcher")
    names = [name for name in (athletes or "").split(",") if name.strip()]
    grant, secret = issue_grant(
        open_db(db),
        role,
        None if role == "athlete" else value,
        [value] if role == "athlete" else names,
        all_athletes=all_athletes,
        expires_in=parse_expiry(expires) if expires else None,
    )
    base = (url or Settings.from_env().public_url).rstrip("/")
    typer.echo(
        f"access {grant.id}: {grant.person} ({grant.role})"
        + (f", expires {grant.expires_at:%Y-%m-%d %H:%M} UTC" if grant.expires_at else "")
    )
    typer.echo("Send this private link to them alone. It is shown only now; it signs them in:")
    typer.echo(f"{base}/login#{secret}")
    if role == "athlete":
        from trainer.access.grants import issue_feed

        feed = issue_feed(open_db(db), grant.id)
        typer.echo(
            "Their training calendar, for a calendar app's 'subscribe by URL' (also secret; it stops with the link):"
        )
        typer.echo(f"{base}/feed/{feed}.ics")


@app.command("list")
def list_(db: DbOption = None) -> None:
    """Who has a link: role, what they see, created, last used, expiry, state."""
    from trainer.access.grants import list_grants
    from trainer.serve.seen import read_seen
    from trainer.serve.site import seen_path
    from trainer.settings import Settings

    settings = Settings.from_env()
    seen = read_seen(seen_path(db or settings.database_url, settings.data_dir))
    grants = list_grants(open_db(db, read_only=True), seen)
    if grants.is_empty():
        typer.echo("no access links yet: trainer access add --athlete NAME")
        return
    for g in grants.iter_rows(named=True):
        used = f"{g['last_used']:%Y-%m-%d %H:%M}" if g["last_used"] else "never"
        until = f"{g['expires']:%Y-%m-%d}" if g["expires"] else "no expiry"
        typer.echo(
            f"{g['id']:>4}  {g['person']:<20} {g['role']:<10} {g['state']:<8} sees: {g['scope']}; "
            f"created {g['created']:%Y-%m-%d}, last used {used}, {until}"
        )


@app.command("revoke")
def revoke(
    grant_id: Annotated[int, typer.Argument(help="The id from `trainer access list`.")], db: DbOption = None
) -> None:
    """Withdraw a link: its sessions end at their next request."""
    from trainer.access.grants import revoke_grant

    grant = revoke_grant(open_db(db), grant_id)
    typer.echo(f"revoked access {grant.id} ({grant.person}, {grant.role}): their link and sessions no longer work")
