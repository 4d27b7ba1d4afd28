"""Files from someone else, and names planted by someone else, touch only what the user asked.

Issue 15, items 2-5 and 9, each as the attack was reproduced, with the installed `sverka` run as
a real process:

* An output (`export -o`, `score --html`, `init -o`) through a symbolic link another user
  planted in a sticky world-writable folder (as /tmp is) is refused, not written through: the
  rule of the kernel's fs.protected_symlinks, applied by sverka whatever the sysctl says (it is
  off in many containers). As root (links owned by another uid, made with lchown) and as an
  unprivileged user (setpriv), where the folder's owner is a third user.
* A FIFO planted under an output's name is refused at once (it hung sverka); `-o /dev/null`
  and `-o /dev/stdout`, named by the user, still work.
* A hard link planted under the lock's name (to the review file itself) is refused, never
  truncated (17 KB of review became 108 bytes of lock).
* The user cache: a symlink under the trie's name no longer gets its target overwritten, a FIFO
  there no longer hangs `check`.
* A received review file's X-Sverka-Source / X-Sverka-MT cannot make `update` read a file
  outside its folder (absolute, ``..``, a link pointing out); `--ru`/`--en` name the texts.
* A second conflict never overwrites the first rescued version (X.mine.po, X.mine-2.po).
* A review file named with 236-255 bytes is saved; one in a folder the user cannot write is
  read by check, export and score, and the review app refuses it in one line.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest

from sverka import reviewfile
from sverka.io.safe import FileStamp, atomic_write
from sverka.session import ReviewSession

SVERKA = Path(sys.executable).parent / "sverka"
NOBODY = 65534  # the unprivileged user the tests run sverka as
OTHER = 65533  # another unprivileged user, the one who plants links
THIRD = 12345  # owns the shared folder in the unprivileged tests
RU = (
    "Победители накажут побеждённых, и ничего не изменится. Мы снова застрянем во времени с "
    "властью, которая создаёт иллюзию реформ.\n\nСергей Дуванов, журналист и правозащитник из "
    "Казахстана, пишет об этом уже много лет.\n"
)
EN = (
    "The winners will punish the vanquished, and nothing will change. We will again be stuck "
    "in time with a power that creates the illusion of reforms.\n\nSergey Duvanov, a "
    "journalist and human rights activist from Kazakhstan, has written about this for many "
    "years.\n"
)
SECRET = "root only: do not overwrite\n"
# These tests run as root (as make test does here): root plants links owned by other users
# with lchown and runs sverka as an unprivileged user with setpriv.


@pytest.fixture
def base() -> Iterator[Path]:
    """A folder every user can reach (pytest's tmp_path is root's only), removed afterwards."""
    path = Path(tempfile.mkdtemp(prefix="sverka-fs-", dir="/tmp"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def make_review(folder: Path, name: str = "en.review.po") -> Path:
    (folder / "ru.txt").write_text(RU)
    (folder / "en.txt").write_text(EN)
    po = folder / name
    atomic_write(po, reviewfile.render(reviewfile.create(folder / "ru.txt", folder / "en.txt", po)))
    return po


def shared(base: Path, owner: int = 0) -> Path:
    """A sticky world-writable folder, like /tmp, owned by ``owner``."""
    folder = base / "shared"
    folder.mkdir()
    os.chown(folder, owner, owner)
    folder.chmod(0o1777)
    return folder


def plant_link(link: Path, target: Path, owner: int) -> None:
    link.symlink_to(target)
    os.lchown(link, owner, owner)  # the link itself


def sverka(
    cwd: Path, *args: str, user: int | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    cmd = [str(SVERKA), *args]
    if user is not None:
        cmd = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *cmd]
    full_env = {k: v for k, v in os.environ.items() if k not in ("SVERKA_CONFIG",)}
    full_env.setdefault("HOME", str(cwd))
    if user is not None:
        full_env["HOME"] = str(cwd)  # root's home is not the unprivileged user's
        full_env["XDG_CACHE_HOME"] = str(cwd / ".cache-of-user")
    full_env.update(env or {})
    return subprocess.run(cmd, cwd=cwd, env=full_env, capture_output=True, text=True, timeout=60)


def one_error_line(out: subprocess.CompletedProcess, *words: str) -> str:
    assert out.returncode == 2, out
    assert "Traceback" not in out.stderr, out.stderr
    lines = out.stderr.splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith("sverka: error: "), lines[0]
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def victim(folder: Path, owner: int = 0) -> Path:
    """A file only its owner may write, which a planted link points at."""
    path = folder / "victim.conf"
    path.write_text(SECRET)
    os.chown(path, owner, owner)
    path.chmod(0o600)
    return path


# -- outputs through another user's link in a shared folder (root) ---------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["export", "{po}", "--format", "tmx", "-o", "{out}"],
        ["score", "{po}", "--all", "--html", "{out}"],
    ],
    ids=["export", "score-html"],
)
def test_root_never_writes_through_another_users_link_in_a_shared_folder(base, command):
    work = base / "work"
    work.mkdir()
    po = make_review(work)
    tmp = shared(base)
    secret = victim(base)
    out = tmp / "out.po"
    plant_link(out, secret, OTHER)
    result = sverka(work, *[a.format(po=po, out=out) for a in command])
    one_error_line(result, str(out), "symbolic link")
    assert secret.read_text() == SECRET
    assert out.is_symlink() and os.lstat(out).st_uid == OTHER
    assert sorted(p.name for p in tmp.iterdir()) == ["out.po"], "no temporary file left"


@pytest.mark.parametrize("command", ["init", "export", "score"])
def test_root_never_creates_the_file_a_dangling_planted_link_points_to(base, command):
    work = base / "work"
    work.mkdir()
    po = make_review(work)
    tmp = shared(base)
    planted = base / "cron.d-entry"
    out = tmp / "out.po"
    plant_link(out, planted, OTHER)
    args = {
        "init": ["init", "ru.txt", "en.txt", "-o", str(out)],
        "export": ["export", str(po), "-o", str(out)],
        "score": ["score", str(po), "--all", "--html", str(out)],
    }[command]
    result = sverka(work, *args)
    one_error_line(result, "symbolic link")
    assert not planted.exists()
    assert sorted(p.name for p in tmp.iterdir()) == ["out.po"]


def test_root_does_not_replace_another_users_file_in_a_shared_folder(base):
    """Replacing it would have handed root's output to the planter, with the planter's owner
    and mode (0666) copied onto it."""
    work = base / "work"
    work.mkdir()
    po = make_review(work)
    tmp = shared(base, owner=THIRD)
    planted = tmp / "out.tmx"
    planted.write_text("planted\n")
    os.chown(planted, OTHER, OTHER)
    planted.chmod(0o666)
    result = sverka(work, "export", str(po), "--format", "tmx", "-o", str(planted))
    one_error_line(result, "another user")
    assert planted.read_text() == "planted\n"
    # a link of one's own, or of the folder's owner, is still followed there
    mine, owners = base / "mine.tmx", base / "owners.tmx"
    plant_link(tmp / "a.tmx", mine, 0)
    plant_link(tmp / "b.tmx", owners, THIRD)
    for link, target in ((tmp / "a.tmx", mine), (tmp / "b.tmx", owners)):
        result = sverka(work, "export", str(po), "--format", "tmx", "-o", str(link))
        assert result.returncode == 0, result.stderr
        assert "<tmx" in target.read_text() and link.is_symlink()


# -- the same as an unprivileged user ---------------------------------------------------------


def test_an_unprivileged_user_never_writes_through_a_link_planted_by_another(base):
    """nobody's own file is the victim; the link belongs to a third user (neither nobody nor
    the folder's owner), as in /tmp on a machine with several users."""
    work = base / "work"
    work.mkdir()
    po = make_review(work)
    os.chown(work, NOBODY, NOBODY)
    tmp = shared(base, owner=THIRD)
    secret = victim(base, owner=NOBODY)
    out = tmp / "out.tmx"
    plant_link(out, secret, OTHER)
    result = sverka(work, "export", str(po), "--format", "tmx", "-o", str(out), user=NOBODY)
    one_error_line(result, "symbolic link")
    assert secret.read_text() == SECRET
    # its own link there is followed as before
    own = work / "own.tmx"
    own.touch()
    os.chown(own, NOBODY, NOBODY)
    plant_link(tmp / "own.tmx", own, NOBODY)
    result = sverka(work, "export", str(po), "--format", "tmx", "-o", str(tmp / "own.tmx"),
                    user=NOBODY)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "<tmx" in own.read_text()


# -- pipes and devices ------------------------------------------------------------------------


def test_a_planted_fifo_as_the_output_is_refused_at_once_and_dev_null_still_works(base):
    po = make_review(base)
    fifo = base / "out.tmx"
    os.mkfifo(fifo)
    result = sverka(base, "export", str(po), "--format", "tmx", "-o", str(fifo))
    one_error_line(result, "named pipe")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    # devices the user names as such are written into, never replaced
    null = os.stat("/dev/null")
    result = sverka(base, "export", str(po), "-o", "/dev/null")
    assert result.returncode == 0, result.stderr
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == null.st_rdev
    result = sverka(base, "export", str(po), "-o", "/dev/stdout")
    assert result.returncode == 0, result.stderr
    assert "The winners will punish the vanquished" in result.stdout


# -- the lock ---------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [["update"], ["ignore", "p001.s01", "length"]])
def test_a_hard_link_under_the_locks_name_is_refused_not_truncated(base, command):
    po = make_review(base)
    before = po.read_bytes()
    os.link(po, base / f".{po.name}.lock")
    result = sverka(base, command[0], str(po), *command[1:])
    one_error_line(result, "hard link")
    assert po.read_bytes() == before, "the review file was truncated through the lock"
    assert (base / f".{po.name}.lock").samefile(po), "the planted name is left as it is"


# -- the user cache ---------------------------------------------------------------------------


def cache_file(cache: Path) -> Path:
    import simplemma

    return cache / "sverka" / f"simplemma-{simplemma.__version__}-en.trie"


def test_a_link_in_the_cache_does_not_get_its_target_overwritten(base):
    po = make_review(base)
    cache = base / "cache"
    trie = cache_file(cache)
    trie.parent.mkdir(parents=True)
    secret = victim(base)
    trie.symlink_to(secret)
    result = sverka(base, "check", str(po), env={"XDG_CACHE_HOME": str(cache)})
    assert result.returncode in (0, 1), result.stderr
    assert secret.read_text() == SECRET
    assert trie.is_file() and not trie.is_symlink(), "the cache is made anew in its own name"


def test_a_fifo_in_the_cache_does_not_hang_check(base):
    po = make_review(base)
    cache = base / "cache"
    trie = cache_file(cache)
    trie.parent.mkdir(parents=True)
    os.mkfifo(trie)
    try:
        result = sverka(base, "check", str(po), env={"XDG_CACHE_HOME": str(cache)})
    except subprocess.TimeoutExpired:
        pytest.fail("sverka check hung on a FIFO in its cache")
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr


# -- update reads only texts in the review file's folder --------------------------------------


def point_header(po: Path, source: str) -> None:
    doc = polib.pofile(str(po))
    doc.metadata["X-Sverka-Source"] = f"{source} sha256:{'0' * 64}"
    doc.save(str(po))


@pytest.mark.parametrize("how", ["absolute", "dotdot", "link-out"])
def test_update_does_not_read_a_text_outside_the_review_files_folder(base, how):
    work = base / "received"
    work.mkdir()
    po = make_review(work)
    private = base / "private-ru.txt"
    private.write_text(RU.replace("Победители", "Секретные победители"))
    if how == "absolute":
        point_header(po, str(private))
    elif how == "dotdot":
        point_header(po, "../private-ru.txt")
    else:
        (work / "notes.txt").symlink_to(private)
        point_header(po, "notes.txt")
    before = po.read_bytes()
    result = sverka(work, "update", str(po))
    one_error_line(result, "outside", "--ru")
    assert po.read_bytes() == before
    assert "Секретные" not in po.read_text()
    # given on the command line, by the user, the text is read
    result = sverka(work, "update", str(po), "--ru", str(private), "--en", str(work / "en.txt"))
    assert result.returncode == 0, result.stderr
    assert "Секретные" in po.read_text()
    # a text below the review file's folder is read as before
    (work / "texts").mkdir()
    (work / "texts" / "ru.txt").write_text(RU.replace("Победители", "Новые победители"))
    point_header(po, "texts/./../texts/ru.txt")
    result = sverka(work, "update", str(po))
    assert result.returncode == 0, result.stderr
    assert "Новые победители" in po.read_text()


def test_opening_a_review_that_names_an_outside_text_warns_and_reads_nothing(base, monkeypatch):
    po = make_review(base)
    point_header(po, "/etc/shadow")
    opened_paths: list[str] = []
    real = reviewfile.sha256_of

    def spy(path):
        opened_paths.append(str(path))
        return real(path)

    monkeypatch.setattr(reviewfile, "sha256_of", spy)
    opened = reviewfile.open_review(po)
    assert any("outside" in w for w in opened.warnings), opened.warnings
    assert "/etc/shadow" not in opened_paths


# -- a second conflict ------------------------------------------------------------------------


def another_program_changes(po: Path) -> None:
    data = po.read_bytes()
    po.write_bytes(data.replace(b'"Last-Translator: ', b'"Last-Translator: x', 1))


def conflict(po: Path, typed: str) -> Path | None:
    """A session edits the first bead, another program changes the file, the session saves:
    where the reviewer's version went."""
    session = ReviewSession.open(po)
    try:
        session.doc.edit(0, typed)
        another_program_changes(po)
        outcome = session.save()
        assert not outcome.written and outcome.error is not None
        return outcome.kept_at
    finally:
        session.close()


def test_a_second_conflict_never_overwrites_the_first_rescued_version(base):
    po = make_review(base)
    first = conflict(po, "The first rescued correction.")
    second = conflict(po, "The second rescued correction.")
    assert first == base / "en.review.mine.po"
    assert second == base / "en.review.mine-2.po"
    assert "The first rescued correction." in first.read_text()
    assert "The second rescued correction." in second.read_text()
    third = conflict(po, "The third.")
    assert third == base / "en.review.mine-3.po"
    assert "The first rescued correction." in first.read_text()


def test_one_session_keeps_rewriting_its_own_rescue_until_someone_else_touches_it(base):
    po = make_review(base)
    session = ReviewSession.open(po)
    try:
        session.doc.edit(0, "First words.")
        another_program_changes(po)
        first = session.save().kept_at
        session.doc.edit(1, "More words.")
        assert session.save().kept_at == first  # the fuller version replaces its own earlier
        assert "More words." in first.read_text()
        first.write_text(first.read_text() + "\n# the reviewer merged this by hand\n")
        session.doc.edit(1, "Yet more words.")
        again = session.save().kept_at
        assert again == base / "en.review.mine-2.po"
        assert "merged this by hand" in first.read_text()
    finally:
        session.close()


def test_a_planted_link_under_the_rescue_name_is_not_followed(base):
    po = make_review(base)
    secret = victim(base)
    (base / "en.review.mine.po").symlink_to(secret)
    kept = conflict(po, "Rescued.")
    assert kept == base / "en.review.mine-2.po"
    assert secret.read_text() == SECRET


# -- long names and read-only folders ---------------------------------------------------------


@pytest.mark.parametrize("length", [236, 250, 255])
def test_a_review_file_with_a_long_name_is_saved(base, length):
    name = "р" * ((length - 3) // 2) + "x" * ((length - 3) % 2) + ".po"  # 2 bytes a letter
    assert len(os.fsencode(name)) == length
    (base / "ru.txt").write_text(RU)
    (base / "en.txt").write_text(EN)
    result = sverka(base, "init", "ru.txt", "en.txt", "-o", name)
    assert result.returncode == 0, result.stderr
    (base / "en.txt").write_text(EN.replace("winners", "victors"))
    for args in (["update", name], ["ignore", name, "p001.s01", "length"]):
        result = sverka(base, *args)
        assert "too long" not in result.stderr, result.stderr
        assert result.returncode in (0, 2), result.stderr
    assert "victors" in (base / name).read_text()
    left = [p.name for p in base.iterdir() if p.name.startswith(".")]
    assert left == [], left
    conflict(base / name, "Rescued.")
    assert any(p.name.endswith(".mine.po") for p in base.iterdir())


def test_a_review_in_a_folder_one_cannot_write_is_read_and_the_app_says_why_not(base):
    folder = base / "readonly"
    folder.mkdir()
    po = make_review(folder)
    for p in folder.iterdir():
        p.chmod(0o444)
    folder.chmod(0o555)
    home = base / "home"
    home.mkdir()
    os.chown(home, NOBODY, NOBODY)
    for args in (
        ["check", str(po)],
        ["export", str(po), "--format", "tmx"],
        ["score", str(po), "--all"],
    ):
        result = sverka(home, *args, user=NOBODY)
        assert result.returncode in (0, 1), (args, result.stderr)
        assert "Traceback" not in result.stderr
    before = po.read_bytes()
    result = sverka(home, "review", str(po), user=NOBODY)
    one_error_line(result, "sverka check", "copy it")
    assert po.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["en.review.po", "en.txt", "ru.txt"]
    assert FileStamp.of(po).size == len(before)
