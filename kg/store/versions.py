"""The store's folders in build/: `store` is a link to a versioned folder (store-<time>-<pid>) that a
build swaps atomically; what killed builds leave behind is swept by every command.

A command opens the folder the link points to, not the link, and holds a shared lock (flock) on it
until it ends, so a build swapping the link meanwhile never deletes or mixes the files it reads. A
folder is removed only when its builder is gone, the link does not point to it and no one holds it.
"""
from __future__ import annotations

import fcntl
import os
import re
import shutil
import time
from pathlib import Path

from ..errors import KgError

STORE_DIR = "store"
# temporary entries of a build: .store.tmp-PID, .store.link-PID, .store.old-PID, .manifest.json.tmp-PID,
# .inferred.trig.tmp-PID, and folders being removed: .store-TIME-PID.trash-PID
TEMPORARY = re.compile(r"^\..+\.(?:tmp|link|old|trash)-(\d+)$")
VERSIONED = re.compile(rf"^{STORE_DIR}-\d+-(\d+)(?:-\d+)?$")


class Hold:
    """A shared lock on a store folder, kept while this object lives (or until `release`)."""

    def __init__(self, fd: int):
        self._fd: int | None = fd

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            try:
                os.close(fd)
            except OSError:
                pass

    def __del__(self) -> None:
        self.release()


def hold_live(build_dir: Path) -> tuple[Path, Hold]:
    """The folder `build/store` points to now, with a shared lock that keeps builds from removing it."""
    link = build_dir / STORE_DIR
    for _ in range(50):
        try:
            folder = link.parent / os.readlink(link) if link.is_symlink() else link
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        except (FileNotFoundError, NotADirectoryError):
            if not os.path.lexists(link):
                raise KgError(f"{link}: no built store; run `kg build`") from None
            continue  # swapped, and the old folder removed, between reading the link and opening it
        try:
            fcntl.flock(fd, fcntl.LOCK_SH)  # waits only while a remover renames the folder away
        except OSError:
            pass  # a file system without locks: the folder is still read whole, only not protected
        try:
            now = os.stat(folder)
            same = (now.st_dev, now.st_ino) == (os.fstat(fd).st_dev, os.fstat(fd).st_ino)
        except OSError:
            same = False
        if same:
            return folder, Hold(fd)
        os.close(fd)
        time.sleep(0.01)
    raise KgError(f"{link}: the store keeps changing under this command; try again")


def live_target(build_dir: Path) -> Path | None:
    link = build_dir / STORE_DIR
    try:
        return link.parent / os.readlink(link)
    except OSError:
        return None


def remove_unused(folder: Path) -> bool:
    """Remove a store folder unless a command holds it or the link points to it; True once gone."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except FileNotFoundError:
        return True
    except OSError:  # a link or a file, which nobody can hold; or a folder this user cannot open
        if folder.is_symlink() or not folder.is_dir():
            folder.unlink(missing_ok=True)
            return True
        return False
    trash = folder.with_name(f".{folder.name}.trash-{os.getpid()}")
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # a command reads it: a later sweep removes it
        except OSError:
            pass  # a file system without locks: removed as before there were locks
        if live_target(folder.parent) == folder:
            return False
        os.replace(folder, trash)  # readers waiting for the lock then see it gone, and look again
    except FileNotFoundError:
        return True
    finally:
        os.close(fd)
    shutil.rmtree(trash, ignore_errors=True)
    return True


def swap_in(new: Path, build_dir: Path) -> Path:
    """Put the store built in `new` in place of `build/store`, atomically; returns its folder.

    The new folder gets its own name (store-<time>-<pid>[-n]) and a new link replaces the old one with
    one rename, so at every instant `build/store` opens as a whole store, the old one or the new
    one, even if the process is killed. The previous folder is removed afterwards unless a command
    still holds it (then a later sweep removes it).
    """
    target = build_dir / STORE_DIR
    stamp = f"{STORE_DIR}-{time.strftime('%Y%m%d%H%M%S')}-{os.getpid()}"
    versioned = build_dir / stamp
    n = 1
    while versioned.exists():  # two builds of one process within a second (the old one still read)
        n += 1
        versioned = build_dir / f"{stamp}-{n}"
    os.replace(new, versioned)
    previous = live_target(build_dir)
    if target.exists() and not target.is_symlink():  # a store folder from before links: set it aside
        previous = build_dir / f".{STORE_DIR}.old-{os.getpid()}"
        os.replace(target, previous)
    link = build_dir / f".{STORE_DIR}.link-{os.getpid()}"
    link.unlink(missing_ok=True)
    os.symlink(versioned.name, link)
    os.replace(link, target)
    if previous is not None and previous != versioned:
        try:
            remove_unused(previous)
        except OSError:
            pass  # the new store is in: a later sweep retries
    return versioned


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return pid != os.getpid()


def clean_leftovers(build_dir: Path) -> list[str]:
    """Remove what builds killed half-way left behind (temporary stores, links and files of dead
    processes) and the store folders no one uses any more; returns the names removed."""
    removed = []
    try:
        entries = sorted(os.listdir(build_dir))
    except OSError:
        return removed
    for name in entries:
        temporary, versioned = TEMPORARY.match(name), VERSIONED.match(name)
        match = temporary or versioned
        if match is None or pid_alive(int(match.group(1))):
            continue
        path = build_dir / name
        try:
            if versioned:
                if path == live_target(build_dir) or not remove_unused(path):
                    continue
            elif path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
        except OSError:
            continue  # not ours to remove (another user's build folder?): leave it, never fail a command
        removed.append(name)
    return removed


def sweep_build_leftovers(root: str | os.PathLike | None = None) -> list[str]:
    """`clean_leftovers` in the project's build folder, run before every command; outside a
    project, nothing to do."""
    from ..project import find_project

    try:
        build_dir = find_project(root).build_dir
    except KgError:
        return []
    return clean_leftovers(build_dir) if build_dir.is_dir() else []
