"""File-system operations of the build that must never reach outside the project.

Cleaning and pruning delete only what lies inside the directory they were given: a symbolic
link found there is removed as a link, never followed, and a directory whose real path lies
elsewhere is left alone. Moves that cannot be renames (another file system) fall back to a copy
and a rename within the target's file system. OS errors become Finnish messages.
"""

from __future__ import annotations

import errno
import os
import shutil
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
}


def explain_os_error(exc: BaseException) -> str:
    """A Finnish sentence for an OSError or shutil.Error, naming the path; never a raw dump."""
    if isinstance(exc, shutil.Error):
        details = exc.args[0] if exc.args and isinstance(exc.args[0], list) else []
        if details:
            src, _dst, why = details[0]
            more = f" (ja {len(details) - 1} muuta)" if len(details) > 1 else ""
            return f"tiedoston {src} kopiointi epäonnistui: {why}{more}"
        return "tiedostojen kopiointi epäonnistui"
    if isinstance(exc, OSError):
        reason = _ERRNO_FI.get(exc.errno or -1, exc.strerror or "tuntematon käyttöjärjestelmän virhe")
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
    tmp = dst.parent / f".{dst.name}.kopio-{os.getpid()}"
    if src.is_symlink():
        os.symlink(os.readlink(src), tmp)
        os.unlink(src)
    elif src.is_dir():
        shutil.copytree(src, tmp, symlinks=True)
        shutil.rmtree(src, ignore_errors=True)
    else:
        shutil.copy2(src, tmp)
        os.unlink(src)
    os.replace(tmp, dst)


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
