"""Fetching a published dataset file: streamed, checksum-verified, written atomically into the cache."""
from __future__ import annotations

import hashlib
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from core.data.dataset import DataError
from core.fileio import atomic_path

# progress(done, total): bytes so far and the file's size (0 when the server does not say).
Progress = Callable[[int, int], None]

_CHUNK = 1 << 16
_TIMEOUT_S = 30


@dataclass(frozen=True)
class RemoteFile:
    name: str        # file name in the cache
    url: str
    checksum: str    # "sha256:<hex>" or "md5:<hex>", as the publisher gives it


def download(remote: RemoteFile, target: Path, progress: Progress | None = None) -> None:
    """Download `remote` to `target`; the file appears only complete and verified.

    Raises DataError with the reason (no network, HTTP error, checksum mismatch).
    """
    algorithm, expected = remote.checksum.split(":", 1)
    digest = hashlib.new(algorithm)
    try:
        with urllib.request.urlopen(remote.url, timeout=_TIMEOUT_S) as response, atomic_path(target) as tmp:
            total = int(response.headers.get("Content-Length") or 0)
            done = 0
            with open(tmp, "wb") as out:
                while block := response.read(_CHUNK):
                    out.write(block)
                    digest.update(block)
                    done += len(block)
                    if progress:
                        progress(done, total)
            if total and done != total:
                raise DataError(f"the download of {remote.name} stopped after {done:,} of {total:,} bytes")
            if digest.hexdigest() != expected.lower():
                raise DataError(f"{remote.name} from {remote.url} does not match its published checksum "
                                "(damaged download or changed mirror)")
    except urllib.error.HTTPError as error:
        raise DataError(f"{remote.url} answered HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        raise DataError(f"cannot reach {remote.url} ({_reason(error.reason)})") from None
    except (socket.timeout, TimeoutError):
        raise DataError(f"{remote.url} did not answer within {_TIMEOUT_S} s") from None
    except (OSError, ValueError) as error:
        raise DataError(f"the download of {remote.name} failed ({_reason(error)})") from None


def _reason(reason) -> str:
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or type(reason).__name__
