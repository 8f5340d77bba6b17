"""Flask CLI commands: `flask --app wsgi seed ...`."""
from __future__ import annotations

import time

import click
from flask import Flask
from sqlalchemy import func, select

from portal.extensions import db


def register(app: Flask) -> None:
    @app.cli.command("seed")
    @click.option("--scale", type=click.Choice(["demo", "full"]), default="demo", show_default=True)
    @click.option("--rng-seed", type=int, default=20130401, show_default=True, help="Same seed, same data.")
    @click.option("--if-empty", is_flag=True, help="Do nothing (and succeed) when data is already loaded.")
    def seed_command(scale: str, rng_seed: int, if_empty: bool) -> None:
        """Load deterministic demo data into an empty database."""
        from portal.models import Organization
        from portal.services.seed import SeedError, seed_database

        if if_empty and db.session.scalar(select(func.count(Organization.id))):
            click.echo("Data already loaded; nothing to do.")
            return
        db.session.close()
        started = time.perf_counter()
        try:
            counts = seed_database(db.engine, scale, rng_seed=rng_seed, progress=click.echo)
        except SeedError as error:
            raise click.ClickException(str(error)) from None
        elapsed = time.perf_counter() - started
        for table, count in counts.items():
            click.echo(f"  {table}: {count:,}")
        click.echo(f"Seeded scale '{scale}' in {elapsed:.1f} s.")
