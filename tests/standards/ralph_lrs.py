"""Serve ralph's LRS on its file-system backend, appending: run by ralph's own Python.

``python ralph_lrs.py HOST PORT`` with the environment :mod:`tests.standards.lrs` sets
(``RALPH_AUTH_FILE``, the backend's directory). It is what ``ralph runserver --backend fs``
does (uvicorn on ``ralph.api:app``), with one difference: ralph 5.1's file-system LRS backend
writes its one file in ``create`` mode, so a second POST of new statements answers 500
("already exists and overwrite is not allowed"). An LRS takes statements POST after POST;
the backend's own ``append`` mode does that, and everything else (validation, the 409 on a
reused id, queries, paging) stays ralph's.

This file imports ralph and uvicorn from ralph's venv, never from ours: pytest does not
collect it (no ``test_`` prefix) and nothing of ours imports it.
"""

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

if __name__ == "__main__":
    host, port = sys.argv[1], int(sys.argv[2])
    uvicorn.run("ralph.api:app", host=host, port=port, log_level="info")
