"""The one way mccdesk writes a file, makes a folder, or reads a file others may have put there.

Writing (`write_file`): a temporary file with a fresh random name beside the target, opened with
O_CREAT|O_EXCL|O_NOFOLLOW (a planted link or file under that name is refused, never followed or
truncated), owner-only unless the file is meant to be shared (the drop's own files), written,
fsynced, renamed over the target (a link at the target is replaced, not followed), then the
folder is fsynced. A crash leaves the old file or the new one, never half of one.

Folders (`make_folder`): created owner-only (0700) unless shared; with `within`, every part from
`within` down must be a real folder, not a link, so a symlinked `outbox/<branch>/` cannot send
writes outside the drop.

Reading what others can write (`read_regular`): lstat first; only a regular file, never a link,
FIFO or device; opened non-blocking and without following links, checked again on the open
descriptor, and read to at most `cap` bytes (a bigger file is refused, not read whole).

`shown` turns a file name from a folder others write into text that is safe to print: no
terminal escapes, no undecodable bytes.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import signal
import stat
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
SHARED_FILE = 0o666  # the process umask still applies, as for any shared file
SHARED_FOLDER = 0o777
TEMP_SUFFIX = ".partial"

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


class UnsafePath(OSError):
    """A link, device or FIFO where mccdesk expected a plain file or folder."""

    def __init__(self, path: Path | str, what: str) -> None:
        super().__init__(errno.ELOOP, what, str(path))


class TooLarge(OSError):
    def __init__(self, path: Path | str, cap: int) -> None:
        super().__init__(errno.EFBIG, f"larger than {cap} bytes", str(path))


def fault_point(name: str) -> None:
    """Crash-test hook: with MCCDESK_FAULT=name the process dies here as if killed."""
    if os.environ.get("MCCDESK_FAULT") == name:
        if hasattr(signal, "SIGKILL"):
            os.kill(os.getpid(), signal.SIGKILL)
        os._exit(137)


# --- folders ------------------------------------------------------------------------------------


def _refuse_links(path: Path, within: Path) -> None:
    """Every part of `path` below `within` must be a real folder. (`within` itself, chosen by
    the office, may be a link, e.g. to a mounted share.)"""
    current = within
    for part in path.relative_to(within).parts:
        current = current / part
        try:
            st = os.lstat(current)
        except FileNotFoundError:
            return  # made next by the caller, as a real folder
        if not stat.S_ISDIR(st.st_mode):
            raise UnsafePath(current, "not a folder (a link or a file stands in its place)")


def make_folder(path: Path, *, shared: bool = False, within: Path | None = None) -> Path:
    """Create `path` and any missing parents (owner-only unless shared); never through a link
    below `within`."""
    if within is not None:
        _refuse_links(path, within)
    mode = SHARED_FOLDER if shared else PRIVATE_FOLDER
    missing: list[Path] = []
    current = path
    while not os.path.lexists(current):
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):  # made meanwhile by another process
            os.mkdir(folder, mode)
    if within is not None:
        _refuse_links(path, within)
    elif not path.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(path))
    return path


def make_private(path: Path) -> None:
    """Narrow an existing folder or file of ours to owner-only (POSIX; a no-op on Windows)."""
    if os.name == "nt":
        return
    st = os.lstat(path)
    if stat.S_ISLNK(st.st_mode) or st.st_uid != os.getuid():
        return
    wanted = PRIVATE_FOLDER if stat.S_ISDIR(st.st_mode) else PRIVATE_FILE
    if stat.S_IMODE(st.st_mode) & 0o077:
        os.chmod(path, wanted)


# --- writing ------------------------------------------------------------------------------------


def _fsync_folder(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a folder for fsync; NTFS journals renames
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def temp_name(target: Path) -> Path:
    """A fresh name beside `target` for its temporary file: `<name>.<random>.partial`."""
    return target.with_name(f"{target.name}.{secrets.token_hex(6)}{TEMP_SUFFIX}")


def is_temp_of(name: str, target_name: str) -> bool:
    """True for `<target_name>.<12 hex>.partial`, the temporary names `write_file` makes."""
    middle = name.removeprefix(target_name + ".").removesuffix(TEMP_SUFFIX)
    return (
        name.startswith(target_name + ".")
        and name.endswith(TEMP_SUFFIX)
        and len(middle) == 12
        and all(c in "0123456789abcdef" for c in middle)
    )


def create_exclusive(path: Path, *, shared: bool = False) -> int:
    """Open a new file for writing: fails if anything (a link included) has that name."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY | _CLOEXEC
    return os.open(path, flags, SHARED_FILE if shared else PRIVATE_FILE)


def write_file(
    path: Path,
    data: bytes,
    *,
    shared: bool = False,
    within: Path | None = None,
    durable: bool = True,
    fault: str = "",
) -> Path:
    """Write `path` whole or not at all (see the module docstring); returns `path`.

    `shared`: a file for others to read (the drop); otherwise owner-only from its first moment.
    `within`: the folder below which no link is allowed (the drop's root).
    `durable=False` skips the fsyncs, for files that are written again if lost.
    `fault`: a prefix for the crash-test points `<fault>-partial-written`, `<fault>-fsynced`.
    """
    folder = path.parent
    if within is not None:
        _refuse_links(folder, within)
    tmp = temp_name(path)
    fd = create_exclusive(tmp, shared=shared)
    try:
        with open(fd, "wb", closefd=True) as f:
            f.write(data)
            f.flush()
            if fault:
                fault_point(f"{fault}-partial-written")
            if durable:
                os.fsync(f.fileno())
        if fault:
            fault_point(f"{fault}-fsynced")
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if durable:
        _fsync_folder(folder)
    return path


def copy_file(source: Path, target: Path) -> Path:
    """Copy `source` (opened read-only) to `target` as `write_file` would write it: owner-only,
    never through a link at the target, fsynced; streamed, so a large case book is not held in
    memory."""
    tmp = temp_name(target)
    fd = create_exclusive(tmp)
    try:
        with open(source, "rb") as src, open(fd, "wb", closefd=True) as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_folder(target.parent)
    return target


# --- reading what others may write --------------------------------------------------------------


def describe_kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a link"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_regular(path: Path, cap: int) -> bytes:
    """The bytes of a regular file of at most `cap` bytes; anything else raises OSError.

    UnsafePath for a link, FIFO, device or folder; TooLarge for more than `cap` bytes (at most
    `cap` + 1 bytes are read to find out)."""
    st = os.lstat(path)
    if not stat.S_ISREG(st.st_mode):
        raise UnsafePath(path, f"not a regular file ({describe_kind(st.st_mode)})")
    if st.st_size > cap:
        raise TooLarge(path, cap)
    fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _BINARY | _CLOEXEC)
    try:
        st = os.fstat(fd)  # the name may have been swapped between lstat and open
        if not stat.S_ISREG(st.st_mode):
            raise UnsafePath(path, f"not a regular file ({describe_kind(st.st_mode)})")
        chunks: list[bytes] = []
        left = cap + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > cap:
        raise TooLarge(path, cap)
    return data


def list_names(folder: Path) -> list[str]:
    """The names in `folder`, sorted; each as the OS gave it (undecodable bytes kept as
    surrogates, so the name still opens the file). Show them with `shown`."""
    with os.scandir(folder) as entries:
        return sorted(entry.name for entry in entries)


def shown(name: str, limit: int = 120) -> str:
    """A name from a folder others write, safe to print: undecodable bytes as \\xNN, control
    characters (terminal escapes included) as \\x1b and the like, long names cut."""
    raw = os.fsencode(name) if isinstance(name, str) else bytes(name)
    text = raw.decode("utf-8", "backslashreplace")
    out = []
    for ch in text:
        code = ord(ch)
        if code < 0x20 or code == 0x7F or 0x80 <= code < 0xA0 or ch in "\u2028\u2029":
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        elif 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:  # bidi overrides
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    result = "".join(out)
    return result if len(result) <= limit else result[: limit - 1] + "…"
