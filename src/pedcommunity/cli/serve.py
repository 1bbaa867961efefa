"""``pedcommunity serve``: the HTTP service for LMS plugins over a store.

``pedcommunity serve [--store pc.db] [--host 127.0.0.1] [--port 8000] [--role-map roles.json]``
opens the store (a SQLite file, created with its tables if missing, or a ``postgresql://``
URL) and serves it until Ctrl+C or SIGTERM. It needs the ``server`` extra:
``pip install 'pedcommunity[server]'``.
"""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path
from typing import Any

from pedcommunity.cli._common import DEFAULT_STORE, Usage, add_lang

__all__ = ["add_commands", "run_serve"]


def add_commands(sub: Any) -> None:
    """Register ``serve``."""
    serve = sub.add_parser(
        "serve", help="run the HTTP service for LMS plugins / запустить HTTP-сервис для LMS"
    )
    serve.add_argument(
        "--store",
        default=DEFAULT_STORE,
        help=f"a SQLite file or a postgresql:// URL (default: {DEFAULT_STORE}) / хранилище",
    )
    serve.add_argument("--host", default="127.0.0.1", help="the address to listen on")
    serve.add_argument(
        "--port", type=int, default=8000, help="the port; 0: any free one, printed (default: 8000)"
    )
    serve.add_argument(
        "--role-map",
        help="a JSON file mapping LMS roles to workflow roles / роли LMS и роли процессов",
    )
    serve.add_argument(
        "--graceful",
        type=int,
        default=30,
        help="seconds a stop waits for the requests in flight (default: 30)",
    )
    serve.add_argument(
        "--key-cache",
        type=float,
        default=5.0,
        help="seconds an accepted API key is taken again without a lookup; a revoked key "
        "stops working within them (default: 5; 0: look up every request)",
    )
    serve.add_argument(
        "--log-level",
        default="info",
        choices=("debug", "info", "warning", "error"),
        help="warning drops the per-request lines (default: info)",
    )
    add_lang(serve)
    serve.set_defaults(run=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    """Serve until stopped; 0 when stopped, 2 when the store or options are refused."""
    if importlib.util.find_spec("fastapi") is None or importlib.util.find_spec("uvicorn") is None:
        raise Usage(
            en="the HTTP service needs the server extra: pip install 'pedcommunity[server]'",
            ru="для HTTP-сервиса установите дополнение: pip install 'pedcommunity[server]'",
        )
    if not 0 <= args.port < 65536:
        raise Usage(
            en=f"--port is from 0 (any free port) to 65535, got {args.port}",
            ru=f"--port от 0 (любой свободный) до 65535, получено {args.port}",
        )
    from pedcommunity.adapters.http import load_role_map, serve  # noqa: PLC0415

    role_map = None
    if args.role_map:
        try:
            text = Path(args.role_map).read_bytes()
        except OSError as exc:
            raise Usage(
                en=f"cannot read --role-map {args.role_map}: {exc.strerror}",
                ru=f"не удалось прочитать --role-map {args.role_map}: {exc.strerror}",
            ) from None
        role_map = load_role_map(text)
    for name, value in (("--graceful", args.graceful), ("--key-cache", args.key_cache)):
        if not 0 <= value <= 3600:
            raise Usage(
                en=f"{name} is from 0 to 3600 seconds, got {value}",
                ru=f"{name} от 0 до 3600 секунд, получено {value}",
            )
    serve(
        args.store,
        host=args.host,
        port=args.port,
        role_map=role_map,
        graceful=args.graceful,
        key_cache=args.key_cache,
        log_level=args.log_level,
    )
    return 0
