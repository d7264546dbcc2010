"""The walk: every regular file under the roots, with what the cache needs to know it
again (size, modification time, file id, volume), read from `os.scandir` so that a
directory costs one listing and (POSIX) one lstat per file.

Choices, so they are not rediscovered:
- Links and junctions are never followed. One that loops (points at one of its own
  folders, or at itself) or leads out of the roots is reported as a LINK problem; one
  that points inside the roots is not reported (what it points at is walked where it
  lies) and only counted as skipped.
- System folders are skipped by default (`Exclusions.default()`); `--full` drops the
  "not worth reading" ones but never the pseudo file systems (/proc, /sys, /dev, /run)
  or network mounts, which are not storage of this machine. Exclusions apply only
  BELOW a root: a root given explicitly is always walked, even /usr.
- A root inside another root is walked once, as its own root.
- Windows: a path longer than 240 characters is walked with the `\\\\?\\` prefix
  (`FileRef.display` drops it for the report); OneDrive "online-only" placeholders are
  skipped (reading one would download it); the file id is `DirEntry.inode()` (one call
  per file on Windows) and the volume is the root's.
- Default roots (`default_roots()`): Windows, every volume psutil lists as a physical
  device (fixed, removable, optical with media); elsewhere "/" plus the mounts under
  /media, /mnt and /run/media. Office autosave and temp places (%APPDATA%\\Microsoft\\Word,
  %LOCALAPPDATA%\\Microsoft\\Office\\UnsavedFiles, %TEMP% with its ~WRL*.tmp, the Recycle
  Bin) lie on those volumes and are never excluded.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from bmnn.scanner.model import Problem, ProblemKind

WINDOWS = sys.platform == "win32"
LONG_PREFIX = "\\\\?\\"
LONG_PATH = 240
FILE_ATTRIBUTE_REPARSE_POINT = 0x400
FILE_ATTRIBUTE_OFFLINE = 0x1000
FILE_ATTRIBUTE_RECALL_ON_OPEN = 0x40000
FILE_ATTRIBUTE_RECALL_ON_DATA_ACCESS = 0x400000
IO_REPARSE_TAG_MOUNT_POINT = 0xA0000003
IO_REPARSE_TAG_SYMLINK = 0xA000000C
ERROR_CANT_RESOLVE_FILENAME = 1921  # Windows: a link chain that loops

# Below any root, on any system: tool trees that hold code and packages, not documents.
JUNK_NAMES = ("node_modules", ".git", ".hg", ".svn", "__pycache__", "site-packages", "dist-packages",
              ".venv", ".tox", ".mypy_cache", ".pytest_cache")
WINDOWS_SYSTEM = (
    "?:\\windows", "?:\\program files", "?:\\program files (x86)", "?:\\programdata\\microsoft",
    "?:\\programdata\\package cache", "?:\\$winreagent", "?:\\system volume information", "?:\\recovery",
    "?:\\$windows.~bt", "?:\\$windows.~ws", "?:\\$sysreset", "?:\\windows.old\\windows",
    "*\\appdata\\local\\packages\\*\\ac", "*\\appdata\\local\\microsoft\\windows\\inetcache",
    "*\\appdata\\local\\microsoft\\windows\\explorer",
)
WINDOWS_SYSTEM_FILES = ("?:\\pagefile.sys", "?:\\hiberfil.sys", "?:\\swapfile.sys")
POSIX_SYSTEM = ("/usr", "/lib", "/lib32", "/lib64", "/libx32", "/bin", "/sbin", "/boot", "/snap",
                "/var/lib", "/var/cache")
POSIX_PSEUDO = ("/proc", "/sys", "/dev", "/run")  # not storage: excluded even with --full
NETWORK_FS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "sshfs", "davfs", "fuse.davfs2",
              "fuse.rclone", "afs", "ceph", "glusterfs", "fuse.glusterfs", "9p", "lustre"}


class FileRef(NamedTuple):  # a tuple: a rescan makes tens of thousands per second
    path: str  # as opened (may carry the Windows long-path prefix)
    size: int
    mtime_ns: int
    file_id: int
    device: int

    @property
    def display(self) -> str:
        return shown(self.path)


def display_path(path: str) -> str:
    if path.startswith(LONG_PREFIX + "UNC\\"):
        return "\\\\" + path[len(LONG_PREFIX) + 4:]
    if path.startswith(LONG_PREFIX):
        return path[len(LONG_PREFIX):]
    return path


def shown(path: str) -> str:
    """The path as the report shows it: no long-path prefix, and valid Unicode (a POSIX
    name's bytes that are not UTF-8 become U+FFFD: a JSON report must be UTF-8)."""
    path = display_path(path)
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        try:
            return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        except UnicodeEncodeError:  # an unpaired UTF-16 surrogate in a Windows name
            return path.encode("utf-8", "replace").decode("utf-8")
    return path


def long_path(path: str) -> str:
    if not WINDOWS or len(path) <= LONG_PATH or path.startswith(LONG_PREFIX):
        return path
    if path.startswith("\\\\"):
        return LONG_PREFIX + "UNC\\" + path[2:]
    return LONG_PREFIX + path


def _pattern(patterns: Iterable[str]) -> re.Pattern | None:
    parts = [fnmatch.translate(os.path.normcase(p)) for p in patterns]
    return re.compile("|".join(parts)) if parts else None


class Exclusions:
    """Folders (and a few files) not walked below the roots."""

    def __init__(self, names: Iterable[str] = (), dirs: Iterable[str] = (), files: Iterable[str] = ()):
        self.names = frozenset(os.path.normcase(n) for n in names)
        self.dirs = tuple(dirs)
        self.files = tuple(files)
        self._dirs = _pattern(self.dirs)
        self._files = _pattern(self.files)

    @classmethod
    def default(cls, *, full: bool = False) -> Exclusions:
        if WINDOWS:
            dirs: tuple[str, ...] = () if full else WINDOWS_SYSTEM
            return cls(() if full else JUNK_NAMES, dirs, WINDOWS_SYSTEM_FILES)
        dirs = POSIX_PSEUDO + tuple(_network_mounts()) + (() if full else POSIX_SYSTEM)
        return cls(() if full else JUNK_NAMES, dirs)

    def describe(self) -> list[str]:
        return sorted(self.names) + list(self.dirs) + list(self.files)

    def dir_excluded(self, path: str, name: str) -> bool:
        if os.path.normcase(name) in self.names:
            return True
        return bool(self._dirs and self._dirs.match(os.path.normcase(display_path(path))))

    def file_excluded(self, path: str) -> bool:
        return bool(self._files and self._files.match(os.path.normcase(display_path(path))))


def _network_mounts() -> list[str]:
    try:
        import psutil

        return [p.mountpoint for p in psutil.disk_partitions(all=True) if p.fstype.lower() in NETWORK_FS]
    except Exception:  # noqa: BLE001 - no mount table: nothing to exclude
        return []


def default_roots() -> list[str]:
    import psutil

    partitions = psutil.disk_partitions(all=False)
    if WINDOWS:
        return sorted({p.mountpoint for p in partitions if p.fstype})
    extra = [p.mountpoint for p in partitions
             if p.mountpoint.startswith(("/media/", "/mnt/", "/run/media/"))]
    return ["/", *sorted(set(extra))]


class Walker:
    """Iterates `FileRef`s and `Problem`s. `skipped` counts what was passed over on
    purpose: excluded folders, links not followed, special files, cloud placeholders."""

    def __init__(self, roots: Iterable[str], exclusions: Exclusions | None = None,
                 skip_files: Iterable[str] = ()):
        self.roots = [os.path.abspath(r) for r in roots]
        self.exclusions = exclusions or Exclusions()
        self.skip_files = {os.path.normcase(os.path.abspath(p)) for p in skip_files}
        self._skip_names = {os.path.normcase(os.path.basename(p)) for p in self.skip_files}
        self.skipped = 0
        self._root_keys = {os.path.normcase(r) for r in self.roots}
        self._real_roots = [os.path.normcase(os.path.realpath(r)) for r in self.roots]

    def __iter__(self) -> Iterator[FileRef | Problem]:
        for batch in self.batches():
            yield from batch

    def batches(self) -> Iterator[list[FileRef | Problem]]:
        """The same items, a folder at a time (a rescan goes faster by lists)."""
        for root in self.roots:
            yield from self._walk_root(root)

    def _walk_root(self, root: str) -> Iterator[list[FileRef | Problem]]:
        try:
            root_stat = os.stat(root)
        except PermissionError as exc:
            yield [Problem(shown(root), ProblemKind.DENIED, f"cannot open: {exc.strerror}")]
            return
        except OSError as exc:
            yield [Problem(shown(root), ProblemKind.UNREADABLE, f"cannot open: {exc.strerror}")]
            return
        if not stat.S_ISDIR(root_stat.st_mode):
            if stat.S_ISREG(root_stat.st_mode):
                yield [FileRef(long_path(root), root_stat.st_size, root_stat.st_mtime_ns,
                               root_stat.st_ino, root_stat.st_dev)]
            return
        volume = root_stat.st_dev
        stack = [long_path(root)]
        while stack:
            folder = stack.pop()
            items: list[FileRef | Problem] = []
            try:
                with os.scandir(folder) as entries:
                    for entry in entries:
                        item = self._entry(entry, volume, stack)
                        if item is not None:
                            items.append(item)
            except FileNotFoundError:
                pass  # removed while we walked (a temp folder): nothing to report
            except PermissionError as exc:
                items.append(Problem(shown(folder), ProblemKind.DENIED, f"cannot list folder: {exc.strerror}"))
            except OSError as exc:
                items.append(Problem(shown(folder), ProblemKind.UNREADABLE, f"cannot list folder: {exc.strerror}"))
            if items:
                yield items

    def _entry(self, entry: os.DirEntry, volume: int, stack: list[str]) -> FileRef | Problem | None:
        # Regular files first: they are most entries, and is_file(follow_symlinks=False)
        # is False for links. A Windows junction passes is_dir(follow_symlinks=False).
        try:
            if entry.is_file(follow_symlinks=False):
                st = entry.stat(follow_symlinks=False)
            elif entry.is_dir(follow_symlinks=False) and not (WINDOWS and _is_junction(entry)):
                self._folder(entry, stack)
                return None
            elif entry.is_symlink() or (WINDOWS and _is_junction(entry)):
                return self._link(entry)
            else:
                self.skipped += 1  # a FIFO, socket or device: opening one could block forever
                return None
        except FileNotFoundError:
            return None
        except PermissionError as exc:
            return Problem(shown(entry.path), ProblemKind.DENIED, f"cannot read attributes: {exc.strerror}")
        except OSError as exc:
            return Problem(shown(entry.path), ProblemKind.UNREADABLE, f"cannot read attributes: {exc.strerror}")
        path = entry.path
        if (os.path.normcase(entry.name) in self._skip_names
                and os.path.normcase(display_path(path)) in self.skip_files):
            return None  # the scanner's own report and cache
        if self.exclusions.files and self.exclusions.file_excluded(path):
            self.skipped += 1
            return None
        if WINDOWS:
            if getattr(st, "st_file_attributes", 0) & (FILE_ATTRIBUTE_RECALL_ON_DATA_ACCESS
                                                      | FILE_ATTRIBUTE_RECALL_ON_OPEN | FILE_ATTRIBUTE_OFFLINE):
                self.skipped += 1  # an online-only placeholder: reading it would download it
                return None
            try:
                file_id = entry.inode()
            except OSError:
                file_id = 0
            return FileRef(long_path(path), st.st_size, st.st_mtime_ns, file_id, volume)
        return FileRef(path, st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev)

    def _folder(self, entry: os.DirEntry, stack: list[str]) -> None:
        path = long_path(entry.path)
        if os.path.normcase(display_path(path)) in self._root_keys:
            return  # walked as its own root
        if self.exclusions.dir_excluded(path, entry.name):
            self.skipped += 1
        else:
            stack.append(path)

    def _link(self, entry: os.DirEntry) -> Problem | None:
        path = display_path(entry.path)
        try:
            target = os.path.realpath(path, strict=True)
        except FileNotFoundError:
            target = os.path.realpath(path)  # dangling: reported only if it points away
            if not self._inside_roots(target):
                return _link_problem(entry, f"leads out of the scanned roots to {shown(target)} (missing)")
            self.skipped += 1
            return None
        except OSError as exc:
            if exc.errno == errno.ELOOP or getattr(exc, "winerror", None) == ERROR_CANT_RESOLVE_FILENAME:
                return _link_problem(entry, "it loops")
            return _link_problem(entry, f"cannot resolve ({exc.strerror})")
        here = os.path.normcase(os.path.realpath(os.path.dirname(path)))
        key = os.path.normcase(target)
        if here == key or here.startswith(key.rstrip(os.sep) + os.sep):
            return _link_problem(entry, f"it loops back to its own folder {shown(target)}")
        if not self._inside_roots(target):
            return _link_problem(entry, f"leads out of the scanned roots to {shown(target)}")
        self.skipped += 1
        return None

    def _inside_roots(self, target: str) -> bool:
        key = os.path.normcase(target)
        return any(key == root or key.startswith(root.rstrip(os.sep) + os.sep) for root in self._real_roots)


def _link_problem(entry: os.DirEntry, why: str) -> Problem:
    return Problem(shown(entry.path), ProblemKind.LINK, f"link not followed: {why}")


def _is_junction(entry: os.DirEntry) -> bool:
    """A Windows junction or volume mount point (Python 3.11 has no is_junction)."""
    if not WINDOWS:
        return False
    st = entry.stat(follow_symlinks=False)
    if not getattr(st, "st_file_attributes", 0) & FILE_ATTRIBUTE_REPARSE_POINT:
        return False
    tag = getattr(st, "st_reparse_tag", 0) or os.lstat(entry.path).st_reparse_tag
    # Other reparse points (OneDrive folders, deduplicated or compressed files) are
    # ordinary folders and files to us.
    return tag in (IO_REPARSE_TAG_MOUNT_POINT, IO_REPARSE_TAG_SYMLINK)
