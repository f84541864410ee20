"""File-system operations of the build that must never reach outside the project.

Everything the build creates to delete later (work directories, snapshots, the cache's entries,
temporary files and links, which are made inside such a directory) is a directory made by
`made_dir`, which writes a marker into it: the process id, the process's start time and a random
token. Cleaning deletes only a directory that carries a marker, never by its name, and only when
the process that made it no longer runs; a symbolic link is removed as a link, never followed,
and a directory whose real path lies elsewhere is left alone. Moves that cannot be renames (another file system) fall back to a copy
and a rename within the target's file system. OS errors become Finnish messages.
"""

from __future__ import annotations

import errno
import json
import os
import secrets
import shutil
import stat
import tempfile
from pathlib import Path


class FileSystemError(Exception):
    """A file-system failure explained in Finnish (the build reports it and exits with status 1)."""


_ERRNO_FI = {
    errno.ENOSPC: "levy on täynnä",
    errno.EDQUOT: "levykiintiö on täynnä",
    errno.EACCES: "ei oikeutta (tarkista kansion käyttöoikeudet)",
    errno.EPERM: "toiminto ei ole sallittu",
    errno.EROFS: "tiedostojärjestelmä on vain luettavissa",
    errno.ENOENT: "tiedostoa tai kansiota ei löydy",
    errno.ENAMETOOLONG: "polku on liian pitkä",
    errno.ELOOP: "liian monta symbolista linkkiä peräkkäin",
    errno.EXDEV: "kansiot ovat eri tiedostojärjestelmissä",
    errno.EMFILE: "liian monta avointa tiedostoa",
    errno.EIO: "levyn luku- tai kirjoitusvirhe",
    errno.EEXIST: "on jo olemassa (odotettiin kansiota tai ei mitään)",
    errno.ENOTDIR: "polun osa ei ole kansio",
    errno.EISDIR: "on kansio, odotettiin tiedostoa",
    errno.EFBIG: "tiedosto on liian suuri tälle tiedostojärjestelmälle",
    errno.EBUSY: "tiedosto tai laite on varattu",
    errno.ETXTBSY: "tiedosto on käytössä",
    errno.ENOTEMPTY: "kansio ei ole tyhjä",
    errno.EINVAL: "virheellinen argumentti käyttöjärjestelmälle",
    errno.EAGAIN: "resurssi ei ole juuri nyt käytettävissä (yritä uudelleen)",
    errno.ENXIO: "laitetta tai osoitetta ei ole",
    errno.ENOMEM: "muisti loppui",
    errno.EMLINK: "liian monta linkkiä",
    errno.ESTALE: "verkkolevyn tiedosto on vanhentunut (avaa kansio uudelleen)",
    errno.ENFILE: "järjestelmässä on liian monta avointa tiedostoa",
    errno.EPIPE: "yhteys katkesi",
}
_WHAT_TO_DO = {
    errno.ENOSPC: "vapauta levytilaa tai siirrä _build/ isommalle levylle",
    errno.EDQUOT: "vapauta levytilaa tai pyydä suurempi kiintiö",
    errno.EACCES: "anna käyttäjälle kirjoitusoikeus kansioon",
    errno.EROFS: "aja rakennus kansiossa, johon voi kirjoittaa",
    errno.EFBIG: "siirrä _build/ toiseen tiedostojärjestelmään",
}


def _reason(number: int | None, fallback: str | None = None) -> str:
    """A Finnish reason for an errno, with what to do where there is something to do."""
    if number in _ERRNO_FI:
        reason = _ERRNO_FI[number]
    else:   # never the English strerror: the symbolic name says enough to look it up
        reason = f"käyttöjärjestelmän virhe {errno.errorcode.get(number, '?')} ({number})" if number else \
            "tuntematon käyttöjärjestelmän virhe"
    if number in _WHAT_TO_DO:
        reason += f" ({_WHAT_TO_DO[number]})"
    return reason


_ERRNO_TEXT = __import__("re").compile(r"\[Errno (\d+)\] [^:'\]\n]*(?::\s*'([^']*)')?")


def finnish_os_text(text: str) -> str:
    """Text with every "[Errno 28] No space left on device: '/p'" in it told in Finnish."""
    return _ERRNO_TEXT.sub(lambda m: (f"{m[2]}: " if m[2] else "") + _reason(int(m[1])), text)


def explain_os_error(exc: BaseException) -> str:
    """A Finnish sentence for an OSError or shutil.Error, naming the path; never a raw dump."""
    if isinstance(exc, shutil.Error):
        details = exc.args[0] if exc.args and isinstance(exc.args[0], list) else []
        if details:
            src, _dst, why = details[0]
            more = f" (ja {len(details) - 1} muuta)" if len(details) > 1 else ""
            return f"tiedoston {src} kopiointi epäonnistui: {finnish_os_text(str(why))}{more}"
        return "tiedostojen kopiointi epäonnistui"
    if isinstance(exc, OSError):
        reason = _reason(exc.errno)
        where = exc.filename or ""
        return f"{where}: {reason}" if where else reason
    return str(exc)


def is_inside(path: Path, directory: Path) -> bool:
    """True when path (not followed if it is a link) lies in directory's real location."""
    try:
        real_parent = Path(os.path.realpath(path.parent))
        base = Path(os.path.realpath(directory))
    except OSError:
        return False
    return real_parent == base or base in real_parent.parents


def remove(path: Path, within: Path) -> None:
    """Delete path if it lies inside `within`: a link is unlinked, a directory removed without
    following any link in it. Anything outside `within` is left as it is."""
    path = Path(path)
    if not is_inside(path, within):
        return
    try:
        if path.is_symlink() or path.is_file():
            path.unlink(missing_ok=True)
        elif path.is_dir():
            shutil.rmtree(path, ignore_errors=True)   # rmtree unlinks links inside, never follows them
    except OSError:
        pass


MARKER = ".joppi-rakennus"      # the marker file inside each directory the build made
_MARKER_MAX = 512


def _process_start(pid: int) -> str:
    """The process's start time (clock ticks since boot), "" where /proc does not tell: with the
    pid it names one process, so a pid reused after a kill is not taken for the build."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        return fields[19].decode("ascii")
    except (OSError, IndexError, UnicodeDecodeError):
        return ""


def made_dir(parent: Path, prefix: str) -> Path:
    """A new directory under parent, with this process's marker in it: what cleaning may delete."""
    directory = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    mark = {"pid": os.getpid(), "alku": _process_start(os.getpid()), "tunniste": secrets.token_hex(16)}
    fd = os.open(directory / MARKER, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(mark, f)
    return directory


def read_mark(directory: Path) -> dict | None:
    """The marker of a directory the build made; None for anything else (a link, a file, a
    directory without a marker or with a marker the build did not write)."""
    try:
        if not stat.S_ISDIR(os.lstat(directory).st_mode):
            return None
        fd = os.open(Path(directory) / MARKER, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > _MARKER_MAX:
            return None
        mark = json.loads(os.read(fd, _MARKER_MAX).decode("utf-8"))
    except (OSError, ValueError):
        return None
    finally:
        os.close(fd)
    if not (isinstance(mark, dict) and isinstance(mark.get("pid"), int) and isinstance(mark.get("alku"), str)
            and isinstance(mark.get("tunniste"), str) and len(mark["tunniste"]) == 32):
        return None
    return mark


def maker_running(mark: dict) -> bool:
    """True while the process that wrote the marker runs (the same pid and start time)."""
    return pid_alive(mark["pid"]) and _process_start(mark["pid"]) == mark["alku"]


def remove_made(path: Path, within: Path, *, finished: bool = False) -> bool:
    """Delete a directory the build made (it carries a marker) once its maker no longer runs, or
    at once when `finished` (a complete cache entry, or this process's own directory). Anything
    without a marker is left as it is, whatever its name. Returns True when it was removed."""
    mark = read_mark(Path(path))
    if mark is None:
        return False
    if not finished and maker_running(mark) and mark["pid"] != os.getpid():
        return False
    remove(path, within)
    return not os.path.lexists(path)


def remove_stale_made(directory: Path) -> None:
    """Remove what killed builds made directly in `directory` (marked, maker gone)."""
    directory = Path(directory)
    if not directory.is_dir():
        return
    for entry in directory.iterdir():
        mark = read_mark(entry)
        if mark is not None and not maker_running(mark):
            remove(entry, directory)


def open_lock(path: Path):
    """The lock file opened for writing without following a link and without truncating it:
    a link planted in its place cannot make the build truncate a file elsewhere."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK, 0o600)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise FileSystemError(f"{path} on symbolinen linkki. Rakennus ei avaa lukkotiedostoa linkin kautta; "
                                  "poista linkki ja aja rakennus uudelleen.") from None
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise FileSystemError(f"{path} ei ole tavallinen tiedosto. Poista se ja aja rakennus uudelleen.")
    return os.fdopen(fd, "r+b")


# --- the users' input files: regular files inside the project, or refused before they are opened ---

NOT_REGULAR = {
    stat.S_IFDIR: "kansio",
    stat.S_IFIFO: "nimetty putki (FIFO)",
    stat.S_IFSOCK: "pistoke (socket)",
    stat.S_IFCHR: "merkkilaite",
    stat.S_IFBLK: "lohkolaite",
}


def project_of(path: Path) -> Path:
    """The project a data file belongs to: the folder that holds its `data/`."""
    path = Path(os.path.abspath(path))
    for parent in path.parents:
        if parent.name == "data":
            return parent.parent
    return path.parent


def input_problem(path: Path, root: Path | None = None) -> str | None:
    """Why `path` cannot be read as an input file (what was expected, in Finnish), or None for a
    regular file inside the project (a link is followed only when it stays inside). Nothing is
    opened: a FIFO would block, a link could lead anywhere on the machine."""
    root = Path(root) if root is not None else project_of(path)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"luettava tiedosto; {explain_os_error(exc)}"
    if stat.S_ISLNK(info.st_mode):
        real = Path(os.path.realpath(path))
        base = Path(os.path.realpath(root))
        if real != base and base not in real.parents:
            return ("tavallinen tiedosto projektin kansiossa; tiedosto on symbolinen linkki projektin "
                    "ulkopuolelle, eikä sitä lueta (kopioi tiedosto itse projektiin linkin tilalle)")
        try:
            info = os.stat(path)
        except OSError:
            return "tavallinen tiedosto; tiedosto on symbolinen linkki, jonka kohdetta ei ole (poista linkki)"
    if not stat.S_ISREG(info.st_mode):
        what = NOT_REGULAR.get(stat.S_IFMT(info.st_mode), "erikoistiedosto")
        return f"tavallinen tiedosto; tämä on {what}, jota ei voi lukea aineistona (korvaa se tiedostolla)"
    return None


def read_input(path: Path, name: str, root: Path | None = None) -> bytes:
    """The bytes of a regular input file inside the project; DataError (naming `name`) otherwise.
    Opened without blocking, and checked again once open, so a FIFO can never hang a command."""
    from .errors import DataError, Issue

    problem = input_problem(path, root)
    if problem is not None:
        raise DataError([Issue(name, None, None, None, problem)])
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise DataError([Issue(name, None, None, None, "tavallinen tiedosto; tiedosto vaihtui lukemisen aikana")])
        return f.read()


def real_dir(path: Path, root: Path, name: str) -> Path:
    """Create `path` as a directory of the project; refuse a link that leads outside the project
    for `_output/` (editions are deleted there) with a Finnish message."""
    path = Path(path)
    if path.is_symlink():
        target = Path(os.path.realpath(path))
        if name == "_output" and not is_inside(target / "x", Path(root)):
            raise FileSystemError(
                f"{name}/ on symbolinen linkki projektin ulkopuolelle ({target}). Julkaisukansion pitää olla "
                "projektin sisällä, koska rakennus poistaa sieltä vanhoja painoksia. Poista linkki.")
    path.mkdir(parents=True, exist_ok=True)
    return path


def move(src: Path, dst: Path) -> None:
    """Rename src to dst; across file systems copy beside dst first, then rename (atomic at dst)."""
    try:
        os.replace(src, dst)
        return
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
    holder = made_dir(dst.parent, f".{dst.name}.kopio-")
    try:
        tmp = holder / "kopio"
        if src.is_symlink():
            os.symlink(os.readlink(src), tmp)
        elif src.is_dir():
            shutil.copytree(src, tmp, symlinks=True)
        else:
            shutil.copy2(src, tmp)
        os.replace(tmp, dst)
    finally:
        remove(holder, dst.parent)
    if src.is_symlink() or not src.is_dir():
        os.unlink(src)
    else:
        shutil.rmtree(src, ignore_errors=True)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file whole or not at all: a temporary file beside it, then a rename."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:   # a full disk or a kill: no half file, the old one stays
        tmp.unlink(missing_ok=True)
        raise
