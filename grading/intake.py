"""Intake: a folder (or zip) of hand-ins, as an LMS delivers it, to the notebooks to grade, one per learner and chapter.

- Layouts: files at the top (the learner's name in the file name) or one folder per learner; a folder that holds a
  single folder (an unzipped download inside its own folder) is entered; a zip of the whole class is unpacked.
- Canvas's bulk download names each file `<name>[_LATE]_<user id>_<attachment id>_<file>` (instructure/canvas-lms,
  app/models/content_zipper.rb: the sortable name, " LATE" when late, the user id, joined by "_"; spaces and other
  characters that are not word characters become "-", lowercased in newer versions, so " LATE" arrives as "_LATE" or
  "-late"), and a file uploaded again under the same name gets a "-N" suffix. One learner per Canvas user id; the
  attachment id (a new upload gets a larger one) orders the attempts.
- Hand-ins: a notebook (`.ipynb`), a Python script (`.py`, read by jupytext as a notebook) or a zip holding notebooks
  (as otter's `grader.export()` makes; read in memory with limits: no path outside it, no link, no nested zip).
  Any other file is listed as not graded.
- The chapter comes from CHAPTER= when given, else the notebook's otter metadata, else its file name, else its title.
- One notebook per learner and chapter is graded: the latest attempt (Canvas's attachment id), else the newest file
  time; when times are too close to tell (a copy, a clone or a download sets them all), the copy number in the name
  ("-1", " (2)", "-Copy3") decides, else the name; the outputs say so.
"""

from __future__ import annotations

import os
import re
import stat
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import jupytext
import nbformat

MAX_NOTEBOOK = 20 * 2**20  # bytes of one notebook
MAX_MEMBERS = 100  # entries of a hand-in zip
CLASS_ZIP_MEMBERS = 50_000  # entries of a zip of the whole class
CLASS_ZIP_BYTES = 4 * 2**30  # unpacked bytes of a zip of the whole class
SAME_TIME = 2.0  # seconds: file times closer than this do not tell which file is newer
CANVAS = re.compile(r"^(?P<name>.+?)(?:[_-](?P<late>late))?_(?P<user>\d+)_(?P<attachment>\d+)_(?P<file>.+)$", re.I)
COPY = re.compile(r"(?:[-_ ]*(?:copy\s*(?P<a>\d*)|\((?P<b>\d+)\)|-(?P<c>\d+)))+$", re.I)
GRADABLE = (".ipynb", ".py", ".zip")


@dataclass
class Submission:
    """One hand-in: where it came from, whose it is, which chapter it answers, and its notebook once read."""

    relative: str  # as the outputs name it: its path in the folder ("a.zip:b.ipynb" for a notebook in a zip)
    content: bytes
    mtime: float
    learner: str  # shown in every output
    user_id: str = ""  # Canvas's user id, when the file name carries it
    late: bool = False
    attachment: int = -1  # Canvas's attachment id: a later upload has a larger one
    copy: int = 0  # the copy number in the file name ("-1", " (2)", "-Copy3"): 0 when none
    chapter: str | None = None
    notebook: nbformat.NotebookNode | None = None
    problem: str = ""  # why it cannot be graded although it is a notebook (unreadable, chapter unknown)
    attempt: str = "1 of 1"
    choice: str = ""  # how this notebook was chosen among the learner's, when the choice needed a rule

    @property
    def key(self) -> str:
        """Who the learner is: the Canvas user id, else the name."""
        return self.user_id or self.learner


@dataclass
class Listed:
    """A file that is not graded, and why."""

    relative: str
    learner: str
    user_id: str
    chapter: str
    reason: str


def clean(text: object, limit: int = 300) -> str:
    """Text from a submission, safe in a CSV cell: one line, no control characters, no formula, at most `limit`."""
    text = re.sub(r"[\x00-\x1f\x7f]+", " ", str(text)).strip()[:limit]
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def enter(folder: Path) -> tuple[Path, list[str]]:
    """The folder that holds the hand-ins: `folder`, or the only folder inside it (repeatedly)."""
    notes: list[str] = []
    while True:
        entries = [p for p in folder.iterdir() if not p.name.startswith((".", "__MACOSX"))]
        if len(entries) != 1 or not entries[0].is_dir() or entries[0].is_symlink():
            return folder, notes
        folder = entries[0]
        notes.append(f"entered {folder.name}/, the only thing in its folder")


def unpack_class(archive: Path, target: Path) -> None:
    """Unpack a zip of the whole class into `target`: entries that would land outside it, links and anything past
    CLASS_ZIP_MEMBERS entries or CLASS_ZIP_BYTES bytes stop it with a ValueError."""
    with zipfile.ZipFile(archive) as z:
        infos = z.infolist()
        if len(infos) > CLASS_ZIP_MEMBERS:
            raise ValueError(f"{archive.name} has more than {CLASS_ZIP_MEMBERS} entries")
        total = 0
        for info in infos:
            name = safe_name(info)
            if name is None or info.is_dir():
                continue
            total += info.file_size
            if total > CLASS_ZIP_BYTES:
                raise ValueError(f"{archive.name} unpacks to more than {CLASS_ZIP_BYTES // 2**30} GB")
            path = target.joinpath(*PurePosixPath(name).parts)
            path.parent.mkdir(parents=True, exist_ok=True)
            with z.open(info) as source, open(path, "wb") as out:
                out.write(source.read(CLASS_ZIP_BYTES - total + info.file_size + 1))
            moment = time.mktime((*info.date_time, 0, 0, -1))
            os.utime(path, (moment, moment))


def safe_name(info: zipfile.ZipInfo) -> str | None:
    """The entry's name if it is a regular file inside the archive; None for links, absolute paths and '..'."""
    name = info.filename.replace("\\", "/")
    parts = PurePosixPath(name).parts
    mode = info.external_attr >> 16
    if name.startswith("/") or ".." in parts or re.match(r"^[A-Za-z]:", name) or stat.S_ISLNK(mode):
        return None
    if any(p.startswith(".") or p == "__MACOSX" for p in parts):
        return None
    return name


def files(folder: Path) -> list[Path]:
    """Every regular file under `folder` (symbolic links and hidden files and folders are not followed)."""
    found = []
    for top, folders, names in os.walk(folder):
        folders[:] = sorted(d for d in folders if not d.startswith(".") and not Path(top, d).is_symlink())
        for name in names:
            path = Path(top, name)
            if not name.startswith(".") and not path.is_symlink() and path.is_file():
                found.append(path)
    return sorted(found)


def copy_number(stem: str) -> int:
    match = COPY.search(stem)
    if not match:
        return 0
    digits = match["a"] or match["b"] or match["c"]
    return int(digits) if digits else 1


def who(relative: Path) -> tuple[str, str, bool, int, str]:
    """(name, Canvas user id, late, attachment id, the file's own name) from a path relative to the class folder."""
    match = CANVAS.match(relative.name)
    if match:
        return match["name"], match["user"], bool(match["late"]), int(match["attachment"]), match["file"]
    if len(relative.parts) > 1:
        return relative.parts[0], "", False, -1, relative.name
    return "", "", False, -1, relative.name


def chapter_by_name(name: str, chapters: dict[str, str]) -> str | None:
    name = name.lower()
    found = max((c for c in chapters if c.lower() in name), key=len, default=None)
    found = found or next((c for c in chapters if re.match(rf"{c[:2]}[-_ ]", name)), None)
    return found or max((c for c in chapters if c[3:].lower() in name), key=len, default=None)


def learner_from_file(own: str, chapter: str | None) -> str:
    """A learner's name from a file at the top of the class folder: the file's name without its chapter."""
    stem = COPY.sub("", Path(own).stem)
    if chapter:
        stem = re.sub(re.escape(chapter), "", stem, flags=re.I)
    return re.sub(r"^[_\-. ]+|[_\-. ]+$", "", stem) or Path(own).stem


def read_notebook(s: Submission, suffix: str, chapters: dict[str, str], forced: str | None) -> None:
    """Parse `s.content` as a notebook and tell its chapter (in place)."""
    try:
        if len(s.content) > MAX_NOTEBOOK:
            raise ValueError(f"larger than {MAX_NOTEBOOK // 2**20} MB")
        text = s.content.decode("utf-8")
        nb = jupytext.reads(text, fmt="py") if suffix == ".py" else nbformat.reads(text, as_version=4)
        if not isinstance(nb.get("cells"), list) or not all(isinstance(c.get("source"), str) for c in nb.cells):
            raise ValueError("no list of cells")
    except Exception as error:  # not text, not JSON, not a notebook...
        what = "Python script" if suffix == ".py" else "notebook"
        s.problem = f"not a readable {what} ({clean(error, 150)})"
        return
    s.notebook = nb
    otter = nb.metadata.get("otter", {})
    declared = otter.get("assignment_name") if isinstance(otter, dict) else None
    titles = [c.source.split("\n", 1)[0].lstrip("# ").strip() for c in nb.cells if c.cell_type == "markdown"][:3]
    by_title = next((name for name, title in chapters.items() if title in titles), None)
    found = declared if declared in chapters else s.chapter or by_title
    if forced:
        if found and found != forced:
            s.choice = f"graded as {forced} (CHAPTER=), although the notebook says {found}"
        found = forced
    s.chapter = found
    if s.chapter is None:
        s.problem = "cannot tell which chapter this notebook answers (no otter metadata, name or title): set CHAPTER="


def hand_ins(path: Path, relative: Path, listed: list[Listed]) -> list[tuple[str, bytes, str]]:
    """(name as the outputs show it, content, suffix) of each notebook in one file; a reason in `listed` if none."""
    suffix = path.suffix.lower()
    name, user, _, _, own = who(relative)
    if suffix in (".ipynb", ".py"):
        if path.stat().st_size > MAX_NOTEBOOK:
            return [(str(relative), b"", suffix)]  # read_notebook names the size
        return [(str(relative), path.read_bytes(), suffix)]
    if suffix != ".zip":
        listed.append(
            Listed(str(relative), clean(name, 100), user, "", f"not graded: not a notebook ({suffix or 'no suffix'})")
        )
        return []
    found = []
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            if len(infos) > MAX_MEMBERS:
                raise ValueError(f"more than {MAX_MEMBERS} entries")
            for info in infos:
                member = safe_name(info)
                if member is None or info.is_dir() or not member.lower().endswith((".ipynb", ".py")):
                    continue
                if info.file_size > MAX_NOTEBOOK:
                    raise ValueError(f"{member} is larger than {MAX_NOTEBOOK // 2**20} MB")
                with z.open(info) as source:
                    content = source.read(MAX_NOTEBOOK + 1)
                found.append((f"{relative}:{member}", content, PurePosixPath(member).suffix.lower()))
    except (zipfile.BadZipFile, ValueError, OSError, RuntimeError) as error:
        listed.append(
            Listed(
                str(relative),
                clean(name, 100),
                user,
                "",
                f"not graded: a zip that cannot be read ({clean(error, 150)})",
            )
        )
        return []
    notebooks = [f for f in found if f[2] == ".ipynb"] or found
    if not notebooks:
        listed.append(Listed(str(relative), clean(name, 100), user, "", "not graded: a zip with no notebook in it"))
    return notebooks


def identify(folder: Path, chapters: dict[str, str], forced: str | None) -> tuple[list[Submission], list[Listed]]:
    """Every hand-in under `folder` as a Submission (read, its chapter told), and the files that are not graded.
    `chapters` maps each chapter's name to its title."""
    submissions: list[Submission] = []
    listed: list[Listed] = []
    for path in files(folder):
        relative = path.relative_to(folder)
        name, user, late, attachment, own = who(relative)
        for shown, content, suffix in hand_ins(path, relative, listed):
            inner = shown.rsplit(":", 1)[-1] if ":" in shown else own
            by_name = chapter_by_name(inner, chapters) or chapter_by_name(own, chapters)
            s = Submission(
                shown, content, path.stat().st_mtime, "", user, late, attachment, copy_number(Path(inner).stem)
            )
            s.chapter = by_name
            read_notebook(s, suffix, chapters, forced)
            s.learner = clean(name or learner_from_file(own, s.chapter), 100)
            submissions.append(s)
    names: dict[str, set[str]] = {}
    for s in submissions:
        names.setdefault(s.learner, set()).add(s.user_id)
    for s in submissions:  # two Canvas learners with the same name stay two learners
        if s.user_id and len(names[s.learner]) > 1:
            s.learner = f"{s.learner} ({s.user_id})"
    return submissions, listed


def choose(found: list[Submission]) -> tuple[list[Submission], list[Listed]]:
    """One notebook per learner and chapter (the latest attempt); the others listed with the reason."""
    groups: dict[tuple[str, str], list[Submission]] = {}
    keep: list[Submission] = []
    for s in found:
        if s.chapter:
            groups.setdefault((s.key, s.chapter), []).append(s)
        else:
            keep.append(s)
    listed: list[Listed] = []
    for group in groups.values():
        rule = order(group)
        chosen = group[-1]
        n = len(group)
        for i, s in enumerate(group):
            s.attempt = f"{i + 1} of {n}"
        if n > 1:
            chosen.choice = "; ".join(filter(None, [chosen.choice, f"chosen among {n} hand-ins: {rule}"]))
        keep.append(chosen)
        for older in group[:-1]:
            reason = f"not graded: {chosen.relative} is a later attempt ({rule})"
            listed.append(Listed(older.relative, older.learner, older.user_id, older.chapter or "", reason))
    return keep, listed


def order(group: list[Submission]) -> str:
    """Sort a learner's hand-ins for one chapter, oldest first (in place); the rule that decided, in words."""
    if all(s.attachment >= 0 for s in group) and len({s.attachment for s in group}) == len(group):
        group.sort(key=lambda s: s.attachment)
        return "the latest by Canvas's attachment id"
    group.sort(key=lambda s: s.mtime)
    gaps = [b.mtime - a.mtime for a, b in zip(group, group[1:])]
    if all(gap >= SAME_TIME for gap in gaps):
        return "the newest by file time"
    group.sort(key=lambda s: (s.copy, s.relative))
    if len({s.copy for s in group}) == len(group):
        return (
            f"their file times are within {SAME_TIME:g} s of each other, so the highest copy number in the name "
            "(-1, (2), Copy3) was taken as the latest: check it"
        )
    return (
        f"their file times are within {SAME_TIME:g} s of each other and their names carry no copy number, so the "
        "last by name was taken: check it"
    )
